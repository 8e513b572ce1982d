package io.mailsov.probe;

import java.util.List;
import java.util.Objects;

/**
 * A domain's observation with what it cost to make and the answers it was made from.
 *
 * @param observation what was learned
 * @param counts the DNS work done for this domain
 * @param questions every question asked for the domain, once each, in the order asked
 */
public record Probed(
    MailObservation observation, QueryCounts counts, List<DnsObservation> questions) {
  public Probed {
    Objects.requireNonNull(observation, "observation is null");
    Objects.requireNonNull(counts, "counts is null");
    questions = List.copyOf(questions);
  }

  /** A domain for which no question was asked. */
  public Probed(MailObservation observation, QueryCounts counts) {
    this(observation, counts, List.of());
  }

  /** When the last answer arrived, or {@code fallback} when nothing was asked. */
  public java.time.Instant lastAnswerAt(java.time.Instant fallback) {
    return questions.stream()
        .map(DnsObservation::answeredAt)
        .max(java.time.Instant::compareTo)
        .orElse(fallback);
  }
}
