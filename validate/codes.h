/*
 * Every diagnostic code a topology can earn, from the loader or from the
 * checks, with its usual severity and a one-line description: the table
 * `--list-checks` prints and the manual page documents.
 */
#ifndef TG_CODES_H
#define TG_CODES_H

#include <stddef.h>

#include "model/diag.h"

enum code_stage {
	STAGE_LOAD,		/* compiler/load_yaml.c: one value at a time */
	STAGE_CHECK,		/* validate/check_*.c: relations */
};

struct diag_code {
	const char		*code;
	enum code_stage		 stage;
	enum diag_severity	 severity;	/* --strict: warnings fail */
	const char		*what;
};

extern const struct diag_code	diag_codes[];
extern const size_t		ndiag_codes;

/* The entry for a code, or NULL. */
const struct diag_code *diag_code_lookup(const char *code);

#endif
