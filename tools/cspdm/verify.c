/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm verify: re-check offline, with no device, either an evidence bundle (evidence.h:
 * chain, signatures over their transcripts, nonces, measurements, policy) or a capture of an
 * SPDM conversation (pcap, MCTP or PCI DOE): every CHALLENGE_AUTH, MEASUREMENTS and
 * KEY_EXCHANGE_RSP signature in it is verified by the passive observer; secured messages are
 * counted per session, not decrypted.
 */
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcap_file.h"
#include "cli.h"
#include "crypto/openssl_priv.h"
#include "identity_file.h"
#include "core/observer.h"
#include "crypto/crypto.h"
#include "cspdm/transport.h"
#include "evidence/evidence.h"
#include "verify_psk.h"

#define OBS_CHAIN_CAP (64u * 1024u)

struct verify_opts {
	const char *dir;
	const char *pcap;
	const char *trust;
	const char *policy;
	const char *expected_san;
	const char *identity; /* --pcap: a saved identity's key for a chain not in the capture */
	int json;
	int have_nonce;
	uint8_t nonce[CSPDM_NONCE_SIZE];
	char san[160];
	struct verify_psk psk; /* --psk */
};

static void verify_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: cspdm verify DIR [--trust PATH] [--nonce HEX] [--policy FILE]\n"
	    "                        [--pci-ids IDS] [--json]\n"
	    "       cspdm verify --pcap FILE [--certs PATH] [--identity FILE] [--json]\n"
	    "                    [--psk HEX [--psk-hint HEX]]\n\n"
	    "Re-check evidence offline, with no device.\n\n"
	    "DIR is an evidence bundle (certificates/, signatures/, measurements/,\n"
	    "evidence.json): every certificate chain (RootHash, X.509 policy, trust), every\n"
	    "signature (CHALLENGE_AUTH, MEASUREMENTS, a session's KEY_EXCHANGE_RSP) over its\n"
	    "transcript and nonces (KEY_EXCHANGE_RSP: both RandomData), that every measurement\n"
	    "block is covered by a verified MEASUREMENTS signature, and the reference policy.\n\n"
	    "With --pcap, a capture of an SPDM conversation (pcap link type 291 MCTP or 292\n"
	    "PCI DOE) is decoded message by message, and every CHALLENGE_AUTH, MEASUREMENTS and\n"
	    "KEY_EXCHANGE_RSP signature in it is verified against the certificate chain it\n"
	    "carries. Secured messages are counted per session; without the session keys\n"
	    "they are not decrypted, which is not a failure.\n\n"
	    "options:\n"
	    "  --trust PATH     trusted roots: a PEM or DER file, or a directory of them (*.pem,\n"
	    "                   *.crt, *.cer, *.cert, *.der); the chains must anchor there\n"
	    "                   (without it: root not checked)\n"
	    "  --certs PATH     the same as --trust (the usual name with --pcap)\n"
	    "  --nonce HEX      the requester nonce every CHALLENGE_AUTH and MEASUREMENTS\n"
	    "                   signature must carry (64 hex digits)\n"
	    "  --policy FILE    reference measurements: a JSON object mapping an index\n"
	    "                   (decimal string) to its expected value (hex), e.g.\n"
	    "                   {\"1\": \"a1b2...\", \"3\": \"00ff...\"}\n"
	    "  --pci-ids IDS    require the PCIe CMA SAN for these IDs (hex):\n"
	    "                   vendor:device:class:rev[:ssvid:ssid[:dsn]]\n"
	    "  --pcap FILE      verify a capture instead of a bundle\n"
	    "  --identity FILE  with --pcap: the device's saved identity (cspdm authenticate\n"
	    "                   --save-identity), for a capture without its certificate chain\n"
	    "                   (cspdm revalidate skips GET_CERTIFICATE)\n"
	    "  --psk HEX        with --pcap: the PSK of its PSK sessions; every key is derived,\n"
	    "                   every verify data checked, every secured message opened and\n"
	    "                   what it carries decoded\n"
	    "  --psk-hint HEX   only the PSK sessions that name this hint (default: all)\n"
	    "  --json           print the result as JSON\n"
	    "  -h, --help       this text\n\n"
	    "exit status: 0 verified, 1 verification failed, 2 usage error\n");
}

