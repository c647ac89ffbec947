/*
 * resolve.c - entity resolution: the entities a filing names, matched to
 * the store's by CIK, CUSIP, normalised name and alias (skeleton).
 */
#include "config.h"

#include "circfin.h"
#include "store.h"

int
cf_resolve_dataset(cf_store *st, cf_dataset *ds, int64_t import_id)
{
	(void)st;
	(void)ds;
	(void)import_id;
	return CF_OK;
}
