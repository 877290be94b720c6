/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm authenticate: VCA, digests, certificate chain, challenge and signature check. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codec/certchain.h"
#include "cspdm/transport.h"
#include "crypto/crypto.h"
#include "crypto/openssl_priv.h"

#define CERT_CAP (64u * 1024u)
#define RX_CAP (CSPDM_EMU_MAX_PAYLOAD)

struct auth_opts {
	const char *connect;
	const char *trust;
	int transport;
	int json;
	struct cspdm_config cfg;
	char san[160];
};

static void auth_usage(FILE *f)
{
	fprintf(f,
		"usage: cspdm authenticate --connect HOST:PORT [options]\n\n"
		"Authenticate an SPDM responder: GET_VERSION, GET_CAPABILITIES,\n"
		"NEGOTIATE_ALGORITHMS, GET_DIGESTS, GET_CERTIFICATE, CHALLENGE, then check the\n"
		"certificate chain and the CHALLENGE_AUTH signature.\n\n"
		"options:\n"
		"  --connect HOST:PORT   the device's spdm-emu socket (spdm_responder_emu, QEMU,\n"
		"                        cspdm responder); default port 2323\n"
		"  --transport T         none | mctp | doe (default mctp)\n"
		"  --trust PATH          trusted roots: a PEM file or a directory of *.pem files;\n"
		"                        without it the outcome is at best 'evidence ready'\n"
		"  --slot N              certificate slot 0..7 (default 0)\n"
		"  --pci-ids IDS         require the PCIe CMA SAN for these IDs (hex):\n"
		"                        vendor:device:class:rev[:ssvid:ssid[:dsn]]\n"
		"  --ver V               highest SPDM version offered: 1.0 .. 1.4 (default 1.4)\n"
		"  --min-ver V           lowest SPDM version accepted (default 1.0)\n"
		"  --nonce HEX           use this 32-byte CHALLENGE nonce (64 hex digits)\n"
		"  --meas-summary T      none | tcb | all: measurement summary hash in CHALLENGE\n"
		"  --json                print the result as JSON\n"
		"  -h, --help            this text\n\n"
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

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "cspdm authenticate: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "Try 'cspdm authenticate --help'.\n");
	return 2;
}

static int parse_opt(struct auth_opts *o, int c, const char *arg)
{
	char *end;
	long v;

	switch (c) {
	case 'c':
		o->connect = arg;
		return 0;
	case 't':
		o->transport = cspdm_transport_parse(arg);
		return o->transport < 0 ? usage_error("unknown transport", arg) : 0;
	case 'T':
		o->trust = arg;
		return 0;
	case 's':
		v = strtol(arg, &end, 10);
		if (*end || v < 0 || v > 7)
			return usage_error("slot must be 0..7", arg);
		o->cfg.slot = (uint8_t)v;
		return 0;
	case 'p':
		if (cli_pci_ids_to_san(arg, o->san, sizeof(o->san)))
			return usage_error("bad --pci-ids (vendor:device:class:rev[:ssvid:ssid[:dsn]])",
					   arg);
		o->cfg.expected_san = o->san;
		return 0;
	case 'v':
		o->cfg.max_version = cli_parse_version(arg);
		return o->cfg.max_version ? 0 : usage_error("version must be 1.0 .. 1.4", arg);
	case 'm':
		o->cfg.min_version = cli_parse_version(arg);
		return o->cfg.min_version ? 0 : usage_error("version must be 1.0 .. 1.4", arg);
	case 'n':
		if (cli_parse_hex(arg, o->cfg.nonce, CSPDM_NONCE_SIZE))
			return usage_error("nonce must be 64 hex digits", arg);
		o->cfg.have_nonce = 1;
		return 0;
	case 'S':
		return parse_meas_summary(arg, &o->cfg.meas_summary)
			       ? usage_error("--meas-summary must be none, tcb or all", arg)
			       : 0;
	case 'j':
		o->json = 1;
		return 0;
	default:
		return usage_error("invalid option", NULL);
	}
}

static int parse_args(struct auth_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"connect", required_argument, NULL, 'c'}, {"transport", required_argument, NULL, 't'},
		{"trust", required_argument, NULL, 'T'},   {"slot", required_argument, NULL, 's'},
		{"pci-ids", required_argument, NULL, 'p'}, {"ver", required_argument, NULL, 'v'},
		{"min-ver", required_argument, NULL, 'm'}, {"nonce", required_argument, NULL, 'n'},
		{"meas-summary", required_argument, NULL, 'S'},
		{"json", no_argument, NULL, 'j'},          {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	int c, rc;

	memset(o, 0, sizeof(*o));
	cspdm_config_defaults(&o->cfg);
	o->transport = CSPDM_TRANSPORT_MCTP;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			auth_usage(stdout);
			return 1;
		}
		rc = parse_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!o->connect)
		return usage_error("--connect HOST:PORT is required", NULL);
	if (o->cfg.min_version > o->cfg.max_version)
		return usage_error("--min-ver is above --ver", NULL);
	return 0;
}

