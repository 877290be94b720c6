/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secure sessions, our requester against our responder in-process through a struct cspdm_io
 * that carries both kinds of message: every version 1.1-1.4 over NONE, MCTP and PCI DOE, every
 * DHE group and AEAD, both handshake modes, MAC-only, several sessions on one connection, the
 * session limit, the evidence of KEY_EXCHANGE_RSP, and records that do not open; application
 * messages of other MCTP types in a session (DSP0275): PLDM (DSP0240) answered, others refused.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"
#include "core/transcript.h"
#include "core/secured.h"
#include "core/session_ctx.h"

#define MAX_SESS 4
#define MSG_CAP	 8192

struct fix {
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	struct cspdm_identity id;
	struct cspdm_responder_config rc;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096];
	uint64_t sess_mem[MAX_SESS][256];
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	uint64_t ctx_mem[1024];
	struct cspdm_session *s[3];
	uint64_t s_mem[3][256];
	uint8_t tx[3][MSG_CAP];
	uint8_t cert[65536], rx[MSG_CAP], meas[16384], transcript[65536];
	/* the in-process link */
	struct cspdm_io io;
	enum cspdm_transport t;
	uint8_t reply[MSG_CAP], req_copy[MSG_CAP];
	size_t reply_len;
	enum cspdm_msg_kind reply_kind;
	int flip_reply, flip_request; /* flip a byte of the next secured reply / request */
	unsigned ke_sigs;
	struct cspdm_signature_evidence ke_ev;
	uint8_t ke_transcript[4096];
	struct cspdm_rsp_pldm pldm; /* with pldm_on: the responder answers PLDM */
	int pldm_on;
};

static struct fix fx;

static cspdm_status link_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct fix *f = priv;
	uint32_t pad = f->t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	int secured = kind == CSPDM_MSG_SECURED;

	assert_true(len <= sizeof(f->req_copy));
	memcpy(f->req_copy, msg, len);
	if (secured && f->flip_request) {
		f->req_copy[len - 1] ^= 0x01;
		f->flip_request = 0;
	}
	/* NONE cannot mark records: the responder tells them by their session ID */
	if (!secured && f->t == CSPDM_TRANSPORT_NONE &&
	    cspdm_responder_is_secured(f->rsp, f->req_copy, len))
		secured = 1;
	f->reply_len = secured ? cspdm_responder_process_secured(f->rsp, f->req_copy, len, pad,
								 f->reply, sizeof(f->reply))
			       : cspdm_responder_process(f->rsp, f->req_copy, len, pad, f->reply,
							 sizeof(f->reply));
	f->reply_kind =
	    secured && f->t != CSPDM_TRANSPORT_NONE ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	if (secured && f->flip_reply && f->reply_len) {
		f->reply[f->reply_len - 1] ^= 0x80;
		f->flip_reply = 0;
	}
	return CSPDM_OK;
}

static cspdm_status link_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct fix *f = priv;

	(void)timeout_us;
	if (!f->reply_len)
		return CSPDM_E_TIMEOUT; /* the responder dropped it */
	if (f->reply_kind != CSPDM_MSG_SPDM && !kind)
		return CSPDM_E_TRANSPORT;
	assert_true(f->reply_len <= cap);
	memcpy(buf, f->reply, f->reply_len);
	*len = f->reply_len;
	if (kind)
		*kind = f->reply_kind;
	return CSPDM_OK;
}

static void link_sleep(void *priv, uint64_t us)
{
	(void)priv;
	(void)us;
}

static void on_sig(void *priv, const struct cspdm_signature_evidence *ev)
{
	struct fix *f = priv;

	if (ev->kind != CSPDM_SIG_KEY_EXCHANGE_RSP)
		return;
	f->ke_sigs++;
	f->ke_ev = *ev;
	assert_true(ev->transcript_len <= sizeof(f->ke_transcript));
	memcpy(f->ke_transcript, ev->transcript, ev->transcript_len);
}

static int group_setup(void **state)
{
	(void)state;
	assert_int_equal(cspdm_openssl_new(&fx.ossl, NULL), CSPDM_OK);
	fx.ops = cspdm_openssl_ops(fx.ossl);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, NULL, 0, &fx.id), CSPDM_OK);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	cspdm_identity_free(&fx.id);
	cspdm_openssl_free(fx.ossl);
	return 0;
}

