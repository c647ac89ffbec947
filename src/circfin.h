/*
 * circfin.h - the public interface of libcircfin.
 *
 * libcircfin turns curated deal data and filings into a directed money-flow
 * graph kept in an SQLite store.  This header is the whole API: anything not
 * declared here is internal.
 *
 * Conventions
 *  - Functions return CF_OK (0) or a negative CF_E* code.  The code that
 *    finds an error records one message (with file and line for input
 *    errors); cf_error_message() returns it.  The message is per thread.
 *  - Handles are opaque: cf_x_new/cf_x_open create them through an
 *    out-parameter named first, cf_x_free/cf_x_close accept NULL.
 *  - Money is exact: int64_t minor units (cents for USD) plus an ISO 4217
 *    currency code.  Floating point appears only inside analytics.
 *  - The library never prints, exits or reads argv; callers own stdio.
 */
#ifndef CIRCFIN_H
#define CIRCFIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------ */

enum {
	CF_OK = 0,
	CF_ENOMEM = -1,		/* allocation failed */
	CF_EINPUT = -2,		/* bad input data (file, line in the message) */
	CF_EIO = -3,		/* reading or writing a file failed */
	CF_ESTORE = -4,		/* the SQLite store failed or is incompatible */
	CF_EARG = -5,		/* bad argument from the caller (usage) */
	CF_ENOTFOUND = -6,	/* a named thing does not exist */
	CF_EGRAPH = -7,		/* igraph failed */
	CF_ELIMIT = -8		/* a limit (cf_limit_set) was reached */
};

/* Record a message for the current thread and return code unchanged. */
int cf_error_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The last message recorded on this thread ("" when none). */
const char *cf_error_message(void);
void cf_error_clear(void);
/* A short name for a code: "out of memory", "bad input", ... */
const char *cf_error_name(int code);

/* ---- limits ------------------------------------------------------------ */

/*
 * Bounds on what circfin reads and finds, so that a hostile or mistaken
 * input gets a clear error instead of exhausting memory or time.  They are
 * process-wide: set them before any other work, not while it runs.  A
 * limit of an input file fails that file with CF_EINPUT ("path:line: ...
 * over the limit NAME=N"), so that a batch goes on past it; a limit of an
 * analysis (a graph, a cycle search) fails it with CF_ELIMIT.  A store
 * another process holds for longer than lock-wait fails with CF_ESTORE.
 * docs/architecture.md ("Limits") gives each default and why.
 */
enum {
	CF_LIMIT_FILE_SIZE = 0,	/* bytes in one input file */
	CF_LIMIT_XML_DEPTH,	/* element nesting in one XML document */
	CF_LIMIT_XML_ELEMENTS,	/* elements in one XML document */
	CF_LIMIT_ENTITIES,	/* entities one file defines */
	CF_LIMIT_FLOWS,		/* flows one file defines */
	CF_LIMIT_GRAPH_ENTITIES,	/* entities a graph loads from a store */
	CF_LIMIT_GRAPH_FLOWS,	/* flows a graph loads from a store */
	CF_LIMIT_CYCLES,	/* cycles one search finds or counts */
	CF_LIMIT_LOCK_WAIT,	/* seconds to wait for another process's
				   hold on a store */
	CF_LIMIT_COUNT
};

/* The limit's current value. */
uint64_t cf_limit_get(int limit);
/* Set a limit: CF_EARG when value is 0 or above what the limit can be
 * (xml-depth: 256, libxml2's own bound). */
int cf_limit_set(int limit, uint64_t value);
/* The limit's name ("file-size"), its default and a line on what it
 * bounds; NULL for a limit that does not exist. */
const char *cf_limit_name(int limit);
uint64_t cf_limit_default(int limit);
const char *cf_limit_help(int limit);
/*
 * Set limits from "NAME=VALUE[,NAME=VALUE...]": VALUE a whole number with
 * an optional suffix k, M, G (powers of 1000) or KiB, MiB, GiB (powers of
 * 1024).  CF_EARG naming what is wrong; limits before the bad one are set.
 */
int cf_limit_parse(const char *spec);

/* ---- version ----------------------------------------------------------- */

const char *cf_version(void);

