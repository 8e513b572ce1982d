package io.mailsov.classify;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One operator from the provider catalogue ({@code conf/providers.yaml}).
 *
 * @param id lower-case slug, stored in {@code domain_results.provider}
 * @param name display name of the mail service
 * @param company the company that runs it
 * @param country ISO 3166-1 alpha-2 code of that company's headquarters
 * @param usJurisdiction whether the company or one that controls it is subject to US law
 * @param kind whether it stores mail, only filters it on to someone else, or runs no mail at all
 * @param note plain-text facts about ownership where control is not obvious, or {@code null}
 * @param patterns what DNS data points at this provider, per signal
 */
public record Provider(
    String id,
    String name,
    String company,
    String country,
    boolean usJurisdiction,
    Kind kind,
    String note,
    Patterns patterns)
    implements Serializable {

  public Provider {
    Objects.requireNonNull(id, "id is null");
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(company, "company is null");
    Objects.requireNonNull(country, "country is null");
    Objects.requireNonNull(kind, "kind is null");
    Objects.requireNonNull(patterns, "patterns is null");
  }

  /** What a provider does with the mail it receives, if it receives any. */
  public enum Kind {
    /** Stores the mailboxes: the operator a verdict is about. */
    MAILBOX,
    /** Filters mail and hands it on to another operator's mailboxes. */
    GATEWAY,
    /**
     * Runs DNS, web or cloud infrastructure but no mail service of its own: it only names a
     * domain's DNS or web provider and is never a mail verdict by itself. The catalogue allows it
     * name-server and AS-number patterns only.
     */
    HOSTING
  }

  /**
   * Per-signal patterns; see the header of {@code conf/providers.yaml} for how each is matched.
   *
   * @param mx suffixes of MX host names and of the ends of their CNAME chains
   * @param spf suffixes of SPF include/redirect domains
   * @param dkim suffixes of DKIM selector CNAME targets
   * @param autodiscover suffixes of autodiscover CNAME or SRV targets
   * @param verification prefixes of apex TXT verification tokens
   * @param ns suffixes of authoritative name-server host names
   * @param asn origin AS numbers of MX host addresses
   */
  public record Patterns(
      List<String> mx,
      List<String> spf,
      List<String> dkim,
      List<String> autodiscover,
      List<String> verification,
      List<String> ns,
      List<Long> asn)
      implements Serializable {

    public Patterns {
      mx = List.copyOf(mx);
      spf = List.copyOf(spf);
      dkim = List.copyOf(dkim);
      autodiscover = List.copyOf(autodiscover);
      verification = List.copyOf(verification);
      ns = List.copyOf(ns);
      asn = List.copyOf(asn);
    }
  }
}
