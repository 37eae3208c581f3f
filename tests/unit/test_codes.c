/* The code table: one entry per code, each described, all findable. */
#include "validate/codes.h"

#include <string.h>

#include "tests/tap.h"

static int
well_formed(const char *c)
{
	size_t i, n = strlen(c);

	if (n == 0 || c[0] == '-' || c[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((c[i] >= 'a' && c[i] <= 'z') || (c[i] >= '0' &&
		    c[i] <= '9') || c[i] == '-'))
			return 0;
	return 1;
}

int
main(void)
{
	size_t i, j, dups = 0, bad = 0, lost = 0;

	for (i = 0; i < ndiag_codes; i++) {
		const struct diag_code *d = &diag_codes[i];

		if (!well_formed(d->code) || d->what == NULL ||
		    d->what[0] == '\0')
			bad++;
		for (j = i + 1; j < ndiag_codes; j++)
			if (strcmp(d->code, diag_codes[j].code) == 0)
				dups++;
		if (diag_code_lookup(d->code) != d)
			lost++;
	}
	ok(ndiag_codes >= 60, "the table lists loader and check codes (%zu)",
	    ndiag_codes);
	ok(bad == 0, "every code is [a-z0-9-] and described");
	ok(dups == 0, "no code listed twice");
	ok(lost == 0, "every code found by lookup");
	ok(diag_code_lookup("no-such-code") == NULL, "unknown code: NULL");
	ok(diag_code_lookup("route-overlap") != NULL &&
	    diag_code_lookup("route-overlap")->severity == DIAG_WARNING,
	    "route-overlap is a warning");
	ok(diag_code_lookup("yaml-syntax") != NULL &&
	    diag_code_lookup("yaml-syntax")->stage == STAGE_LOAD,
	    "loader codes are marked as such");
	return tap_done();
}
