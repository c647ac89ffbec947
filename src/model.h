/*
 * model.h - the money-flow model in memory (internal).
 *
 * An importer reads one file into a cf_dataset: sources, entities, flows
 * and disclosures as plain records whose strings live in the dataset's
 * arena.  cf_dataset_check() then enforces what holds within one file;
 * the store checks references across files when it writes the dataset in
 * one transaction.  docs/data-model.md describes every field.
 */
#ifndef CF_MODEL_H
#define CF_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* A controlled vocabulary: names with a one-line description.  The lists
 * are the single source for the store's vocabulary tables; the XSD repeats
 * them and a unit test keeps the two equal.  A store keeps the tables it
 * was created with, and bulk imports (store.c, set_bulk) write names
 * without looking them up there: a new name needs a new schema version. */
struct cf_vocab {
	const char *name;
	const char *description;
};

extern const struct cf_vocab cf_entity_kinds[];
extern const struct cf_vocab cf_flow_types[];
extern const struct cf_vocab cf_flow_statuses[];
extern const struct cf_vocab cf_confidences[];
extern const struct cf_vocab cf_units[];
extern const struct cf_vocab cf_id_schemes[];
extern const struct cf_vocab cf_disclosure_kinds[];
/* Items of a financial profile: the money items come first, up to
 * CF_PROFILE_NMONEY; the rest are ratios. */
extern const struct cf_vocab cf_profile_items[];
enum {
	CF_ITEM_REVENUE, CF_ITEM_OPERATING_COSTS, CF_ITEM_CASH, CF_ITEM_DEBT,
	CF_ITEM_COMPUTE_ASSETS, CF_ITEM_REVENUE_GROWTH, CF_ITEM_GROSS_MARGIN,
	CF_ITEM_COST_GROWTH, CF_PROFILE_NITEMS
};
#define CF_PROFILE_NMONEY (CF_ITEM_COMPUTE_ASSETS + 1)
/* Is the item a yearly figure (its period a year) rather than one as of
 * a date (cash, debt, compute assets)? */
int cf_profile_item_yearly(int item);

/* Index of name in a NULL-terminated vocabulary, or -1. */
int cf_vocab_find(const struct cf_vocab *v, const char *name);
/* Is text a valid id: [a-z0-9][a-z0-9._-]*, at most CF_ID_MAX characters? */
#define CF_ID_MAX 128
int cf_id_valid(const char *text);
/* The index of the element whose id is id in base[0..n), elements of
 * size bytes sorted by the char * id at offset off; -1 if none. */
int cf_find_id(const void *base, size_t n, size_t size, size_t off,
    const char *id);

struct cf_source {
	const char *id, *title, *publisher, *date, *url, *accession;
	const char *retrieved, *excerpt, *note;
	long line;
};

struct cf_ident {
	const char *scheme, *value;
};

struct cf_entity {
	const char *id, *name, *parent, *note;
	const char **kinds;
	size_t nkinds;
	struct cf_ident *idents;
	size_t nidents;
	const char **aliases;
	size_t naliases;
	/* A filing names entities it does not define: resolve says the id is
	 * local to the file, and the store maps the entity to one it has (by
	 * CIK, CUSIP, name or alias) or creates it (src/resolve.c). */
	int resolve;
	/* Set by cf_resolve_prepare for an entity to resolve: its normalised
	 * name, and the earlier entity of the file it is the same as, with
	 * how they matched (CF_MATCH_*), or NULL. */
	const char *name_key;
	const struct cf_entity *same_as;
	int same_how;
	/* e->id's own buffer (CF_ID_MAX + 1 bytes), which every reference to
	 * the entity shares: resolution writes the resolved id into it. */
	char *own_id;
	int exists;	/* set by the store: resolved to an entity it has */
	int matched_by;	/* and how (CF_MATCH_*), for cf_resolve_record */
	const char *matched_scheme;	/* and by that entity's identifier
					   of this scheme (already stored) */
	long line;
};

struct cf_payment {
	const char *due;
	int64_t minor;
};

/* Money and quantity of a flow.  has_* flags say which parts are present;
 * minor units are in the flow's currency. */
