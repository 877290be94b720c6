/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Large messages (DSP0274 1.2+ chunking), our requester against our responder in-process, as
 * test_session.c does it: authentication, measurements and sessions (heartbeat, key updates,
 * measurements and certificates inside, END_SESSION) at DataTransferSize 42 on one side, the
 * other or both, in every version with chunking (1.2-1.4) over NONE, MCTP and PCI DOE, both
 * handshake modes. The link counts the chunk messages it carries, so a test knows chunks ran.
 * Then what must fail: no chunk storage, no CHUNK_CAP on the device, storage too small; and the
 * reassembly itself (src/core/chunk.c), chunk by chunk.
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
#include "core/chunk.h"

#define MSG_CAP	  8192
#define CHUNK_CAP (64u * 1024u)
#define MIN_DTS	  42

struct fix {
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	struct cspdm_identity id;
	struct cspdm_responder_config rc;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096];
	uint64_t sess_mem[2][256];
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	uint64_t ctx_mem[1024];
	struct cspdm_session *s;
	uint64_t s_mem[256];
	uint8_t tx[MSG_CAP];
	uint8_t cert[65536], rx[MSG_CAP], meas[16384];
	uint8_t req_chunks[CHUNK_CAP], rsp_chunks[CHUNK_CAP];
	struct cspdm_io io;
	enum cspdm_transport t;
	uint8_t reply[MSG_CAP], req_copy[MSG_CAP];
	size_t reply_len, max_msg;
	enum cspdm_msg_kind reply_kind;
	unsigned chunk_sends, chunk_gets; /* as the responder saw them */
	uint8_t get_caps[32];		  /* the last GET_CAPABILITIES */
};

static struct fix fx;

/* The responder names the request it answered: CHUNK_SEND (but the last, which names the
 * large request), CHUNK_GET, or another. */
static void count(uint8_t code)
{
	fx.chunk_sends += code == SPDM_CHUNK_SEND;
	fx.chunk_gets += code == SPDM_CHUNK_GET;
}

static cspdm_status link_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct fix *f = priv;
	uint32_t pad = f->t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	int secured = kind == CSPDM_MSG_SECURED;

	assert_true(len <= sizeof(f->req_copy));
	memcpy(f->req_copy, msg, len);
	if (len == 20 && msg[1] == SPDM_GET_CAPABILITIES)
		memcpy(f->get_caps, msg, len);
	if (!secured && f->t == CSPDM_TRANSPORT_NONE &&
	    cspdm_responder_is_secured(f->rsp, f->req_copy, len))
		secured = 1;
	if (!secured) /* a plaintext message is never larger than the device's DataTransferSize */
		assert_true(len <= f->rc.data_transfer_size || f->rc.data_transfer_size < MIN_DTS);
	f->reply_len = secured ? cspdm_responder_process_secured(f->rsp, f->req_copy, len, pad,
								 f->reply, sizeof(f->reply))
			       : cspdm_responder_process(f->rsp, f->req_copy, len, pad, f->reply,
							 sizeof(f->reply));
	count(cspdm_responder_last_error(f->rsp)->request_code);
	if (f->reply_len > f->max_msg)
		f->max_msg = f->reply_len;
	f->reply_kind =
	    secured && f->t != CSPDM_TRANSPORT_NONE ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM;
	return CSPDM_OK;
}

static cspdm_status link_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct fix *f = priv;

	(void)timeout_us;
	if (!f->reply_len)
		return CSPDM_E_TIMEOUT;
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

static int group_setup(void **state)
{
	(void)state;
	assert_int_equal(cspdm_openssl_new(&fx.ossl, NULL), CSPDM_OK);
	fx.ops = cspdm_openssl_ops(fx.ossl);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &fx.id), CSPDM_OK);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	cspdm_identity_free(&fx.id);
	cspdm_openssl_free(fx.ossl);
	return 0;
}

/* Set-ups: each side's DataTransferSize (0: the default) and whether it has chunk storage. */
struct setup {
	enum cspdm_transport t;
	uint8_t ver;
	uint32_t req_dts, rsp_dts;
	int req_chunks, rsp_chunks;
	uint32_t drop; /* responder capabilities off */
	size_t req_chunk_cap;
};

