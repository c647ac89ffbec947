/*
 * resolve.c - entity resolution: the entities a filing names, matched to
 * the store's.
 *
 * A filing names companies by CIK, by CUSIP (a security's; its first six
 * characters are the issuer's) and by name.  Each entity a reader marked
 * "resolve" is matched, in this order, by CIK, by full CUSIP, by issuer
 * CUSIP, by normalised name, then by its names against the alias table
 * (entity_alias: an entity's own aliases and graphs/aliases.csv rows,
 * which may name XBRL members).  A name or alias match is refused when
 * both sides have CIKs and they differ.  What matches nothing becomes a
 * new entity (origin 'filing') with an id made from its name, and is
 * listed as 'new' in entity_resolution so that a user can add an alias
 * and re-run: importing an alias table merges such entities into the
 * entity the alias names (cf_resolve_merge).
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "circfin.h"
#include "store.h"
#include "strjoin.h"

/* ---- name keys -------------------------------------------------------------- */

static const char *const legal_suffixes[] = {
	"inc", "incorporated", "corp", "corporation", "co", "company", "llc",
	"lc", "pllc", "lp", "llp", "ltd", "limited", "plc", "pbc", "sa",
	"ag", "nv", "bv", "gmbh", "se", "spa", "ab", "asa", "kk", NULL
};

static int
is_suffix(const char *w, size_t n)
{
	size_t i;

	for (i = 0; legal_suffixes[i] != NULL; i++)
		if (strlen(legal_suffixes[i]) == n &&
		    memcmp(legal_suffixes[i], w, n) == 0)
			return 1;
	return 0;
}

void
cf_name_key(char *out, size_t size, const char *name)
{
	char buf[CF_NAME_KEY_MAX * 2];
	size_t n = 0, start, end, len;
	const unsigned char *p;

	/* Lower case; '&' is "and"; dots vanish (L.P. is lp); other
	 * punctuation is a space; bytes of UTF-8 sequences are kept. */
	for (p = (const unsigned char *)name; *p && n + 6 < sizeof(buf); p++) {
		if (isalnum(*p) || *p >= 0x80)
			buf[n++] = (char)tolower(*p);
		else if (*p == '&') {
			memcpy(buf + n, " and ", 5);
			n += 5;
		} else if (*p != '.' && *p != '\'')
			buf[n++] = ' ';
	}
	buf[n] = '\0';
	/* Collapse spaces. */
	for (start = end = 0; start < n; start++)
		if (buf[start] != ' ' || (end > 0 && buf[end - 1] != ' '))
			buf[end++] = buf[start];
	while (end > 0 && buf[end - 1] == ' ')
		end--;
	buf[end] = '\0';
	len = end;
	start = 0;
	if (len > 4 && memcmp(buf, "the ", 4) == 0)
		start = 4;
	/* Drop legal suffixes from the end while a word remains. */
	for (;;) {
		char *sp = NULL;
		size_t k;

		for (k = len; k > start; k--)
			if (buf[k - 1] == ' ') {
				sp = buf + k - 1;
				break;
			}
		if (sp == NULL || !is_suffix(sp + 1, (size_t)(buf + len -
		    sp - 1)))
			break;
		len = (size_t)(sp - buf);
	}
	buf[len] = '\0';
	cf_strjoin(out, size, buf + start, NULL);
}

/* ---- matching ------------------------------------------------------------- */

/* Open-addressing hash tables keyed by "tag:value" strings: the
 * filing's own entities (struct seen) and the store's entities by
 * identifier (struct cf_id_cache). */
