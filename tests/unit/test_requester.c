/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester state machine (src/core/requester*.c, authenticate.c) driven step by step
 * against the scripted device: honest runs for every version, flow-control ERRORs, timeouts,
 * hostile certificate and CHALLENGE_AUTH replies, and recovery on the same context.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scripted_device.c"

#define CERT_CAP  8192
#define RX_CAP	  8192
#define MAX_STEPS 512
#define MAX_SENDS 64

/* One requester against one scripted device. */
struct h {
	struct sd *d;
	struct sd_config dcfg; /* the device's configuration, restored by recover() */
	struct cspdm_openssl *ossl;
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	void *mem;
	uint8_t cert[CERT_CAP];
	uint8_t rx[RX_CAP];
	uint8_t rsp[SD_MSG_MAX];
	/* recorded by drive() */
	unsigned sends, delays;
	uint64_t delay_us[MAX_SENDS];
	uint8_t req[MAX_SENDS][48]; /* the first bytes of each request sent */
	size_t req_len[MAX_SENDS];
	unsigned delay_before[MAX_SENDS]; /* delays seen before each send */
	unsigned timeout_at;		  /* 1-based send answered by cspdm_step_timeout */
	/* the blocking wrapper's I/O */
	unsigned io_sends, io_sleeps;
	unsigned io_timeout_at; /* 1-based recv that reports CSPDM_E_TIMEOUT */
	unsigned io_fail_at;	/* 1-based send that fails with CSPDM_E_IO */
	size_t io_len;
	uint8_t io_req[SD_REQ_MAX];
};

static char g_tmpdir[64];
static char g_root_pem[128];

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_tmpdir, sizeof(g_tmpdir), "/tmp/cspdm-req-XXXXXX");
	return mkdtemp(g_tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	unlink(g_root_pem);
	rmdir(g_tmpdir);
	return 0;
}

static void h_init_ctx(struct h *t, const char *trust)
{
	if (t->ossl)
		cspdm_openssl_free(t->ossl);
	t->ossl = NULL;
	assert_int_equal(cspdm_openssl_new(&t->ossl, trust), CSPDM_OK);
	t->cfg.crypto = cspdm_openssl_ops(t->ossl);
	assert_int_equal(cspdm_init(&t->ctx, t->mem, cspdm_context_size(), &t->cfg), CSPDM_OK);
}

static struct h *h_new(const struct sd_config *dcfg)
{
	struct h *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	if (dcfg)
		t->dcfg = *dcfg;
	else
		sd_config_defaults(&t->dcfg);
	t->d = sd_new(&t->dcfg);
	assert_non_null(t->d);
	t->mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	assert_non_null(t->mem);
	cspdm_config_defaults(&t->cfg);
	t->cfg.cert_buf = t->cert;
	t->cfg.cert_cap = sizeof(t->cert);
	t->cfg.rx_buf = t->rx;
	t->cfg.rx_cap = sizeof(t->rx);
	h_init_ctx(t, NULL);
	return t;
}

static int setup(void **state)
{
	*state = h_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	struct h *t = *state;

	cspdm_deinit(t->ctx);
	cspdm_openssl_free(t->ossl);
	sd_free(t->d);
	free(t->mem);
	free(t);
	return 0;
}

/* ---- driving the state machine ------------------------------------------------------------ */

static void record_send(struct h *t, const struct cspdm_action *act)
{
	size_t n = act->req_len < sizeof(t->req[0]) ? act->req_len : sizeof(t->req[0]);

	assert_true(t->sends < MAX_SENDS);
	assert_non_null(act->req);
	assert_true(act->req_len >= 4);
	assert_true(act->timeout_us > 0);
	memcpy(t->req[t->sends], act->req, n);
	t->req_len[t->sends] = act->req_len;
	t->delay_before[t->sends] = t->delays;
	t->sends++;
}

/* One step: answer a SEND with the device (or a timeout), or take a DELAY. */
static cspdm_status one_step(struct h *t, struct cspdm_action *act)
{
	size_t n;

	if (act->kind == CSPDM_ACT_DELAY) {
		assert_true(t->delays < MAX_SENDS);
		t->delay_us[t->delays++] = act->delay_us;
		return cspdm_step(t->ctx, NULL, 0, act);
	}
	assert_int_equal(act->kind, CSPDM_ACT_SEND);
	record_send(t, act);
	if (t->sends == t->timeout_at)
		return cspdm_step_timeout(t->ctx, act);
	n = sd_respond(t->d, act->req, act->req_len, t->rsp, sizeof(t->rsp));
	assert_true(n > 0);
	return cspdm_step(t->ctx, t->rsp, n, act);
}

/* A whole authentication on the same context, starting with cspdm_auth_begin. */
static cspdm_status drive(struct h *t)
{
	struct cspdm_action act;
	cspdm_status st;
	unsigned i;

	t->sends = t->delays = 0;
	assert_int_equal(cspdm_auth_begin(t->ctx), CSPDM_OK);
	st = cspdm_step(t->ctx, NULL, 0, &act);
	for (i = 0; !st && act.kind != CSPDM_ACT_DONE; i++) {
		assert_true(i < MAX_STEPS);
		st = one_step(t, &act);
	}
	assert_int_equal(act.kind, CSPDM_ACT_DONE);
	assert_int_equal(st, st ? cspdm_last_error(t->ctx)->code : CSPDM_OK);
	return st;
}

static const cspdm_error *err_of(const struct h *t)
{
	return cspdm_last_error(t->ctx);
}

static struct cspdm_result result_of(const struct h *t)
{
	struct cspdm_result r;

