/*
 * Line diff for `tunnelgen diff --unified`.
 *
 * Lines are hashed once; the common head and tail are matched first (the
 * usual case: a few lines edited by hand), and Myers' greedy algorithm runs
 * on what is left, keeping each round's frontier to walk the path back.
 * When the edit distance is so large that the frontiers would not fit in
 * a reasonable amount of memory, the middle is shown as removed and added
 * wholesale: still a correct diff, only not a minimal one.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/diff_unified.h"
#include "model/arena.h"

#define CONTEXT		3
#define MAX_D		4096	/* frontier memory grows as D squared */

struct line {
	const char	*p;
	size_t		 len;		/* without the newline */
	bool		 nl;		/* ends with a newline */
	uint64_t	 h;
};

struct op {
	char		 kind;		/* '=', '-', '+' */
	size_t		 a, b;		/* line indexes */
};

static struct line *
split(const char *t, size_t n, size_t *count)
{
	struct line *v = NULL;
	size_t i = 0, k = 0, cap = 0;

	while (t != NULL && i < n) {
		const char *e = memchr(t + i, '\n', n - i);
		size_t l = e ? (size_t)(e - (t + i)) : n - i, j;
		uint64_t h = 1469598103934665603ULL;

		if (k == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		for (j = 0; j < l; j++)
			h = (h ^ (unsigned char)t[i + j]) * 1099511628211ULL;
		v[k].p = t + i;
		v[k].len = l;
		v[k].nl = e != NULL;
		v[k].h = h;
		k++;
		i += l + (e != NULL);
	}
	*count = k;
	return v;
}

static bool
same(const struct line *x, const struct line *y)
{
	return x->h == y->h && x->len == y->len && x->nl == y->nl &&
	    memcmp(x->p, y->p, x->len) == 0;
}

struct script {
	struct op	*v;
	size_t		 n, cap;
};

static void
emit(struct script *s, char kind, size_t a, size_t b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	s->v[s->n++] = (struct op){ kind, a, b };
}

/*
 * Myers on a[a0..a0+n) against b[b0..b0+m); appends the edit script.
 * Returns false (nothing appended) when D would exceed MAX_D.
 */
static bool
myers(const struct line *a, size_t a0, size_t n, const struct line *b,
    size_t b0, size_t m, struct script *s)
{
	long max = (long)(n + m), d, k, off;
	long *v, **trace;
	size_t nt = 0;
	long x, y, dfound = -1;
	struct op *rev;
	size_t nrev = 0, i;

	if (max > 0 && max > MAX_D)
		max = MAX_D;
	off = max + 1;
	v = xcalloc((size_t)(2 * off + 1), sizeof(*v));
	trace = xcalloc((size_t)max + 2, sizeof(*trace));
	for (d = 0; d <= max; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] <
			    v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < (long)n && y < (long)m &&
			    same(&a[a0 + (size_t)x], &b[b0 + (size_t)y])) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m) {
				dfound = d;
				break;
			}
		}
		trace[nt] = xmalloc((size_t)(2 * off + 1) * sizeof(long));
		memcpy(trace[nt++], v, (size_t)(2 * off + 1) * sizeof(long));
		if (dfound >= 0)
			break;
	}
	free(v);
	if (dfound < 0) {
		for (i = 0; i < nt; i++)
			free(trace[i]);
		free(trace);
		return false;
	}
	/* Walk back from (n, m) through the saved frontiers. */
	rev = xcalloc(n + m + 1, sizeof(*rev));
	x = (long)n;
	y = (long)m;
	for (d = dfound; d >= 0; d--) {
		long px, py, pk;
		const long *pv = d > 0 ? trace[d - 1] : NULL;

		k = x - y;
		if (d == 0) {
			while (x > 0 && y > 0) {
				x--;
				y--;
				rev[nrev++] = (struct op){ '=', a0 + (size_t)x,
				    b0 + (size_t)y };
			}
			break;
		}
		if (k == -d || (k != d && pv[off + k - 1] < pv[off + k + 1]))
			pk = k + 1;
		else
			pk = k - 1;
		px = pv[off + pk];
		py = px - pk;
		while (x > px && y > py) {
			x--;
			y--;
			rev[nrev++] = (struct op){ '=', a0 + (size_t)x,
			    b0 + (size_t)y };
		}
		if (pk == k + 1)	/* down: an insertion from b */
			rev[nrev++] = (struct op){ '+', a0 + (size_t)x,
			    b0 + (size_t)py };
		else
			rev[nrev++] = (struct op){ '-', a0 + (size_t)px,
			    b0 + (size_t)y };
		x = px;
		y = py;
	}
	while (nrev > 0) {
		nrev--;
		emit(s, rev[nrev].kind, rev[nrev].a, rev[nrev].b);
	}
	free(rev);
	for (i = 0; i < nt; i++)
		free(trace[i]);
	free(trace);
	return true;
}

