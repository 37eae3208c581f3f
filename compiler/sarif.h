/*
 * SARIF 2.1.0 output of a diag sink's reports, for code-scanning services:
 * one run, the tool's rules (every check code with its description and
 * default level), one result per report with its notes as related
 * locations.
 */
#ifndef TG_SARIF_H
#define TG_SARIF_H

#include <stdio.h>

#include "model/diag.h"

struct sarif_rule {
	const char		*id;
	const char		*what;
	enum diag_severity	 severity;
};

void	sarif_print(struct diag_sink *, const struct sarif_rule *,
	    size_t nrules, FILE *);
/* A JSON string literal, quotes included. */
void	json_string(FILE *, const char *);

#endif