static int usage_error(const char *msg, const char *arg)
{
	fprintf(stderr, "cspdm verify: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	fprintf(stderr, "Try 'cspdm verify --help'.\n");
	return 2;
}

static int parse_opt(struct verify_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'T':
	case 'C':
		o->trust = arg;
		return 0;
	case 'n':
		if (cli_parse_hex(arg, o->nonce, CSPDM_NONCE_SIZE))
			return usage_error("nonce must be 64 hex digits", arg);
		o->have_nonce = 1;
		return 0;
	case 'P':
		o->policy = arg;
		return 0;
	case 'p':
		if (cli_pci_ids_to_san(arg, o->san, sizeof(o->san)))
			return usage_error(
			    "bad --pci-ids (vendor:device:class:rev[:ssvid:ssid[:dsn]])", arg);
		o->expected_san = o->san;
		return 0;
	case 'c':
		o->pcap = arg;
		return 0;
	case 'I':
		o->identity = arg;
		return 0;
	case 'j':
		o->json = 1;
		return 0;
	case 'K':
	case 'Q':
		return vpsk_opt(&o->psk, c, (char *)(uintptr_t)arg); /* argv: ours to overwrite */
	default:
		return usage_error("invalid option", NULL);
	}
}

static int check_args(struct verify_opts *o, int argc, char **argv)
{
	if (o->pcap) {
		if (optind < argc)
			return usage_error("--pcap takes no bundle directory", argv[optind]);
		if (o->have_nonce || o->policy || o->expected_san)
			return usage_error("--nonce, --policy and --pci-ids apply to a bundle",
					   NULL);
		return o->psk.have_hint && !o->psk.psk_len
			   ? usage_error("--psk-hint needs --psk", NULL)
			   : 0;
	}
	if (o->identity || o->psk.psk_len)
		return usage_error("--identity and --psk apply to --pcap", NULL);
	if (optind >= argc)
		return usage_error("a bundle directory (or --pcap FILE) is required", NULL);
	if (optind + 1 < argc)
		return usage_error("unexpected argument", argv[optind + 1]);
	o->dir = argv[optind];
	return 0;
}

/* 0 to go on, 1 after --help, 2 on a usage error. */
static int parse_args(struct verify_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {{"trust", required_argument, NULL, 'T'},
						 {"certs", required_argument, NULL, 'C'},
						 {"nonce", required_argument, NULL, 'n'},
						 {"policy", required_argument, NULL, 'P'},
						 {"pci-ids", required_argument, NULL, 'p'},
						 {"pcap", required_argument, NULL, 'c'},
						 {"identity", required_argument, NULL, 'I'},
						 {"json", no_argument, NULL, 'j'},
						 VERIFY_PSK_OPTIONS,
						 {"help", no_argument, NULL, 'h'},
						 {NULL, 0, NULL, 0}};
	int c, rc;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			verify_usage(stdout);
			return 1;
		}
		rc = parse_opt(o, c, optarg);
		if (rc)
			return rc;
	}
	return check_args(o, argc, argv);
}

/* ---- output ---------------------------------------------------------------------------------- */

static json_t *json_error(const cspdm_error *e)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:i}", "code", cspdm_status_name(e->code),
			 "message", cspdm_strerror(e->code), "request",
			 e->request_code ? cspdm_request_name(e->request_code) : NULL, "response",
			 e->response_code ? cspdm_request_name(e->response_code) : NULL, "field",
			 e->field, "offset", (int)e->offset);
}

static void print_json(json_t *root)
{
	char *s = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

	if (s)
		puts(s);
	free(s);
	json_decref(root);
}

/* The report's lines as a JSON array. */
static json_t *json_lines(const char *text)
{
	json_t *arr = json_array();
	const char *p = text, *nl;

	while (arr && p && *p) {
		nl = strchr(p, '\n');
		json_array_append_new(arr, json_stringn(p, nl ? (size_t)(nl - p) : strlen(p)));
		p = nl ? nl + 1 : NULL;
	}
	return arr;
}

