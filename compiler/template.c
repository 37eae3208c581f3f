#include "config.h"

#include "compiler/template.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

enum seg_kind {
	SEG_LIT,	/* copy text */
	SEG_VAR,	/* copy a value */
	SEG_IF,		/* skip to `jump` when the value is empty */
};

struct seg {
	uint8_t		 kind;
	uint8_t		 var;
	uint32_t	 jump;		/* SEG_IF: past its {{/}} */
	const char	*lit;
	size_t		 len;
};

struct section {
	uint32_t	 first, count;	/* range in tmpl.segs */
};

struct tmpl {
	const struct tmpl_schema *schema;
	struct seg	*segs;
	size_t		 nsegs, capsegs;
	struct section	*sections;	/* schema->nsections */
	bool		*seen;
};

void
tbuf_grow(struct tbuf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;

	while (cap - b->len < more)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void
tbuf_free(struct tbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static struct seg *
seg_new(struct tmpl *t, enum seg_kind k)
{
	struct seg *s;

	if (t->nsegs == t->capsegs) {
		t->capsegs = t->capsegs ? t->capsegs * 2 : 64;
		t->segs = xreallocarray(t->segs, t->capsegs, sizeof(*t->segs));
	}
	s = &t->segs[t->nsegs++];
	memset(s, 0, sizeof(*s));
	s->kind = (uint8_t)k;
	return s;
}

static void
add_lit(struct tmpl *t, const char *p, size_t n)
{
	struct seg *s;

	if (n == 0)
		return;
	/* Join with a preceding literal that ends exactly here. */
	if (t->nsegs > 0) {
		s = &t->segs[t->nsegs - 1];
		if (s->kind == SEG_LIT && s->lit + s->len == p) {
			s->len += n;
			return;
		}
	}
	s = seg_new(t, SEG_LIT);
	s->lit = p;
	s->len = n;
}

static int
find_name(const char *const *names, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
			return (int)i;
	return -1;
}

struct pstate {
	struct tmpl		*t;
	struct diag_sink	*ds;
	const char		*file;
	int			 errors;
};

static void
perr(struct pstate *ps, uint32_t line, uint32_t col, const char *code,
    const char *fmt, const char *arg, int arglen)
{
	struct loc l = { ps->file, line, col };

	diag_error(ps->ds, l, code, fmt, arglen, arg);
	ps->errors++;
}

/* Parse one line of section text (with its newline, if any). */
static void
parse_line(struct pstate *ps, int sec, const char *p, size_t n,
    uint32_t lineno, uint32_t *stack, size_t *depth, uint32_t *stackline,
    uint32_t *stackcol)
{
	const struct tmpl_schema *sc = ps->t->schema;
	size_t i = 0, start = 0;

	while (i + 1 < n) {
		const char *name, *close;
		size_t nlen;
		bool cond = false;
		int id;
		uint32_t col = (uint32_t)i + 1;

		if (p[i] != '{' || p[i + 1] != '{') {
			i++;
			continue;
		}
		add_lit(ps->t, p + start, i - start);
		name = p + i + 2;
		close = NULL;
		for (size_t j = i + 2; j + 1 < n; j++)
			if (p[j] == '}' && p[j + 1] == '}') {
				close = p + j;
				break;
			}
		if (close == NULL) {
			perr(ps, lineno, col, "template-syntax",
			    "'{{' without a closing '}}' on this line%.*s",
			    "", 0);
			return;
		}
		nlen = (size_t)(close - name);
		i = (size_t)(close - p) + 2;
		start = i;
		if (nlen == 1 && name[0] == '/') {
			if (*depth == 0) {
				perr(ps, lineno, col, "template-syntax",
				    "'{{/}}' without an open '{{?...}}'%.*s",
				    "", 0);
				continue;
			}
			(*depth)--;
			ps->t->segs[stack[*depth]].jump =
			    (uint32_t)ps->t->nsegs;
			continue;
		}
		if (nlen > 0 && name[0] == '?') {
			cond = true;
			name++;
			nlen--;
		}
		id = find_name(sc->vars, sc->nvars, name, nlen);
		if (id < 0) {
			perr(ps, lineno, col + (cond ? 3 : 2), "template-var",
			    "unknown value '%.*s'", name, (int)nlen);
			continue;
		}
		if (!(sc->section_vars[sec] & (UINT32_C(1) << id))) {
			perr(ps, lineno, col + (cond ? 3 : 2), "template-var",
			    "value '%.*s' is not available in this section",
			    name, (int)nlen);
			continue;
		}
		if (cond) {
			struct seg *s = seg_new(ps->t, SEG_IF);

			s->var = (uint8_t)id;
			if (*depth == 16) {
				perr(ps, lineno, col, "template-syntax",
				    "'{{?...}}' nested too deeply%.*s", "", 0);
				continue;
			}
			stackline[*depth] = lineno;
			stackcol[*depth] = col;
			stack[(*depth)++] = (uint32_t)(s - ps->t->segs);
		} else
			seg_new(ps->t, SEG_VAR)->var = (uint8_t)id;
	}
	add_lit(ps->t, p + start, n - start);
}

/* Length of the tag when the line holds nothing else, else 0. */
static size_t
standalone_tag(const char *p, size_t n)
{
	size_t m = n;

	if (m > 0 && p[m - 1] == '\n')
		m--;
	if (m > 0 && p[m - 1] == '\r')
		m--;
	if (m < 5 || p[0] != '{' || p[1] != '{' || p[m - 1] != '}' ||
	    p[m - 2] != '}' || (p[2] != '?' && p[2] != '/'))
		return 0;
	for (size_t i = 2; i + 2 < m; i++)
		if (p[i] == '{' || p[i] == '}')
			return 0;
	return m;
}

struct tmpl *
tmpl_parse(const struct tmpl_schema *sc, const char *file, const char *text,
    size_t len, struct diag_sink *ds)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	struct pstate ps = { t, ds, NULL, 0 };
	const char *p = text, *end = text + len;
	uint32_t lineno = 0, stack[16], stackline[16], stackcol[16];
	size_t depth = 0, i, m;
	int sec = -1;

	ps.file = diag_source(ds, file, text, len);
	t->schema = sc;
	t->sections = xcalloc(sc->nsections, sizeof(*t->sections));
	t->seen = xcalloc(sc->nsections, sizeof(*t->seen));

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		lineno++;
		if (memchr(p, '\0', n) != NULL)
			perr(&ps, lineno, 0, "template-syntax",
			    "NUL byte in template%.*s", "", 0);
		if (n >= 2 && p[0] == '%' && p[1] == '#') {
			p += n;
			continue;
		}
		if (n >= 2 && p[0] == '%' && p[1] == '%') {
			const char *name = p + 2;
			size_t nlen = n - 2;
			int id;

			while (nlen > 0 && (*name == ' ' || *name == '\t'))
				name++, nlen--;
			while (nlen > 0 && (name[nlen - 1] == '\n' ||
			    name[nlen - 1] == '\r' || name[nlen - 1] == ' ' ||
			    name[nlen - 1] == '\t'))
				nlen--;
			if (depth > 0) {
				perr(&ps, stackline[depth - 1],
				    stackcol[depth - 1], "template-syntax",
				    "'{{?...}}' not closed with '{{/}}' before "
				    "the next section%.*s", "", 0);
				depth = 0;
			}
			if (sec >= 0)
				t->sections[sec].count = (uint32_t)t->nsegs -
				    t->sections[sec].first;
			id = find_name(sc->sections, sc->nsections, name,
			    nlen);
			if (id < 0) {
				perr(&ps, lineno, (uint32_t)(name - p) + 1,
				    "template-section",
				    "unknown section '%.*s'",
				    name, (int)nlen);
				sec = -1;
			} else if (t->seen[id]) {
				perr(&ps, lineno, (uint32_t)(name - p) + 1,
				    "template-section",
				    "section '%.*s' given twice", name,
				    (int)nlen);
				sec = -1;
			} else {
				sec = id;
				t->seen[id] = true;
				t->sections[id].first = (uint32_t)t->nsegs;
			}
			p += n;
			continue;
		}
		if (sec < 0) {
			size_t k;

			/* Blank lines before the first section are allowed. */
			for (k = 0; k < n; k++)
				if (p[k] != ' ' && p[k] != '\t' &&
				    p[k] != '\n' && p[k] != '\r')
					break;
			if (k < n && ps.errors == 0)
				perr(&ps, lineno, (uint32_t)k + 1,
				    "template-section",
				    "text outside a section (start one with "
				    "'%%%% NAME')%.*s", "", 0);
			p += n;
			continue;
		}
		/*
		 * A line holding only {{?name}} or {{/}} leaves no trace in
		 * the output, not even its newline.
		 */
		m = standalone_tag(p, n);
		parse_line(&ps, sec, p, m ? m : n, lineno, stack, &depth,
		    stackline, stackcol);
		p += n;
	}
	if (depth > 0)
		perr(&ps, stackline[depth - 1], stackcol[depth - 1],
		    "template-syntax", "'{{?...}}' not closed with '{{/}}'%.*s",
		    "", 0);
	if (sec >= 0)
		t->sections[sec].count = (uint32_t)t->nsegs -
		    t->sections[sec].first;
	/* A misspelt section also leaves one missing: report the cause only. */
	for (i = 0; i < sc->nsections && ps.errors == 0; i++)
		if (!t->seen[i])
			perr(&ps, 0, 0, "template-section",
			    "section '%.*s' is missing", sc->sections[i],
			    (int)strlen(sc->sections[i]));
	if (ps.errors > 0) {
		tmpl_free(t);
		return NULL;
	}
	return t;
}

void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->segs);
	free(t->sections);
	free(t->seen);
	free(t);
}

void
tmpl_render(const struct tmpl *t, int sec, const struct tvals *v,
    struct tbuf *out)
{
	const struct seg *s = t->segs + t->sections[sec].first;
	const struct seg *base = t->segs;
	const struct seg *e = s + t->sections[sec].count;

	while (s < e) {
		switch (s->kind) {
		case SEG_LIT:
			tbuf_add(out, s->lit, s->len);
			break;
		case SEG_VAR:
			tbuf_add(out, v->s[s->var], v->n[s->var]);
			break;
		case SEG_IF:
			if (v->n[s->var] == 0) {
				s = base + s->jump;
				continue;
			}
			break;
		}
		s++;
	}
}
