package io.mailsov.probe;

import io.mailsov.dns.DnsAnswer;
import java.time.Instant;
import java.util.Objects;

/**
 * One question a domain's probe asked, with the answer it got: the raw material a classification is
 * made from, kept so that a scan can be classified again without asking anything.
 *
 * @param seq the question's place in the order the probe asked them, from 0
 * @param answer what came back (or why nothing usable did)
 * @param answeredAt when the answer reached the probe
 */
public record DnsObservation(int seq, DnsAnswer answer, Instant answeredAt) {
  public DnsObservation {
    Objects.requireNonNull(answer, "answer is null");
    Objects.requireNonNull(answeredAt, "answeredAt is null");
  }

  /** Whether no packet was sent for it: the executor's cache, or a query another domain sent. */
  public boolean fromCache() {
    return answer.attempts() == 0 && answer.outcome() == DnsAnswer.Outcome.REPLY;
  }
}
