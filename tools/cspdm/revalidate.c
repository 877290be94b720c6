/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm revalidate: after a reset or resume, is it the same device? VCA, GET_DIGESTS and a
 * fresh CHALLENGE verified with the saved public key (GET_CERTIFICATE is skipped when the
 * digest matches), then the saved measurement indices, compared exactly.
 */
#include <string.h>

#include "codec/spdm.h"
#include "crypto/openssl_priv.h"
#include "identity_file.h"
#include "conn.h"

static void reval_usage(FILE *f)
{
	fprintf(f,
		"usage: cspdm revalidate --identity FILE --device URI | --connect HOST:PORT "
		"[options]\n\n"
		"Check that the device is the one saved with 'cspdm authenticate\n"
		"--save-identity FILE': same algorithms, same certificate chain digest, a valid\n"
		"signature by the same key over a fresh nonce, and the same values at the saved\n"
		"measurement indices.\n\n"
		"options:\n"
		"  --identity FILE       the saved identity\n" CLI_CONN_HELP
		"\nexit status: 0 same device, 1 changed or failed, 2 usage error\n");
}

static int parse_args(struct cli_conn_opts *o, const char **identity, int argc, char **argv)
{
	static const struct option longopts[] = {
	    CLI_CONN_OPTIONS, {"identity", required_argument, NULL, 'I'}, {NULL, 0, NULL, 0}};
	int c, rc;

	cli_conn_defaults(o, "revalidate");
	*identity = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			reval_usage(stdout);
			return -1;
		}
		if (c == 'I') {
			*identity = optarg;
			continue;
		}
		rc = cli_parse_conn_opt(o, c, optarg);
		if (rc)
			return rc == 1 ? cli_usage_error("revalidate", "invalid option", NULL) : rc;
	}
	if (optind < argc)
		return cli_usage_error("revalidate", "unexpected argument", argv[optind]);
	if (!*identity)
		return cli_usage_error("revalidate", "--identity FILE is required", NULL);
	return cli_check_conn_opts(o);
}

/* Each saved index read signed now, compared byte for byte. Returns the first changed index. */
static cspdm_status compare_meas(struct cli_conn *s, const struct cli_identity *id, int *changed)
{
	struct cspdm_meas_query q = {0, 1, 0};
	struct cspdm_meas_result m;
	struct spdm_meas_block b;
	size_t off;
	unsigned i;
	cspdm_status st;

	*changed = -1;
	for (i = 0; i < id->meas_count; i++) {
		q.operation = id->meas[i].index;
		st = cspdm_measure(s->ctx, s->io, &q);
		if (st)
			return st;
		cspdm_get_meas_result(s->ctx, &m);
		off = 0;
		st = spdm_next_meas_block(m.record, m.record_len, &off, &b, NULL);
		if (st)
			return st;
		if (b.value_size != id->meas[i].len ||
		    memcmp(b.value, id->meas[i].value, b.value_size)) {
			*changed = id->meas[i].index;
			return CSPDM_OK;
		}
	}
	return CSPDM_OK;
}

static int report(const struct cli_conn_opts *o, cspdm_status st, const cspdm_error *e,
		  int changed_index, uint32_t rt, unsigned nmeas)
{
	const char *field = e ? e->field : NULL;

	if (!st && changed_index < 0) {
		printf("same device   %s: chain digest, key and %u measurement%s unchanged "
		       "(%u round trips)\n",
		       o->target, nmeas, nmeas == 1 ? "" : "s", rt);
		return 0;
	}
	if (!st) {
		printf("changed       measurement index %d differs from the saved value\n",
		       changed_index);
		return 1;
	}
	if (field && strstr(field, "(changed)")) {
		printf("changed       %s: %s\n", field, cspdm_strerror(st));
		return 1;
	}
	if (st == CSPDM_E_SIGNATURE)
		printf("changed       the signature does not verify with the saved public key\n");
	cli_print_error(stderr, "revalidation failed", e);
	return 1;
}

int cmd_revalidate(int argc, char **argv)
{
	struct cli_conn_opts o;
	struct cli_identity id;
	struct cli_conn s;
	struct cspdm_result res;
	const char *path, *why;
	cspdm_error err;
	cspdm_status st;
	int rc = parse_args(&o, &path, argc, argv), changed = -1;

	if (rc)
		return rc < 0 ? 0 : rc;
	if (cli_identity_load(&id, path, &why)) {
		fprintf(stderr, "cspdm revalidate: %s: %s\n", path, why);
		return 2;
	}
	st = cli_conn_open(&s, &o, &err);
	if (st) {
		cli_print_error(stderr, "revalidate", &err);
		cli_conn_close(&s);
		cspdm_openssl_free_key(id.known.pubkey);
		return 1;
	}
	st = cspdm_reauthenticate(s.ctx, s.io, &id.known);
	if (!st)
		st = compare_meas(&s, &id, &changed);
	cspdm_get_result(s.ctx, &res);
	rc = report(&o, st, cli_conn_error(&s), changed, res.round_trips, id.meas_count);
	cli_conn_close(&s);
	cspdm_openssl_free_key(id.known.pubkey);
	return rc;
}
