/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutual authentication, our requester against our responder in-process: basic (CHALLENGE_AUTH
 * with BasicMutAuthReq, then the encapsulated GET_DIGESTS, GET_CERTIFICATE and CHALLENGE),
 * and in KEY_EXCHANGE_RSP each MutAuthRequested mode (with the encapsulated flow, with its
 * GET_DIGESTS implied, without it) then FINISH signed over TH with Hash(Cm); every version
 * 1.1-1.4, NONE/MCTP/PCI DOE, handshake in the clear and encrypted; the encapsulated
 * KEY_UPDATE inside a session; what the responder learns and reports; requesters it must
 * refuse (untrusted chain, a key that is not the leaf's); identities on one side only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "codec/spdm.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"

struct mfix {
	struct cspdm_openssl *ossl, *req_trust, *bad_trust;
	const struct cspdm_crypto_ops *ops;
	struct cspdm_identity dev, req, other;
	struct cspdm_responder_config rc;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096], sess_mem[2][256];
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	uint64_t ctx_mem[1024];
	struct cspdm_session *s;
	uint64_t s_mem[256];
	uint8_t tx[8192], id_tx[8192], cert[65536], rx[8192], meas[16384], req_chain[65536];
	struct tu_link link;
	unsigned chains, trusted_chains, sigs[5];
	struct cspdm_signature_evidence last;
};

static struct mfix fx;

static const int transports[] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
				 CSPDM_TRANSPORT_PCI_DOE};

static void on_chain(void *priv, const struct cspdm_rsp_req_chain *c)
{
	struct mfix *f = priv;

	assert_true(c->chain_len > 4 && c->chain != NULL && c->slot < 8);
	assert_true(c->certs > c->chain && c->certs + c->certs_len == c->chain + c->chain_len);
	f->chains++;
	f->trusted_chains += c->trusted != 0;
}

static void on_signature(void *priv, const struct cspdm_signature_evidence *ev)
{
	struct mfix *f = priv;

	assert_true(ev->kind == CSPDM_SIG_MUT_CHALLENGE_AUTH || ev->kind == CSPDM_SIG_FINISH);
	assert_int_equal(ev->signature_len, cspdm_sig_size(ev->base_asym));
	f->sigs[ev->kind]++;
	f->last = *ev;
}

/* A trust store holding the root of id (a file under /tmp). */
static struct cspdm_openssl *trust_of(const struct cspdm_identity *id, const char *name)
{
	struct cspdm_openssl *o = NULL;
	char path[128];

	snprintf(path, sizeof(path), "/tmp/cspdm-test-mutual-%d-%s.pem", (int)getpid(), name);
	assert_int_equal(cspdm_identity_export_root(id, path), CSPDM_OK);
	assert_int_equal(cspdm_openssl_new(&o, path), CSPDM_OK);
	unlink(path);
	return o;
}

static int group_setup(void **state)
{
	(void)state;
	assert_int_equal(cspdm_openssl_new(&fx.ossl, NULL), CSPDM_OK);
	fx.ops = cspdm_openssl_ops(fx.ossl);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, NULL, 0, &fx.dev),
			 CSPDM_OK);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &fx.req),
			 CSPDM_OK);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &fx.other),
			 CSPDM_OK);
	fx.req_trust = trust_of(&fx.req, "req");
	fx.bad_trust = trust_of(&fx.other, "other");
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	cspdm_identity_free(&fx.dev);
	cspdm_identity_free(&fx.req);
	cspdm_identity_free(&fx.other);
	cspdm_openssl_free(fx.req_trust);
	cspdm_openssl_free(fx.bad_trust);
	cspdm_openssl_free(fx.ossl);
	return 0;
}