/* ---- a bundle -------------------------------------------------------------------------------- */

static void bundle_json(const struct verify_opts *o, cspdm_status st, const cspdm_error *e,
			int trusted, const char *report)
{
	json_t *root =
	    json_pack("{s:s, s:s, s:b, s:o}", "bundle", o->dir, "result",
		      st ? "failed" : "verified", "trusted", trusted, "checks", json_lines(report));

	if (root && st)
		json_object_set_new(root, "error", json_error(e));
	print_json(root);
}

static void bundle_human(const struct verify_opts *o, cspdm_status st, const cspdm_error *e,
			 int trusted)
{
	if (st) {
		cli_print_error(stderr, "verification failed", e);
		return;
	}
	printf("bundle %s: verified%s\n", o->dir,
	       trusted ? ", chain trusted" : " (no --trust given: root not checked)");
}

static int run_bundle(const struct verify_opts *o)
{
	struct cspdm_verify_opts vo;
	cspdm_error err;
	char *report = NULL;
	size_t report_len = 0;
	int trusted = 0;
	cspdm_status st;

	memset(&vo, 0, sizeof(vo));
	vo.trust = o->trust;
	vo.nonce = o->have_nonce ? o->nonce : NULL;
	vo.policy = o->policy;
	vo.expected_san = o->expected_san;
	vo.report = o->json ? open_memstream(&report, &report_len) : stdout;
	st = cspdm_verify_bundle(o->dir, &vo, &err, &trusted);
	if (o->json) {
		if (vo.report)
			fclose(vo.report);
		bundle_json(o, st, &err, trusted, report);
	} else {
		bundle_human(o, st, &err, trusted);
	}
	free(report);
	return st ? 1 : 0;
}

/* ---- a capture ------------------------------------------------------------------------------- */

struct capture {
	unsigned packets, spdm, bad_packet;
	cspdm_status st;
	cspdm_error err;
	struct cspdm_observer obs;
	uint8_t chunks[OBS_CHAIN_CAP]; /* large messages (chunks), put together */
	struct verify_psk *psk;	       /* --psk: the PSK sessions opened too */
};

/* Feed every SPDM and secured message of the capture to the observer; stops at the first
 * failure. Other packets (DOE discovery) are skipped. */
static void replay(struct cspdm_pcap *p, int lt, struct capture *c)
{
	enum cspdm_msg_kind kind;
	const uint8_t *pkt, *msg;
	size_t len, mlen;
	uint32_t pad;

	while (!c->st && cspdm_pcap_next(p, &pkt, &len) == 1) {
		c->packets++;
		if (cspdm_capture_message_kind(lt, pkt, len, &kind, &msg, &mlen, &pad)) {
			/* neither SPDM nor secured: DOE discovery, or (with --psk) an error */
			if (c->psk && (c->st = vpsk_unclassified(c->psk, lt, pkt, len)))
				c->obs.err = *vpsk_error(c->psk);
			continue;
		}
		c->spdm += kind == CSPDM_MSG_SPDM;
		c->st = kind == CSPDM_MSG_SPDM ? cspdm_obs_message(&c->obs, msg, mlen, pad)
					       : cspdm_obs_secured(&c->obs, msg, mlen);
		if (!c->st && c->psk && (c->st = vpsk_message(c->psk, kind, msg, mlen, pad)))
			c->obs.err = *vpsk_error(c->psk);
	}
	if (c->st) {
		c->bad_packet = c->packets;
		c->err = c->obs.err;
		c->err.code = c->st;
	}
}

/* What was verified: signatures, or PSK sessions (their keys and verify data). */
static unsigned capture_sigs(const struct capture *c)
{
	return c->obs.challenges + c->obs.signed_measurements + c->obs.kx_verified +
	       (c->psk && vpsk_verified(c->psk));
}

