/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hostile-device catalogue runner (see hostile.h). For every scenario of hx_cases[]: a
 * fresh requester context and our responder behind the fault, the flow (authentication, then
 * measurements for the measurement scenarios), the exact cspdm_status (and for some the field
 * or the device's ErrorCode); then the SAME context authenticates an honest device. For every
 * case of hx_rsp_cases[]: a hostile request to our responder, the exact ERROR, and then an
 * honest requester on the same responder. The session tables (hx_sess_cases.c) do the same
 * inside the session protocol: a device that misbehaves in a session, after which the session
 * must have failed with nothing of it left and the same context must run an honest session;
 * and hostile session requests to our responder. The application tables (hx_app_cases.c) run
 * IDE_KM, TDISP, CXL IDE_KM and CXL TSP in a session: a device that misbehaves in them, and
 * hostile requests to our device model. After every scenario the context has freed every
 * crypto handle (hx_count.c). Prints the count by category and "N passed, M failed";
 * exits non-zero on any failure. HOSTILE_VERBOSE=1 lists every scenario.
 */
#include "hx_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "codec/chunk.h"
#include "cspdm/transport.h"
#include "testutil.h"

#define CERT_CAP (16u * 1024u)
#define MEAS_CAP (16u * 1024u)
#define REQCTX	 "hostile"
#define QUICK_US 1000000u /* a rejected 16 MiB header must not take longer */

struct hx_env hx_env;

static const char *const cat_names[HX_CAT_COUNT] = {
    "every-message",  "version/caps", "algorithms",    "digests",    "certificate", "x509",
    "challenge-auth", "measurements", "errors/timing", "connection", "chunks",	    "responder",
    "sessions",	      "rsp-sessions", "app",	       "rsp-app",
};

static struct hx harness;
static void *ctx_mem;
static uint8_t *cert_buf, *rx_buf, *meas_buf, *chunk_buf;
static uint32_t rq_caps; /* the CAPABILITIES flags of build_request's GET_CAPABILITIES */
static unsigned counts[HX_CAT_COUNT], passed, failed, known;
static int verbose;
static char detail[256]; /* what the last scenario ended with (verbose) */

/* ---- reporting ----------------------------------------------------------------------------- */

static void report(enum hx_cat cat, const char *name, const char *why)
{
	counts[cat]++;
	if (!why) {
		passed++;
		if (verbose)
			printf("ok   [%s] %s: %s\n", cat_names[cat], name, detail);
		return;
	}
	failed++;
	printf("FAIL [%s] %s: %s\n", cat_names[cat], name, why);
}

static const char *describe(const char *what, cspdm_status want, cspdm_status got,
			    const cspdm_error *e)
{
	static char buf[512];

	snprintf(buf, sizeof(buf), "%s: expected %s, got %s (field %s, offset %u, device 0x%02x)",
		 what, cspdm_status_name(want), cspdm_status_name(got),
		 e && e->field ? e->field : "-", e ? e->offset : 0, e ? e->device_code : 0);
	return buf;
}

/* ---- the requester ------------------------------------------------------------------------- */

static void req_config(struct cspdm_config *c, uint8_t ver, uint32_t setup)
{
	cspdm_config_defaults(c);
	c->crypto = hx_env.req_ops;
	c->max_version = ver ? ver : HX_DEFAULT_V;
	c->cert_buf = cert_buf;
	c->cert_cap = CERT_CAP;
	c->rx_buf = rx_buf;
	c->rx_cap = HX_MSG_MAX;
	c->meas_buf = meas_buf;
	c->meas_cap = MEAS_CAP;
	c->slot = (setup & HX_SLOT1) ? 1 : 0;
	c->expected_san = (setup & HX_SAN) ? HX_CMA_SAN : NULL;
	if (setup & HX_SMALL_DTS)
		c->data_transfer_size = 256;
	if (setup & HX_SUMMARY)
		c->meas_summary = 0xFF;
	if (setup & HX_MIN_12)
		c->min_version = CSPDM_V12;
	if (setup & HX_P256_ONLY)
		c->base_asym = CSPDM_ASYM_ECDSA_P256;
	if (setup & HX_FAST)
		c->rtt_us = 100000;
	if (setup & HX_REQCTX)
		memcpy(c->req_context, REQCTX, CSPDM_REQ_CONTEXT_SIZE);
	if (setup & HX_CHUNK_ON) {
		c->data_transfer_size = SPDM_MIN_DATA_TRANSFER_SIZE_12;
		c->chunk_buf = chunk_buf;
		c->chunk_cap = HX_CHUNK_CAP;
	}
	if (setup & HX_P256_DHE) {
		c->dhe = CSPDM_DHE_SECP256R1;
		c->aead = CSPDM_AEAD_AES_256_GCM;
	}
}

static struct cspdm_context *new_context(uint8_t ver, uint32_t setup)
{
	struct cspdm_context *ctx = NULL;
	struct cspdm_config c;

	req_config(&c, ver, setup);
	if (cspdm_init(&ctx, ctx_mem, cspdm_context_size(), &c))
		return NULL;
	return ctx;
}

/* Authentication, then the measurements the setup asks for. *measured: it got that far. */
static cspdm_status run_flow(struct cspdm_context *ctx, const struct cspdm_io *io, uint32_t setup,
			     int *measured)
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, 1, 0};
	cspdm_status st = cspdm_authenticate(ctx, io);

	*measured = 0;
	if (st || !(setup & HX_MEAS_ANY))
		return st;
	if (setup & HX_MEAS_ALL)
		q.operation = 0xFF;
	if (setup & HX_MEAS_NOSIG)
		q.sign = 0;
	*measured = 1;
	return cspdm_measure(ctx, io, &q);
}

