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

struct lowered {
	struct hostconfig *hosts;	/* one per topology host, same order */
	size_t		*ntunnels;	/* tunnels each host is an end of */
	size_t		 nhosts;
	struct arena	*arena;		/* owns everything above */
};

/*
 * Lower a checked, derived topology.  Returns the number of mirror
 * self-check failures (reported through the sink as internal errors): a
 * non-zero value means the lowering is wrong and nothing may be written.
 */
size_t	lower_topology(const struct topology *, struct lowered **out,
	    struct diag_sink *);
void	lowered_free(struct lowered *);

#endif
