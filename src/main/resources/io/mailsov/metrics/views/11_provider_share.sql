-- Domains per mail operator across the scan. Gateways are counted under the provider the
-- classifier found behind them when it found one. Domains without an operator are grouped as
-- '(no mail)' (category none) or '(unidentified)' (category unknown). `rank` orders operators by
-- domains; operators with equally many domains share a rank (1, 2, 2, 4).
CREATE OR REPLACE TEMP VIEW provider_share AS
WITH r AS (
  SELECT coalesce(provider, CASE WHEN category = 'none' THEN '(no mail)' ELSE '(unidentified)' END)
           AS provider,
         provider_name, company, jurisdiction, us_jurisdiction, category
  FROM scan_results
),
n AS (SELECT count(*) AS total FROM scan_results)
SELECT rank() OVER (ORDER BY count(*) DESC) AS rank,
       provider,
       first(provider_name, true) AS provider_name,
       first(company, true) AS company,
       first(jurisdiction, true) AS jurisdiction,
       bool_or(us_jurisdiction) AS us_jurisdiction,
       first(category, true) AS category,
       count(*) AS domains,
       round(100.0 * count(*) / max(n.total), 1) AS share_pct
FROM r CROSS JOIN n
GROUP BY provider
