/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSK sessions against a fuzzed peer, either role. The input is an 8-byte header, then the
 * peer's messages, each with a u16 LE length (FZ_MSG_SPECIAL: the requester's reply times
 * out; the responder's connection starts again).
 *
 *  0  flags FZ_P_*
 *  1  SPDMVersion 0x11 + b % 4
 *  2  transport b % 3: NONE, MCTP, PCI DOE
 *  3  requester: the hint it names, b % 3 ("h1", empty, unknown); secured-message versions
 *     offered in bits 6:4 (0: all)
 *  4..7 reserved
 *
 * Requester: a fresh context runs VCA and a PSK session with the device's answers: open
 * (PSK_EXCHANGE, PSK_FINISH), HEARTBEAT, UpdateAllKeys, unsigned measurements, END_SESSION,
 * each after the last succeeded. Responder: ours, with two PSKs ("h1" and the empty hint) and
 * two sessions, takes the messages as requests: a record of one of its sessions (its
 * SessionID) goes to cspdm_responder_process_secured, anything else to cspdm_responder_process.
 * The stub crypto makes every HMAC and AEAD tag zero (FZ_P_FNV: FNV-1a ones), so the fuzzer
 * opens sessions and writes records itself.
 *
 * Properties: statuses of the enum; a failed session is FAILED with no secret, key handle,
 * transcript hash or PSK pointer left; what the requester sends in the clear our decoders
 * accept; every plaintext answer of the responder is at least a header and answers the request
 * or is an ERROR our decoder accepts; after the deinits no hash, key or AEAD handle is live.
 */
#include "fuzz_common.h"

#include "core/context.h"
#include "core/session_ctx.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"

#include <string.h>

#define FZ_PSK_HDR    8
#define FZ_P_RSP      0x01 /* the responder role */
#define FZ_P_FNV      0x02 /* FNV tags and digests (checks are real) */
#define FZ_P_NO_CTX   0x04 /* the responder has PSK_CAP without context */
#define FZ_P_MAC      0x08 /* MAC-only records (no ENCRYPT_CAP on the responder) */
#define FZ_P_SUMMARY  0x10 /* the requester asks for the summary of all measurements */
#define FZ_P_NO_HBEAT 0x20 /* the responder has no HBEAT_CAP */
#define MSG_CAP	      8192
#define MAX_MSGS      512

static const uint8_t psk_a[] = "fuzz-psk-a", psk_b[] = {0x42}, hint_a[] = "h1";
static const uint8_t bad_hint[] = "nope";
static const struct cspdm_rsp_psk psks[] = {
    {hint_a, sizeof(hint_a), psk_a, sizeof(psk_a)},
    {NULL, 0, psk_b, sizeof(psk_b)},
};

struct fz_psk {
	uint8_t flags, version, hint, sm_versions;
	enum cspdm_transport t;
	struct cspdm_secured_binding binding;
};

static uint64_t ctx_mem[8192], rsp_mem[8192], sess_mem[2][256], s_mem[256];
static uint8_t tx[MSG_CAP], buf[MSG_CAP], out[MSG_CAP], chain[64];

static void psk_parse(struct fz_in *in, struct fz_psk *p)
{
	static const enum cspdm_transport ts[] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
						  CSPDM_TRANSPORT_PCI_DOE};
	uint8_t b;

	memset(p, 0, sizeof(*p));
	p->flags = fz_u8(in);
	p->version = (uint8_t)(CSPDM_V11 + fz_u8(in) % 4);
	p->t = ts[fz_u8(in) % 3];
	b = fz_u8(in);
	p->hint = b % 3;
	p->sm_versions = (b >> 4) & 7;
	(void)fz_u32(in);
	cspdm_transport_secured_binding(p->t, &p->binding);
}

static uint32_t max_pad(const struct fz_psk *p)
{
	return p->t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
}

/* ---- the responder ----------------------------------------------------------------------- */

static struct cspdm_responder *psk_responder(const struct fz_psk *p)
{
	static struct cspdm_responder_config c;
	struct cspdm_responder *r = NULL;