	assert_int_equal(cspdm_get_result(t->ctx, &r), CSPDM_OK);
	return r;
}

static uint32_t div_up(size_t a, size_t b)
{
	return (uint32_t)((a + b - 1) / b);
}

/* VCA 3 + DIGESTS 1 + the CERTIFICATE portions + CHALLENGE 1, for an honest device. */
static uint32_t honest_round_trips(const struct h *t, uint8_t ver)
{
	size_t asked = ver < CSPDM_V12 ? 1024 : t->dcfg.data_transfer_size - 8;

	if (ver >= CSPDM_V12 && t->cfg.data_transfer_size - 8 < asked)
		asked = t->cfg.data_transfer_size - 8;
	if (t->dcfg.max_portion && t->dcfg.max_portion < asked)
		asked = t->dcfg.max_portion;
	return 3 + 1 + div_up(t->d->chain_len, asked) + 1;
}

/* cspdm_result_cert walks the chain: DER certificates back to back up to its end, then stops. */
static void assert_chain_certs(const struct cspdm_result *r)
{
	const uint8_t *der, *prev_end = NULL;
	size_t len, total = 0;
	unsigned i;

	for (i = 0; cspdm_result_cert(r, i, &der, &len) == CSPDM_OK; i++) {
		assert_int_equal(der[0], 0x30);
		if (prev_end)
			assert_ptr_equal(der, prev_end);
		prev_end = der + len;
		total += len;
	}
	assert_true(i >= 1);
	assert_ptr_equal(prev_end, r->cert_chain + r->cert_chain_len);
	assert_true(total < r->cert_chain_len);
	assert_int_equal(cspdm_result_cert(r, i, &der, &len), CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_result_cert(NULL, 0, &der, &len), CSPDM_E_INVALID_ARG);
}

static void assert_honest_result(const struct h *t, uint8_t ver, enum cspdm_auth_outcome outcome)
{
	struct cspdm_result r = result_of(t);
	static const uint8_t zero[CSPDM_NONCE_SIZE];

	assert_int_equal(r.outcome, outcome);
	assert_int_equal(r.version, ver);
	assert_int_equal(r.base_asym, t->dcfg.asym);
	assert_int_equal(r.base_hash, t->d->hash);
	assert_int_equal(r.rsp_caps, SPDM_CAP_CERT | SPDM_CAP_CHAL);
	assert_int_equal(r.slot_mask, 0x01);
	assert_non_null(r.digests[0]);
	assert_memory_equal(r.digests[0], t->d->digest, t->d->hash_size);
	assert_int_equal(r.cert_chain_len, t->d->chain_len);
	assert_memory_equal(r.cert_chain, t->d->chain, t->d->chain_len);
	assert_chain_certs(&r);
	assert_int_equal(r.signature_len, cspdm_sig_size(t->dcfg.asym));
	assert_memory_not_equal(r.responder_nonce, zero, CSPDM_NONCE_SIZE);
	assert_memory_not_equal(r.requester_nonce, r.responder_nonce, CSPDM_NONCE_SIZE);
	assert_int_equal(r.round_trips, honest_round_trips(t, ver));
	assert_int_equal(err_of(t)->code, CSPDM_OK);
}

/* After a failure: the same context, begun again against a now honest device, succeeds. */
static void assert_recovers(struct h *t)
{
	uint8_t challenges = t->d->challenges;

	sd_clear(t->d);
	t->d->cfg = t->dcfg;
	assert_int_equal(drive(t), CSPDM_OK);
	assert_honest_result(t, CSPDM_V13, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(t->d->challenges, challenges + 1);
	sd_clear(t->d);
}

static void add_fault(struct h *t, const struct sd_fault *f)
{
	assert_int_equal(sd_add_fault(t->d, f), 0);
}

static void assert_fail(struct h *t, cspdm_status want, uint8_t req_code, const char *field)
{
	const cspdm_error *e;

	assert_int_equal(drive(t), want);
	e = err_of(t);
	assert_int_equal(e->code, want);
	assert_int_equal(e->request_code, req_code);
	if (field) {
		assert_non_null(e->field);
		assert_string_equal(e->field, field);
	}
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_FAILED);
}

static void use_portion(struct h *t, uint32_t max)
{
	t->d->cfg.max_portion = t->dcfg.max_portion = max;
}

/* ---- honest runs ---------------------------------------------------------------------------- */

static void only_version(struct h *t, uint8_t ver)
{
	t->d->cfg.n_versions = 1;
	t->d->cfg.versions[0] = (uint16_t)(ver << 8);
}

