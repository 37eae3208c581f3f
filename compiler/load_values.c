/*
 * Values read on their own, for every part of the schema: kinds, names,
 * numbers, words from a list, prefixes and paths, each reporting a located
 * error when it does not fit.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/load_int.h"
#include "model/arena.h"

void
lv_name_ctx(char *buf, size_t len, const char *kind, struct lctx *c,
    const struct ynode *name)
{
	char q[sizeof(c->show[0]) + 2];

	join3(q, sizeof(q), "'", yshow(c, name), "'");
	join3(buf, len, kind, " ", q);
}

/*
 * Split a mapping into the handlers' values.  Unknown keys get a
 * did-you-mean; `keys[i]`/`vals[i]` stay NULL when not given.
 */
void
lv_collect(struct lctx *c, struct ynode *map, const char *what,
    const char *const *names, size_t nnames, struct ynode **keys,
    struct ynode **vals)
{
	struct ypair *p;
	size_t np, i, j;

	for (j = 0; j < nnames; j++)
		keys[j] = vals[j] = NULL;
	np = ymap_pairs(c, c->tree, map, what, &p);
	for (i = 0; i < np; i++) {
		struct ynode *k = ynode_deref(p[i].k);
		const char *hint;

		for (j = 0; j < nnames; j++)
			if (k->n > 0 && k->u.s[0] == names[j][0] &&
			    yscalar_is(k, names[j]))
				break;
		if (j < nnames) {
			keys[j] = p[i].k;
			vals[j] = ynode_deref(p[i].v);
			continue;
		}
		hint = suggest(k->u.s, k->n, names, nnames);
		if (hint != NULL)
			diag_error(c->ds, yloc(c, p[i].k), "unknown-key",
			    "unknown key '%s' in %s (did you mean '%s'?)",
			    yshow(c, k), what, hint);
		else
			diag_error(c->ds, yloc(c, p[i].k), "unknown-key",
			    "unknown key '%s' in %s", yshow(c, k), what);
	}
}

/* A value of the wanted kind; reports and returns false otherwise. */
bool
lv_want(struct lctx *c, struct ynode *v, enum ykind kind, const char *what)
{
	static const char *const kinds[] = {
		"a scalar", "a mapping", "a list"
	};

	if (v->kind == kind)
		return true;
	if (v->kind == Y_BAD) {
		c->silent++;
		return false;
	}
	diag_error(c->ds, yloc(c, v), "wrong-type", "%s must be %s, not %s",
	    what, kinds[kind], ykind_name(v));
	return false;
}

/* A collection where an empty plain value (YAML's null) means "none". */
bool
lv_is_empty(const struct ynode *v)
{
	return v->kind == Y_SCALAR && v->plain && v->n == 0;
}