/* A responder with sessions (caps: the session set, minus drop) and a requester context. */
static void start(enum cspdm_transport t, uint8_t ver, uint32_t drop)
{
	struct cspdm_rsp_slot slot = {fx.id.chain, fx.id.chain_len, fx.id.key};

	fx.t = t;
	cspdm_responder_config_defaults(&fx.rc);
	fx.rc.crypto = fx.ops;
	fx.rc.base_asym = CSPDM_ASYM_ECDSA_P256;
	fx.rc.max_version = ver;
	fx.rc.caps = (fx.rc.caps | CSPDM_RSP_CAPS_SESSIONS) & ~drop;
	fx.rc.slots[0] = slot;
	fx.rc.session_mem = fx.sess_mem;
	fx.rc.session_count = 2;
	fx.rc.heartbeat_period = 30;
	cspdm_transport_secured_binding(t, &fx.rc.binding);
	if (fx.pldm_on) {
		fx.rc.app_message = cspdm_responder_pldm;
		fx.rc.app_priv = &fx.pldm;
	}
	assert_int_equal(cspdm_responder_init(&fx.rsp, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_OK);
	cspdm_config_defaults(&fx.cfg);
	fx.cfg.crypto = fx.ops;
	fx.cfg.cert_buf = fx.cert;
	fx.cfg.cert_cap = sizeof(fx.cert);
	fx.cfg.rx_buf = fx.rx;
	fx.cfg.rx_cap = sizeof(fx.rx);
	fx.cfg.meas_buf = fx.meas;
	fx.cfg.meas_cap = sizeof(fx.meas);
	fx.cfg.transcript_buf = fx.transcript;
	fx.cfg.transcript_cap = sizeof(fx.transcript);
	fx.cfg.on_signature = on_sig;
	fx.cfg.on_signature_priv = &fx;
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	memset(&fx.io, 0, sizeof(fx.io));
	fx.io.priv = &fx;
	fx.io.send = link_send;
	fx.io.recv = link_recv;
	fx.io.sleep_us = link_sleep;
	fx.io.max_pad = t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	fx.io.has_secured = 1;
	cspdm_transport_secured_binding(t, &fx.io.secured);
	fx.ke_sigs = 0;
}

static struct cspdm_session *new_session(unsigned i, uint8_t sm_versions)
{
	struct cspdm_session_config sc;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = fx.tx[i];
	sc.tx_cap = sizeof(fx.tx[i]);
	sc.sm_versions = sm_versions;
	assert_int_equal(
	    cspdm_session_init(&fx.s[i], fx.s_mem[i], sizeof(fx.s_mem[i]), fx.ctx, &sc), CSPDM_OK);
	return fx.s[i];
}

static void stop(void)
{
	unsigned i;

	for (i = 0; i < 3; i++)
		cspdm_session_deinit(fx.s[i]);
	memset(fx.s, 0, sizeof(fx.s));
	cspdm_deinit(fx.ctx);
	cspdm_responder_deinit(fx.rsp);
}

/* Everything a session does, in order; with no chain known (a PSK session after VCA alone)
 * the measurements are unsigned and there is no chain to fetch again. */
static void run_session(struct cspdm_session *s, int chain)
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, (uint8_t)chain, 0};
	struct cspdm_meas_result m;
	struct cspdm_session_info i;

	assert_int_equal(cspdm_session_open(s, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 1);
	assert_int_equal(cspdm_session_heartbeat(s, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_key_update(s, &fx.io, CSPDM_KEY_UPDATE_KEY), CSPDM_OK);
	assert_int_equal(cspdm_session_key_update(s, &fx.io, CSPDM_KEY_UPDATE_ALL_KEYS), CSPDM_OK);
	assert_int_equal(cspdm_session_heartbeat(s, &fx.io), CSPDM_OK); /* under the new keys */
	assert_int_equal(cspdm_session_measure(s, &fx.io, &q), CSPDM_OK);
	assert_int_equal(cspdm_get_meas_result(fx.ctx, &m), CSPDM_OK);
	assert_true(m.blocks > 0);
	assert_int_equal(m.signatures, chain ? m.blocks : 0);
	if (chain)
		assert_int_equal(cspdm_session_get_chain(s, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_get_info(s, &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_OPEN);
	assert_int_equal(i.key_updates, 2);
	assert_int_equal(cspdm_session_end(s, &fx.io, 1), CSPDM_OK);
	assert_int_equal(cspdm_session_get_info(s, &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_ENDED);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
}

static void full_session(struct cspdm_session *s)
{
	run_session(s, 1);
}

static void test_versions_and_transports(void **state)
{
	static const enum cspdm_transport ts[] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
						  CSPDM_TRANSPORT_PCI_DOE};
	struct cspdm_session_info i;
	uint8_t v;
	unsigned t;

	(void)state;
	for (v = CSPDM_V11; v <= CSPDM_V14; v++)
		for (t = 0; t < 3; t++) {
			start(ts[t], v, 0);
			assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
			full_session(new_session(0, 0));
			assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
			assert_int_equal(i.sm_version, CSPDM_SM_VERSION_12); /* the best shared */
			assert_int_equal(i.in_clear, 1);
			assert_int_equal(i.heartbeat_period, 30);
			assert_int_equal(fx.ke_sigs, 1);
			stop();
		}
}

static void test_algorithms(void **state)
{
	static const uint16_t dhe[] = {CSPDM_DHE_SECP256R1,  CSPDM_DHE_SECP384R1,
				       CSPDM_DHE_SECP521R1,  CSPDM_DHE_FFDHE_2048,
				       CSPDM_DHE_FFDHE_3072, CSPDM_DHE_FFDHE_4096};
	static const uint16_t aead[] = {CSPDM_AEAD_AES_128_GCM, CSPDM_AEAD_AES_256_GCM,
					CSPDM_AEAD_CHACHA20_POLY1305};
	struct cspdm_session_info i;
	unsigned d;

	(void)state;
	for (d = 0; d < 6; d++) {
		start(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0);
		fx.cfg.dhe = dhe[d];
		fx.cfg.aead = aead[d % 3];
		cspdm_deinit(fx.ctx);
		assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg),
				 CSPDM_OK);
		assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
		full_session(new_session(0, 0));
		assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
		assert_int_equal(i.dhe, dhe[d]);
		assert_int_equal(i.aead, aead[d % 3]);
		stop();
	}
}

/* The handshake encrypted (no HANDSHAKE_IN_THE_CLEAR), and MAC-only records. */
static void test_modes(void **state)
{
	struct cspdm_session_info i;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V12, SPDM_CAP_HANDSHAKE_IN_CLEAR);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	full_session(new_session(0, 0));
	assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
	assert_int_equal(i.in_clear, 0);
	stop();
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V13, SPDM_CAP_ENCRYPT);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	full_session(new_session(0, 0));
	assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
	assert_int_equal(i.mac_only, 1);
	stop();
}