static json_t *json_sessions(const struct cspdm_observer *obs)
{
	json_t *arr = json_array();
	char id[16];
	uint32_t i;

	for (i = 0; arr && i < obs->nsessions; i++) {
		(void)snprintf(id, sizeof(id), "0x%08x", obs->sessions[i].id);
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:i, s:b}", "session_id", id, "opened_by",
			      obs->sessions[i].key_exchange ? "KEY_EXCHANGE" : "other",
			      "secured_messages", (int)obs->sessions[i].secured, "decrypted", 0));
	}
	return arr;
}

/* The session part of the JSON report. */
static int json_session_counts(json_t *root, const struct cspdm_observer *obs)
{
	json_t *kx = json_pack("{s:i, s:i, s:i}", "responses", (int)obs->key_exchanges,
			       "signatures_verified", (int)obs->kx_verified, "chain_not_seen",
			       (int)obs->kx_chain_not_seen);

	return json_object_set_new(root, "key_exchange_rsp", kx) ||
	       json_object_set_new(root, "finish_in_clear", json_integer(obs->finishes)) ||
	       json_object_set_new(root, "secured_messages", json_integer(obs->secured)) ||
	       json_object_set_new(root, "sessions", json_sessions(obs)) ||
	       json_object_set_new(root, "passed_over", json_integer(obs->passed_over));
}

static void capture_json(const struct verify_opts *o, const struct capture *c)
{
	int ok = !c->st && capture_sigs(c) > 0;
	json_t *root =
	    json_pack("{s:s, s:s, s:b, s:i, s:i, s:i, s:i, s:i}", "capture", o->pcap, "result",
		      ok ? "verified" : "failed", "trusted", ok && o->trust, "packets",
		      (int)c->packets, "spdm_messages", (int)c->spdm, "challenge_auth_verified",
		      (int)c->obs.challenges, "measurements", (int)c->obs.measurements,
		      "measurement_signatures_verified", (int)c->obs.signed_measurements);

	if (root)
		json_session_counts(root, &c->obs);
	if (root && c->psk)
		vpsk_json(c->psk, root);
	if (root && c->st) {
		json_object_set_new(root, "error", json_error(&c->err));
		json_object_set_new(root, "packet", json_integer(c->bad_packet));
	}
	print_json(root);
}

static void sessions_human(const struct cspdm_observer *obs)
{
	uint32_t i;

	printf("KEY_EXCHANGE_RSP signatures verified: %u (of %u KEY_EXCHANGE_RSP responses)\n",
	       obs->kx_verified, obs->key_exchanges);
	if (obs->kx_chain_not_seen)
		printf("KEY_EXCHANGE_RSP signatures not checked: %u (chain not seen in the "
		       "capture)\n",
		       obs->kx_chain_not_seen);
	if (obs->finishes)
		printf("FINISH/FINISH_RSP in the clear: %u decoded (HMACs need the session "
		       "keys: not checkable)\n",
		       obs->finishes);
	if (!obs->nsessions)
		return;
	printf("sessions: %u seen%s, %u secured messages, not decrypted (no session keys)\n",
	       obs->nsessions, obs->sessions_full ? " (and more)" : "", obs->secured);
	for (i = 0; i < obs->nsessions; i++)
		printf("  session 0x%08x (%s): %u secured messages, not decrypted\n",
		       obs->sessions[i].id,
		       obs->sessions[i].key_exchange ? "KEY_EXCHANGE" : "handshake not followed",
		       obs->sessions[i].secured);
}

static void capture_human(const struct verify_opts *o, const struct capture *c)
{
	printf("capture %s: %u packets, %u SPDM messages\n", o->pcap, c->packets, c->spdm);
	printf("CHALLENGE_AUTH signatures verified: %u\n", c->obs.challenges);
	printf("MEASUREMENTS signatures verified: %u (of %u MEASUREMENTS responses)\n",
	       c->obs.signed_measurements, c->obs.measurements);
	sessions_human(&c->obs);
	if (c->obs.passed_over)
		printf("messages passed over (not followed): %u\n", c->obs.passed_over);
	if (c->psk)
		vpsk_human(c->psk);
	if (c->st) {
		fprintf(stderr, "cspdm: packet %u:\n", c->bad_packet);
		cli_print_error(stderr, "capture verification failed", &c->err);
	} else if (!capture_sigs(c)) {
		fprintf(stderr, "cspdm: verify: no signature found in the capture%s\n",
			c->psk ? ", nor a PSK session" : "");
	} else {
		printf("result: verified%s\n", o->identity ? " with the key of the saved identity"
					       : o->trust
						   ? ", chains trusted"
						   : " (no --certs given: roots not checked)");
	}
}

