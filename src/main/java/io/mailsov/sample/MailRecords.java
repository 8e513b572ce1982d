package io.mailsov.sample;

import java.util.List;
import java.util.SplittableRandom;
import org.xbill.DNS.Type;

/**
 * The DNS records behind the sample: the providers' own hosts, written once, and each domain's
 * records, written as the domain is generated.
 *
 * <p>Provider addresses are shaped like the ones the providers use (Microsoft's 52.101/16 and
 * 40.93/16, Google's 142.250/15, OVH's 188.165/16, …) so that an IP-to-ASN table for tests can map
 * them; nothing ever connects to them. Organisations' own hosts use the documentation ranges of RFC
 * 5737, which no ASN table maps.
 */
final class MailRecords {
  static final int TTL = 3600;

  /** Name server every sample zone names; {@code net.} resolves it to the loopback address. */
  static final String NAME_SERVER = "ns1.mailsov-sample.net";

  /** SOA RDATA; the last field is the negative-caching TTL of RFC 2308 section 4. */
  static final String SOA_RDATA =
      NAME_SERVER + ". hostmaster.mailsov-sample.net. 2026120301 3600 900 604800 300";

  /** Addresses every tenant's {@code mail.protection.outlook.com} name points at, two each. */
  private static final List<String> OUTLOOK_ADDRESSES =
      List.of("52.101.68.12", "52.101.73.4", "52.101.8.44", "40.93.212.0", "40.93.213.8");

  private static final List<String> MX_MICROSOFT_ADDRESSES =
      List.of("52.101.41.22", "52.101.42.6", "52.101.194.14");

  private static final List<String> MX_MICROSOFT_V6 =
      List.of("2a01:111:f403:c201::1", "2a01:111:f403:c202::5");

  private static final String SPF_MICROSOFT = "include:spf.protection.outlook.com";

  private MailRecords() {}

  /** Writes SOA and NS at the apex of a zone (RFC 1035 section 5.2 requires exactly one SOA). */
  static void apex(String origin, RecordSink sink) {
    sink.add(origin, Type.SOA, SOA_RDATA);
    sink.add(origin, Type.NS, NAME_SERVER + ".");
  }

  /** Writes the records the providers publish themselves, shared by all their customers. */
  static void providers(RecordDetail detail, RecordSink sink) {
    sink.add(NAME_SERVER, Type.A, "127.0.0.1");

    // Google: one set of exchanges for every Workspace tenant.
    a(sink, "aspmx.l.google.com", "142.250.27.26");
    sink.add("aspmx.l.google.com", Type.AAAA, "2a00:1450:400c:c0b::1a");
    a(sink, "alt1.aspmx.l.google.com", "142.250.153.27");
    a(sink, "alt2.aspmx.l.google.com", "142.251.9.26");
    a(sink, "alt3.aspmx.l.google.com", "64.233.184.27");
    a(sink, "alt4.aspmx.l.google.com", "173.194.77.26");

    a(sink, "inbound-smtp.eu-west-1.amazonaws.com", "54.240.4.12");
    a(sink, "inbound-smtp.eu-west-1.amazonaws.com", "54.240.5.17");
    a(sink, "mx.transip.email", "149.210.149.73");
    sink.add("mx.transip.email", Type.AAAA, "2a01:7c8:7c8::25");
    a(sink, "mx1.hostnet.nl", "185.182.57.18");
    a(sink, "mx2.hostnet.nl", "185.182.57.19");
    a(sink, "mx.kpnmail.nl", "195.121.65.10");
    a(sink, "mx1.mail.ovh.net", "188.165.36.237");
    a(sink, "mx2.mail.ovh.net", "188.165.51.139");
    a(sink, "mx3.mail.ovh.net", "188.165.47.122");
    a(sink, "mx00.ionos.de", "212.227.15.41");
    a(sink, "mx01.ionos.de", "212.227.17.5");
    a(sink, "mta-gw.infomaniak.ch", "83.166.143.44");

    if (detail == RecordDetail.ALL) {
      spfTargets(sink);
    }
  }