/* The requester offers one secured-message version at a time; the responder takes it. */
static void test_sm_versions(void **state)
{
	static const uint16_t want[] = {CSPDM_SM_VERSION_10, CSPDM_SM_VERSION_11,
					CSPDM_SM_VERSION_12};
	struct cspdm_session_info i;
	unsigned b;

	(void)state;
	for (b = 0; b < 3; b++) {
		start(CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0);
		assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
		full_session(new_session(0, (uint8_t)(1u << b)));
		assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
		assert_int_equal(i.sm_version, want[b]);
		stop();
	}
}

/* Two sessions at once on one connection, interleaved, and the limit of two. */
static void test_several_sessions(void **state)
{
	struct cspdm_session_info a, b;
	const cspdm_error *e;

	(void)state;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(1, 0), &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 2);
	cspdm_session_get_info(fx.s[0], &a);
	cspdm_session_get_info(fx.s[1], &b);
	assert_int_not_equal(a.session_id, b.session_id);
	assert_int_equal(cspdm_session_heartbeat(fx.s[1], &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_key_update(fx.s[0], &fx.io, CSPDM_KEY_UPDATE_ALL_KEYS),
			 CSPDM_OK);
	assert_int_equal(cspdm_session_heartbeat(fx.s[1], &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_heartbeat(fx.s[0], &fx.io), CSPDM_OK);
	/* the third is over the responder's limit */
	assert_int_equal(cspdm_session_open(new_session(2, 0), &fx.io), CSPDM_E_DEVICE_ERROR);
	e = cspdm_session_last_error(fx.s[2]);
	assert_int_equal(e->device_code, SPDM_ERR_SESSION_LIMIT_EXCEEDED);
	assert_int_equal(e->request_code, SPDM_KEY_EXCHANGE);
	stop();
}

/* No CHALLENGE first: the session fetches the chain and KEY_EXCHANGE_RSP authenticates. */
static void test_open_without_challenge(void **state)
{
	struct cspdm_result r;

	(void)state;
	start(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V14, 0);
	full_session(new_session(0, 0));
	assert_int_equal(cspdm_get_result(fx.ctx, &r), CSPDM_OK);
	assert_int_equal(r.outcome, CSPDM_AUTH_EVIDENCE_READY); /* no trust store given */
	assert_true(r.cert_chain_len > 0);
	stop();
}

/* The KEY_EXCHANGE_RSP evidence: its transcript hashes to the signed digest, and the
 * signature verifies over it with the leaf key, prefix included. */
static void test_evidence(void **state)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	struct cspdm_x509_params xp = {CSPDM_ASYM_ECDSA_P256, NULL, 0};
	struct cspdm_x509_result xr = {0, NULL};
	uint32_t bad = 0;
	void *leaf;

	(void)state;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
	assert_int_equal(fx.ke_sigs, 1);
	assert_true(fx.ke_ev.transcript_len > 0);
	assert_int_equal(fx.ke_ev.combined_prefix_len, 100);
	assert_string_equal(fx.ke_ev.context, "responder-key_exchange_rsp signing");
	assert_int_equal(cspdm_hash_oneshot(fx.ops, fx.ke_ev.base_hash, fx.ke_transcript,
					    fx.ke_ev.transcript_len, digest),
			 CSPDM_OK);
	assert_memory_equal(digest, fx.ke_ev.transcript_hash, cspdm_hash_size(fx.ke_ev.base_hash));
	assert_int_equal(
	    fx.ops->x509_validate(fx.ops->priv, fx.id.chain, fx.id.chain_len, &xp, &xr, &bad),
	    CSPDM_OK);
	leaf = xr.pubkey;
	assert_int_equal(cspdm_verify_spdm_sig(fx.ops, CSPDM_V13, leaf, fx.ke_ev.base_asym,
					       fx.ke_ev.base_hash, fx.ke_ev.context, digest,
					       fx.ke_ev.signature, fx.ke_ev.signature_len),
			 CSPDM_OK);
	digest[0] ^= 1;
	assert_int_equal(cspdm_verify_spdm_sig(fx.ops, CSPDM_V13, leaf, fx.ke_ev.base_asym,
					       fx.ke_ev.base_hash, fx.ke_ev.context, digest,
					       fx.ke_ev.signature, fx.ke_ev.signature_len),
			 CSPDM_E_SIGNATURE);
	fx.ops->key_free(fx.ops->priv, leaf);
	stop();
}

