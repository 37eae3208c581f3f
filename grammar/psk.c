/*
 * psk.txt reader; see psk.h for the rules it follows.
 */
#include "grammar/psk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/arena.h"
#include "model/diag.h"

#define PSK_LINE_MAX	1024	/* racoon reads lines through a 1024-byte buffer */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct psk_entry *const *x = a, *const *y = b;
	int c = strcmp((*x)->ident, (*y)->ident);

	if (c != 0)
		return c;
	return (*x)->loc.line < (*y)->loc.line ? -1 :
	    (*x)->loc.line > (*y)->loc.line;
}

/* Flag repeated identifiers: sort pointers, compare neighbours. */
static void
find_duplicates(struct psk_file *pf, struct diag_sink *ds)
{
	struct psk_entry **v;
	size_t i;

	if (pf->nentries < 2)
		return;
	v = xreallocarray(NULL, pf->nentries, sizeof(*v));
	for (i = 0; i < pf->nentries; i++)
		v[i] = &pf->entries[i];
	qsort(v, pf->nentries, sizeof(*v), entry_cmp);
	for (i = 1; i < pf->nentries; i++) {
		size_t j = i - 1;

		if (strcmp(v[i]->ident, v[j]->ident) != 0)
			continue;
		while (j > 0 && v[j]->shadowed)
			j--;
		v[i]->shadowed = true;
		diag_warning(ds, v[i]->loc, "psk-duplicate",
		    "identifier '%s' already has a key on line %u; racoon "
		    "uses the first one and never this one", v[i]->ident,
		    (unsigned)v[j]->loc.line);
		diag_note(ds, v[j]->loc, "the key racoon uses");
	}
	free(v);
}

struct psk_file *
psk_parse(const char *name, const char *buf, size_t len, struct arena *ar,
    struct diag_sink *ds)
{
	struct psk_file *pf = arena_calloc(ar, 1, sizeof(*pf));
	size_t cap = 0, off = 0;
	uint32_t line = 0;

	pf->name = diag_intern(ds, name);
	while (off < len) {
		const char *p = buf + off, *nl, *end, *q, *id, *key;
		size_t n, idlen;
		struct psk_entry *e;
		char tmp[ADDR_STRLEN];

		line++;
		nl = memchr(p, '\n', len - off);
		end = nl != NULL ? nl : buf + len;
		n = (size_t)(end - p);
		off += n + (nl != NULL);
		if (n + 1 >= PSK_LINE_MAX)
			diag_warning(ds, ((struct loc){ pf->name, line, 1 }),
			    "psk-long-line", "line is %zu bytes; racoon reads "
			    "at most %d per line and splits the rest into "
			    "another entry", n + 1, PSK_LINE_MAX - 1);
		if (n == 0 || p[0] == '#')
			continue;
		q = p;
		while (q < end && is_blank(*q))
			q++;
		if (q < end && *q == '#') {
			diag_warning(ds, ((struct loc){ pf->name, line, 1 }),
			    "psk-indented-comment", "'#' is not the first "
			    "character: racoon does not take this line as a "
			    "comment");
			continue;
		}
		if (q == end || (q + 1 == end && *q == '\r'))
			continue;	/* blank line */
		id = p;
		while (id < end && is_blank(*id))
			id++;
		q = id;
		while (q < end && !is_blank(*q))
			q++;
		idlen = (size_t)(q - id);
		while (q < end && is_blank(*q))
			q++;
		key = q;
		if (key == end || (key + 1 == end && *key == '\r')) {
			diag_warning(ds, ((struct loc){ pf->name, line,
			    (uint32_t)(id - p) + 1 }), "psk-no-key",
			    "no key after the identifier: racoon skips this "
			    "line");
			continue;
		}
		if (pf->nentries == cap) {
			struct psk_entry *ne;

			cap = cap ? cap * 2 : 16;
			ne = arena_alloc(ar, cap * sizeof(*ne));
			if (pf->nentries)
				memcpy(ne, pf->entries,
				    pf->nentries * sizeof(*ne));
			pf->entries = ne;
		}
		e = &pf->entries[pf->nentries++];
		memset(e, 0, sizeof(*e));
		e->ident = arena_strndup(ar, id, idlen);
		e->loc = (struct loc){ pf->name, line, (uint32_t)(id - p) + 1 };
		e->key = key;
		e->keylen = (size_t)(end - key);
		e->key_loc = (struct loc){ pf->name, line,
		    (uint32_t)(key - p) + 1 };
		if (is_blank(end[-1]) || end[-1] == '\r')
			diag_warning(ds, e->key_loc, "psk-trailing-space",
			    "the key ends in %s, which racoon keeps as part "
			    "of the key", end[-1] == '\r' ? "a carriage "
			    "return (DOS line end)" : "blanks");
		if (addr_parse(id, idlen, &e->addr)) {
			addr_format(&e->addr, tmp);
			if (strcmp(tmp, e->ident) != 0)
				diag_warning(ds, e->loc, "psk-ident-form",
				    "racoon looks this address up as '%s'; "
				    "'%s' never matches", tmp, e->ident);
		} else if (strchr(e->ident, '[') != NULL ||
		    (strchr(e->ident, ':') != NULL &&
		    strchr(e->ident, '.') != NULL &&
		    strchr(e->ident, '@') == NULL)) {
			diag_warning(ds, e->loc, "psk-ident-form",
			    "identifier '%s' carries a port or brackets; "
			    "racoon looks peers up by the bare address",
			    e->ident);
		}
	}
	find_duplicates(pf, ds);
	return pf;
}

const struct psk_entry *
psk_lookup_addr(const struct psk_file *pf, const struct addr *a)
{
	size_t i;

	if (pf == NULL)
		return NULL;
	for (i = 0; i < pf->nentries; i++)
		if (!pf->entries[i].shadowed &&
		    addr_eq(&pf->entries[i].addr, a))
			return &pf->entries[i];
	return NULL;
}

bool
psk_sniff(const char *buf, size_t len)
{
	size_t off = 0, good = 0, lines = 0;

	while (off < len && lines < 20) {
		const char *p = buf + off, *nl = memchr(p, '\n', len - off);
		const char *end = nl ? nl : buf + len;
		const char *q = p;

		off += (size_t)(end - p) + (nl != NULL);
		if (end == p || *p == '#')
			continue;
		lines++;
		while (q < end && !is_blank(*q) && *q != '=' && *q != '{' &&
		    *q != ';' && *q != '"' && *q > ' ' && *q < 0x7f)
			q++;
		if (q > p && q < end && is_blank(*q) &&
		    memchr(p, '\0', (size_t)(end - p)) == NULL &&
		    memchr(p, ';', (size_t)(end - p)) == NULL &&
		    memchr(p, '=', (size_t)(q - p)) == NULL)
			good++;
	}
	return lines > 0 && good == lines;
}
