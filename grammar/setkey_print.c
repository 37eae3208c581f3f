/*
 * Canonical setkey text: one statement a line, single spaces, numeric
 * addresses in RFC 5952 form, options in the order written, keys exactly as
 * written.  Printing a parsed canonical file gives the same bytes back.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "grammar/setkey.h"

static const char *const cmd_names[] = {
	[SK_ADD] = "add", [SK_GET] = "get", [SK_DELETE] = "delete",
	[SK_DELETEALL] = "deleteall", [SK_FLUSH] = "flush", [SK_DUMP] = "dump",
	[SK_SPDADD] = "spdadd", [SK_SPDUPDATE] = "spdupdate",
	[SK_SPDDELETE] = "spddelete", [SK_SPDFLUSH] = "spdflush",
	[SK_SPDDUMP] = "spddump", [SK_EXIT] = "exit",
};

static const char *const satype_names[] = {
	[SK_SATYPE_NONE] = "", [SK_SATYPE_ESP] = "esp", [SK_SATYPE_AH] = "ah",
	[SK_SATYPE_ESP_OLD] = "esp-old", [SK_SATYPE_AH_OLD] = "ah-old",
	[SK_SATYPE_ESP_UDP] = "esp-udp", [SK_SATYPE_IPCOMP] = "ipcomp",
	[SK_SATYPE_TCP] = "tcp",
};

const char *
sk_cmd_name(enum sk_cmd c)
{
	return cmd_names[c];
}

const char *
sk_satype_name(enum sk_satype t)
{
	return satype_names[t];
}

static void
print_addr(const struct addr *a, const char *zone, FILE *fp)
{
	char buf[ADDR_STRLEN];

	fputs(addr_format(a, buf), fp);
	if (zone != NULL)
		fprintf(fp, "%%%s", zone);
}

static void
print_host(const struct sk_host *h, FILE *fp)
{
	if (h->name != NULL)
		fputs(h->name, fp);
	else
		print_addr(&h->addr, h->zone, fp);
	if (h->prefixlen >= 0)
		fprintf(fp, "/%d", h->prefixlen);
	switch (h->port_kind) {
	case SK_PORT_NONE:
		break;
	case SK_PORT_ANY:
		fputs("[any]", fp);
		break;
	case SK_PORT_NUM:
		fprintf(fp, "[%" PRIu32 "]", h->port);
		break;
	case SK_PORT_NAME:
		fprintf(fp, "[%s]", h->port_name);
		break;
	}
}

static void
print_key(const struct sk_key *k, FILE *fp)
{
	if (k->kind == SK_KEY_HEX)
		fprintf(fp, " 0x%.*s", (int)k->textlen, k->text);
	else if (k->kind == SK_KEY_QUOTED)
		fprintf(fp, " \"%.*s\"", (int)k->textlen, k->text);
}

static void
print_ctx(const struct sk_ctx *c, FILE *fp)
{
	fprintf(fp, " -ctx %" PRIu32 " %" PRIu32 " \"%.*s\"", c->doi, c->alg,
	    (int)c->labellen, c->label);
}

static void
print_opts(const struct sk_sa *sa, FILE *fp)
{
	static const char *const modes[] = { "any", "transport", "tunnel" };
	static const char *const pads[] = { "zero-pad", "random-pad",
	    "seq-pad" };
	size_t i;

	for (i = 0; i < sa->nopts; i++) {
		const struct sk_opt *o = &sa->opts[i];

		switch (o->kind) {
		case SK_OPT_MODE:
			fprintf(fp, " -m %s", modes[o->num]);
			break;
		case SK_OPT_PAD:
			fprintf(fp, " -f %s", pads[o->num]);
			break;
		case SK_OPT_NOCYCLIC:
			fputs(" -f nocyclic-seq", fp);
			break;
		case SK_OPT_REQID:
			fprintf(fp, " -u %" PRIu64, o->num);
			break;
		case SK_OPT_REPLAY:
			fprintf(fp, " -r %" PRIu64, o->num);
			break;
		case SK_OPT_LIFETIME_HARD:
			fprintf(fp, " -lh %" PRIu64, o->num);
			break;
		case SK_OPT_LIFETIME_SOFT:
			fprintf(fp, " -ls %" PRIu64, o->num);
			break;
		case SK_OPT_LIFEBYTE_HARD:
			fprintf(fp, " -bh %" PRIu64, o->num);
			break;
		case SK_OPT_LIFEBYTE_SOFT:
			fprintf(fp, " -bs %" PRIu64, o->num);
			break;
		case SK_OPT_CTX:
			print_ctx(&o->ctx, fp);
			break;
		}
	}
}

static void
print_sa(const struct sk_stmt *st, FILE *fp)
{
	const struct sk_sa *sa = &st->sa;

	fputc(' ', fp);
	print_host(&sa->src, fp);
	fputc(' ', fp);
	print_host(&sa->dst, fp);
	if (sa->satype != SK_SATYPE_NONE)
		fprintf(fp, " %s", satype_names[sa->satype]);
	if (sa->natt_oa != NULL) {
		fputc(' ', fp);
		print_host(sa->natt_oa, fp);
	}
	if (sa->has_spi) {
		if (sa->spi_hex)
			fprintf(fp, " 0x%" PRIx32, sa->spi);
		else
			fprintf(fp, " %" PRIu32, sa->spi);
	}
	print_opts(sa, fp);
	if (sa->enc != SK_ALG_UNKNOWN) {
		fprintf(fp, " -E %s", sk_algs[sa->enc].name);
		print_key(&sa->enc_key, fp);
	}
	if (sa->auth != SK_ALG_UNKNOWN) {
		fprintf(fp, " -A %s", sk_algs[sa->auth].name);
		print_key(&sa->auth_key, fp);
	}
	if (sa->comp != SK_ALG_UNKNOWN) {
		fprintf(fp, " -C %s", sk_algs[sa->comp].name);
		if (sa->rawcpi)
			fputs(" -R", fp);
	}
}

static void
print_request(const struct sk_request *r, FILE *fp)
{
	static const char *const protos[] = { "esp", "ah", "ipcomp", "tcp" };
	static const char *const modes[] = { "any", "transport", "tunnel" };
	static const char *const levels[] = { "", "default", "use",
	    "require", "unique" };

	fprintf(fp, " %s/%s", protos[r->proto], modes[r->mode]);
	switch (r->ends) {
	case SK_ENDS_NONE:
		if (r->level != SK_LEVEL_OMITTED)
			fputs("/", fp);
		break;
	case SK_ENDS_ADDRS:
		fputc('/', fp);
		print_addr(&r->src, r->src_zone, fp);
		if (r->has_ports)
			fprintf(fp, "[%" PRIu32 "]", r->src_port);
		fputc('-', fp);
		print_addr(&r->dst, r->dst_zone, fp);
		if (r->has_ports)
			fprintf(fp, "[%" PRIu32 "]", r->dst_port);
		break;
	case SK_ENDS_ME_ANY:
		fputs("/me-any", fp);
		break;
	case SK_ENDS_ANY_ME:
		fputs("/any-me", fp);
		break;
	}
	if (r->level == SK_LEVEL_OMITTED)
		return;
	fprintf(fp, "/%s", levels[r->level]);
	if (r->level == SK_LEVEL_UNIQUE && r->unique_id != 0)
		fprintf(fp, ":%" PRIu32, r->unique_id);
}

static void
print_policy(const struct sk_policy *pol, FILE *fp)
{
	static const char *const dirs[] = { "in", "out", "fwd" };
	static const char *const actions[] = { "", "discard", "none",
	    "ipsec", "bypass", "entrust" };
	static const char *const bases[] = { "low", "def", "high" };
	size_t i;

	fprintf(fp, " -P %s", dirs[pol->dir]);
	switch (pol->prio.kind) {
	case SK_PRIO_NONE:
		break;
	case SK_PRIO_NUM:
		fprintf(fp, " priority %s%" PRIu32,
		    pol->prio.sign == '-' ? "-" : "", pol->prio.offset);
		break;
	case SK_PRIO_BASE:
		fprintf(fp, " priority %s", bases[pol->prio.base]);
		if (pol->prio.sign != 0)
			fprintf(fp, " %c %" PRIu32, pol->prio.sign,
			    pol->prio.offset);
		break;
	}
	if (pol->action == SK_ACTION_NONE_GIVEN)
		return;
	fprintf(fp, " %s", actions[pol->action]);
	for (i = 0; i < pol->nreqs; i++)
		print_request(&pol->reqs[i], fp);
}

static void
print_spd(const struct sk_stmt *st, FILE *fp)
{
	const struct sk_spd *spd = &st->spd;

	if (spd->tagged) {
		fprintf(fp, " tagged \"%.*s\"", (int)spd->taglen, spd->tag);
	} else {
		fputc(' ', fp);
		print_host(&spd->src, fp);
		fputc(' ', fp);
		print_host(&spd->dst, fp);
		switch (spd->upper.kind) {
		case SK_UPPER_ANY:
			fputs(" any", fp);
			break;
		case SK_UPPER_NUM:
			fprintf(fp, " %d", spd->upper.proto);
			break;
		case SK_UPPER_NAME:
			fprintf(fp, " %s", spd->upper.name);
			break;
		}
		if (spd->upper.arg != NULL)
			fprintf(fp, " %s", spd->upper.arg);
		if (spd->has_ctx)
			print_ctx(&spd->ctx, fp);
	}
	print_policy(&spd->policy, fp);
}

void
setkey_print_stmt(const struct sk_stmt *st, FILE *fp)
{
	fputs(cmd_names[st->cmd], fp);
	if (st->flags != NULL)
		fprintf(fp, " %s", st->flags);
	switch (st->cmd) {
	case SK_ADD:
	case SK_GET:
	case SK_DELETE:
	case SK_DELETEALL:
		print_sa(st, fp);
		break;
	case SK_FLUSH:
	case SK_DUMP:
		if (st->satype != SK_SATYPE_NONE)
			fprintf(fp, " %s", satype_names[st->satype]);
		break;
	case SK_SPDADD:
	case SK_SPDUPDATE:
	case SK_SPDDELETE:
		print_spd(st, fp);
		break;
	case SK_SPDFLUSH:
	case SK_SPDDUMP:
	case SK_EXIT:
		break;
	}
	fputs(";\n", fp);
}

void
setkey_print(const struct setkey_file *f, FILE *fp)
{
	const struct sk_stmt *st;

	for (st = f->stmts; st != NULL; st = st->next)
		setkey_print_stmt(st, fp);
}