static void run_honest(uint8_t ver)
{
	struct h *t = h_new(NULL);
	unsigned i;

	only_version(t, ver);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_honest_result(t, ver, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(t->d->challenges, 1);
	assert_int_equal(t->delays, 0);
	assert_int_equal(t->sends, honest_round_trips(t, ver));
	/* request headers: GET_VERSION at 1.0, the rest at the negotiated version */
	assert_int_equal(t->req[0][0], CSPDM_V10);
	assert_int_equal(t->req[0][1], SPDM_GET_VERSION);
	for (i = 1; i < t->sends; i++)
		assert_int_equal(t->req[i][0], ver);
	assert_int_equal(t->req[t->sends - 1][1], SPDM_CHALLENGE);
	assert_int_equal(t->req_len[t->sends - 1], ver >= CSPDM_V13 ? 44 : 36);
	teardown((void **)&t);
}

static void test_honest_v10(void **state)
{
	(void)state;
	run_honest(CSPDM_V10);
}

static void test_honest_v11(void **state)
{
	(void)state;
	run_honest(CSPDM_V11);
}

static void test_honest_v12(void **state)
{
	(void)state;
	run_honest(CSPDM_V12);
}

static void test_honest_v13(void **state)
{
	(void)state;
	run_honest(CSPDM_V13);
}

/* The device lists 1.0..1.3: the highest common version wins. */
static void test_honest_highest_version(void **state)
{
	struct h *t = *state;

	assert_int_equal(drive(t), CSPDM_OK);
	assert_honest_result(t, CSPDM_V13, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(t->d->hash, CSPDM_HASH_SHA_384);
}

static void test_honest_p384_sha256(void **state)
{
	struct sd_config c;
	struct h *t;

	(void)state;
	sd_config_defaults(&c);
	c.asym = CSPDM_ASYM_ECDSA_P384;
	c.hash = CSPDM_HASH_SHA_256;
	t = h_new(&c);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_honest_result(t, CSPDM_V13, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(result_of(t).base_hash, CSPDM_HASH_SHA_256);
	assert_int_equal(result_of(t).signature_len, 96);
	teardown((void **)&t);
}

/* With the generated root as the trust store the outcome is TRUSTED, for every version. */
static void test_trusted(void **state)
{
	struct h *t = *state;
	uint8_t ver;

	snprintf(g_root_pem, sizeof(g_root_pem), "%s/root.pem", g_tmpdir);
	assert_int_equal(sd_write_root_pem(t->d, g_root_pem), 0);
	cspdm_deinit(t->ctx);
	h_init_ctx(t, g_root_pem);
	for (ver = CSPDM_V10; ver <= CSPDM_V13; ver++) {
		only_version(t, ver);
		assert_int_equal(drive(t), CSPDM_OK);
		assert_honest_result(t, ver, CSPDM_AUTH_TRUSTED);
	}
}

/* A trust store holding another root: the chain does not anchor. */
static void other_root_store(struct h *t, const char *cn)
{
	struct sd_config c;
	struct sd *other;
	char path[160];

	sd_config_defaults(&c);
	c.root_cn = cn;
	other = sd_new(&c);
	assert_non_null(other);
	snprintf(path, sizeof(path), "%s/other.pem", g_tmpdir);
	assert_int_equal(sd_write_root_pem(other, path), 0);
	sd_free(other);
	cspdm_deinit(t->ctx);
	h_init_ctx(t, path);
	unlink(path);
}

static void test_untrusted_root(void **state)
{
	struct h *t = *state;

	other_root_store(t, "another root");
	assert_fail(t, CSPDM_E_X509_UNTRUSTED, SPDM_GET_CERTIFICATE,
		    "CertChain.Certificate[index]");
	assert_int_equal(t->d->challenges, 0);
}

/* An impostor root: same subject as the trusted one, another key: no trusted root signs it. */
static void test_impostor_root(void **state)
{
	struct h *t = *state;

	other_root_store(t, NULL);
	assert_fail(t, CSPDM_E_X509_UNTRUSTED, SPDM_GET_CERTIFICATE,
		    "CertChain.Certificate[index]");
	assert_int_equal(t->d->challenges, 0);
}

static void test_small_portions(void **state)
{
	struct sd_config c;
	struct h *t;
	uint8_t ver;

	(void)state;
	sd_config_defaults(&c);
	c.max_portion = 100;
	t = h_new(&c);
	for (ver = CSPDM_V10; ver <= CSPDM_V13; ver++) {
		only_version(t, ver);
		assert_int_equal(drive(t), CSPDM_OK);
		assert_honest_result(t, ver, CSPDM_AUTH_EVIDENCE_READY);
		assert_int_equal(sd_requests(t->d, SPDM_GET_CERTIFICATE),
				 div_up(t->d->chain_len, 100));
		assert_true(sd_requests(t->d, SPDM_GET_CERTIFICATE) >= 5);
		sd_clear(t->d);
	}
	teardown((void **)&t);
}

/* A small DataTransferSize of ours limits the portions we ask for (1.2+). */
static void test_small_transfer_size(void **state)
{
	struct h *t = *state;
	unsigned i;

	t->cfg.data_transfer_size = 64;
	cspdm_deinit(t->ctx);
	h_init_ctx(t, NULL);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_honest_result(t, CSPDM_V13, CSPDM_AUTH_EVIDENCE_READY);
	for (i = 0; i < t->sends; i++)
		if (t->req[i][1] == SPDM_GET_CERTIFICATE)
			assert_true((t->req[i][6] | t->req[i][7] << 8) <= 56);
}

static void test_caller_nonce(void **state)
{
	struct h *t = *state;
	uint8_t ver;
	unsigned i;

	t->cfg.have_nonce = 1;
	for (i = 0; i < CSPDM_NONCE_SIZE; i++)
		t->cfg.nonce[i] = (uint8_t)(0xC0 + i);
	cspdm_deinit(t->ctx);
	h_init_ctx(t, NULL);
	for (ver = CSPDM_V10; ver <= CSPDM_V13; ver++) {
		only_version(t, ver);
		assert_int_equal(drive(t), CSPDM_OK);
		assert_int_equal(t->req[t->sends - 1][1], SPDM_CHALLENGE);
		assert_memory_equal(t->req[t->sends - 1] + 4, t->cfg.nonce, CSPDM_NONCE_SIZE);
		assert_memory_equal(result_of(t).requester_nonce, t->cfg.nonce, CSPDM_NONCE_SIZE);
	}
}

/* Two runs on one context use fresh nonces. */
static void test_fresh_nonce_per_run(void **state)
{
	struct h *t = *state;
	uint8_t first[CSPDM_NONCE_SIZE];

	assert_int_equal(drive(t), CSPDM_OK);
	memcpy(first, result_of(t).requester_nonce, CSPDM_NONCE_SIZE);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_memory_not_equal(first, result_of(t).requester_nonce, CSPDM_NONCE_SIZE);
}

/* ---- flow control -----------------------------------------------------------------------------
 */

static struct sd_fault error_fault(uint8_t req_code, uint16_t nth, uint8_t err)
{
	struct sd_fault f;

	memset(&f, 0, sizeof(f));
	f.kind = SD_FAULT_ERROR;
	f.req_code = req_code;
	f.nth = nth;
	f.err_code = err;
	return f;
}

static void test_busy_once(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_GET_DIGESTS, 1, SPDM_ERR_BUSY);

	add_fault(t, &f);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(sd_requests(t->d, SPDM_GET_DIGESTS), 2);
	assert_int_equal(t->delays, 1);
	assert_true(t->delay_us[0] > 0);
	assert_int_equal(result_of(t).round_trips, honest_round_trips(t, CSPDM_V13) + 1);
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_EVIDENCE_READY);
}

static void test_busy_forever(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_GET_DIGESTS, 0, SPDM_ERR_BUSY);

	add_fault(t, &f);
	assert_fail(t, CSPDM_E_BUSY, SPDM_GET_DIGESTS, "ErrorCode");
	assert_int_equal(err_of(t)->device_code, SPDM_ERR_BUSY);
	assert_int_equal(sd_requests(t->d, SPDM_GET_DIGESTS), t->cfg.busy_retries + 1);
	assert_int_equal(t->delays, t->cfg.busy_retries);
	assert_recovers(t);
}

