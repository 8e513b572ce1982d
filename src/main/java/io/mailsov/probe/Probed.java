package io.mailsov.probe;

import java.util.Objects;

/**
 * A domain's observation with what it cost to make.
 *
 * @param observation what was learned
 * @param sent packets sent for this domain (first attempts and retries)
 * @param cacheHits shared questions answered by the executor's cache or another domain's query
 * @param retries attempts after the first
 * @param timeouts questions that stayed unanswered after every retry
 */
public record Probed(
    MailObservation observation, long sent, long cacheHits, long retries, long timeouts) {
  public Probed {
    Objects.requireNonNull(observation, "observation is null");
  }
}
