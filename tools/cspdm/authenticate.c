/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm authenticate: VCA, digests, certificate chain, challenge and signature check. */
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/openssl_priv.h"
#include "identity_file.h"
#include "conn.h"
#include "fleet.h"

struct auth_opts {
	struct cli_conn_opts c;
	const char *save_identity;
	uint8_t id_meas[CLI_ID_MAX_MEAS];
	int id_meas_count;
};

static void auth_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: cspdm authenticate --device URI | --connect HOST:PORT [options]\n\n"
	    "Authenticate an SPDM responder: GET_VERSION, GET_CAPABILITIES,\n"
	    "NEGOTIATE_ALGORITHMS, GET_DIGESTS, GET_CERTIFICATE, CHALLENGE, then check the\n"
	    "certificate chain and the CHALLENGE_AUTH signature.\n\n"
	    "options:\n" CLI_CONN_HELP
	    "  --meas-summary T      none | tcb | all: measurement summary hash in CHALLENGE\n"
	    "  --save-identity FILE  save what identifies the device (slot, chain digest,\n"
	    "                        public key) for 'cspdm revalidate'\n"
	    "  --identity-meas LIST  with --save-identity: also save these measurement\n"
	    "                        indices, e.g. 1,2,3 (read signed)\n" CLI_FLEET_HELP "\n"
	    "Without --trust the outcome is at best 'evidence ready'.\n"
	    "exit status: 0 trusted or evidence ready, 1 authentication failed, 2 usage error\n");
}

static int parse_meas_summary(const char *s, uint8_t *v)
{
	if (!strcmp(s, "none"))
		*v = 0;
	else if (!strcmp(s, "tcb"))
		*v = 1;
	else if (!strcmp(s, "all"))
		*v = 0xFF;
	else
		return -1;
	return 0;
}

static int parse_auth_opt(struct auth_opts *o, int c, const char *arg)
{
	int rc = cli_parse_conn_opt(&o->c, c, arg);

	if (rc == 1)
		rc = cli_parse_fleet_opt(&o->c, c, arg);
	if (rc != 1)
		return rc;
	switch (c) {
	case 'S':
		return parse_meas_summary(arg, &o->c.cfg.meas_summary)
			   ? cli_usage_error("authenticate",
					     "--meas-summary must be none, tcb or all", arg)
			   : 0;
	case 'I':
		o->save_identity = arg;
		return 0;
	case 'M':
		o->id_meas_count = cli_parse_index_list(arg, o->id_meas, CLI_ID_MAX_MEAS);
		return o->id_meas_count < 0
			   ? cli_usage_error("authenticate", "bad --identity-meas list", arg)
			   : 0;
	default:
		return cli_usage_error("authenticate", "invalid option", NULL);
	}
}

static int parse_args(struct auth_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {CLI_CONN_OPTIONS,
						 {"meas-summary", required_argument, NULL, 'S'},
						 {"save-identity", required_argument, NULL, 'I'},
						 {"identity-meas", required_argument, NULL, 'M'},
						 CLI_FLEET_OPTIONS,
						 {NULL, 0, NULL, 0}};
	int c, rc;

	memset(o, 0, sizeof(*o));
	cli_conn_defaults(&o->c, "authenticate");
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			auth_usage(stdout);
			return -1;
		}
		rc = parse_auth_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("authenticate", "unexpected argument", argv[optind]);
	if (o->save_identity && cli_is_fleet(&o->c))
		return cli_usage_error("authenticate", "many devices: not with --save-identity",
				       NULL);
	if (o->id_meas_count && !o->save_identity)
		return cli_usage_error("authenticate", "--identity-meas needs --save-identity",
				       NULL);
	return cli_check_conn_opts(&o->c);
}

/* ---- output: auth_report.c ---------------------------------------------------------------- */

static void print_json(const struct auth_opts *o, const struct cspdm_result *r,
		       const cspdm_error *e, struct cspdm_x509_cache *cache)
{
	cli_json_print(cli_auth_json(o->c.target, cli_conn_transport_name(&o->c), r, e, cache), 0);
}

/* ---- --save-identity ------------------------------------------------------------------------ */

