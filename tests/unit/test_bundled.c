/* The bundled dataset graphs/ai-financing.xml imported into a store: its
 * counts, sourcing, known deals (figures from the project's deals table),
 * parents, schedules, and every flow compared with the XML itself. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "circfin.h"
#include "store.h"
#include "testutil.h"

struct bundled {
	char db[256];
	char xml[4096];
	cf_store *st;
};

static int
group_setup(void **state)
{
	struct bundled *bd = calloc(1, sizeof(*bd));
	const char *paths[1], *msg;
	cf_batch *b;

	assert_non_null(bd);
	tu_path(bd->xml, sizeof(bd->xml), "TOP_SRCDIR",
	    "graphs/ai-financing.xml");
	bd->st = tu_store_tmp(bd->db, sizeof(bd->db));
	paths[0] = bd->xml;
	b = tu_import(bd->st, paths, 1);
	if (tu_only_status(b, &msg) != CF_FILE_IMPORTED) {
		fprintf(stderr, "# bundled dataset refused: %s\n", msg);
		cf_batch_free(b);
		tu_store_remove(bd->st, bd->db);
		free(bd);
		return -1;
	}
	cf_batch_free(b);
	*state = bd;
	return 0;
}

static int
group_teardown(void **state)
{
	struct bundled *bd = *state;

	if (bd != NULL) {
		tu_store_remove(bd->st, bd->db);
		free(bd);
	}
	return 0;
}

static void
test_counts(void **state)
{
	struct bundled *bd = *state;
	cf_store_counts c;

	assert_int_equal(cf_store_counts_get(bd->st, &c), CF_OK);
	assert_int_equal(c.entities, 18);
	assert_int_equal(c.flows, 45);	/* d1-d39 and their splits */
	assert_int_equal(c.sources, 79);
	assert_int_equal(c.disclosures, 8);
	assert_int_equal(c.figures, 64);
	assert_int_equal(c.imports, 1);
}

static void
test_every_flow_and_disclosure_has_a_source(void **state)
{
	struct bundled *bd = *state;

	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM"
	    " flow_unsourced"), 0);
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM disclosure"
	    " d WHERE NOT EXISTS (SELECT 1 FROM disclosure_source s WHERE"
	    " s.disclosure_id = d.id)"), 0);
	/* Every source is cited by something. */
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM source s"
	    " WHERE NOT EXISTS (SELECT 1 FROM flow_source f WHERE f.source_id"
	    " = s.id) AND NOT EXISTS (SELECT 1 FROM disclosure_source d WHERE"
	    " d.source_id = s.id) AND NOT EXISTS (SELECT 1 FROM"
	    " profile_figure_source p WHERE p.source_id = s.id)"), 0);
	/* A profile figure is sourced or says it is an assumption. */
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM"
	    " profile_figure f WHERE f.assumption = 0 AND NOT EXISTS (SELECT 1"
	    " FROM profile_figure_source s WHERE s.figure_id = f.id)"), 0);
	/* The labs that may fail to pay have profiles. */
	assert_int_equal(tu_query_int(bd->st, "SELECT count(DISTINCT"
	    " entity_id) FROM profile_figure WHERE entity_id IN ('openai',"
	    " 'anthropic', 'xai', 'coreweave', 'oracle')"), 5);
}

static void
test_every_source_can_be_traced(void **state)
{
	struct bundled *bd = *state;

	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM source"
	    " WHERE title IS NULL OR trim(title) = '' OR (url IS NULL AND"
	    " accession IS NULL AND note IS NULL)"), 0);
}

/* Figures from /work/shared/deals/deals.csv, in minor units (cents). */
static const struct deal {
	const char *id, *from, *to, *type, *status;
	long long amount;		/* -1: no amount */
} deals[] = {
	{"d1", "microsoft", "openai", "equity", "paid", 100000000000LL},
	{"d9", "amazon", "anthropic", "equity", "committed", 500000000000LL},
	{"d9-milestones", "amazon", "anthropic", "equity", "contingent",
	 2000000000000LL},
	{"d10", "anthropic", "aws", "compute-commitment", "committed",
	 10000000000000LL},
	{"d21", "nvidia", "openai", "equity", "superseded", 10000000000000LL},
	{"d22", "nvidia", "openai", "equity", "committed", 3000000000000LL},
	{"d27", "openai", "oracle", "compute-commitment", "committed",
	 30000000000000LL},
	{"d28", "oracle", "nvidia", "chip-purchase", "committed",
	 4000000000000LL},
	{"d29", "amd", "openai", "warrant", "contingent", -1},
	{"d33", "nvidia", "coreweave", "capacity-backstop", "contingent",
	 630000000000LL},
};

