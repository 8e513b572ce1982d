package io.mailsov.scan;

import io.mailsov.dns.ResolverSettings;
import java.io.Serializable;
import java.util.Objects;

/**
 * What an executor needs to probe and classify domains, shipped from the driver inside the
 * partition function. Everything heavy (sockets, caches, the ASN table) is built from it on the
 * executor, once per JVM.
 *
 * @param resolver how to reach the DNS
 * @param country the scan's country (ISO 3166 alpha-2): providers controlled from it count as
 *     {@code national}
 * @param catalogueYaml the provider catalogue's text, so executors need no shared file system
 * @param catalogueSource where the catalogue was read from, for messages
 * @param asnDatabase a path readable by the executors (or a name given to {@code
 *     SparkContext.addFile}), or {@code null} for no AS annotation
 * @param domainWindow domains in flight per task
 * @param allSignals whether to probe every signal ({@code --signals all}) or MX only; the DKIM
 *     selectors to ask come from the catalogue
 */
public record ProbeSettings(
    ResolverSettings resolver,
    String country,
    String catalogueYaml,
    String catalogueSource,
    String asnDatabase,
    int domainWindow,
    boolean allSignals)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public ProbeSettings {
    Objects.requireNonNull(resolver, "resolver is null");
    Objects.requireNonNull(country, "country is null");
    Objects.requireNonNull(catalogueYaml, "catalogueYaml is null");
    Objects.requireNonNull(catalogueSource, "catalogueSource is null");
    if (domainWindow < 1) {
      throw new IllegalArgumentException("domainWindow must be >= 1, was " + domainWindow);
    }
  }
}