/* A reply that does not open ends the session on our side; a request that does not open gets
 * DecryptError and ends it on the device's side. Either way the context serves on. */
static void test_records_that_do_not_open(void **state)
{
	struct cspdm_session_info i;
	const cspdm_error *e;

	(void)state;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
	fx.flip_reply = 1;
	assert_int_equal(cspdm_session_heartbeat(fx.s[0], &fx.io), CSPDM_E_DECRYPT);
	e = cspdm_session_last_error(fx.s[0]);
	assert_string_equal(e->field, "MAC");
	assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_FAILED);
	assert_int_equal(cspdm_session_heartbeat(fx.s[0], &fx.io), CSPDM_E_STATE);
	/* the context failed with it: authenticate again, then a new session */
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(1, 0), &fx.io), CSPDM_OK);
	fx.flip_request = 1;
	assert_int_equal(cspdm_session_heartbeat(fx.s[1], &fx.io), CSPDM_E_DEVICE_ERROR);
	e = cspdm_session_last_error(fx.s[1]);
	assert_int_equal(e->device_code, SPDM_ERR_DECRYPT_ERROR);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
	stop();
}

/* Session-only requests outside a session get the ERROR the version names. */
static void test_outside_session(void **state)
{
	static uint8_t hb[4] = {0x13, SPDM_HEARTBEAT, 0, 0};
	uint8_t out[64];
	size_t n;

	(void)state;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	n = cspdm_responder_process(fx.rsp, hb, sizeof(hb), 0, out, sizeof(out));
	assert_int_equal(n, 4);
	assert_int_equal(out[1], SPDM_ERROR);
	assert_int_equal(out[2], SPDM_ERR_SESSION_REQUIRED);
	stop();
}

/* ---- application messages of other types (DSP0275) --------------------------------------- */

/*
 * An application message of MCTP type `type` sealed with the requester session's keys as its
 * next record, as spdm_requester_emu sends PLDM; the reply opened in fx.reply. Returns the
 * reply's length (*rtype its type, *out the message), 0 when the responder dropped it.
 */