  /** The TXT records that customers' SPF {@code include:} terms point at (RFC 7208 section 5.2). */
  private static void spfTargets(RecordSink sink) {
    txt(
        sink,
        "spf.protection.outlook.com",
        "v=spf1 ip4:40.92.0.0/15 ip4:40.107.0.0/16 ip4:52.100.0.0/15 ip4:52.102.0.0/16"
            + " ip4:104.47.0.0/17 ip6:2a01:111:f400::/48 ip6:2a01:111:f403::/49 -all");
    a(sink, "autodiscover.outlook.com", "52.98.151.66");
    txt(sink, "_spf.google.com", "v=spf1 include:_netblocks.google.com ~all");
    txt(
        sink,
        "_netblocks.google.com",
        "v=spf1 ip4:64.233.160.0/19 ip4:74.125.0.0/16 ip4:142.250.0.0/15 ip4:173.194.0.0/16"
            + " ip4:209.85.128.0/17 ~all");
    txt(sink, "amazonses.com", "v=spf1 ip4:54.240.0.0/18 ip4:69.169.224.0/20 -all");
    txt(sink, "_spf.transip.email", "v=spf1 ip4:149.210.0.0/16 ip6:2a01:7c8::/32 ~all");
    txt(sink, "spf.hostnet.nl", "v=spf1 ip4:185.182.56.0/21 ~all");
    txt(sink, "spf.kpnmail.nl", "v=spf1 ip4:195.121.64.0/20 ~all");
    txt(sink, "mx.ovh.com", "v=spf1 ip4:188.165.0.0/16 ip4:178.32.0.0/15 ~all");
    txt(sink, "_spf-eu.ionos.com", "v=spf1 ip4:212.227.0.0/16 ip4:217.72.192.0/20 ~all");
    txt(sink, "spf.infomaniak.ch", "v=spf1 ip4:83.166.128.0/17 -all");
  }