/* The retry limit is per request: one Busy on each of five requests is fine. */
static void test_busy_once_per_request(void **state)
{
	static const uint8_t codes[] = {SPDM_GET_VERSION, SPDM_GET_CAPABILITIES,
					SPDM_NEGOTIATE_ALGORITHMS, SPDM_GET_DIGESTS,
					SPDM_CHALLENGE};
	struct h *t = *state;
	unsigned i;

	for (i = 0; i < sizeof(codes); i++) {
		struct sd_fault f = error_fault(codes[i], 1, SPDM_ERR_BUSY);

		add_fault(t, &f);
	}
	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(t->delays, sizeof(codes));
	assert_int_equal(result_of(t).round_trips,
			 honest_round_trips(t, CSPDM_V13) + sizeof(codes));
}

static struct sd_fault not_ready(uint8_t req_code, uint16_t nth, uint8_t rdt, uint8_t token)
{
	struct sd_fault f = error_fault(req_code, nth, SPDM_ERR_RESPONSE_NOT_READY);

	f.rdt_exponent = rdt;
	f.token = token;
	return f;
}

static void test_not_ready_once(void **state)
{
	struct h *t = *state;
	struct sd_fault f = not_ready(SPDM_CHALLENGE, 1, 5, 0x5A);
	const uint8_t *rif;

	add_fault(t, &f);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(t->delays, 1);
	assert_int_equal(t->delay_us[0], 32);
	/* the last request is RESPOND_IF_READY, after the DELAY, naming CHALLENGE and the token */
	rif = t->req[t->sends - 1];
	assert_int_equal(t->req_len[t->sends - 1], 4);
	assert_int_equal(t->delay_before[t->sends - 1], 1);
	assert_int_equal(rif[0], CSPDM_V13);
	assert_int_equal(rif[1], SPDM_RESPOND_IF_READY);
	assert_int_equal(rif[2], SPDM_CHALLENGE);
	assert_int_equal(rif[3], 0x5A);
	assert_int_equal(t->req[t->sends - 2][1], SPDM_CHALLENGE);
	assert_int_equal(sd_requests(t->d, SPDM_CHALLENGE), 1);
	assert_int_equal(t->d->challenges, 1);
	assert_int_equal(result_of(t).round_trips, honest_round_trips(t, CSPDM_V13) + 1);
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_EVIDENCE_READY);
}

/* ResponseNotReady on a certificate portion in the middle of the loop. */
static void test_not_ready_mid_cert(void **state)
{
	struct h *t = *state;
	struct sd_fault f = not_ready(SPDM_GET_CERTIFICATE, 2, 0, 7);

	use_portion(t, 200);
	add_fault(t, &f);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(t->delays, 1);
	assert_int_equal(t->delay_us[0], 1);
	assert_int_equal(sd_requests(t->d, SPDM_RESPOND_IF_READY), 1);
	assert_int_equal(result_of(t).round_trips, honest_round_trips(t, CSPDM_V13) + 1);
}

/* ResponseNotReady once for each of more portions than not_ready_retries. */
static void test_not_ready_every_portion(void **state)
{
	struct h *t = *state;
	struct sd_fault f = not_ready(SPDM_GET_CERTIFICATE, 0, 1, 3);
	unsigned portions;

	use_portion(t, 64);
	/* responses 1, 3, 5, ...: each GET_CERTIFICATE is NotReady, its RESPOND_IF_READY served */
	f.nth = 1;
	f.period = 2;
	add_fault(t, &f);
	assert_int_equal(drive(t), CSPDM_OK);
	portions = div_up(t->d->chain_len, 64);
	assert_true(portions > t->cfg.not_ready_retries);
	assert_int_equal(sd_requests(t->d, SPDM_GET_CERTIFICATE), portions);
	assert_int_equal(sd_requests(t->d, SPDM_RESPOND_IF_READY), portions);
	assert_int_equal(t->delays, portions);
}

