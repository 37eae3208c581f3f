/* Diagnostics: order, notes, caret quotes, JSON, --strict and -q. */
#include "model/diag.h"

#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static const char src[] = "version: 1\nhosts:\n\thq: {address: 1.2.3}\n";

static char *
run(enum diag_format fmt, bool strict, bool quiet)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag_sink *ds = diag_sink_new(out, fmt);
	const char *f;

	diag_set_strict(ds, strict);
	diag_set_quiet(ds, quiet);
	f = diag_source(ds, "t.yaml", src, sizeof(src) - 1);
	diag_warning(ds, ((struct loc){ f, 3, 16 }), "weak", "later \"one\"");
	diag_error(ds, ((struct loc){ f, 1, 10 }), "bad-version", "first");
	diag_note(ds, ((struct loc){ f, 3, 2 }), "see here");
	diag_error(ds, ((struct loc){ f, 0, 0 }), "cannot-read", "whole file");
	if (strict)
		ok(diag_errors(ds) == 3 && diag_warnings(ds) == 0,
		    "strict counts warnings as errors");
	else
		ok(diag_errors(ds) == 2 && diag_warnings(ds) == 1,
		    "errors and warnings counted");
	diag_flush(ds);
	diag_sink_free(ds);
	fclose(out);
	return buf;
}

int
main(void)
{
	char *t;

	t = run(DIAG_TEXT, false, false);
	is_str(t,
	    "t.yaml: error: whole file [cannot-read]\n"
	    "t.yaml:1:10: error: first [bad-version]\n"
	    "  version: 1\n"
	    "           ^\n"
	    "t.yaml:3:2: note: see here\n"
	    "  \thq: {address: 1.2.3}\n"
	    "  \t^\n"
	    "t.yaml:3:16: warning: later \"one\" [weak]\n"
	    "  \thq: {address: 1.2.3}\n"
	    "  \t              ^\n",
	    "text: sorted by place, note after its report, caret under the column");
	free(t);

	t = run(DIAG_TEXT, true, false);
	ok(strstr(t, "t.yaml:3:16: error: later") != NULL,
	    "strict prints warnings as errors");
	free(t);

	t = run(DIAG_TEXT, false, true);
	ok(strstr(t, "later") == NULL && strstr(t, "first") != NULL &&
	    strstr(t, "see here") != NULL, "quiet hides warnings, keeps errors and their notes");
	free(t);

	t = run(DIAG_JSON, false, false);
	is_str(t,
	    "[{\"file\":\"t.yaml\",\"line\":0,\"column\":0,\"severity\":\"error\",\"code\":\"cannot-read\",\"message\":\"whole file\"},\n"
	    " {\"file\":\"t.yaml\",\"line\":1,\"column\":10,\"severity\":\"error\",\"code\":\"bad-version\",\"message\":\"first\"},\n"
	    " {\"file\":\"t.yaml\",\"line\":3,\"column\":2,\"severity\":\"note\",\"code\":\"bad-version\",\"message\":\"see here\"},\n"
	    " {\"file\":\"t.yaml\",\"line\":3,\"column\":16,\"severity\":\"warning\",\"code\":\"weak\",\"message\":\"later \\\"one\\\"\"}]\n",
	    "JSON: one array, notes as objects, strings escaped");
	free(t);
	return tap_done();
}