static bool
valid_name(const struct ynode *n)
{
	uint32_t i;

	if (n->n < 1 || n->n > 63)
		return false;
	for (i = 0; i < n->n; i++) {
		char ch = n->u.s[i];
		bool alnum = (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');

		if (!alnum && (i == 0 || (ch != '.' && ch != '_' && ch != '-')))
			return false;
	}
	return true;
}

bool
lv_check_name(struct lctx *c, struct ynode *k, const char *kind)
{
	k = ynode_deref(k);
	if (valid_name(k))
		return true;
	diag_error(c->ds, yloc(c, k), "bad-name", "bad %s name '%s': 1 to 63 "
	    "characters of A-Z a-z 0-9 . _ -, starting with a letter or digit",
	    kind, yshow(c, k));
	return false;
}

bool
lv_parse_uint(const struct ynode *v, long *out)
{
	long n = 0;
	uint32_t i;

	if (v->n == 0 || v->n > 9)
		return false;
	for (i = 0; i < v->n; i++) {
		if (v->u.s[i] < '0' || v->u.s[i] > '9')
			return false;
		n = n * 10 + (v->u.s[i] - '0');
	}
	*out = n;
	return true;
}

bool
lv_ranged(struct lctx *c, struct ynode *v, const char *what, long lo, long hi,
    int *out)
{
	long n;

	if (!lv_want(c, v, Y_SCALAR, what))
		return false;
	if (!lv_parse_uint(v, &n)) {
		diag_error(c->ds, yloc(c, v), "wrong-type",
		    "%s must be an integer, not '%s'", what, yshow(c, v));
		return false;
	}
	if (n < lo || n > hi) {
		diag_error(c->ds, yloc(c, v), "out-of-range",
		    "%s must be %ld to %ld, not %ld", what, lo, hi, n);
		return false;
	}
	*out = (int)n;
	return true;
}

/* One of names[]: its index, or -1 after a [bad-value]. */
int
lv_enum(struct lctx *c, struct ynode *v, const char *what,
    const char *const *names, size_t n)
{
	char list[160] = "";
	size_t i;

	if (!lv_want(c, v, Y_SCALAR, what))
		return -1;
	for (i = 0; i < n; i++)
		if (yscalar_is(v, names[i]))
			return (int)i;
	for (i = 0; i < n; i++) {
		strncat(list, i == 0 ? "" : i + 1 == n ? " or " : ", ",
		    sizeof(list) - strlen(list) - 1);
		strncat(list, names[i], sizeof(list) - strlen(list) - 1);
	}
	diag_error(c->ds, yloc(c, v), "bad-value", "%s must be %s, not '%s'",
	    what, list, yshow(c, v));
	return -1;
}

void
lv_clear_host_bits(struct prefix *p)
{
	unsigned bits = addr_bits(&p->addr), i;

	for (i = p->len; i < bits; i++)
		p->addr.b[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
}

/* A network prefix: "A/len" with no host bits. */
bool
lv_network(struct lctx *c, struct ynode *v, const char *what, struct prefix *p)
{
	char buf[PREFIX_STRLEN], orig[PREFIX_STRLEN];

	if (!lv_want(c, v, Y_SCALAR, what))
		return false;
	switch (prefix_parse(v->u.s, v->n, true, p)) {
	case PREFIX_OK:
		return true;
	case PREFIX_HOSTBITS:
		prefix_format(p, orig);
		lv_clear_host_bits(p);
		diag_error(c->ds, yloc(c, v), "host-bits-set",
		    "%s %s has host bits set (did you mean %s?)", what, orig,
		    prefix_format(p, buf));
		return false;
	default:
		diag_error(c->ds, yloc(c, v), "bad-prefix", "%s '%s' is not a "
		    "prefix (an IPv4 or IPv6 address, '/' and a length)", what,
		    yshow(c, v));
		return false;
	}
}

/* A list of network prefixes, into arena arrays. */
bool
lv_prefix_list(struct lctx *c, struct ynode *v, const char *what,
    const char *item, struct prefix **out, struct tloc **locs, size_t *n)
{
	size_t i, ok = 0;
	bool good = true;

	*out = NULL;
	*locs = NULL;
	*n = 0;
	if (lv_is_empty(v))
		return true;
	if (!lv_want(c, v, Y_SEQ, what))
		return false;
	*out = arena_alloc(c->a, (v->n + 1) * sizeof(**out));
	*locs = arena_alloc(c->a, (v->n + 1) * sizeof(**locs));
	for (i = 0; i < v->n; i++) {
		struct ynode *e = ynode_deref(v->u.items[i]);

		if (!lv_network(c, e, item, &(*out)[ok])) {
			good = false;
			continue;
		}
		(*locs)[ok++] = ytloc(e);
	}
	*n = ok;
	return good;
}

bool
lv_path(struct lctx *c, struct ynode *v, const char *what,
    const char **out)
{
	uint32_t i;

	if (!lv_want(c, v, Y_SCALAR, what))
		return false;
	for (i = 0; i < v->n; i++) {
		char ch = v->u.s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') ||
		    strchr("._/+@,:-", ch) != NULL) ||
		    ch == '\0')
			break;
	}
	if (v->n < 2 || v->u.s[0] != '/' || i < v->n) {
		diag_error(c->ds, yloc(c, v), "bad-path", "%s '%s' must be an "
		    "absolute path of A-Z a-z 0-9 . _ / + @ , : - only", what,
		    yshow(c, v));
		return false;
	}
	*out = arena_strndup(c->a, v->u.s, v->n);
	return true;
}