/* ---- money ------------------------------------------------------------- */

/*
 * Look up an active ISO 4217 code; on success *out is the number of minor
 * digits (2 for USD, 0 for JPY, 3 for KWD).  CF_EINPUT for an unknown code.
 */
int cf_currency_exponent(int *out, const char *code);

/*
 * Parse a non-negative decimal number of major units ("1250000000.00") into
 * minor units with the given exponent.  Exact: no floating point.  Fails
 * with CF_EINPUT (message says why) on a sign, a non-digit, more decimal
 * places than the exponent allows (unless they are zeros), or an amount
 * that does not fit in int64_t.
 */
int cf_money_parse(int64_t *out, const char *text, int exponent);

/*
 * Write minor units as a decimal string of major units ("1250000000.00")
 * into buf.  Returns the number of characters written, or -1 if it does
 * not fit.
 */
int cf_money_format(char *buf, size_t size, int64_t minor, int exponent);

/* ---- dates ------------------------------------------------------------- */

/*
 * Is text a valid ISO 8601 calendar date at day, month or year precision
 * (YYYY-MM-DD, YYYY-MM or YYYY)?  Returns 1 or 0.
 */
int cf_date_valid(const char *text);

/* ---- SHA-256 ----------------------------------------------------------- */

#define CF_SHA256_HEX 65	/* 64 hex digits and a NUL */
void cf_sha256_hex(char out[CF_SHA256_HEX], const void *data, size_t len);

/* ---- the store --------------------------------------------------------- */

typedef struct cf_store cf_store;

enum {
	CF_STORE_CREATE = 1	/* create the file and schema if missing */
};

/*
 * Open (and with CF_STORE_CREATE create) the SQLite store at path
 * (":memory:" for a private in-memory store).  Foreign keys on, WAL mode
 * for files, a busy timeout.  A store whose schema is newer than this
 * library, or that is not a circfin store, gives CF_ESTORE.  A store is
 * used by one thread at a time: SQLite does not lock it for each call.
 */
int cf_store_open(cf_store **out, const char *path, int flags);
void cf_store_close(cf_store *st);
/* The schema version this library writes (PRAGMA user_version). */
int cf_store_schema_version(void);

/* Counts of what the store holds. */
typedef struct cf_store_counts {
	long entities;
	long flows;
	long sources;
	long disclosures;
	long figures;		/* financial profile figures */
	long imports;		/* import_log rows with status ok */
} cf_store_counts;

int cf_store_counts_get(cf_store *st, cf_store_counts *out);

/* ---- result tables ----------------------------------------------------- */

/*
 * A table of text cells: what listing commands return.  NULL cells are SQL
 * NULLs.  Writers render it for people (aligned text), for programs (CSV,
 * RFC 4180) or as JSON (an array of objects).
 */
typedef struct cf_table cf_table;

/* A new empty table with these column names (copied). */
int cf_table_new(cf_table **out, size_t ncols, const char *const *headers);
/* Append a row of ncols cells (copied; NULL for SQL NULL); numeric[i]
 * says cell i is a number (JSON writes it bare).  numeric may be NULL. */
int cf_table_add_row(cf_table *t, const char *const *cells,
    const unsigned char *numeric);
void cf_table_free(cf_table *t);
size_t cf_table_columns(const cf_table *t);
size_t cf_table_rows(const cf_table *t);
const char *cf_table_header(const cf_table *t, size_t col);
const char *cf_table_cell(const cf_table *t, size_t row, size_t col);
int cf_table_write_text(const cf_table *t, FILE *fp);
int cf_table_write_csv(const cf_table *t, FILE *fp);
int cf_table_write_json(const cf_table *t, FILE *fp);

/* Filters for the listing queries; NULL fields mean "any". */
typedef struct cf_list_filter {
	const char *kind;	/* entities: having this kind */
	const char *status;	/* flows: with this status */
	const char *type;	/* flows: of this type */
	const char *entity;	/* flows: from or to this entity id */
} cf_list_filter;

/* Entities with kinds, parent and identifiers, ordered by id. */
int cf_store_list_entities(cf_table **out, cf_store *st,
    const cf_list_filter *filter);