static void test_not_ready_forever(void **state)
{
	struct h *t = *state;
	struct sd_fault f = not_ready(SPDM_CHALLENGE, 0, 3, 1);

	add_fault(t, &f);
	assert_fail(t, CSPDM_E_NOT_READY, SPDM_CHALLENGE, "ErrorCode");
	assert_int_equal(err_of(t)->device_code, SPDM_ERR_RESPONSE_NOT_READY);
	assert_int_equal(sd_requests(t->d, SPDM_RESPOND_IF_READY), t->cfg.not_ready_retries);
	assert_int_equal(t->delays, t->cfg.not_ready_retries);
	assert_recovers(t);
}

static void test_not_ready_other_request(void **state)
{
	struct h *t = *state;
	struct sd_fault f = not_ready(SPDM_CHALLENGE, 1, 3, 1);

	f.nr_req_code = SPDM_GET_DIGESTS;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_NOT_READY, SPDM_CHALLENGE, "RequestCode");
	assert_int_equal(t->delays, 0);
	assert_int_equal(sd_requests(t->d, SPDM_RESPOND_IF_READY), 0);
	assert_recovers(t);
}

static void test_not_ready_long_wait(void **state)
{
	struct h *t = *state;
	struct sd_fault f = not_ready(SPDM_CHALLENGE, 1, 40, 1);

	add_fault(t, &f);
	assert_fail(t, CSPDM_E_NOT_READY, SPDM_CHALLENGE, "RDTExponent");
	assert_recovers(t);
}

static void test_resynch_once(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_GET_DIGESTS, 1, SPDM_ERR_REQUEST_RESYNCH);
	struct cspdm_result r;

	add_fault(t, &f);
	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(sd_requests(t->d, SPDM_GET_VERSION), 2);
	assert_int_equal(sd_requests(t->d, SPDM_GET_DIGESTS), 2);
	/* the request after the ERROR is GET_VERSION, and no DELAY came before it */
	assert_int_equal(t->req[4][1], SPDM_GET_VERSION);
	assert_int_equal(t->req[4][0], CSPDM_V10);
	assert_int_equal(t->delays, 0);
	r = result_of(t);
	assert_int_equal(r.outcome, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(r.version, CSPDM_V13);
	assert_memory_equal(r.cert_chain, t->d->chain, t->d->chain_len);
	/* 4 round trips before the ERROR, then the whole honest run */
	assert_int_equal(r.round_trips, 4 + honest_round_trips(t, CSPDM_V13));
}

static void test_resynch_forever(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_CHALLENGE, 0, SPDM_ERR_REQUEST_RESYNCH);

	add_fault(t, &f);
	assert_fail(t, CSPDM_E_RESYNCH, SPDM_CHALLENGE, "ErrorCode");
	assert_int_equal(err_of(t)->device_code, SPDM_ERR_REQUEST_RESYNCH);
	assert_int_equal(sd_requests(t->d, SPDM_GET_VERSION), t->cfg.resynch_retries + 1);
	assert_int_equal(sd_requests(t->d, SPDM_CHALLENGE), t->cfg.resynch_retries + 1);
	assert_recovers(t);
}

static void test_device_error(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_CHALLENGE, 1, SPDM_ERR_UNSUPPORTED_REQUEST);

	f.err_data = SPDM_CHALLENGE;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_DEVICE_ERROR, SPDM_CHALLENGE, "ErrorCode");
	assert_int_equal(err_of(t)->device_code, SPDM_ERR_UNSUPPORTED_REQUEST);
	assert_int_equal(err_of(t)->device_data, SPDM_CHALLENGE);
	assert_int_equal(err_of(t)->response_code, SPDM_ERROR);
	assert_recovers(t);
}

static void test_device_error_in_vca(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_GET_CAPABILITIES, 1, SPDM_ERR_VERSION_MISMATCH);

	add_fault(t, &f);
	assert_fail(t, CSPDM_E_DEVICE_ERROR, SPDM_GET_CAPABILITIES, "ErrorCode");
	assert_int_equal(err_of(t)->device_code, SPDM_ERR_VERSION_MISMATCH);
	assert_recovers(t);
}

static void test_timeout(void **state)
{
	struct h *t = *state;

	t->timeout_at = 6; /* VCA 3, DIGESTS, CERTIFICATE, then CHALLENGE */
	assert_fail(t, CSPDM_E_TIMEOUT, SPDM_CHALLENGE, NULL);
	assert_int_equal(t->sends, 6);
	assert_int_equal(t->req[5][1], SPDM_CHALLENGE);
	t->timeout_at = 0;
	assert_recovers(t);
}

static void test_timeout_first(void **state)
{
	struct h *t = *state;

	t->timeout_at = 1;
	assert_fail(t, CSPDM_E_TIMEOUT, SPDM_GET_VERSION, NULL);
	t->timeout_at = 0;
	assert_recovers(t);
}

/* ---- CERTIFICATE and DIGESTS ------------------------------------------------------------------
 */

static struct sd_fault damage(uint8_t req_code, uint16_t nth, enum sd_fault_kind kind)
{
	struct sd_fault f;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.req_code = req_code;
	f.nth = nth;
	return f;
}

static void test_cert_remainder_grows(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 2, SD_FAULT_CERT_LENGTHS);

	use_portion(t, 100);
	f.remainder_delta = 1;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_CERT_REMAINDER, SPDM_GET_CERTIFICATE, "RemainderLength");
	assert_int_equal(sd_requests(t->d, SPDM_GET_CERTIFICATE), 2);
	assert_recovers(t);
}

