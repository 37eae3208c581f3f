/*
 * The rc.conf model: building it from the parser's actions, the name index
 * for lint, and rcconf_parse() itself.
 */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/rcconf_int.h"

#define RCC_CODE_SYNTAX		"rcconf-syntax"
#define RCC_CODE_UNSUPPORTED	"rcconf-unsupported"
#define RCC_CODE_ENCODING	"rcconf-encoding"

static void	index_add(struct rcc_state *, struct rcconf_assign *, size_t);

void
rcc_syntax_error(struct rcc_state *st, struct loc l, const char *msg)
{
	st->file->nerrors++;
	diag_error(st->ds, l, RCC_CODE_SYNTAX, "%s", msg);
}

struct rcc_cmd *
rcc_cmd_new(struct rcc_state *st, enum rcc_cmd_kind kind, struct loc l,
    const struct rcc_word *w)
{
	struct rcc_cmd *c = st->free_cmds;

	/* Commands are done with once committed: reuse them. */
	if (c != NULL) {
		st->free_cmds = c->next_free;
		memset(c, 0, sizeof(*c));
	} else
		c = arena_calloc(st->arena, 1, sizeof(*c));
	c->kind = kind;
	c->loc = l;
	c->word = w;
	return c;
}

struct rcc_cmd *
rcc_cmd_assign(struct rcc_state *st, struct rcc_cmd *c, struct rcc_word *w)
{
	if (c == NULL)
		c = rcc_cmd_new(st, RCC_CMD_ASSIGN, w->a.name_loc, NULL);
	if (c->last != NULL)
		c->last->next = w;
	else
		c->first = w;
	c->last = w;
	return c;
}

struct rcc_cmd *
rcc_cmd_word(struct rcc_state *st, struct rcc_cmd *c, struct rcc_word *w)
{
	if (c == NULL)
		c = rcc_cmd_new(st, RCC_CMD_SIMPLE, w->a.name_loc, w);
	c->kind = RCC_CMD_SIMPLE;
	c->word = w;
	return c;
}

struct rcc_cmd *
rcc_cmd_redir(struct rcc_state *st, struct rcc_cmd *c, struct loc l)
{
	if (c == NULL)
		c = rcc_cmd_new(st, RCC_CMD_REDIR, l, NULL);
	if (c->kind == RCC_CMD_ASSIGN)
		c->kind = RCC_CMD_REDIR;
	return c;
}

static void
cmd_free(struct rcc_state *st, struct rcc_cmd *c)
{
	c->next_free = st->free_cmds;
	st->free_cmds = c;
}

struct rcc_cmd *
rcc_cmd_wrap(struct rcc_state *st, enum rcc_cmd_kind kind, struct rcc_cmd *in)
{
	struct loc l = in->loc;

	cmd_free(st, in);
	return rcc_cmd_new(st, kind, l, NULL);
}

int
rcc_enter(struct rcc_state *st, enum rcc_scope scope)
{
	switch (scope) {
	case RCC_SCOPE_COND:
		if (st->cond_depth++ == 0)
			st->cond_group = ++st->ngroups;
		break;
	case RCC_SCOPE_DISCARD:
		st->discard_depth++;
		break;
	case RCC_SCOPE_PLAIN:
		break;
	}
	st->nest_depth++;
	return (int)scope;
}

void
rcc_leave(struct rcc_state *st, int scope)
{
	switch ((enum rcc_scope)scope) {
	case RCC_SCOPE_COND:
		if (--st->cond_depth == 0)
			st->cond_group = 0;
		break;
	case RCC_SCOPE_DISCARD:
		st->discard_depth--;
		break;
	case RCC_SCOPE_PLAIN:
		break;
	}
	st->nest_depth--;
}

static void
keep(struct rcc_state *st, struct rcc_word *w)
{
	struct rcconf_assign *a = &w->a;
	size_t i;

	if (w->flags & RCC_W_QUOTED)
		a->flags |= RCCONF_A_QUOTED;
	for (i = 0; i < a->nsegs; i++) {
		if (a->segs[i].kind == RCCONF_SEG_PARAM)
			a->flags |= RCCONF_A_REFS_VARS;
		else if (a->segs[i].kind == RCCONF_SEG_CMDSUBST)
			a->flags |= RCCONF_A_CMDSUBST;
	}
	if (st->cond_depth > 0) {
		a->flags |= RCCONF_A_CONDITIONAL;
		a->cond_group = st->cond_group;
	}
	if (st->nvec == st->capvec) {
		st->capvec = st->capvec ? st->capvec * 2 : 64;
		st->vec = xreallocarray(st->vec, st->capvec, sizeof(*st->vec));
	}
	a->index = st->nvec;
	st->vec[st->nvec++] = a;
	index_add(st, a, w->name_hash);
}