/* The same context against an honest device: must authenticate (and measure). */
static const char *honest_again(struct cspdm_context *ctx, uint32_t setup)
{
	struct cspdm_responder_config cfg;
	struct cspdm_result res;
	cspdm_status st;
	int measured;

	hx_rsp_config(&cfg, setup & HX_CHUNK_ON, 1); /* chunks again, if they ran */
	if (hx_device(&harness, &cfg))
		return "honest device: init failed";
	hx_clear_counts(&harness);
	harness.io.max_pad = (setup & HX_PAD3) ? 3 : 0;
	st = run_flow(ctx, &harness.io, setup & HX_MEAS_ANY, &measured);
	if (st)
		return describe("honest device afterwards", CSPDM_OK, st, cspdm_last_error(ctx));
	if (cspdm_get_result(ctx, &res) || res.outcome != CSPDM_AUTH_TRUSTED)
		return "honest device afterwards: not trusted";
	return NULL;
}

/* ---- one requester-side scenario ----------------------------------------------------------- */

static const char *check_outcome(const struct hx_scenario *sc, cspdm_status st,
				 const cspdm_error *e, uint64_t elapsed_us)
{
	static char buf[256];

	snprintf(detail, sizeof(detail),
		 "%s (field %s, offset %u, device 0x%02x, %u sends, %llu us waited)",
		 cspdm_status_name(st), e->field ? e->field : "-", e->offset, e->device_code,
		 harness.sends, (unsigned long long)harness.slept_us);
	if (st != sc->expect)
		return describe("status", sc->expect, st, e);
	if (st && e->code != st)
		return describe("cspdm_last_error", st, e->code, e);
	if (sc->field && (!e->field || strcmp(e->field, sc->field)))
		return describe("field", sc->expect, st, e);
	if (sc->dev && e->device_code != sc->dev)
		return describe("device code", sc->expect, st, e);
	if (sc->f.kind != F_NONE && !harness.fired)
		return "the fault never fired";
	if (harness.bad)
		return "the fault did not fit the message";
	if (st == CSPDM_E_BUSY && harness.sleeps != 3)
		return "Busy: not exactly 3 retries";
	if (st == CSPDM_E_NOT_READY && sc->f.kind == F_NOT_READY && !sc->f.n &&
	    harness.sleeps != (sc->f.req == SPDM_GET_VERSION ? 0u : 8u))
		return "ResponseNotReady: not exactly 8 waits (none for GET_VERSION)";
	if (sc->f.kind == W_SIZE && sc->f.val > CSPDM_EMU_MAX_PAYLOAD && elapsed_us > QUICK_US) {
		snprintf(buf, sizeof(buf), "oversized header took %llu us",
			 (unsigned long long)elapsed_us);
		return buf;
	}
	return NULL;
}