static void test_cert_remainder_shrinks(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 3, SD_FAULT_CERT_LENGTHS);

	use_portion(t, 100);
	f.remainder_delta = -100;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_CERT_REMAINDER, SPDM_GET_CERTIFICATE, "RemainderLength");
	assert_recovers(t);
}

/* PortionLength 0x10 + RemainderLength 0xFFF8 = 0x10008 does not fit the 16-bit chain. */
static void test_cert_length_wraps(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_CERT_LENGTHS);
	struct sd_fault cut = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_TRUNCATE);

	f.set = SD_SET_PORTION | SD_SET_REMAINDER;
	f.portion_len = 0x10;
	f.remainder_len = 0xFFF8;
	cut.len = SD_CERT_RSP_HEADER + 0x10;
	add_fault(t, &f);
	add_fault(t, &cut);
	assert_fail(t, CSPDM_E_CERT_REMAINDER, SPDM_GET_CERTIFICATE, "RemainderLength");
	assert_recovers(t);
}

/* A total below 64 KiB but above the caller's storage. */
static void test_cert_total_too_large_claimed(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_CERT_LENGTHS);

	f.set = SD_SET_REMAINDER;
	f.remainder_len = 0xF000;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_CERT_TOO_LARGE, SPDM_GET_CERTIFICATE, "RemainderLength");
	assert_recovers(t);
}

static void test_cert_portion_too_long(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_CERT_LENGTHS);
	struct sd_fault more = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_APPEND);

	/* we ask for 56 bytes; the device sends 57, framed consistently */
	t->cfg.data_transfer_size = 64;
	cspdm_deinit(t->ctx);
	h_init_ctx(t, NULL);
	f.set = SD_SET_PORTION;
	f.portion_len = 57;
	f.remainder_delta = -1;
	more.len = 1;
	add_fault(t, &f);
	add_fault(t, &more);
	assert_fail(t, CSPDM_E_CERT_PORTION, SPDM_GET_CERTIFICATE, "PortionLength");
	assert_int_equal(t->req[4][6] | t->req[4][7] << 8, 56);
	assert_recovers(t);
}

static void test_cert_portion_zero(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 2, SD_FAULT_CERT_LENGTHS);
	struct sd_fault cut = damage(SPDM_GET_CERTIFICATE, 2, SD_FAULT_TRUNCATE);

	use_portion(t, 100);
	f.set = SD_SET_PORTION;
	f.portion_len = 0;
	f.remainder_delta = 100;
	cut.len = SD_CERT_RSP_HEADER;
	add_fault(t, &f);
	add_fault(t, &cut);
	assert_fail(t, CSPDM_E_CERT_PORTION, SPDM_GET_CERTIFICATE, "PortionLength");
	assert_recovers(t);
}

static void test_cert_too_large_for_caller(void **state)
{
	struct h *t = *state;

	t->cfg.cert_cap = 256;
	cspdm_deinit(t->ctx);
	h_init_ctx(t, NULL);
	assert_fail(t, CSPDM_E_CERT_TOO_LARGE, SPDM_GET_CERTIFICATE, "RemainderLength");
	assert_true(t->d->chain_len > 256);
	/* the caller's storage is the limit: a bigger one on a new context works */
	t->cfg.cert_cap = CERT_CAP;
	cspdm_deinit(t->ctx);
	h_init_ctx(t, NULL);
	assert_recovers(t);
}

static void test_cert_wrong_slot(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_SLOT);

	f.slot = 1;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_SLOT, SPDM_GET_CERTIFICATE, "Param1 (SlotID)");
	assert_recovers(t);
}

static void test_digests_slot_missing(void **state)
{
	struct h *t = *state;
	struct sd_fault prov = damage(SPDM_GET_DIGESTS, 1, SD_FAULT_MUTATE);
	struct sd_fault supp = damage(SPDM_GET_DIGESTS, 1, SD_FAULT_MUTATE);

	/* slot 1 supported and provisioned (one digest, as before), slot 0 not provisioned */
	prov.at = 3;
	prov.xor_mask = 0x03;
	supp.at = 2;
	supp.xor_mask = 0x02;
	add_fault(t, &prov);
	add_fault(t, &supp);
	assert_fail(t, CSPDM_E_SLOT, SPDM_GET_DIGESTS, "Param2 (SlotMask)");
	assert_int_equal(sd_requests(t->d, SPDM_GET_CERTIFICATE), 0);
	assert_recovers(t);
}

static void test_root_hash_mismatch(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_CERTIFICATE, 1, SD_FAULT_MUTATE);

	f.at = SD_CERT_RSP_HEADER + 4; /* first byte of RootHash */
	f.xor_mask = 0x80;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_ROOT_HASH, SPDM_GET_CERTIFICATE, "CertChain.RootHash");
	assert_recovers(t);
}

static void test_chain_digest_mismatch(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_GET_DIGESTS, 1, SD_FAULT_MUTATE);

	f.at = 4 + 7;
	f.xor_mask = 0x01;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_CHAIN_DIGEST, SPDM_GET_CERTIFICATE, "Digest");
	assert_recovers(t);
}

/* Damage the leaf's signature inside the device and re-digest: consistent, but not valid X.509. */
static size_t break_leaf(struct sd *d, uint8_t *out, size_t len, size_t cap, void *arg)
{
	(void)out;
	(void)cap;
	(void)arg;
	d->chain[d->chain_len - 1] ^= 0x01;
	assert_int_equal(cspdm_hash_oneshot(d->ops, d->hash, d->chain, d->chain_len, d->digest),
			 CSPDM_OK);
	return len;
}

