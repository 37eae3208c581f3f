/*
 * The canonical form of an rc.conf file: name="value" lines in file order.
 *
 * Inside double quotes only ", `, $ and \ can mean something: a literal "
 * or ` is always escaped, a literal $ only where sh would start an
 * expansion with it, a literal \ only before a character it would escape
 * (or before the closing quote).  Expansions are written back as they were
 * kept: ${name} for simple references, the original text otherwise.
 */
#include "config.h"

#include <string.h>

#include "grammar/rcconf.h"

/* Characters after a $ that make it an expansion. */
static bool
starts_expansion(int c)
{
	return c == '{' || c == '(' || c == '_' || c == '@' || c == '*' ||
	    c == '#' || c == '?' || c == '$' || c == '!' || c == '-' ||
	    (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* The character of the value that comes after position i (or -1). */
static int
next_char(const struct rcconf_assign *a, size_t i)
{
	return i + 1 < a->value_len ? (unsigned char)a->value[i + 1] : -1;
}

static void
print_value(const struct rcconf_assign *a, FILE *out)
{
	size_t s, i;

	putc('"', out);
	for (s = 0; s < a->nsegs; s++) {
		const struct rcconf_seg *sg = &a->segs[s];

		if (sg->kind != RCCONF_SEG_LITERAL) {
			fwrite(a->value + sg->off, 1, sg->len, out);
			continue;
		}
		for (i = sg->off; i < sg->off + sg->len; i++) {
			int c = (unsigned char)a->value[i], n;

			switch (c) {
			case '"':
			case '`':
				putc('\\', out);
				break;
			case '$':
				/* The next character may start an expansion. */
				if (starts_expansion(next_char(a, i)))
					putc('\\', out);
				break;
			case '\\':
				n = next_char(a, i);
				if (n == -1 || n == '"' || n == '`' ||
				    n == '$' || n == '\\' || n == '\n')
					putc('\\', out);
				break;
			}
			putc(c, out);
		}
	}
	putc('"', out);
}

void
rcconf_print(const struct rcconf_file *f, FILE *out)
{
	uint32_t group = 0;
	size_t i;

	for (i = 0; i < f->nassigns; i++) {
		const struct rcconf_assign *a = f->assigns[i];

		if (a->cond_group != group) {
			if (group != 0)
				fputs("fi\n", out);
			if (a->cond_group != 0)
				fputs("# conditional: the condition is not "
				    "evaluated\nif :; then\n", out);
			group = a->cond_group;
		}
		if (group != 0)
			putc('\t', out);
		fputs(a->name, out);
		putc('=', out);
		print_value(a, out);
		putc('\n', out);
	}
	if (group != 0)
		fputs("fi\n", out);
}
