-- contingent-share.sql - the contingent share of each lab's funding.
--
-- Question: of the money announced into each AI lab, how much is binding
-- and how much may never arrive?  One row per lab and currency, the most
-- contingent first.  Every flow into the lab counts as funding (equity,
-- notes, loans, credits ...), whoever pays.
--
-- Reads: flow, entity, entity_kind, entity_kind_name, currency.  Not an
-- analysis run: the flows as they stand in the store.
--
-- Parameters (sqlite3 shell named parameters; unset means the default):
--   :kind   the entity kind whose inflows to add up (entity_kind_name);
--           default 'lab'.  'neocloud' or 'cloud' ask the same of others.
--
-- Statuses: binding = paid + committed; contingent = contingent + option +
--   letter-of-intent (as the entity_commitments view counts them).
--   Superseded flows are left out: what replaced them is counted instead.
--
-- Which amount counts:
-- - a flow's headline amount (amount_minor).  For a contingent flow that
--   is the amount the deal says could come, often an "up to" ceiling, so
--   the contingent figure is what was announced, not what is expected;
-- - a flow with only a range and no headline ("at least $10B") counts at
--   its low end, as the analysis runs count it; the high end of a range
--   never counts.  counted_at_low says how many flows that was;
-- - a flow with no money figure at all (shares of a warrant, gigawatts)
--   cannot be added up: it is in no amount and is counted in
--   unvalued_flows, so a reader can see what the figures leave out;
-- - estimates (flow.estimate = 1) count like reported amounts.
--
-- Columns: entity (the lab), name, currency (empty for a lab with no
--   money inflow);
--   binding_bn, contingent_bn, total_bn (binding + contingent);
--   contingent_pct, the contingent share of the total (empty when the total
--   is 0); flows (money flows counted), counted_at_low, unvalued_flows.
--   Labs with no inflow at all are listed too, with zeros.
--
-- Units: *_bn are billions of the row's currency, each rounded on its own
--   to the nearest 0.01 billion (ten million) in integer arithmetic on the
--   exact sums of minor units, halves up.  contingent_pct is computed from
--   the exact sums and rounded to two decimals by SQLite's round(), halves
--   away from zero.  Currencies are never mixed: a lab with inflows in two
--   currencies has two rows.
--
-- Run:
--   sqlite3 -header -column out/circfin.sqlite < reports/contingent-share.sql
--   sqlite3 -header -csv out/circfin.sqlite < reports/contingent-share.sql > labs.csv
--   sqlite3 -header -column -cmd ".parameter set :kind neocloud" out/circfin.sqlite < reports/contingent-share.sql
--   The file sets no output mode: choose one with -column, -csv, -json ...
--   and add -header for column names.
--
-- Caveats:
-- - Per entity as the flows name it, not rolled up to parents; a flow from
--   the lab's own group counts like any other.
-- - Every flow in the store counts, whenever it was announced; for the
--   flows known by a date, see as-of-changes.sql or circfin --as-of.
-- - An unknown :kind stops with an error (exit status 1) before the
--   query, which then prints nothing.  The file writes only a temporary
--   table (temp.cf_param), never the store.

DROP TABLE IF EXISTS temp.cf_param;
CREATE TEMP TABLE cf_param (kind TEXT);
CREATE TEMP TRIGGER cf_param_check BEFORE INSERT ON cf_param
BEGIN
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM entity_kind_name
                                WHERE name = NEW.kind)
    THEN raise(ABORT, 'contingent-share.sql: :kind is not an entity kind (SELECT name FROM entity_kind_name)')
  END;
END;
INSERT INTO cf_param (kind) VALUES (coalesce(:kind, 'lab'));

WITH lab AS (
  SELECT e.id, e.name
    FROM cf_param p
    JOIN entity_kind k ON k.kind = p.kind
    JOIN entity e ON e.id = k.entity_id
),
inflow AS (
  SELECT f.to_id, f.status, f.currency,
         coalesce(f.amount_minor, f.low_minor) AS minor,
         (f.amount_minor IS NULL AND f.low_minor IS NOT NULL) AS at_low
    FROM flow f
   WHERE f.status <> 'superseded' AND f.to_id IN (SELECT id FROM lab)
),
money AS (
  SELECT to_id, currency,
         sum(CASE WHEN status IN ('paid', 'committed')
                  THEN minor ELSE 0 END) AS binding,
         sum(CASE WHEN status IN ('contingent', 'option', 'letter-of-intent')
                  THEN minor ELSE 0 END) AS contingent,
         count(*) AS flows, sum(at_low) AS at_low
    FROM inflow
   WHERE minor IS NOT NULL
   GROUP BY to_id, currency
),
unvalued AS (
  SELECT to_id, count(*) AS flows
    FROM inflow
   WHERE minor IS NULL
   GROUP BY to_id
),
per_entity AS (
  -- u: minor units in 0.01 billion of the row's currency.
  SELECT l.id, l.name, m.currency, c.scale * 10000000 AS u,
         coalesce(m.binding, 0) AS binding,
         coalesce(m.contingent, 0) AS contingent,
         coalesce(m.flows, 0) AS flows, coalesce(m.at_low, 0) AS at_low,
         coalesce(v.flows, 0) AS unvalued
    FROM lab l
    LEFT JOIN money m ON m.to_id = l.id
    LEFT JOIN currency c ON c.code = m.currency
    LEFT JOIN unvalued v ON v.to_id = l.id
)
SELECT id AS entity, name, currency,
       coalesce((binding + u / 2) / u / 100.0, 0.0) AS binding_bn,
       coalesce((contingent + u / 2) / u / 100.0, 0.0) AS contingent_bn,
       coalesce((binding + contingent + u / 2) / u / 100.0, 0.0) AS total_bn,
       round(100.0 * contingent / nullif(binding + contingent, 0), 2)
         AS contingent_pct,
       flows, at_low AS counted_at_low, unvalued AS unvalued_flows
  FROM per_entity
 ORDER BY contingent_pct DESC NULLS LAST, binding + contingent DESC, id,
          currency;

DROP TABLE temp.cf_param;
