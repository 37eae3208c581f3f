/*
 * Pre-shared keys: from the environment, from a file beside the topology, or
 * written in it.  Diagnostics name where a key comes from, never the key.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/load_int.h"
#include "model/arena.h"

/*
 * racoon reads psk.txt lines into a 1024-byte buffer: "ADDRESS KEY\n".
 * 900 leaves room for the longest address text and the separators.
 */
#define PSK_MAX		900

static bool
check_key(struct lctx *c, struct loc l, const char *src, const char *key,
    size_t len)
{
	const char *bad = NULL;
	size_t i;

	if (len == 0)
		bad = "is empty";
	else if (len > PSK_MAX)
		bad = "is longer than 900 bytes (racoon reads psk.txt lines of "
		    "at most 1024)";
	else if (key[0] == ' ' || key[0] == '\t')
		bad = "starts with a blank";
	else if (key[0] == '#')
		bad = "starts with '#' (racoon would read a comment)";
	else
		for (i = 0; i < len && bad == NULL; i++) {
			if (key[i] == '\n' || key[i] == '\r')
				bad = "holds a line break";
			else if (key[i] == '\0')
				bad = "holds a NUL byte";
		}
	if (bad == NULL)
		return true;
	diag_error(c->ds, l, "bad-psk", "the key from %s %s", src, bad);
	c->soft++;
	return false;
}

static bool
env_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

static bool
from_env(struct lctx *c, struct ynode *v, struct psk *p)
{
	char src[160];
	const char *val;

	if (!env_name_ok(v->u.s, v->n)) {
		diag_error(c->ds, yloc(c, v), "bad-psk", "'%s' is not an "
		    "environment variable name (letters, digits and '_', not "
		    "starting with a digit)", yshow(c, v));
		return false;
	}
	if (c->last_env.resolved && strlen(c->last_env.ref) == v->n &&
	    memcmp(c->last_env.ref, v->u.s, v->n) == 0) {
		p->kind = PSK_ENV;
		p->ref = c->last_env.ref;
		p->key = c->last_env.key;
		p->keylen = c->last_env.keylen;
		p->resolved = true;
		return true;
	}
	p->kind = PSK_ENV;
	p->ref = arena_strndup(c->a, v->u.s, v->n);
	if ((val = getenv(p->ref)) == NULL) {
		diag_error(c->ds, yloc(c, v), "psk-unresolved",
		    "environment variable %s is not set", p->ref);
		c->soft++;
		return false;
	}
	join3(src, sizeof(src), "environment variable ", p->ref, "");
	p->keylen = strlen(val);
	if (!check_key(c, yloc(c, v), src, val, p->keylen))
		return false;
	p->key = arena_strndup(c->a, val, p->keylen);
	p->resolved = true;
	c->last_env = *p;
	return true;
}

