-- cycles-through.sql - every cycle through a given entity.
--
-- Question: along which closed loops does money leave an entity and come
-- back to it, and how much is on each leg?  One row per edge of every
-- cycle of a cycles run that passes through the entity, the cycle's
-- figures repeated on each of its edges, in rank order (rank 1 has the
-- largest bottleneck) and then in the order of the loop.
--
-- Reads: analysis_run, cycle, cycle_edge, run_edge, run_edge_flow, entity,
-- currency.
--
-- Parameters (sqlite3 shell named parameters; unset means the default):
--   :entity  an entity id (SELECT id FROM entity); default 'openai'.  When
--            the run is consolidated, its cycles run between groups, and an
--            entity stands for its group (its ultimate parent): 'aws' finds
--            the cycles through 'amazon'.
--   :run     the cycles run to read; default the latest one, the largest
--            analysis_run.id of kind 'cycles'.
--
-- Columns: run; through (the entity or group matched); rank, length and
--   cycle ("a > b > a", starting at its smallest id); bottleneck_bn (the
--   smallest edge: the most money that can go all the way round; empty
--   when an edge has no money figure) and total_bn (the sum of the edges);
--   pos (0 .. length-1), from_id, to_id and edge_bn of each edge (empty
--   when the edge has only quantities, no money); flows, the ids of the
--   flows behind the edge, joined with ';'; currency, the run's.
--
-- Units: *_bn are billions of the run's currency (USD for `circfin run`),
--   rounded to the nearest 0.01 billion (ten million) in integer
--   arithmetic on the exact minor units, halves up (amounts are never
--   negative).  An edge is the sum of its flows, a range at its low end.
--
-- Run:
--   sqlite3 -header -column out/circfin.sqlite < reports/cycles-through.sql
--   sqlite3 -header -column -cmd ".parameter set :entity nvidia" out/circfin.sqlite < reports/cycles-through.sql
--   sqlite3 -header -csv -cmd ".parameter set :entity \"'anthropic'\"" out/circfin.sqlite < reports/cycles-through.sql
--   The shell evaluates a .parameter value as SQL when it can (an id such
--   as 'null' would become NULL): quote it as SQL text inside the shell's
--   own quotes, "'anthropic'", to be safe.  The file sets no output mode:
--   choose one with -column, -csv, -json ... and add -header for names.
--
-- Caveats:
-- - The cycles are those of the run: every elementary cycle up to its
--   length bound (analysis_run.max_len) among the flows its filter let in
--   (statuses, as-of date, currency, consolidation; `circfin run` keeps the
--   binding flows, paid and committed, consolidated).  When
--   analysis_run.truncated is 1, --limit stopped the search and some cycles
--   are missing.
-- - An unknown :entity, a bad :run, or a store with no cycles run stops
--   with an error (exit status 1) before the query, which then prints
--   nothing.  An entity on no cycle gives no rows.  The file writes only a
--   temporary table (temp.cf_param), never the store.

DROP TABLE IF EXISTS temp.cf_param;
CREATE TEMP TABLE cf_param (run INTEGER, entity TEXT);
CREATE TEMP TRIGGER cf_param_check BEFORE INSERT ON cf_param
BEGIN
  SELECT CASE
    WHEN NOT EXISTS (SELECT 1 FROM analysis_run
                      WHERE id = NEW.run AND kind = 'cycles')
    THEN raise(ABORT, 'cycles-through.sql: no such cycles run (run circfin cycles or circfin run first, or set :run to the id of a cycles run)')
    WHEN NOT EXISTS (SELECT 1 FROM entity WHERE id = NEW.entity)
    THEN raise(ABORT, 'cycles-through.sql: :entity is not an entity id (SELECT id FROM entity)')
  END;
END;
INSERT INTO cf_param (run, entity)
VALUES (coalesce(:run, (SELECT max(id) FROM analysis_run WHERE kind = 'cycles')),
        coalesce(:entity, 'openai'));

WITH RECURSIVE up(id, parent_id, depth) AS (
  -- The entity and its parents, up to its ultimate parent.
  SELECT e.id, e.parent_id, 0
    FROM cf_param p JOIN entity e ON e.id = p.entity
  UNION ALL
  SELECT e.id, e.parent_id, up.depth + 1
    FROM up JOIN entity e ON e.id = up.parent_id
   WHERE up.depth < 100
),
target AS (
  -- u: minor units in 0.01 billion of the run's currency.
  SELECT r.id AS run, r.currency, c.scale * 10000000 AS u,
         CASE WHEN r.consolidated
              THEN (SELECT id FROM up ORDER BY depth DESC LIMIT 1)
              ELSE p.entity END AS id
    FROM cf_param p
    JOIN analysis_run r ON r.id = p.run
    JOIN currency c ON c.code = r.currency
)
SELECT t.run, t.id AS through,
       cy.rank, cy.length, cy.entities AS cycle,
       (cy.bottleneck_minor + t.u / 2) / t.u / 100.0 AS bottleneck_bn,
       (cy.total_minor + t.u / 2) / t.u / 100.0 AS total_bn,
       ce.pos, ce.from_id, ce.to_id,
       CASE WHEN coalesce(re.valued, 1)
            THEN (ce.amount_minor + t.u / 2) / t.u / 100.0 END AS edge_bn,
       (SELECT group_concat(flow_id, ';')
          FROM (SELECT ref.flow_id FROM run_edge_flow ref
                 WHERE ref.run_id = ce.run_id AND ref.from_id = ce.from_id
                   AND ref.to_id = ce.to_id
                 ORDER BY ref.flow_id)) AS flows,
       t.currency
  FROM target t
  JOIN cycle cy ON cy.run_id = t.run
  JOIN cycle_edge ce ON ce.run_id = cy.run_id AND ce.rank = cy.rank
  LEFT JOIN run_edge re
    ON re.run_id = ce.run_id AND re.from_id = ce.from_id AND re.to_id = ce.to_id
 WHERE cy.rank IN (SELECT rank FROM cycle_edge
                    WHERE run_id = t.run AND from_id = t.id)
 ORDER BY cy.rank, ce.pos;

DROP TABLE temp.cf_param;
