/*
 * test_resolve.c - entity resolution and the filing rules of the store:
 * name keys, matching by CIK, CUSIP, name and alias (never across CIKs),
 * new ids, one entity for two names of one filing, merging after an alias
 * table, and amendments (replace, superseded, same accession).  Datasets
 * are built here record by record, so these tests do not depend on any
 * EDGAR reader.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "circfin.h"
#include "edgar.h"
#include "model.h"
#include "store.h"
#include "testutil.h"

struct fixture {
	char path[512];
	cf_store *st;
	int nfiles;
};

static int
setup(void **state)
{
	static struct fixture fx;

	memset(&fx, 0, sizeof(fx));
	fx.st = tu_store_tmp(fx.path, sizeof(fx.path));
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	tu_store_remove(fx->st, fx->path);
	return 0;
}

/* A curated entity, as a dataset file would define it. */
static void
add_curated(cf_dataset *ds, const char *id, const char *name,
    const char *cik, const char *cusip)
{
	struct cf_entity *e = NULL;
	struct cf_ident *v = cf_dataset_alloc(ds, 2 * sizeof(*v));
	const char **kinds = cf_dataset_alloc(ds, 2 * sizeof(*kinds));

	assert_int_equal(cf_dataset_add_entity(ds, 1, &e), CF_OK);
	e->id = id;
	e->name = name;
	kinds[0] = "other";
	e->kinds = kinds;
	e->nkinds = 1;
	if (cik != NULL)
		v[e->nidents++] = (struct cf_ident){"cik", cik};
	if (cusip != NULL)
		v[e->nidents++] = (struct cf_ident){"cusip", cusip};
	e->idents = v;
	e->line = 1;
}

/* Check and write ds; bulk 0 writes it with foreign keys on even when
 * it cites only itself, so that a group is not committed around it. */
static void
write_ds_bulk(struct fixture *fx, cf_dataset *ds, int bulk)
{
	char sha[CF_SHA256_HEX];

	if (cf_dataset_check(ds) != CF_OK)
		fail_msg("check: %s", cf_error_message());
	if (!bulk)
		ds->self_contained = 0;
	cf_sha256_hex(sha, ds->path, strlen(ds->path));
	if (cf_store_write_dataset(fx->st, ds, ds->path, sha, "test", 1) !=
	    CF_OK)
		fail_msg("write: %s", cf_error_message());
}

static void
write_ds(struct fixture *fx, cf_dataset *ds)
{
	write_ds_bulk(fx, ds, 1);
}

static void
import_curated(struct fixture *fx)
{
	cf_dataset *ds = NULL;

	assert_int_equal(cf_dataset_new(&ds, "curated.xml"), CF_OK);
	add_curated(ds, "amazon", "Amazon.com, Inc.", "0001018724", NULL);
	add_curated(ds, "alphabet", "Alphabet Inc.", "0001652044",
	    "02079K305");
	add_curated(ds, "anthropic", "Anthropic PBC", NULL, NULL);
	add_curated(ds, "other-anthropic", "Anthropic Holdings LLC",
	    "0009990009", NULL);
	write_ds(fx, ds);
	cf_dataset_free(ds);
}

/* A filing: one source, and an equity flow between two named entities
 * (from and to as CIK, CUSIP and name triples). */
