/*
 * Canonical racoon.conf: one statement per line, a tab per block level,
 * single blanks between words, comments dropped, numbers glued to nothing,
 * units spelled sec/min/hour/byte/KB/MB/TB.  Printing the canonical form of
 * a canonical form changes nothing.
 */
#include <stdio.h>

#include "grammar/racoon.h"

static void
print_value(const struct racoon_value *v, FILE *out)
{
	switch (v->kind) {
	case RACOON_V_NUMBER:	/* text only for spellings like "0660" */
		if (v->text != NULL)
			fputs(v->text, out);
		else
			fprintf(out, "%lu", v->num);
		break;
	case RACOON_V_STRING:
		fprintf(out, "\"%s\"", v->text);
		break;
	case RACOON_V_WORD:
		fputs(v->text, out);
		if (v->num != 0)		/* an algorithm's key length */
			fprintf(out, " %lu", v->num);
		break;
	default:
		fputs(v->text, out);
		break;
	}
	if (v->range_hi != NULL)
		fprintf(out, "-%s", v->range_hi);
	if (v->prefix >= 0)
		fprintf(out, "/%d", v->prefix);
	if (v->port == RACOON_ANY)
		fputs("[any]", out);
	else if (v->port >= 0)
		fprintf(out, "[%d]", (int)v->port);
}

static void
print_list(const struct racoon_stmt *s, int depth, FILE *out)
{
	const struct racoon_value *v;
	int i;

	for (; s != NULL; s = s->next) {
		for (i = 0; i < depth; i++)
			fputc('\t', out);
		fputs(s->keyword, out);
		for (v = s->args; v != NULL; v = v->next) {
			fputs(v->comma ? ", " : " ", out);
			print_value(v, out);
		}
		if (s->block) {
			fputs(" {\n", out);
			print_list(s->body, depth + 1, out);
			for (i = 0; i < depth; i++)
				fputc('\t', out);
			fputs("}\n", out);
		} else
			fputs(";\n", out);
		if (depth == 0 && s->next != NULL &&
		    (s->block || s->next->block))
			fputc('\n', out);
	}
}

void
racoon_print(const struct racoon_file *f, FILE *out)
{
	print_list(f->stmts, 0, out);
}
