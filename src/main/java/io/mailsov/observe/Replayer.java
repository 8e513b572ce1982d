package io.mailsov.observe;

import io.mailsov.asn.AsnDatabase;
import io.mailsov.classify.Catalogue;
import io.mailsov.classify.Classifier;
import io.mailsov.classify.Verdict;
import io.mailsov.probe.DnsObservation;
import io.mailsov.probe.HostAddress;
import io.mailsov.probe.MailObservation;
import io.mailsov.probe.MailProbe;
import io.mailsov.probe.ProbePlan;
import java.util.List;

/**
 * Classifies a domain from the answers its scan recorded: the scan's own probe logic runs over a
 * {@link ReplayLookup} instead of the network, and the result goes through the same {@link
 * Classifier}. Used by {@code reclassify} on the executors and by {@code explain} on the driver.
 */
public final class Replayer {
  private final Classifier classifier;
  private final AsnDatabase asn;
  private final ProbePlan plan;

  /**
   * @param catalogue the rules to classify with
   * @param country the scan's country
   * @param asn AS data for addresses ({@link AsnDatabase#empty()} for none)
   * @param plan the questions the scan asked per domain
   */
  public Replayer(Catalogue catalogue, String country, AsnDatabase asn, ProbePlan plan) {
    this.classifier = new Classifier(catalogue, country);
    this.asn = asn;
    this.plan = plan;
  }

  /** What the probe makes of the answers, and the verdict on it. */
  public record Replayed(MailObservation observation, Verdict verdict) {}

  public Replayed replay(String domain, List<DnsObservation> observations) {
    MailProbe probe = new MailProbe(new ReplayLookup(observations), this::annotate, plan);
    // Every answer is already there, so the probe has completed when join is called.
    MailObservation obs = probe.probe(domain).join().observation();
    return new Replayed(obs, classifier.classify(obs));
  }

  private HostAddress annotate(String ip) {
    return annotated(asn, ip);
  }

  /** An address with the AS that announces it, when {@code asn} knows it. */
  public static HostAddress annotated(AsnDatabase asn, String ip) {
    return asn.lookup(ip)
        .map(info -> new HostAddress(ip, info.asn(), info.name(), info.country()))
        .orElseGet(() -> HostAddress.unannotated(ip));
  }
}
