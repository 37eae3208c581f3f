/* Every relation check on a loaded, derived topology, one concern at a time. */
#include "validate/validate.h"

#include "validate/checks.h"

void
validate_topology(const struct topology *t, struct diag_sink *ds)
{
	if (t == NULL)
		return;
	check_addresses(t, ds);
	check_inner(t, ds);
	check_interfaces(t, ds);
	check_routes(t, ds);
	check_pairs(t, ds);
	check_ipsec(t, ds);
	check_mtu(t, ds);
}
