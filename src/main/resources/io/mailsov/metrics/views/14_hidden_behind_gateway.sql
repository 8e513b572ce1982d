-- Domains whose MX points at a filtering gateway, with the operator found behind it (equal to
-- the gateway when no other signal names one).
CREATE OR REPLACE TEMP VIEW hidden_behind_gateway AS
SELECT domain, organization, sector, gateway, provider, provider_name, category,
       us_jurisdiction, confidence
FROM scan_results
WHERE gateway IS NOT NULL
