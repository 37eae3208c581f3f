/*
 * libFuzzer harness for the YAML loader and the topology checks, as
 * `tunnelgen check` runs them: any input must give diagnostics, never a
 * crash, a leak or a hang.  Diagnostics are flushed (to /dev/null) so that
 * quoting lines and carets runs too.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "compiler/load.h"
#include "model/derive.h"
#include "validate/validate.h"

static FILE *sink_out;

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sink_out = fopen("/dev/null", "w");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_sink *ds = diag_sink_new(sink_out != NULL ? sink_out :
	    stderr, DIAG_TEXT);
	struct topology *t = NULL;

	(void)topo_load_buffer("fuzz.yaml", ".", (const char *)data, size,
	    ds, &t);
	if (t != NULL) {
		/* As frontend_check(): relations are checked after value
		   errors too, on what loaded. */
		(void)topology_find_host(t, "hq");
		derive_topology(t);
		validate_topology(t, ds);
	}
	if (sink_out != NULL)
		diag_flush(ds);
	topology_free(t);
	diag_sink_free(ds);
	return 0;
}
