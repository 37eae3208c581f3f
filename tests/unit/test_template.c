/* The template engine: rendering, conditionals, and located errors. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/template.h"
#include "tests/tap.h"

static const char *const sections[] = { "head", "item" };
static const char *const vars[] = { "x", "y", "z" };
static const uint32_t section_vars[] = { 1u << 0, (1u << 0) | (1u << 1) };
static const struct tmpl_schema schema = {
	"t.tmpl", sections, 2, vars, 3, section_vars,
};

static struct tmpl *
parse(const char *text, struct diag_sink **dsp)
{
	*dsp = diag_sink_new(stderr, DIAG_TEXT);
	return tmpl_parse(&schema, "t.tmpl", text, strlen(text), *dsp);
}

/* The first diagnostic, as "line:col code". */
static const char *
first_diag(struct diag_sink *ds, char *buf, size_t len)
{
	const struct diag_item *it;
	size_t n;

	it = diag_items(ds, &n);
	if (n == 0)
		return "none";
	snprintf(buf, len, "%u:%u %s", (unsigned)it[0].loc.line,
	    (unsigned)it[0].loc.col, it[0].code ? it[0].code : "-");
	return buf;
}

static void
bad(const char *text, const char *want, const char *what)
{
	struct diag_sink *ds;
	struct tmpl *t = parse(text, &ds);
	char buf[64];

	ok(t == NULL, "%s: refused", what);
	is_str(first_diag(ds, buf, sizeof(buf)), want, "%s: located", what);
	tmpl_free(t);
	diag_sink_free(ds);
}

int
main(void)
{
	struct diag_sink *ds;
	struct tbuf out = { 0 };
	struct tvals v = { 0 };
	struct tmpl *t;

	t = parse("%# a comment\n"
	    "%% head\n"
	    "H {{x}}!\n"
	    "%% item\n"
	    "[{{x}}]{{?y}} y={{y}}{{/}}\n"
	    "{{?y}}\n"
	    "line only with y\n"
	    "{{/}}\n"
	    "end\n", &ds);
	ok(t != NULL, "a good template parses");
	ok(diag_errors(ds) == 0, "without errors");
	tvals_set(&v, 0, "a", 1);
	tmpl_render(t, 0, &v, &out);
	tmpl_render(t, 1, &v, &out);
	tvals_set(&v, 1, "b", 1);
	tmpl_render(t, 1, &v, &out);
	tbuf_add(&out, "", 1);
	is_str(out.p, "H a!\n[a]\nend\n[a] y=b\nline only with y\nend\n",
	    "sections render, conditionals keep or drop their text and "
	    "standalone tags leave no blank line");
	tbuf_free(&out);
	tmpl_free(t);
	diag_sink_free(ds);

	bad("%% head\n{{nope}}\n%% item\n", "2:3 template-var",
	    "unknown value");
	bad("%% head\n{{y}}\n%% item\n", "2:3 template-var",
	    "value not offered in the section");
	bad("%% head\nab {{x\n%% item\n", "2:4 template-syntax",
	    "unclosed {{");
	bad("%% head\n%% item\n{{?y}}x\n", "3:1 template-syntax",
	    "unclosed conditional");
	bad("%% head\n{{/}}\n%% item\n", "2:1 template-syntax",
	    "{{/}} without a conditional");
	bad("%% head\n%% items\n", "2:4 template-section",
	    "unknown section");
	bad("%% head\n%% head\n%% item\n", "2:4 template-section",
	    "section given twice");
	bad("%% head\n", "0:0 template-section", "missing section");
	bad("stray\n%% head\n%% item\n", "1:1 template-section",
	    "text outside a section");
	return tap_done();
}