static cf_dataset *
filing(struct fixture *fx, const char *accession, int amendment,
    const char *amends, const char *filed, const char *from_cik,
    const char *from_name, const char *to_cik, const char *to_cusip,
    const char *to_name)
{
	cf_dataset *ds = NULL;
	struct cf_flow *f;
	const char *src, *a, *b;
	char path[64];

	snprintf(path, sizeof(path), "filing-%d.xml", ++fx->nfiles);
	assert_int_equal(cf_dataset_new(&ds, path), CF_OK);
	ds->path = cf_dataset_strdup(ds, path);
	ds->is_filing = 1;
	snprintf(ds->filing.sha256, sizeof(ds->filing.sha256), "%064d",
	    fx->nfiles);
	ds->filing.accession = accession;
	ds->filing.form = amendment ? "D/A" : "D";
	ds->filing.amendment = amendment;
	ds->filing.amends = amends;
	ds->filing.filed = filed;
	assert_int_equal(cf_edgar_source(ds, "a filing", from_cik, 1, &src),
	    CF_OK);
	assert_int_equal(cf_edgar_entity(ds, from_cik, NULL, from_name,
	    "investor", 2, &a), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, to_cik, to_cusip, to_name,
	    "other", 3, &b), CF_OK);
	assert_int_equal(cf_dataset_add_flow(ds, 4, &f), CF_OK);
	f->id = cf_edgar_record_id(ds, src, "flow", 1);
	f->from = a;
	f->to = b;
	f->type = "equity";
	f->status = "paid";
	f->confidence = "high";
	f->announced = "2024-01-02";
	memcpy(f->currency, "USD", 4);
	f->has_amount = 1;
	f->amount = 100;
	f->line = 4;
	assert_int_equal(cf_edgar_cite(ds, &f->sources, &f->nsources, src),
	    CF_OK);
	return ds;
}

static long long
q(struct fixture *fx, const char *sql)
{
	return tu_query_int(fx->st, sql);
}

static const char *
qt(struct fixture *fx, const char *sql, char *buf, size_t size)
{
	return tu_query_text(fx->st, sql, NULL, buf, size);
}

/* ---- name keys -------------------------------------------------------------- */

static void
test_name_keys(void **state)
{
	static const char *const cases[][2] = {
		{"Amazon.com, Inc.", "amazoncom"},
		{"AMAZON COM INC", "amazon com"},
		{"NVIDIA CORP", "nvidia"},
		{"The Goldman Sachs Group, Inc.", "goldman sachs group"},
		{"AT&T Inc.", "at and t"},
		{"Anthropic, PBC", "anthropic"},
		{"VEPF VIII Co-Invest 4-A, L.P.", "vepf viii co invest 4 a"},
		{"Oracle Corporation", "oracle"},
		{"  Meta   Platforms,Inc ", "meta platforms"},
		{"Inc.", "inc"},
		{"Holding Co Inc", "holding"},
		{"Société Générale S.A.", "société générale"},
	};
	char key[CF_NAME_KEY_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		cf_name_key(key, sizeof(key), cases[i][0]);
		if (strcmp(key, cases[i][1]) != 0)
			fail_msg("key of '%s' is '%s', expected '%s'",
			    cases[i][0], key, cases[i][1]);
	}
}

/* ---- matching ---------------------------------------------------------------- */

static void
test_match_by_cik_adds_identifiers_only(void **state)
{
	struct fixture *fx = *state;
	char buf[128];
	cf_dataset *ds;

	import_curated(fx);
	ds = filing(fx, "0000000001-24-000001", 0, NULL, "2024-01-02",
	    "1018724", "AMAZON COM INC", "0001652044", "02079K107",
	    "ALPHABET INC CLASS C");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_string_equal(qt(fx, "SELECT from_id || '>' || to_id FROM flow",
	    buf, sizeof(buf)), "amazon>alphabet");
	assert_int_equal(q(fx, "SELECT count(*) FROM entity"), 4);
	/* The class C CUSIP is added to Alphabet; names stay curated. */
	assert_int_equal(q(fx, "SELECT count(*) FROM entity_identifier WHERE"
	    " entity_id = 'alphabet' AND value = '02079K107'"), 1);
	assert_string_equal(qt(fx, "SELECT name FROM entity WHERE id ="
	    " 'amazon'", buf, sizeof(buf)), "Amazon.com, Inc.");
	/* Matches by identifier are counted, not listed for review. */
	assert_string_equal(qt(fx, "SELECT group_concat(matched_by || '=' ||"
	    " entities, ',') FROM import_resolution", buf, sizeof(buf)),
	    "cik=2");
	assert_int_equal(q(fx, "SELECT count(*) FROM entity_resolution"), 0);
}