/* Our responder asking for mut (CSPDM_MUT_*), minus the capabilities in drop. */
static void responder(int t, uint8_t ver, uint8_t mut, uint32_t drop)
{
	struct cspdm_rsp_slot slot = {fx.dev.chain, fx.dev.chain_len, fx.dev.key};

	cspdm_responder_config_defaults(&fx.rc);
	fx.rc.crypto = fx.ops;
	fx.rc.base_asym = CSPDM_ASYM_ECDSA_P256;
	fx.rc.max_version = ver;
	fx.rc.caps =
	    (fx.rc.caps | CSPDM_RSP_CAPS_SESSIONS | SPDM_CAP_MUT_AUTH | SPDM_CAP_ENCAP) & ~drop;
	fx.rc.slots[0] = slot;
	fx.rc.session_mem = fx.sess_mem;
	fx.rc.session_count = 2;
	cspdm_transport_secured_binding((enum cspdm_transport)t, &fx.rc.binding);
	fx.rc.mut_auth = mut;
	fx.rc.req_crypto = cspdm_openssl_ops(fx.req_trust);
	fx.rc.req_cert_buf = fx.req_chain;
	fx.rc.req_cert_cap = sizeof(fx.req_chain);
	fx.rc.on_req_chain = on_chain;
	fx.rc.on_req_signature = on_signature;
	fx.rc.on_req_priv = &fx;
	fx.chains = fx.trusted_chains = 0;
	memset(fx.sigs, 0, sizeof(fx.sigs));
}

static void requester(const struct cspdm_identity *id, void *key, uint8_t slot)
{
	cspdm_config_defaults(&fx.cfg);
	fx.cfg.crypto = fx.ops;
	fx.cfg.cert_buf = fx.cert;
	fx.cfg.cert_cap = sizeof(fx.cert);
	fx.cfg.rx_buf = fx.rx;
	fx.cfg.rx_cap = sizeof(fx.rx);
	fx.cfg.meas_buf = fx.meas;
	fx.cfg.meas_cap = sizeof(fx.meas);
	if (id) {
		fx.cfg.req_id.certs = id->chain;
		fx.cfg.req_id.certs_len = id->chain_len;
		fx.cfg.req_id.key = key ? key : id->key;
		fx.cfg.req_id.asym = id->asym;
		fx.cfg.req_id.slot = slot;
		fx.cfg.req_id.tx_buf = fx.id_tx;
		fx.cfg.req_id.tx_cap = sizeof(fx.id_tx);
	}
}

