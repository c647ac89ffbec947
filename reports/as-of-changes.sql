-- as-of-changes.sql - what changed between two as-of dates.
--
-- Question: looking at the data as of date A and again as of date B, which
-- flows are new, which were replaced, and which contracts began or ran
-- out in between?  One row per change in the window after A up to and
-- including B, in date order.
--
-- Reads: flow, currency.  Not an analysis run: the flows as they stand in
-- the store, seen as circfin's --as-of sees them (docs/methods.md, "Which
-- flows: the filter").
--
-- Parameters (sqlite3 shell named parameters; unset means the default):
--   :from_date  date A: YYYY, YYYY-MM or YYYY-MM-DD, as text.  A partial
--               date means its last day (2025 is 2025-12-31), as --as-of
--               reads it.  Default: one year before date B.
--   :to_date    date B, the same way; not before A.  Default: today (UTC),
--               so the plain form lists the last twelve months.
--   The shell evaluates a .parameter value as SQL when it can, and
--   2025-12-31 is a subtraction (1982): give a date as SQL text inside the
--   shell's own quotes, ".parameter set :from_date \"'2025-12-31'\"" in
--   -cmd.  A date that is not text, or not a real date, is refused.
--
-- What counts as known, and a flow's status as of a date D (the rules of
-- --as-of): a flow is known when it was announced on or before D, dates
-- compared as text, so one announced "2026-02" counts from the first day of
-- that month.  A known flow has its status, except a superseded flow whose
-- replacement was announced after D: then it still had its prior_status
-- (empty when none was recorded).
--
-- The changes (column change):
--   announced     known as of B, not as of A; status_from is empty.
--   superseded    known as of A, and its replacement (superseded_by) was
--                 announced in the window; date is the replacement's.
--   status        any other change of status between A and B (none can
--                 happen in the current data model; listed if one does).
--   term-started  the contract's term (start_date) began in the window: a
--                 partial start counts from its first day, as announced.
--   term-ended    its term (end_date) ran out in the window: a partial end
--                 counts at its last day (a term ending "2026" runs through
--                 2026).
--   Term rows are only for flows known as of B and not superseded by then;
--   they do not change what --as-of includes, only what is running.  A
--   flow can have several rows (announced, then its term started).
--
-- Columns: change, date (when it happened, as the data gives it), flow,
--   from_id, to_id, type, status_from (as of A), status_to (as of B),
--   amount_bn (the headline amount, or the low end of a range without one;
--   empty when the flow has no money figure), quantity (with its unit, for
--   gigawatts, chips, shares), currency, superseded_by.
--
-- Units: amount_bn is billions of the flow's currency, rounded to the
--   nearest 0.01 billion (ten million) in integer arithmetic on the exact
--   minor units, halves up.  Flows of different currencies are listed, not
--   added.
--
-- Run:
--   sqlite3 -header -column out/circfin.sqlite < reports/as-of-changes.sql
--   sqlite3 -header -column -cmd ".parameter set :from_date \"'2025-12-31'\"" -cmd ".parameter set :to_date \"'2026-03'\"" out/circfin.sqlite < reports/as-of-changes.sql
--   sqlite3 -header -csv -cmd ".parameter set :from_date \"'2025'\"" -cmd ".parameter set :to_date \"'2026'\"" out/circfin.sqlite < reports/as-of-changes.sql > changes.csv
--   The file sets no output mode: choose one with -column, -csv, -json ...
--   and add -header for column names.
--
-- Caveats:
-- - The store keeps one version of each flow: a changed amount or date is
--   not history, only supersession is.  "Announced" is when the data says
--   the flow was announced, not when it was added to the store.
-- - A bad date stops with an error (exit status 1) before the query, which
--   then prints nothing.  The file writes only a temporary table
--   (temp.cf_param), never the store.

DROP TABLE IF EXISTS temp.cf_param;
CREATE TEMP TABLE cf_param (from_raw, to_raw, from_date TEXT, to_date TEXT);
CREATE TEMP TRIGGER cf_param_check BEFORE INSERT ON cf_param
BEGIN
  SELECT CASE
    WHEN NEW.to_date IS NULL
    THEN raise(ABORT, 'as-of-changes.sql: :to_date is not a date: give YYYY, YYYY-MM or YYYY-MM-DD as SQL text, .parameter set :to_date "''2026-03-31''"')
    WHEN NEW.from_date IS NULL
    THEN raise(ABORT, 'as-of-changes.sql: :from_date is not a date: give YYYY, YYYY-MM or YYYY-MM-DD as SQL text, .parameter set :from_date "''2025-12-31''"')
    WHEN NEW.from_date > NEW.to_date
    THEN raise(ABORT, 'as-of-changes.sql: :from_date is after :to_date')
  END;
