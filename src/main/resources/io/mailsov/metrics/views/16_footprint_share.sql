-- Per sector (and '(all)'), how many domains have their mail, DNS or web operator, or any of
-- the three, under US jurisdiction (see `footprint`); unknown operators count as not US, so
-- every share is a lower bound.
CREATE OR REPLACE TEMP VIEW footprint_share AS
WITH r AS (
  SELECT sector, mail_us, dns_us, web_us, any_us FROM footprint
  UNION ALL
  SELECT '(all)', mail_us, dns_us, web_us, any_us FROM footprint
)
SELECT sector,
       count(*) AS domains,
       count_if(mail_us) AS mail_us,
       count_if(dns_us) AS dns_us,
       count_if(web_us) AS web_us,
       count_if(any_us) AS any_us,
       round(100.0 * count_if(any_us) / count(*), 1) AS any_us_pct
FROM r
GROUP BY sector
