package io.mailsov.sample;

import java.util.Objects;

/**
 * A row of the sample CSV that spells an earlier domain differently ({@code HTTPS://www.X.nl/},
 * {@code X.NL.}); normalisation must fold it onto {@code domain} and keep only one result.
 *
 * @param raw the domain cell as written
 * @param domain the sample domain it duplicates
 */
public record SampleDuplicate(String raw, String domain) {
  public SampleDuplicate {
    Objects.requireNonNull(raw, "raw is null");
    Objects.requireNonNull(domain, "domain is null");
  }
}