static void
unsupported(struct rcc_state *st, struct loc l, bool amp, const char *fmt,
    const char *arg)
{
	char msg[256];

	st->file->nunsupported++;
	if (st->nest_depth > 0)
		return;	/* the enclosing construct was reported */
	snprintf(msg, sizeof(msg), fmt, arg);
	diag_warning(st->ds, l, RCC_CODE_UNSUPPORTED, "%s%s", msg,
	    amp ? " (and it runs in the background)" : "");
}

/* Quote a command word for a message, shortened. */
static const char *
word_for_msg(const struct rcc_word *w, char *buf, size_t size)
{
	size_t n = w->a.value_len < 40 ? w->a.value_len : 40;

	snprintf(buf, size, "%.*s%s", (int)n, w->a.value,
	    w->a.value_len > n ? "..." : "");
	return buf;
}

static void	commit(struct rcc_state *, struct rcc_cmd *, bool);

void
rcc_commit(struct rcc_state *st, struct rcc_cmd *c, bool amp)
{
	commit(st, c, amp);
	cmd_free(st, c);
}

static void
commit(struct rcc_state *st, struct rcc_cmd *c, bool amp)
{
	struct rcc_word *p;
	char wb[64];

	switch (c->kind) {
	case RCC_CMD_ASSIGN:
		if (amp) {
			unsupported(st, c->loc, false, "%sassignment in the "
			    "background sets nothing; skipped", "");
			return;
		}
		for (p = c->first; p != NULL; p = p->next) {
			if (p->flags & RCC_W_BACKQUOTE) {
				unsupported(st, p->a.name_loc, false,
				    "`...` command substitution in %s is not "
				    "understood (write $(...)); skipped",
				    p->a.name);
				return;
			}
			if (p->flags & RCC_W_TILDE) {
				unsupported(st, p->a.name_loc, false,
				    "~ expansion in %s is not understood; "
				    "skipped", p->a.name);
				return;
			}
		}
		if (st->discard_depth > 0)
			return;
		for (p = c->first; p != NULL; p = p->next)
			keep(st, p);
		return;
	case RCC_CMD_SIMPLE:
		if (c->word->flags & RCC_W_DOLLAR) {
			const struct rcconf_seg *sg = &c->word->a.segs[0];

			snprintf(wb, sizeof(wb), "%.*s", (int)sg->var_len,
			    c->word->a.value + sg->var_off);
			unsupported(st, c->word->a.name_loc, amp, "'$%s=...' sets "
			    "nothing: sh expands the leading $ and runs the "
			    "result as a command (remove the '$'); skipped",
			    wb);
		} else if (strcmp(c->word->a.value, ".") == 0)
			unsupported(st, c->loc, amp, "%s'.' (reading another "
			    "file) is not followed; skipped", "");
		else if (c->word->a.value_len == 0)
			unsupported(st, c->loc, amp, "%scommand is not "
			    "understood; skipped", "");
		else
			unsupported(st, c->loc, amp, "command '%s' is not "
			    "understood; skipped",
			    word_for_msg(c->word, wb, sizeof(wb)));
		return;
	case RCC_CMD_REDIR:
		unsupported(st, c->loc, amp, "%sredirection is not understood; "
		    "skipped", "");
		return;
	case RCC_CMD_IF:
		unsupported(st, c->loc, amp, "%sif statement: the condition is "
		    "not evaluated; assignments inside are kept as "
		    "conditional", "");
		return;
	case RCC_CMD_CASE:
		unsupported(st, c->loc, amp, "%scase statement: the word is "
		    "not evaluated; assignments inside are kept as "
		    "conditional", "");
		return;
	case RCC_CMD_LOOP:
		unsupported(st, c->loc, amp, "%sloop: not evaluated; "
		    "assignments inside are kept as conditional", "");
		return;
	case RCC_CMD_GROUP:
		unsupported(st, c->loc, amp, "%s{ } group is not understood; "
		    "the assignments inside are kept", "");
		return;
	case RCC_CMD_SUBSHELL:
		unsupported(st, c->loc, amp, "%ssubshell ( ) skipped: its "
		    "assignments do not outlive it", "");
		return;
	case RCC_CMD_FUNCTION:
		unsupported(st, c->loc, amp, "function '%s' skipped",
		    word_for_msg(c->word, wb, sizeof(wb)));
		return;
	case RCC_CMD_PIPELINE:
		unsupported(st, c->loc, amp, "%spipeline is not understood; "
		    "skipped", "");
		return;
	case RCC_CMD_ANDOR:
		unsupported(st, c->loc, amp, "%scommand list with && or ||: "
		    "the condition is not evaluated; skipped", "");
		return;
	case RCC_CMD_NOT:
		unsupported(st, c->loc, amp, "%s'!' command is not understood; "
		    "skipped", "");
		return;
	}
}