struct cf_flow {
	const char *id, *from, *to, *type, *status, *confidence;
	const char *announced, *start, *end, *superseded_by;
	const char *prior_status;	/* status before it was superseded */
	const char *condition, *note;
	char currency[4];
	int has_amount, has_low, has_high, estimate;
	int64_t amount, low, high;
	const char *unit;
	int has_quantity, has_qlow, has_qhigh;
	double quantity, qlow, qhigh;
	struct cf_payment *schedule;
	size_t nschedule;
	int schedule_assumed;
	char schedule_currency[4];
	const char **sources;
	size_t nsources;
	long line;
};

struct cf_disclosure {
	const char *id, *entity, *counterparty, *kind, *as_of, *note;
	char currency[4];
	int64_t amount;
	int estimate;
	/* A ladder of what falls due when (purchase obligations by year);
	 * due is a year or a date, and the rungs need not sum to amount
	 * (filers leave out "thereafter" or round). */
	struct cf_payment *schedule;
	size_t nschedule;
	const char **sources;
	size_t nsources;
	long line;
};

/* One figure of an entity's financial profile: money (has_amount) or a
 * ratio, for a year or as of a date; sourced unless an assumption. */
struct cf_figure {
	const char *id, *entity, *item, *period, *note;
	int assumption;
	int has_amount, estimate;
	char currency[4];
	int64_t amount;
	int has_ratio;
	double ratio;
	const char **sources;
	size_t nsources;
	long line;
};

/* A stake one entity reports holding in another as of a date (Form 4,
 * Schedule 13D/13G): shares and percent of class are not money, so they
 * are doubles (exact to 2^53 shares); value is money when given. */
struct cf_holding {
	const char *id, *holder, *issuer, *as_of, *title_of_class, *cusip;
	const char *note;
	int has_shares, has_percent, has_value;
	double shares, percent;		/* percent of class, 0..100 */
	char currency[4];
	int64_t value;
	const char **sources;
	size_t nsources;
	long line;
};

/* A row of an alias table (graphs/aliases.csv): another name, or an XBRL
 * member name, for an entity the store has. */
struct cf_alias {
	const char *alias, *entity, *note;
	long line;
};

/* What an EDGAR filing says about itself, filled by the filing readers;
 * NULL where the file does not say.  The store keys amendments on it. */
struct cf_filing {
	char sha256[65];	/* of the file, set before the reader runs */
	const char *accession;	/* 0001234567-24-000123 */
	const char *form;	/* as EDGAR names it: D, D/A, 13F-HR, 4, ... */
	const char *filed;	/* YYYY-MM-DD */
	const char *period;	/* period of report, YYYY-MM-DD */
	const char *filer_cik;
	/* Filings that amend one another share a lineage; NULL means the
	 * accession.  An amendment replaces what was imported under its
	 * lineage; an original is skipped when an amendment of it is in. */
	const char *lineage;
	const char *amends;	/* accession an amendment replaces (Form D/A);
				   NULL for one kept beside it (13D/A) */
	int amendment;
	const char *note;	/* how the reader decided things (13F units) */
	/* Set when the file is part of a filing read from another file
	 * (a 13F table beside its cover page): the batch skips it with
	 * this reason and imports nothing. */
	const char *ignored;
	/* Other files read with this one (13F table, XBRL labels). */
	const char **companions;
	size_t ncompanions;
	/* Set by the store when it skips the filing: why (an accession
	 * imported before, or an amendment of it imported). */
	const char *skipped;
};

typedef struct cf_dataset cf_dataset;

struct cf_dataset {
	const char *path;	/* the file, for messages */
	const char *title, *description, *as_of;	/* of the file, if given */
	struct cf_source *sources;
	size_t nsources, csources;
	struct cf_entity *entities;
	size_t nentities, centities;
	struct cf_flow *flows;
	size_t nflows, cflows;
	struct cf_disclosure *disclosures;
	size_t ndisclosures, cdisclosures;
	struct cf_figure *figures;
	size_t nfigures, cfigures;
	struct cf_holding *holdings;
	size_t nholdings, choldings;
	struct cf_alias *aliases;
	size_t naliases, caliases;
	int is_filing;			/* read by an EDGAR reader */
	int self_contained;		/* set by cf_dataset_check, for
					 * filings; 0 for other files */
	int resolve_prepared;		/* by cf_resolve_prepare */
	struct cf_filing filing;
	/* A reader's state between the documents of one filing (a 13F's
	 * cover and table), freed with the dataset. */
	void *state;
	void (*state_free)(void *);
	struct arena_block *arena;
};