static void
print_line(FILE *out, char mark, const struct line *l, line_filter f)
{
	fputc(mark, out);
	if (f != NULL)
		f(out, l->p, l->len);
	else
		fwrite(l->p, 1, l->len, out);
	fputc('\n', out);
	if (!l->nl)
		fputs("\\ No newline at end of file\n", out);
}

static void
range(FILE *out, size_t start, size_t len)
{
	/* An empty range names the line before it, as diff -u does. */
	if (len == 0)
		fprintf(out, "%zu,0", start);
	else if (len == 1)
		fprintf(out, "%zu", start + 1);
	else
		fprintf(out, "%zu,%zu", start + 1, len);
}

bool
unified_diff(FILE *out, const char *at, size_t alen, const char *aname,
    const char *bt, size_t blen, const char *bname, line_filter f)
{
	struct line *a, *b;
	size_t na, nb, head = 0, tail = 0, i, j;
	struct script s = { NULL, 0, 0 };
	bool differ = false;

	a = split(at, alen, &na);
	b = split(bt, blen, &nb);
	while (head < na && head < nb && same(&a[head], &b[head]))
		head++;
	while (tail < na - head && tail < nb - head &&
	    same(&a[na - 1 - tail], &b[nb - 1 - tail]))
		tail++;
	for (i = 0; i < head; i++)
		emit(&s, '=', i, i);
	if (!myers(a, head, na - head - tail, b, head, nb - head - tail,
	    &s)) {
		for (i = head; i < na - tail; i++)
			emit(&s, '-', i, head);
		for (j = head; j < nb - tail; j++)
			emit(&s, '+', na - tail, j);
	}
	for (i = 0; i < tail; i++)
		emit(&s, '=', na - tail + i, nb - tail + i);
	for (i = 0; i < s.n && !differ; i++)
		differ = s.v[i].kind != '=';
	if ((at == NULL) != (bt == NULL))
		differ = true;
	if (!differ)
		goto done;

	fprintf(out, "--- %s\n+++ %s\n", at ? aname : "/dev/null",
	    bt ? bname : "/dev/null");
	i = 0;
	while (i < s.n) {
		size_t start, end, k, as, bs, al = 0, bl = 0;

		while (i < s.n && s.v[i].kind == '=')
			i++;
		if (i == s.n)
			break;
		start = i >= CONTEXT ? i - CONTEXT : 0;
		/* Extend while the next change is within 2 * CONTEXT. */
		end = i;
		for (;;) {
			while (end < s.n && s.v[end].kind != '=')
				end++;
			k = end;
			while (k < s.n && s.v[k].kind == '=' &&
			    k - end < 2 * CONTEXT)
				k++;
			if (k < s.n && s.v[k].kind != '=') {
				end = k;
				continue;
			}
			break;
		}
		end = end + CONTEXT < s.n ? end + CONTEXT : s.n;
		for (k = start; k < end; k++) {
			if (s.v[k].kind != '+')
				al++;
			if (s.v[k].kind != '-')
				bl++;
		}
		as = s.v[start].a;
		bs = s.v[start].b;
		fputs("@@ -", out);
		range(out, as, al);
		fputs(" +", out);
		range(out, bs, bl);
		fputs(" @@\n", out);
		for (k = start; k < end; k++) {
			const struct op *o = &s.v[k];

			if (o->kind == '=')
				print_line(out, ' ', &a[o->a], f);
			else if (o->kind == '-')
				print_line(out, '-', &a[o->a], f);
			else
				print_line(out, '+', &b[o->b], f);
		}
		i = end;
	}
done:
	free(s.v);
	free(a);
	free(b);
	return differ;
}