/* Flows with names, amounts in major units, status and sources. */
int cf_store_list_flows(cf_table **out, cf_store *st,
    const cf_list_filter *filter);
/* A summary of the store: per status, the flow count and totals. */
int cf_store_summary(cf_table **out, cf_store *st);

/*
 * Disclosed backlog against known commitments: per group (an entity with
 * its subsidiaries) that discloses remaining performance obligations, the
 * latest RPO as of as_of (NULL: any date), and the committed and
 * contingent flows into the group announced by then, in the RPO's
 * currency, with the committed share of the RPO (docs/methods.md,
 * "Disclosed backlog").
 */
int cf_store_backlog(cf_table **out, cf_store *st, const char *as_of);

/* ---- import ------------------------------------------------------------ */

/* What happened to one file of a batch. */
enum {
	CF_FILE_IMPORTED = 0,
	CF_FILE_SKIPPED = 1,	/* same content, or the same filing (its
				   accession, or an amendment of it),
				   imported before */
	CF_FILE_FAILED = 2,
	CF_FILE_IGNORED = 3	/* not data on its own: a scenarios file or
				   an XML Schema found in a directory, or a
				   part of a filing read with another file
				   (a 13F table, an XBRL linkbase) */
};

typedef struct cf_batch cf_batch;

/* Called after each file; may be NULL. */
typedef void (*cf_progress_fn)(void *arg, size_t files_done,
    size_t files_total, uint64_t bytes_done, uint64_t bytes_total);

typedef struct cf_import_opts {
	const char *format;	/* "auto" (default when NULL), "xml", "csv",
				   "edgar" */
	cf_progress_fn progress;
	void *progress_arg;
} cf_import_opts;

/*
 * Import files and directories (walked recursively, dot-files skipped).
 * Each file is imported all or nothing, under its own savepoint: a file
 * that fails leaves no row behind, and the batch goes on.  Files commit in
 * groups (1000 files or one second), so a killed or crashed process loses
 * at most the last group's files, whole (a power failure may also lose
 * commits not yet checkpointed: WAL with synchronous NORMAL); running the
 * batch again imports them.  A second thread reads and parses the files
 * a few ahead of the writing; the outcome is the same as reading each
 * just before writing it.  Within a batch, sources come
 * before entities and entities before flows, so a directory of CSV files
 * imports in one go.  A file whose SHA-256 is already in the store is
 * skipped; a file at a path imported before with other content replaces
 * that import's rows.
 *
 * Returns CF_OK when the batch ran (even if files failed: look at the
 * batch), or an error when it could not run at all.  *out is set on CF_OK.
 */
int cf_import_paths(cf_batch **out, cf_store *st, const char *const *paths,
    size_t npaths, const cf_import_opts *opts);

void cf_batch_free(cf_batch *b);
size_t cf_batch_files(const cf_batch *b);
size_t cf_batch_count(const cf_batch *b, int status);
/* Details of file i; any out-pointer may be NULL.  The message is empty
 * unless the file failed or was skipped. */
void cf_batch_file(const cf_batch *b, size_t i, const char **path,
    int *status, const char **format, long *rows, const char **message);
/* The batch's row in import_batch (0 if it was not recorded). */
int64_t cf_batch_id(const cf_batch *b);

/*
 * How a batch resolved the entities its filings name: counts[] by
 * CF_MATCH_* (entity_resolution.matched_by), and the first max entities
 * it created (id, name, cik, cusip, file, line) into *created when not
 * NULL; counts[CF_MATCH_NEW] says how many there are in all.
 */
enum { CF_MATCH_CIK, CF_MATCH_CUSIP, CF_MATCH_NAME, CF_MATCH_ALIAS,
	CF_MATCH_NEW, CF_MATCH_COUNT };
int cf_store_batch_resolution(cf_store *st, int64_t batch_id,
    long counts[CF_MATCH_COUNT], cf_table **created, long max);

/* ---- the money-flow graph --------------------------------------------- */

typedef struct cf_graph cf_graph;