/* Both sides as configured: the responder, the context, a session object, the link. */
static void connect(int t)
{
	struct cspdm_session_config sc;

	assert_int_equal(cspdm_responder_init(&fx.rsp, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_OK);
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	cspdm_session_config_defaults(&sc);
	sc.tx_buf = fx.tx;
	sc.tx_cap = sizeof(fx.tx);
	assert_int_equal(cspdm_session_init(&fx.s, fx.s_mem, sizeof(fx.s_mem), fx.ctx, &sc),
			 CSPDM_OK);
	tu_link_init(&fx.link, fx.rsp, t);
}

static void stop(void)
{
	cspdm_session_deinit(fx.s);
	fx.s = NULL;
	cspdm_deinit(fx.ctx);
	cspdm_responder_deinit(fx.rsp);
}

static void setup_default(int t, uint8_t ver, uint8_t mut, uint32_t drop)
{
	responder(t, ver, mut, drop);
	requester(&fx.req, NULL, 0);
	connect(t);
}

static struct cspdm_rsp_mutual_info rsp_info(void)
{
	struct cspdm_rsp_mutual_info i;

	assert_int_equal(cspdm_responder_mutual_info(fx.rsp, &i), CSPDM_OK);
	return i;
}

/* ---- basic mutual authentication ---------------------------------------------------------- */

/* GET_CERTIFICATE requests for the requester's chain: 1024-byte portions before 1.2, then up
 * to the responder's DataTransferSize (4096) less the CERTIFICATE and DELIVER headers. */
static unsigned cert_requests(uint8_t v, uint32_t hash)
{
	size_t total = 4 + cspdm_hash_size(hash) + fx.req.chain_len,
	       portion = v >= CSPDM_V12 ? 4096 - 12 : 1024;

	return (unsigned)((total + portion - 1) / portion);
}

static void test_basic(void **state)
{
	struct cspdm_result res;
	struct cspdm_rsp_mutual_info i;
	uint8_t v;
	unsigned t;

	(void)state;
	for (v = CSPDM_V11; v <= CSPDM_V14; v++)
		for (t = 0; t < 3; t++) {
			setup_default(transports[t], v, CSPDM_MUT_BASIC, 0);
			assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
			assert_int_equal(cspdm_get_result(fx.ctx, &res), CSPDM_OK);
			assert_int_equal(res.mutual, 2);
			assert_int_equal(res.encap_requests, 2 + cert_requests(v, res.base_hash));
			assert_int_equal(res.req_asym, CSPDM_ASYM_ECDSA_P384);
			i = rsp_info();
			assert_int_equal(i.chain_known, 1);
			assert_int_equal(i.trusted, 1);
			assert_int_equal(i.challenge_auth, 1);
			assert_int_equal(fx.chains, 1);
			assert_int_equal(fx.trusted_chains, 1);
			assert_int_equal(fx.sigs[CSPDM_SIG_MUT_CHALLENGE_AUTH], 1);
			assert_int_equal(fx.last.combined_prefix_len, v >= CSPDM_V12 ? 100 : 0);
			/* the device goes on serving after the flow: measurements */
			assert_int_equal(cspdm_measure(fx.ctx, &fx.link.io,
						       &(struct cspdm_meas_query){0xFF, 1, 0}),
					 CSPDM_OK);
			stop();
		}
}

/* 1.0 has no mutual authentication: the requester offers nothing, the device asks nothing. */
static void test_v10(void **state)
{
	struct cspdm_result res;

	(void)state;
	setup_default(CSPDM_TRANSPORT_MCTP, CSPDM_V10, CSPDM_MUT_BASIC, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_get_result(fx.ctx, &res), CSPDM_OK);
	assert_int_equal(res.mutual, 0);
	assert_int_equal(rsp_info().chain_known, 0);
	stop();
}

/* ---- in KEY_EXCHANGE_RSP ------------------------------------------------------------------- */

static void session_use(uint8_t want_mut)
{
	struct cspdm_session_info i;

	assert_int_equal(cspdm_session_open(fx.s, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_session_get_info(fx.s, &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_OPEN);
	assert_int_equal(i.mut_auth, want_mut);
	assert_int_equal(cspdm_session_heartbeat(fx.s, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_session_key_update(fx.s, &fx.link.io, CSPDM_KEY_UPDATE_ALL_KEYS),
			 CSPDM_OK);
	assert_int_equal(cspdm_session_get_chain(fx.s, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_session_end(fx.s, &fx.link.io, 1), CSPDM_OK);
	assert_int_equal(rsp_info().finishes, want_mut ? 1 : 0);
	assert_int_equal(fx.sigs[CSPDM_SIG_FINISH], want_mut ? 1 : 0);
}

static void session_modes_at(uint8_t v, int t, uint32_t drop)
{
	static const uint8_t modes[] = {CSPDM_MUT_ENCAP, CSPDM_MUT_DIGESTS, CSPDM_MUT_WO_ENCAP};
	static const uint8_t want[] = {SPDM_MUT_AUTH_WITH_ENCAP, SPDM_MUT_AUTH_WITH_GET_DIGESTS,
				       SPDM_MUT_AUTH_REQUESTED};
	unsigned m;

	for (m = 0; m < 3; m++) {
		responder(t, v, modes[m], drop);
		fx.rc.req_certs = fx.req.chain; /* WO_ENCAP: the chain is known in advance */
		fx.rc.req_certs_len = fx.req.chain_len;
		requester(&fx.req, NULL, 0);
		connect(t);
		assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
		session_use(want[m]);
		assert_int_equal(fx.chains, 1);
		stop();
	}
}

static void test_session_modes(void **state)
{
	uint8_t v;
	unsigned t;

	(void)state;
	for (v = CSPDM_V11; v <= CSPDM_V14; v++)
		for (t = 0; t < 3; t++)
			session_modes_at(v, transports[t], 0);
}

/* The handshake encrypted: the encapsulated flow travels secured. */
static void test_session_encrypted(void **state)
{
	(void)state;
	session_modes_at(CSPDM_V12, CSPDM_TRANSPORT_MCTP, SPDM_CAP_HANDSHAKE_IN_CLEAR);
	session_modes_at(CSPDM_V13, CSPDM_TRANSPORT_PCI_DOE, SPDM_CAP_HANDSHAKE_IN_CLEAR);
	session_modes_at(CSPDM_V14, CSPDM_TRANSPORT_NONE, SPDM_CAP_HANDSHAKE_IN_CLEAR);
}

/* A session opened without CHALLENGE first (the chain fetched, then KEY_EXCHANGE). */
static void test_session_without_challenge(void **state)
{
	(void)state;
	setup_default(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_DIGESTS, 0);
	session_use(SPDM_MUT_AUTH_WITH_GET_DIGESTS);
	stop();
}

/* WO_ENCAP: a chain learned by basic mutual authentication on the connection serves; with none
 * known the responder asks with the encapsulated flow instead. */
static void test_wo_encap_sources(void **state)
{
	(void)state;
	setup_default(CSPDM_TRANSPORT_MCTP, CSPDM_V12, CSPDM_MUT_BASIC | CSPDM_MUT_WO_ENCAP, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
	session_use(SPDM_MUT_AUTH_REQUESTED);
	stop();
	setup_default(CSPDM_TRANSPORT_MCTP, CSPDM_V12, CSPDM_MUT_WO_ENCAP, 0);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
	session_use(SPDM_MUT_AUTH_WITH_ENCAP);
	stop();
}

/* The requester's identity in slot 3, asked for in slot 3. */
static void test_req_slot(void **state)
{
	struct cspdm_result res;

	(void)state;
	responder(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_BASIC | CSPDM_MUT_ENCAP, 0);
	fx.rc.req_slot = 3;
	requester(&fx.req, NULL, 3);
	connect(CSPDM_TRANSPORT_MCTP);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_get_result(fx.ctx, &res), CSPDM_OK);
	assert_int_equal(res.mutual, 2);
	assert_int_equal(fx.last.slot, 3);
	session_use(SPDM_MUT_AUTH_WITH_ENCAP);
	stop();
}

/* Other requester algorithms: Ed25519 (1.2+) and RSASSA-3072 against a P-256 device. */
static void test_req_algorithms(void **state)
{
	static const uint32_t algs[] = {CSPDM_ASYM_EDDSA_25519, CSPDM_ASYM_RSASSA_3072};
	struct cspdm_identity id;
	struct cspdm_openssl *trust;
	unsigned a;

	(void)state;
	for (a = 0; a < 2; a++) {
		assert_int_equal(cspdm_identity_generate(algs[a], NULL, 0, &id), CSPDM_OK);
		trust = trust_of(&id, "alg");
		responder(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_BASIC | CSPDM_MUT_DIGESTS, 0);
		fx.rc.req_crypto = cspdm_openssl_ops(trust);
		requester(&id, NULL, 0);
		connect(CSPDM_TRANSPORT_MCTP);
		assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
		assert_int_equal(fx.last.base_asym, algs[a]);
		session_use(SPDM_MUT_AUTH_WITH_GET_DIGESTS);
		stop();
		cspdm_openssl_free(trust);
		cspdm_identity_free(&id);
	}
}

/* ---- the encapsulated flow inside a session ------------------------------------------------ */

static void test_encap_key_update(void **state)
{
	struct cspdm_session_info i;
	uint8_t v;

	(void)state;
	for (v = CSPDM_V11; v <= CSPDM_V14; v++) {
		setup_default(CSPDM_TRANSPORT_MCTP, v, CSPDM_MUT_ENCAP, 0);
		assert_int_equal(cspdm_session_open(fx.s, &fx.link.io), CSPDM_OK);
		assert_int_equal(cspdm_session_get_info(fx.s, &i), CSPDM_OK);
		/* nothing pending: NoPendingRequests (1.3), UnexpectedRequest before */
		assert_int_equal(cspdm_session_encap(fx.s, &fx.link.io), CSPDM_OK);
		assert_int_equal(cspdm_responder_encap_key_update(fx.rsp, i.session_id), CSPDM_OK);
		assert_int_equal(cspdm_responder_encap_key_update(fx.rsp, i.session_id),
				 CSPDM_E_STATE); /* one at a time */
		assert_int_equal(cspdm_session_encap(fx.s, &fx.link.io), CSPDM_OK);
		assert_int_equal(cspdm_session_get_info(fx.s, &i), CSPDM_OK);
		assert_int_equal(i.key_updates, 1);
		assert_int_equal(rsp_info().key_updates, 1);
		assert_int_equal(cspdm_session_heartbeat(fx.s, &fx.link.io), CSPDM_OK);
		assert_int_equal(cspdm_session_key_update(fx.s, &fx.link.io, CSPDM_KEY_UPDATE_KEY),
				 CSPDM_OK);
		assert_int_equal(cspdm_session_end(fx.s, &fx.link.io, 1), CSPDM_OK);
		assert_int_equal(cspdm_responder_encap_key_update(fx.rsp, i.session_id),
				 CSPDM_E_STATE); /* no such session any more */
		stop();
	}
}

/* While the flow is pending other requests get RequestInFlight. */
static void test_request_in_flight(void **state)
{
	struct cspdm_session_info i;
	const uint8_t hb[4] = {CSPDM_V13, SPDM_HEARTBEAT, 0, 0};
	uint8_t out[64];

	(void)state;
	setup_default(CSPDM_TRANSPORT_NONE, CSPDM_V13, CSPDM_MUT_ENCAP, 0);
	assert_int_equal(cspdm_session_open(fx.s, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_session_get_info(fx.s, &i), CSPDM_OK);
	assert_int_equal(cspdm_responder_encap_key_update(fx.rsp, i.session_id), CSPDM_OK);
	assert_int_equal(cspdm_session_heartbeat(fx.s, &fx.link.io), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_session_last_error(fx.s)->device_code, SPDM_ERR_REQUEST_IN_FLIGHT);
	/* a plaintext request outside the session: the same */
	assert_true(cspdm_responder_process(fx.rsp, hb, 4, 0, out, sizeof(out)) >= 4);
	assert_int_equal(out[1], SPDM_ERROR);
	assert_int_equal(out[2], SPDM_ERR_REQUEST_IN_FLIGHT);
	stop();
}

/* ---- what the responder refuses ------------------------------------------------------------ */

/* Both sides set up, the responder trusting another root than the requester's. */
static void setup_untrusted(uint8_t ver, uint8_t mut)
{
	responder(CSPDM_TRANSPORT_MCTP, ver, mut, 0);
	fx.rc.req_crypto = cspdm_openssl_ops(fx.bad_trust);
	requester(&fx.req, NULL, 0);
	connect(CSPDM_TRANSPORT_MCTP);
}

static void test_untrusted_requester(void **state)
{
	(void)state;
	setup_untrusted(CSPDM_V12, CSPDM_MUT_BASIC);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_last_error(fx.ctx)->device_code, SPDM_ERR_INVALID_RESPONSE_CODE);
	assert_int_equal(cspdm_responder_last_error(fx.rsp)->code, CSPDM_E_X509_UNTRUSTED);
	assert_int_equal(rsp_info().chain_known, 0);
	assert_int_equal(fx.chains, 0);
	stop();
	/* in KEY_EXCHANGE_RSP: the session is refused */
	setup_untrusted(CSPDM_V13, CSPDM_MUT_ENCAP);
	assert_int_equal(cspdm_session_open(fx.s, &fx.link.io), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_responder_last_error(fx.rsp)->code, CSPDM_E_X509_UNTRUSTED);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
	stop();
}

/* A requester signing with a key that is not its leaf's: CHALLENGE_AUTH and FINISH fail. */
static void test_wrong_key(void **state)
{
	struct cspdm_session_info i;

	(void)state;
	responder(CSPDM_TRANSPORT_MCTP, CSPDM_V12, CSPDM_MUT_BASIC, 0);
	requester(&fx.req, fx.other.key, 0);
	connect(CSPDM_TRANSPORT_MCTP);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_responder_last_error(fx.rsp)->code, CSPDM_E_SIGNATURE);
	assert_int_equal(rsp_info().challenge_auth, 0);
	stop();
	responder(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_DIGESTS, 0);
	requester(&fx.req, fx.other.key, 0);
	connect(CSPDM_TRANSPORT_MCTP);
	assert_int_equal(cspdm_session_open(fx.s, &fx.link.io), CSPDM_E_DEVICE_ERROR);
	assert_int_equal(cspdm_last_error(fx.ctx)->device_code, SPDM_ERR_DECRYPT_ERROR);
	assert_int_equal(cspdm_responder_last_error(fx.rsp)->code, CSPDM_E_SIGNATURE);
	assert_int_equal(cspdm_session_get_info(fx.s, &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_FAILED);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
	stop();
}

/* ---- one side only ------------------------------------------------------------------------- */

static void test_one_side(void **state)
{
	struct cspdm_result res;

	(void)state;
	/* a requester without an identity: the device does not ask */
	responder(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_BASIC | CSPDM_MUT_ENCAP, 0);
	requester(NULL, NULL, 0);
	connect(CSPDM_TRANSPORT_MCTP);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_get_result(fx.ctx, &res), CSPDM_OK);
	assert_int_equal(res.mutual, 0);
	assert_int_equal(res.req_asym, 0);
	session_use(0);
	assert_int_equal(cspdm_session_encap_begin(fx.s), CSPDM_E_INVALID_ARG);
	stop();
	/* an identity, and a device that does not ask */
	setup_default(CSPDM_TRANSPORT_MCTP, CSPDM_V13, 0, SPDM_CAP_MUT_AUTH | SPDM_CAP_ENCAP);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.link.io), CSPDM_OK);
	assert_int_equal(cspdm_get_result(fx.ctx, &res), CSPDM_OK);
	assert_int_equal(res.mutual, 0);
	session_use(0);
	stop();
}

/* A requester identity one field wrong: cspdm_init refuses it. */
static void refused_identity(void (*spoil)(struct cspdm_req_identity *id))
{
	struct cspdm_config c = fx.cfg;
	struct cspdm_context *ctx;

	spoil(&c.req_id);
	assert_int_equal(cspdm_init(&ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &c), CSPDM_E_INVALID_ARG);
}

static void small_buffer(struct cspdm_req_identity *id)
{
	id->tx_cap = CSPDM_ENCAP_TX_MIN - 1;
}

static void two_algorithms(struct cspdm_req_identity *id)
{
	id->asym = CSPDM_ASYM_ECDSA_P384 | CSPDM_ASYM_ECDSA_P256;
}

static void slot_8(struct cspdm_req_identity *id)
{
	id->slot = 8;
}

static void no_key(struct cspdm_req_identity *id)
{
	id->key = NULL;
}

static void test_config(void **state)
{
	struct cspdm_responder *r;

	(void)state;
	requester(&fx.req, NULL, 0);
	refused_identity(small_buffer);
	refused_identity(two_algorithms);
	refused_identity(slot_8);
	refused_identity(no_key);
	responder(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_ENCAP | CSPDM_MUT_DIGESTS, 0);
	assert_int_equal(cspdm_responder_init(&r, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_E_INVALID_ARG);
	responder(CSPDM_TRANSPORT_MCTP, CSPDM_V13, CSPDM_MUT_BASIC, 0);
	fx.rc.req_cert_buf = NULL;
	assert_int_equal(cspdm_responder_init(&r, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_E_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_v10),
	    cmocka_unit_test(test_session_modes),
	    cmocka_unit_test(test_session_encrypted),
	    cmocka_unit_test(test_session_without_challenge),
	    cmocka_unit_test(test_wo_encap_sources),
	    cmocka_unit_test(test_req_slot),
	    cmocka_unit_test(test_req_algorithms),
	    cmocka_unit_test(test_encap_key_update),
	    cmocka_unit_test(test_request_in_flight),
	    cmocka_unit_test(test_untrusted_requester),
	    cmocka_unit_test(test_wrong_key),
	    cmocka_unit_test(test_one_side),
	    cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