static size_t app_roundtrip(struct cspdm_session *s, uint16_t type, const uint8_t *msg, size_t n,
			    uint16_t *rtype, const uint8_t **out)
{
	uint8_t rec[MSG_CAP];
	size_t rlen = 0, mlen = 0;
	cspdm_error err = {0};

	memcpy(rec + sec_msg_offset(&s->cfg.binding, s->sec.mac_only), msg, n);
	assert_int_equal(sec_seal_app(fx.ops, &s->sec, SEC_REQ, s->session_id, &s->cfg.binding,
				      type, rec, sizeof(rec), n, &rlen),
			 CSPDM_OK);
	if (fx.flip_request)
		rec[rlen - 1] ^= 0x01;
	fx.flip_request = 0;
	fx.reply_len =
	    cspdm_responder_process_secured(fx.rsp, rec, rlen, 0, fx.reply, sizeof(fx.reply));
	if (!fx.reply_len)
		return 0;
	assert_int_equal(sec_open_app(fx.ops, &s->sec, SEC_RSP, s->session_id, &s->cfg.binding, 0,
				      fx.reply, fx.reply_len, rtype, out, &mlen, &err),
			 CSPDM_OK);
	return mlen;
}

/* A PLDM request (DSP0240) answered in the session; want: the whole PLDM response. */
static void pldm_answers(const uint8_t *req, size_t n, const uint8_t *want, size_t want_len)
{
	const uint8_t *rsp = NULL;
	uint16_t type = 0;

	assert_int_equal(app_roundtrip(fx.s[0], CSPDM_MCTP_TYPE_PLDM, req, n, &type, &rsp),
			 want_len);
	assert_int_equal(type, CSPDM_MCTP_TYPE_PLDM);
	assert_memory_equal(rsp, want, want_len);
	assert_int_equal(cspdm_responder_last_error(fx.rsp)->code, CSPDM_OK);
}

/* A message the responder drops with this error; the session goes on. */
static void app_dropped(uint16_t type, const uint8_t *req, size_t n, cspdm_status code,
			const char *field)
{
	const cspdm_error *e;

	assert_int_equal(app_roundtrip(fx.s[0], type, req, n, NULL, NULL), 0);
	e = cspdm_responder_last_error(fx.rsp);
	assert_int_equal(e->code, code);
	assert_string_equal(e->field, field);
	assert_int_equal(cspdm_session_heartbeat(fx.s[0], &fx.io), CSPDM_OK);
}

/* spdm_requester_emu's GetTID (PLDM type 0, command 0x02), encrypted and MAC-only: completion
 * code SUCCESS and the TID, Rq clear, the Instance ID echoed; other commands and types get the
 * DSP0240 error completion codes. */
static void test_pldm_in_session(void **state)
{
	static const uint8_t get_tid[] = {0x80 | 0x03, 0x00, 0x02};
	static const uint8_t tid_rsp[] = {0x03, 0x00, 0x02, 0x00, 0x2A};
	static const uint8_t get_ver[] = {0x81, 0x00, 0x03, 0, 0, 0, 0, 0, 0x00};
	static const uint8_t ver_rsp[] = {0x01, 0x00, 0x03, 0x05}; /* UNSUPPORTED_PLDM_CMD */
	static const uint8_t fru[] = {0x9F, 0x04, 0x01};
	static const uint8_t fru_rsp[] = {0x1F, 0x04, 0x01, 0x20}; /* INVALID_PLDM_TYPE */
	static const uint8_t tid_long[] = {0x80, 0x00, 0x02, 0x00};
	static const uint8_t long_rsp[] = {0x00, 0x00, 0x02, 0x03}; /* INVALID_LENGTH */
	uint32_t drop;

	(void)state;
	for (drop = 0; drop <= SPDM_CAP_ENCRYPT; drop += SPDM_CAP_ENCRYPT) {
		fx.pldm_on = 1;
		fx.pldm.tid = 0x2A;
		start(CSPDM_TRANSPORT_MCTP, CSPDM_V12, drop);
		fx.pldm_on = 0;
		assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
		assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
		pldm_answers(get_tid, sizeof(get_tid), tid_rsp, sizeof(tid_rsp));
		pldm_answers(get_ver, sizeof(get_ver), ver_rsp, sizeof(ver_rsp));
		pldm_answers(fru, sizeof(fru), fru_rsp, sizeof(fru_rsp));
		pldm_answers(tid_long, sizeof(tid_long), long_rsp, sizeof(long_rsp));
		/* SPDM goes on in the same session, its sequence numbers in step */
		assert_int_equal(cspdm_session_heartbeat(fx.s[0], &fx.io), CSPDM_OK);
		pldm_answers(get_tid, sizeof(get_tid), tid_rsp, sizeof(tid_rsp));
		assert_int_equal(cspdm_session_end(fx.s[0], &fx.io, 0), CSPDM_OK);
		stop();
	}
}

