#include "config.h"

#include "compiler/frontend.h"

#include <stddef.h>

#include "compiler/cli.h"
#include "compiler/load.h"
#include "model/derive.h"
#include "validate/validate.h"

int
frontend_check(const char *path, struct diag_sink *ds, struct topology **out)
{
	struct topology *t = NULL;
	enum load_status st;

	*out = NULL;
	st = topo_load(path, ds, &t);
	if (st == LOAD_TROUBLE) {
		topology_free(t);
		return EXIT_TROUBLE;
	}
	/*
	 * Relations are checked even after value errors, on what loaded, so
	 * that one run reports everything it can.
	 */
	if (t != NULL) {
		derive_topology(t);
		validate_topology(t, ds);
	}
	if (st != LOAD_OK || t == NULL || diag_errors(ds) > 0) {
		topology_free(t);
		return EXIT_FINDINGS;
	}
	*out = t;
	return EXIT_OK;
}
