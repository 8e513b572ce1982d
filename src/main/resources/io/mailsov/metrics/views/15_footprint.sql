-- Per organisation and domain of the scan: who runs its mail, its DNS (the provider of most of
-- its name servers) and its web site (the provider whose network announces the apex, else www,
-- address), and whether any of them is under US jurisdiction. Rows without an organisation
-- name are keyed by the domain.
--
-- Mail jurisdiction is the verdict's own. DNS and web jurisdiction come from the provider
-- catalogue registered as `providers`: the catalogue of this installation, which can be newer
-- than the one the scan ran with. 'self' (name servers under the domain's own name) is not US.
-- NULL means not known: mail whose operator is unknown, no DNS or web provider identified (a
-- web provider needs scan --asn-db), or an id the catalogue no longer lists. any_us follows
-- SQL's three-valued OR: true when one operator is US, false only when all three are known and
-- none is, else NULL.
CREATE OR REPLACE TEMP VIEW footprint AS
WITH f AS (
  SELECT coalesce(nullif(trim(r.organization), ''), r.domain) AS organization,
         r.domain,
         coalesce(nullif(trim(r.sector), ''), '(none)') AS sector,
         r.provider AS mail_provider,
         r.jurisdiction AS mail_jurisdiction,
         CASE WHEN r.category = 'unknown' THEN NULL ELSE r.us_jurisdiction END AS mail_us,
         r.dns_provider,
         d.country AS dns_jurisdiction,
         CASE WHEN r.dns_provider = 'self' THEN false ELSE d.us_jurisdiction END AS dns_us,
         r.web_provider,
         w.country AS web_jurisdiction,
         CASE WHEN r.web_provider = 'self' THEN false ELSE w.us_jurisdiction END AS web_us
  FROM scan_results r
  LEFT JOIN providers d ON r.dns_provider = d.provider
  LEFT JOIN providers w ON r.web_provider = w.provider
)
SELECT organization, domain, sector,
       mail_provider, mail_jurisdiction, mail_us,
       dns_provider, dns_jurisdiction, dns_us,
       web_provider, web_jurisdiction, web_us,
       mail_us OR dns_us OR web_us AS any_us
FROM f