/* A session scenario: the device serves sessions, the flow runs one (hx_sess.c). */
static const char *session_run(const struct hx_scenario *sc, struct cspdm_context *ctx)
{
	struct cspdm_responder_config cfg;
	struct cspdm_session *s = NULL;
	const char *why;
	cspdm_status st;

	hx_rsp_config(&cfg, sc->setup, 0);
	hx_sess_config(&harness, &cfg, sc->sess);
	if (hx_device(&harness, &cfg))
		return "device: init failed";
	hx_forget(&harness);
	hx_clear_counts(&harness);
	harness.f = &sc->f;
	st = hx_sess_flow(&harness, ctx, sc->sess, &s);
	harness.f = NULL;
	why = check_outcome(sc, st, cspdm_last_error(ctx), 0);
	return why ? why : hx_sess_after(s, st);
}

static const char *hostile_run(const struct hx_scenario *sc, struct cspdm_context *ctx)
{
	struct cspdm_responder_config cfg;
	uint64_t elapsed = 0;
	cspdm_status st;
	int measured = 0;

	if (sc->cat == HX_SESS)
		return session_run(sc, ctx);
	hx_rsp_config(&cfg, sc->setup, 0);
	if (hx_device(&harness, &cfg))
		return "device: init failed";
	hx_forget(&harness);
	hx_clear_counts(&harness);
	harness.io.max_pad = (sc->setup & HX_PAD3) ? 3 : 0;
	if (sc->setup & HX_PRIME) {
		harness.saving = 1;
		st = run_flow(ctx, &harness.io, sc->setup, &measured);
		harness.saving = 0;
		if (st)
			return describe("priming run", CSPDM_OK, st, cspdm_last_error(ctx));
		hx_clear_counts(&harness);
	}
	harness.f = &sc->f;
	if (sc->cat == HX_CONN)
		st = hx_wire_run(&harness, sc, ctx, &elapsed);
	else
		st = run_flow(ctx, &harness.io, sc->setup, &measured);
	harness.f = NULL;
	if ((sc->setup & HX_MEAS_ANY) && !measured && sc->expect)
		return describe("authentication before measuring", CSPDM_OK, st,
				cspdm_last_error(ctx));
	return check_outcome(sc, st, cspdm_last_error(ctx), elapsed);
}

/* HS_SWEEP: the fault with n, n + 1, ... (every length of the first 48 bytes, then every
 * 5th, to keep the catalogue quick) until it no longer fits the message. */
static const char *sweep(const struct hx_scenario *sc, struct cspdm_context *ctx)
{
	struct hx_scenario one = *sc;
	const char *why = NULL;
	static char buf[320];
	uint32_t last = sc->f.n;

	for (; one.f.n < HX_MSG_MAX; one.f.n += one.f.n < 48 ? 1 : 5) {
		why = hostile_run(&one, ctx);
		if (harness.bad && one.f.n > sc->f.n) { /* every n so far ended as it must */
			snprintf(detail, sizeof(detail), "n = %u .. %u: %s", sc->f.n, last,
				 cspdm_status_name(sc->expect));
			return NULL;
		}
		last = one.f.n;
		if (why) {
			snprintf(buf, sizeof(buf), "n = %u: %s", one.f.n, why);
			return buf;
		}
	}
	return "the fault fits every length";
}

/* Handles the context had not freed after cspdm_deinit (the counted ops). */
static const char *leaked(struct hx_live before)
{
	struct hx_live l = hx_live_handles();

	if (l.hashes != before.hashes || l.keys != before.keys || l.aeads != before.aeads)
		return "crypto handles left after cspdm_deinit";
	return NULL;
}

