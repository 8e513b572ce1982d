package io.mailsov.scan;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Maps an iterator through an asynchronous function with at most {@code window} calls outstanding,
 * yielding results as they complete (not in input order). Memory stays bounded by the window
 * whatever the partition's size, and one slow domain does not hold up the others.
 *
 * <p>Every future produced by {@code start} must complete; a future that fails is turned into an
 * output by {@code onFailure}, so no input is ever lost.
 */
final class WindowedIterator<I, O> implements Iterator<O> {
  private final Iterator<I> input;
  private final Function<I, CompletableFuture<O>> start;
  private final java.util.function.BiFunction<I, Throwable, O> onFailure;
  private final int window;
  private final BlockingQueue<O> completed;
  private int outstanding;

  WindowedIterator(
      Iterator<I> input,
      int window,
      Function<I, CompletableFuture<O>> start,
      java.util.function.BiFunction<I, Throwable, O> onFailure) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
    this.input = input;
    this.window = window;
    this.start = start;
    this.onFailure = onFailure;
    this.completed = new LinkedBlockingQueue<>();
  }

  @Override
  public boolean hasNext() {
    fill();
    return outstanding > 0;
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    try {
      O next = completed.take();
      outstanding--;
      return next;
    } catch (InterruptedException e) {
      // Spark interrupts a task's thread to kill it; let the task die as Spark expects.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for DNS answers", e);
    }
  }

  private void fill() {
    while (outstanding < window && input.hasNext()) {
      I item = input.next();
      outstanding++;
      CompletableFuture<O> future;
      try {
        future = start.apply(item);
      } catch (RuntimeException e) {
        future = CompletableFuture.failedFuture(e);
      }
      future.whenComplete(
          (out, error) -> completed.add(error == null ? out : onFailure.apply(item, error)));
    }
  }
}