/* FNV-1a: names are short. */
size_t
rcc_name_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* Link a kept assignment to the earlier ones of its name. */
static void
index_add(struct rcc_state *st, struct rcconf_assign *a, size_t hash)
{
	struct rcc_slot *sl;
	size_t i, j, mask;

	if (st->nslots * 2 >= st->slots_size) {
		struct rcc_slot *old = st->slots;
		size_t oldsize = st->slots_size;

		st->slots_size = oldsize ? oldsize * 2 : 64;
		st->slots = xcalloc(st->slots_size, sizeof(*st->slots));
		mask = st->slots_size - 1;
		for (i = 0; i < oldsize; i++) {
			if (old[i].first == NULL)
				continue;
			for (j = old[i].hash & mask; st->slots[j].first != NULL;
			    j = (j + 1) & mask)
				;
			st->slots[j] = old[i];
		}
		free(old);
	}
	mask = st->slots_size - 1;
	/* Names are interned by the scanner: the pointer is the name. */
	for (j = hash & mask; (sl = &st->slots[j])->first != NULL;
	    j = (j + 1) & mask)
		if (sl->first->name == a->name) {
			sl->last->next_same = a;
			sl->last = a;
			return;
		}
	sl->first = sl->last = a;
	sl->hash = hash;
	st->nslots++;
}

/* The file-order array and the name index, in the arena. */
static void
finish(struct rcc_state *st)
{
	struct rcconf_file *f = st->file;
	size_t i;

	f->nassigns = st->nvec;
	f->assigns = arena_alloc(st->arena, (st->nvec + 1) * sizeof(*f->assigns));
	if (st->nvec > 0)
		memcpy(f->assigns, st->vec, st->nvec * sizeof(*f->assigns));
	f->index_size = st->slots_size;
	f->index = arena_calloc(st->arena, st->slots_size + 1,
	    sizeof(*f->index));
	for (i = 0; i < st->slots_size; i++)
		f->index[i] = st->slots[i].first;
	free(st->slots);
}

/*
 * NUL bytes are errors, invalid UTF-8 a warning: sh reads bytes, but an
 * editor or a later tool may not.  Reported once each, at the first one.
 */
static void
check_bytes(struct rcc_state *st, const char *file, const char *buf,
    size_t len)
{
	const unsigned char *p = (const unsigned char *)buf, *e = p + len;
	const unsigned char *nul, *bad = NULL, *q;
	size_t nnul = 0;

	nul = memchr(p, '\0', len);
	while (p < e) {
		uint64_t v[4];

		/* 32 ASCII bytes at a time: the common case. */
		if (e - p >= 32) {
			memcpy(v, p, 32);
			if (((v[0] | v[1] | v[2] | v[3]) &
			    0x8080808080808080ULL) == 0) {
				p += 32;
				continue;
			}
		}
		if (*p < 0x80)
			p++;
		else {
			size_t n, k;
			unsigned min;
			unsigned cp;

			if (*p >= 0xc2 && *p <= 0xdf) {
				n = 1; cp = *p & 0x1f; min = 0x80;
			} else if (*p >= 0xe0 && *p <= 0xef) {
				n = 2; cp = *p & 0x0f; min = 0x800;
			} else if (*p >= 0xf0 && *p <= 0xf4) {
				n = 3; cp = *p & 0x07; min = 0x10000;
			} else
				goto invalid;
			if ((size_t)(e - p) <= n)
				goto invalid;
			for (k = 1; k <= n; k++) {
				if ((p[k] & 0xc0) != 0x80)
					goto invalid;
				cp = (cp << 6) | (p[k] & 0x3f);
			}
			if (cp < min || cp > 0x10ffff ||
			    (cp >= 0xd800 && cp <= 0xdfff))
				goto invalid;
			p += n + 1;
			continue;
invalid:
			bad = p;
			break;
		}
	}
	if (nul != NULL)
		for (q = nul; (q = memchr(q, '\0', e - q)) != NULL; q++)
			nnul++;
	if (nul != NULL || bad != NULL) {
		const unsigned char *at;
		struct loc l = { file, 1, 1 };
		int k;

		for (k = 0; k < 2; k++) {
			at = k == 0 ? nul : bad;
			if (at == NULL)
				continue;
			l.line = 1;
			l.col = 1;
			for (q = (const unsigned char *)buf; q < at; q++)
				if (*q == '\n') {
					l.line++;
					l.col = 1;
				} else
					l.col++;
			if (k == 0)
				rcc_syntax_error(st, l, nnul > 1 ?
				    "NUL bytes in the file (the first here)" :
				    "NUL byte in the file");
			else
				diag_warning(st->ds, l, RCC_CODE_ENCODING,
				    "invalid UTF-8 (the first bad byte here)");
		}
	}
}

