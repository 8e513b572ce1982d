package io.mailsov.probe;

import java.util.List;
import java.util.Objects;

/**
 * What a domain publishes besides its MX records that says who runs its mail, DNS and web site.
 * Probed only in all-signals mode; {@link #NONE} otherwise.
 *
 * @param txt the apex TXT strings (each record's strings joined), at most {@value
 *     MailProbe#MAX_TXT_KEPT}; verification tokens are among them
 * @param spf the SPF record and the domains it delegates to
 * @param dkim DKIM selectors that are CNAMEs, with their targets (RFC 6376 section 3.6.2.1 puts
 *     keys at {@code <selector>._domainkey.<domain>}; hosted providers publish them by alias)
 * @param autodiscover the CNAME target of {@code autodiscover.<domain>} and the targets of {@code
 *     _autodiscover._tcp.<domain>} SRV records (RFC 2782), which mail clients use to find the
 *     mailbox server
 * @param dmarc the DMARC policy record at {@code _dmarc.<domain>} (RFC 7489 section 6.1), or {@code
 *     null}
 * @param ns the authoritative name servers of the domain (its DNS operator)
 * @param web addresses of the apex and of {@code www} (its web operator), with AS data when known
 * @param wwwAliases the CNAME chain of {@code www.<domain>}
 * @param problems one line per question that got no usable answer, so a missing signal is not
 *     mistaken for an absent record
 */
public record Signals(
    List<String> txt,
    SpfExpansion spf,
    List<Dkim> dkim,
    List<String> autodiscover,
    String dmarc,
    List<String> ns,
    List<HostAddress> web,
    List<String> wwwAliases,
    List<String> problems) {

  /** Nothing probed (MX-only mode, or a domain whose MX question failed). */
  public static final Signals NONE =
      new Signals(
          List.of(),
          SpfExpansion.NONE,
          List.of(),
          List.of(),
          null,
          List.of(),
          List.of(),
          List.of(),
          List.of());

  public Signals {
    txt = List.copyOf(txt);
    Objects.requireNonNull(spf, "spf is null");
    dkim = List.copyOf(dkim);
    autodiscover = List.copyOf(autodiscover);
    ns = List.copyOf(ns);
    web = List.copyOf(web);
    wwwAliases = List.copyOf(wwwAliases);
    problems = List.copyOf(problems);
  }

  /**
   * One DKIM selector published as an alias.
   *
   * @param selector the selector label
   * @param target the CNAME target, lower-case, without the trailing dot
   */
  public record Dkim(String selector, String target) {
    public Dkim {
      Objects.requireNonNull(selector, "selector is null");
      Objects.requireNonNull(target, "target is null");
    }
  }
}