/* ---- output ------------------------------------------------------------------------------- */

static const char *outcome_name(enum cspdm_auth_outcome o)
{
	switch (o) {
	case CSPDM_AUTH_TRUSTED:
		return "trusted";
	case CSPDM_AUTH_EVIDENCE_READY:
		return "evidence ready";
	default:
		return "failed";
	}
}

/* Calls fn for each DER certificate of an SPDM chain (header skipped). */
static void for_each_cert(const struct cspdm_result *r,
			  void (*fn)(void *arg, unsigned i, const uint8_t *der, size_t len),
			  void *arg)
{
	struct spdm_cert_chain cc;
	size_t off = 0, n;
	unsigned i = 0;

	if (spdm_dec_cert_chain(r->version, cspdm_hash_size(r->base_hash), r->cert_chain,
				r->cert_chain_len, &cc, NULL))
		return;
	while (off < cc.certs_len &&
	       !spdm_der_cert_len(cc.certs + off, cc.certs_len - off, &n, NULL)) {
		fn(arg, i++, cc.certs + off, n);
		off += n;
	}
}

static void print_cert(void *arg, unsigned i, const uint8_t *der, size_t len)
{
	char subject[256], san[512];

	(void)arg;
	if (cspdm_openssl_cert_summary(der, len, subject, sizeof(subject), san, sizeof(san)))
		return;
	printf("  [%u] %s (%zu bytes)\n", i, subject, len);
	if (san[0])
		printf("      SAN: %s\n", san);
}

static void json_cert(void *arg, unsigned i, const uint8_t *der, size_t len)
{
	char subject[256], san[512];
	json_t *o;

	(void)i;
	if (cspdm_openssl_cert_summary(der, len, subject, sizeof(subject), san, sizeof(san)))
		return;
	o = json_pack("{s:s, s:s, s:I}", "subject", subject, "san", san, "der_length",
		      (json_int_t)len);
	json_array_append_new(arg, o);
}

static void print_human(const struct auth_opts *o, const struct cspdm_result *r)
{
	char caps[512];

	cli_caps_string(r->rsp_caps, caps, sizeof(caps));
	printf("device        %s (transport %s)\n", o->connect,
	       cspdm_transport_name((enum cspdm_transport)o->transport));
	printf("version       SPDM %u.%u\n", r->version >> 4, r->version & 0xF);
	printf("capabilities  %s\n", caps);
	printf("              CTExponent %u", r->rsp_ct_exponent);
	if (r->version >= CSPDM_V12)
		printf(", DataTransferSize %u, MaxSPDMmsgSize %u", r->rsp_data_transfer_size,
		       r->rsp_max_msg_size);
	printf("\nalgorithms    %s, %s", cspdm_asym_name(r->base_asym),
	       cspdm_hash_name(r->base_hash));
	if (r->meas_hash)
		printf(", measurement hash 0x%x", r->meas_hash);
	printf("\nslots         provisioned mask 0x%02x, authenticated slot %u\n", r->slot_mask,
	       r->slot);
	printf("cert chain    %zu bytes:\n", r->cert_chain_len);
	for_each_cert(r, print_cert, NULL);
	printf("signature     %s over the %s transcript: verified\n",
	       cspdm_asym_name(r->base_asym), cspdm_hash_name(r->base_hash));
	if (o->cfg.expected_san)
		printf("PCIe CMA SAN  %s: matched\n", o->cfg.expected_san);
	printf("round trips   %u\n", r->round_trips);
	printf("outcome       %s%s\n", outcome_name(r->outcome),
	       r->outcome == CSPDM_AUTH_EVIDENCE_READY
		       ? " (no --trust given: chain and signature consistent, root not verified)"
		       : "");
}

static void hex(char *out, const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
	out[2 * n] = 0;
}

static json_t *json_error(const cspdm_error *e)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:i, s:s?, s:i}", "code",
			 cspdm_status_name(e->code), "message", cspdm_strerror(e->code), "request",
			 e->request_code ? cspdm_request_name(e->request_code) : NULL, "response",
			 e->response_code ? cspdm_request_name(e->response_code) : NULL, "field",
			 e->field, "offset", (int)e->offset, "device_error",
			 e->device_code ? cspdm_device_error_name(e->device_code) : NULL,
			 "device_error_data", (int)e->device_data);
}

