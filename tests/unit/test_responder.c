/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder core: our requester against our responder in-process, for every version and
 * every signature algorithm; ResponseNotReady; and robustness: every request truncated at
 * every length, and random bytes, get an ERROR, and honest requests are served afterwards.
 */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "crypto/openssl_priv.h"
#include "codec/certchain.h"
#include "cspdm/responder.h"
#include "core/responder_ctx.h"

struct pair {
	struct cspdm_openssl *ossl;
	struct cspdm_identity id[2];
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096];
	struct cspdm_context *req;
	uint64_t req_mem[1024];
	uint8_t cert[65536];
	uint8_t meas[8192];
	uint8_t transcript[16384];
	unsigned sigs[2];
	uint32_t pad;
	void *leaf_key;
};

static void count_sig(void *priv, const struct cspdm_signature_evidence *ev)
{
	struct pair *p = priv;

	assert_true(ev->transcript_len > 0);
	assert_true(ev->signature_len > 0);
	p->sigs[ev->kind]++;
}

static void pair_init(struct pair *p, uint32_t asym, uint32_t hash, uint8_t slots)
{
	struct cspdm_responder_config rc;
	uint8_t s;

	memset(p, 0, sizeof(*p));
	assert_int_equal(cspdm_openssl_new(&p->ossl, NULL), CSPDM_OK);
	cspdm_responder_config_defaults(&rc);
	rc.crypto = cspdm_openssl_ops(p->ossl);
	rc.base_asym = asym;
	rc.base_hash = hash;
	for (s = 0; s < slots; s++) {
		assert_int_equal(cspdm_identity_generate(asym, NULL, s, &p->id[s]), CSPDM_OK);
		rc.slots[s].certs = p->id[s].chain;
		rc.slots[s].certs_len = p->id[s].chain_len;
		rc.slots[s].key = p->id[s].key;
	}
	assert_int_equal(cspdm_responder_init(&p->rsp, p->rsp_mem, sizeof(p->rsp_mem), &rc),
			 CSPDM_OK);
}

static void pair_free(struct pair *p)
{
	cspdm_responder_deinit(p->rsp);
	if (p->req)
		cspdm_deinit(p->req);
	cspdm_identity_free(&p->id[0]);
	cspdm_identity_free(&p->id[1]);
	cspdm_openssl_free(p->ossl);
}

static void req_init(struct pair *p, uint8_t max_ver, uint8_t slot)
{
	struct cspdm_config c;

	cspdm_config_defaults(&c);
	c.crypto = cspdm_openssl_ops(p->ossl);
	c.max_version = max_ver;
	c.slot = slot;
	c.cert_buf = p->cert;
	c.cert_cap = sizeof(p->cert);
	c.meas_buf = p->meas;
	c.meas_cap = sizeof(p->meas);
	c.transcript_buf = p->transcript;
	c.transcript_cap = sizeof(p->transcript);
	c.on_signature = count_sig;
	c.on_signature_priv = p;
	c.max_pad = p->pad;
	if (p->req)
		cspdm_deinit(p->req);
	assert_int_equal(cspdm_init(&p->req, p->req_mem, sizeof(p->req_mem), &c), CSPDM_OK);
}

/* Drive a begun flow of the requester against the responder; returns the final status. */
static cspdm_status drive(struct pair *p, unsigned *delays)
{
	static uint8_t rsp[8192];
	struct cspdm_action act;
	cspdm_status st;
	size_t n;

	st = cspdm_step(p->req, NULL, 0, &act);
	while (!st && act.kind != CSPDM_ACT_DONE) {
		if (act.kind == CSPDM_ACT_DELAY) {
			if (delays)
				(*delays)++;
			st = cspdm_step(p->req, NULL, 0, &act);
			continue;
		}
		n = cspdm_responder_process(p->rsp, act.req, act.req_len, 0, rsp, sizeof(rsp));
		assert_true(n > 0);
		st = cspdm_step(p->req, rsp, n, &act);
	}
	return st;
}

static cspdm_status run(struct pair *p, unsigned *delays)
{
	assert_int_equal(cspdm_auth_begin(p->req), CSPDM_OK);
	return drive(p, delays);
}

static void measure(struct pair *p, uint16_t op, uint8_t sign, struct cspdm_meas_result *res)
{
	struct cspdm_meas_query q = {op, sign, 0};

	assert_int_equal(cspdm_meas_begin(p->req, &q), CSPDM_OK);
	assert_int_equal(drive(p, NULL), CSPDM_OK);
	assert_int_equal(cspdm_get_meas_result(p->req, res), CSPDM_OK);
}