static void test_leaf_cert_damaged(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_NEGOTIATE_ALGORITHMS, 1, SD_FAULT_HOOK);

	f.hook = break_leaf;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_X509_SIGNATURE, SPDM_GET_CERTIFICATE,
		    "CertChain.Certificate[index]");
	assert_int_equal(err_of(t)->offset, 1);
	assert_int_equal(t->d->challenges, 0);
	assert_recovers(t);
}

static void test_truncated_and_trailing(void **state)
{
	struct h *t = *state;
	struct sd_fault cut = damage(SPDM_NEGOTIATE_ALGORITHMS, 1, SD_FAULT_TRUNCATE);
	struct sd_fault more = damage(SPDM_GET_DIGESTS, 1, SD_FAULT_APPEND);

	cut.len = 20;
	add_fault(t, &cut);
	assert_fail(t, CSPDM_E_TRUNCATED, SPDM_NEGOTIATE_ALGORITHMS, NULL);
	assert_recovers(t);
	more.len = 5;
	add_fault(t, &more);
	assert_fail(t, CSPDM_E_TRAILING, SPDM_GET_DIGESTS, NULL);
	assert_recovers(t);
}

/* ---- CHALLENGE_AUTH -----------------------------------------------------------------------------
 */

static void test_signature_flipped(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_CHALLENGE, 1, SD_FAULT_MUTATE);
	uint8_t ver;

	f.from_end = 1;
	f.at = 10;
	f.xor_mask = 0x01;
	add_fault(t, &f);
	for (ver = CSPDM_V10; ver <= CSPDM_V13; ver++) {
		only_version(t, ver);
		assert_fail(t, CSPDM_E_SIGNATURE, SPDM_CHALLENGE, "Signature");
		assert_int_equal(err_of(t)->offset,
				 t->d->last_rsp_len - cspdm_sig_size(t->dcfg.asym));
		t->d->count[SPDM_CHALLENGE] = 0;
	}
	assert_recovers(t);
}

static void test_chain_hash_in_auth(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_CHALLENGE, 1, SD_FAULT_MUTATE);

	f.at = 4;
	f.xor_mask = 0x10;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_CHAIN_DIGEST, SPDM_CHALLENGE, "CertChainHash");
	assert_recovers(t);
}

static void test_echoed_nonce(void **state)
{
	struct h *t = *state;
	struct sd_fault f = damage(SPDM_CHALLENGE, 1, SD_FAULT_ECHO_NONCE);

	add_fault(t, &f);
	assert_fail(t, CSPDM_E_NONCE, SPDM_CHALLENGE, "Nonce");
	assert_int_equal(err_of(t)->offset, 4 + t->d->hash_size);
	assert_recovers(t);
}

/* A CHALLENGE_AUTH captured from run 1 and replayed in run 2 (fresh nonce) must not verify. */
static void test_replayed_auth(void **state)
{
	struct h *t = *state;
	uint8_t old[SD_MSG_MAX];
	size_t old_len;
	struct sd_fault f = damage(SPDM_CHALLENGE, 1, SD_FAULT_REPLACE);

	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(t->d->last_rsp[1], SPDM_CHALLENGE_AUTH);
	old_len = t->d->last_rsp_len;
	memcpy(old, t->d->last_rsp, old_len);
	sd_clear(t->d);
	f.bytes = old;
	f.len = old_len;
	add_fault(t, &f);
	assert_fail(t, CSPDM_E_SIGNATURE, SPDM_CHALLENGE, "Signature");
	assert_recovers(t);
}

static void test_no_common_version(void **state)
{
	struct h *t = *state;

	t->d->cfg.n_versions = 2;
	t->d->cfg.versions[0] = 0x2000;
	t->d->cfg.versions[1] = 0x0900;
	assert_fail(t, CSPDM_E_NO_COMMON_VERSION, SPDM_GET_VERSION, "VersionNumberEntry");
	assert_int_equal(t->sends, 1);
	assert_recovers(t);
}

/* Our min_version above everything the device offers. */
static void test_min_version_above_device(void **state)
{
	struct h *t = *state;

	only_version(t, CSPDM_V11);
	t->cfg.min_version = CSPDM_V12;
	cspdm_deinit(t->ctx);
	h_init_ctx(t, NULL);
	assert_fail(t, CSPDM_E_NO_COMMON_VERSION, SPDM_GET_VERSION, "VersionNumberEntry");
}

/* ---- the blocking wrapper ---------------------------------------------------------------------
 */

static cspdm_status io_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct h *t = priv;

	assert_int_equal(kind, CSPDM_MSG_SPDM);
	t->io_sends++;
	if (t->io_sends == t->io_fail_at)
		return CSPDM_E_IO;
	assert_true(len <= sizeof(t->io_req));
	memcpy(t->io_req, msg, len);
	t->io_len = len;
	return CSPDM_OK;
}

static cspdm_status io_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			    enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct h *t = priv;

	assert_null(kind); /* authentication takes SPDM messages only */

	assert_true(timeout_us > 0);
	if (t->io_sends == t->io_timeout_at)
		return CSPDM_E_TIMEOUT;
	*len = sd_respond(t->d, t->io_req, t->io_len, buf, cap);
	return *len ? CSPDM_OK : CSPDM_E_IO;
}

static void io_sleep(void *priv, uint64_t us)
{
	struct h *t = priv;

	assert_true(us > 0);
	t->io_sleeps++;
}

static struct cspdm_io make_io(struct h *t)
{
	struct cspdm_io io = {.priv = t, .send = io_send, .recv = io_recv, .sleep_us = io_sleep};

	return io;
}