static void start_responder(const struct setup *u)
{
	struct cspdm_rsp_slot slot = {fx.id.chain, fx.id.chain_len, fx.id.key};

	cspdm_responder_config_defaults(&fx.rc);
	fx.rc.crypto = fx.ops;
	fx.rc.base_asym = CSPDM_ASYM_ECDSA_P384;
	fx.rc.max_version = u->ver;
	fx.rc.caps = (fx.rc.caps | CSPDM_RSP_CAPS_SESSIONS) & ~u->drop;
	fx.rc.slots[0] = slot;
	fx.rc.session_mem = fx.sess_mem;
	fx.rc.session_count = 2;
	fx.rc.heartbeat_period = 30;
	if (u->rsp_dts)
		fx.rc.data_transfer_size = u->rsp_dts;
	if (u->rsp_chunks) {
		fx.rc.chunk_buf = fx.rsp_chunks;
		fx.rc.chunk_cap = sizeof(fx.rsp_chunks);
		fx.rc.max_msg_size = sizeof(fx.rsp_chunks);
	}
	cspdm_transport_secured_binding(u->t, &fx.rc.binding);
	assert_int_equal(cspdm_responder_init(&fx.rsp, fx.rsp_mem, sizeof(fx.rsp_mem), &fx.rc),
			 CSPDM_OK);
}

static void start(const struct setup *u)
{
	fx.t = u->t;
	start_responder(u);
	cspdm_config_defaults(&fx.cfg);
	fx.cfg.crypto = fx.ops;
	fx.cfg.max_version = u->ver;
	fx.cfg.cert_buf = fx.cert;
	fx.cfg.cert_cap = sizeof(fx.cert);
	fx.cfg.rx_buf = fx.rx;
	fx.cfg.rx_cap = sizeof(fx.rx);
	fx.cfg.meas_buf = fx.meas;
	fx.cfg.meas_cap = sizeof(fx.meas);
	if (u->req_dts)
		fx.cfg.data_transfer_size = u->req_dts;
	if (u->req_chunks) {
		fx.cfg.chunk_buf = fx.req_chunks;
		fx.cfg.chunk_cap = u->req_chunk_cap ? u->req_chunk_cap : sizeof(fx.req_chunks);
	}
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	memset(&fx.io, 0, sizeof(fx.io));
	fx.io.priv = &fx;
	fx.io.send = link_send;
	fx.io.recv = link_recv;
	fx.io.sleep_us = link_sleep;
	fx.io.max_pad = u->t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	fx.io.has_secured = 1;
	cspdm_transport_secured_binding(u->t, &fx.io.secured);
	fx.chunk_sends = fx.chunk_gets = 0;
	fx.max_msg = 0;
}

static struct cspdm_session *new_session(void)
{
	struct cspdm_session_config sc;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = fx.tx;
	sc.tx_cap = sizeof(fx.tx);
	sc.meas_summary = 0xFF;
	assert_int_equal(cspdm_session_init(&fx.s, fx.s_mem, sizeof(fx.s_mem), fx.ctx, &sc),
			 CSPDM_OK);
	return fx.s;
}

static void stop_responder(void)
{
	cspdm_responder_deinit(fx.rsp);
}

static void stop(void)
{
	cspdm_session_deinit(fx.s);
	fx.s = NULL;
	cspdm_deinit(fx.ctx);
	cspdm_responder_deinit(fx.rsp);
}

/* st must be CSPDM_OK; else say why. */
static void ok(cspdm_status st)
{
	const cspdm_error *e = cspdm_last_error(fx.ctx);

	if (st)
		print_message("%s: field %s, request 0x%02x, device error 0x%02x\n",
			      cspdm_status_name(st), e->field ? e->field : "-", e->request_code,
			      e->device_code);
	assert_int_equal(st, CSPDM_OK);
}