static void run_scenario(const struct hx_scenario *sc)
{
	struct hx_live before = hx_live_handles();
	uint32_t setup = sc->setup | (sc->cat == HX_SESS ? HX_P256_DHE : 0);
	struct cspdm_context *ctx = new_context(sc->ver, setup);
	const char *why;

	if (!ctx) {
		report(sc->cat, sc->name, "cspdm_init failed");
		return;
	}
	why = (sc->sess & HS_SWEEP) ? sweep(sc, ctx) : hostile_run(sc, ctx);
	if (!why)
		why = sc->cat == HX_SESS ? hx_sess_honest(&harness, ctx, sc->sess)
					 : honest_again(ctx, sc->setup);
	cspdm_deinit(ctx);
	if (!why)
		why = leaked(before);
	report(sc->cat, sc->name, why);
}

/* ---- the responder-side catalogue ---------------------------------------------------------- */

/* NEGOTIATE_ALGORITHMS as a requester offering P-256/P-384 (HX_OFFER_P384: P-384 only) and
 * SHA-256/384 would send it. */
static size_t enc_offer(uint8_t v, uint32_t setup, uint8_t *buf, size_t cap)
{
	struct spdm_neg_algs_req a;
	size_t n = 0;

	memset(&a, 0, sizeof(a));
	a.meas_spec = SPDM_MEAS_SPEC_DMTF;
	a.other_params = SPDM_OPAQUE_FMT_1;
	a.base_asym = (setup & HX_OFFER_P384) ? CSPDM_ASYM_ECDSA_P384
					      : CSPDM_ASYM_ECDSA_P256 | CSPDM_ASYM_ECDSA_P384;
	a.base_hash = CSPDM_HASH_SHA_256 | CSPDM_HASH_SHA_384;
	a.dhe = 0x18;
	a.aead = 0x02;
	a.req_asym = CSPDM_ASYM_ECDSA_P256;
	a.key_schedule = 0x01;
	return spdm_enc_neg_algs(v, &a, buf, cap, &n) ? 0 : n;
}

static size_t enc_get_meas(uint8_t v, int sign, uint8_t *buf, size_t cap)
{
	struct spdm_get_meas m;
	size_t n = 0;

	memset(&m, 0, sizeof(m));
	m.operation = 1;
	m.attributes = sign ? SPDM_MEAS_ATTR_SIGNATURE : 0;
	memset(m.nonce, 0x22, sizeof(m.nonce));
	return spdm_enc_get_meas(v, &m, buf, cap, &n) ? 0 : n;
}

/* The first CHUNK_SEND of a 100-byte large message (handle 3): 26 bytes of it. */
static size_t enc_first_chunk(uint8_t v, uint8_t *buf, size_t cap)
{
	static const uint8_t part[26] = {0x12, SPDM_GET_DIGESTS};
	struct spdm_chunk c = {0, 0, 3, 0, sizeof(part), 100, part};
	size_t n = 0;

	return spdm_enc_chunk(v, SPDM_CHUNK_SEND, &c, buf, cap, &n) ? 0 : n;
}

/* An honest request of kind base at version v for case rc into buf; its length (0: none). */
static size_t build_request(const struct hx_rsp_case *rc, uint8_t base, uint8_t v, uint8_t *buf,
			    size_t cap)
{
	struct spdm_caps c = {
	    .ct_exponent = 10, .flags = rq_caps, .data_transfer_size = 4096, .max_msg_size = 4096};
	struct spdm_get_cert g = {.length = 0x200};
	struct spdm_challenge ch;
	size_t n = 0;
	int k;

	memset(&ch, 0, sizeof(ch));
	memset(ch.nonce, 0x11, sizeof(ch.nonce));
	if (rc->setup & HX_SESS_DEV)
		c.flags |= CSPDM_REQ_CAPS_SESSIONS;
	switch (base) {
	case RQ_RAW:
		k = tu_hex(rc->hex, buf, cap);
		return k < 0 ? 0 : (size_t)k;
	case RQ_GET_VERSION:
		return spdm_enc_get_version(buf, cap, &n) ? 0 : n;
	case RQ_GET_CAPS:
		return spdm_enc_get_caps(v, &c, buf, cap, &n) ? 0 : n;
	case RQ_NEG_ALGS:
		return enc_offer(v, rc->setup, buf, cap);
	case RQ_GET_DIGESTS:
		return spdm_enc_get_digests(v, buf, cap, &n) ? 0 : n;
	case RQ_GET_CERT:
		return spdm_enc_get_cert(v, &g, buf, cap, &n) ? 0 : n;
	case RQ_CHALLENGE:
		return spdm_enc_challenge(v, &ch, buf, cap, &n) ? 0 : n;
	case RQ_GET_MEAS:
	case RQ_GET_MEAS_SIGNED:
		return enc_get_meas(v, base == RQ_GET_MEAS_SIGNED, buf, cap);
	case RQ_KEY_EXCHANGE: /* one for the negotiated groups, else the header and zeros */
		n = hx_key_exchange(&harness, buf, cap);
		if (n)
			return n;
		memset(buf, 0, 40);
		buf[0] = v;
		buf[1] = SPDM_KEY_EXCHANGE;
		return 40;
	case RQ_CHUNK_FIRST:
		return enc_first_chunk(v, buf, cap);
	default:
		return 0;
	}
}

