/* Placeholder until the checks land. */
#include "validate/validate.h"

void
validate_topology(const struct topology *t, struct diag_sink *ds)
{
	(void)t; (void)ds;
}