int cf_dataset_new(cf_dataset **out, const char *path);
void cf_dataset_free(cf_dataset *ds);
/* The memory ds holds (its arena and record arrays), in bytes. */
size_t cf_dataset_bytes(const cf_dataset *ds);

/* Zeroed memory and string copies that live as long as the dataset.
 * NULL on allocation failure (with the error set). */
void *cf_dataset_alloc(cf_dataset *ds, size_t size);
char *cf_dataset_strdup(cf_dataset *ds, const char *s);
char *cf_dataset_strndup(cf_dataset *ds, const char *s, size_t n);

/* Append a zeroed record; the pointer is valid until the next append of
 * the same kind.  NULL on allocation failure. */
struct cf_source *cf_dataset_add_source(cf_dataset *ds);
/* Append a zeroed entity or flow, defined on line of ds->path, as *out
 * (valid until the next append of the same kind, its line set).
 * CF_EINPUT "path:line: ... over the limit entities=N" when ds already
 * holds as many as cf_limit_get(CF_LIMIT_ENTITIES) (or CF_LIMIT_FLOWS)
 * allows, CF_ENOMEM. */
int cf_dataset_add_entity(cf_dataset *ds, long line, struct cf_entity **out);
int cf_dataset_add_flow(cf_dataset *ds, long line, struct cf_flow **out);
struct cf_disclosure *cf_dataset_add_disclosure(cf_dataset *ds);
struct cf_figure *cf_dataset_add_figure(cf_dataset *ds);
struct cf_holding *cf_dataset_add_holding(cf_dataset *ds);
struct cf_alias *cf_dataset_add_alias(cf_dataset *ds);

/* Rows the dataset will write (records of all kinds). */
long cf_dataset_rows(const cf_dataset *ds);

/*
 * Check what must hold within one file: ids well formed and unique per
 * kind, vocabularies, dates, currencies, ranges (low <= amount <= high),
 * schedules summing exactly to the amount, superseded flows naming their
 * replacement, no flow from an entity to itself, profile figures of the
 * right form (money or ratio, a year or a date), in range, and sourced
 * unless marked as assumptions.  CF_EINPUT with
 * "path:line: ..." on the first problem.  On success it also sets
 * ds->self_contained for a filing (cf_dataset_self_contained; 0 for
 * other files), so that the writer, which may write such a filing in
 * bulk, need not work it out.
 */
int cf_dataset_check(cf_dataset *ds);

/*
 * 1 when every reference in ds names a record of ds itself (entities'
 * parents, flows' ends, superseded_by and sources, and those of
 * disclosures, figures and holdings) and ds has no alias rows, which
 * name what the store has; else 0, also when memory runs out or the ids
 * are not well formed and unique.  Resolution renames entities
 * consistently, so it keeps the property.
 */
int cf_dataset_self_contained(cf_dataset *ds);

/*
 * Call fn with the address of each reference in ds to an entity: parents,
 * flows' ends, disclosures' entity and counterparty, figures' entity,
 * holdings' holder and issuer, NULL ones too.  fn may change the
 * reference; the first non-zero it returns stops the walk and is
 * returned.
 */
int cf_dataset_entity_refs(cf_dataset *ds, int (*fn)(void *ctx,
    const char **ref), void *ctx);

/* The i-th active ISO 4217 currency (sorted by code); 0 past the end. */
int cf_currency_at(size_t i, const char **code, int *exponent);

/* Format "path:line: " problems consistently. */
int cf_input_error(const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * count things against limit (circfin.h), the new one included: CF_OK
 * within it, else the limit's one message ("more than N flows in one
 * file (over the limit flows=N)"), as CF_EINPUT "path:line: ..." of the
 * input at path, or CF_ELIMIT of an analysis when path is NULL.  (In
 * src/limits.c.)
 */
int cf_limit_check(int limit, uint64_t count, const char *path, long line);

#endif /* CF_MODEL_H */
