/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm revalidate: after a reset or resume, is it the same device? VCA, GET_DIGESTS and a
 * fresh CHALLENGE verified with the saved public key (GET_CERTIFICATE is skipped when the
 * digest matches), then the saved measurement indices, compared exactly.
 *
 * Many devices (fleet.h): each against its own saved identity, with the same flows driven by
 * the fleet's loop: cspdm_reauth_begin, then one cspdm_meas_begin per saved index, each value
 * compared before the next is asked for.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "codec/spdm.h"
#include "crypto/openssl_priv.h"
#include "identity_file.h"
#include "conn.h"
#include "fleet.h"

#define OPT_IDENTITY_DIR 0x400

struct reval_opts {
	struct cli_conn_opts c;
	const char *identity;	  /* --identity FILE */
	const char *identity_dir; /* --identity-dir DIR */
};

/* A device and the identity it is compared with. */
struct reval_dev {
	struct cli_identity id;
	char path[4096]; /* the identity file */
	int changed;	 /* the first measurement index whose value differs, or -1 */
};

static void reval_usage(FILE *f)
{
	fprintf(f,
		"usage: cspdm revalidate --identity FILE --device URI | --connect HOST:PORT "
		"[options]\n"
		"       cspdm revalidate --identity-dir DIR --connect HOST:PORT --connect ... "
		"[options]\n"
		"       cspdm revalidate --targets FILE [--identity-dir DIR] [options]\n\n"
		"Check that the device is the one saved with 'cspdm authenticate\n"
		"--save-identity FILE': same algorithms, same certificate chain digest, a valid\n"
		"signature by the same key over a fresh nonce, and the same values at the saved\n"
		"measurement indices.\n\n"
		"options:\n"
		"  --identity FILE       the saved identity (one device)\n"
		"  --identity-dir DIR    each device's saved identity is DIR/NAME.json, NAME its\n"
		"                        --connect, --device or first --targets word with every\n"
		"                        character but A-Z a-z 0-9 . - as '_' (127.0.0.1:2323:\n"
		"                        127.0.0.1_2323.json)\n" CLI_CONN_HELP CLI_FLEET_HELP
		"                        A --targets line may end in identity=PATH: that device's\n"
		"                        saved identity (a relative PATH from the current\n"
		"                        directory); without --identity-dir every line needs one.\n"
		"                        Each device: outcome same, changed or failed\n"
		"\nexit status: 0 same device (every one), 1 changed or failed, 2 usage error\n");
}

static int parse_reval_opt(struct reval_opts *o, int c, const char *arg)
{
	int rc;

	if (c == 'I' || c == OPT_IDENTITY_DIR) {
		*(c == 'I' ? &o->identity : &o->identity_dir) = arg;
		return 0;
	}
	rc = cli_parse_conn_opt(&o->c, c, arg);
	if (rc == 1)
		rc = cli_parse_fleet_opt(&o->c, c, arg);
	return rc == 1 ? cli_usage_error("revalidate", "invalid option", NULL) : rc;
}

/* Where each device's identity comes from: --identity for one, --identity-dir or the
 * identity= of its --targets line for many. */
static int check_identity_opts(const struct reval_opts *o)
{
	int fleet = cli_is_fleet(&o->c);

	if (o->identity && o->identity_dir)
		return cli_usage_error("revalidate",
				       "--identity and --identity-dir exclude each other", NULL);
	if (fleet && o->identity)
		return cli_usage_error(
		    "revalidate",
		    "many devices: each its own identity (--identity-dir DIR, or "
		    "identity=PATH in --targets), not --identity",
		    NULL);
	if (fleet && (o->c.n_connect || o->c.n_device) && !o->identity_dir)
		return cli_usage_error(
		    "revalidate", "many devices: --identity-dir DIR holds their identities", NULL);
	if (!fleet && !o->identity && !o->identity_dir)
		return cli_usage_error("revalidate", "--identity FILE is required", NULL);
	return 0;
}

static int parse_args(struct reval_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_CONN_OPTIONS,
	    {"identity", required_argument, NULL, 'I'},
	    {"identity-dir", required_argument, NULL, OPT_IDENTITY_DIR},
	    CLI_FLEET_OPTIONS,
	    {NULL, 0, NULL, 0}};
	int c, rc;

	memset(o, 0, sizeof(*o));
	cli_conn_defaults(&o->c, "revalidate");
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			reval_usage(stdout);
			return -1;
		}
		rc = parse_reval_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error("revalidate", "unexpected argument", argv[optind]);
	rc = check_identity_opts(o);
	return rc ? rc : cli_check_conn_opts(&o->c);
}

/* ---- the identity, and the comparison -------------------------------------------------------- */