/* Without a handler every other type is refused; the PLDM handler refuses other MCTP types,
 * PLDM responses and unacknowledged requests; each is dropped with its error, the session
 * kept. A PLDM record that does not open gets DecryptError, as SPDM records do. */
static void test_app_message_refused(void **state)
{
	static const uint8_t get_tid[] = {0x80, 0x00, 0x02};
	static const uint8_t tid_rsp[] = {0x00, 0x00, 0x02, 0x00, 0x01};
	const uint8_t *rsp = NULL;
	uint16_t type = 0;

	(void)state;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
	app_dropped(CSPDM_MCTP_TYPE_PLDM, get_tid, sizeof(get_tid), CSPDM_E_UNSUPPORTED,
		    "application message");
	stop();
	fx.pldm_on = 1;
	fx.pldm.tid = 1;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0);
	fx.pldm_on = 0;
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
	app_dropped(0x7E, get_tid, sizeof(get_tid), CSPDM_E_UNSUPPORTED, "MCTP message type");
	app_dropped(CSPDM_MCTP_TYPE_PLDM, (const uint8_t *)"\x00\x00\x02\x00", 4, CSPDM_E_FIELD,
		    "Rq");
	app_dropped(CSPDM_MCTP_TYPE_PLDM, (const uint8_t *)"\xC0\x00\x02", 3, CSPDM_E_UNSUPPORTED,
		    "D");
	app_dropped(CSPDM_MCTP_TYPE_PLDM, get_tid, 2, CSPDM_E_TRUNCATED, "PLDM Command Code");
	pldm_answers(get_tid, sizeof(get_tid), tid_rsp, sizeof(tid_rsp));
	fx.flip_request = 1;
	assert_true(app_roundtrip(fx.s[0], CSPDM_MCTP_TYPE_PLDM, get_tid, sizeof(get_tid), &type,
				  &rsp) > 2);
	assert_int_equal(type, SEC_APP_SPDM);
	assert_int_equal(rsp[1], SPDM_ERROR);
	assert_int_equal(rsp[2], SPDM_ERR_DECRYPT_ERROR);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
	stop();
}

/* ---- PSK sessions ---------------------------------------------------------------------------- */

/* The reference emulators' sample PSK and hint (ASCII with their NUL), and a second pair. */
static const uint8_t psk_a[] = "TestPskData", hint_a[] = "TestPskHint";
static const uint8_t psk_b[32] = {0x5A, 0x01, 0x02, 0x03}, hint_b[] = {0x42};
static struct cspdm_rsp_psk psk_table[2];

/* start(), the responder serving both PSKs (psk_caps: its PSK_CAP bits, 0 for the default,
 * with context), the requester offering PSK_CAP. certless: the responder has no certificate
 * at all (no CERT_CAP, CHAL_CAP; unsigned measurements). */