/* --identity: the saved key and chain digest, for the observer to verify signatures with. */
static int known_identity(const struct verify_opts *o, struct cspdm_observer *obs)
{
	struct cli_identity *id = calloc(1, sizeof(*id));
	const char *why = NULL;
	int rc = -1;

	if (!id)
		return -1;
	if (cli_identity_load(id, o->identity, &why))
		fprintf(stderr, "cspdm verify: --identity %s: %s\n", o->identity,
			why ? why : "not a saved identity");
	else if (cspdm_obs_known_key(obs, id->known.slot, id->known.pubkey, id->known.chain_digest,
				     cspdm_hash_size(id->known.base_hash)) == CSPDM_OK)
		rc = 0;
	if (rc)
		cspdm_openssl_free_key(id->known.pubkey);
	free(id);
	return rc;
}

static int replay_and_report(const struct verify_opts *o, struct cspdm_pcap *p, int lt,
			     struct capture *c)
{
	replay(p, lt, c);
	if (o->json)
		capture_json(o, c);
	else
		capture_human(o, c);
	return !c->st && capture_sigs(c) > 0 ? 0 : 1;
}

static int verify_capture(struct verify_opts *o, const struct cspdm_crypto_ops *ops)
{
	char why[256];
	uint8_t *chain = malloc(OBS_CHAIN_CAP);
	struct capture *c = calloc(1, sizeof(*c));
	struct cspdm_pcap *p = NULL;
	int lt = -1, rc = 1;

	if (cspdm_pcap_open(&p, o->pcap, &lt, NULL, why, sizeof(why)))
		fprintf(stderr, "cspdm verify: %s: %s\n", o->pcap, why);
	else if (lt != CSPDM_LINKTYPE_MCTP && lt != CSPDM_LINKTYPE_PCI_DOE)
		fprintf(stderr,
			"cspdm verify: %s: link type %d is neither MCTP (291) nor PCI DOE "
			"(292)\n",
			o->pcap, lt);
	else if (!chain || !c)
		fprintf(stderr, "cspdm verify: out of memory\n");
	else
		rc = 0;
	if (!rc) {
		cspdm_obs_init(&c->obs, ops, chain, OBS_CHAIN_CAP);
		cspdm_obs_chunk_storage(&c->obs, c->chunks, sizeof(c->chunks));
		rc = o->identity && known_identity(o, &c->obs) ? 2 : 0;
		c->psk = o->psk.psk_len ? &o->psk : NULL;
		if (!rc && c->psk)
			rc = vpsk_begin(c->psk, &c->obs, lt) ? 2 : 0;
		if (!rc)
			rc = replay_and_report(o, p, lt, c);
		if (c->psk)
			vpsk_end(c->psk);
		cspdm_obs_deinit(&c->obs);
	}
	cspdm_pcap_close(p);
	free(c);
	free(chain);
	return rc;
}

/* ---- the command ----------------------------------------------------------------------------- */

int cmd_verify(int argc, char **argv)
{
	struct verify_opts o;
	struct cspdm_openssl *ossl = NULL;
	char where[PATH_MAX + 64];
	cspdm_error err;
	int rc = parse_args(&o, argc, argv);

	if (rc) {
		vpsk_end(&o.psk);
		return rc == 1 ? 0 : rc;
	}
	/* the trust store is read here too, so that a bad --trust is a usage error */
	if (cli_open_trust("verify", o.trust, &ossl, &err, where, sizeof(where))) {
		cli_print_error(stderr, "verify", &err);
		vpsk_end(&o.psk);
		return 2;
	}
	rc = o.pcap ? verify_capture(&o, cspdm_openssl_ops(ossl)) : run_bundle(&o);
	cspdm_openssl_free(ossl);
	return rc;
}