static void
test_known_deals_exact(void **state)
{
	struct bundled *bd = *state;
	char sql[256], text[128];
	size_t i;

	for (i = 0; i < sizeof(deals) / sizeof(*deals); i++) {
		const struct deal *d = &deals[i];

		snprintf(sql, sizeof(sql), "SELECT from_id || ' ' || to_id ||"
		    " ' ' || type || ' ' || status FROM flow WHERE id = '%s'",
		    d->id);
		snprintf(text, sizeof(text), "%s %s %s %s", d->from, d->to,
		    d->type, d->status);
		{
			char got[128];
			assert_string_equal(tu_query_text(bd->st, sql, NULL,
			    got, sizeof(got)), text);
		}
		snprintf(sql, sizeof(sql), "SELECT coalesce(amount_minor, -1)"
		    " FROM flow WHERE id = '%s'", d->id);
		if (tu_query_int(bd->st, sql) != d->amount)
			fail_msg("%s: amount_minor %lld, want %lld", d->id,
			    tu_query_int(bd->st, sql), d->amount);
		if (d->amount >= 0) {
			snprintf(sql, sizeof(sql), "SELECT currency FROM flow"
			    " WHERE id = '%s'", d->id);
			assert_string_equal(tu_query_text(bd->st, sql, NULL,
			    text, sizeof(text)), "USD");
		}
	}
}

static void
test_quantities(void **state)
{
	struct bundled *bd = *state;
	char text[64];

	assert_int_equal(tu_query_int(bd->st, "SELECT quantity = 5 AND"
	    " quantity_high = 5 AND quantity_unit = 'GW' FROM flow WHERE"
	    " id = 'd10'"), 1);
	assert_int_equal(tu_query_int(bd->st, "SELECT quantity FROM flow"
	    " WHERE id = 'd29'"), 160000000);
	assert_string_equal(tu_query_text(bd->st, "SELECT quantity_unit FROM"
	    " flow WHERE id = ?1", "d29", text, sizeof(text)), "shares");
	assert_int_equal(tu_query_int(bd->st, "SELECT amount_minor IS NULL"
	    " AND low_minor IS NULL AND currency IS NULL FROM flow WHERE"
	    " id = 'd29'"), 1);
	assert_int_equal(tu_query_int(bd->st, "SELECT quantity FROM flow"
	    " WHERE id = 'd28'"), 400000);
}

static void
test_supersession(void **state)
{
	struct bundled *bd = *state;
	char text[64];

	assert_string_equal(tu_query_text(bd->st, "SELECT superseded_by FROM"
	    " flow WHERE id = ?1", "d21", text, sizeof(text)), "d22");
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM flow WHERE"
	    " (status = 'superseded') <> (superseded_by IS NOT NULL)"), 0);
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM flow WHERE"
	    " status = 'superseded'"), 1);
	/* A replacement exists and is itself in force. */
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM flow f"
	    " LEFT JOIN flow g ON g.id = f.superseded_by WHERE f.superseded_by"
	    " IS NOT NULL AND (g.id IS NULL OR g.status = 'superseded')"), 0);
}

static void
test_disclosures(void **state)
{
	struct bundled *bd = *state;
	char text[64];

	assert_int_equal(tu_query_int(bd->st, "SELECT amount_minor FROM"
	    " disclosure WHERE id = 'd27b'"), 45500000000000LL);
	assert_string_equal(tu_query_text(bd->st, "SELECT entity_id || ' ' ||"
	    " kind || ' ' || currency FROM disclosure WHERE id = ?1", "d27b",
	    text, sizeof(text)), "oracle rpo USD");
}

static void
test_parents(void **state)
{
	struct bundled *bd = *state;
	char text[64];

	assert_string_equal(tu_query_text(bd->st, "SELECT parent_id FROM"
	    " entity WHERE id = ?1", "aws", text, sizeof(text)), "amazon");
	assert_string_equal(tu_query_text(bd->st, "SELECT parent_id FROM"
	    " entity WHERE id = ?1", "azure", text, sizeof(text)), "microsoft");
	assert_string_equal(tu_query_text(bd->st, "SELECT parent_id FROM"
	    " entity WHERE id = ?1", "google-cloud", text, sizeof(text)),
	    "alphabet");
	assert_string_equal(tu_query_text(bd->st, "SELECT parent_id FROM"
	    " entity WHERE id = ?1", "openai", text, sizeof(text)), "(null)");
}

static void
test_schedules_add_up(void **state)
{
	struct bundled *bd = *state;

	assert_true(tu_query_int(bd->st, "SELECT count(DISTINCT flow_id) FROM"
	    " flow_schedule") > 0);
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM (SELECT"
	    " s.flow_id, sum(s.amount_minor) AS total FROM flow_schedule s"
	    " GROUP BY s.flow_id) x JOIN flow f ON f.id = x.flow_id WHERE"
	    " f.amount_minor IS NULL OR x.total <> f.amount_minor"), 0);
	assert_int_equal(tu_query_int(bd->st, "SELECT count(*) FROM"
	    " flow_schedule s JOIN flow f ON f.id = s.flow_id WHERE s.currency"
	    " <> f.currency"), 0);
}

/* "1250000000.5" dollars as a decimal string of cents ("125000000050"),
 * by string surgery alone (not the library's parser); NULL when the text
 * is not whole cents. */