struct rcconf_file *
rcconf_parse(const char *name, const char *buf, size_t len, struct arena *a,
    struct diag_sink *ds)
{
	struct rcc_state st;
	struct rcconf_file *f;
	void *scanner;

	memset(&st, 0, sizeof(st));
	f = arena_calloc(a, 1, sizeof(*f));
	f->name = diag_source(ds, name, buf, len);
	st.arena = a;
	st.ds = ds;
	st.file = f;
	if (len > INT_MAX - 2) {
		rcc_syntax_error(&st, (struct loc){ f->name, 0, 0 },
		    "file too large");
	} else {
		check_bytes(&st, f->name, buf, len);
		if (rcc_scan_open(&scanner, &st, f->name, buf, len) == 0) {
			rcc_parse(scanner, &st);
			rcc_scan_close(scanner);
		}
	}
	finish(&st);
	free(st.vec);
	return f;
}

size_t
rcconf_count(const struct rcconf_file *f)
{
	return f->nassigns;
}

const struct rcconf_assign *
rcconf_at(const struct rcconf_file *f, size_t i)
{
	return i < f->nassigns ? f->assigns[i] : NULL;
}

const struct rcconf_assign *
rcconf_lookup(const struct rcconf_file *f, const char *name)
{
	size_t j, mask = f->index_size - 1;

	if (f->index_size == 0)
		return NULL;
	for (j = rcc_name_hash(name, strlen(name)) & mask; f->index[j] != NULL;
	    j = (j + 1) & mask)
		if (strcmp(f->index[j]->name, name) == 0)
			return f->index[j];
	return NULL;
}

const struct rcconf_assign *
rcconf_next_same(const struct rcconf_assign *a)
{
	return a->next_same;
}

const struct rcconf_assign *
rcconf_lookup_last(const struct rcconf_file *f, const char *name)
{
	const struct rcconf_assign *a = rcconf_lookup(f, name);

	while (a != NULL && a->next_same != NULL)
		a = a->next_same;
	return a;
}

bool
rcconf_refers_to(const struct rcconf_assign *a, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < a->nsegs; i++)
		if (a->segs[i].kind == RCCONF_SEG_PARAM &&
		    a->segs[i].var_len == n &&
		    memcmp(a->value + a->segs[i].var_off, name, n) == 0)
			return true;
	return false;
}

bool
rcconf_is_self_append(const struct rcconf_assign *a)
{
	return a->nsegs > 0 && a->segs[0].kind == RCCONF_SEG_PARAM &&
	    !a->segs[0].complex && a->segs[0].var_len == strlen(a->name) &&
	    memcmp(a->value + a->segs[0].var_off, a->name,
	    a->segs[0].var_len) == 0;
}

/*
 * Mostly `name=...` lines, and none of the shapes of the other two
 * grammars (setkey's `spdadd ... ;`, racoon's `remote ... {`).
 */
bool
rcconf_sniff(const char *buf, size_t len)
{
	const char *p = buf, *e = buf + (len > 65536 ? 65536 : len);
	size_t assigns = 0, other = 0;

	while (p < e) {
		const char *nl = memchr(p, '\n', e - p), *q, *le;

		le = nl != NULL ? nl : e;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		/* Trailing blanks do not tell anything. */
		q = le;
		while (q > p && (q[-1] == ' ' || q[-1] == '\t' ||
		    q[-1] == '\r'))
			q--;
		if (p < q && *p != '#') {
			const char *s = p;

			if (*s == '_' || (*s >= 'A' && *s <= 'Z') ||
			    (*s >= 'a' && *s <= 'z')) {
				while (s < q && (*s == '_' ||
				    (*s >= 'A' && *s <= 'Z') ||
				    (*s >= 'a' && *s <= 'z') ||
				    (*s >= '0' && *s <= '9')))
					s++;
			}
			if (s > p && s < q && *s == '=' && q[-1] != ';' &&
			    q[-1] != '{')
				assigns++;
			else
				other++;
		}
		p = le + 1;
	}
	return assigns > 0 && assigns >= other;
}