static void start_psk(enum cspdm_transport t, uint8_t ver, uint32_t psk_caps, uint32_t drop,
		      int certless)
{
	start(t, ver, drop);
	cspdm_responder_deinit(fx.rsp);
	psk_table[0] = (struct cspdm_rsp_psk){hint_b, sizeof(hint_b), psk_b, sizeof(psk_b)};
	psk_table[1] = (struct cspdm_rsp_psk){hint_a, sizeof(hint_a), psk_a, sizeof(psk_a)};
	fx.rc.psks = psk_table;
	fx.rc.psk_count = 2;
	fx.rc.caps |= psk_caps;
	if (certless) {
		memset(&fx.rc.slots[0], 0, sizeof(fx.rc.slots[0]));
		fx.rc.caps &= ~(SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_MEAS_MASK);
		fx.rc.caps |= SPDM_CAP_MEAS_NO_SIG;
	}
	assert_int_equal(cspdm_responder_init(&fx.rsp, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_OK);
	cspdm_deinit(fx.ctx);
	fx.cfg.req_caps |= CSPDM_REQ_CAP_PSK;
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
}

static struct cspdm_session *new_psk_session(unsigned i, const uint8_t *psk, size_t psk_len,
					     const uint8_t *hint, uint16_t hint_len)
{
	struct cspdm_session_config sc;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = fx.tx[i];
	sc.tx_cap = sizeof(fx.tx[i]);
	sc.meas_summary = 0xFF;
	sc.psk = psk;
	sc.psk_len = psk_len;
	sc.psk_hint = hint;
	sc.psk_hint_len = hint_len;
	assert_int_equal(
	    cspdm_session_init(&fx.s[i], fx.s_mem[i], sizeof(fx.s_mem[i]), fx.ctx, &sc), CSPDM_OK);
	return fx.s[i];
}

static struct cspdm_session *sample_psk_session(unsigned i)
{
	return new_psk_session(i, psk_a, sizeof(psk_a), hint_a, sizeof(hint_a));
}

/* Every version and transport, PSK_CAP with and without context, after VCA alone (unsigned
 * measurements) and after authentication (signed ones, the chain fetched again inside). */
static void test_psk_versions_and_transports(void **state)
{
	static const enum cspdm_transport ts[] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
						  CSPDM_TRANSPORT_PCI_DOE};
	static const uint32_t caps[] = {CSPDM_RSP_CAP_PSK_CTX, CSPDM_RSP_CAP_PSK};
	struct cspdm_session_info i;
	unsigned t, c, chain;
	uint8_t v;

	(void)state;
	for (v = CSPDM_V11; v <= CSPDM_V14; v++)
		for (t = 0; t < 3; t++)
			for (c = 0; c < 2; c++)
				for (chain = 0; chain < 2; chain++) {
					start_psk(ts[t], v, caps[c], 0, 0);
					if (chain)
						assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io),
								 CSPDM_OK);
					run_session(sample_psk_session(0), (int)chain);
					assert_int_equal(cspdm_session_get_info(fx.s[0], &i),
							 CSPDM_OK);
					assert_int_equal(i.psk, c ? 1 : 2);
					assert_int_equal(i.in_clear, 0);
					assert_int_equal(i.sm_version, CSPDM_SM_VERSION_12);
					assert_int_equal(i.heartbeat_period, 30);
					assert_int_equal(i.meas_summary_len,
							 cspdm_hash_size(CSPDM_HASH_SHA_384));
					assert_int_equal(fx.ke_sigs, 0);
					stop();
				}
}

/* The second hint names the second PSK; MAC-only records; the secured-message versions. */
static void test_psk_hints_and_modes(void **state)
{
	struct cspdm_session_info i;
	unsigned b;

	(void)state;
	start_psk(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0, SPDM_CAP_ENCRYPT, 0);
	run_session(new_psk_session(0, psk_b, sizeof(psk_b), hint_b, sizeof(hint_b)), 0);
	assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
	assert_int_equal(i.mac_only, 1);
	stop();
	for (b = 0; b < 3; b++) {
		start_psk(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V12, 0, 0, 0);
		cspdm_session_init(&fx.s[0], fx.s_mem[0], sizeof(fx.s_mem[0]), fx.ctx,
				   &(struct cspdm_session_config){
				       .tx_buf = fx.tx[0],
				       .tx_cap = sizeof(fx.tx[0]),
				       .sm_versions = (uint8_t)(1u << b),
				       .psk = psk_a,
				       .psk_len = sizeof(psk_a),
				       .psk_hint = hint_a,
				       .psk_hint_len = sizeof(hint_a),
				   });
		run_session(fx.s[0], 0);
		assert_int_equal(cspdm_session_get_info(fx.s[0], &i), CSPDM_OK);
		assert_int_equal(i.sm_version, 0x1000 + 0x100 * b);
		stop();
	}
}

/* An unknown hint gets ERROR Unspecified (libspdm's answer); a wrong PSK under a known hint
 * fails ResponderVerifyData. Each ends its session with nothing left; then the right PSK. */
