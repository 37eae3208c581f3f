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

/*
 * A child sink's reports join the parent's as if made there after them:
 * places, notes under their report, counts, --strict, the parent's quotes.
 */
static char *
run_merged(bool strict)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct diag_sink *ds = diag_sink_new(out, DIAG_TEXT), *child;
	const char *f;

	diag_set_strict(ds, strict);
	f = diag_source(ds, "t.yaml", src, sizeof(src) - 1);
	diag_error(ds, ((struct loc){ f, 3, 2 }), "own", "the parent's");
	diag_note(ds, ((struct loc){ f, 1, 1 }), "its note");
	child = diag_sink_child(ds);
	diag_warning(child, ((struct loc){ f, 3, 2 }), "weak", "the child's");
	diag_note(child, ((struct loc){ f, 2, 1 }), "the child's note");
	diag_error(child, ((struct loc){ f, 1, 10 }), "bad-version", "early");
	ok(diag_errors(child) == (strict ? 2u : 1u),
	    "a child sink takes --strict from its parent");
	diag_merge(ds, child);
	ok(diag_errors(ds) == (strict ? 3u : 2u) &&
	    diag_warnings(ds) == (strict ? 0u : 1u) &&
	    diag_hard_errors(ds) == 2, "merged counts add up");
	ok(diag_errors(child) == 0, "a merged child is left empty");
	diag_merge(ds, child);
	diag_sink_free(child);
	diag_flush(ds);
	diag_sink_free(ds);
	fclose(out);
	return buf;
}

int
main(void)
{
	char *t;

	t = run_merged(false);
	is_str(t,
	    "t.yaml:1:10: error: early [bad-version]\n"
	    "  version: 1\n"
	    "           ^\n"
	    "t.yaml:3:2: error: the parent's [own]\n"
	    "  \thq: {address: 1.2.3}\n"
	    "  \t^\n"
	    "t.yaml:1:1: note: its note\n"
	    "  version: 1\n"
	    "  ^\n"
	    "t.yaml:3:2: warning: the child's [weak]\n"
	    "  \thq: {address: 1.2.3}\n"
	    "  \t^\n"
	    "t.yaml:2:1: note: the child's note\n"
	    "  hosts:\n"
	    "  ^\n",
	    "merge: a child's reports sort in, after the parent's at one place, "
	    "notes kept under theirs");
	free(t);
	t = run_merged(true);
	ok(strstr(t, "t.yaml:3:2: error: the child's [weak]") != NULL,
	    "merge under --strict: the child's warning is an error");
	free(t);

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
