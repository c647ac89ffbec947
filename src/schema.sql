-- schema.sql - the circfin SQLite store, schema version 6.
--
-- Embedded into libcircfin at build time and run once when a store is
-- created; PRAGMA user_version records the version.  docs/schema.md
-- describes every table and view.  Money is integer minor units
-- (amount_minor) plus an ISO 4217 code; the *_major columns of the views
-- are REAL and meant for reading, not for sums that must be exact.

-- Vocabularies, filled by the library from its own lists.
CREATE TABLE entity_kind_name (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE flow_type (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE flow_status (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE confidence (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE quantity_unit (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE identifier_scheme (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE disclosure_kind (name TEXT PRIMARY KEY, description TEXT NOT NULL);
CREATE TABLE profile_item (name TEXT PRIMARY KEY, description TEXT NOT NULL);
-- ISO 4217 currencies with their minor-unit scale (100 for USD).
CREATE TABLE currency (
  code  TEXT PRIMARY KEY CHECK (length(code) = 3),
  scale INTEGER NOT NULL CHECK (scale >= 1)
);

-- One row per `circfin import` (or `run`): what its summary said.
CREATE TABLE import_batch (
  id        INTEGER PRIMARY KEY,
  started   TEXT NOT NULL,           -- UTC, ISO 8601
  finished  TEXT,                    -- NULL: the batch was interrupted
  files     INTEGER NOT NULL DEFAULT 0,
  imported  INTEGER NOT NULL DEFAULT 0,
  skipped   INTEGER NOT NULL DEFAULT 0,
  failed    INTEGER NOT NULL DEFAULT 0,
  ignored   INTEGER NOT NULL DEFAULT 0,
  bytes     INTEGER NOT NULL DEFAULT 0
);

-- One row per file an import attempted.  Filings add what they say about
-- themselves; amendments share a lineage with what they amend.
CREATE TABLE import_log (
  id       INTEGER PRIMARY KEY,
  batch_id INTEGER REFERENCES import_batch(id),
  path     TEXT NOT NULL,
  sha256   TEXT NOT NULL,
  format   TEXT,
  bytes    INTEGER NOT NULL,
  started  TEXT NOT NULL,            -- UTC, ISO 8601
  finished TEXT,
  status   TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'replaced',
                                           'skipped', 'ignored')),
  rows     INTEGER NOT NULL DEFAULT 0,
  error    TEXT,                     -- why it failed, was skipped or ignored
  title    TEXT,                     -- a dataset's own <title>
  description TEXT,                  -- its <description>
  as_of    TEXT,                     -- its as-of date
  accession TEXT,                    -- EDGAR accession number
  form      TEXT,                    -- EDGAR form type: D, 13F-HR, 10-K ...
  filed     TEXT,                    -- filing date
  period    TEXT,                    -- period of report
  filer_cik TEXT,
  lineage   TEXT,                    -- shared by a filing and its amendments
  amendment INTEGER NOT NULL DEFAULT 0 CHECK (amendment IN (0, 1)),
  note      TEXT                     -- how the reader decided (13F units)
);
CREATE INDEX import_log_sha256 ON import_log(sha256);
CREATE INDEX import_log_path ON import_log(path);
CREATE INDEX import_log_accession ON import_log(accession);
CREATE INDEX import_log_lineage ON import_log(lineage);
CREATE INDEX import_log_batch ON import_log(batch_id);

CREATE TABLE source (
  id        TEXT PRIMARY KEY,
  title     TEXT NOT NULL,
  publisher TEXT,
  date      TEXT,
  url       TEXT,
  accession TEXT,                    -- SEC filing accession number
  retrieved TEXT,
  excerpt   TEXT,
  note      TEXT,
  import_id INTEGER NOT NULL REFERENCES import_log(id),
  line      INTEGER                  -- where in the imported file
);
CREATE INDEX source_import ON source(import_id);

-- origin 'dataset': defined by a dataset file, deleted when that file is
-- replaced; 'filing': created by entity resolution for a filing, shared by
-- every filing that names it, and kept.  name_key is the normalised name
-- resolution matches on (docs/formats.md, "Entity resolution").
CREATE TABLE entity (
  id        TEXT PRIMARY KEY,
  name      TEXT NOT NULL,
  parent_id TEXT REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  note      TEXT,
  origin    TEXT NOT NULL DEFAULT 'dataset' CHECK (origin IN ('dataset', 'filing')),
  name_key  TEXT NOT NULL,
  import_id INTEGER NOT NULL REFERENCES import_log(id),
  line      INTEGER
);
-- Partial indexes: most rows have no parent, no successor.
CREATE INDEX entity_parent ON entity(parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX entity_import ON entity(import_id);
CREATE INDEX entity_name_key ON entity(name_key);

CREATE TABLE entity_kind (
  entity_id TEXT NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
  kind      TEXT NOT NULL REFERENCES entity_kind_name(name),
  PRIMARY KEY (entity_id, kind)
) WITHOUT ROWID;

-- A rowid table on purpose: SQLite 3.40's integrity_check falsely reports
-- NULLs in a WITHOUT ROWID table whose NOT NULL column precedes the key.
CREATE TABLE entity_identifier (
  entity_id TEXT NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
  scheme    TEXT NOT NULL REFERENCES identifier_scheme(name),
  value     TEXT NOT NULL,
  PRIMARY KEY (scheme, value)
);
CREATE INDEX entity_identifier_entity ON entity_identifier(entity_id);

-- Other names: from the entity's own record (import_id NULL), or from an
-- alias table file (graphs/aliases.csv), which may also name XBRL members.
CREATE TABLE entity_alias (
  entity_id TEXT NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
  alias     TEXT NOT NULL,
  alias_key TEXT NOT NULL,                -- normalised, as name_key
  import_id INTEGER REFERENCES import_log(id),
  note      TEXT,
  PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_alias_alias ON entity_alias(alias);
CREATE INDEX entity_alias_key ON entity_alias(alias_key);
CREATE INDEX entity_alias_import ON entity_alias(import_id);

-- The entities a filing names that were resolved without an identifier,
-- for a person to review: by normalised name, by an alias, or not at all
-- ('new': created).  Matches by CIK or CUSIP (or its six-character issuer
-- number) rest on an identifier and are only counted, in
-- import_resolution.
CREATE TABLE entity_resolution (
  import_id  INTEGER NOT NULL REFERENCES import_log(id),
  entity_id  TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  name       TEXT NOT NULL,               -- as the filing writes it
  cik        TEXT,
  cusip      TEXT,
  matched_by TEXT NOT NULL CHECK (matched_by IN ('name', 'alias', 'new')),
  line       INTEGER
);
CREATE INDEX entity_resolution_import ON entity_resolution(import_id);
CREATE INDEX entity_resolution_entity ON entity_resolution(entity_id);

-- How many of the entities each filing names were resolved each way, as
-- they were resolved when it was imported.
CREATE TABLE import_resolution (
  import_id  INTEGER NOT NULL REFERENCES import_log(id),
  matched_by TEXT NOT NULL CHECK (matched_by IN ('cik', 'cusip', 'name',
                                                 'alias', 'new')),
  entities   INTEGER NOT NULL CHECK (entities > 0),
  PRIMARY KEY (import_id, matched_by)
) WITHOUT ROWID;

CREATE TABLE flow (
  id              TEXT PRIMARY KEY,
  from_id         TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  to_id           TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  type            TEXT NOT NULL REFERENCES flow_type(name),
  status          TEXT NOT NULL REFERENCES flow_status(name),
  currency        TEXT REFERENCES currency(code),
  amount_minor    INTEGER CHECK (amount_minor >= 0),  -- the headline figure
  low_minor       INTEGER CHECK (low_minor >= 0),     -- range, e.g. "up to"
  high_minor      INTEGER CHECK (high_minor >= 0),
  estimate        INTEGER NOT NULL DEFAULT 0 CHECK (estimate IN (0, 1)),
  quantity        REAL,                               -- non-money measure
  quantity_low    REAL,
  quantity_high   REAL,
  quantity_unit   TEXT REFERENCES quantity_unit(name),
  announced       TEXT NOT NULL,                      -- YYYY[-MM[-DD]]
  start_date      TEXT,
  end_date        TEXT,
  superseded_by   TEXT REFERENCES flow(id) DEFERRABLE INITIALLY DEFERRED,
  prior_status    TEXT REFERENCES flow_status(name),  -- before superseded
  condition       TEXT,
  confidence      TEXT NOT NULL DEFAULT 'medium' REFERENCES confidence(name),
  note            TEXT,
  import_id       INTEGER NOT NULL REFERENCES import_log(id),
  line            INTEGER,
  cites_import    INTEGER NOT NULL DEFAULT 0 CHECK (cites_import IN (0, 1)), -- flow_source
  CHECK (from_id <> to_id),
  CHECK (amount_minor IS NOT NULL OR low_minor IS NOT NULL OR quantity IS NOT NULL),
  CHECK ((currency IS NULL) = (amount_minor IS NULL AND low_minor IS NULL AND high_minor IS NULL)),
  CHECK ((status = 'superseded') = (superseded_by IS NOT NULL)),
  CHECK (prior_status IS NULL OR (status = 'superseded' AND prior_status <> 'superseded'))
);
CREATE INDEX flow_from ON flow(from_id);
CREATE INDEX flow_to ON flow(to_id);
CREATE INDEX flow_import ON flow(import_id);
CREATE INDEX flow_superseded_by ON flow(superseded_by)
  WHERE superseded_by IS NOT NULL;

-- Dated payments of a flow; they add up exactly to its amount.
CREATE TABLE flow_schedule (
  flow_id      TEXT NOT NULL REFERENCES flow(id) ON DELETE CASCADE,
  due          TEXT NOT NULL,
  amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
  currency     TEXT NOT NULL REFERENCES currency(code),
  assumed      INTEGER NOT NULL CHECK (assumed IN (0, 1)),
  PRIMARY KEY (flow_id, due)
) WITHOUT ROWID;

-- What a record cites.  A record that cites exactly the sources of its own
-- import (every record of a filing cites the filing) has cites_import = 1
-- and no rows in its *_source_listed table; any other record lists its
-- sources there, one row each.  The *_source views join the two and are
-- what to query: (record id, source id), one row per citation.
CREATE TABLE flow_source_listed (
  flow_id   TEXT NOT NULL REFERENCES flow(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (flow_id, source_id)
) WITHOUT ROWID;
CREATE INDEX flow_source_listed_source ON flow_source_listed(source_id);

-- Figures an entity discloses that are not flows: backlog (RPO), the value
-- of a stake, capex.
CREATE TABLE disclosure (
  id              TEXT PRIMARY KEY,
  entity_id       TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  counterparty_id TEXT REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  kind            TEXT NOT NULL REFERENCES disclosure_kind(name),
  as_of           TEXT NOT NULL,
  currency        TEXT NOT NULL REFERENCES currency(code),
  amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
  estimate        INTEGER NOT NULL DEFAULT 0 CHECK (estimate IN (0, 1)),
  note            TEXT,
  import_id       INTEGER NOT NULL REFERENCES import_log(id),
  line            INTEGER,
  cites_import    INTEGER NOT NULL DEFAULT 0 CHECK (cites_import IN (0, 1))
);
CREATE INDEX disclosure_entity ON disclosure(entity_id);
CREATE INDEX disclosure_import ON disclosure(import_id);

-- A disclosure's ladder: what falls due when (purchase obligations by
-- year); the rungs need not add up to the disclosure's amount.
CREATE TABLE disclosure_schedule (
  disclosure_id TEXT NOT NULL REFERENCES disclosure(id) ON DELETE CASCADE,
  due           TEXT NOT NULL,           -- YYYY or a date
  amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
  PRIMARY KEY (disclosure_id, due)
) WITHOUT ROWID;

CREATE TABLE disclosure_source_listed (
  disclosure_id TEXT NOT NULL REFERENCES disclosure(id) ON DELETE CASCADE,
  source_id     TEXT NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (disclosure_id, source_id)
) WITHOUT ROWID;
CREATE INDEX disclosure_source_listed_source ON disclosure_source_listed(source_id);

-- Stakes reported in filings (Form 4, Schedules 13D and 13G): shares and
-- percent of class as of a date, and a value when one is given.
CREATE TABLE holding (
  id             TEXT PRIMARY KEY,
  holder_id      TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  issuer_id      TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  as_of          TEXT NOT NULL,
  shares         REAL CHECK (shares >= 0),
  percent        REAL CHECK (percent >= 0 AND percent <= 100),
  currency       TEXT REFERENCES currency(code),
  value_minor    INTEGER CHECK (value_minor >= 0),
  title_of_class TEXT,
  cusip          TEXT,
  note           TEXT,
  import_id      INTEGER NOT NULL REFERENCES import_log(id),
  line           INTEGER,
  cites_import   INTEGER NOT NULL DEFAULT 0 CHECK (cites_import IN (0, 1)),
  CHECK (holder_id <> issuer_id),
  CHECK ((currency IS NULL) = (value_minor IS NULL))
);
CREATE INDEX holding_holder ON holding(holder_id);
CREATE INDEX holding_issuer ON holding(issuer_id);
CREATE INDEX holding_import ON holding(import_id);

CREATE TABLE holding_source_listed (
  holding_id TEXT NOT NULL REFERENCES holding(id) ON DELETE CASCADE,
  source_id  TEXT NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (holding_id, source_id)
) WITHOUT ROWID;

-- Financial profiles for the stress engine: one figure per entity, item
-- and period.  Money items have an amount, ratio items a ratio; a figure
-- cites sources unless it is an assumption.
CREATE TABLE profile_figure (
  id           TEXT PRIMARY KEY,
  entity_id    TEXT NOT NULL REFERENCES entity(id) DEFERRABLE INITIALLY DEFERRED,
  item         TEXT NOT NULL REFERENCES profile_item(name),
  period       TEXT NOT NULL,             -- YYYY, or an as-of date
  currency     TEXT REFERENCES currency(code),
  amount_minor INTEGER CHECK (amount_minor >= 0),
  ratio        REAL,
  estimate     INTEGER NOT NULL DEFAULT 0 CHECK (estimate IN (0, 1)),
  assumption   INTEGER NOT NULL DEFAULT 0 CHECK (assumption IN (0, 1)),
  note         TEXT,
  import_id    INTEGER NOT NULL REFERENCES import_log(id),
  line         INTEGER,
  cites_import INTEGER NOT NULL DEFAULT 0 CHECK (cites_import IN (0, 1)),
  CHECK ((amount_minor IS NULL) <> (ratio IS NULL)),
  CHECK ((currency IS NULL) = (amount_minor IS NULL)),
  UNIQUE (entity_id, item, period)
);
CREATE INDEX profile_figure_import ON profile_figure(import_id);

CREATE TABLE profile_figure_source_listed (
  figure_id TEXT NOT NULL REFERENCES profile_figure(id) ON DELETE CASCADE,
  source_id TEXT NOT NULL REFERENCES source(id) DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (figure_id, source_id)
) WITHOUT ROWID;
CREATE INDEX profile_figure_source_listed_source ON profile_figure_source_listed(source_id);

-- ---- views ---------------------------------------------------------------

-- Every citation, listed or by import (see flow_source_listed).
CREATE VIEW flow_source(flow_id, source_id) AS
SELECT flow_id, source_id FROM flow_source_listed
UNION ALL
SELECT r.id, s.id FROM flow r JOIN source s ON s.import_id = r.import_id
 WHERE r.cites_import = 1;
CREATE VIEW disclosure_source(disclosure_id, source_id) AS
SELECT disclosure_id, source_id FROM disclosure_source_listed
UNION ALL
SELECT r.id, s.id FROM disclosure r JOIN source s ON s.import_id = r.import_id
 WHERE r.cites_import = 1;
CREATE VIEW holding_source(holding_id, source_id) AS
SELECT holding_id, source_id FROM holding_source_listed
UNION ALL
SELECT r.id, s.id FROM holding r JOIN source s ON s.import_id = r.import_id
 WHERE r.cites_import = 1;
CREATE VIEW profile_figure_source(figure_id, source_id) AS
SELECT figure_id, source_id FROM profile_figure_source_listed
UNION ALL
SELECT r.id, s.id FROM profile_figure r JOIN source s ON s.import_id = r.import_id
 WHERE r.cites_import = 1;

-- Flows with entity names, amounts in major units and their sources.
CREATE VIEW flow_named AS
SELECT f.id, f.from_id, ef.name AS from_name, f.to_id, et.name AS to_name,
       f.type, f.status, f.currency,
       f.amount_minor * 1.0 / c.scale AS amount_major,
       f.low_minor * 1.0 / c.scale AS low_major,
       f.high_minor * 1.0 / c.scale AS high_major,
       f.estimate, f.quantity, f.quantity_unit, f.announced,
       f.start_date, f.end_date, f.superseded_by, f.confidence, f.condition,
       (SELECT group_concat(fs.source_id, ';') FROM flow_source fs
         WHERE fs.flow_id = f.id) AS sources
  FROM flow f
  JOIN entity ef ON ef.id = f.from_id
  JOIN entity et ON et.id = f.to_id
  LEFT JOIN currency c ON c.code = f.currency;

-- Totals per ordered pair, type, status and currency (money flows only).
CREATE VIEW totals_by_pair AS
SELECT from_id, to_id, type, status, currency, count(*) AS flows,
       sum(amount_minor) AS amount_minor
  FROM flow WHERE amount_minor IS NOT NULL
 GROUP BY from_id, to_id, type, status, currency;

CREATE VIEW totals_by_type AS
SELECT type, status, currency, count(*) AS flows, sum(amount_minor) AS amount_minor
  FROM flow WHERE amount_minor IS NOT NULL
 GROUP BY type, status, currency;

CREATE VIEW totals_by_status AS
SELECT status, currency, count(*) AS flows, sum(amount_minor) AS amount_minor
  FROM flow WHERE amount_minor IS NOT NULL
 GROUP BY status, currency;

-- Per entity and currency: binding (paid + committed) versus contingent
-- (contingent, option, letter of intent) money, paid out and received.
-- Superseded flows are left out.
CREATE VIEW entity_commitments AS
WITH sides AS (
  SELECT from_id AS entity_id, 'out' AS side, status, currency, amount_minor
    FROM flow WHERE amount_minor IS NOT NULL
  UNION ALL
  SELECT to_id, 'in', status, currency, amount_minor
    FROM flow WHERE amount_minor IS NOT NULL
)
SELECT e.id AS entity_id, e.name, s.currency,
       sum(CASE WHEN s.side = 'out' AND s.status IN ('paid', 'committed') THEN s.amount_minor ELSE 0 END) AS out_binding_minor,
       sum(CASE WHEN s.side = 'out' AND s.status IN ('contingent', 'option', 'letter-of-intent') THEN s.amount_minor ELSE 0 END) AS out_contingent_minor,
       sum(CASE WHEN s.side = 'in' AND s.status IN ('paid', 'committed') THEN s.amount_minor ELSE 0 END) AS in_binding_minor,
       sum(CASE WHEN s.side = 'in' AND s.status IN ('contingent', 'option', 'letter-of-intent') THEN s.amount_minor ELSE 0 END) AS in_contingent_minor
  FROM sides s JOIN entity e ON e.id = s.entity_id
 GROUP BY e.id, s.currency;

-- Flows that cite no source (should be empty for curated data).
CREATE VIEW flow_unsourced AS
SELECT f.id, f.from_id, f.to_id FROM flow f
 WHERE NOT EXISTS (SELECT 1 FROM flow_source fs WHERE fs.flow_id = f.id);

-- ---- analysis runs -----------------------------------------------------------

-- One row per analysis (cycles, exposure), with the filter that made its
-- graph; every result row references its run.
CREATE TABLE analysis_run (
  id               INTEGER PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('cycles', 'exposure', 'stress')),
  created          TEXT NOT NULL,           -- UTC, ISO 8601
  version          TEXT NOT NULL,           -- circfin version
  as_of            TEXT,                    -- YYYY-MM-DD, NULL for none
  statuses         TEXT NOT NULL,           -- comma-separated
  types            TEXT NOT NULL,
  consolidated     INTEGER NOT NULL CHECK (consolidated IN (0, 1)),
  currency         TEXT NOT NULL REFERENCES currency(code),
  min_amount_minor INTEGER NOT NULL DEFAULT 0,
  entities         INTEGER NOT NULL,        -- vertices of the graph
  edges            INTEGER NOT NULL,
  flows            INTEGER NOT NULL,
  intragroup_flows INTEGER NOT NULL DEFAULT 0,
  imports_through  INTEGER NOT NULL DEFAULT 0, -- the last import_log id then
  max_len          INTEGER,                 -- cycles: the length bound
  cycle_limit      INTEGER,                 -- cycles: --limit, NULL for none
  truncated        INTEGER NOT NULL DEFAULT 0,
  circularity      REAL,                    -- exposure: share of flow
  tolerance        REAL,                    -- exposure: solver
  iterations       INTEGER,
  residual         REAL,
  converged        INTEGER
);

-- The aggregated edges of a run's graph and the flows behind each.
CREATE TABLE run_edge (
  run_id       INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  from_id      TEXT NOT NULL,
  to_id        TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,            -- sum of the valued flows
  valued       INTEGER NOT NULL,            -- 0: only quantities, no money
  PRIMARY KEY (run_id, from_id, to_id)
) WITHOUT ROWID;

CREATE TABLE run_edge_flow (
  run_id  INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  from_id TEXT NOT NULL,
  to_id   TEXT NOT NULL,
  flow_id TEXT NOT NULL,
  PRIMARY KEY (run_id, from_id, to_id, flow_id)
) WITHOUT ROWID;
CREATE INDEX run_edge_flow_flow ON run_edge_flow(flow_id);

-- Flows left out by consolidation because both ends are in one group.
CREATE TABLE run_intragroup_flow (
  run_id   INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  flow_id  TEXT NOT NULL,
  group_id TEXT NOT NULL,
  PRIMARY KEY (run_id, flow_id)
) WITHOUT ROWID;

CREATE TABLE cycle (
  run_id           INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  rank             INTEGER NOT NULL,        -- 1 = largest bottleneck
  length           INTEGER NOT NULL,
  entities         TEXT NOT NULL,           -- "a > b > a"
  valued           INTEGER NOT NULL,        -- 0: an edge has no money figure
  bottleneck_minor INTEGER,                 -- NULL when not valued
  total_minor      INTEGER NOT NULL,
  PRIMARY KEY (run_id, rank)
) WITHOUT ROWID;

CREATE TABLE cycle_edge (
  run_id       INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  rank         INTEGER NOT NULL,
  pos          INTEGER NOT NULL,            -- 0 .. length-1
  from_id      TEXT NOT NULL,
  to_id        TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  PRIMARY KEY (run_id, rank, pos)
) WITHOUT ROWID;
CREATE INDEX cycle_edge_from ON cycle_edge(from_id);

-- Per vendor (an entity receiving spend).  The *_minor columns that come
-- from tracing are rounded to the nearest minor unit.
CREATE TABLE exposure (
  run_id                    INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  entity_id                 TEXT NOT NULL,
  backlog_minor             INTEGER NOT NULL,
  backlog_paid_minor        INTEGER NOT NULL,
  backlog_committed_minor   INTEGER NOT NULL,
  backlog_contingent_minor  INTEGER NOT NULL,  -- the rest: not paid or committed
  self_funded_minor         INTEGER NOT NULL,  -- all inflow that is its own money
  self_funded_backlog_minor INTEGER NOT NULL,
  self_funded_share         REAL NOT NULL,     -- of backlog
  net_backlog_minor         INTEGER NOT NULL,
  round_trips_minor         INTEGER NOT NULL,
  at_risk_financing_minor   INTEGER NOT NULL,  -- net vendor-financing exposure
  PRIMARY KEY (run_id, entity_id)
) WITHOUT ROWID;

CREATE TABLE round_trip (
  run_id          INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  vendor_id       TEXT NOT NULL,
  counterparty_id TEXT NOT NULL,
  financing_minor INTEGER NOT NULL,
  spend_minor     INTEGER NOT NULL,
  amount_minor    INTEGER NOT NULL,          -- min(financing, spend)
  PRIMARY KEY (run_id, vendor_id, counterparty_id)
) WITHOUT ROWID;

-- ---- repayment stress ------------------------------------------------------
-- A stress run (analysis_run.kind = 'stress') has one row here per
-- scenario it ran.  Expected values are means over the draws (one draw
-- for a deterministic scenario); *_minor columns are rounded to the
-- nearest minor unit, halves away from zero; quantiles are exact when
-- the draws fit in 64 MiB, else P² estimates (stress_scenario.quantiles).  docs/methods.md, "Repayment stress".
CREATE TABLE stress_scenario (
  run_id      INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  scenario    TEXT NOT NULL,
  montecarlo  INTEGER NOT NULL CHECK (montecarlo IN (0, 1)),
  base        TEXT,                     -- Monte Carlo: the scenario drawn around
  description TEXT,
  draws       INTEGER NOT NULL,
  seed        TEXT,                     -- Monte Carlo: a 64-bit unsigned integer
  start_year  INTEGER NOT NULL,
  years       INTEGER NOT NULL,
  model       TEXT NOT NULL,            -- eisenberg-noe, rogers-veraart, furfine
  alpha       REAL, beta REAL, recovery REAL,
  seniority   TEXT NOT NULL CHECK (seniority IN ('equal', 'senior')),
  terminate   INTEGER NOT NULL CHECK (terminate IN (0, 1)),
  scenarios_file TEXT NOT NULL,         -- path and SHA-256 of the file
  scenarios_sha256 TEXT NOT NULL,
  clearings   INTEGER NOT NULL,         -- single-period clearings run
  edge_updates REAL NOT NULL,           -- obligations x (rounds + 1), summed
  iterations  INTEGER NOT NULL,         -- the most any clearing took
  residual    REAL NOT NULL,            -- the largest final residual
  converged   INTEGER NOT NULL CHECK (converged IN (0, 1)),  -- all did
  unvalued_flows INTEGER NOT NULL,      -- quantity-only flows no valuation covers
  quantiles   TEXT NOT NULL CHECK (quantiles IN ('exact', 'p2')),
  PRIMARY KEY (run_id, scenario)
) WITHOUT ROWID;

-- Per scenario, modelled entity (one with a profile) and year.
CREATE TABLE stress_entity_year (
  run_id           INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  scenario         TEXT NOT NULL,
  entity_id        TEXT NOT NULL,
  year             INTEGER NOT NULL,
  revenue_minor    INTEGER NOT NULL,    -- expected revenue received
  costs_minor      INTEGER NOT NULL,    -- expected external obligations
  due_minor        INTEGER NOT NULL,    -- expected commitments due (network)
  paid_minor       INTEGER NOT NULL,    -- expected commitments paid
  shortfall_minor  INTEGER NOT NULL,    -- due - paid
  p_default        REAL NOT NULL,       -- in default by the end of the year
  p_first_default  REAL NOT NULL,       -- first default in this year
  cash_mean_minor  INTEGER NOT NULL,    -- cash at the end of the year
  cash_q05_minor   INTEGER NOT NULL,
  cash_q50_minor   INTEGER NOT NULL,
  cash_q95_minor   INTEGER NOT NULL,
  PRIMARY KEY (run_id, scenario, entity_id, year)
) WITHOUT ROWID;

-- Per scenario and modelled entity, over the horizon.
CREATE TABLE stress_entity (
  run_id              INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  scenario            TEXT NOT NULL,
  entity_id           TEXT NOT NULL,
  p_default           REAL NOT NULL,    -- defaults in some year
  median_default_year INTEGER,          -- first year by which half the draws have defaulted
  shortfall_minor     INTEGER NOT NULL, -- expected total shortfall
  shortfall_q05_minor INTEGER NOT NULL,
  shortfall_q50_minor INTEGER NOT NULL,
  shortfall_q95_minor INTEGER NOT NULL,
  PRIMARY KEY (run_id, scenario, entity_id)
) WITHOUT ROWID;

-- Per scenario and vendor (an entity owed commitments in the horizon).
CREATE TABLE stress_vendor (
  run_id            INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  scenario          TEXT NOT NULL,
  vendor_id         TEXT NOT NULL,
  backlog_minor     INTEGER NOT NULL,   -- expected commitments due to it
  at_risk_minor     INTEGER NOT NULL,   -- expected unpaid: backlog at risk
  at_risk_q95_minor INTEGER NOT NULL,
  own_money_minor   INTEGER NOT NULL,   -- the part of at_risk traced to its own money
  own_money_share   REAL,               -- own_money / at_risk, NULL when nothing is at risk
  PRIMARY KEY (run_id, scenario, vendor_id)
) WITHOUT ROWID;

-- Per scenario, flow and year: who falls short on which commitment when.
CREATE TABLE stress_flow_year (
  run_id          INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  scenario        TEXT NOT NULL,
  flow_id         TEXT NOT NULL,
  year            INTEGER NOT NULL,
  due_minor       INTEGER NOT NULL,     -- expected amount due
  paid_minor      INTEGER NOT NULL,
  shortfall_minor INTEGER NOT NULL,
  p_short         REAL NOT NULL,        -- share of draws paid short
  PRIMARY KEY (run_id, scenario, flow_id, year)
) WITHOUT ROWID;

-- Per-draw detail, written only when asked for (circfin stress --detail).
CREATE TABLE stress_draw (
  run_id          INTEGER NOT NULL REFERENCES analysis_run(id) ON DELETE CASCADE,
  scenario        TEXT NOT NULL,
  draw            INTEGER NOT NULL,
  entity_id       TEXT NOT NULL,
  year            INTEGER NOT NULL,
  cash_minor      INTEGER NOT NULL,
  due_minor       INTEGER NOT NULL,
  paid_minor      INTEGER NOT NULL,
  shortfall_minor INTEGER NOT NULL,
  defaulted       INTEGER NOT NULL CHECK (defaulted IN (0, 1)),
  PRIMARY KEY (run_id, scenario, draw, entity_id, year)
) WITHOUT ROWID;