static void
test_match_by_cusip_issuer_and_name(void **state)
{
	struct fixture *fx = *state;
	char buf[128];
	cf_dataset *ds;

	import_curated(fx);
	/* No CIKs: the issuer part of a CUSIP of another class, and a name
	 * written differently. */
	ds = filing(fx, "0000000001-24-000002", 0, NULL, "2024-01-02", NULL,
	    "ANTHROPIC, PBC", NULL, "02079K999", "Alphabet (class X)");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_string_equal(qt(fx, "SELECT from_id || '>' || to_id FROM flow",
	    buf, sizeof(buf)), "anthropic>alphabet");
	assert_string_equal(qt(fx, "SELECT group_concat(matched_by || '=' ||"
	    " entities, ',') FROM (SELECT * FROM import_resolution ORDER BY"
	    " matched_by)", buf, sizeof(buf)), "cusip=1,name=1");
	assert_string_equal(qt(fx, "SELECT group_concat(matched_by || ':' ||"
	    " name, ',') FROM entity_resolution", buf, sizeof(buf)),
	    "name:ANTHROPIC, PBC");
}

static void
test_name_never_matches_across_ciks(void **state)
{
	struct fixture *fx = *state;
	char buf[128];
	cf_dataset *ds;

	import_curated(fx);
	/* "Amazon.com Inc" by name, but with another CIK: a new entity. */
	ds = filing(fx, "0000000001-24-000003", 0, NULL, "2024-01-02",
	    "0000000077", "Amazon.com, Inc.", "0001652044", NULL, "Alphabet");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_string_equal(qt(fx, "SELECT from_id FROM flow", buf,
	    sizeof(buf)), "amazoncom");
	assert_string_equal(qt(fx, "SELECT origin FROM entity WHERE id ="
	    " 'amazoncom'", buf, sizeof(buf)), "filing");
	assert_int_equal(q(fx, "SELECT count(*) FROM entity_resolution WHERE"
	    " matched_by = 'new' AND cik = '0000000077'"), 1);
}

static void
test_new_ids_are_unique_and_reused(void **state)
{
	struct fixture *fx = *state;
	char buf[128];
	cf_dataset *ds;

	import_curated(fx);
	/* "Anthropic Holdings" exists as other-anthropic with a CIK; a new
	 * "Example Robotics Inc" gets the id example-robotics. */
	ds = filing(fx, "0000000001-24-000004", 0, NULL, "2024-01-02",
	    "0009990001", "Example Robotics Inc", NULL, NULL, "Anthropic PBC");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	/* Another company whose name key is the same, with its own CIK:
	 * the id takes the CIK. */
	ds = filing(fx, "0000000001-24-000005", 0, NULL, "2024-01-03",
	    "0009990002", "Example Robotics, Inc.", NULL, NULL,
	    "Anthropic PBC");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	/* The first again, by CIK. */
	ds = filing(fx, "0000000001-24-000006", 0, NULL, "2024-01-04",
	    "9990001", "EXAMPLE ROBOTICS", NULL, NULL, "Anthropic PBC");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_string_equal(qt(fx, "SELECT group_concat(from_id, ',') FROM"
	    " (SELECT from_id FROM flow ORDER BY id)", buf, sizeof(buf)),
	    "example-robotics,example-robotics-0009990002,example-robotics");
	assert_int_equal(q(fx, "SELECT count(*) FROM entity WHERE origin ="
	    " 'filing'"), 2);
}

/* What the reading thread decides alone (cf_resolve_prepare): name keys,
 * which entity is the same as an earlier one and how, and references that
 * share the entity's own id, so that resolving it renames them. */