/* Blocks in a record, checked through the codec. */
static unsigned count_blocks(const struct cspdm_meas_result *res)
{
	struct spdm_meas_block b;
	size_t off = 0;
	unsigned n = 0;

	while (off < res->record_len) {
		assert_int_equal(spdm_next_meas_block(res->record, res->record_len, &off, &b, NULL),
				 CSPDM_OK);
		n++;
	}
	return n;
}

/* What a host saves after a full authentication: slot, algorithms, digest, leaf key. */
static void save_known(struct pair *p, struct cspdm_known_device *k)
{
	struct cspdm_result res;
	uint8_t spki[1024];
	size_t n = 0;

	assert_int_equal(cspdm_get_result(p->req, &res), CSPDM_OK);
	memset(k, 0, sizeof(*k));
	k->slot = res.slot;
	k->base_asym = res.base_asym;
	k->base_hash = res.base_hash;
	memcpy(k->chain_digest, res.digests[res.slot], cspdm_hash_size(res.base_hash));
	/* the leaf key, through SPKI DER as a saved identity file would carry it */
	assert_int_equal(cspdm_openssl_pubkey_to_spki(p->leaf_key, spki, sizeof(spki), &n),
			 CSPDM_OK);
	assert_int_equal(cspdm_openssl_pubkey_from_spki(spki, n, &k->pubkey), CSPDM_OK);
}

static cspdm_status reauth(struct pair *p, const struct cspdm_known_device *k, uint32_t *rt)
{
	struct cspdm_result res;
	cspdm_status st;

	assert_int_equal(cspdm_reauth_begin(p->req, k), CSPDM_OK);
	st = drive(p, NULL);
	assert_int_equal(cspdm_get_result(p->req, &res), CSPDM_OK);
	*rt = res.round_trips;
	return st;
}

static void test_reauthentication(void **state)
{
	struct pair p, other;
	struct cspdm_known_device k;
	uint32_t full, quick;
	struct cspdm_result res;

	(void)state;
	pair_init(&p, CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384, 1);
	req_init(&p, CSPDM_V13, 0);
	assert_int_equal(run(&p, NULL), CSPDM_OK);
	assert_int_equal(cspdm_get_result(p.req, &res), CSPDM_OK);
	full = res.round_trips;
	p.leaf_key = p.id[0].key;
	save_known(&p, &k);
	/* the same device: fewer round trips (no GET_CERTIFICATE) */
	assert_int_equal(reauth(&p, &k, &quick), CSPDM_OK);
	assert_true(quick < full);
	/* a device restarted with another key: the digest changed */
	pair_init(&other, CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384, 1);
	req_init(&other, CSPDM_V13, 0);
	assert_int_equal(reauth(&other, &k, &quick), CSPDM_E_CHAIN_DIGEST);
	assert_string_equal(cspdm_last_error(other.req)->field, "Digest (changed)");
	pair_free(&other);
	/* another algorithm */
	pair_init(&other, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256, 1);
	req_init(&other, CSPDM_V13, 0);
	assert_int_equal(reauth(&other, &k, &quick), CSPDM_E_ALGORITHM);
	pair_free(&other);
	cspdm_openssl_ops(p.ossl)->key_free(NULL, k.pubkey);
	pair_free(&p);
}

static void test_measurements(void **state)
{
	struct pair p;
	struct cspdm_meas_result res;
	uint8_t v, count;

	(void)state;
	cspdm_responder_default_meas(&count);
	pair_init(&p, CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384, 1);
	for (v = CSPDM_V10; v <= CSPDM_V14; v++) {
		req_init(&p, v, 0);
		memset(p.sigs, 0, sizeof(p.sigs));
		assert_int_equal(run(&p, NULL), CSPDM_OK);
		assert_int_equal(p.sigs[CSPDM_SIG_CHALLENGE_AUTH], 1);
		measure(&p, CSPDM_MEAS_ONE_BY_ONE, 1, &res);
		assert_int_equal(res.total, count);
		assert_int_equal(res.blocks, count);
		assert_int_equal(res.signatures, count);
		assert_int_equal(count_blocks(&res), count);
		measure(&p, 0xFF, 1, &res);
		assert_int_equal(res.blocks, count);
		assert_int_equal(res.signatures, 1);
		measure(&p, 3, 0, &res);
		assert_int_equal(res.blocks, 1);
		assert_int_equal(res.signatures, 0);
		assert_int_equal(p.sigs[CSPDM_SIG_MEASUREMENTS], count + 1);
	}
	pair_free(&p);
}

