package io.mailsov.sample;

import io.mailsov.classify.Category;
import io.mailsov.probe.Status;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a sample domain's mail is set up, with the labels a correct scan must give it.
 *
 * <p>The default shares follow the broadcaster's published figures for Dutch institutions (roughly:
 * Microsoft 60%, Google 9%, Dutch hosters 14%); the failure kinds are small but always present so
 * every status of the table contract turns up in a scan of the sample.
 */
public enum SampleKind {
  /** Microsoft 365, MX {@code <tenant>.mail.protection.outlook.com}. */
  MICROSOFT_OUTLOOK(0.53, Status.OK, Category.MICROSOFT, "microsoft"),
  /**
   * Microsoft 365 on the newer {@code <tenant>.<letter>-v1.mx.microsoft} inbound names, which
   * Microsoft introduced for DNSSEC and DANE; about a tenth of the tenants.
   */
  MICROSOFT_MX(0.06, Status.OK, Category.MICROSOFT, "microsoft"),
  GOOGLE(0.09, Status.OK, Category.GOOGLE, "google"),
  /** Proofpoint's hosted gateway; nothing behind it in the sample, so the verdict is Proofpoint. */
  PROOFPOINT(0.02, Status.OK, Category.OTHER_US, "proofpoint"),
  /**
   * Microsoft 365 behind Proofpoint: the MX names the gateway; the SPF include, DKIM selector and
   * autodiscover name Microsoft. The labels are those of an all-signals scan of a world with every
   * record: a mail-only world, or a scan with {@code --signals mx}, shows only Proofpoint.
   */
  PROOFPOINT_MICROSOFT(0.01, Status.OK, Category.MICROSOFT, "microsoft"),
  AMAZON(0.01, Status.OK, Category.OTHER_US, "amazon"),
  TRANSIP(0.06, Status.OK, Category.NATIONAL, "transip"),
  HOSTNET(0.05, Status.OK, Category.NATIONAL, "hostnet"),
  KPN(0.03, Status.OK, Category.NATIONAL, "kpn"),
  OVH(0.015, Status.OK, Category.EU, "ovh"),
  IONOS(0.015, Status.OK, Category.EU, "ionos"),
  /** Swiss: outside the EU, so {@code other_foreign} for a scan with country NL. */
  INFOMANIAK(0.01, Status.OK, Category.OTHER_FOREIGN, "infomaniak"),
  SELF_HOSTED(0.06, Status.OK, Category.SELF_HOSTED, "self"),
  /** MX at a hoster no catalogue knows. */
  UNKNOWN_HOSTER(0.01, Status.OK, Category.UNKNOWN, null),
  /** {@code MX 0 .} (RFC 7505). */
  NULL_MX(0.01, Status.NULL_MX, Category.NONE, null),
  /** Only an apex A record: the name exists, its MX RRset does not. */
  NO_MX(0.01, Status.NO_MX, Category.NONE, null),
  NXDOMAIN(0.005, Status.NXDOMAIN, Category.NONE, null),
  /** Under a zone the server declares but cannot load, so it answers SERVFAIL. */
  SERVFAIL(0.003, Status.SERVFAIL, Category.UNKNOWN, null),
  /** Under a top-level domain the server does not serve, so it answers REFUSED. */
  REFUSED(0.002, Status.REFUSED, Category.UNKNOWN, null);

  private final double defaultShare;
  private final Status status;
  private final Category category;
  private final String provider;

  SampleKind(double defaultShare, Status status, Category category, String provider) {
    this.defaultShare = defaultShare;
    this.status = status;
    this.category = category;
    this.provider = provider;
  }

  public Status status() {
    return status;
  }

  public Category category() {
    return category;
  }

  /** The provider id a correct scan reports, {@code self} for self-hosting, or {@code null}. */
  public String provider() {
    return provider;
  }

  public double defaultShare() {
    return defaultShare;
  }

  /** The default shares, summing to 1; a modifiable copy so callers can adjust it. */
  public static Map<SampleKind, Double> defaultShares() {
    Map<SampleKind, Double> shares = new EnumMap<>(SampleKind.class);
    for (SampleKind kind : values()) {
      shares.put(kind, kind.defaultShare);
    }
    return shares;
  }
}