  /**
   * Writes one domain's records.
   *
   * @param ordinal how many domains of the same kind came before this one; keeps per-tenant
   *     provider names (Proofpoint accounts, unknown hosters) unique
   * @param rng the domain's own generator, positioned after its name was drawn
   */
  static void domain(
      SampleKind kind,
      String domain,
      int ordinal,
      SplittableRandom rng,
      RecordDetail detail,
      RecordSink sink) {
    String tenant = label(domain.replace('.', '-'));
    String spf;
    switch (kind) {
      case MICROSOFT_OUTLOOK:
        String eop = tenant + ".mail.protection.outlook.com";
        mx(sink, domain, 0, eop);
        twoOf(sink, eop, OUTLOOK_ADDRESSES, rng);
        spf = SPF_MICROSOFT + " -all";
        break;
      case MICROSOFT_MX:
        String dane = tenant + "." + (char) ('a' + rng.nextInt(26)) + "-v1.mx.microsoft";
        mx(sink, domain, 0, dane);
        twoOf(sink, dane, MX_MICROSOFT_ADDRESSES, rng);
        sink.add(dane, Type.AAAA, MX_MICROSOFT_V6.get(rng.nextInt(MX_MICROSOFT_V6.size())));
        spf = SPF_MICROSOFT + " -all";
        break;
      case GOOGLE:
        mx(sink, domain, 1, "aspmx.l.google.com");
        mx(sink, domain, 5, "alt1.aspmx.l.google.com");
        mx(sink, domain, 5, "alt2.aspmx.l.google.com");
        mx(sink, domain, 10, "alt3.aspmx.l.google.com");
        mx(sink, domain, 10, "alt4.aspmx.l.google.com");
        spf = "include:_spf.google.com ~all";
        break;
      case PROOFPOINT:
        spf = proofpoint(domain, ordinal, rng, detail, sink);
        break;
      case PROOFPOINT_MICROSOFT:
        spf = proofpoint(domain, ordinal, rng, detail, sink).replace(" -all", " ") + SPF_MICROSOFT;
        spf += " -all";
        break;
      case AMAZON:
        mx(sink, domain, 10, "inbound-smtp.eu-west-1.amazonaws.com");
        spf = "include:amazonses.com ~all";
        break;
      case TRANSIP:
        mx(sink, domain, 10, "mx.transip.email");
        spf = "include:_spf.transip.email ~all";
        break;
      case HOSTNET:
        mx(sink, domain, 10, "mx1.hostnet.nl");
        mx(sink, domain, 20, "mx2.hostnet.nl");
        spf = "include:spf.hostnet.nl ~all";
        break;
      case KPN:
        mx(sink, domain, 10, "mx.kpnmail.nl");
        spf = "include:spf.kpnmail.nl ~all";
        break;
      case OVH:
        mx(sink, domain, 1, "mx1.mail.ovh.net");
        mx(sink, domain, 5, "mx2.mail.ovh.net");
        mx(sink, domain, 100, "mx3.mail.ovh.net");
        spf = "include:mx.ovh.com ~all";
        break;
      case IONOS:
        mx(sink, domain, 10, "mx00.ionos.de");
        mx(sink, domain, 10, "mx01.ionos.de");
        spf = "include:_spf-eu.ionos.com ~all";
        break;
      case INFOMANIAK:
        mx(sink, domain, 5, "mta-gw.infomaniak.ch");
        spf = "include:spf.infomaniak.ch -all";
        break;
      case SELF_HOSTED:
        selfHosted(domain, rng, sink);
        spf = "mx -all";
        break;
      case UNKNOWN_HOSTER:
        // Four random letters then the ordinal in base 36: random-looking, never repeated.
        String hoster = letters(rng, 4) + Integer.toString(ordinal, 36) + "-mailhosting.com";
        mx(sink, domain, 10, "mx." + hoster);
        a(sink, "mx." + hoster, "203.0.113." + (1 + rng.nextInt(254)));
        spf = "a mx ~all";
        break;
      case NULL_MX:
        // RFC 7505: a single MX with preference 0 and the root as exchange.
        sink.add(domain, Type.MX, "0 .");
        a(sink, domain, webAddress(rng));
        if (detail == RecordDetail.ALL) {
          // Domains that receive no mail usually send none either and say so in SPF.
          txt(sink, domain, "v=spf1 -all");
        }
        return;
      case NO_MX:
        a(sink, domain, webAddress(rng));
        return;
      case NXDOMAIN:
      case SERVFAIL:
      case REFUSED:
        return;
      default:
        throw new IllegalArgumentException("Invalid sample kind: " + kind);
    }
    if (detail == RecordDetail.ALL) {
      extras(kind, domain, tenant, spf, rng, sink);
    }
  }

  /** Per-account gateway names {@code mx0a-00NNNNNN.pphosted.com} and {@code mx0b-…}. */
  private static String proofpoint(
      String domain, int ordinal, SplittableRandom rng, RecordDetail detail, RecordSink sink) {
    // 7919 is prime to 10^6, so the first million accounts get distinct numbers.
    String account = String.format("%06d", (ordinal * 7919L + 104_729L) % 1_000_000L);
    for (String prefix : List.of("mx0a-00", "mx0b-00")) {
      String host = prefix + account + ".pphosted.com";
      mx(sink, domain, 10, host);
      a(sink, host, "148.163." + (128 + rng.nextInt(32)) + "." + (1 + rng.nextInt(254)));
    }
    String include = "spf-00" + account + ".pphosted.com";
    if (detail == RecordDetail.ALL) {
      txt(sink, include, "v=spf1 ip4:148.163.128.0/19 ip4:67.231.144.0/20 -all");
    }
    return "include:" + include + " -all";
  }