static void check_version_matrix(uint32_t asym, uint32_t hash)
{
	struct pair p;
	struct cspdm_result res;
	uint8_t v;

	pair_init(&p, asym, hash, 1);
	for (v = CSPDM_V10; v <= CSPDM_V14; v++) {
		if (!(asym & spdm_asym_for_version(v))) {
			/* EdDSA before 1.2: nothing in common, and the requester says so */
			req_init(&p, v, 0);
			assert_int_equal(run(&p, NULL), CSPDM_E_ALGORITHM);
			continue;
		}
		req_init(&p, v, 0);
		assert_int_equal(run(&p, NULL), CSPDM_OK);
		assert_int_equal(cspdm_get_result(p.req, &res), CSPDM_OK);
		assert_int_equal(res.version, v);
		assert_int_equal(res.base_asym, asym);
		assert_int_equal(res.outcome, CSPDM_AUTH_EVIDENCE_READY);
	}
	pair_free(&p);
}

static void test_ecdsa(void **state)
{
	(void)state;
	check_version_matrix(CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	check_version_matrix(CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384);
	check_version_matrix(CSPDM_ASYM_ECDSA_P521, CSPDM_HASH_SHA_512);
}

static void test_rsa(void **state)
{
	(void)state;
	check_version_matrix(CSPDM_ASYM_RSASSA_2048, CSPDM_HASH_SHA_256);
	check_version_matrix(CSPDM_ASYM_RSAPSS_2048, CSPDM_HASH_SHA_384);
	check_version_matrix(CSPDM_ASYM_RSASSA_3072, CSPDM_HASH_SHA_384);
	check_version_matrix(CSPDM_ASYM_RSAPSS_3072, CSPDM_HASH_SHA_512);
}

static void test_eddsa(void **state)
{
	(void)state;
	check_version_matrix(CSPDM_ASYM_EDDSA_25519, CSPDM_HASH_SHA_256);
	check_version_matrix(CSPDM_ASYM_EDDSA_448, CSPDM_HASH_SHA_512);
}

static void test_slot1_and_not_ready(void **state)
{
	struct pair p;
	struct cspdm_responder_config rc;
	unsigned delays = 0;

	(void)state;
	pair_init(&p, CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384, 2);
	req_init(&p, CSPDM_V13, 1);
	assert_int_equal(run(&p, NULL), CSPDM_OK);
	/* ResponseNotReady for CHALLENGE and GET_CERTIFICATE, then RESPOND_IF_READY */
	rc = p.rsp->cfg;
	rc.not_ready_mask = (1u << (SPDM_CHALLENGE & 0x1F)) | (1u << (SPDM_GET_CERTIFICATE & 0x1F));
	rc.rdt_exponent = 3;
	cspdm_responder_deinit(p.rsp);
	assert_int_equal(cspdm_responder_init(&p.rsp, p.rsp_mem, sizeof(p.rsp_mem), &rc), CSPDM_OK);
	req_init(&p, CSPDM_V12, 0);
	assert_int_equal(run(&p, &delays), CSPDM_OK);
	assert_true(delays >= 2);
	pair_free(&p);
}

/* An honest conversation's requests, captured from a requester run, by version. */
struct recorded {
	uint8_t msg[8][160];
	size_t len[8];
	unsigned n;
};

static void record_requests(struct pair *p, uint8_t ver, struct recorded *rec)
{
	static uint8_t rsp[8192];
	struct cspdm_action act;
	size_t n;

	req_init(p, ver, 0);
	memset(rec, 0, sizeof(*rec));
	assert_int_equal(cspdm_auth_begin(p->req), CSPDM_OK);
	assert_int_equal(cspdm_step(p->req, NULL, 0, &act), CSPDM_OK);
	while (act.kind == CSPDM_ACT_SEND) {
		if (rec->n < 8) {
			memcpy(rec->msg[rec->n], act.req, act.req_len);
			rec->len[rec->n++] = act.req_len;
		}
		n = cspdm_responder_process(p->rsp, act.req, act.req_len, 0, rsp, sizeof(rsp));
		assert_int_equal(cspdm_step(p->req, rsp, n, &act), CSPDM_OK);
	}
}

/* Replays requests [0, upto) honestly, then sends bad; the answer must be an ERROR. */
static void expect_error(struct pair *p, const struct recorded *rec, unsigned upto,
			 const uint8_t *bad, size_t bad_len)
{
	static uint8_t rsp[8192];
	unsigned i;
	size_t n;

	for (i = 0; i < upto; i++)
		assert_true(cspdm_responder_process(p->rsp, rec->msg[i], rec->len[i], 0, rsp,
						    sizeof(rsp)) > 0);
	n = cspdm_responder_process(p->rsp, bad, bad_len, 0, rsp, sizeof(rsp));
	assert_true(n >= 4);
	assert_int_equal(rsp[1], SPDM_ERROR);
}

static void test_truncated_requests(void **state)
{
	struct pair p;
	struct recorded rec;
	unsigned i, cut, errors = 0;
	uint8_t v;

	(void)state;
	pair_init(&p, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256, 1);
	for (v = CSPDM_V10; v <= CSPDM_V14; v++) {
		record_requests(&p, v, &rec);
		for (i = 0; i < rec.n; i++) {
			for (cut = 0; cut < rec.len[i]; cut++) {
				if (cut >= 4 && rec.msg[i][1] == SPDM_GET_VERSION)
					continue; /* GET_VERSION is 4 bytes */
				expect_error(&p, &rec, i, rec.msg[i], cut);
				errors++;
			}
		}
		/* afterwards the same responder serves an honest requester */
		req_init(&p, v, 0);
		assert_int_equal(run(&p, NULL), CSPDM_OK);
	}
	assert_true(errors > 300);
	pair_free(&p);
}

static void test_random_and_out_of_order(void **state)
{
	static uint8_t rsp[8192];
	struct pair p;
	struct recorded rec;
	uint8_t junk[64];
	unsigned i, k;
	size_t n;

	(void)state;
	srand(1234);
	pair_init(&p, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256, 1);
	record_requests(&p, CSPDM_V12, &rec);
	/* each request out of order right after GET_VERSION: UnexpectedRequest */
	for (i = 3; i < rec.n; i++)
		expect_error(&p, &rec, 1, rec.msg[i], rec.len[i]);
	for (k = 0; k < 2000; k++) {
		n = (size_t)(rand() % (int)sizeof(junk));
		for (i = 0; i < n; i++)
			junk[i] = (uint8_t)rand();
		if (n >= 2 && (junk[1] == SPDM_GET_VERSION || junk[1] == SPDM_RESPOND_IF_READY))
			continue; /* a valid GET_VERSION answers VERSION */
		n = cspdm_responder_process(p.rsp, junk, n, 0, rsp, sizeof(rsp));
		assert_true(n >= 4);
		assert_int_equal(rsp[1], SPDM_ERROR);
	}
	req_init(&p, CSPDM_V13, 0);
	assert_int_equal(run(&p, NULL), CSPDM_OK);
	pair_free(&p);
}

static void test_specific_errors(void **state)
{
	static uint8_t rsp[8192];
	struct pair p;
	struct recorded rec;
	uint8_t bad[160];
	size_t n;

	(void)state;
	pair_init(&p, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256, 1);
	record_requests(&p, CSPDM_V12, &rec);
	/* GET_VERSION with version 1.1 in the header: VersionMismatch */
	memcpy(bad, rec.msg[0], 4);
	bad[0] = 0x11;
	n = cspdm_responder_process(p.rsp, bad, 4, 0, rsp, sizeof(rsp));
	assert_int_equal(n, 4);
	assert_int_equal(rsp[2], SPDM_ERR_VERSION_MISMATCH);
	/* after VCA, GET_DIGESTS with the wrong version: VersionMismatch */
	expect_error(&p, &rec, 3, (const uint8_t *)"\x11\x81\x00\x00", 4);
	/* unsupported request: UnsupportedRequest naming the code */
	n = cspdm_responder_process(p.rsp, (const uint8_t *)"\x12\xe4\x00\x00", 4, 0, rsp,
				    sizeof(rsp));
	assert_int_equal(rsp[2], SPDM_ERR_UNSUPPORTED_REQUEST);
	assert_int_equal(rsp[3], SPDM_KEY_EXCHANGE);
	/* GET_CERTIFICATE for an empty slot: InvalidRequest */
	memcpy(bad, rec.msg[4], rec.len[4]);
	bad[2] = 3;
	n = cspdm_responder_process(p.rsp, bad, rec.len[4], 0, rsp, sizeof(rsp));
	assert_int_equal(rsp[2], SPDM_ERR_INVALID_REQUEST);
	/* RESPOND_IF_READY with nothing pending: UnexpectedRequest */
	n = cspdm_responder_process(p.rsp, (const uint8_t *)"\x12\xff\x83\x01", 4, 0, rsp,
				    sizeof(rsp));
	assert_int_equal(rsp[2], SPDM_ERR_UNEXPECTED_REQUEST);
	(void)n;
	pair_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ecdsa),
	    cmocka_unit_test(test_rsa),
	    cmocka_unit_test(test_eddsa),
	    cmocka_unit_test(test_slot1_and_not_ready),
	    cmocka_unit_test(test_measurements),
	    cmocka_unit_test(test_reauthentication),
	    cmocka_unit_test(test_truncated_requests),
	    cmocka_unit_test(test_random_and_out_of_order),
	    cmocka_unit_test(test_specific_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
