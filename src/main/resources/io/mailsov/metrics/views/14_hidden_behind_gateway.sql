-- Domains whose MX points at a filtering gateway, with the operator found behind it (equal to
-- the gateway when no other signal names one: then looked_through is false) and where the
-- gateway's company sits, from the provider catalogue registered as `providers`. Microsoft
-- behind a Dutch gateway: WHERE provider = 'microsoft' AND gateway_country = 'NL'.
CREATE OR REPLACE TEMP VIEW hidden_behind_gateway AS
SELECT r.domain, r.organization, r.sector, r.gateway,
       g.provider_name AS gateway_name, g.country AS gateway_country,
       g.us_jurisdiction AS gateway_us_jurisdiction,
       r.provider, r.provider_name, r.category, r.us_jurisdiction, r.confidence,
       r.provider IS DISTINCT FROM r.gateway AS looked_through
FROM scan_results r
LEFT JOIN providers g ON r.gateway = g.provider
WHERE r.gateway IS NOT NULL