/* Send an honest request; the answer must not be an ERROR. */
static int step_honest(const struct hx_rsp_case *rc, uint8_t base, uint8_t v)
{
	uint8_t req[512];
	size_t n = build_request(rc, base, v, req, sizeof(req));

	n = n ? cspdm_responder_process(harness.rsp, req, n, 0, harness.out, HX_MSG_MAX) : 0;
	return n >= 4 && harness.out[1] != SPDM_ERROR ? 0 : -1;
}

static int reach_stage(const struct hx_rsp_case *rc, uint8_t v)
{
	static const uint8_t steps[] = {RQ_GET_VERSION, RQ_GET_CAPS, RQ_NEG_ALGS};
	struct cspdm_context *ctx;
	int measured, rc_ok;
	unsigned i;

	if (rc->stage == RS_AUTHED) {
		ctx = new_context(v, 0);
		rc_ok = ctx && !run_flow(ctx, &harness.io, 0, &measured);
		cspdm_deinit(ctx);
		return rc_ok ? 0 : -1;
	}
	for (i = 0; i < rc->stage && i < sizeof(steps); i++)
		if (step_honest(rc, steps[i], v))
			return -1;
	return 0;
}

/* An honest requester against the responder as the hostile request left it. */
static const char *still_serving(uint32_t setup)
{
	struct cspdm_context *ctx = new_context(0, 0);
	cspdm_status want = CSPDM_OK, st;
	uint32_t flow = (setup & HX_DEV_NO_MEAS) ? 0 : HX_MEAS_EACH;
	const char *why = NULL;
	int measured;

	if (setup & (HX_DEV_NO_CHAL | HX_DEV_NO_CERT)) {
		want = CSPDM_E_CAPABILITIES; /* VCA served; it cannot authenticate */
		flow = 0;
	}
	if (!ctx)
		return "cspdm_init failed";
	st = run_flow(ctx, &harness.io, flow, &measured);
	if (st != want)
		why = describe("honest requester afterwards", want, st, cspdm_last_error(ctx));
	cspdm_deinit(ctx);
	return why;
}