/* Read at most max bytes; *len > max says the file is longer. */
static bool
read_small(const char *path, char *buf, size_t max, size_t *len, int *err)
{
	int fd = open(path, O_RDONLY | O_NOCTTY);
	size_t got = 0;

	if (fd < 0) {
		*err = errno;
		return false;
	}
	while (got <= max) {
		ssize_t r = read(fd, buf + got, max + 1 - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			close(fd);
			return false;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return true;
}

static bool
from_file(struct lctx *c, struct ynode *v, struct psk *p)
{
	char buf[PSK_MAX + 8], src[300];
	char *path;
	size_t len;
	int err = 0;

	if (c->last_file.resolved && strlen(c->last_file.ref) == v->n &&
	    memcmp(c->last_file.ref, v->u.s, v->n) == 0) {
		p->kind = PSK_FILE;
		p->ref = c->last_file.ref;
		p->key = c->last_file.key;
		p->keylen = c->last_file.keylen;
		p->resolved = true;
		return true;
	}
	p->kind = PSK_FILE;
	p->ref = arena_strndup(c->a, v->u.s, v->n);
	if (v->n == 0 || strlen(p->ref) != v->n) {
		diag_error(c->ds, yloc(c, v), "bad-psk",
		    "a psk file needs a path");
		return false;
	}
	if (p->ref[0] == '/' || c->dir == NULL || c->dir[0] == '\0')
		path = xstrdup(p->ref);
	else {
		size_t dl = strlen(c->dir);

		path = xmalloc(dl + v->n + 2);
		memcpy(path, c->dir, dl);
		path[dl] = '/';
		memcpy(path + dl + 1, p->ref, v->n + 1);
	}
	if (!read_small(path, buf, sizeof(buf) - 2, &len, &err)) {
		free(path);
		diag_error(c->ds, yloc(c, v), "psk-unresolved",
		    "cannot read psk file '%s': %s", yshow(c, v),
		    strerror(err));
		c->soft++;
		return false;
	}
	free(path);
	snprintf(src, sizeof(src), "file '%s'", yshow(c, v));
	/* One line ending is the file's, not the key's. */
	if (len > 0 && len <= sizeof(buf) - 2 && buf[len - 1] == '\n') {
		len--;
		if (len > 0 && buf[len - 1] == '\r')
			len--;
	}
	if (!check_key(c, yloc(c, v), src, buf, len))
		return false;
	p->key = arena_strndup(c->a, buf, len);
	p->keylen = len;
	p->resolved = true;
	c->last_file = *p;
	return true;
}

static const char *const psk_keys[] = { "env", "file" };

bool
psk_load(struct lctx *c, struct ytree *ta, struct ynode *node,
    const char *what, struct psk *p)
{
	struct ynode *n = ynode_deref(node), *env = NULL, *file = NULL;
	struct ypair *pairs;
	size_t np, i;
	char where[200];
	bool ok = true;

	memset(p, 0, sizeof(*p));
	p->loc = ytloc(n);
	switch (n->kind) {
	case Y_BAD:
		c->silent++;
		return false;
	case Y_SEQ:
		diag_error(c->ds, yloc(c, n), "wrong-type", "psk must be "
		    "{ env: NAME }, { file: PATH } or a string, not a list");
		return false;
	case Y_SCALAR:
		p->kind = PSK_LITERAL;
		c->literal_psk = true;
		/* Never quote the key with any diagnostic on its line. */
		diag_redact(c->ds, yloc(c, n));
		diag_warning(c->ds, yloc(c, n), "literal-psk", "pre-shared key "
		    "written in the topology; prefer { env: NAME } or "
		    "{ file: PATH }");
		if (!check_key(c, yloc(c, n), "the topology", n->u.s, n->n))
			return false;
		p->key = arena_strndup(c->a, n->u.s, n->n);
		p->keylen = n->n;
		p->resolved = true;
		return true;
	default:
		break;
	}
	join3(where, sizeof(where), "psk of ", what, "");
	np = ymap_pairs(c, ta, n, where, &pairs);
	for (i = 0; i < np; i++) {
		struct ynode *k = ynode_deref(pairs[i].k);
		struct ynode *v = ynode_deref(pairs[i].v);

		if (yscalar_is(k, "env") || yscalar_is(k, "file")) {
			if (v->kind == Y_BAD) {
				c->silent++;
				ok = false;
			} else if (v->kind != Y_SCALAR) {
				diag_error(c->ds, yloc(c, v), "wrong-type",
				    "psk %s must be a scalar, not %s",
				    k->u.s[0] == 'e' ? "env" : "file",
				    ykind_name(v));
				ok = false;
			}
			if (k->u.s[0] == 'e')
				env = v;
			else
				file = v;
			continue;
		}
		{
			const char *s = suggest(k->u.s, k->n, psk_keys, 2);

			diag_error(c->ds, yloc(c, k), "unknown-key",
			    "unknown key '%s' in %s%s%s%s", yshow(c, k), where,
			    s ? " (did you mean '" : "", s ? s : "",
			    s ? "'?)" : "");
		}
		ok = false;
	}
	if (env != NULL && file != NULL) {
		diag_error(c->ds, yloc(c, n), "bad-psk",
		    "psk takes one of 'env' and 'file', not both");
		return false;
	}
	if (env == NULL && file == NULL) {
		diag_error(c->ds, yloc(c, n), "missing-key",
		    "missing key 'env' or 'file' in %s", where);
		return false;
	}
	if (!ok)
		return false;
	return env != NULL ? from_env(c, env, p) : from_file(c, file, p);
}
