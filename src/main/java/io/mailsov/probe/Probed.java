package io.mailsov.probe;

import java.util.Objects;

/**
 * A domain's observation with what it cost to make.
 *
 * @param observation what was learned
 * @param counts the DNS work done for this domain
 */
public record Probed(MailObservation observation, QueryCounts counts) {
  public Probed {
    Objects.requireNonNull(observation, "observation is null");
    Objects.requireNonNull(counts, "counts is null");
  }
}