/* Which flows make the graph.  Zeroed fields take the defaults. */
typedef struct cf_graph_filter {
	const char *as_of;	/* YYYY[-MM[-DD]]: flows announced by then and
				   not superseded by then; a partial date means
				   its last day.  NULL: everything. */
	unsigned statuses;	/* bit set from cf_status_set_parse; 0 means
				   paid and committed */
	unsigned types;		/* bit set from cf_type_set_parse; 0 means all */
	int consolidate;	/* fold subsidiaries into ultimate parents */
	const char *currency;	/* flows in other currencies are left out;
				   NULL means USD */
	int64_t min_amount;	/* minor units: edges below are dropped */
} cf_graph_filter;

/* Parse "paid,committed" or "all" into a bit set of statuses, and
 * "equity,loan" or "all" into a bit set of flow types.  CF_EARG with the
 * list of valid names on an unknown one. */
int cf_status_set_parse(unsigned *out, const char *list);
int cf_type_set_parse(unsigned *out, const char *list);

/*
 * Build the graph of the store's flows that pass the filter: one vertex
 * per entity (or group), one edge per ordered pair carrying the sum of
 * its flows.  Flows with no money amount (only a quantity) stay in the
 * graph as unvalued edges; a range counts at its low end.
 */
int cf_graph_build(cf_graph **out, cf_store *st, const cf_graph_filter *f);
void cf_graph_free(cf_graph *g);
/* Called by long analyses on g (cycle search, tracing) as work advances:
 * what is being counted, how many done of how many.  The last call has
 * done == total.  NULL turns it off. */
typedef void (*cf_work_fn)(void *arg, const char *what, uint64_t done,
    uint64_t total);
void cf_graph_set_progress(cf_graph *g, cf_work_fn fn, void *arg);
size_t cf_graph_vertex_count(const cf_graph *g);
size_t cf_graph_edge_count(const cf_graph *g);
size_t cf_graph_flow_count(const cf_graph *g);
/* Flows left out because both ends are in one group (consolidation). */
size_t cf_graph_intragroup_count(const cf_graph *g);
/* Strongly connected components with two or more vertices. */
size_t cf_graph_cyclic_components(const cf_graph *g);

/* ---- cycles -------------------------------------------------------------- */

typedef struct cf_cycles cf_cycles;

/*
 * Every simple directed cycle of at most max_len edges, each once, rotated
 * to start at its smallest entity, sorted by bottleneck (the smallest edge
 * amount: the most money that can go all the way round) largest first,
 * unvalued cycles last.  A limit from 1 to cf_limit_get(CF_LIMIT_CYCLES)
 * stops the search after that many cycles (cf_cycles_truncated says so);
 * with 0, or one above it, more cycles than the process's limit fail the
 * search with CF_ELIMIT.  A bounded Johnson search inside each strongly
 * connected component (docs/methods.md).
 */
int cf_cycles_find(cf_cycles **out, const cf_graph *g, int max_len,
    size_t limit);
/* (limit keeps the first cycles the search finds, sorted afterwards; it
 * is not a top-N by bottleneck.) */
/* The same search without building cycle records: only the number. */
int cf_cycles_count(uint64_t *out, int *truncated, const cf_graph *g,
    int max_len, uint64_t limit);
void cf_cycles_free(cf_cycles *c);
size_t cf_cycles_size(const cf_cycles *c);
int cf_cycles_truncated(const cf_cycles *c);

/* ---- vendor-financing exposure ------------------------------------------ */

typedef struct cf_exposure cf_exposure;

/*
 * Backlog, direct round trips, self-funded inflow by proportional tracing,
 * at-risk financing and net backlog for every vertex that receives spend,
 * and the circularity of the graph (docs/methods.md defines each).  The
 * tracing system is solved by Gauss-Seidel to relative tolerance tol
 * (0: 1e-12).
 */
int cf_exposure_compute(cf_exposure **out, const cf_graph *g, double tol);
void cf_exposure_free(cf_exposure *x);
double cf_exposure_circularity(const cf_exposure *x);
int cf_exposure_converged(const cf_exposure *x);

/* ---- reports ------------------------------------------------------------ */

