-- self-funded-backlog.sql - which vendors' backlog is most self-funded.
--
-- Question: of the spend each vendor has been promised (its backlog), how
-- much is the vendor's own money coming back to it, and which vendors
-- rank highest?  One row per vendor of an exposure run, ranked by the
-- self-funded share of its backlog; ties (in the bundled dataset every
-- share is 0, see the caveats) are broken by the direct round-trip share,
-- then the at-risk financing share, then the backlog, then the id.
--
-- Reads: analysis_run, exposure, entity, currency.
--
-- Parameters (sqlite3 shell named parameters; unset means the default):
--   :run    the exposure run to read; default the latest one, the largest
--           analysis_run.id of kind 'exposure'.
--
-- Columns: rank; run; vendor (an entity id, or a group id when the run was
--   consolidated) and its name; backlog_bn; self_funded_bn, the part of the
--   backlog that is the vendor's own money, and self_funded_pct, its share
--   of the backlog; net_backlog_bn (the rest); round_trips_bn and
--   round_trips_pct (money the vendor put into a customer that comes
--   straight back as spend); at_risk_financing_bn and at_risk_financing_pct
--   (its financing into entities from which money can come back to it);
--   currency, the run's.
--
-- Units: *_bn are billions of the run's currency (USD for `circfin run`),
--   rounded to the nearest 0.01 billion (ten million) in integer
--   arithmetic on the exact minor units, halves up (amounts are never
--   negative).  *_pct are percentages of the backlog, computed from the
--   exact amounts (self_funded_pct from the stored REAL share) and rounded
--   to two decimals by SQLite's round(), halves away from zero.
--
-- Run:
--   sqlite3 -header -column out/circfin.sqlite < reports/self-funded-backlog.sql
--   sqlite3 -header -csv out/circfin.sqlite < reports/self-funded-backlog.sql > vendors.csv
--   sqlite3 -header -column -cmd ".parameter set :run 2" out/circfin.sqlite < reports/self-funded-backlog.sql
--   The file sets no output mode: choose one with -column, -csv, -json ...
--   and add -header for column names.
--
-- Caveats:
-- - "Self-funded" is proportional tracing (docs/methods.md, "The vendor
--   figures"): only an entity that pays out more than it receives has money
--   of its own in the graph, so a vendor that is a net receiver has a
--   self-funded share of 0 whatever it invested in its customers.  In the
--   bundled dataset every vendor is a net receiver and every share is 0;
--   the vendor-financing signal is then in the round trips and the at-risk
--   financing, which is why they break the ties.
-- - The figures are those of the run: its statuses, as-of date and
--   consolidation are in analysis_run (`circfin run` analyses the binding
--   flows, paid and committed, with subsidiaries folded into their
--   parents).  Only flows of the run's currency are in it.
-- - A bad :run, or a store with no exposure run, stops with an error
--   (exit status 1) before the query, which then prints nothing.  The file
--   writes only a temporary table (temp.cf_param), never the store, so it
--   works on a store opened with -readonly.

DROP TABLE IF EXISTS temp.cf_param;
CREATE TEMP TABLE cf_param (run INTEGER);
CREATE TEMP TRIGGER cf_param_check BEFORE INSERT ON cf_param
BEGIN
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM analysis_run
                                WHERE id = NEW.run AND kind = 'exposure')
    THEN raise(ABORT, 'self-funded-backlog.sql: no such exposure run (run circfin exposure or circfin run first, or set :run to the id of an exposure run)')
  END;
END;
INSERT INTO cf_param (run)
VALUES (coalesce(:run, (SELECT max(id) FROM analysis_run WHERE kind = 'exposure')));

WITH run AS (
  -- u: minor units in 0.01 billion of the run's currency.
  SELECT r.id, r.currency, c.scale * 10000000 AS u
    FROM cf_param p
    JOIN analysis_run r ON r.id = p.run
    JOIN currency c ON c.code = r.currency
)
SELECT row_number() OVER (ORDER BY x.self_funded_share DESC,
         x.round_trips_minor * 1.0 / x.backlog_minor DESC,
         x.at_risk_financing_minor * 1.0 / x.backlog_minor DESC,
         x.backlog_minor DESC, x.entity_id) AS rank,
       run.id AS run,
       x.entity_id AS vendor,
       e.name,
       (x.backlog_minor + run.u / 2) / run.u / 100.0 AS backlog_bn,
       (x.self_funded_backlog_minor + run.u / 2) / run.u / 100.0 AS self_funded_bn,
       round(100 * x.self_funded_share, 2) AS self_funded_pct,
       (x.net_backlog_minor + run.u / 2) / run.u / 100.0 AS net_backlog_bn,
       (x.round_trips_minor + run.u / 2) / run.u / 100.0 AS round_trips_bn,
       round(100.0 * x.round_trips_minor / nullif(x.backlog_minor, 0), 2)
         AS round_trips_pct,
       (x.at_risk_financing_minor + run.u / 2) / run.u / 100.0
         AS at_risk_financing_bn,
       round(100.0 * x.at_risk_financing_minor / nullif(x.backlog_minor, 0), 2)
         AS at_risk_financing_pct,
       run.currency
  FROM run
  JOIN exposure x ON x.run_id = run.id
  LEFT JOIN entity e ON e.id = x.entity_id
 ORDER BY rank;

DROP TABLE temp.cf_param;
