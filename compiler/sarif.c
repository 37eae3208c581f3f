/*
 * SARIF 2.1.0 writer; see sarif.h.
 */
#include "config.h"

#include "compiler/sarif.h"

#include <stdlib.h>
#include <string.h>

#include "model/arena.h"

void
json_string(FILE *f, const char *s)
{
	putc('"', f);
	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			putc(c, f);
	}
	putc('"', f);
}

static const char *
level(enum diag_severity s)
{
	return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" :
	    "note";
}

static void
location(FILE *f, const struct diag_item *it, const char *msg)
{
	fputs("{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", f);
	json_string(f, it->loc.file ? it->loc.file : "");
	fputs("}", f);
	if (it->loc.line > 0) {
		fprintf(f, ",\"region\":{\"startLine\":%u", it->loc.line);
		if (it->loc.col > 0)
			fprintf(f, ",\"startColumn\":%u", it->loc.col);
		fputs("}", f);
	}
	fputs("}", f);
	if (msg != NULL) {
		fputs(",\"message\":{\"text\":", f);
		json_string(f, msg);
		fputs("}", f);
	}
	fputs("}", f);
}

void
sarif_print(struct diag_sink *ds, const struct sarif_rule *rules,
    size_t nrules, FILE *f)
{
	const struct diag_item *items;
	size_t n, i, j, k = 0, *index;
	bool first = true, *used;

	items = diag_items(ds, &n);
	used = xcalloc(nrules + 1, sizeof(*used));
	for (i = 0; i < n; i++)
		for (j = 0; items[i].code != NULL && j < nrules; j++)
			if (strcmp(rules[j].id, items[i].code) == 0) {
				used[j] = true;
				break;
			}
	index = xcalloc(nrules + 1, sizeof(*index));
	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
	    "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
	    "\"name\":\"tunnelgen\",\"version\":", f);
	json_string(f, PACKAGE_VERSION);
	fputs(",\"rules\":[", f);
	/* Only the rules the results use: a short, stable document. */
	for (i = 0; i < nrules; i++) {
		if (!used[i])
			continue;
		index[i] = k;
		fputs(k++ ? ",\n{\"id\":" : "\n{\"id\":", f);
		json_string(f, rules[i].id);
		fputs(",\"shortDescription\":{\"text\":", f);
		json_string(f, rules[i].what);
		fprintf(f, "},\"defaultConfiguration\":{\"level\":\"%s\"}}",
		    level(rules[i].severity));
	}
	fputs("]}},\"results\":[", f);
	for (i = 0; i < n; i++) {
		const struct diag_item *it = &items[i];
		bool rel = false;

		if (it->code == NULL)
			continue;	/* notes go with their report */
		fputs(first ? "\n{" : ",\n{", f);
		first = false;
		fputs("\"ruleId\":", f);
		json_string(f, it->code);
		for (j = 0; j < nrules; j++)
			if (strcmp(rules[j].id, it->code) == 0) {
				fprintf(f, ",\"ruleIndex\":%zu", index[j]);
				break;
			}
		fprintf(f, ",\"level\":\"%s\",\"message\":{\"text\":",
		    level(it->severity));
		json_string(f, it->message);
		fputs("},\"locations\":[", f);
		location(f, it, NULL);
		fputs("]", f);
		/* Sorted reports keep their notes right after them. */
		for (j = i + 1; j < n && items[j].code == NULL; j++) {
			fputs(rel ? "," : ",\"relatedLocations\":[", f);
			rel = true;
			location(f, &items[j], items[j].message);
		}
		if (rel)
			fputs("]", f);
		fputs("}", f);
	}
	fputs("\n]}]}\n", f);
	free(used);
	free(index);
}