	cspdm_responder_config_defaults(&c);
	c.crypto = fz_crypto_ops();
	c.max_version = p->version;
	c.caps |= CSPDM_RSP_CAPS_SESSIONS | ((p->flags & FZ_P_NO_CTX) ? CSPDM_RSP_CAP_PSK : 0);
	if (p->flags & FZ_P_MAC)
		c.caps &= ~SPDM_CAP_ENCRYPT;
	if (p->flags & FZ_P_NO_HBEAT)
		c.caps &= ~SPDM_CAP_HBEAT;
	memset(chain, 0, sizeof(chain));
	chain[0] = 0x30;
	chain[1] = sizeof(chain) - 2;
	c.slots[0].certs = chain;
	c.slots[0].certs_len = sizeof(chain);
	c.slots[0].key = fz_private_key(0);
	c.session_mem = sess_mem;
	c.session_count = 2;
	c.heartbeat_period = 5;
	c.binding = p->binding;
	c.psks = psks;
	c.psk_count = 2;
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), &c) == CSPDM_OK);
	return r;
}

/* One request; the answer in out. */
static size_t rsp_answer(struct cspdm_responder *r, const struct fz_psk *p, const uint8_t *msg,
			 size_t len)
{
	memcpy(buf, msg, len);
	if (cspdm_responder_is_secured(r, buf, len))
		return cspdm_responder_process_secured(r, buf, len, max_pad(p), out, sizeof(out));
	return cspdm_responder_process(r, buf, len, max_pad(p), out, sizeof(out));
}

static void check_plain_answer(const uint8_t *req, size_t len, size_t n)
{
	struct spdm_neg neg = {0};
	struct spdm_error_rsp e;

	FZ_ASSERT(n >= 4 && n <= sizeof(out));
	neg.version = out[0];
	if (out[1] == SPDM_ERROR) {
		FZ_ASSERT(spdm_dec_error(&neg, out, n, &e, NULL) == CSPDM_OK);
		return;
	}
	FZ_ASSERT(len >= 4);
	if (req[1] != SPDM_RESPOND_IF_READY)
		FZ_ASSERT(out[1] == (req[1] & 0x7F));
}

static void run_responder(struct fz_in *in, const struct fz_psk *p)
{
	struct cspdm_responder *r = psk_responder(p);
	const uint8_t *msg;
	size_t len, n;
	int i, secured;

	for (i = 0; i < MAX_MSGS && fz_next_msg(in, &msg, &len); i++) {
		if (len == FZ_MSG_SPECIAL) {
			cspdm_responder_reset(r);
			continue;
		}
		if (len > sizeof(buf))
			len = sizeof(buf);
		secured = cspdm_responder_is_secured(r, msg, len);
		n = rsp_answer(r, p, msg, len);
		FZ_ASSERT(FZ_STATUS_OK(cspdm_responder_last_error(r)->code));
		FZ_ASSERT(cspdm_responder_sessions(r) <= 2);
		if (!secured)
			check_plain_answer(msg, len, n);
	}
	cspdm_responder_deinit(r);
}

/* ---- the requester ----------------------------------------------------------------------- */

static struct cspdm_session *psk_requester(const struct fz_psk *p, struct cspdm_context **ctx)
{
	static struct cspdm_config c;
	static uint8_t cert[4096], rx[MSG_CAP], meas[8192];
	struct cspdm_session_config sc;
	struct cspdm_session *s = NULL;

	cspdm_config_defaults(&c);
	c.crypto = fz_crypto_ops();
	c.max_version = p->version;
	c.min_version = CSPDM_V11;
	c.req_caps |= CSPDM_REQ_CAP_PSK;
	c.cert_buf = cert;
	c.cert_cap = sizeof(cert);
	c.rx_buf = rx;
	c.rx_cap = sizeof(rx);
	c.meas_buf = meas;
	c.meas_cap = sizeof(meas);
	FZ_ASSERT(cspdm_init(ctx, ctx_mem, sizeof(ctx_mem), &c) == CSPDM_OK);
	cspdm_session_config_defaults(&sc);
	sc.tx_buf = tx;
	sc.tx_cap = sizeof(tx);
	sc.binding = p->binding;
	sc.sm_versions = p->sm_versions;
	sc.meas_summary = (p->flags & FZ_P_SUMMARY) ? 0xFF : 0;
	sc.psk = psk_a;
	sc.psk_len = sizeof(psk_a);
	sc.psk_hint = p->hint == 0 ? hint_a : p->hint == 2 ? bad_hint : NULL;
	sc.psk_hint_len = p->hint == 0 ? sizeof(hint_a) : p->hint == 2 ? sizeof(bad_hint) : 0;
	FZ_ASSERT(cspdm_session_init(&s, s_mem, sizeof(s_mem), *ctx, &sc) == CSPDM_OK);
	return s;
}