static void
test_prepare_matches_within_the_file(void **state)
{
	cf_dataset *ds;
	const char *src, *m, *b, *c, *d, *e;
	struct cf_flow *f;
	struct cf_entity *v;

	(void)state;
	assert_int_equal(cf_dataset_new(&ds, "13f.xml"), CF_OK);
	ds->is_filing = 1;
	assert_int_equal(cf_edgar_source(ds, "13F", NULL, 1, &src), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, "0000000042", NULL, "Some"
	    " Manager LLC", "investor", 2, &m), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, NULL, "99999Z105", "NEWCO INC",
	    "other", 3, &b), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, NULL, "99999Z204", "Newco"
	    " Class B", "other", 4, &c), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, "0000000007", NULL, "Same Name"
	    " Ltd", "other", 5, &d), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, "0000000008", NULL, "SAME NAME",
	    "other", 6, &e), CF_OK);
	assert_int_equal(cf_dataset_add_flow(ds, 7, &f), CF_OK);
	f->from = m;
	f->to = c;
	assert_int_equal(cf_resolve_prepare(ds), CF_OK);
	assert_int_equal(ds->resolve_prepared, 1);
	v = ds->entities;
	assert_string_equal(v[1].name_key, "newco");
	assert_null(v[0].same_as);
	assert_null(v[1].same_as);
	assert_ptr_equal(v[2].same_as, &v[1]);	/* the issuer's CUSIP */
	assert_int_equal(v[2].same_how, CF_MATCH_CUSIP);
	assert_string_equal(v[3].name_key, "same name");
	assert_null(v[4].same_as);		/* same name, other CIK */
	/* the flow's ends are the entities' own ids, which resolution
	 * overwrites */
	assert_ptr_equal(f->from, v[0].own_id);
	assert_ptr_equal(f->to, v[2].own_id);
	assert_ptr_equal(v[2].id, v[2].own_id);
	assert_string_equal(f->to, c);
	cf_dataset_free(ds);
}

static void
test_two_classes_in_one_filing_are_one_issuer(void **state)
{
	struct fixture *fx = *state;
	cf_dataset *ds;
	const char *src, *a, *b, *c;

	(void)fx;
	assert_int_equal(cf_dataset_new(&ds, "13f.xml"), CF_OK);
	ds->is_filing = 1;
	memset(ds->filing.sha256, 'a', 64);
	ds->filing.accession = "0000000001-24-000007";
	assert_int_equal(cf_edgar_source(ds, "13F", NULL, 1, &src), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, "0000000042", NULL, "Some"
	    " Manager LLC", "investor", 2, &a), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, NULL, "99999Z105", "NEWCO INC",
	    "other", 3, &b), CF_OK);
	assert_int_equal(cf_edgar_entity(ds, NULL, "99999Z204", "NEWCO INC",
	    "other", 4, &c), CF_OK);
	assert_string_not_equal(b, c);	/* two CUSIPs: two local entities */
	write_ds(*state, ds);
	assert_string_equal(ds->entities[1].id, "newco");
	assert_string_equal(ds->entities[2].id, "newco");
	assert_int_equal(ds->entities[2].exists, 1);
	cf_dataset_free(ds);
	assert_int_equal(q(*state, "SELECT count(*) FROM entity WHERE id ="
	    " 'newco'"), 1);
	assert_int_equal(q(*state, "SELECT count(*) FROM entity_identifier"
	    " WHERE entity_id = 'newco' AND scheme = 'cusip'"), 2);
}

static void
test_alias_table_merges_created_entities(void **state)
{
	struct fixture *fx = *state;
	char buf[128];
	cf_dataset *ds;
	struct cf_alias *al;
	long long flows;

	import_curated(fx);
	ds = filing(fx, "0000000001-24-000008", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Claude Maker Co");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM entity WHERE id ="
	    " 'claude-maker'"), 1);
	flows = q(fx, "SELECT count(*) FROM flow");
	/* The alias names the created entity's name: it merges. */
	assert_int_equal(cf_dataset_new(&ds, "aliases.csv"), CF_OK);
	al = cf_dataset_add_alias(ds);
	al->alias = "CLAUDE MAKER COMPANY";
	al->entity = "anthropic";
	al->line = 2;
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM entity WHERE id ="
	    " 'claude-maker'"), 0);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow"), flows);
	assert_string_equal(qt(fx, "SELECT to_id FROM flow", buf, sizeof(buf)),
	    "anthropic");
	assert_string_equal(qt(fx, "SELECT matched_by FROM entity_resolution"
	    " WHERE name = 'Claude Maker Co'", buf, sizeof(buf)), "alias");
	assert_int_equal(q(fx, "SELECT count(*) FROM entity_alias WHERE"
	    " entity_id = 'anthropic' AND alias = 'Claude Maker Co'"), 1);
	/* The next filing naming it resolves by alias directly. */
	ds = filing(fx, "0000000001-24-000009", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Claude Maker Company");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow WHERE to_id ="
	    " 'anthropic'"), 2);
	assert_int_equal(q(fx, "SELECT count(*) FROM"
	    " pragma_foreign_key_check"), 0);
}