typedef struct cf_report_opts {
	int64_t run;		/* the analysis run to report on; 0: the
				   latest.  The report also shows, for each
				   other kind (cycles, exposure, stress), the
				   run with the same graph filter nearest to
				   it by id (the later on a tie). */
	const char *dot;	/* the GraphViz program drawing the graph:
				   NULL for "dot" on PATH, "" for no drawing */
	const char *methods;	/* Markdown of the methods appendix; NULL for
				   the built-in docs/methods.md */
	size_t *imports_after;	/* when not NULL, set to the number of files
				   imported after the earliest run shown: the
				   report then says the store changed */
	int dot_timeout;	/* seconds the drawing may take (then dot is
				   killed and the page says so); 0: 120 */
} cf_report_opts;

/*
 * Write DIR/report.html (one self-contained file: inline CSS and SVG, no
 * script, nothing from the network) and DIR/report.md (a plain summary
 * that diffs well) from the analysis runs in the store.  When the graph is
 * drawn it also writes DIR/graph.svg, the drawing the page shows and
 * links to.  Each file is written to a temporary file in DIR and renamed
 * into place, so a failed report leaves no half-written file.  DIR must exist.  CF_ENOTFOUND when
 * the store has no analysis run or not the one asked for; CF_EIO when DIR
 * cannot be written.
 */
int cf_report_write(cf_store *st, const char *dir, const cf_report_opts *o);

/* Release the drawing libraries' process-wide caches (cairo's and
 * fontconfig's), so that leak checkers see nothing left; call once at
 * exit, after the last report, and not while another thread draws. */
void cf_report_cleanup(void);

/* ---- analysis runs in the store ----------------------------------------- */

/* Record the graph and its cycles (kind "cycles"), or its exposure (kind
 * "exposure"), as a new analysis run; *out is the run id.  One
 * transaction. */
int cf_store_save_cycles(int64_t *out, cf_store *st, const cf_graph *g,
    const cf_cycles *c, int max_len, size_t limit);
int cf_store_save_exposure(int64_t *out, cf_store *st, const cf_graph *g,
    const cf_exposure *x);

/* Tables of a run for output; amounts exact in major units.  edges
 * (cycles) lists each edge as "from>to=amount[flow;...]". */
int cf_cycles_table(cf_table **out, const cf_graph *g, const cf_cycles *c);
int cf_exposure_table(cf_table **out, const cf_graph *g,
    const cf_exposure *x);
/* The direct round trips per vendor and counterparty. */
int cf_round_trips_table(cf_table **out, const cf_graph *g,
    const cf_exposure *x);
/* Cycles as JSON: each with its entities, edges, flows and sources. */
int cf_cycles_write_json(const cf_graph *g, const cf_cycles *c, FILE *fp);

/* ---- GraphViz ------------------------------------------------------------ */

/*
 * Write the graph as GraphViz DOT: entities shaped and coloured by kind,
 * parent groups as clusters (when not consolidated), edges labelled with
 * type and amount, contingent and letter-of-intent edges dashed, edges on
 * cycles highlighted, a legend.  only_cycle >= 1 writes just that cycle
 * (its rank in c); c may be NULL.
 */
int cf_dot_write(FILE *fp, const cf_graph *g, const cf_cycles *c,
    size_t only_cycle);
/* The same for members, a graph with subsidiaries apart (drawn in a
 * cluster per parent group), with the cycles c that were found in groups,
 * the consolidated graph of the same flows: an edge is on a cycle when its
 * ends' groups follow each other on one. */
int cf_dot_write_grouped(FILE *fp, const cf_graph *members,
    const cf_graph *groups, const cf_cycles *c);

/* ---- clearing ---- */

/*
 * Single-period clearing of a network of obligations (docs/methods.md,
 * "Clearing"): Eisenberg-Noe, Rogers-Veraart default costs, Furfine's
 * sequential defaults and DebtRank (linear and single-hit).  A network has
 * n entities, each with external assets and external liabilities, and
 * obligations debtor -> creditor >= 0.  Amounts are doubles in one unit of
 * the caller's choosing (cf_network_read_csv uses minor units); the models
 * compute in floating point.
 */
typedef struct cf_network cf_network;
typedef struct cf_clearing cf_clearing;

