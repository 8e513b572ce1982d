package io.mailsov.sample;

import io.mailsov.classify.Category;
import io.mailsov.probe.Status;
import java.util.Objects;

/**
 * One domain of a {@link SampleWorld} with the labels a correct scan must give it.
 *
 * @param domain the registered domain, lower-case ASCII, without a trailing dot
 * @param organization the organisation's display name
 * @param sector a sector label ({@code municipality}, {@code education}, …)
 * @param expectedStatus a {@code domain_results.status} label
 * @param expectedCategory a {@code domain_results.category} label
 * @param expectedProvider a catalogue provider id, {@code self} for self-hosting, or {@code null}
 *     when no provider can be named
 */
public record SampleDomain(
    String domain,
    String organization,
    String sector,
    String expectedStatus,
    String expectedCategory,
    String expectedProvider) {
  public SampleDomain {
    Objects.requireNonNull(domain, "domain is null");
    Objects.requireNonNull(organization, "organization is null");
    Objects.requireNonNull(sector, "sector is null");
    // Parsing the labels rejects any that the table contract does not know.
    Status.fromLabel(Objects.requireNonNull(expectedStatus, "expectedStatus is null"));
    Category.fromLabel(Objects.requireNonNull(expectedCategory, "expectedCategory is null"));
  }
}