  private static void selfHosted(String domain, SplittableRandom rng, RecordSink sink) {
    if (rng.nextInt(10) < 7) {
      mx(sink, domain, 10, "mail." + domain);
      a(sink, "mail." + domain, "198.51.100." + (1 + rng.nextInt(254)));
    } else {
      mx(sink, domain, 10, "mx1." + domain);
      mx(sink, domain, 20, "mx2." + domain);
      a(sink, "mx1." + domain, "198.51.100." + (1 + rng.nextInt(254)));
      a(sink, "mx2." + domain, "203.0.113." + (1 + rng.nextInt(254)));
    }
  }

  /**
   * A DNS label made from a longer name: cut to 63 octets (RFC 1035 section 2.3.4), as Microsoft
   * cuts its tenant host names, without a trailing hyphen.
   */
  static String label(String text) {
    String cut = text.length() <= 63 ? text : text.substring(0, 63);
    while (cut.endsWith("-")) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut;
  }

  /** The non-mail records that later signal work reads: SPF, verification, DKIM, web. */
  private static void extras(
      SampleKind kind,
      String domain,
      String tenant,
      String spf,
      SplittableRandom rng,
      RecordSink sink) {
    txt(sink, domain, "v=spf1 " + spf);
    a(sink, domain, webAddress(rng));
    sink.add("www." + domain, Type.CNAME, domain + ".");
    if (kind == SampleKind.MICROSOFT_OUTLOOK || kind == SampleKind.MICROSOFT_MX) {
      txt(sink, domain, "MS=ms" + (10_000_000 + rng.nextInt(90_000_000)));
      microsoftMailbox(domain, tenant, sink);
    } else if (kind == SampleKind.PROOFPOINT_MICROSOFT) {
      microsoftMailbox(domain, tenant, sink);
    } else if (kind == SampleKind.GOOGLE) {
      txt(sink, domain, "google-site-verification=" + token(rng, 43));
    } else if (kind == SampleKind.SELF_HOSTED) {
      sink.add("autodiscover." + domain, Type.CNAME, "mail." + domain + ".");
    }
    if (rng.nextInt(10) < 6) {
      String policy = List.of("none", "quarantine", "reject").get(rng.nextInt(3));
      txt(sink, "_dmarc." + domain, "v=DMARC1; p=" + policy + "; rua=mailto:dmarc@" + domain);
    }
  }

  /** The DKIM selector and autodiscover alias a Microsoft 365 tenant publishes. */
  private static void microsoftMailbox(String domain, String tenant, RecordSink sink) {
    String initial = label(tenant.replace("-", ""));
    sink.add(
        "selector1._domainkey." + domain,
        Type.CNAME,
        label("selector1-" + tenant) + "._domainkey." + initial + ".onmicrosoft.com.");
    sink.add("autodiscover." + domain, Type.CNAME, "autodiscover.outlook.com.");
  }

  private static void mx(RecordSink sink, String owner, int preference, String exchange) {
    sink.add(owner, Type.MX, preference + " " + exchange + ".");
  }

  private static void a(RecordSink sink, String owner, String address) {
    sink.add(owner, Type.A, address);
  }

  /** TXT strings stay under 255 octets (RFC 1035 section 3.3) and hold no quote or backslash. */
  private static void txt(RecordSink sink, String owner, String text) {
    if (text.length() > 255 || text.indexOf('"') >= 0 || text.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("Invalid TXT string for " + owner + ": " + text);
    }
    sink.add(owner, Type.TXT, '"' + text + '"');
  }

  private static void twoOf(
      RecordSink sink, String owner, List<String> addresses, SplittableRandom rng) {
    int first = rng.nextInt(addresses.size());
    int second = (first + 1 + rng.nextInt(addresses.size() - 1)) % addresses.size();
    a(sink, owner, addresses.get(first));
    a(sink, owner, addresses.get(second));
  }

  private static String webAddress(SplittableRandom rng) {
    return "192.0.2." + (1 + rng.nextInt(254));
  }

  private static String letters(SplittableRandom rng, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) ('a' + rng.nextInt(26));
    }
    return new String(chars);
  }

  private static String token(SplittableRandom rng, int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet.charAt(rng.nextInt(alphabet.length()));
    }
    return new String(chars);
  }
}