enum {
	CF_CLEAR_EISENBERG_NOE = 0,
	CF_CLEAR_ROGERS_VERAART = 1,
	CF_CLEAR_FURFINE = 2,
	CF_CLEAR_DEBTRANK = 3,		/* linear (Bardoscia et al. 2015) */
	CF_CLEAR_DEBTRANK_SINGLE_HIT = 4	/* Battiston et al. 2012 */
};

enum {
	CF_SENIORITY_EQUAL = 0,		/* external liabilities pro rata with
					   the network obligations */
	CF_SENIORITY_SENIOR = 1		/* external liabilities paid first */
};

/*
 * A network of n >= 1 entities with these ids (copied; distinct,
 * non-empty), external assets and external liabilities (finite, >= 0;
 * NULL means all 0).  CF_EARG on a bad argument, CF_ENOMEM.
 */
int cf_network_new(cf_network **out, size_t n, const char *const *ids,
    const double *external_assets, const double *external_liabilities);
/* Add an obligation of amount (finite, >= 0) from debtor to creditor
 * (indices, distinct); obligations between the same pair add up.
 * CF_EARG on a bad argument (the network is unchanged). */
int cf_network_add(cf_network *net, size_t debtor, size_t creditor,
    double amount);
/*
 * Read an entities CSV (id,external_assets,external_liabilities) and a
 * liabilities CSV (debtor,creditor,amount), RFC 4180 with a header, every
 * amount a non-negative decimal in major units parsed exactly into minor
 * units (two decimals) and then held as a double.  CF_EINPUT with
 * "path:line: ..." on bad input, CF_EIO when a file cannot be read.
 */
int cf_network_read_csv(cf_network **out, const char *liabilities_path,
    const char *entities_path);
void cf_network_free(cf_network *net);
size_t cf_network_size(const cf_network *net);
const char *cf_network_id(const cf_network *net, size_t i);
/* The index of the entity with this id; CF_ENOTFOUND (no message). */
int cf_network_find(size_t *out, const cf_network *net, const char *id);

/* An initial shock: the entity loses this fraction, in (0, 1], of its
 * external assets (DebtRank: of its equity). */
typedef struct cf_clear_shock {
	size_t entity;
	double fraction;
} cf_clear_shock;

typedef struct cf_clear_opts {
	int model;		/* CF_CLEAR_* */
	int seniority;		/* CF_SENIORITY_*: Eisenberg-Noe, Rogers-Veraart */
	double alpha;		/* Rogers-Veraart: share of external assets a
				   defaulting entity realises, [0, 1] */
	double beta;		/* Rogers-Veraart: share of its receivables
				   from the network it realises, [0, 1] */
	double recovery;	/* Furfine: share of its obligations a failed
				   entity pays, [0, 1] */
	double tolerance;	/* > 0: the residual that counts as converged */
	long max_iter;		/* >= 1 */
	const cf_clear_shock *shocks;	/* DebtRank needs at least one */
	size_t nshocks;
} cf_clear_opts;

/* The defaults: Eisenberg-Noe, equal seniority, alpha = beta = 1,
 * recovery 0, tolerance 1e-9, 10000 iterations, no shock. */
void cf_clear_opts_init(cf_clear_opts *opts);
/* "eisenberg-noe", "rogers-veraart", "furfine", "debtrank",
 * "debtrank-single-hit"; CF_EARG listing them for another name. */
int cf_clear_model_parse(int *out, const char *name);
const char *cf_clear_model_name(int model);

/*
 * Run the model on the network.  CF_OK when it ran, even if it stopped
 * at max_iter without converging (cf_clear_summary says so); CF_EARG for
 * bad options, CF_ENOMEM.  The result does not refer to the network.
 */
int cf_clear(cf_clearing **out, const cf_network *net,
    const cf_clear_opts *opts);
void cf_clearing_free(cf_clearing *c);

/* One entity's result (docs/methods.md defines each per model). */
typedef struct cf_clear_entity {
	double obligations;	/* nominal: network plus external */
	double payment;		/* paid to all creditors (DebtRank: NaN) */
	double equity;		/* after clearing or losses */
	double loss;		/* DebtRank h: relative equity loss */
	int defaulted;		/* 1: pays less than it owes (DebtRank: h = 1) */
} cf_clear_entity;