/* The hostile request; then the responder must still serve an honest requester. */
static const char *rsp_case(const struct hx_rsp_case *rc)
{
	struct cspdm_responder_config cfg;
	uint8_t v = rc->ver ? rc->ver : HX_DEFAULT_V, req[512];
	size_t n;
	const char *why;

	hx_rsp_config(&cfg, rc->setup, 0);
	/* the hostile requester chunks from 1.2, when the device does */
	rq_caps = (rc->setup & HX_DEV_CHUNK) && v >= CSPDM_V12 ? SPDM_CAP_CHUNK : 0;
	if (rc->setup & HX_SESS_DEV)
		hx_sess_config(&harness, &cfg, 0);
	if (hx_device(&harness, &cfg) || reach_stage(rc, v))
		return "could not reach the stage";
	hx_clear_counts(&harness);
	if (rc->pre)
		step_honest(rc, rc->pre, v); /* its answer does not matter */
	n = build_request(rc, rc->base, v, req, sizeof(req));
	if (rc->f.kind != F_NONE)
		n = hx_mutate(&harness, &rc->f, req, n, sizeof(req));
	if (harness.bad)
		return "the fault did not fit the request";
	n = cspdm_responder_process(harness.rsp, req, n, 0, harness.out, HX_MSG_MAX);
	snprintf(detail, sizeof(detail), "ERROR 0x%02x/0x%02x (%s, field %s)",
		 n > 2 ? harness.out[2] : 0, n > 3 ? harness.out[3] : 0,
		 cspdm_status_name(cspdm_responder_last_error(harness.rsp)->code),
		 cspdm_responder_last_error(harness.rsp)->field
		     ? cspdm_responder_last_error(harness.rsp)->field
		     : "-");
	why = hx_error_answer(rc->expect, rc->data, harness.out, n);
	return why ? why : still_serving(rc->setup);
}

/* A hostile session request (hx_rsp_sess.c); then an honest requester on the same responder
 * authenticates and runs a session. */
static const char *rsp_sess_case(const struct hx_rsp_sess_case *rc)
{
	struct hx_live before = hx_live_handles();
	struct cspdm_responder_config cfg;
	struct cspdm_context *ctx;
	const char *why;

	hx_rsp_config(&cfg, 0, 0);
	hx_sess_config(&harness, &cfg, rc->sess);
	if (hx_device(&harness, &cfg))
		return "device: init failed";
	hx_clear_counts(&harness);
	ctx = new_context(rc->ver, HX_P256_DHE);
	why =
	    ctx ? hx_rsp_sess_case(&harness, rc, ctx, detail, sizeof(detail)) : "cspdm_init failed";
	cspdm_deinit(ctx);
	ctx = why ? NULL : new_context(0, HX_P256_DHE);
	if (!why)
		why = ctx ? hx_sess_serve(&harness, ctx) : "cspdm_init failed";
	cspdm_deinit(ctx);
	return why ? why : leaked(before);
}

/* ---- the application protocols (hx_app.c) --------------------------------------------------- */

/* A device that misbehaves in IDE_KM, TDISP or CXL; then the same context, an honest session. */
static void app_scenario(const struct hx_app_case *c)
{
	struct hx_live before = hx_live_handles();
	struct cspdm_context *ctx = new_context(0, HX_P256_DHE);
	const char *why =
	    ctx ? hx_app_case(&harness, c, ctx, detail, sizeof(detail)) : "cspdm_init failed";

	if (!why)
		why = hx_sess_honest(&harness, ctx, 0);
	cspdm_deinit(ctx);
	report(HX_APP, c->name, why ? why : leaked(before));
}

/* A hostile request to the device model; then an honest requester, a session on it. A known
 * responder bug is listed (KNOWN) while the device answers as the row says it does now. */
static void rsp_app_scenario(const struct hx_rsp_app_case *rc)
{
	struct hx_live before = hx_live_handles();
	struct cspdm_context *ctx = new_context(0, HX_P256_DHE);
	int bug = 0;
	const char *why = ctx ? hx_rsp_app_case(&harness, rc, ctx, &bug, detail, sizeof(detail))
			      : "cspdm_init failed";

	cspdm_deinit(ctx);
	if (!why && bug) {
		printf("KNOWN [%s] %s: responder bug: %s\n", cat_names[HX_RSP_APP], rc->name,
		       detail);
		known++;
	}
	ctx = why ? NULL : new_context(0, HX_P256_DHE);
	if (!why)
		why = ctx ? hx_sess_serve(&harness, ctx) : "cspdm_init failed";
	cspdm_deinit(ctx);
	report(HX_RSP_APP, rc->name, why ? why : leaked(before));
}

/* ---- setup and main ------------------------------------------------------------------------ */