static void test_blocking_honest(void **state)
{
	struct h *t = *state;
	struct cspdm_io io = make_io(t);
	struct sd_fault f = error_fault(SPDM_GET_DIGESTS, 1, SPDM_ERR_BUSY);

	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_OK);
	assert_honest_result(t, CSPDM_V13, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(t->io_sends, honest_round_trips(t, CSPDM_V13));
	assert_int_equal(t->io_sleeps, 0);
	/* again on the same context, with a Busy: one sleep */
	sd_clear(t->d);
	add_fault(t, &f);
	t->io_sends = 0;
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_OK);
	assert_int_equal(t->io_sleeps, 1);
	assert_int_equal(t->io_sends, honest_round_trips(t, CSPDM_V13) + 1);
}

static void test_blocking_not_ready(void **state)
{
	struct h *t = *state;
	struct cspdm_io io = make_io(t);
	struct sd_fault f = not_ready(SPDM_CHALLENGE, 1, 2, 9);

	add_fault(t, &f);
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_OK);
	assert_int_equal(t->io_sleeps, 1);
	assert_int_equal(t->io_req[1], SPDM_RESPOND_IF_READY);
	assert_int_equal(t->io_req[3], 9);
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_EVIDENCE_READY);
}

static void test_blocking_timeout(void **state)
{
	struct h *t = *state;
	struct cspdm_io io = make_io(t);

	t->io_timeout_at = 6;
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_E_TIMEOUT);
	assert_int_equal(err_of(t)->code, CSPDM_E_TIMEOUT);
	assert_int_equal(err_of(t)->request_code, SPDM_CHALLENGE);
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_FAILED);
	t->io_timeout_at = 0;
	t->io_sends = 0;
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_OK);
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_EVIDENCE_READY);
}

static void test_blocking_io_error(void **state)
{
	struct h *t = *state;
	struct cspdm_io io = make_io(t);

	t->io_fail_at = 2;
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_E_IO);
	assert_int_equal(err_of(t)->code, CSPDM_E_IO);
	assert_int_equal(err_of(t)->request_code, SPDM_GET_CAPABILITIES);
	t->io_fail_at = 0;
	t->io_sends = 0;
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_OK);
}

static void test_blocking_hostile(void **state)
{
	struct h *t = *state;
	struct cspdm_io io = make_io(t);
	struct sd_fault f = damage(SPDM_CHALLENGE, 1, SD_FAULT_MUTATE);

	f.from_end = 1;
	f.xor_mask = 0x40;
	add_fault(t, &f);
	assert_int_equal(cspdm_authenticate(t->ctx, &io), CSPDM_E_SIGNATURE);
	assert_string_equal(err_of(t)->field, "Signature");
}

/* ---- state machine misuse ----------------------------------------------------------------------
 */

static void test_step_after_done(void **state)
{
	struct h *t = *state;
	struct cspdm_action act;
	uint8_t junk[4] = {0x13, 0x7F, 0x01, 0};

	assert_int_equal(drive(t), CSPDM_OK);
	assert_int_equal(cspdm_step(t->ctx, junk, sizeof(junk), &act), CSPDM_OK);
	assert_int_equal(act.kind, CSPDM_ACT_DONE);
	assert_int_equal(result_of(t).outcome, CSPDM_AUTH_EVIDENCE_READY);
}

static void test_reply_while_delay_pending(void **state)
{
	struct h *t = *state;
	struct sd_fault f = error_fault(SPDM_GET_DIGESTS, 1, SPDM_ERR_BUSY);
	struct cspdm_action act;
	unsigned i;
	cspdm_status st;

	add_fault(t, &f);
	assert_int_equal(cspdm_auth_begin(t->ctx), CSPDM_OK);
	st = cspdm_step(t->ctx, NULL, 0, &act);
	for (i = 0; !st && act.kind == CSPDM_ACT_SEND && i < 8; i++)
		st = one_step(t, &act);
	assert_int_equal(st, CSPDM_OK);
	assert_int_equal(act.kind, CSPDM_ACT_DELAY);
	/* a reply fed while the requester waits to resend is a caller error */
	assert_int_equal(cspdm_step(t->ctx, t->rsp, 4, &act), CSPDM_E_STATE);
	assert_int_equal(act.kind, CSPDM_ACT_DONE);
	assert_recovers(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_honest_v10),
	    cmocka_unit_test(test_honest_v11),
	    cmocka_unit_test(test_honest_v12),
	    cmocka_unit_test(test_honest_v13),
	    cmocka_unit_test(test_honest_p384_sha256),
	    cmocka_unit_test_setup_teardown(test_honest_highest_version, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_trusted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_untrusted_root, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_impostor_root, setup, teardown),
	    cmocka_unit_test(test_small_portions),
	    cmocka_unit_test_setup_teardown(test_small_transfer_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_caller_nonce, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fresh_nonce_per_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_busy_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_busy_forever, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_busy_once_per_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready_mid_cert, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready_every_portion, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready_forever, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready_other_request, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready_long_wait, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resynch_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resynch_forever, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_device_error, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_device_error_in_vca, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timeout_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_remainder_grows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_remainder_shrinks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_length_wraps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_total_too_large_claimed, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_portion_too_long, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_portion_zero, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_too_large_for_caller, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cert_wrong_slot, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_digests_slot_missing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_root_hash_mismatch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_digest_mismatch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_leaf_cert_damaged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_truncated_and_trailing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signature_flipped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_hash_in_auth, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_echoed_nonce, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replayed_auth, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_common_version, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_min_version_above_device, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blocking_honest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blocking_not_ready, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blocking_timeout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blocking_io_error, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blocking_hostile, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_step_after_done, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reply_while_delay_pending, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