typedef struct cf_clear_summary {
	int model;
	long iterations;
	double residual;
	int converged;
	size_t defaults;
	double debtrank;	/* DebtRank: equity lost beyond the shock, as
				   a share of all positive equity */
} cf_clear_summary;

void cf_clearing_entity(cf_clear_entity *out, const cf_clearing *c, size_t i);
void cf_clearing_summary(cf_clear_summary *out, const cf_clearing *c);

/*
 * The per-entity table: id, obligations, payment, equity, default (0/1),
 * or for DebtRank id, h, equity, default.  Amounts are in minor units
 * with this exponent and are printed in major units, rounded to the
 * nearest minor unit, halves away from zero; h with six decimals.
 */
int cf_clearing_table(cf_table **out, const cf_network *net,
    const cf_clearing *c, int exponent);

/* ---- repayment stress ---------------------------------------------------- */

/*
 * Multi-period stress of the commitments in the store under the
 * scenarios of a scenarios file (docs/formats.md), with the financial
 * profiles of the store (docs/methods.md, "Repayment stress").  Each year
 * every modelled entity (one with a profile) meets what falls due from its
 * cash, revenue and the funding it receives; payments clear by the
 * chosen model; shortfalls reduce the creditors' receipts that year.
 */
typedef struct cf_scenarios cf_scenarios;

/* Read and check a scenarios file; CF_EINPUT with "path:line: ...". */
int cf_scenarios_read(cf_scenarios **out, const char *path);
void cf_scenarios_free(cf_scenarios *s);

typedef struct cf_stress cf_stress;

typedef struct cf_stress_opts {
	const char *scenario;	/* run only this one; NULL: all of them */
	long draws;		/* > 0: Monte Carlo draws instead of the
				   file's */
	int has_seed;
	uint64_t seed;		/* with has_seed: instead of the file's */
	int jobs;		/* threads for Monte Carlo draws (0: 1) */
	int start_year;		/* > 0: instead of the file's or the as-of */
	int years;		/* > 0: horizon length instead of the file's */
	int detail;		/* store every draw's entity-years */
	cf_work_fn progress;	/* may be NULL */
	void *progress_arg;
} cf_stress_opts;

/*
 * Run the scenarios on the flows that pass the filter (its as-of date,
 * consolidation and currency; every status but superseded is loaded and
 * paid flows count as settled) and record the results as one analysis
 * run (kind "stress") in one transaction: nothing is stored when it
 * fails.  Results are identical for any number of jobs.  CF_EINPUT (a
 * scenario naming an unknown entity or flow, a profile figure in another
 * currency), CF_EARG, CF_ESTORE, CF_ENOMEM.
 */
int cf_stress_run(cf_stress **out, int64_t *run_id, cf_store *st,
    const cf_graph_filter *filter, const cf_scenarios *sc,
    const cf_stress_opts *opts);
void cf_stress_free(cf_stress *s);

/* Tables of a stress run, amounts exact in major units:
 * - scenarios: scenario, kind, draws, first default (entity and year
 *   of the earliest median default year), defaults, clearings,
 *   edge_updates (obligations cleared x (rounds + 1)), converged;
 * - entities: scenario, entity, p_default, median_default_year,
 *   shortfall (expected), shortfall_q05, _q50, _q95;
 * - years: scenario, entity, year, revenue, costs, due, paid, shortfall,
 *   p_default (by the end of the year), cash_mean, cash_q05, _q50, _q95;
 * - vendors: scenario, vendor, backlog, at_risk, at_risk_q95,
 *   own_money, own_money_share;
 * - flows: scenario, flow, year, due, paid, shortfall, p_short (only
 *   flow-years with a shortfall). */
int cf_stress_scenarios_table(cf_table **out, const cf_stress *s);
int cf_stress_entities_table(cf_table **out, const cf_stress *s);
int cf_stress_years_table(cf_table **out, const cf_stress *s);
int cf_stress_vendors_table(cf_table **out, const cf_stress *s);
int cf_stress_flows_table(cf_table **out, const cf_stress *s);

#ifdef __cplusplus
}
#endif

#endif /* CIRCFIN_H */