/* Authentication, and measurements all at once and one by one, signed. */
static void auth_and_measure(void)
{
	struct cspdm_meas_query all = {0xFF, 1, 0}, each = {CSPDM_MEAS_ONE_BY_ONE, 1, 0};
	struct cspdm_meas_result m;
	struct cspdm_result r;

	ok(cspdm_authenticate(fx.ctx, &fx.io));
	assert_int_equal(cspdm_get_result(fx.ctx, &r), CSPDM_OK);
	assert_true(r.rsp_caps & SPDM_CAP_CHUNK);
	ok(cspdm_measure(fx.ctx, &fx.io, &all));
	assert_int_equal(cspdm_get_meas_result(fx.ctx, &m), CSPDM_OK);
	assert_true(m.blocks > 1 && m.signatures == 1);
	ok(cspdm_measure(fx.ctx, &fx.io, &each));
	assert_int_equal(cspdm_get_meas_result(fx.ctx, &m), CSPDM_OK);
	assert_int_equal(m.signatures, m.blocks);
}

static void full_session(void)
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, 1, 0};
	struct cspdm_session_info i;
	struct cspdm_session *s = new_session();

	ok(cspdm_session_open(s, &fx.io));
	ok(cspdm_session_heartbeat(s, &fx.io));
	assert_int_equal(cspdm_session_key_update(s, &fx.io, CSPDM_KEY_UPDATE_ALL_KEYS), CSPDM_OK);
	assert_int_equal(cspdm_session_measure(s, &fx.io, &q), CSPDM_OK);
	assert_int_equal(cspdm_session_get_chain(s, &fx.io), CSPDM_OK);
	assert_int_equal(cspdm_session_get_info(s, &i), CSPDM_OK);
	assert_int_equal(i.state, CSPDM_SESSION_OPEN);
	assert_int_equal(i.meas_summary_len, 48);
	assert_int_equal(cspdm_session_end(s, &fx.io, 0), CSPDM_OK);
	assert_int_equal(cspdm_responder_sessions(fx.rsp), 0);
}

/* Every version with chunking over every transport, DataTransferSize 42 on both sides. */
static void test_both_small(void **state)
{
	static const enum cspdm_transport ts[] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
						  CSPDM_TRANSPORT_PCI_DOE};
	struct setup u = {0};
	unsigned t;

	(void)state;
	u.req_dts = u.rsp_dts = MIN_DTS;
	u.req_chunks = u.rsp_chunks = 1;
	for (u.ver = CSPDM_V12; u.ver <= CSPDM_V14; u.ver++)
		for (t = 0; t < 3; t++) {
			u.t = ts[t];
			start(&u);
			auth_and_measure();
			full_session();
			assert_true(fx.chunk_sends > 0 && fx.chunk_gets > 0);
			assert_true(fx.max_msg <= MIN_DTS + 64); /* records: header and MAC */
			stop();
		}
}

/* One side small: the requester's (it chunks its requests, the device its responses), or
 * the device's (both again: each side uses its DataTransferSize as its transmit size too). */
static void test_one_side_small(void **state)
{
	struct setup u = {CSPDM_TRANSPORT_MCTP, CSPDM_V13, MIN_DTS, 0, 1, 1, 0, 0};

	(void)state;
	start(&u);
	auth_and_measure();
	full_session();
	assert_true(fx.chunk_sends > 0 && fx.chunk_gets > 0);
	stop();
	u.req_dts = 0;
	u.rsp_dts = 64;
	start(&u);
	auth_and_measure();
	full_session();
	assert_true(fx.chunk_sends > 0 && fx.chunk_gets > 0);
	stop();
}

/* The handshake encrypted: FINISH is large and travels in secured chunks. */
static void test_encrypted_handshake(void **state)
{
	struct setup u = {CSPDM_TRANSPORT_PCI_DOE,     CSPDM_V12, MIN_DTS, MIN_DTS, 1, 1,
			  SPDM_CAP_HANDSHAKE_IN_CLEAR, 0};
	struct cspdm_session_info i;

	(void)state;
	start(&u);
	full_session();
	assert_int_equal(cspdm_session_get_info(fx.s, &i), CSPDM_OK);
	assert_int_equal(i.in_clear, 0);
	stop();
}