/* DIR/NAME.json for a target (see --identity-dir). */
static int path_in_dir(const char *dir, const char *target, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s/", dir);
	size_t i, k = n > 0 ? (size_t)n : cap;

	for (i = 0; target[i] && k + sizeof(".json") < cap; i++)
		out[k++] = isalnum((unsigned char)target[i]) || target[i] == '.' || target[i] == '-'
			       ? target[i]
			       : '_';
	if (target[i] || k + sizeof(".json") > cap)
		return -1;
	memcpy(out + k, ".json", sizeof(".json"));
	return 0;
}

/* rd->id from identity (or from dir, by the target's name). On failure why says what. */
static cspdm_status dev_load(struct reval_dev *rd, const char *identity, const char *dir,
			     const char *target, char *why, size_t why_cap)
{
	const char *reason = NULL;
	cspdm_status st;

	memset(rd, 0, sizeof(*rd));
	rd->changed = -1;
	if (identity)
		(void)snprintf(rd->path, sizeof(rd->path), "%s", identity);
	else if (path_in_dir(dir, target, rd->path, sizeof(rd->path)))
		return snprintf(why, why_cap, "--identity-dir %s: the path is too long", dir),
		       CSPDM_E_INVALID_ARG;
	st = cli_identity_load(&rd->id, rd->path, &reason);
	if (st)
		(void)snprintf(why, why_cap, "identity %s: %s", rd->path, reason);
	return st;
}

/* The measurement just read (the context's last) against the saved value v: *changed = its
 * index when it differs. */
static cspdm_status compare_one(struct cspdm_context *ctx, const struct cli_meas_value *v,
				int *changed)
{
	struct cspdm_meas_result m;
	struct spdm_meas_block b;
	size_t off = 0;
	cspdm_status st;

	cspdm_get_meas_result(ctx, &m);
	st = spdm_next_meas_block(m.record, m.record_len, &off, &b, NULL);
	if (!st && (b.value_size != v->len || memcmp(b.value, v->value, b.value_size)))
		*changed = v->index;
	return st;
}

/* Each saved index read signed now, compared byte for byte, up to the first that differs. */
static cspdm_status compare_meas(struct cli_conn *s, struct reval_dev *rd)
{
	struct cspdm_meas_query q = {0, 1, 0};
	cspdm_status st = CSPDM_OK;
	unsigned i;

	for (i = 0; !st && rd->changed < 0 && i < rd->id.meas_count; i++) {
		q.operation = rd->id.meas[i].index;
		st = cspdm_measure(s->ctx, s->io, &q);
		if (!st)
			st = compare_one(s->ctx, &rd->id.meas[i], &rd->changed);
	}
	return st;
}

/* ---- the verdict ------------------------------------------------------------------------------
 */

enum verdict { SAME, CHANGED, FAILED };

/* How the device compares; for CHANGED, what changed in words. */
static enum verdict verdict(const struct reval_dev *rd, cspdm_status st, const cspdm_error *e,
			    char *what, size_t cap)
{
	const char *field = e ? e->field : NULL;

	if (rd && rd->changed >= 0) {
		(void)snprintf(what, cap, "measurement index %d differs from the saved value",
			       rd->changed);
		return CHANGED;
	}
	if (!st)
		return SAME;
	if (field && strstr(field, "(changed)")) {
		(void)snprintf(what, cap, "%s: %s", field, cspdm_strerror(st));
		return CHANGED;
	}
	if (st != CSPDM_E_SIGNATURE)
		return FAILED;
	(void)snprintf(what, cap, "the signature does not verify with the saved public key");
	return CHANGED;
}

/* What the context learned (nothing without one). */
static void result_of(const struct cspdm_context *ctx, struct cspdm_result *r)
{
	memset(r, 0, sizeof(*r));
	if (ctx)
		cspdm_get_result(ctx, r);
}

/* The JSON object of one device (revalidate --json, and each line of a fleet). */
static json_t *reval_json(const struct reval_dev *rd, const char *target, const char *transport,
			  const struct cspdm_context *ctx, cspdm_status st, const cspdm_error *e)
{
	static const char *const outcome[] = {"same", "changed", "failed"};
	struct cspdm_result r;
	char what[512];
	enum verdict v = verdict(rd, st, e, what, sizeof(what));
	json_t *j;

	result_of(ctx, &r);
	j = json_pack("{s:s, s:s, s:s, s:s?, s:i, s:i}", "device", target, "transport", transport,
		      "outcome", outcome[v], "identity", rd ? rd->path : NULL, "measurements",
		      rd ? (int)rd->id.meas_count : 0, "round_trips", (int)r.round_trips);
	if (r.version) {
		json_object_set_new(j, "version",
				    json_sprintf("%u.%u", r.version >> 4, r.version & 0xF));
		json_object_set_new(j, "base_asym", json_string(cspdm_asym_name(r.base_asym)));
	}
	if (v == CHANGED)
		json_object_set_new(j, "changed", json_string(what));
	if (st && e && !(rd && rd->changed >= 0))
		json_object_set_new(j, "error", cli_json_error(e));
	return j;
}

