#include "model/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/arena.h"

struct source {
	const char	*name;
	const char	*text;		/* NULL when not registered */
	size_t		 len;
	char		*owned;		/* text to free with the sink */
	char		*path;		/* released: read it again from here */
	bool		 reread_failed;
	uint32_t	*lines;		/* offsets of line starts, built on demand */
	size_t		 nlines;
	size_t		 order;
	struct loc	*secret;	/* tokens never to quote, see diag_redact */
	size_t		 nsecret, capsecret;
	bool		 secret_sorted;
};

struct diag_sink {
	FILE		*out;
	enum diag_format fmt;
	bool		 strict, quiet, json_open;
	struct source	*src;
	size_t		 nsrc, capsrc;
	/* File name -> index in src (open addressing), so that interning
	   stays O(1) with hundreds of thousands of files. */
	size_t		*srcidx;
	size_t		 srcidx_size;
	struct diag_item *items;
	size_t		 nitems, capitems, flushed;
	size_t		 nerrors, nwarnings;
	size_t		 nhard;		/* errors not promoted by --strict */
	struct arena	*arena;
};

struct diag_sink *
diag_sink_new(FILE *out, enum diag_format fmt)
{
	struct diag_sink *ds = xcalloc(1, sizeof(*ds));

	ds->out = out;
	ds->fmt = fmt;
	ds->arena = arena_new();
	return ds;
}

void
diag_sink_free(struct diag_sink *ds)
{
	size_t i;

	if (ds == NULL)
		return;
	for (i = 0; i < ds->nsrc; i++) {
		free(ds->src[i].lines);
		free(ds->src[i].owned);
		free(ds->src[i].path);
		free(ds->src[i].secret);
	}
	free(ds->src);
	free(ds->srcidx);
	free(ds->items);
	arena_free(ds->arena);
	free(ds);
}

struct diag_sink *
diag_sink_child(const struct diag_sink *parent)
{
	struct diag_sink *ds = diag_sink_new(NULL, parent->fmt);

	ds->strict = parent->strict;
	ds->quiet = parent->quiet;
	return ds;
}

void
diag_merge(struct diag_sink *ds, struct diag_sink *from)
{
	size_t i, base = ds->nitems, first = from->flushed;

	for (i = first; i < from->nitems; i++) {
		const struct diag_item *f = &from->items[i];
		struct diag_item *it;

		if (ds->nitems == ds->capitems) {
			ds->capitems = ds->capitems ? ds->capitems * 2 : 32;
			ds->items = xreallocarray(ds->items, ds->capitems,
			    sizeof(*ds->items));
		}
		it = &ds->items[ds->nitems];
		*it = *f;
		if (f->loc.file != NULL)
			it->loc.file = diag_intern(ds, f->loc.file);
		it->code = f->code != NULL ? arena_strdup(ds->arena, f->code) :
		    NULL;
		it->message = arena_strdup(ds->arena, f->message);
		it->seq = ds->nitems;
		it->parent = base + (f->parent - first);
		ds->nitems++;
	}
	ds->nerrors += from->nerrors;
	ds->nwarnings += from->nwarnings;
	ds->nhard += from->nhard;
	from->flushed = from->nitems;
	from->nerrors = from->nwarnings = from->nhard = 0;
}

void
diag_set_strict(struct diag_sink *ds, bool on)
{
	ds->strict = on;
}

void
diag_set_quiet(struct diag_sink *ds, bool on)
{
	ds->quiet = on;
}

static size_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of a name in srcidx: its index, or SIZE_MAX where it would go. */
static size_t *
source_slot(struct diag_sink *ds, const char *file)
{
	size_t i = name_hash(file) & (ds->srcidx_size - 1);

	while (ds->srcidx[i] != SIZE_MAX &&
	    strcmp(ds->src[ds->srcidx[i]].name, file) != 0)
		i = (i + 1) & (ds->srcidx_size - 1);
	return &ds->srcidx[i];
}

static void
source_index_grow(struct diag_sink *ds)
{
	size_t i, n = ds->srcidx_size ? ds->srcidx_size * 2 : 64;

	free(ds->srcidx);
	ds->srcidx = xreallocarray(NULL, n, sizeof(*ds->srcidx));
	ds->srcidx_size = n;
	for (i = 0; i < n; i++)
		ds->srcidx[i] = SIZE_MAX;
	for (i = 0; i < ds->nsrc; i++)
		*source_slot(ds, ds->src[i].name) = i;
}

static struct source *
find_source(struct diag_sink *ds, const char *file)
{
	size_t i;

	if (ds->srcidx_size == 0)
		return NULL;
	i = *source_slot(ds, file);
	return i == SIZE_MAX ? NULL : &ds->src[i];
}

