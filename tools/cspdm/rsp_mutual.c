/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm responder --mut-auth: the device asks the requester to authenticate too. The
 * requester's chain is checked against --trust-requester (a trust store of its own, in its own
 * crypto backend object), and with --verbose the chain and every verified signature of the
 * requester are logged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "io/server.h"
#include "rsp_mutual.h"

#define REQ_CERT_CAP (64u * 1024u)

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "cspdm responder: %s%s%s\nTry 'cspdm responder --help'.\n", msg,
		arg ? ": " : "", arg ? arg : "");
	return 2;
}

static uint32_t mode_by_name(const char *s)
{
	return !strcmp(s, "basic")	? CSPDM_MUT_BASIC
	       : !strcmp(s, "encap")	? CSPDM_MUT_ENCAP
	       : !strcmp(s, "wo-encap") ? CSPDM_MUT_WO_ENCAP
	       : !strcmp(s, "digests")	? CSPDM_MUT_DIGESTS
					: 0;
}

int rsp_mutual_opt(struct rsp_mutual *m, int which, const char *arg)
{
	char *end;
	long v;

	switch (which) {
	case 0:
		m->mut_auth = (uint8_t)cli_mask_by_names(arg, mode_by_name);
		if (!m->mut_auth)
			return usage("--mut-auth: basic, encap, wo-encap, digests", arg);
		if (spdm_popcount8(m->mut_auth & 0x0E) > 1)
			return usage("--mut-auth: one of encap, wo-encap, digests at most", arg);
		return 0;
	case 1:
		m->trust = arg;
		return 0;
	case 2:
		v = strtol(arg, &end, 10);
		if (!*arg || *end || v < 0 || v > 7)
			return usage("--req-slot must be 0..7", arg);
		m->req_slot = (uint8_t)v;
		return 0;
	default:
		m->chain = arg;
		return 0;
	}
}

static void log_chain(void *priv, const struct cspdm_rsp_req_chain *c)
{
	char subject[256], san[256];
	const struct rsp_mutual *m = priv;

	if (!m->verbose)
		return;
	if (cspdm_openssl_cert_summary(c->certs, c->certs_len, subject, sizeof(subject), san,
				       sizeof(san)))
		snprintf(subject, sizeof(subject), "?");
	fprintf(stderr, "cspdm responder: requester chain, slot %u, %zu bytes, %s; root %s\n",
		c->slot, c->chain_len, c->trusted ? "trusted" : "not anchored (no trust store)",
		subject);
}

static void log_signature(void *priv, const struct cspdm_signature_evidence *ev)
{
	const struct rsp_mutual *m = priv;
	char hash[2 * CSPDM_MAX_HASH_SIZE + 1];
	size_t i, n = cspdm_hash_size(ev->base_hash);

	if (!m->verbose)
		return;
	for (i = 0; i < n; i++)
		snprintf(hash + 2 * i, 3, "%02x", ev->transcript_hash[i]);
	fprintf(stderr,
		"cspdm responder: requester signature verified: %s, slot %u, %s, %s over %s\n",
		ev->kind == CSPDM_SIG_FINISH ? "FINISH" : "CHALLENGE_AUTH (encapsulated)", ev->slot,
		cspdm_asym_name(ev->base_asym), cspdm_hash_name(ev->base_hash), hash);
}

static int load(struct rsp_mutual *m)
{
	cspdm_error err;
	cspdm_status st;

	memset(&err, 0, sizeof(err));
	st = cspdm_openssl_new_ex(&m->ossl, m->trust, NULL, NULL, &err);
	if (st) {
		fprintf(stderr, "cspdm responder: --trust-requester %s: %s\n", m->trust,
			cspdm_strerror(st));
		return 1;
	}
	if (m->chain && (st = cspdm_identity_load_certs(m->chain, &m->known))) {
		fprintf(stderr, "cspdm responder: --requester-chain %s: %s\n", m->chain,
			cspdm_strerror(st));
		return 1;
	}
	m->cert_buf = malloc(REQ_CERT_CAP);
	return m->cert_buf ? 0 : 1;
}

int rsp_mutual_setup(struct rsp_mutual *m, struct cspdm_responder_config *rc, int verbose)
{
	if (!m->mut_auth && (m->trust || m->chain))
		return usage("--trust-requester and --requester-chain go with --mut-auth", NULL);
	if (!m->mut_auth)
		return 0;
	if (!m->trust)
		return usage("--mut-auth needs --trust-requester PATH", NULL);
	if (load(m))
		return 1;
	m->verbose = verbose;
	rc->caps |= SPDM_CAP_MUT_AUTH | SPDM_CAP_ENCAP;
	rc->mut_auth = m->mut_auth;
	rc->req_slot = m->req_slot;
	rc->req_crypto = cspdm_openssl_ops(m->ossl);
	rc->req_cert_buf = m->cert_buf;
	rc->req_cert_cap = REQ_CERT_CAP;
	rc->req_certs = m->known.chain;
	rc->req_certs_len = m->known.chain_len;
	rc->on_req_chain = log_chain;
	rc->on_req_signature = log_signature;
	rc->on_req_priv = m;
	return 0;
}

int rsp_mutual_oob(struct cspdm_responder *r, int verbose, uint32_t command, const uint8_t *p,
		   size_t len)
{
	uint32_t sid = 0;
	cspdm_status st;

	if (command != CSPDM_EMU_CMD_OOB_ENCAP_KEY_UPDATE || len != sizeof(sid))
		return -1;
	memcpy(&sid, p, sizeof(sid)); /* host order, as spdm_requester_emu sends it */
	st = cspdm_responder_encap_key_update(r, sid);
	if (verbose)
		fprintf(stderr, "cspdm responder: OOB_ENCAP_KEY_UPDATE, session 0x%08x: %s\n", sid,
			st ? cspdm_strerror(st) : "KEY_UPDATE through the encapsulated flow");
	return st ? -1 : 0;
}

void rsp_mutual_free(struct rsp_mutual *m)
{
	cspdm_identity_free(&m->known);
	cspdm_openssl_free(m->ossl);
	free(m->cert_buf);
	m->ossl = NULL;
	m->cert_buf = NULL;
}