/* Chunking off on one side, large messages on the wire: clear errors, naming the sizes. */
static void test_cannot_chunk(void **state)
{
	struct setup u = {CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0, MIN_DTS, 0, 1, 0, 0};
	const cspdm_error *e;

	(void)state;
	start(&u); /* no chunk storage: NEGOTIATE_ALGORITHMS (48 bytes) cannot go */
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_E_MSG_TOO_LARGE);
	e = cspdm_last_error(fx.ctx);
	assert_int_equal(e->request_code, SPDM_NEGOTIATE_ALGORITHMS);
	assert_string_equal(e->field, "request of 48 bytes is larger than the device's "
				      "DataTransferSize 42 and no chunk storage was given "
				      "(CHUNK_CAP)");
	stop();
	u.req_chunks = 1;
	u.rsp_chunks = 0;
	start(&u); /* the device cannot chunk */
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_E_MSG_TOO_LARGE);
	e = cspdm_last_error(fx.ctx);
	assert_string_equal(e->field, "request of 48 bytes is larger than the device's "
				      "DataTransferSize 42 and the device has no CHUNK_CAP");
	stop();
}

/* Storage too small for a large response: the device knows our MaxSPDMmsgSize and says
 * ResponseTooLarge; if we claim more than we can hold, we find out ourselves. */
static void test_storage_too_small(void **state)
{
	struct setup u = {CSPDM_TRANSPORT_MCTP, CSPDM_V12, MIN_DTS, 0, 1, 1, 0, 100};
	const cspdm_error *e;

	(void)state;
	start(&u); /* ALGORITHMS and DIGESTS fit in 100 bytes; CHALLENGE_AUTH does not */
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_E_DEVICE_ERROR);
	e = cspdm_last_error(fx.ctx);
	assert_int_equal(e->device_code, SPDM_ERR_RESPONSE_TOO_LARGE);
	assert_int_equal(e->request_code, SPDM_CHALLENGE);
	stop();
	start(&u);
	cspdm_deinit(fx.ctx);
	fx.cfg.max_msg_size = 65536;
	assert_int_equal(cspdm_init(&fx.ctx, fx.ctx_mem, sizeof(fx.ctx_mem), &fx.cfg), CSPDM_OK);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_E_MSG_TOO_LARGE);
	e = cspdm_last_error(fx.ctx);
	assert_string_equal(e->field, "LargeMessageSize (beyond our MaxSPDMmsgSize or chunk "
				      "storage)");
	assert_int_equal(e->request_code, SPDM_CHALLENGE);
	assert_int_equal(e->device_code, 0);
	stop();
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* What we say in GET_CAPABILITIES: DataTransferSize at least 42, MaxSPDMmsgSize the same
 * without chunk storage, the storage with it, and CHUNK_CAP only then. */
static void test_capabilities(void **state)
{
	struct setup u = {CSPDM_TRANSPORT_MCTP, CSPDM_V12, 7, 0, 0, 1, 0, 0};

	(void)state;
	start(&u);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(le32(fx.get_caps + 12), MIN_DTS); /* 7 is below the floor */
	assert_int_equal(le32(fx.get_caps + 16), MIN_DTS);
	assert_int_equal(le32(fx.get_caps + 8) & SPDM_CAP_CHUNK, 0);
	/* without our CHUNK_CAP the device answers whole, however large */
	assert_int_equal(fx.chunk_gets + fx.chunk_sends, 0);
	stop();
	u.req_chunks = 1;
	start(&u);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(le32(fx.get_caps + 16), CHUNK_CAP);
	assert_int_equal(le32(fx.get_caps + 8) & SPDM_CAP_CHUNK, SPDM_CAP_CHUNK);
	assert_true(fx.chunk_gets > 0);
	stop();
	u.ver = CSPDM_V11; /* no chunking before 1.2 */
	start(&u);
	assert_int_equal(cspdm_authenticate(fx.ctx, &fx.io), CSPDM_OK);
	assert_int_equal(fx.chunk_gets + fx.chunk_sends, 0);
	stop();
}

/* ---- our responder, message by message -------------------------------------------------- */

static uint8_t out[MSG_CAP];

/* The responder's answer to hex is exactly want. */
static void answers(const char *hex, const char *want)
{
	uint8_t req[160], exp[160];
	size_t n = tu_hex_must(hex, req, sizeof(req)), w = tu_hex_must(want, exp, sizeof(exp));

	n = cspdm_responder_process(fx.rsp, req, n, 0, out, sizeof(out));
	assert_int_equal(n, w);
	assert_memory_equal(out, exp, w);
}