const char *
diag_intern(struct diag_sink *ds, const char *file)
{
	struct source *s = find_source(ds, file);

	if (s != NULL)
		return s->name;
	if (ds->nsrc == ds->capsrc) {
		ds->capsrc = ds->capsrc ? ds->capsrc * 2 : 8;
		ds->src = xreallocarray(ds->src, ds->capsrc, sizeof(*ds->src));
	}
	s = &ds->src[ds->nsrc];
	memset(s, 0, sizeof(*s));
	s->name = arena_strdup(ds->arena, file);
	s->order = ds->nsrc++;
	if (ds->nsrc * 2 > ds->srcidx_size)
		source_index_grow(ds);
	else
		*source_slot(ds, s->name) = s->order;
	return s->name;
}

const char *
diag_source(struct diag_sink *ds, const char *file, const char *text,
    size_t len)
{
	const char *name = diag_intern(ds, file);
	struct source *s = find_source(ds, name);

	s->text = text;
	s->len = len;
	free(s->path);
	s->path = NULL;
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
	return name;
}

const char *
diag_source_take(struct diag_sink *ds, const char *file, char *text,
    size_t len)
{
	const char *name = diag_source(ds, file, text, len);
	struct source *s = find_source(ds, name);

	free(s->owned);
	s->owned = text;
	return name;
}

void
diag_source_release(struct diag_sink *ds, const char *file, const char *path)
{
	struct source *s = find_source(ds, diag_intern(ds, file));

	if (s->text == NULL)
		return;
	free(s->owned);
	s->owned = NULL;
	s->text = NULL;
	free(s->lines);
	s->lines = NULL;
	s->nlines = 0;
	free(s->path);
	s->path = xstrdup(path);
	s->reread_failed = false;
}

/*
 * The text of a released source, read again for a quote.  A file that is
 * no longer the length it was gets no quotes: a wrong line is worse.
 */
static bool
reread(struct source *s)
{
	char *buf;
	size_t n = 0;
	int fd;

	if (s->reread_failed)
		return false;
	s->reread_failed = true;
	if ((fd = open(s->path, O_RDONLY | O_NOCTTY)) < 0)
		return false;
	buf = xmalloc(s->len + 1);
	while (n <= s->len) {
		ssize_t r = read(fd, buf + n, s->len + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n != s->len) {
		free(buf);
		return false;
	}
	s->owned = buf;
	s->text = buf;
	s->reread_failed = false;
	return true;
}

void
diag_redact(struct diag_sink *ds, struct loc at)
{
	struct source *s;

	if (at.file == NULL || at.line == 0 || at.col == 0)
		return;
	s = find_source(ds, diag_intern(ds, at.file));
	if (s->nsecret == s->capsecret) {
		s->capsecret = s->capsecret ? s->capsecret * 2 : 8;
		s->secret = xreallocarray(s->secret, s->capsecret,
		    sizeof(*s->secret));
	}
	if (s->nsecret > 0 && (s->secret[s->nsecret - 1].line > at.line ||
	    (s->secret[s->nsecret - 1].line == at.line &&
	    s->secret[s->nsecret - 1].col > at.col)))
		s->secret_sorted = false;
	else if (s->nsecret == 0)
		s->secret_sorted = true;
	s->secret[s->nsecret++] = at;
}

void
diag_vreport(struct diag_sink *ds, enum diag_severity sev, struct loc l,
    const char *code, const char *fmt, va_list ap)
{
	struct diag_item *it;
	va_list aq;
	char small[256];
	int n;

	if (sev == DIAG_ERROR)
		ds->nhard++;
	if (sev == DIAG_WARNING && ds->strict)
		sev = DIAG_ERROR;
	if (ds->nitems == ds->capitems) {
		ds->capitems = ds->capitems ? ds->capitems * 2 : 32;
		ds->items = xreallocarray(ds->items, ds->capitems,
		    sizeof(*ds->items));
	}
	it = &ds->items[ds->nitems];
	it->severity = sev;
	it->loc = l;
	if (l.file != NULL)
		it->loc.file = diag_intern(ds, l.file);
	it->code = code != NULL ? arena_strdup(ds->arena, code) : NULL;
	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(small))
		it->message = arena_strdup(ds->arena, small);
	else {
		char *m = arena_alloc(ds->arena, (size_t)n + 1);

		vsnprintf(m, (size_t)n + 1, fmt, ap);
		it->message = m;
	}
	it->seq = ds->nitems;
	it->parent = sev == DIAG_NOTE && ds->nitems > 0 ?
	    ds->nitems - 1 : ds->nitems;
	/* A note's parent is the last real report. */
	if (sev == DIAG_NOTE && ds->nitems > 0)
		it->parent = ds->items[ds->nitems - 1].parent;
	ds->nitems++;
	if (sev == DIAG_ERROR)
		ds->nerrors++;
	else if (sev == DIAG_WARNING)
		ds->nwarnings++;
}

