-- backlog-at-risk.sql - backlog at risk by scenario.
--
-- Question: under each stress scenario, how much of the spend owed to each
-- vendor would go unpaid, and how much of that loss is money the vendor's
-- own group put into its customers?  One row per scenario and vendor of a
-- stress run, scenarios by name, vendors by expected loss, largest first.
--
-- Reads: analysis_run, stress_scenario, stress_vendor, entity, currency.
--
-- Parameters (sqlite3 shell named parameters; unset means the default):
--   :run       the stress run to read; default the latest one, the largest
--              analysis_run.id of kind 'stress'.
--   :scenario  one scenario of that run (SELECT scenario FROM
--              stress_scenario); default every scenario.
--
-- Columns: run; scenario; kind ('deterministic' or 'monte-carlo') and
--   draws; horizon (first and last year); vendor (an entity owed spend in
--   the horizon) and its name; backlog_bn, the expected spend due to it in
--   the horizon; at_risk_bn, the expected part of it not paid, and
--   at_risk_pct, that as a share of the backlog; at_risk_q95_bn, the 95%
--   quantile of the unpaid part (equal to the mean for one draw);
--   own_money_bn, the part of at_risk traced to its own group's money, and
--   own_money_pct, that as a share of at_risk (empty when nothing is at
--   risk); currency, the run's.
--
-- Units: *_bn are billions of the run's currency (USD for `circfin run`),
--   rounded to the nearest 0.01 billion (ten million) in integer
--   arithmetic on the stored minor units, halves up (amounts are never
--   negative).  The stored amounts are themselves means over the draws
--   rounded to the nearest minor unit.  at_risk_pct is computed from the
--   minor units, own_money_pct from the stored REAL share; both are rounded
--   to two decimals by SQLite's round(), halves away from zero.
--
-- Run:
--   sqlite3 -header -column out/circfin.sqlite < reports/backlog-at-risk.sql
--   sqlite3 -header -csv out/circfin.sqlite < reports/backlog-at-risk.sql > at-risk.csv
--   sqlite3 -header -column -cmd ".parameter set :scenario \"'ai-winter'\"" out/circfin.sqlite < reports/backlog-at-risk.sql
--   The shell evaluates a .parameter value as SQL when it can (ai-winter
--   would fail as a subtraction and fall back to text, but an id such as
--   'null' would become NULL): quote it as SQL text inside the shell's own
--   quotes to be safe.  The file sets no output mode: choose one with
--   -column, -csv, -json ... and add -header for column names.
--
-- Caveats:
-- - Every figure is the outcome of the scenarios' assumptions
--   (graphs/scenarios.xml says so of each), not a forecast; the backlog
--   here is the spend falling due in the stress horizon, not the exposure
--   run's backlog (docs/methods.md, "Repayment stress").
-- - The stress graph keeps subsidiaries apart (AWS, not Amazon), since
--   profiles belong to the entities that report them; own money is traced
--   to the vendor's whole group (AWS's loss on Anthropic counts Amazon's
--   investment in Anthropic).
-- - A bad :run or :scenario, or a store with no stress run, stops with an
--   error (exit status 1) before the query, which then prints nothing.
--   The file writes only a temporary table (temp.cf_param), never the
--   store.

DROP TABLE IF EXISTS temp.cf_param;
CREATE TEMP TABLE cf_param (run INTEGER, scenario TEXT);
CREATE TEMP TRIGGER cf_param_check BEFORE INSERT ON cf_param
BEGIN
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM analysis_run
                      WHERE id = NEW.run AND kind = 'stress')
    THEN raise(ABORT, 'backlog-at-risk.sql: no such stress run (run circfin stress or circfin run first, or set :run to the id of a stress run)')
    WHEN NEW.scenario IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM stress_scenario
                      WHERE run_id = NEW.run AND scenario = NEW.scenario)
    THEN raise(ABORT, 'backlog-at-risk.sql: :scenario is not a scenario of the run (SELECT scenario FROM stress_scenario)')
  END;
END;
INSERT INTO cf_param (run, scenario)
VALUES (coalesce(:run, (SELECT max(id) FROM analysis_run WHERE kind = 'stress')),
        :scenario);

WITH run AS (
  -- u: minor units in 0.01 billion of the run's currency.
  SELECT r.id, r.currency, c.scale * 10000000 AS u, p.scenario
    FROM cf_param p
    JOIN analysis_run r ON r.id = p.run
    JOIN currency c ON c.code = r.currency
)
SELECT run.id AS run, s.scenario,
       CASE WHEN s.montecarlo THEN 'monte-carlo' ELSE 'deterministic' END
         AS kind,
       s.draws,
       s.start_year || '-' || (s.start_year + s.years - 1) AS horizon,
       v.vendor_id AS vendor, e.name,
       (v.backlog_minor + run.u / 2) / run.u / 100.0 AS backlog_bn,
       (v.at_risk_minor + run.u / 2) / run.u / 100.0 AS at_risk_bn,
       round(100.0 * v.at_risk_minor / nullif(v.backlog_minor, 0), 2)
         AS at_risk_pct,
       (v.at_risk_q95_minor + run.u / 2) / run.u / 100.0 AS at_risk_q95_bn,
       (v.own_money_minor + run.u / 2) / run.u / 100.0 AS own_money_bn,
       round(100 * v.own_money_share, 2) AS own_money_pct,
       run.currency
  FROM run
  JOIN stress_scenario s ON s.run_id = run.id
  JOIN stress_vendor v ON v.run_id = s.run_id AND v.scenario = s.scenario
  LEFT JOIN entity e ON e.id = v.vendor_id
 WHERE run.scenario IS NULL OR s.scenario = run.scenario
 ORDER BY s.scenario, v.at_risk_minor DESC, v.vendor_id;

DROP TABLE temp.cf_param;
