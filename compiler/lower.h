/*
 * Topology -> one HostConfig per host: what each end of every tunnel must
 * configure (interfaces, routes, policies, racoon remotes and sainfos, psk
 * entries), in file order so that the output is a stable function of the
 * topology.  Lowering also runs the mirror self-check on both ends of
 * every tunnel.
 */
#ifndef TG_LOWER_H
#define TG_LOWER_H

#include <stddef.h>

#include "model/diag.h"
#include "model/hostconfig.h"
#include "model/topology.h"

/*
 * The streaming form, which compile uses so that only one host's
 * HostConfig is in memory at a time:
 *
 *	lw = lowerer_new(topo);
 *	if (lower_check(lw, ds) > 0)	mirror self-check of every tunnel
 *		... internal error ...
 *	for (h = 0; h < topo->nhosts; h++)
 *		if (lower_ntunnels(lw, h) > 0)
 *			print(lower_host(lw, h));
 *
 * The HostConfig lower_host() returns lives until the next call.
 */
struct lowerer;

struct lowerer	*lowerer_new(const struct topology *);
void		 lowerer_free(struct lowerer *);
/* Lower both ends of every tunnel and compare them; failures count. */
size_t		 lower_check(struct lowerer *, struct diag_sink *);
size_t		 lower_ntunnels(const struct lowerer *, size_t host);
const struct hostconfig *lower_host(struct lowerer *, size_t host);

/* Every host at once, kept until lowered_free() (tests, lint). */
struct lowered {
	struct hostconfig *hosts;	/* one per topology host, same order */
	size_t		*ntunnels;	/* tunnels per host */
	size_t		 nhosts;
	struct arena	*arena;		/* owns everything above */
};

/*
 * Lower a checked, derived topology whole.  Returns the number of mirror
 * self-check failures (reported through the sink as internal errors): a
 * non-zero value means the lowering is wrong and nothing may be written.
 */
size_t	lower_topology(const struct topology *, struct lowered **out,
	    struct diag_sink *);
void	lowered_free(struct lowered *);

#endif