/* A filing of Amazon's naming "Widget Labs", CUSIP 99999W105, written
 * with foreign keys on; the issuer must resolve to expect (unless NULL). */
static void
write_widget(struct fixture *fx, const char *accession, const char *expect)
{
	cf_dataset *ds = filing(fx, accession, 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, "99999W105", "Widget Labs");

	write_ds_bulk(fx, ds, 0);
	if (expect != NULL)
		assert_string_equal(ds->entities[1].id, expect);
	cf_dataset_free(ds);
}

/*
 * Within one transaction the store remembers which entity has a CUSIP.
 * An alias table that merges that entity away must make it forget: the
 * next filing naming the CUSIP resolves to the entity merged into, not
 * to the deleted one (which would leave its flow pointing at nothing).
 */
static void
test_merge_in_a_group_forgets_cached_identifiers(void **state)
{
	struct fixture *fx = *state;
	char buf[128];
	cf_dataset *ds;
	struct cf_alias *al;

	import_curated(fx);
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	/* Foreign keys on throughout (write_widget): one transaction.  The
	 * first creates widget-labs, the second finds it by CUSIP and the
	 * store remembers. */
	write_widget(fx, "0000000001-24-000020", "widget-labs");
	write_widget(fx, "0000000001-24-000021", "widget-labs");
	assert_string_equal(qt(fx, "SELECT entity_id FROM entity_identifier"
	    " WHERE value = '99999W105'", buf, sizeof(buf)), "widget-labs");
	assert_int_equal(cf_dataset_new(&ds, "aliases.csv"), CF_OK);
	al = cf_dataset_add_alias(ds);
	al->alias = "Widget Labs";
	al->entity = "anthropic";
	al->line = 2;
	write_ds(fx, ds);	/* merges widget-labs into anthropic */
	cf_dataset_free(ds);
	write_widget(fx, "0000000001-24-000022", "anthropic");
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow WHERE to_id ="
	    " 'anthropic' AND from_id = 'amazon'"), 3);
	assert_int_equal(q(fx, "SELECT count(*) FROM"
	    " pragma_foreign_key_check"), 0);
}

/*
 * The store keeps what it remembers of identifiers across its own
 * commits, but not past another connection's: a CUSIP that another
 * process moves to another entity between two groups resolves to that
 * entity in the next.
 */
static void
test_other_writer_makes_cached_identifiers_forgotten(void **state)
{
	struct fixture *fx = *state;
	cf_store *other;

	import_curated(fx);
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	/* created, then found by CUSIP and remembered */
	write_widget(fx, "0000000001-24-000030", "widget-labs");
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	write_widget(fx, "0000000001-24-000031", "widget-labs");
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	assert_int_equal(cf_store_open(&other, fx->path, 0), CF_OK);
	assert_int_equal(cf_store_exec(other, "UPDATE entity_identifier SET"
	    " entity_id = 'alphabet' WHERE value = '99999W105'"), CF_OK);
	cf_store_close(other);
	write_widget(fx, "0000000001-24-000032", "alphabet");
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
}

/* Another connection that takes the write lock, moves the CUSIP to
 * alphabet and commits a little later. */
struct mover {
	const char *path;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int locked;
	int rc;
};

static void *
move_cusip(void *arg)
{
	struct mover *m = arg;
	struct timespec pause = {0, 300 * 1000 * 1000};
	cf_store *other = NULL;

	if ((m->rc = cf_store_open(&other, m->path, 0)) == CF_OK &&
	    (m->rc = cf_store_exec(other, "BEGIN IMMEDIATE")) == CF_OK)
		m->rc = cf_store_exec(other, "UPDATE entity_identifier SET"
		    " entity_id = 'alphabet' WHERE value = '99999W105'");
	pthread_mutex_lock(&m->lock);
	m->locked = 1;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	nanosleep(&pause, NULL);
	if (m->rc == CF_OK)
		m->rc = cf_store_exec(other, "COMMIT");
	cf_store_close(other);
	return NULL;
}