END;
INSERT INTO cf_param (from_raw, to_raw, from_date, to_date)
WITH raw(k, v) AS (
  VALUES ('from', :from_date), ('to', coalesce(:to_date, date('now')))
),
parsed(k, v, d) AS (
  -- A parameter as a full date, its last day when partial; NULL when it
  -- is not text or not a real date.
  SELECT k, v,
         CASE WHEN typeof(v) <> 'text' THEN NULL
              WHEN v GLOB '[0-9][0-9][0-9][0-9]' THEN v || '-12-31'
              WHEN v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
               AND date(v || '-01') = v || '-01'
              THEN date(v || '-01', '+1 month', '-1 day')
              WHEN v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
               AND date(substr(v, 1, 7) || '-01') IS NOT NULL
               AND v BETWEEN substr(v, 1, 7) || '-01'
                         AND date(substr(v, 1, 7) || '-01', '+1 month', '-1 day')
              THEN v
         END
    FROM raw
)
SELECT coalesce(a.v, date(b.d, '-1 year')), b.v,
       CASE WHEN a.v IS NULL THEN date(b.d, '-1 year') ELSE a.d END, b.d
  FROM parsed a, parsed b
 WHERE a.k = 'from' AND b.k = 'to';

WITH f AS (
  -- Each flow with its status as of A and as of B (NULL: not yet known,
  -- or a superseded flow's unrecorded prior status).
  SELECT fl.*, p.from_date AS a, p.to_date AS b,
         fl.announced <= p.from_date AS known_a,
         fl.announced <= p.to_date AS known_b,
         r.announced AS replaced,
         CASE WHEN fl.announced > p.from_date THEN NULL
              WHEN fl.status <> 'superseded' THEN fl.status
              WHEN r.announced <= p.from_date THEN 'superseded'
              ELSE fl.prior_status END AS status_a,
         CASE WHEN fl.announced > p.to_date THEN NULL
              WHEN fl.status <> 'superseded' THEN fl.status
              WHEN r.announced <= p.to_date THEN 'superseded'
              ELSE fl.prior_status END AS status_b,
         CASE length(fl.end_date)
              WHEN 4 THEN fl.end_date || '-12-31'
              WHEN 7 THEN date(fl.end_date || '-01', '+1 month', '-1 day')
              ELSE fl.end_date END AS end_last
    FROM cf_param p, flow fl
    LEFT JOIN flow r ON r.id = fl.superseded_by
),
change(ord, change, date, id) AS (
  SELECT 0, 'announced', announced, id
    FROM f WHERE known_b AND NOT known_a
  UNION ALL
  SELECT 1, CASE WHEN status_b = 'superseded' THEN 'superseded'
                 ELSE 'status' END,
         CASE WHEN status_b = 'superseded' THEN replaced END, id
    FROM f WHERE known_a AND status_a IS NOT status_b
  UNION ALL
  SELECT 2, 'term-started', start_date, id
    FROM f WHERE known_b AND status_b IS NOT 'superseded'
             AND start_date > a AND start_date <= b
  UNION ALL
  SELECT 3, 'term-ended', end_date, id
    FROM f WHERE known_b AND status_b IS NOT 'superseded'
             AND end_last > a AND end_last <= b
)
SELECT ch.change, ch.date, f.id AS flow, f.from_id, f.to_id, f.type,
       f.status_a AS status_from, f.status_b AS status_to,
       (coalesce(f.amount_minor, f.low_minor) + c.scale * 5000000)
         / (c.scale * 10000000) / 100.0 AS amount_bn,
       CASE WHEN f.quantity IS NOT NULL
            THEN printf('%.15g %s', f.quantity, f.quantity_unit) END
         AS quantity,
       f.currency, f.superseded_by
  FROM change ch
  JOIN f ON f.id = ch.id
  LEFT JOIN currency c ON c.code = f.currency
 ORDER BY ch.date, ch.ord, f.id;

DROP TABLE temp.cf_param;