/* The responder's answer to req[0..n): its length, the answer in out. */
static size_t ask(const uint8_t *req, size_t n)
{
	return cspdm_responder_process(fx.rsp, req, n, 0, out, sizeof(out));
}

/* VCA with a requester that chunks, at DataTransferSize dts: at 42, ALGORITHMS (52 bytes) is
 * held and announced with ERROR LargeResponse, handle 1. */
static void rsp_vca(uint32_t dts)
{
	struct setup u = {CSPDM_TRANSPORT_MCTP, CSPDM_V12, 0, 0, 0, 1, 0, 0};
	struct spdm_caps c = {
	    .flags = SPDM_CAP_CHUNK, .data_transfer_size = dts, .max_msg_size = 4096};
	struct spdm_neg_algs_req a;
	uint8_t req[64];
	size_t n = 0;

	start_responder(&u);
	answers("10 84 00 00", "10 04 00 00 00 03 0010 0011 0012");
	assert_int_equal(spdm_enc_get_caps(CSPDM_V12, &c, req, sizeof(req), &n), CSPDM_OK);
	assert_int_equal(ask(req, n), 20);
	assert_true(le32(out + 8) & SPDM_CAP_CHUNK);
	memset(&a, 0, sizeof(a));
	a.meas_spec = SPDM_MEAS_SPEC_DMTF;
	a.base_asym = CSPDM_ASYM_ECDSA_P384;
	a.base_hash = CSPDM_HASH_SHA_384;
	assert_int_equal(spdm_enc_neg_algs(CSPDM_V12, &a, req, sizeof(req), &n), CSPDM_OK);
	n = ask(req, n);
	if (dts == MIN_DTS) {
		assert_int_equal(n, 5);
		assert_memory_equal(out, "\x12\x7f\x0f\x00\x01", 5);
	} else {
		assert_int_equal(out[1], SPDM_ALGORITHMS);
	}
}

/* CHUNK_GET with another handle or ChunkSeqNo gets InvalidRequest and the transfer goes on;
 * other requests get UnexpectedRequest until it is over. */
static void test_responder_chunk_get(void **state)
{
	(void)state;
	rsp_vca(MIN_DTS);
	answers("12 86 00 02 0000", "12 7f 01 00"); /* another handle */
	answers("12 86 00 01 0100", "12 7f 01 00"); /* not the chunk due */
	answers("12 81 00 00", "12 7f 04 00");	    /* the transfer is not over */
	assert_int_equal(ask((const uint8_t *)"\x12\x86\x00\x01\x00\x00", 6), MIN_DTS);
	/* 26 bytes after LargeMessageSize 52 */
	assert_memory_equal(out, "\x12\x06\x00\x01\x00\x00\x00\x00\x1a\x00\x00\x00\x34", 13);
	assert_int_equal(ask((const uint8_t *)"\x12\x86\x00\x01\x01\x00", 6), 12 + 26);
	assert_int_equal(out[2], SPDM_CHUNK_LAST);
	answers("12 86 00 01 0200", "12 7f 04 00"); /* over: nothing is held */
	stop_responder();
}

/* CHUNK_SEND_ACK echoes the handle and ChunkSeqNo; a chunk out of sequence gets
 * EarlyErrorDetected with InvalidRequest and ends the transfer; the last chunk's ACK carries
 * the response to the large request (GET_MEASUREMENTS, 37 bytes). */