static void print_json(const struct auth_opts *o, const struct cspdm_result *r,
		       const cspdm_error *e)
{
	char nonce[2 * CSPDM_NONCE_SIZE + 1], rnonce[2 * CSPDM_NONCE_SIZE + 1], caps[512];
	json_t *root, *certs = json_array();
	char *s;

	hex(nonce, r->requester_nonce, CSPDM_NONCE_SIZE);
	hex(rnonce, r->responder_nonce, CSPDM_NONCE_SIZE);
	cli_caps_string(r->rsp_caps, caps, sizeof(caps));
	if (r->outcome != CSPDM_AUTH_FAILED)
		for_each_cert(r, json_cert, certs);
	root = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:i, s:i, s:o, s:i}", "device",
			 o->connect, "transport",
			 cspdm_transport_name((enum cspdm_transport)o->transport), "outcome",
			 outcome_name(r->outcome), "capabilities", caps, "capability_flags",
			 (json_int_t)r->rsp_caps, "base_asym", cspdm_asym_name(r->base_asym),
			 "base_hash", cspdm_hash_name(r->base_hash), "slot", r->slot, "slot_mask",
			 r->slot_mask, "certificates", certs, "round_trips", (int)r->round_trips);
	if (r->version)
		json_object_set_new(root, "version",
				    json_sprintf("%u.%u", r->version >> 4, r->version & 0xF));
	if (r->outcome != CSPDM_AUTH_FAILED) {
		json_object_set_new(root, "requester_nonce", json_string(nonce));
		json_object_set_new(root, "responder_nonce", json_string(rnonce));
	}
	if (e)
		json_object_set_new(root, "error", json_error(e));
	s = json_dumps(root, JSON_INDENT(2));
	if (s)
		puts(s);
	free(s);
	json_decref(root);
}

/* ---- the command -------------------------------------------------------------------------- */

static int run(struct auth_opts *o, const struct cspdm_crypto_ops *ops)
{
	char host[256];
	uint16_t port;
	struct cspdm_emu_client *cl = NULL;
	struct cspdm_context *ctx = NULL;
	struct cspdm_result res;
	void *mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	cspdm_error cerr;
	cspdm_status st;
	int rc = 1;

	o->cfg.crypto = ops;
	o->cfg.cert_buf = malloc(CERT_CAP);
	o->cfg.cert_cap = CERT_CAP;
	o->cfg.rx_buf = malloc(RX_CAP);
	o->cfg.rx_cap = RX_CAP;
	memset(&cerr, 0, sizeof(cerr));
	st = cspdm_parse_hostport(o->connect, host, sizeof(host), &port);
	if (!st && (!mem || !o->cfg.cert_buf || !o->cfg.rx_buf))
		st = CSPDM_E_BUFFER_TOO_SMALL;
	if (!st)
		st = cspdm_init(&ctx, mem, cspdm_context_size(), &o->cfg);
	if (!st)
		st = cspdm_emu_connect(&cl, host, port, (enum cspdm_transport)o->transport);
	if (st) {
		cerr.code = st;
		if (o->json) {
			memset(&res, 0, sizeof(res));
			print_json(o, &res, &cerr);
		} else {
			cli_print_error(stderr, "cannot start", &cerr);
		}
		goto out;
	}
	st = cspdm_authenticate(ctx, cspdm_emu_io(cl));
	cspdm_get_result(ctx, &res);
	if (o->json)
		print_json(o, &res, st ? cspdm_last_error(ctx) : NULL);
	else if (st)
		cli_print_error(stderr, "authentication failed", cspdm_last_error(ctx));
	else
		print_human(o, &res);
	rc = st ? 1 : 0;
out:
	cspdm_emu_close(cl);
	if (ctx)
		cspdm_deinit(ctx);
	free(mem);
	free(o->cfg.cert_buf);
	free(o->cfg.rx_buf);
	return rc;
}

int cmd_authenticate(int argc, char **argv)
{
	struct auth_opts o;
	struct cspdm_openssl *ossl = NULL;
	int rc = parse_args(&o, argc, argv);

	if (rc)
		return rc == 1 ? 0 : rc;
	if (cspdm_openssl_new(&ossl, o.trust)) {
		fprintf(stderr, "cspdm authenticate: --trust %s: no certificate could be read\n",
			o.trust);
		return 2;
	}
	rc = run(&o, cspdm_openssl_ops(ossl));
	cspdm_openssl_free(ossl);
	return rc;
}