/* One device's result: text or JSON. The exit status. */
static int report(const struct reval_opts *o, const struct reval_dev *rd, cspdm_status st,
		  const cspdm_error *e, const struct cspdm_context *ctx)
{
	struct cspdm_result r;
	char what[512];
	enum verdict v = verdict(rd, st, e, what, sizeof(what));

	if (o->c.json) {
		cli_json_print(
		    reval_json(rd, o->c.target, cli_conn_transport_name(&o->c), ctx, st, e), 0);
		return v != SAME;
	}
	result_of(ctx, &r);
	if (v == SAME)
		printf("same device   %s: chain digest, key and %u measurement%s unchanged "
		       "(%u round trips)\n",
		       o->c.target, rd->id.meas_count, rd->id.meas_count == 1 ? "" : "s",
		       r.round_trips);
	if (v == CHANGED)
		printf("changed       %s\n", what);
	if (v == FAILED || st == CSPDM_E_SIGNATURE)
		cli_print_error(stderr, "revalidation failed", e);
	return v != SAME;
}

/* ---- many devices ---------------------------------------------------------------------------- */

static cspdm_status fleet_open(void *arg, const char *target, const char *identity, void **dev,
			       char *why, size_t why_cap)
{
	const struct reval_opts *o = arg;
	struct reval_dev *rd = malloc(sizeof(*rd));

	*dev = rd;
	if (!rd)
		return snprintf(why, why_cap, "out of memory"), CSPDM_E_BUFFER_TOO_SMALL;
	return dev_load(rd, identity, o->identity_dir, target, why, why_cap);
}

static void fleet_close(void *arg, void *dev)
{
	struct reval_dev *rd = dev;

	(void)arg;
	cspdm_openssl_free_key(rd->id.known.pubkey);
	free(rd);
}

/* Phase 0: the re-authentication; phase k: the k-th saved index, after the one before it
 * compared equal. A value that differs ends the device (CSPDM_E_POLICY, rd->changed). */
static cspdm_status fleet_begin(void *arg, void *dev, struct cspdm_context *ctx, unsigned phase,
				int *begun)
{
	struct reval_dev *rd = dev;
	struct cspdm_meas_query q = {0, 1, 0};
	cspdm_status st;

	(void)arg;
	*begun = 0;
	if (phase == 0) {
		*begun = 1;
		return cspdm_reauth_begin(ctx, &rd->id.known);
	}
	if (phase >= 2) {
		st = compare_one(ctx, &rd->id.meas[phase - 2], &rd->changed);
		if (st || rd->changed >= 0)
			return st ? st : CSPDM_E_POLICY;
	}
	if (phase > rd->id.meas_count)
		return CSPDM_OK;
	q.operation = rd->id.meas[phase - 1].index;
	*begun = 1;
	return cspdm_meas_begin(ctx, &q);
}

static json_t *fleet_json(void *arg, void *dev, const char *target, const char *transport,
			  struct cspdm_context *ctx, cspdm_status st, const cspdm_error *e,
			  struct cspdm_x509_cache *cache)
{
	(void)arg;
	(void)cache;
	return reval_json(dev, target, transport, ctx, st, e);
}

/* ---- the command ----------------------------------------------------------------------------- */

int cmd_revalidate(int argc, char **argv)
{
	struct reval_opts o;
	struct fleet_cmd fc = {&o,	    FLEET_ID_OPTIONAL, fleet_open,
			       fleet_close, fleet_begin,       fleet_json};
	struct reval_dev *rd;
	struct cli_conn s;
	char why[4200];
	cspdm_error err;
	cspdm_status st;
	int rc = parse_args(&o, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	if (cli_is_fleet(&o.c)) {
		fc.identity = o.identity_dir ? FLEET_ID_OPTIONAL : FLEET_ID_REQUIRED;
		return cli_fleet_run(&o.c, &fc);
	}
	rd = malloc(sizeof(*rd));
	if (!rd || dev_load(rd, o.identity, o.identity_dir, o.c.target, why, sizeof(why))) {
		fprintf(stderr, "cspdm revalidate: %s\n", rd ? why : "out of memory");
		free(rd);
		return 2;
	}
	st = cli_conn_open(&s, &o.c, &err);
	if (st) {
		rc = report(&o, rd, st, &err, NULL);
	} else {
		st = cspdm_reauthenticate(s.ctx, s.io, &rd->id.known);
		if (!st)
			st = compare_meas(&s, rd);
		rc = report(&o, rd, st, cli_conn_error(&s), s.ctx);
	}
	cli_conn_close(&s);
	fleet_close(NULL, rd);
	return rc;
}