/* The same when the other writer holds the lock as the next group
 * begins: the group waits for it, then must not trust what it
 * remembered. */
static void
test_writer_waited_for_makes_cached_identifiers_forgotten(void **state)
{
	struct fixture *fx = *state;
	struct mover m = {fx->path, PTHREAD_MUTEX_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, 0, CF_OK};
	pthread_t t;

	import_curated(fx);
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	write_widget(fx, "0000000001-24-000040", "widget-labs");
	write_widget(fx, "0000000001-24-000041", "widget-labs");
	assert_int_equal(cf_store_group_commit(fx->st), CF_OK);
	assert_int_equal(pthread_create(&t, NULL, move_cusip, &m), 0);
	pthread_mutex_lock(&m.lock);
	while (!m.locked)
		pthread_cond_wait(&m.cond, &m.lock);
	pthread_mutex_unlock(&m.lock);
	write_widget(fx, "0000000001-24-000042", "alphabet");
	pthread_join(t, NULL);
	assert_int_equal(m.rc, CF_OK);
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
}

static void
test_alias_to_unknown_entity_fails(void **state)
{
	struct fixture *fx = *state;
	cf_dataset *ds;
	struct cf_alias *al;
	char sha[CF_SHA256_HEX];

	assert_int_equal(cf_dataset_new(&ds, "aliases.csv"), CF_OK);
	al = cf_dataset_add_alias(ds);
	al->alias = "Somebody";
	al->entity = "nobody";
	al->line = 7;
	cf_sha256_hex(sha, "x", 1);
	assert_int_equal(cf_store_write_dataset(fx->st, ds, "aliases.csv",
	    sha, "csv-aliases", 1), CF_EINPUT);
	tu_assert_has(cf_error_message(), "aliases.csv:7:");
	tu_assert_has(cf_error_message(), "no entity 'nobody'");
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM import_log WHERE status ="
	    " 'ok'"), 0);
}

/* ---- amendments ------------------------------------------------------------- */

static void
test_amendment_replaces_and_original_is_superseded(void **state)
{
	struct fixture *fx = *state;
	char buf[256];
	cf_dataset *ds;

	import_curated(fx);
	ds = filing(fx, "0000000002-24-000001", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Target One");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	ds = filing(fx, "0000000002-24-000002", 1, "0000000002-24-000001",
	    "2024-02-02", "1018724", "Amazon", NULL, NULL, "Target One");
	write_ds(fx, ds);
	assert_null(ds->filing.skipped);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow"), 1);
	assert_string_equal(qt(fx, "SELECT id FROM flow", buf, sizeof(buf)),
	    "sec-0000000002-24-000002-flow-1");
	assert_string_equal(qt(fx, "SELECT group_concat(status || ':' ||"
	    " lineage, ',') FROM (SELECT status, lineage FROM import_log WHERE"
	    " accession IS NOT NULL ORDER BY id)", buf, sizeof(buf)),
	    "replaced:0000000002-24-000001,ok:0000000002-24-000001");
	/* The created entity stays, shared. */
	assert_int_equal(q(fx, "SELECT count(*) FROM entity WHERE id ="
	    " 'target-one'"), 1);
	/* The original again (another copy of it): superseded. */
	ds = filing(fx, "0000000002-24-000001", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Target One");
	write_ds(fx, ds);
	assert_non_null(ds->filing.skipped);
	tu_assert_has(ds->filing.skipped, "superseded: an amendment"
	    " 0000000002-24-000002 is already imported");
	cf_dataset_free(ds);
	/* The amendment again: its accession is in. */
	ds = filing(fx, "0000000002-24-000002", 1, "0000000002-24-000001",
	    "2024-02-02", "1018724", "Amazon", NULL, NULL, "Target One");
	write_ds(fx, ds);
	assert_non_null(ds->filing.skipped);
	tu_assert_has(ds->filing.skipped, "accession 0000000002-24-000002"
	    " already imported from filing-");
	cf_dataset_free(ds);
	/* An original whose amendment is in, under a path never seen. */
	ds = filing(fx, "0000000003-24-000001", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Target Two");
	ds->filing.lineage = "lineage-x";
	ds->filing.amendment = 0;
	write_ds(fx, ds);
	cf_dataset_free(ds);
	ds = filing(fx, "0000000003-24-000003", 1, NULL, "2024-03-01",
	    "1018724", "Amazon", NULL, NULL, "Target Two");
	ds->filing.lineage = "lineage-x";
	write_ds(fx, ds);
	cf_dataset_free(ds);
	/* An earlier amendment arriving late is superseded by the later. */
	ds = filing(fx, "0000000003-24-000002", 1, NULL, "2024-02-01",
	    "1018724", "Amazon", NULL, NULL, "Target Two");
	ds->filing.lineage = "lineage-x";
	write_ds(fx, ds);
	assert_non_null(ds->filing.skipped);
	tu_assert_has(ds->filing.skipped, "superseded: a later amendment"
	    " 0000000003-24-000003");
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow WHERE id LIKE"
	    " 'sec-0000000003-%'"), 1);
	assert_int_equal(q(fx, "SELECT count(*) FROM import_log WHERE status ="
	    " 'skipped'"), 3);
}

