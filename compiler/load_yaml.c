/*
 * The loader's entry points: read the file, build the node tree from
 * libyaml's events, walk it into a struct topology, drop the tree.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/load.h"
#include "compiler/load_int.h"
#include "model/arena.h"

/* Did-you-mean work allowed for unknown hosts (names compared). */
#define SUGGEST_BUDGET	5000000

static enum load_status
load_text(const char *file, const char *dir, const char *buf, size_t len,
    struct text *tx, struct diag_sink *ds, struct topology **out,
    bool *literal)
{
	struct ytree tree;
	struct yhook hook;
	struct schema *s;
	struct lctx c;
	struct topology *t;
	struct arena *a;
	size_t before = diag_errors(ds);

	*out = NULL;
	a = arena_new();
	t = arena_calloc(a, 1, sizeof(*t));
	t->arena = a;
	t->file = file;
	t->dir = arena_strdup(a, dir != NULL ? dir : ".");
	memset(&c, 0, sizeof(c));
	c.ds = ds;
	c.file = file;
	c.dir = t->dir;
	c.a = a;
	c.suggest_budget = SUGGEST_BUDGET;
	c.tree = &tree;
	memset(&hook, 0, sizeof(hook));
	s = schema_new(&c, &tree, t, &hook);
	if (tx != NULL) {
		hook.progress = text_progress;
		hook.progress_arg = tx;
	}
	ytree_build(&tree, file, buf, len, ds, &hook);
	*literal = c.literal_psk;
	if (!tree.ok) {
		/* Nothing sane to give: what streamed is dropped too. */
		schema_free(s);
		ytree_free(&tree);
		topology_free(t);
		return LOAD_ERRORS;
	}
	schema_finish(s);
	schema_free(s);
	ytree_free(&tree);
	*literal = c.literal_psk;
	*out = t;
	return c.silent == 0 && diag_errors(ds) == before ?
	    LOAD_OK : LOAD_ERRORS;
}

enum load_status
topo_load_buffer(const char *name, const char *dir, const char *buf,
    size_t len, struct diag_sink *ds, struct topology **out)
{
	const char *file;
	bool literal;

	if (buf == NULL) {	/* libyaml wants a string, even an empty one */
		buf = "";
		len = 0;
	}
	file = diag_source(ds, name, buf, len);

	return load_text(file, dir, buf, len, NULL, ds, out, &literal);
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	d = xmalloc((size_t)(slash - path) + 1);
	memcpy(d, path, (size_t)(slash - path));
	d[slash - path] = '\0';
	return d;
}

enum load_status
topo_load(const char *path, struct diag_sink *ds, struct topology **out)
{
	struct stat st;
	struct text tx;
	const char *file;
	enum load_status rc;
	char *dir;
	int fd, err = 0;
	bool have = false;
	bool literal = false;
	size_t before = diag_errors(ds);

	*out = NULL;
	fd = open(path, O_RDONLY | O_NOCTTY);
	if (fd < 0)
		err = errno;
	else if (fstat(fd, &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	else
		have = text_open(&tx, fd, path, &st, &err);
	if (fd >= 0)
		close(fd);
	if (!have) {
		diag_error(ds, ((struct loc){ diag_intern(ds, path), 0, 0 }),
		    NULL, "cannot read: %s", strerror(err));
		return LOAD_TROUBLE;
	}
	if (tx.mapped)
		file = diag_source(ds, path, tx.buf, tx.len);
	else
		file = diag_source_take(ds, path, text_take(&tx), tx.len);
	dir = dir_of(path);
	rc = load_text(file, dir, tx.buf, tx.len, &tx, ds, out, &literal);
	free(dir);
	/*
	 * The model holds copies of what it keeps: the text is only wanted
	 * again to quote lines in diagnostics, so a file that can be read
	 * again is, then, rather than kept in memory all along.
	 */
	if (S_ISREG(st.st_mode))
		diag_source_release(ds, file, path);
	text_close(&tx);
	if (literal && (st.st_mode & 077) != 0)
		diag_warning(ds, ((struct loc){ file, 0, 0 }),
		    "secret-file-mode", "this file holds a pre-shared key and "
		    "is readable by group or others (mode %04o): chmod 600 it, "
		    "or move the key to { file: PATH } or { env: NAME }",
		    (unsigned)(st.st_mode & 07777));
	/* --strict makes the mode warning an error. */
	if (rc == LOAD_OK && diag_errors(ds) > before)
		rc = LOAD_ERRORS;
	return rc;
}