void
diag_report(struct diag_sink *ds, enum diag_severity sev, struct loc l,
    const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(ds, sev, l, code, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diag_sink *ds, struct loc l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(ds, DIAG_NOTE, l, NULL, fmt, ap);
	va_end(ap);
}

size_t
diag_errors(const struct diag_sink *ds)
{
	return ds->nerrors;
}

size_t
diag_hard_errors(const struct diag_sink *ds)
{
	return ds->nhard;
}

size_t
diag_warnings(const struct diag_sink *ds)
{
	return ds->nwarnings;
}

static const char *
sev_name(enum diag_severity s)
{
	switch (s) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	default:
		return "error";
	}
}

static size_t
file_order(struct diag_sink *ds, const char *f)
{
	struct source *s;

	if (f == NULL)
		return 0;
	s = find_source(ds, f);
	return s != NULL ? s->order + 1 : 0;
}

/* qsort needs the sink for file order: sort keys are precomputed instead. */
struct sortkey {
	size_t		 file, line, col, seq, idx;
};

static int
cmp_key(const void *a, const void *b)
{
	const struct sortkey *x = a, *y = b;

#define CMP(f) if (x->f != y->f) return x->f < y->f ? -1 : 1
	CMP(file);
	CMP(line);
	CMP(col);
	CMP(seq);
#undef CMP
	return 0;
}

/*
 * Sort the unflushed reports by their own location; each note stays right
 * after its report, in the order it was added.
 */
static void
sort_pending(struct diag_sink *ds)
{
	size_t i, n = ds->nitems - ds->flushed, nk = 0, o = 0;
	struct diag_item *items, *sorted;
	struct sortkey *keys;

	if (n < 2)
		return;
	/* Only now: with no report at all, ds->items is NULL. */
	items = ds->items + ds->flushed;
	keys = xcalloc(n, sizeof(*keys));
	for (i = 0; i < n; i++) {
		if (items[i].severity == DIAG_NOTE && items[i].parent != items[i].seq)
			continue;
		keys[nk].file = file_order(ds, items[i].loc.file);
		keys[nk].line = items[i].loc.line;
		keys[nk].col = items[i].loc.col;
		keys[nk].seq = items[i].seq;
		keys[nk].idx = i;
		nk++;
	}
	qsort(keys, nk, sizeof(*keys), cmp_key);
	sorted = xcalloc(n, sizeof(*sorted));
	for (i = 0; i < nk; i++) {
		size_t j = keys[i].idx, k;

		sorted[o++] = items[j];
		/* A report's notes were added right after it. */
		for (k = j + 1; k < n && items[k].severity == DIAG_NOTE &&
		    items[k].parent == items[j].seq &&
		    items[k].seq != items[j].seq; k++)
			sorted[o++] = items[k];
	}
	/* Renumber so that seq/parent keep meaning "index in items". */
	for (i = 0; i < o; i++) {
		size_t base = ds->flushed;

		if (sorted[i].severity == DIAG_NOTE &&
		    sorted[i].parent != sorted[i].seq) {
			sorted[i].seq = base + i;
			sorted[i].parent = i > 0 ? sorted[i - 1].parent : base + i;
		} else {
			sorted[i].seq = sorted[i].parent = base + i;
		}
	}
	memcpy(items, sorted, o * sizeof(*items));
	free(sorted);
	free(keys);
}

const struct diag_item *
diag_items(struct diag_sink *ds, size_t *count)
{
	sort_pending(ds);
	*count = ds->nitems;
	return ds->items;
}

static void
build_lines(struct source *s)
{
	size_t i, cap = 1024;

	s->lines = xmalloc(cap * sizeof(*s->lines));
	s->lines[s->nlines++] = 0;
	for (i = 0; i < s->len; i++) {
		if (s->text[i] != '\n')
			continue;
		if (s->nlines == cap) {
			cap *= 2;
			s->lines = xreallocarray(s->lines, cap, sizeof(*s->lines));
		}
		s->lines[s->nlines++] = (uint32_t)(i + 1);
	}
}