/* In a group, a filing that cites only itself is written with foreign
 * keys off; one that turns out to replace an earlier import is written
 * again with them on, so that the rows the earlier import's records own
 * (here a flow's schedule) go with them by ON DELETE CASCADE. */
static void
test_bulk_amendment_is_written_with_foreign_keys(void **state)
{
	struct fixture *fx = *state;
	static struct cf_payment pay = {"2024", 100};
	cf_dataset *ds;

	import_curated(fx);
	fx->st->bulk_rows = 1;	/* these small files count as bulk */
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	ds = filing(fx, "0000000002-24-000011", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Target Two");
	ds->flows[0].schedule = &pay;
	ds->flows[0].nschedule = 1;
	memcpy(ds->flows[0].schedule_currency, "USD", 4);
	write_ds(fx, ds);
	assert_int_equal(ds->self_contained, 1);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow_schedule"), 1);
	ds = filing(fx, "0000000002-24-000012", 1, "0000000002-24-000011",
	    "2024-02-02", "1018724", "Amazon", NULL, NULL, "Target Two");
	write_ds(fx, ds);
	assert_int_equal(ds->self_contained, 1);
	cf_dataset_free(ds);
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow_schedule"), 0);
	assert_int_equal(q(fx, "SELECT count(*) FROM"
	    " pragma_foreign_key_check"), 0);
}

/* A filing that cites only itself may be written with foreign keys off.
 * Switching them commits the group and makes SQLite prepare every kept
 * statement again (a Form D/A among Form Ds did so twice), so one of
 * fewer than bulk_rows rows keeps the setting it finds, and one of
 * bulk_rows rows or more is written in bulk. */
static void
test_bulk_mode_switches_only_for_large_filings(void **state)
{
	struct fixture *fx = *state;
	cf_dataset *ds;

	import_curated(fx);
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	ds = filing(fx, "0000000005-24-000001", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Target Five");
	assert_true(cf_dataset_rows(ds) < fx->st->bulk_rows);
	write_ds(fx, ds);
	assert_int_equal(ds->self_contained, 1);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sqlite3_get_autocommit(fx->st->db), 0);
	ds = filing(fx, "0000000005-24-000002", 0, NULL, "2024-01-03",
	    "1018724", "Amazon", NULL, NULL, "Target Six");
	fx->st->bulk_rows = cf_dataset_rows(ds);	/* just enough */
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "PRAGMA foreign_keys"), 0);
	fx->st->bulk_rows = 100;
	ds = filing(fx, "0000000005-24-000003", 0, NULL, "2024-01-04",
	    "1018724", "Amazon", NULL, NULL, "Target Seven");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "PRAGMA foreign_keys"), 0);
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(q(fx, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow"), 3);
	assert_int_equal(q(fx, "SELECT count(*) FROM"
	    " pragma_foreign_key_check"), 0);
}

/* Steps of full table scans made by the connection's statements since
 * the last call (which resets them). */
static long
full_scan_steps(cf_store *st)
{
	sqlite3_stmt *s = NULL;
	long n = 0;

	while ((s = sqlite3_next_stmt(st->db, s)) != NULL)
		n += sqlite3_stmt_status(s, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1);
	return n;
}

/* With foreign keys on, a deferred reference left pending makes SQLite
 * look, for each entity or flow written next, for the rows that name it:
 * a scan of flow once a batch has dropped flow_to.  Resolution's rows
 * name entities the file creates, so they are written after them. */
static void
test_filing_with_foreign_keys_on_scans_no_table(void **state)
{
	struct fixture *fx = *state;
	cf_dataset *ds;
	int i;

	import_curated(fx);
	for (i = 0; i < 3; i++) {
		char acc[32], to[32];

		snprintf(acc, sizeof(acc), "0000000006-24-00000%d", i + 1);
		snprintf(to, sizeof(to), "Earlier Target %d", i + 1);
		ds = filing(fx, acc, 0, NULL, "2024-01-02", "1018724",
		    "Amazon", NULL, NULL, to);
		write_ds(fx, ds);
		cf_dataset_free(ds);
	}
	assert_int_equal(cf_store_group_begin(fx->st), CF_OK);
	assert_int_equal(cf_store_index_defer(fx->st), CF_OK);
	full_scan_steps(fx->st);
	ds = filing(fx, "0000000006-24-000009", 0, NULL, "2024-02-02",
	    "1018724", "Amazon", NULL, NULL, "A New Target");
	write_ds_bulk(fx, ds, 0);
	cf_dataset_free(ds);
	assert_int_equal(full_scan_steps(fx->st), 0);
	assert_int_equal(cf_store_group_end(fx->st, 1), CF_OK);
	assert_int_equal(q(fx, "SELECT count(*) FROM entity_resolution"
	    " WHERE matched_by = 'new' AND name = 'A New Target'"), 1);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow"), 4);
	assert_int_equal(q(fx, "SELECT count(*) FROM"
	    " pragma_foreign_key_check"), 0);
}

static void
test_skipped_original_after_amendment(void **state)
{
	struct fixture *fx = *state;
	cf_dataset *ds;

	import_curated(fx);
	/* The amendment first (a batch in path order may do this). */
	ds = filing(fx, "0000000004-24-000002", 1, "0000000004-24-000001",
	    "2024-02-02", "1018724", "Amazon", NULL, NULL, "Target Three");
	write_ds(fx, ds);
	cf_dataset_free(ds);
	ds = filing(fx, "0000000004-24-000001", 0, NULL, "2024-01-02",
	    "1018724", "Amazon", NULL, NULL, "Target Three");
	write_ds(fx, ds);
	assert_non_null(ds->filing.skipped);
	tu_assert_has(ds->filing.skipped, "superseded: an amendment"
	    " 0000000004-24-000002 is already imported from filing-");
	cf_dataset_free(ds);
	assert_int_equal(q(fx, "SELECT count(*) FROM flow"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_keys),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_match_by_cik_adds_identifiers_only),
		T(test_match_by_cusip_issuer_and_name),
		T(test_name_never_matches_across_ciks),
		T(test_new_ids_are_unique_and_reused),
		cmocka_unit_test(test_prepare_matches_within_the_file),
		T(test_two_classes_in_one_filing_are_one_issuer),
		T(test_alias_table_merges_created_entities),
		T(test_merge_in_a_group_forgets_cached_identifiers),
		T(test_other_writer_makes_cached_identifiers_forgotten),
		T(test_writer_waited_for_makes_cached_identifiers_forgotten),
		T(test_alias_to_unknown_entity_fails),
		T(test_amendment_replaces_and_original_is_superseded),
		T(test_bulk_amendment_is_written_with_foreign_keys),
		T(test_skipped_original_after_amendment),
		T(test_bulk_mode_switches_only_for_large_filings),
		T(test_filing_with_foreign_keys_on_scans_no_table),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