static void test_responder_chunk_send(void **state)
{
	struct spdm_get_meas g = {.attributes = SPDM_MEAS_ATTR_SIGNATURE, .operation = 1};
	struct spdm_chunk c = {0, 0, 10, 0, 26, 37, NULL};
	uint8_t req[64], meas[64];
	size_t n = 0, m = 0;

	(void)state;
	rsp_vca(MIN_DTS);
	answers("12 85 00 09 0000 0000 1a000000 64000000 "
		"0000000000000000000000000000000000000000000000000000",
		"12 7f 04 00"); /* ALGORITHMS is held: no CHUNK_SEND now */
	stop_responder();
	rsp_vca(4096);
	answers("12 85 00 09 0000 0000 1a000000 64000000 "
		"0000000000000000000000000000000000000000000000000000",
		"12 05 00 09 0000");
	answers("12 85 00 09 0200 0000 01000000 00", "12 05 01 09 0200 127f0100");
	answers("12 85 00 09 0100 0000 01000000 00", "12 05 01 09 0100 127f0100"); /* ended */
	/* a whole transfer: a signed GET_MEASUREMENTS in two chunks */
	assert_int_equal(spdm_enc_get_meas(CSPDM_V12, &g, meas, sizeof(meas), &m), CSPDM_OK);
	assert_int_equal(m, 37);
	c.data = meas;
	assert_int_equal(spdm_enc_chunk(CSPDM_V12, SPDM_CHUNK_SEND, &c, req, sizeof(req), &n),
			 CSPDM_OK);
	assert_int_equal(ask(req, n), 6);
	c.seq = 1;
	c.size = 11;
	c.data = meas + 26;
	c.attributes = SPDM_CHUNK_LAST;
	assert_int_equal(spdm_enc_chunk(CSPDM_V12, SPDM_CHUNK_SEND, &c, req, sizeof(req), &n),
			 CSPDM_OK);
	assert_true(ask(req, n) > 6 + 4);
	assert_memory_equal(out, "\x12\x05\x00\x0a\x01\x00", 6);
	assert_int_equal(out[7], SPDM_MEASUREMENTS);
	stop_responder();
}

/* ---- the reassembly (chunk.c) ------------------------------------------------------------ */

static cspdm_status take(struct chunk_rx *x, uint8_t ver, uint8_t attr, uint8_t handle,
			 uint32_t seq, uint32_t size, uint32_t lms, const char **field)
{
	static const uint8_t data[64] = {1, 2, 3};
	static uint8_t buf[256];
	struct spdm_chunk c = {MIN_DTS, attr, handle, seq, size, lms, data};
	uint32_t off = 0;
	int done = 0;
	cspdm_status st = chunk_take(x, ver, &c, buf, sizeof(buf), 200, &done, field, &off);

	assert_int_equal(done, !st && x->done == x->total);
	return st;
}

/* A chunk that breaks the rules: this status and field. */
static void refused(struct chunk_rx *x, uint8_t ver, uint8_t attr, uint8_t handle, uint32_t seq,
		    uint32_t size, uint32_t lms, cspdm_status want, const char *field)
{
	const char *f = NULL;

	assert_int_equal(take(x, ver, attr, handle, seq, size, lms, &f), want);
	assert_string_equal(f, field);
}

/* The next chunk of x in a message of len bytes. */
static void refused_len(struct chunk_rx *x, size_t len, cspdm_status want, const char *field)
{
	static const uint8_t data[1];
	static uint8_t buf[256];
	struct spdm_chunk c = {len, 0, x->handle, x->seq, 1, 0, data};
	const char *f = NULL;
	uint32_t off = 0;
	int done = 0;

	assert_int_equal(chunk_take(x, CSPDM_V14, &c, buf, sizeof(buf), 200, &done, &f, &off),
			 want);
	assert_string_equal(f, field);
}

static void test_reassembly(void **state)
{
	const char *f = NULL;
	struct chunk_rx x;

	(void)state;
	memset(&x, 0, sizeof(x));
	assert_int_equal(take(&x, CSPDM_V12, 0, 4, 0, 40, 100, &f), CSPDM_OK);
	assert_int_equal(take(&x, CSPDM_V12, 0, 4, 1, 40, 0, &f), CSPDM_OK);
	refused(&x, CSPDM_V12, 0, 4, 1, 10, 0, CSPDM_E_CHUNK,
		"ChunkSeqNo (out of order or repeated)"); /* repeated */
	refused(&x, CSPDM_V12, 0, 4, 3, 10, 0, CSPDM_E_CHUNK,
		"ChunkSeqNo (out of order or repeated)"); /* skipped */
	refused(&x, CSPDM_V12, 0, 5, 2, 10, 0, CSPDM_E_CHUNK, "Param2 (Handle changed)");
	refused(&x, CSPDM_V12, 0, 4, 2, 0, 0, CSPDM_E_CHUNK,
		"ChunkSize (0: the transfer would not end)");
	refused(&x, CSPDM_V12, SPDM_CHUNK_LAST, 4, 2, 21, 0, CSPDM_E_CHUNK,
		"ChunkSize (beyond LargeMessageSize)");
	refused(&x, CSPDM_V12, SPDM_CHUNK_LAST, 4, 2, 19, 0, CSPDM_E_CHUNK,
		"LastChunk (before LargeMessageSize)");
	refused(&x, CSPDM_V12, 0, 4, 2, 20, 0, CSPDM_E_CHUNK,
		"LastChunk (missing at LargeMessageSize)");
	assert_int_equal(take(&x, CSPDM_V12, SPDM_CHUNK_LAST, 4, 2, 20, 0, &f), CSPDM_OK);
	assert_int_equal(x.done, 100);
}