static int all_zero(const void *d, size_t n)
{
	const uint8_t *b = d;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* A request in the clear must decode with our own decoders. */
static void check_clear_request(const struct cspdm_context *ctx, const uint8_t *req, size_t len)
{
	struct spdm_neg n = ctx->neg;
	struct spdm_psk_exchange x;

	FZ_ASSERT(req && len >= 4);
	if (req[1] != SPDM_PSK_EXCHANGE)
		return;
	n.max_pad = 0;
	FZ_ASSERT(spdm_dec_psk_exchange(&n, req, len, &x, NULL) == CSPDM_OK);
	FZ_ASSERT(x.context_len >= SPDM_PSK_MIN_CONTEXT);
}

/* Drive the operation begun to its end with the fuzzer's replies. */
/* The kind a reply arrives as: NONE cannot mark records (the session tells them itself). */
static enum cspdm_msg_kind reply_kind(const struct fz_psk *p, const struct cspdm_action *act)
{
	return p->t == CSPDM_TRANSPORT_NONE ? CSPDM_MSG_SPDM : act->msg_kind;
}

static cspdm_status drive(struct fz_in *in, const struct fz_psk *p, struct cspdm_session *s,
			  struct cspdm_context *ctx)
{
	struct cspdm_action act;
	const uint8_t *msg;
	size_t len;
	int idle = 0;
	cspdm_status st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);

	while (!st && act.kind != CSPDM_ACT_DONE) {
		FZ_ASSERT(++idle <= 8);
		if (act.kind == CSPDM_ACT_DELAY) {
			st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);
			continue;
		}
		FZ_ASSERT(act.kind == CSPDM_ACT_SEND && act.req_len <= sizeof(tx));
		if (act.msg_kind == CSPDM_MSG_SPDM)
			check_clear_request(ctx, act.req, act.req_len);
		if (!fz_next_msg(in, &msg, &len) || len == FZ_MSG_SPECIAL)
			return cspdm_session_step_timeout(s, &act);
		if (len > sizeof(buf))
			len = sizeof(buf);
		memcpy(buf, msg, len);
		idle = 0;
		st = cspdm_session_step(s, buf, len, reply_kind(p, &act), &act);
	}
	return st;
}

static void check_failed(const struct cspdm_session *s, cspdm_status st)
{
	struct cspdm_session_info i;

	FZ_ASSERT(FZ_STATUS_OK(st));
	FZ_ASSERT(cspdm_session_get_info(s, &i) == CSPDM_OK);
	if (!st || i.state == CSPDM_SESSION_NONE) /* failed before the session began (VCA) */
		return;
	FZ_ASSERT(i.state == CSPDM_SESSION_FAILED);
	FZ_ASSERT(all_zero(&s->k, sizeof(s->k)) && all_zero(&s->sec.dir, sizeof(s->sec.dir)));
	FZ_ASSERT(!s->th_live && !s->cfg.psk);
}

static void run_requester(struct fz_in *in, const struct fz_psk *p)
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, 0, 0};
	struct cspdm_context *ctx = NULL;
	struct cspdm_session *s = psk_requester(p, &ctx);
	cspdm_status st = cspdm_session_open_begin(s);

	if (!st)
		st = drive(in, p, s, ctx);
	if (!st && !cspdm_session_heartbeat_begin(s))
		st = drive(in, p, s, ctx);
	if (!st && !cspdm_session_key_update_begin(s, CSPDM_KEY_UPDATE_ALL_KEYS))
		st = drive(in, p, s, ctx);
	if (!st && !cspdm_session_meas_begin(s, &q))
		st = drive(in, p, s, ctx);
	if (!st && !cspdm_session_end_begin(s, 0))
		st = drive(in, p, s, ctx);
	check_failed(s, st);
	cspdm_session_deinit(s);
	cspdm_deinit(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_psk p;
	struct fz_in in;

	fz_in_init(&in, data, size);
	psk_parse(&in, &p);
	fz_crypto_reset((p.flags & FZ_P_FNV) ? FZ_HASH_FNV : FZ_HASH_ZERO, 0);
	if (p.flags & FZ_P_RSP)
		run_responder(&in, &p);
	else
		run_requester(&in, &p);
	fz_crypto_check_released();
	return 0;
}
