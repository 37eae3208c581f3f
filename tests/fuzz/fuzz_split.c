/*
 * libFuzzer harness for the parse in two parts: every input is loaded with
 * the split off and on (thresholds lowered so that any input is cut where
 * it can be), and the two loads must give the same model and reports.
 * Any difference aborts.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load.h"
#include "compiler/load_int.h"
#include "tests/load_describe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char *
load_once(const uint8_t *data, size_t size, size_t split_min)
{
	struct diag_sink *ds = diag_sink_new(stderr, DIAG_TEXT);
	struct topology *t = NULL;
	enum load_status st;
	char *d;

	ystream_split_min = split_min;
	st = topo_load_buffer("fuzz.yaml", ".", (const char *)data, size, ds,
	    &t);
	d = load_describe(st, t, ds);
	topology_free(t);
	diag_sink_free(ds);
	return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *one, *two;

	ystream_thread_min = 0;
	one = load_once(data, size, SIZE_MAX);
	two = load_once(data, size, 0);
	if (one != NULL && two != NULL && strcmp(one, two) != 0) {
		fprintf(stderr, "the split load differs:\n--- one part\n%s"
		    "--- two parts\n%s", one, two);
		abort();
	}
	free(one);
	free(two);
	return 0;
}
