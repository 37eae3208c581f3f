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
	struct rcc_cmd *c = arena_calloc(st->arena, 1, sizeof(*c));

	c->kind = kind;
	c->loc = l;
	c->word = w;
	return c;
}

struct rcc_cmd *
rcc_cmd_assign(struct rcc_state *st, struct rcc_cmd *c, struct rcc_word *w)
{
	struct rcc_pending *p;

	if (c == NULL)
		c = rcc_cmd_new(st, RCC_CMD_ASSIGN, w->loc, NULL);
	p = arena_calloc(st->arena, 1, sizeof(*p));
	p->w = w;
	if (c->last != NULL)
		c->last->next = p;
	else
		c->first = p;
	c->last = p;
	return c;
}

struct rcc_cmd *
rcc_cmd_word(struct rcc_state *st, struct rcc_cmd *c, struct rcc_word *w)
{
	if (c == NULL)
		c = rcc_cmd_new(st, RCC_CMD_SIMPLE, w->loc, w);
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

struct rcc_cmd *
rcc_cmd_wrap(struct rcc_state *st, enum rcc_cmd_kind kind, struct rcc_cmd *in)
{
	return rcc_cmd_new(st, kind, in->loc, NULL);
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
keep(struct rcc_state *st, const struct rcc_word *w)
{
	struct rcconf_assign *a;
	size_t i;

	a = arena_calloc(st->arena, 1, sizeof(*a));
	a->name = w->name;
	a->name_loc = w->loc;
	a->value = w->text;
	a->value_len = w->len;
	a->value_loc = w->value_loc;
	a->segs = w->segs;
	a->nsegs = w->nsegs;
	if (w->flags & RCC_W_QUOTED)
		a->flags |= RCCONF_A_QUOTED;
	for (i = 0; i < w->nsegs; i++) {
		if (w->segs[i].kind == RCCONF_SEG_PARAM)
			a->flags |= RCCONF_A_REFS_VARS;
		else if (w->segs[i].kind == RCCONF_SEG_CMDSUBST)
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
	size_t n = w->len < 40 ? w->len : 40;

	snprintf(buf, size, "%.*s%s", (int)n, w->text,
	    w->len > n ? "..." : "");
	return buf;
}

void
rcc_commit(struct rcc_state *st, struct rcc_cmd *c, bool amp)
{
	const struct rcc_pending *p;
	char wb[64];

	switch (c->kind) {
	case RCC_CMD_ASSIGN:
		if (amp) {
			unsupported(st, c->loc, false, "%sassignment in the "
			    "background sets nothing; skipped", "");
			return;
		}
		for (p = c->first; p != NULL; p = p->next) {
			if (p->w->flags & RCC_W_BACKQUOTE) {
				unsupported(st, p->w->loc, false,
				    "`...` command substitution in %s is not "
				    "understood (write $(...)); skipped",
				    p->w->name);
				return;
			}
			if (p->w->flags & RCC_W_TILDE) {
				unsupported(st, p->w->loc, false,
				    "~ expansion in %s is not understood; "
				    "skipped", p->w->name);
				return;
			}
		}
		if (st->discard_depth > 0)
			return;
		for (p = c->first; p != NULL; p = p->next)
			keep(st, p->w);
		return;
	case RCC_CMD_SIMPLE:
		if (c->word->flags & RCC_W_DOLLAR) {
			const struct rcconf_seg *sg = &c->word->segs[0];

			snprintf(wb, sizeof(wb), "%.*s", (int)sg->var_len,
			    c->word->text + sg->var_off);
			unsupported(st, c->word->loc, amp, "'$%s=...' sets "
			    "nothing: sh expands the leading $ and runs the "
			    "result as a command (remove the '$'); skipped",
			    wb);
		} else if (strcmp(c->word->text, ".") == 0)
			unsupported(st, c->loc, amp, "%s'.' (reading another "
			    "file) is not followed; skipped", "");
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
static size_t
name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* Build the file-order array and the name index; chain same names. */
static void
finish(struct rcc_state *st)
{
	struct rcconf_file *f = st->file;
	struct rcconf_assign **last;
	size_t i, j, size = 16;

	f->nassigns = st->nvec;
	f->assigns = arena_alloc(st->arena, (st->nvec + 1) * sizeof(*f->assigns));
	if (st->nvec > 0)
		memcpy(f->assigns, st->vec, st->nvec * sizeof(*f->assigns));
	while (size < st->nvec * 2)
		size *= 2;
	f->index_size = size;
	f->index = arena_calloc(st->arena, size, sizeof(*f->index));
	/* The last assignment of each name so far, to link the next one. */
	last = xcalloc(size, sizeof(*last));
	for (i = 0; i < st->nvec; i++) {
		struct rcconf_assign *a = st->vec[i];

		for (j = name_hash(a->name) & (size - 1); f->index[j] != NULL;
		    j = (j + 1) & (size - 1))
			if (strcmp(f->index[j]->name, a->name) == 0)
				break;
		if (f->index[j] == NULL)
			f->index[j] = a;
		else
			last[j]->next_same = a;
		last[j] = a;
	}
	free(last);
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
	const unsigned char *nul = NULL, *bad = NULL;
	size_t nnul = 0;

	while (p < e) {
		uint64_t v;

		if (e - p >= 8) {
			memcpy(&v, p, 8);
			/* Eight ASCII bytes, none of them NUL. */
			if ((v & 0x8080808080808080ULL) == 0 &&
			    ((v - 0x0101010101010101ULL) & ~v &
			    0x8080808080808080ULL) == 0) {
				p += 8;
				continue;
			}
		}
		if (*p == 0) {
			if (nul == NULL)
				nul = p;
			nnul++;
			p++;
		} else if (*p < 0x80)
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
			if (bad == NULL)
				bad = p;
			p++;
		}
	}
	if (nul != NULL || bad != NULL) {
		const unsigned char *q, *at;
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
	for (j = name_hash(name) & mask; f->index[j] != NULL;
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