static void test_reassembly_sizes(void **state)
{
	struct chunk_rx x;

	(void)state;
	memset(&x, 0, sizeof(x));
	refused(&x, CSPDM_V13, 0, 1, 1, 10, 0, CSPDM_E_CHUNK,
		"ChunkSeqNo (out of order or repeated)"); /* the first is 0 */
	refused(&x, CSPDM_V13, 0, 1, 0, 10, 0, CSPDM_E_CHUNK, "LargeMessageSize (0)");
	refused(&x, CSPDM_V13, 0, 1, 0, 10, 0xFFFFFFFFu, CSPDM_E_MSG_TOO_LARGE,
		"LargeMessageSize (beyond our MaxSPDMmsgSize or chunk storage)");
	refused(&x, CSPDM_V13, 0, 1, 0, 10, 201, CSPDM_E_MSG_TOO_LARGE,
		"LargeMessageSize (beyond our MaxSPDMmsgSize or chunk storage)");
	/* the handle of ERROR LargeResponse holds from the first chunk on */
	x.handle = 5;
	x.fixed = 1;
	refused(&x, CSPDM_V13, 0, 6, 0, 10, 100, CSPDM_E_CHUNK, "Param2 (Handle changed)");
	/* ChunkSeqNo is 16 bits before 1.4: a transfer that needs more chunks ends */
	memset(&x, 0, sizeof(x));
	x.total = 200;
	x.handle = 1;
	x.fixed = 1;
	x.seq = 0xFFFF;
	refused(&x, CSPDM_V13, 0, 1, 0xFFFF, 1, 0, CSPDM_E_CHUNK, "ChunkSeqNo (would wrap)");
	assert_int_equal(take(&x, CSPDM_V14, 0, 1, 0xFFFF, 1, 0, NULL), CSPDM_OK); /* 32 bits */
	assert_int_equal(x.seq, 0x10000);
	/* a chunk that is not the last fills a message of 42 bytes at least */
	refused_len(&x, 41, CSPDM_E_CHUNK, "ChunkSize (a short chunk that is not the last)");
}

static void test_chunk_sizes(void **state)
{
	char text[16];

	(void)state;
	assert_int_equal(chunk_next_size(42, 0, 100), 26); /* header 12, LargeMessageSize 4 */
	assert_int_equal(chunk_next_size(42, 26, 100), 30);
	assert_int_equal(chunk_next_size(42, 96, 100), 4);
	assert_true(chunk_seq_fits(CSPDM_V12, 42, 30u * 65536u - 4u));
	assert_false(chunk_seq_fits(CSPDM_V13, 42, 30u * 65536u - 3u));
	assert_true(chunk_seq_fits(CSPDM_V14, 42, 0xFFFFFFFFu));
	chunk_text(text, sizeof(text), "a ", 12345, " b ", 0, "c");
	assert_string_equal(text, "a 12345 b 0c");
	chunk_text(text, 8, "request ", 1, "", 2, "");
	assert_string_equal(text, "request"); /* cut to fit */
	chunk_text(text, 11, "n=", 18446744073709551615u, "", 0, "");
	assert_string_equal(text, "n=18446744");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_both_small),		 cmocka_unit_test(test_one_side_small),
	    cmocka_unit_test(test_encrypted_handshake),	 cmocka_unit_test(test_cannot_chunk),
	    cmocka_unit_test(test_storage_too_small),	 cmocka_unit_test(test_capabilities),
	    cmocka_unit_test(test_reassembly),		 cmocka_unit_test(test_reassembly_sizes),
	    cmocka_unit_test(test_chunk_sizes),		 cmocka_unit_test(test_responder_chunk_get),
	    cmocka_unit_test(test_responder_chunk_send),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