static int env_init(void)
{
	char path[128];

	snprintf(hx_env.trust_dir, sizeof(hx_env.trust_dir), "/tmp/cspdm-hostile-XXXXXX");
	if (!mkdtemp(hx_env.trust_dir) ||
	    cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, HX_CMA_SAN, 0, &hx_env.honest) ||
	    hx_chains_init(hx_env.trust_dir))
		return -1;
	snprintf(path, sizeof(path), "%s/honest.pem", hx_env.trust_dir);
	if (cspdm_identity_export_root(&hx_env.honest, path) ||
	    cspdm_openssl_new(&hx_env.req_ossl, hx_env.trust_dir) ||
	    cspdm_openssl_new(&hx_env.rsp_ossl, NULL) || cspdm_openssl_new(&hx_env.wire_ossl, NULL))
		return -1;
	hx_env.req_ops = hx_counted_ops(cspdm_openssl_ops(hx_env.req_ossl));
	hx_env.rsp_ops = cspdm_openssl_ops(hx_env.rsp_ossl);
	hx_env.wire_ops = cspdm_openssl_ops(hx_env.wire_ossl);
	hx_env.other_key = hx_new_p256();
	ctx_mem = calloc(1, cspdm_context_size());
	cert_buf = malloc(CERT_CAP);
	rx_buf = malloc(HX_MSG_MAX);
	meas_buf = malloc(MEAS_CAP);
	chunk_buf = malloc(HX_CHUNK_CAP);
	hx_init(&harness);
	return hx_env.other_key && ctx_mem && cert_buf && rx_buf && meas_buf && chunk_buf &&
		       harness.out
		   ? 0
		   : -1;
}

static void env_free(void)
{
	char path[128];

	hx_free(&harness);
	free(ctx_mem);
	free(cert_buf);
	free(rx_buf);
	free(meas_buf);
	free(chunk_buf);
	hx_key_free(hx_env.other_key);
	cspdm_openssl_free(hx_env.req_ossl);
	cspdm_openssl_free(hx_env.rsp_ossl);
	cspdm_openssl_free(hx_env.wire_ossl);
	hx_chains_free();
	cspdm_identity_free(&hx_env.honest);
	snprintf(path, sizeof(path), "%s/honest.pem", hx_env.trust_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/hostile.pem", hx_env.trust_dir);
	unlink(path);
	rmdir(hx_env.trust_dir);
}

static void print_counts(void)
{
	unsigned i, total = 0;

	for (i = 0; i < HX_CAT_COUNT; i++)
		total += counts[i];
	printf("hostile: %u scenarios:", total);
	for (i = 0; i < HX_CAT_COUNT; i++)
		printf("%s %s %u", i ? "," : "", cat_names[i], counts[i]);
	printf("\n%u passed, %u failed\n", passed, failed);
	if (known)
		printf("%u of the passed show a known responder bug (KNOWN above)\n", known);
}

int main(void)
{
	size_t i;

	verbose = getenv("HOSTILE_VERBOSE") != NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (env_init()) {
		fprintf(stderr, "hostile: setup failed\n");
		env_free();
		return 1;
	}
	for (i = 0; i < hx_n_cases; i++)
		run_scenario(&hx_cases[i]);
	for (i = 0; i < hx_n_chunk_cases; i++)
		run_scenario(&hx_chunk_cases[i]);
	for (i = 0; i < hx_n_sess_cases; i++)
		run_scenario(&hx_sess_cases[i]);
	for (i = 0; i < hx_n_rsp_cases; i++)
		report(HX_RSP, hx_rsp_cases[i].name, rsp_case(&hx_rsp_cases[i]));
	for (i = 0; i < hx_n_chunk_rsp_cases; i++)
		report(HX_CHUNK, hx_chunk_rsp_cases[i].name, rsp_case(&hx_chunk_rsp_cases[i]));
	for (i = 0; i < hx_n_rsp_sess_cases; i++)
		report(HX_RSP_SESS, hx_rsp_sess_cases[i].name,
		       rsp_sess_case(&hx_rsp_sess_cases[i]));
	for (i = 0; i < hx_n_app_cases; i++)
		app_scenario(&hx_app_cases[i]);
	for (i = 0; i < hx_n_rsp_app_cases; i++)
		rsp_app_scenario(&hx_rsp_app_cases[i]);
	env_free();
	print_counts();
	return failed ? 1 : 0;
}