static const char *
cents(const char *major, char *buf, size_t size)
{
	const char *dot = strchr(major, '.'), *p;
	size_t ilen = dot ? (size_t)(dot - major) : strlen(major), i;
	char frac[3] = "00";

	if (dot != NULL)
		for (i = 0; dot[1 + i] != '\0'; i++) {
			if (i < 2)
				frac[i] = dot[1 + i];
			else if (dot[1 + i] != '0')
				return NULL;
		}
	snprintf(buf, size, "%.*s%s", (int)ilen, major, frac);
	for (p = buf; *p == '0' && p[1] != '\0'; p++)
		;
	memmove(buf, p, strlen(p) + 1);
	return buf;
}

/* The store's value of column for flow id, as text ("(null)" for NULL). */
static const char *
flow_col(struct bundled *bd, const char *col, const char *id, char *buf,
    size_t size)
{
	char sql[160];

	snprintf(sql, sizeof(sql), "SELECT CAST(%s AS TEXT) FROM flow WHERE"
	    " id = ?1", col);
	return tu_query_text(bd->st, sql, id, buf, size);
}

/* Compare an attribute or text of the XML with a store column. */
static void
same_money(struct bundled *bd, const char *id, const char *col,
    xmlChar *major)
{
	char want[64], got[64];

	if (major == NULL) {
		assert_string_equal(flow_col(bd, col, id, got, sizeof(got)),
		    "(null)");
		return;
	}
	if (cents((const char *)major, want, sizeof(want)) == NULL)
		fail_msg("%s: %s '%s' is not whole cents", id, col, major);
	flow_col(bd, col, id, got, sizeof(got));
	if (strcmp(want, got) != 0)
		fail_msg("flow %s: %s is %s in the store, %s in the XML (%s)",
		    id, col, got, want, major);
	xmlFree(major);
}

static void
test_store_matches_xml(void **state)
{
	struct bundled *bd = *state;
	static const char *const attrs[] = {"from", "to", "type", "status"};
	static const char *const cols[] = {"from_id", "to_id", "type",
	    "status"};
	xmlDocPtr doc;
	xmlXPathContextPtr x;
	xmlXPathObjectPtr r;
	char got[128];
	int i, n, moneyed = 0;
	size_t k;

	doc = xmlReadFile(bd->xml, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	x = xmlXPathNewContext(doc);
	assert_non_null(x);
	assert_int_equal(xmlXPathRegisterNs(x, BAD_CAST "cf",
	    BAD_CAST "urn:circfin:dataset:1"), 0);
	r = xmlXPathEvalExpression(BAD_CAST "/cf:dataset/cf:flows/cf:flow", x);
	assert_non_null(r);
	n = r->nodesetval ? r->nodesetval->nodeNr : 0;
	assert_int_equal(n, tu_query_int(bd->st, "SELECT count(*) FROM flow"));
	for (i = 0; i < n; i++) {
		xmlNodePtr f = r->nodesetval->nodeTab[i], c;
		xmlChar *id = xmlGetProp(f, BAD_CAST "id");

		assert_non_null(id);
		for (k = 0; k < sizeof(attrs) / sizeof(*attrs); k++) {
			xmlChar *v = xmlGetProp(f, BAD_CAST attrs[k]);
			assert_non_null(v);
			assert_string_equal(flow_col(bd, cols[k],
			    (const char *)id, got, sizeof(got)),
			    (const char *)v);
			xmlFree(v);
		}
		for (c = f->children; c != NULL; c = c->next) {
			xmlChar *cur;

			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (strcmp((const char *)c->name, "amount") == 0) {
				same_money(bd, (const char *)id,
				    "amount_minor", xmlNodeGetContent(c));
				moneyed++;
			} else if (strcmp((const char *)c->name,
			    "range") != 0) {
				continue;
			}
			cur = xmlGetProp(c, BAD_CAST "currency");
			assert_string_equal(flow_col(bd, "currency",
			    (const char *)id, got, sizeof(got)),
			    (const char *)cur);
			xmlFree(cur);
			same_money(bd, (const char *)id, "low_minor",
			    xmlGetProp(c, BAD_CAST "low"));
			same_money(bd, (const char *)id, "high_minor",
			    xmlGetProp(c, BAD_CAST "high"));
		}
		xmlFree(id);
	}
	assert_true(moneyed > 30);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(x);
	xmlFreeDoc(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_every_flow_and_disclosure_has_a_source),
		cmocka_unit_test(test_every_source_can_be_traced),
		cmocka_unit_test(test_known_deals_exact),
		cmocka_unit_test(test_quantities),
		cmocka_unit_test(test_supersession),
		cmocka_unit_test(test_disclosures),
		cmocka_unit_test(test_parents),
		cmocka_unit_test(test_schedules_add_up),
		cmocka_unit_test(test_store_matches_xml),
	};
	int rc;

	xmlInitParser();
	rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
	xmlCleanupParser();
	return rc;
}