static int
cmp_loc(const void *a, const void *b)
{
	const struct loc *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/*
 * Overwrite with '*' each secret token that starts on this line: a quoted
 * string up to its closing quote, or a bare word up to a blank, ',', '}',
 * ']' or the end of the line.
 */
static void
mask_secrets(struct source *s, uint32_t lineno, char *line, size_t len)
{
	size_t lo = 0, hi = s->nsecret, k;

	if (s->nsecret == 0)
		return;
	if (!s->secret_sorted) {
		qsort(s->secret, s->nsecret, sizeof(*s->secret), cmp_loc);
		s->secret_sorted = true;
	}
	while (lo < hi) {		/* first secret on this line or later */
		size_t mid = lo + (hi - lo) / 2;

		if (s->secret[mid].line < lineno)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < s->nsecret && s->secret[k].line == lineno; k++) {
		size_t i = s->secret[k].col - 1;
		char q;

		if (i >= len)
			continue;
		q = line[i];
		if (q == '"' || q == '\'') {
			for (i++; i < len && line[i] != q; i++) {
				if (q == '"' && line[i] == '\\' && i + 1 < len)
					line[i++] = '*';
				line[i] = '*';
			}
			continue;
		}
		for (; i < len && line[i] != ' ' && line[i] != '\t' &&
		    line[i] != ',' && line[i] != '}' && line[i] != ']'; i++)
			line[i] = '*';
	}
}

static void
print_quote(struct diag_sink *ds, struct loc l)
{
	struct source *s;
	const char *p, *end;
	char line[512];
	size_t i, len;

	if (l.file == NULL || l.line == 0)
		return;
	s = find_source(ds, l.file);
	if (s != NULL && s->text == NULL && s->path != NULL && !reread(s))
		return;
	if (s == NULL || s->text == NULL || s->len > UINT32_MAX)
		return;
	if (s->lines == NULL)
		build_lines(s);
	if (l.line > s->nlines)
		return;
	p = s->text + s->lines[l.line - 1];
	end = memchr(p, '\n', (size_t)(s->text + s->len - p));
	if (end == NULL)
		end = s->text + s->len;
	len = (size_t)(end - p);
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len > 512)		/* huge lines: quote only the start */
		len = 512;
	memcpy(line, p, len);
	mask_secrets(s, l.line, line, len);
	fputs("  ", ds->out);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		fputc(c == '\t' || c >= 0x20 ? c : '?', ds->out);
	}
	fputc('\n', ds->out);
	if (l.col == 0)
		return;
	fputs("  ", ds->out);
	for (i = 0; i + 1 < l.col && i < len; i++)
		fputc(p[i] == '\t' ? '\t' : ' ', ds->out);
	fputs("^\n", ds->out);
}

static void
json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void
diag_flush(struct diag_sink *ds)
{
	size_t i;
	const char *parent_code = NULL;
	FILE *final = ds->out, *mem;
	char *buf = NULL;
	size_t buflen = 0;

	sort_pending(ds);
	/* stderr is unbuffered: gather the text and write it at once. */
	mem = open_memstream(&buf, &buflen);
	if (mem != NULL)
		ds->out = mem;
	for (i = ds->flushed; i < ds->nitems; i++) {
		const struct diag_item *it = &ds->items[i];
		bool hidden = false;

		if (it->severity != DIAG_NOTE)
			parent_code = it->code;
		if (ds->quiet) {
			const struct diag_item *p = it->severity == DIAG_NOTE ?
			    &ds->items[it->parent] : it;

			hidden = p->severity != DIAG_ERROR;
		}
		if (hidden)
			continue;
		if (ds->fmt == DIAG_JSON) {
			fputs(ds->json_open ? ",\n " : "[", ds->out);
			ds->json_open = true;
			fputs("{\"file\":", ds->out);
			json_string(ds->out, it->loc.file ? it->loc.file : "");
			fprintf(ds->out, ",\"line\":%u,\"column\":%u,\"severity\":",
			    (unsigned)it->loc.line, (unsigned)it->loc.col);
			json_string(ds->out, sev_name(it->severity));
			fputs(",\"code\":", ds->out);
			json_string(ds->out, it->code ? it->code :
			    parent_code ? parent_code : "");
			fputs(",\"message\":", ds->out);
			json_string(ds->out, it->message);
			fputs("}", ds->out);
			continue;
		}
		if (it->loc.file != NULL) {
			fputs(it->loc.file, ds->out);
			if (it->loc.line > 0) {
				fprintf(ds->out, ":%u", (unsigned)it->loc.line);
				if (it->loc.col > 0)
					fprintf(ds->out, ":%u", (unsigned)it->loc.col);
			}
			fputs(": ", ds->out);
		} else
			fputs("tunnelgen: ", ds->out);
		fprintf(ds->out, "%s: %s", sev_name(it->severity), it->message);
		if (it->code != NULL)
			fprintf(ds->out, " [%s]", it->code);
		fputc('\n', ds->out);
		print_quote(ds, it->loc);
	}
	ds->flushed = ds->nitems;
	if (ds->fmt == DIAG_JSON) {
		fputs(ds->json_open ? "]\n" : "[]\n", ds->out);
		ds->json_open = false;
	}
	if (mem != NULL) {
		fclose(mem);
		ds->out = final;
		fwrite(buf, 1, buflen, final);
		free(buf);
	}
	fflush(ds->out);
}
