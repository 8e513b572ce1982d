package io.mailsov.input;

/**
 * Input that cannot be read at all (as opposed to single rows, which become rejects): a file
 * without a usable header, for example. The message names the input, the problem and what to do.
 */
public class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