struct keyed {
	char *key;
	const void *val;
};

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct keyed *
keyed_find(struct keyed *slot, size_t cap, const char *key)
{
	size_t i = (size_t)fnv1a(key) & (cap - 1);

	while (slot[i].key != NULL && strcmp(slot[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

/* "tag:value" into key; 0 when there is no value or it would not fit. */
static int
make_key(char *key, size_t size, const char *tag, const char *value)
{
	return value != NULL && value[0] != '\0' &&
	    cf_strjoin(key, size, tag, ":", value, NULL) != (size_t)-1;
}

/* The issuer part of a CUSIP (its first six characters), or "". */
static void
issuer_of(char out[7], const char *cusip)
{
	out[0] = '\0';
	if (cusip != NULL && strlen(cusip) >= 6) {
		memcpy(out, cusip, 6);
		out[6] = '\0';
	}
}

/*
 * The file's entities by "c" CIK, "u" issuer CUSIP and "k" name key, the
 * first to have each (cf_resolve_prepare), so that a 13F of thousands of
 * issuers is matched within itself in linear time; and by "i" the ids
 * resolution created for the file (cf_resolve_dataset).
 */
struct seen {
	struct keyed *slot;	/* val: const struct cf_entity * */
	size_t cap;
};

static int
seen_add(struct seen *t, const char *tag, const char *value,
    const struct cf_entity *e)
{
	char key[CF_NAME_KEY_MAX + 4];
	struct keyed *s;

	if (!make_key(key, sizeof(key), tag, value))
		return CF_OK;
	s = keyed_find(t->slot, t->cap, key);
	if (s->key != NULL)
		return CF_OK;	/* the first entity keeps it */
	if ((s->key = strdup(key)) == NULL)
		return cf_error_set(CF_ENOMEM, "entity resolution");
	s->val = e;
	return CF_OK;
}

static const struct cf_entity *
seen_get(struct seen *t, const char *tag, const char *value)
{
	char key[CF_NAME_KEY_MAX + 4];

	if (!make_key(key, sizeof(key), tag, value))
		return NULL;
	return keyed_find(t->slot, t->cap, key)->val;
}

static void
seen_free(struct seen *t)
{
	size_t i;

	if (t->slot == NULL)
		return;
	for (i = 0; i < t->cap; i++)
		free(t->slot[i].key);
	free(t->slot);
}

/*
 * The store's entities by identifier ("cusip:..." or "cik:..."), as
 * lookups found them: 13F tables name the same
 * issuers again and again, and a lookup in memory is cheaper than one in
 * SQLite (the cache saved 1.2 G of the writer's 28.7 G instructions on
 * bench/import's quarter corpus, measured when it came, commit 9cbcfa3).
 * The store empties it whenever what it
 * holds may have changed:
 * at the start of a transaction when another connection has written
 * (store.c, forget_if_written),
 * when anything is rolled back, replaced or merged (cf_resolve_forget).
 */
#define ID_CACHE_MAX ((size_t)1 << 17)	/* slots; emptied when half full */

struct cf_id_cache {
	struct keyed *slot;	/* val: the entity id, malloc'd */
	size_t *used;		/* the n slots filled, to empty in O(n) */
	size_t cap, n;
};

void
cf_resolve_forget(cf_store *st)
{
	struct cf_id_cache *c = st->ids;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		struct keyed *s = &c->slot[c->used[i]];

		free(s->key);
		free((void *)s->val);
		s->key = NULL;
		s->val = NULL;
	}
	c->n = 0;
}

void
cf_resolve_cache_free(cf_store *st)
{
	if (st->ids == NULL)
		return;
	cf_resolve_forget(st);
	free(st->ids->slot);
	free(st->ids->used);
	free(st->ids);
	st->ids = NULL;
}

static const char *
id_cached(cf_store *st, const char *scheme, const char *value)
{
	char key[200];

	if (st->ids == NULL || st->ids->n == 0 ||
	    !make_key(key, sizeof(key), scheme, value))
		return NULL;
	return keyed_find(st->ids->slot, st->ids->cap, key)->val;
}

/* Remember what a lookup found; a cache that cannot grow is not an
 * error, only slower. */
static void
id_remember(cf_store *st, const char *scheme, const char *value,
    const char *id)
{
	struct cf_id_cache *c = st->ids;
	struct keyed *s;
	char key[200], *copy;

	if (c == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL ||
		    (c->slot = calloc(ID_CACHE_MAX, sizeof(*c->slot))) ==
		    NULL || (c->used = malloc(ID_CACHE_MAX / 2 *
		    sizeof(*c->used))) == NULL) {
			if (c != NULL)
				free(c->slot);
			free(c);
			return;
		}
		c->cap = ID_CACHE_MAX;
		st->ids = c;
	}
	if (c->n >= c->cap / 2)
		cf_resolve_forget(st);
	if (!make_key(key, sizeof(key), scheme, value))
		return;
	s = keyed_find(c->slot, c->cap, key);
	if (s->key != NULL)
		return;
	if ((copy = strdup(id)) == NULL || (s->key = strdup(key)) == NULL) {
		free(copy);
		return;
	}
	s->val = copy;
	c->used[c->n++] = (size_t)(s - c->slot);
}

struct resolver {
	cf_store *st;
	cf_dataset *ds;
	struct seen fresh;	/* "i": the ids created for this file */
	size_t nresolve;	/* entities to resolve */
	sqlite3_stmt *by_ident, *by_cusip6, *by_name, *by_alias, *cik_of,
	    *exists;
};

const char *const cf_match_names[CF_MATCH_COUNT] = {"cik", "cusip",
    "name", "alias", "new"};

static const char *const resolver_sql[] = {
	"SELECT entity_id FROM entity_identifier WHERE scheme = ?1 AND"
	" value = ?2",
	"SELECT entity_id FROM entity_identifier WHERE scheme = 'cusip' AND"
	" value >= ?1 AND value < ?1 || '~' ORDER BY value LIMIT 1",
	"SELECT id FROM entity WHERE name_key = ?1 ORDER BY origin = 'dataset'"
	" DESC, id LIMIT 2",
	"SELECT a.entity_id FROM entity_alias a JOIN entity e ON e.id ="
	" a.entity_id WHERE a.alias_key = ?1 ORDER BY e.origin = 'dataset'"
	" DESC, a.entity_id LIMIT 1",
	"SELECT value FROM entity_identifier WHERE entity_id = ?1 AND scheme ="
	" 'cik'",
	"SELECT 1 FROM entity WHERE id = ?1",
};

static const char *
ident(const struct cf_entity *e, const char *scheme)
{
	size_t i;

	for (i = 0; i < e->nidents; i++)
		if (strcmp(e->idents[i].scheme, scheme) == 0)
			return e->idents[i].value;
	return NULL;
}

/* Run q (already bound) for one text column into buf; 1 found, 0 not,
 * or a negative CF_E* code. */
static int
one_text(struct resolver *r, sqlite3_stmt *q, char *buf, size_t size)
{
	int s = sqlite3_step(q), found = 0;

	if (s == SQLITE_ROW && sqlite3_column_text(q, 0) != NULL) {
		cf_strjoin(buf, size, (const char *)sqlite3_column_text(q, 0),
		    NULL);
		found = 1;
	} else if (s != SQLITE_DONE) {
		/* an error, or no memory for the column's text */
		found = cf_store_fail(r->st, "entity resolution");
	}
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	return found;
}

/* May e be the store entity id?  Not when both have CIKs that differ. */
static int
cik_agrees(struct resolver *r, const struct cf_entity *e, const char *id)
{
	const char *mine = ident(e, "cik");
	char theirs[32];
	int found;

	if (mine == NULL)
		return 1;
	sqlite3_bind_text(r->cik_of, 1, id, -1, SQLITE_TRANSIENT);
	found = one_text(r, r->cik_of, theirs, sizeof(theirs));
	return found <= 0 ? found == 0 : strcmp(theirs, mine) == 0;
}

/* Match e by name key against names (q = by_name) or aliases. */
static int
match_key(struct resolver *r, const struct cf_entity *e, sqlite3_stmt *q,
    const char *key, char *id, size_t size)
{
	int found;

	if (key[0] == '\0')
		return 0;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	if ((found = one_text(r, q, id, size)) <= 0)
		return found;
	return cik_agrees(r, e, id);
}

static int
exists(struct resolver *r, const char *id)
{
	char buf[8];

	sqlite3_bind_text(r->exists, 1, id, -1, SQLITE_TRANSIENT);
	return one_text(r, r->exists, buf, sizeof(buf));
}

/* Is id taken in the store, by an id created for this file, or by an
 * entity ds defines?  (Other ids this file resolved to are the store's.) */
static int
taken(struct resolver *r, const struct cf_entity *e, const char *id)
{
	size_t i;

	if (r->fresh.slot != NULL && seen_get(&r->fresh, "i", id) != NULL)
		return 1;
	for (i = 0; i < r->ds->nentities; i++)
		if (!r->ds->entities[i].resolve && &r->ds->entities[i] != e &&
		    strcmp(r->ds->entities[i].id, id) == 0)
			return 1;
	return exists(r, id);
}

/* A new id from the name's key (key): with dashes, made unique with the CIK
 * or CUSIP, then a number. */
static int
new_id_find(struct resolver *r, const struct cf_entity *e, const char *key,
    char *id, size_t size)
{
	char base[80];
	const char *tag = ident(e, "cik") ? ident(e, "cik") : ident(e, "cusip");
	size_t i, n = 0;
	int t, k;

	for (i = 0; key[i] && n < 60; i++)
		if (isalnum((unsigned char)key[i]))
			base[n++] = key[i];
		else if (n > 0 && base[n - 1] != '-')
			base[n++] = '-';
	while (n > 0 && base[n - 1] == '-')
		n--;
	base[n] = '\0';
	if (n == 0)
		snprintf(base, sizeof(base), "entity");
	snprintf(id, size, "%s", base);
	if ((t = taken(r, e, id)) <= 0)
		return t;
	if (tag != NULL) {
		char low[32];

		for (i = 0; tag[i] && i + 1 < sizeof(low); i++)
			low[i] = (char)tolower((unsigned char)tag[i]);
		low[i] = '\0';
		snprintf(id, size, "%s-%s", base, low);
		if (cf_id_valid(id) && (t = taken(r, e, id)) <= 0)
			return t;
	}
	for (k = 2; k < 1000000; k++) {
		snprintf(id, size, "%s-%d", base, k);
		if ((t = taken(r, e, id)) <= 0)
			return t;
	}
	return cf_error_set(CF_ESTORE, "no free id for entity '%s'", e->name);
}

/* new_id_find, and the id taken for the rest of the file. */
static int
new_id(struct resolver *r, const struct cf_entity *e, const char *key,
    char *id, size_t size)
{
	int rc;

	if (r->fresh.slot == NULL) {
		/* one key an entity, the table at most half full */
		for (r->fresh.cap = 16; r->fresh.cap < 2 * r->nresolve;
		    r->fresh.cap *= 2)
			;
		if ((r->fresh.slot = calloc(r->fresh.cap,
		    sizeof(*r->fresh.slot))) == NULL)
			return cf_error_set(CF_ENOMEM, "entity resolution");
	}
	if ((rc = new_id_find(r, e, key, id, size)) != CF_OK)
		return rc;
	return seen_add(&r->fresh, "i", id, e);
}

/* Is alias a member of a standard taxonomy (us-gaap:InvestorMember), or
 * the local name of one the entity also has?  Every filer uses those, so
 * they name no one: matching on them would merge strangers. */
static int
standard_member(const struct cf_entity *e, const char *alias)
{
	static const char *const prefixes[] = {"us-gaap:", "srt:", "dei:",
	    NULL};
	size_t i, k, n;

	for (k = 0; prefixes[k] != NULL; k++)
		if (strncmp(alias, prefixes[k], strlen(prefixes[k])) == 0)
			return 1;
	for (i = 0; i < e->naliases; i++)
		for (k = 0; prefixes[k] != NULL; k++) {
			n = strlen(prefixes[k]);
			if (strncmp(e->aliases[i], prefixes[k], n) == 0 &&
			    strcmp(e->aliases[i] + n, alias) == 0)
				return 1;
		}
	return 0;
}

/* The store's entity with this identifier: 1 with its id, 0, or a
 * negative CF_E* code. */
static int
by_identifier(struct resolver *r, const char *scheme, const char *value,
    char *id, size_t size)
{
	const char *hit = id_cached(r->st, scheme, value);
	int found;

	if (hit != NULL) {
		cf_strjoin(id, size, hit, NULL);
		return 1;
	}
	sqlite3_bind_text(r->by_ident, 1, scheme, -1, SQLITE_STATIC);
	sqlite3_bind_text(r->by_ident, 2, value, -1, SQLITE_TRANSIENT);
	if ((found = one_text(r, r->by_ident, id, size)) == 1)
		id_remember(r->st, scheme, value, id);
	return found;
}

/* Match e (whose normalised name is name_key) against the store. */
static int
resolve_one(struct resolver *r, struct cf_entity *e, const char *name_key,
    char *id, size_t size, int *how)
{
	char key[CF_NAME_KEY_MAX];
	const char *v;
	size_t i;
	int found;

	if ((v = ident(e, "cik")) != NULL) {
		*how = CF_MATCH_CIK;
		if ((found = by_identifier(r, "cik", v, id, size)) != 0) {
			e->matched_scheme = "cik";
			return found;
		}
	}
	if ((v = ident(e, "cusip")) != NULL) {
		char issuer[7];

		*how = CF_MATCH_CUSIP;
		if ((found = by_identifier(r, "cusip", v, id, size)) != 0) {
			e->matched_scheme = "cusip";
			return found;
		}
		issuer_of(issuer, v);
		if (issuer[0] != '\0') {
			sqlite3_bind_text(r->by_cusip6, 1, issuer, -1,
			    SQLITE_TRANSIENT);
			if ((found = one_text(r, r->by_cusip6, id, size)) != 0)
				return found;
		}
	}
	*how = CF_MATCH_NAME;
	if ((found = match_key(r, e, r->by_name, name_key, id, size)) != 0)
		return found;
	*how = CF_MATCH_ALIAS;
	if ((found = match_key(r, e, r->by_alias, name_key, id, size)) != 0)
		return found;
	for (i = 0; i < e->naliases; i++) {
		if (standard_member(e, e->aliases[i]))
			continue;
		cf_name_key(key, sizeof(key), e->aliases[i]);
		if ((found = match_key(r, e, r->by_name, key, id, size)) != 0 ||
		    (found = match_key(r, e, r->by_alias, key, id,
		    size)) != 0)
			return found;
	}
	*how = CF_MATCH_NEW;
	return 0;
}

/* The earlier entity of this file that had e's CIK, or (when CIKs do not
 * tell them apart) its issuer CUSIP or name key, with how they matched;
 * or NULL. */
static const struct cf_entity *
same_as_earlier(struct seen *t, const struct cf_entity *e, const char *key,
    int *how)
{
	const struct cf_entity *o;
	const char *cik = ident(e, "cik"), *ocik;
	char issuer[7];

	if ((o = seen_get(t, "c", cik)) != NULL) {
		*how = CF_MATCH_CIK;
		return o;
	}
	issuer_of(issuer, ident(e, "cusip"));
	if ((o = seen_get(t, "u", issuer)) != NULL)
		*how = CF_MATCH_CUSIP;
	else if ((o = seen_get(t, "k", key)) != NULL)
		*how = CF_MATCH_NAME;
	else
		return NULL;
	ocik = ident(o, "cik");
	return cik != NULL && ocik != NULL && strcmp(cik, ocik) != 0 ? NULL : o;
}

static int
seen_note(struct seen *t, const struct cf_entity *e, const char *key)
{
	char issuer[7];
	int rc;

	issuer_of(issuer, ident(e, "cusip"));
	if ((rc = seen_add(t, "c", ident(e, "cik"), e)) != CF_OK ||
	    (rc = seen_add(t, "u", issuer, e)) != CF_OK)
		return rc;
	return seen_add(t, "k", key, e);
}

static int
entity_id_cmp(const void *a, const void *b)
{
	return strcmp((*(struct cf_entity *const *)a)->id,
	    (*(struct cf_entity *const *)b)->id);
}

/* The entities to resolve, sorted by id. */
struct to_share {
	struct cf_entity *const *v;
	size_t n;
};

/* For cf_dataset_entity_refs: point *ref at the own id of the entity to
 * resolve it names, if any. */
static int
share(void *ctx, const char **ref)
{
	const struct to_share *t = ctx;
	struct cf_entity key, *k = &key, *const *m;

	if (*ref == NULL)
		return 0;
	key.id = *ref;
	if ((m = bsearch(&k, t->v, t->n, sizeof(*t->v), entity_id_cmp)) !=
	    NULL)
		*ref = (*m)->own_id;
	return 0;
}

/* Every reference in ds to an entity to resolve shares its own id. */
static void
share_ids(cf_dataset *ds, struct cf_entity **v, size_t n)
{
	struct to_share t = {v, n};

	qsort(v, n, sizeof(*v), entity_id_cmp);
	cf_dataset_entity_refs(ds, share, &t);
}

int
cf_resolve_prepare(cf_dataset *ds)
{
	struct seen seen = {NULL, 0};
	struct cf_entity **v = NULL;
	size_t i, n = 0;
	int rc = CF_OK;

	for (i = 0; i < ds->nentities; i++)
		n += ds->entities[i].resolve != 0;
	if (n == 0)
		goto done;
	/* Three keys an entity, and the table at most half full. */
	for (seen.cap = 16; seen.cap < 6 * n; seen.cap *= 2)
		;
	if ((v = malloc(n * sizeof(*v))) == NULL ||
	    (seen.slot = calloc(seen.cap, sizeof(*seen.slot))) == NULL) {
		rc = cf_error_set(CF_ENOMEM, "entity resolution");
		goto out;
	}
	for (i = 0, n = 0; i < ds->nentities; i++) {
		struct cf_entity *e = &ds->entities[i];
		char key[CF_NAME_KEY_MAX];

		if (!e->resolve)
			continue;
		cf_name_key(key, sizeof(key), e->name);
		if ((e->name_key = cf_dataset_strdup(ds, key)) == NULL ||
		    (e->own_id = cf_dataset_alloc(ds, CF_ID_MAX + 1)) ==
		    NULL) {
			rc = CF_ENOMEM;
			goto out;
		}
		if (cf_strjoin(e->own_id, CF_ID_MAX + 1, e->id, NULL) ==
		    (size_t)-1) {
			/* cf_dataset_check refuses such ids */
			rc = cf_input_error(ds->path, e->line, "entity id"
			    " '%.40s...' is longer than %d characters", e->id,
			    CF_ID_MAX);
			goto out;
		}
		e->id = e->own_id;
		v[n++] = e;
		e->same_as = same_as_earlier(&seen, e, key, &e->same_how);
		if ((rc = seen_note(&seen, e, key)) != CF_OK)
			goto out;
	}
	share_ids(ds, v, n);
done:
	ds->resolve_prepared = 1;
out:
	seen_free(&seen);
	free(v);
	return rc;
}

int
cf_resolve_dataset(cf_store *st, cf_dataset *ds)
{
	struct resolver r = {st, ds, {NULL, 0}, 0, NULL, NULL, NULL, NULL,
	    NULL, NULL};
	sqlite3_stmt **qs[] = {&r.by_ident, &r.by_cusip6, &r.by_name,
	    &r.by_alias, &r.cik_of, &r.exists};
	size_t i, k;
	int rc = CF_OK, found;

	if (!ds->resolve_prepared && (rc = cf_resolve_prepare(ds)) != CF_OK)
		return rc;
	for (i = 0; i < ds->nentities; i++)
		r.nresolve += ds->entities[i].resolve != 0;
	if (r.nresolve == 0)
		return CF_OK;
	for (k = 0; k < sizeof(qs) / sizeof(*qs); k++)
		if ((*qs[k] = cf_store_stmt(st, resolver_sql[k])) == NULL) {
			rc = CF_ESTORE;
			goto out;
		}
	for (i = 0; i < ds->nentities; i++) {
		struct cf_entity *e = &ds->entities[i];
		char id[CF_ID_MAX + 1];
		int how = CF_MATCH_NEW;

		if (!e->resolve)
			continue;
		if (e->same_as != NULL) {
			/* resolved already: its own id holds the result */
			cf_strjoin(id, sizeof(id), e->same_as->id, NULL);
			how = e->same_how;
			found = 1;
		} else if ((found = resolve_one(&r, e, e->name_key, id,
		    sizeof(id), &how)) == 0)
			rc = new_id(&r, e, e->name_key, id, sizeof(id));
		if (found < 0 || rc != CF_OK) {
			rc = found < 0 ? found : rc;
			goto out;
		}
		cf_strjoin(e->own_id, CF_ID_MAX + 1, id, NULL);
		/* An entity the store has, or one written for an earlier
		 * name of this filing: only its identifiers are added. */
		e->exists = found;
		e->matched_by = how;
	}
out:
	for (k = 0; k < sizeof(qs) / sizeof(*qs); k++)
		if (*qs[k] != NULL)
			sqlite3_reset(*qs[k]);
	seen_free(&r.fresh);
	return rc;
}

/*
 * Count how each entity was resolved, and keep a row for a person to
 * review when it was not by an identifier: a match by CIK or CUSIP (all
 * of it, or the six characters that number the issuer) rests on one, and
 * a 13F table names a thousand issuers so (a row each would be a third of
 * the import's writes), so those are only counted.
 */
int
cf_resolve_record(cf_store *st, const cf_dataset *ds, int64_t import_id)
{
	static const char row_sql[] = "INSERT INTO entity_resolution("
	    "import_id, entity_id, name, cik, cusip, matched_by, line)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	static const char count_sql[] = "INSERT INTO import_resolution("
	    "import_id, matched_by, entities) VALUES (?1, ?2, ?3)";
	long counts[CF_MATCH_COUNT] = {0};
	sqlite3_stmt *q = NULL;
	size_t i;
	int k, rc = CF_OK;

	for (i = 0; i < ds->nentities && rc == CF_OK; i++) {
		const struct cf_entity *e = &ds->entities[i];

		if (!e->resolve)
			continue;
		counts[e->matched_by]++;
		if (e->matched_by == CF_MATCH_CIK ||
		    e->matched_by == CF_MATCH_CUSIP)
			continue;
		if (q == NULL && (q = cf_store_stmt(st, row_sql)) == NULL) {
			rc = CF_ESTORE;
			break;
		}
		sqlite3_bind_int64(q, 1, import_id);
		sqlite3_bind_text(q, 2, e->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, e->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, ident(e, "cik"), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, ident(e, "cusip"), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, cf_match_names[e->matched_by], -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(q, 7, e->line);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = cf_store_fail(st, "entity resolution");
		sqlite3_reset(q);
	}
	q = NULL;
	for (k = 0; k < CF_MATCH_COUNT && rc == CF_OK; k++) {
		if (counts[k] == 0)
			continue;
		if (q == NULL && (q = cf_store_stmt(st, count_sql)) == NULL) {
			rc = CF_ESTORE;
			break;
		}
		sqlite3_bind_int64(q, 1, import_id);
		sqlite3_bind_text(q, 2, cf_match_names[k], -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, counts[k]);
		if (sqlite3_step(q) != SQLITE_DONE)
			rc = cf_store_fail(st, "entity resolution");
		sqlite3_reset(q);
	}
	return rc;
}

/* ---- merging after new aliases ----------------------------------------- */

/* Entities a filing created that an alias of this import now names:
 * (created, alias target), where their CIKs do not differ. */
static const char merge_candidates_sql[] =
    "SELECT DISTINCT e.id, a.entity_id FROM entity_alias a"
    " JOIN entity e ON e.origin = 'filing' AND e.id <> a.entity_id"
    " AND (e.name_key = a.alias_key OR EXISTS (SELECT 1 FROM entity_alias b"
    " WHERE b.entity_id = e.id AND b.alias_key = a.alias_key))"
    " WHERE a.import_id = ?1 AND a.alias_key <> '' AND NOT EXISTS"
    " (SELECT 1 FROM entity_identifier x JOIN entity_identifier y ON"
    " y.scheme = 'cik' AND y.entity_id = a.entity_id WHERE x.scheme = 'cik'"
    " AND x.entity_id = e.id AND x.value <> y.value) ORDER BY e.id";

/* The same pairs where the CIKs differ: the alias contradicts a filing. */
static const char merge_conflict_sql[] =
    "SELECT e.id, a.entity_id, a.alias, x.value, y.value FROM entity_alias a"
    " JOIN entity e ON e.origin = 'filing' AND e.id <> a.entity_id"
    " AND (e.name_key = a.alias_key OR EXISTS (SELECT 1 FROM entity_alias b"
    " WHERE b.entity_id = e.id AND b.alias_key = a.alias_key))"
    " JOIN entity_identifier x ON x.entity_id = e.id AND x.scheme = 'cik'"
    " JOIN entity_identifier y ON y.entity_id = a.entity_id AND y.scheme ="
    " 'cik' AND y.value <> x.value WHERE a.import_id = ?1 AND a.alias_key"
    " <> '' ORDER BY a.alias LIMIT 1";

/* Moving every reference from ?1 to ?2, then dropping ?1. */
static const char *const merge_sql[] = {
	"UPDATE flow SET from_id = ?2 WHERE from_id = ?1",
	"UPDATE flow SET to_id = ?2 WHERE to_id = ?1",
	"UPDATE disclosure SET entity_id = ?2 WHERE entity_id = ?1",
	"UPDATE disclosure SET counterparty_id = ?2 WHERE counterparty_id = ?1",
	"UPDATE holding SET holder_id = ?2 WHERE holder_id = ?1",
	"UPDATE holding SET issuer_id = ?2 WHERE issuer_id = ?1",
	"UPDATE profile_figure SET entity_id = ?2 WHERE entity_id = ?1",
	"UPDATE entity SET parent_id = ?2 WHERE parent_id = ?1",
	"UPDATE OR IGNORE entity_identifier SET entity_id = ?2"
	" WHERE entity_id = ?1",
	"UPDATE OR IGNORE entity_alias SET entity_id = ?2 WHERE entity_id = ?1",
	"INSERT OR IGNORE INTO entity_alias(entity_id, alias, alias_key)"
	" SELECT ?2, name, name_key FROM entity WHERE id = ?1",
	"UPDATE entity_resolution SET entity_id = ?2, matched_by = 'alias'"
	" WHERE entity_id = ?1",
	"DELETE FROM entity WHERE id = ?1",
};

int
cf_resolve_merge(cf_store *st, const char *path, int64_t import_id)
{
	sqlite3_stmt *q = NULL, *m = NULL;
	int rc = CF_OK, r;
	size_t k;

	cf_resolve_forget(st);
	if (sqlite3_prepare_v2(st->db, merge_conflict_sql, -1, &q, NULL) !=
	    SQLITE_OK)
		return cf_store_fail(st, "merging entities");
	sqlite3_bind_int64(q, 1, import_id);
	if ((r = sqlite3_step(q)) == SQLITE_ROW)
		rc = cf_input_error(path, 0, "alias '%s' names '%s' (CIK %s),"
		    " but '%s', which filings named so, has CIK %s: one of them"
		    " is wrong", sqlite3_column_text(q, 2),
		    sqlite3_column_text(q, 1), sqlite3_column_text(q, 4),
		    sqlite3_column_text(q, 0), sqlite3_column_text(q, 3));
	else if (r != SQLITE_DONE)
		rc = cf_store_fail(st, "merging entities");
	sqlite3_finalize(q);
	q = NULL;
	if (rc != CF_OK)
		return rc;
	if (sqlite3_prepare_v2(st->db, merge_candidates_sql, -1, &q, NULL) !=
	    SQLITE_OK)
		return cf_store_fail(st, "merging entities");
	sqlite3_bind_int64(q, 1, import_id);
	/* One at a time: each merge changes what the query sees. */
	while (rc == CF_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		char from[160], to[160];

		snprintf(from, sizeof(from), "%s", sqlite3_column_text(q, 0));
		snprintf(to, sizeof(to), "%s", sqlite3_column_text(q, 1));
		sqlite3_reset(q);
		for (k = 0; k < sizeof(merge_sql) / sizeof(*merge_sql); k++) {
			if (sqlite3_prepare_v2(st->db, merge_sql[k], -1, &m,
			    NULL) != SQLITE_OK) {
				rc = cf_store_fail(st, "merging entities");
				break;
			}
			sqlite3_bind_text(m, 1, from, -1, SQLITE_STATIC);
			sqlite3_bind_text(m, 2, to, -1, SQLITE_STATIC);
			r = sqlite3_step(m);
			sqlite3_finalize(m);
			if (r == SQLITE_CONSTRAINT_CHECK) {
				rc = cf_input_error(path, 0, "an alias makes"
				    " '%s' the same entity as '%s', but a flow"
				    " or holding links the two", from, to);
				break;
			}
			if (r != SQLITE_DONE) {
				rc = cf_store_fail(st, "merging entities");
				break;
			}
		}
	}
	sqlite3_finalize(q);
	return rc;
}
