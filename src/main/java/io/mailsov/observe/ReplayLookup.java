package io.mailsov.observe;

import io.mailsov.dns.DnsAnswer;
import io.mailsov.dns.Lookup;
import io.mailsov.probe.DnsObservation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.xbill.DNS.Name;

/**
 * Answers a domain's questions from what its scan recorded, without sending anything.
 *
 * <p>A probe asks each question at most once per domain, so a recorded answer per name and type is
 * the whole story. A question the scan did not ask (a classification that wants a DKIM selector the
 * scan's catalogue did not list) gets an {@code invalid} outcome saying so, which the probe notes
 * like any other question without a usable answer.
 */
public final class ReplayLookup implements Lookup {
  static final String NOT_OBSERVED = "not asked in the scan";

  private final Map<Key, DnsAnswer> answers = new HashMap<>();

  private record Key(Name name, int type) {}

  public ReplayLookup(List<DnsObservation> observations) {
    for (DnsObservation o : observations) {
      answers.putIfAbsent(new Key(o.answer().name(), o.answer().type()), o.answer());
    }
  }

  @Override
  public CompletableFuture<DnsAnswer> lookup(Name name, int type) {
    DnsAnswer known = answers.get(new Key(name, type));
    if (known == null) {
      known =
          new DnsAnswer(
              name, type, DnsAnswer.Outcome.INVALID, -1, List.of(), NOT_OBSERVED, 0, false, "");
    }
    return CompletableFuture.completedFuture(known);
  }

  @Override
  public CompletableFuture<DnsAnswer> lookupShared(Name name, int type) {
    return lookup(name, type);
  }
}
