/*
 * Checks of relations inside a loaded topology: addresses and prefixes,
 * tunnels and their ends, interfaces, routes, IPsec suites and per-pair
 * agreement.  One file per concern (validate/check_*.c); each diagnostic code
 * with its one-line description is listed in validate/codes.c.
 */
#ifndef TG_VALIDATE_H
#define TG_VALIDATE_H

#include <stddef.h>

#include "model/diag.h"
#include "model/topology.h"

/* Run every topology check; the topology must have been derived. */
void	validate_topology(const struct topology *, struct diag_sink *);
/*
 * The same on up to `threads` threads (validate_topology() picks by the
 * topology's size and the CPUs online); the reports do not depend on it.
 */
void	validate_topology_threads(const struct topology *, struct diag_sink *,
	    size_t threads);

#endif