static int save_identity(struct auth_opts *o, struct cli_conn *s, const struct cspdm_result *r)
{
	struct cli_identity id;
	struct cspdm_meas_result m;
	struct cspdm_meas_query q = {0, 1, 0};
	cspdm_status st = cli_identity_from_result(&id, r);
	int i;

	for (i = 0; !st && i < o->id_meas_count; i++) {
		q.operation = o->id_meas[i];
		st = cspdm_measure(s->ctx, s->io, &q);
		if (!st)
			st = cspdm_get_meas_result(s->ctx, &m);
		if (!st)
			st = cli_identity_add_meas(&id, m.record, m.record_len);
	}
	if (!st) {
		st = cli_identity_save(&id, o->save_identity);
		if (st == CSPDM_E_IO) {
			fprintf(stderr, "cspdm authenticate: --save-identity %s: %s\n",
				o->save_identity, strerror(errno));
			return 1;
		}
	}
	if (st) {
		fprintf(stderr, "cspdm authenticate: --save-identity %s: %s: %s\n",
			o->save_identity, cspdm_status_name(st), cspdm_strerror(st));
		return 1;
	}
	if (!o->c.json)
		printf("identity      saved to %s (%u measurement%s)\n", o->save_identity,
		       id.meas_count, id.meas_count == 1 ? "" : "s");
	return 0;
}

/* ---- the command -------------------------------------------------------------------------- */

static int report_failure(const struct auth_opts *o, const cspdm_error *e, const char *what)
{
	struct cspdm_result empty;

	memset(&empty, 0, sizeof(empty));
	if (o->c.json)
		print_json(o, &empty, e, NULL);
	else
		cli_print_error(stderr, what, e);
	return 1;
}

/* ---- many devices ---------------------------------------------------------------------------- */

static cspdm_status fleet_begin(void *arg, void *dev, struct cspdm_context *ctx, unsigned phase,
				int *begun)
{
	(void)arg;
	(void)dev;
	*begun = phase == 0;
	return *begun ? cspdm_auth_begin(ctx) : CSPDM_OK;
}

/* The JSON object of one device, as authenticate --json prints it for one. */
static json_t *fleet_json(void *arg, void *dev, const char *target, const char *transport,
			  struct cspdm_context *ctx, cspdm_status st, const cspdm_error *e,
			  struct cspdm_x509_cache *cache)
{
	struct cspdm_result r;

	(void)arg;
	(void)dev;
	memset(&r, 0, sizeof(r));
	if (!st && ctx)
		cspdm_get_result(ctx, &r);
	return cli_auth_json(target, transport, &r, st ? e : NULL, st ? NULL : cache);
}

int cmd_authenticate(int argc, char **argv)
{
	const struct fleet_cmd fc = {NULL, FLEET_ID_NONE, NULL, NULL, fleet_begin, fleet_json};
	struct auth_opts o;
	struct cli_conn s;
	struct cspdm_result res;
	cspdm_error err;
	cspdm_status st;
	int rc = parse_args(&o, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (cli_is_fleet(&o.c))
		return cli_fleet_run(&o.c, &fc);
	if (cli_conn_open(&s, &o.c, &err)) {
		cli_conn_close(&s);
		return report_failure(&o, &err, "authenticate");
	}
	st = cspdm_authenticate(s.ctx, s.io);
	cspdm_get_result(s.ctx, &res);
	if (st) {
		rc = report_failure(&o, cli_conn_error(&s), "authentication failed");
		cli_conn_close(&s);
		return rc;
	}
	if (o.c.json)
		print_json(&o, &res, NULL, s.cache);
	else
		cli_print_auth(o.c.target, cli_conn_transport_name(&o.c), o.c.cfg.expected_san,
			       &res, s.cache);
	if (s.evidence)
		cspdm_evidence_set_auth(s.evidence, &res, o.c.target,
					cli_conn_transport_name(&o.c));
	rc = o.save_identity ? save_identity(&o, &s, &res) : 0;
	rc |= cli_conn_write_evidence(&s, &o.c);
	cli_conn_close(&s);
	return rc;
}
