/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm measure: authenticate, then read (signed) measurements and decode them. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"
#include "conn.h"
#include "fleet.h"

struct meas_opts {
	struct cli_conn_opts c;
	struct cspdm_meas_query q;
};

static const char *const dmtf_types[] = {
    "immutable ROM",
    "mutable firmware",
    "hardware configuration",
    "firmware configuration",
    "measurement manifest",
    "device mode",
    "version",
    "secure version number",
    "hash-extended measurement",
    "informational",
    "structured measurement manifest",
};

static const char *dmtf_type_name(uint8_t t)
{
	t &= 0x7F;
	return t < sizeof(dmtf_types) / sizeof(dmtf_types[0]) ? dmtf_types[t] : "reserved";
}

static void meas_usage(FILE *f)
{
	fprintf(
	    f, "usage: cspdm measure --device URI | --connect HOST:PORT [options]\n\n"
	       "Authenticate the device, then read its measurements (GET_MEASUREMENTS) and\n"
	       "check their signatures over the L1/L2 transcript.\n\n"
	       "options:\n" CLI_CONN_HELP "  --index N             one measurement index (1..254)\n"
	       "  --all                 all measurements in one signed response\n"
	       "  --one-by-one          the count, then every index, each signed (default)\n"
	       "  --unsigned            do not ask for signatures\n"
	       "  --raw                 ask for raw bit streams (SPDM 1.3+)\n" CLI_FLEET_HELP "\n"
	       "exit status: 0 measured and verified, 1 failed, 2 usage error\n");
}

static int parse_meas_opt(struct meas_opts *o, int c, const char *arg)
{
	int rc = cli_parse_conn_opt(&o->c, c, arg);
	char *end;
	long v;

	if (rc == 1)
		rc = cli_parse_fleet_opt(&o->c, c, arg);
	if (rc != 1)
		return rc;
	switch (c) {
	case 'i':
		v = strtol(arg, &end, 0);
		if (*end || v < 1 || v > 0xFE)
			return cli_usage_error("measure", "--index must be 1..254", arg);
		o->q.operation = (uint16_t)v;
		return 0;
	case 'A':
		o->q.operation = SPDM_MEAS_OP_ALL;
		return 0;
	case 'O':
		o->q.operation = CSPDM_MEAS_ONE_BY_ONE;
		return 0;
	case 'U':
		o->q.sign = 0;
		return 0;
	case 'R':
		o->q.raw = 1;
		return 0;
	default:
		return cli_usage_error("measure", "invalid option", NULL);
	}
}

static int parse_args(struct meas_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {CLI_CONN_OPTIONS,
						 {"index", required_argument, NULL, 'i'},
						 {"all", no_argument, NULL, 'A'},
						 {"one-by-one", no_argument, NULL, 'O'},
						 {"unsigned", no_argument, NULL, 'U'},
						 {"raw", no_argument, NULL, 'R'},
						 CLI_FLEET_OPTIONS,
						 {NULL, 0, NULL, 0}};
	int c, rc;

	memset(o, 0, sizeof(*o));
	cli_conn_defaults(&o->c, "measure");
	o->q.operation = CSPDM_MEAS_ONE_BY_ONE;
	o->q.sign = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			meas_usage(stdout);
			return -1;
		}
		rc = parse_meas_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("measure", "unexpected argument", argv[optind]);
	return cli_check_conn_opts(&o->c);
}

static void print_block(const struct spdm_meas_block *b, json_t *arr)
{
	char hex[2 * 256 + 1];
	size_t n = b->value_size < 256 ? b->value_size : 256;

	cli_hex(hex, b->value, n);
	if (arr) {
		json_array_append_new(arr, json_pack("{s:i, s:i, s:s, s:b, s:s}", "index", b->index,
						     "dmtf_type", b->dmtf_type & 0x7F, "type_name",
						     dmtf_type_name(b->dmtf_type), "raw",
						     (b->dmtf_type & 0x80) != 0, "value", hex));
		return;
	}
	printf("  [%3u] %-30s %s %s%s\n", b->index, dmtf_type_name(b->dmtf_type),
	       (b->dmtf_type & 0x80) ? "raw   " : "digest", hex, n < b->value_size ? "..." : "");
}