static void test_psk_unknown_hint_and_wrong_psk(void **state)
{
	static const uint8_t other[] = "NoSuchHint";
	struct cspdm_session_info i;
	const cspdm_error *e;

	(void)state;
	start_psk(CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0, 0, 0);
	assert_int_equal(
	    cspdm_session_open(new_psk_session(0, psk_a, sizeof(psk_a), other, sizeof(other)),
			       &fx.io),
	    CSPDM_E_DEVICE_ERROR);
	e = cspdm_session_last_error(fx.s[0]);
	assert_int_equal(e->device_code, SPDM_ERR_UNSPECIFIED);
	assert_int_equal(e->request_code, SPDM_PSK_EXCHANGE);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
	assert_int_equal(
	    cspdm_session_open(new_psk_session(1, psk_b, sizeof(psk_b), hint_a, sizeof(hint_a)),
			       &fx.io),
	    CSPDM_E_VERIFY_DATA);
	e = cspdm_session_last_error(fx.s[1]);
	assert_string_equal(e->field, "ResponderVerifyData");
	assert_int_equal(cspdm_session_get_info(fx.s[1], &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_FAILED);
	run_session(sample_psk_session(2), 0);
	stop();
}

/* A device without any certificate: VCA, then PSK; unsigned measurements only. */
static void test_psk_certless(void **state)
{
	struct cspdm_meas_query signed_q = {CSPDM_MEAS_ONE_BY_ONE, 1, 0};
	struct cspdm_session *s;

	(void)state;
	start_psk(CSPDM_TRANSPORT_PCI_DOE, CSPDM_V13, 0, 0, 1);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_E_CAPABILITIES);
	run_session(sample_psk_session(0), 0);
	s = sample_psk_session(1);
	assert_int_equal(cspdm_session_open(s, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_measure(s, &fx.io, &signed_q), CSPDM_E_STATE);
	assert_int_equal(cspdm_session_heartbeat(s, &fx.io), CSPDM_OK);
	stop();
}

/* A KEY_EXCHANGE session and a PSK session at once on one connection. */
static void test_psk_beside_key_exchange(void **state)
{
	struct cspdm_session_info a, b;

	(void)state;
	start_psk(CSPDM_TRANSPORT_MCTP, CSPDM_V14, 0, 0, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(new_session(0, 0), &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_open(sample_psk_session(1), &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 2);
	cspdm_session_get_info(fx.s[0], &a);
	cspdm_session_get_info(fx.s[1], &b);
	assert_int_equal(a.psk, 0);
	assert_int_equal(b.psk, 2);
	assert_int_not_equal(a.session_id, b.session_id);
	assert_int_equal(cspdm_session_key_update(fx.s[1], &fx.io, CSPDM_KEY_UPDATE_ALL_KEYS),
			 CSPDM_OK);
	assert_int_equal(cspdm_session_heartbeat(fx.s[0], &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_heartbeat(fx.s[1], &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_end(fx.s[0], &fx.io, 1), CSPDM_OK);
	assert_int_equal(cspdm_session_end(fx.s[1], &fx.io, 1), CSPDM_OK);
	stop();
}

/* PSK_CAP missing on either side: the open fails before anything is sent. */
static void test_psk_capabilities(void **state)
{
	const cspdm_error *e;

	(void)state;
	start(CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0); /* no PSKs: the responder offers no PSK_CAP */
	cspdm_deinit(fx.ctx);
	fx.cfg.req_caps |= CSPDM_REQ_CAP_PSK;
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	assert_int_equal(cspdm_session_open(sample_psk_session(0), &fx.io), CSPDM_E_CAPABILITIES);
	e = cspdm_session_last_error(fx.s[0]);
	assert_string_equal(e->field, "Flags.PSK_CAP");
	stop();
	start_psk(CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0, 0, 0);
	cspdm_deinit(fx.ctx);
	fx.cfg.req_caps &= ~CSPDM_REQ_CAP_PSK;
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	assert_int_equal(cspdm_session_open(sample_psk_session(0), &fx.io), CSPDM_E_CAPABILITIES);
	stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_versions_and_transports),
	    cmocka_unit_test(test_algorithms),
	    cmocka_unit_test(test_modes),
	    cmocka_unit_test(test_pldm_in_session),
	    cmocka_unit_test(test_app_message_refused),
	    cmocka_unit_test(test_sm_versions),
	    cmocka_unit_test(test_several_sessions),
	    cmocka_unit_test(test_open_without_challenge),
	    cmocka_unit_test(test_evidence),
	    cmocka_unit_test(test_records_that_do_not_open),
	    cmocka_unit_test(test_outside_session),
	    cmocka_unit_test(test_psk_versions_and_transports),
	    cmocka_unit_test(test_psk_hints_and_modes),
	    cmocka_unit_test(test_psk_unknown_hint_and_wrong_psk),
	    cmocka_unit_test(test_psk_certless),
	    cmocka_unit_test(test_psk_beside_key_exchange),
	    cmocka_unit_test(test_psk_capabilities),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
