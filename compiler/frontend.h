/* Load, derive and check a topology: what both `check` and `compile` do first. */
#ifndef TG_FRONTEND_H
#define TG_FRONTEND_H

#include "model/diag.h"
#include "model/topology.h"

/*
 * Returns an exit status (EXIT_OK, EXIT_FINDINGS when the topology has
 * errors, EXIT_TROUBLE when it could not be read).  On EXIT_OK *out holds the
 * checked, derived model; otherwise *out is NULL.
 */
int	frontend_check(const char *path, struct diag_sink *,
	    struct topology **out);

#endif