void cli_print_meas_blocks(const struct cspdm_meas_result *m, json_t *arr)
{
	struct spdm_meas_block b;
	size_t off = 0;

	if (!arr)
		printf("measurements  %u block%s, %u signature%s verified\n", m->blocks,
		       m->blocks == 1 ? "" : "s", m->signatures, m->signatures == 1 ? "" : "s");
	while (off < m->record_len &&
	       !spdm_next_meas_block(m->record, m->record_len, &off, &b, NULL))
		print_block(&b, arr);
}

static void print_result(const struct meas_opts *o, const struct cspdm_meas_result *m)
{
	json_t *root = NULL, *arr = o->c.json ? json_array() : NULL;
	char *s;

	cli_print_meas_blocks(m, arr);
	if (!o->c.json)
		return;
	root = json_pack("{s:s, s:i, s:i, s:i, s:o}", "device", o->c.target, "blocks", m->blocks,
			 "signatures_verified", (int)m->signatures, "round_trips",
			 (int)m->round_trips, "measurements", arr);
	s = json_dumps(root, JSON_INDENT(2));
	if (s)
		puts(s);
	free(s);
	json_decref(root);
}

/* ---- many devices ---------------------------------------------------------------------------- */

static cspdm_status fleet_begin(void *arg, void *dev, struct cspdm_context *ctx, unsigned phase,
				int *begun)
{
	const struct meas_opts *o = arg;

	(void)dev;
	*begun = phase < 2;
	if (phase == 0)
		return cspdm_auth_begin(ctx);
	return phase == 1 ? cspdm_meas_begin(ctx, &o->q) : CSPDM_OK;
}

/* measure --json's object for one device, with its outcome (and error). */
static json_t *fleet_json(void *arg, void *dev, const char *target, const char *transport,
			  struct cspdm_context *ctx, cspdm_status st, const cspdm_error *e,
			  struct cspdm_x509_cache *cache)
{
	struct cspdm_meas_result m;
	struct cspdm_result r;
	json_t *arr = json_array(), *root;

	(void)arg;
	(void)dev;
	(void)cache;
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	if (!st && ctx) {
		cspdm_get_result(ctx, &r);
		cspdm_get_meas_result(ctx, &m);
		cli_print_meas_blocks(&m, arr);
	}
	root = json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:o}", "device", target, "transport",
			 transport, "outcome", cli_outcome_name(st ? CSPDM_AUTH_FAILED : r.outcome),
			 "blocks", m.blocks, "signatures_verified", (int)m.signatures,
			 "round_trips", (int)m.round_trips, "measurements", arr);
	if (st && e)
		json_object_set_new(root, "error", cli_json_error(e));
	return root;
}

int cmd_measure(int argc, char **argv)
{
	struct meas_opts o;
	const struct fleet_cmd fc = {&o, FLEET_ID_NONE, NULL, NULL, fleet_begin, fleet_json};
	struct cli_conn s;
	struct cspdm_result res;
	struct cspdm_meas_result m;
	cspdm_error err;
	cspdm_status st;
	int rc = parse_args(&o, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (cli_is_fleet(&o.c))
		return cli_fleet_run(&o.c, &fc);
	st = cli_conn_open(&s, &o.c, &err);
	if (st) {
		cli_print_error(stderr, "measure", &err);
		cli_conn_close(&s);
		return 1;
	}
	st = cspdm_authenticate(s.ctx, s.io);
	if (!st)
		st = cspdm_measure(s.ctx, s.io, &o.q);
	if (st) {
		cli_print_error(stderr, "measurement failed", cli_conn_error(&s));
		cli_conn_close(&s);
		return 1;
	}
	cspdm_get_result(s.ctx, &res);
	cspdm_get_meas_result(s.ctx, &m);
	if (!o.c.json)
		printf("device        %s, SPDM %u.%u, %s, outcome %s\n", o.c.target,
		       res.version >> 4, res.version & 0xF, cspdm_asym_name(res.base_asym),
		       res.outcome == CSPDM_AUTH_TRUSTED ? "trusted" : "evidence ready");
	print_result(&o, &m);
	if (s.evidence) {
		cspdm_evidence_set_auth(s.evidence, &res, o.c.target,
					cli_conn_transport_name(&o.c));
		cspdm_evidence_set_meas(s.evidence, &m);
	}
	rc = cli_conn_write_evidence(&s, &o.c);
	cli_conn_close(&s);
	return rc;
}
