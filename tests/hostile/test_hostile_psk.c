/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hostile catalogue's PSK group. Our requester opens PSK sessions with our responder
 * in-process; a fault rewrites one message on the way: a response in the clear as it is, a
 * secured one opened with a copy of the device session's key, changed and sealed again with
 * the same sequence number, so that only the SPDM message inside is wrong. Each scenario ends
 * in its exact status (and field, or the device's ErrorCode), the session FAILED with no
 * secret and no key handle left; then the same context opens an honest PSK session.
 *
 * The responder side: a request of the honest flow is swapped for a hostile one (PSK_FINISH
 * without PSK_EXCHANGE, after KEY_EXCHANGE in the clear and inside its session: CVE-2023-31127,
 * FINISH for a PSK session, a wrong RequesterVerifyData, PSK_EXCHANGE inside a session, bad
 * PSK_EXCHANGE fields, ...); the ERROR must be exact, no session may be established by it, and
 * the responder then serves an honest PSK session. HOSTILE_VERBOSE=1 lists every scenario.
 */
#include "hostile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/session_ctx.h"
#include "crypto/crypto.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"
#include "testutil.h"

#define MSG_CAP	  8192
#define N_SESS	  2
#define SESS_WORD 256 /* uint64_t per session object */

struct hx_env hx_env; /* the catalogue's helpers are linked in; this group needs none */

static const uint8_t psk[] = "TestPskData", hint[] = "TestPskHint", bad_hint[] = "Nope";

enum pf_kind {
	PF_NONE,
	PF_XOR,	     /* the message byte at `at` ^= val */
	PF_SET,	     /* the message byte at `at` = val */
	PF_TRUNC,    /* the message loses its last val bytes */
	PF_APPEND,   /* the message gains val bytes */
	PF_NO_CTX,   /* PSK_EXCHANGE_RSP without its ResponderContext */
	PF_ADD_CTX,  /* PSK_EXCHANGE_RSP with a 32-byte ResponderContext it should not have */
	PF_MAC,	     /* the record's last byte ^= 1 */
	PF_REQ_XOR,  /* the REQUEST's message byte at `at` ^= val (inside its record) */
	PF_SWAP,     /* the request is replaced by swap_hex (+ H filler bytes when val) */
	PF_SWAP_MUT, /* the request is kept, and its byte at `at` set to val (in the clear) */
};

struct pcase {
	const char *name;
	uint8_t ver;
	uint32_t drop; /* responder caps taken away */
	uint32_t add;  /* responder caps added (PSK_CAP without context) */
	uint8_t flow;  /* FL_* */
	enum pf_kind kind;
	uint8_t code; /* the message hit: response code, or request code (swaps) */
	int16_t at;   /* offset in the SPDM message (negative: from its end) */
	uint8_t val;
	const char *swap_hex; /* PF_SWAP: the request sent instead */
	cspdm_status expect;  /* requester side */
	const char *field;
	uint8_t dev;  /* the device's ErrorCode (requester: device_code; swaps: the answer) */
	int rsp_open; /* responder sessions left established after the scenario */
};

#define FL_PSK	   0 /* a PSK session: open, HEARTBEAT, END_SESSION */
#define FL_BADHINT 1 /* ... with a hint the device does not know */
#define FL_KEYEX   2 /* a KEY_EXCHANGE session (after authentication) */
#define FL_NOPSK   3 /* a KEY_EXCHANGE session from a requester without PSK_CAP */
#define FL_LIMIT   4 /* two PSK sessions fill the device, then a third */

static struct {
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	struct cspdm_identity id;
	struct cspdm_rsp_psk table[1];
	struct cspdm_responder_config rc;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096], sess_mem[N_SESS][SESS_WORD];
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	uint64_t ctx_mem[1024], s_mem[3][SESS_WORD];
	struct cspdm_session *s[3];
	uint8_t tx[3][MSG_CAP], cert[16384], rx[MSG_CAP], meas[16384];
	struct cspdm_secured_binding binding;
	uint8_t buf[MSG_CAP], work[MSG_CAP];
	const struct pcase *c;
	unsigned fired;
	uint8_t answer; /* the ErrorCode answering a swapped request (0: not an ERROR) */
	unsigned passed, failed;
	int verbose;
} g;

/* ---- the device and the requester ------------------------------------------------------------ */

static void setup(const struct pcase *c)
{
	struct cspdm_rsp_slot slot = {g.id.chain, g.id.chain_len, g.id.key};

	cspdm_responder_config_defaults(&g.rc);
	g.rc.crypto = g.ops;
	g.rc.base_asym = CSPDM_ASYM_ECDSA_P256;
	g.rc.max_version = c->ver;
	g.rc.caps = ((g.rc.caps | CSPDM_RSP_CAPS_SESSIONS) & ~c->drop) | c->add;
	g.rc.slots[0] = slot;
	g.rc.session_mem = g.sess_mem;
	g.rc.session_count = N_SESS;
	g.rc.heartbeat_period = 30;
	g.table[0] = (struct cspdm_rsp_psk){hint, sizeof(hint), psk, sizeof(psk)};
	g.rc.psks = g.table;
	g.rc.psk_count = 1;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &g.binding);
	g.rc.binding = g.binding;
	cspdm_config_defaults(&g.cfg);
	g.cfg.crypto = g.ops;
	g.cfg.cert_buf = g.cert;
	g.cfg.cert_cap = sizeof(g.cert);
	g.cfg.rx_buf = g.rx;
	g.cfg.rx_cap = sizeof(g.rx);
	g.cfg.meas_buf = g.meas;
	g.cfg.meas_cap = sizeof(g.meas);
	g.cfg.req_caps |= c->flow == FL_NOPSK ? 0 : CSPDM_REQ_CAP_PSK;
	if (cspdm_responder_init(&g.rsp, g.rsp_mem, sizeof(g.rsp_mem), &g.rc) ||
	    cspdm_init(&g.ctx, g.ctx_mem, sizeof(g.ctx_mem), &g.cfg))
		abort();
}

static void teardown(void)
{
	unsigned i;

	for (i = 0; i < 3; i++)
		cspdm_session_deinit(g.s[i]);
	memset(g.s, 0, sizeof(g.s));
	cspdm_deinit(g.ctx);
	cspdm_responder_deinit(g.rsp);
}

static struct cspdm_session *new_session(unsigned i, int psk_session, const uint8_t *h,
					 uint16_t h_len)
{
	struct cspdm_session_config sc;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = g.tx[i];
	sc.tx_cap = sizeof(g.tx[i]);
	sc.binding = g.binding;
	if (psk_session) {
		sc.psk = psk;
		sc.psk_len = sizeof(psk);
		sc.psk_hint = h;
		sc.psk_hint_len = h_len;
	}
	cspdm_session_deinit(g.s[i]);
	if (cspdm_session_init(&g.s[i], g.s_mem[i], sizeof(g.s_mem[i]), g.ctx, &sc))
		abort();
	return g.s[i];
}

/* The device's sessions, as the responder indexes them in its memory. */
static struct cspdm_session *device_slot(unsigned i)
{
	return (struct cspdm_session *)(void *)g.sess_mem + i;
}

/* The device's session a record names. */
static struct cspdm_session *device_session(const uint8_t *rec, size_t len)
{
	uint32_t id = 0;
	unsigned i;

	if (!sec_peek_session_id(rec, len, &id))
		return NULL;
	for (i = 0; i < N_SESS; i++) {
		struct cspdm_session *s = device_slot(i);

		if (s->magic == CSPDM_SESSION_MAGIC && s->session_id == id &&
		    (s->state == CSPDM_SESSION_HANDSHAKING || s->state == CSPDM_SESSION_OPEN))
			return s;
	}
	return NULL;
}

/* ---- faults ---------------------------------------------------------------------------------- */

/* The byte-level faults on an SPDM message (room for MSG_CAP); returns its new length. */
static size_t mutate(const struct pcase *c, uint8_t *m, size_t len)
{
	size_t at = c->at < 0 ? len - (size_t)(-c->at) : (size_t)c->at, ctx;

	switch (c->kind) {
	case PF_XOR:
	case PF_REQ_XOR:
		m[at] ^= c->val;
		return len;
	case PF_SET:
		m[at] = c->val;
		return len;
	case PF_TRUNC:
		return len - c->val;
	case PF_APPEND:
		memset(m + len, 0x5A, c->val);
		return len + c->val;
	case PF_NO_CTX:
		ctx = (size_t)m[8] | (size_t)m[9] << 8;
		memmove(m + 12, m + 12 + ctx, len - 12 - ctx);
		m[8] = m[9] = 0;
		return len - ctx;
	case PF_ADD_CTX:
		memmove(m + 12 + 32, m + 12, len - 12);
		memset(m + 12, 0xC7, 32);
		m[8] = 32;
		return len + 32;
	default:
		return len;
	}
}

/*
 * A record of direction d, opened with a copy of its key (secret, and the sequence number it
 * was sealed with); when the message inside is code, it is changed and sealed again into rec.
 */
static size_t reseal(const struct cspdm_session *owner, enum sec_dir_id d, const uint8_t *secret,
		     uint64_t seq, uint8_t *rec, size_t len, uint8_t code)
{
	struct sec_state t;
	const uint8_t *msg = NULL;
	size_t mlen = 0, off = sec_msg_offset(&g.binding, owner->sec.mac_only), rlen = len;
	cspdm_error err;

	memset(&t, 0, sizeof(t));
	t.aead = owner->sec.aead;
	t.mac_only = owner->sec.mac_only;
	memcpy(g.work, rec, len);
	if (sec_install(&owner->ks, &t, d, secret))
		abort();
	t.dir[d].seq = seq;
	if (!sec_open(g.ops, &t, d, owner->session_id, &g.binding, 0, g.work, len, &msg, &mlen,
		      &err) &&
	    mlen >= 2 && msg[1] == code) {
		memmove(rec + off, msg, mlen);
		mlen = mutate(g.c, rec + off, mlen);
		t.dir[d].seq = seq;
		if (sec_seal(g.ops, &t, d, owner->session_id, &g.binding, rec, MSG_CAP, mlen,
			     &rlen))
			abort();
		g.fired++;
	}
	sec_wipe(g.ops, &t);
	return rlen;
}

/* The request to send instead of a swapped one: the hex, and H bytes of filler. */
static size_t swap_msg(const struct pcase *c, uint8_t *m)
{
	int n = tu_hex(c->swap_hex, m, MSG_CAP);
	size_t len = n > 0 ? (size_t)n : 0;

	if (c->val) {
		memset(m + len, 0x77, g.ctx->neg.hash_size);
		len += g.ctx->neg.hash_size;
	}
	m[0] = g.ctx->neg.version;
	return len;
}

/* The outgoing request in buf (len), rewritten when the scenario hits it. */
static size_t fault_request(struct cspdm_session *s, size_t len, int secured)
{
	const struct pcase *c = g.c;
	struct sec_dir *d = &s->sec.dir[SEC_REQ];
	size_t off = sec_msg_offset(&g.binding, s->sec.mac_only), n;

	if (g.ctx->req_code != c->code || g.fired)
		return len;
	if (c->kind == PF_REQ_XOR)
		return reseal(s, SEC_REQ, d->secret, d->seq - 1, g.buf, len, c->code);
	if (c->kind == PF_SWAP_MUT && !secured) {
		g.fired++;
		return mutate(&(struct pcase){.kind = PF_SET, .at = c->at, .val = c->val}, g.buf,
			      len);
	}
	if (c->kind != PF_SWAP)
		return len;
	g.fired++;
	n = swap_msg(c, secured ? g.buf + off : g.buf);
	if (!secured)
		return n;
	d->seq--; /* the record replaced keeps its sequence number */
	if (sec_seal(g.ops, &s->sec, SEC_REQ, s->session_id, &g.binding, g.buf, MSG_CAP, n, &len))
		abort();
	return len;
}

/* The device's answer in buf (n bytes), rewritten when the scenario hits it. */
static size_t fault_response(struct cspdm_session *dev, const uint8_t *secret, uint64_t seq,
			     size_t n, int secured)
{
	const struct pcase *c = g.c;

	if (c->kind == PF_NONE || c->kind >= PF_REQ_XOR || g.fired || n < 2)
		return n;
	if (c->kind == PF_MAC && secured && dev) {
		g.buf[n - 1] ^= 1;
		g.fired++;
		return n;
	}
	if (secured)
		return dev ? reseal(dev, SEC_RSP, secret, seq, g.buf, n, c->code) : n;
	if (g.buf[1] != c->code)
		return n;
	g.fired++;
	return mutate(c, g.buf, n);
}

/* The ErrorCode of a swapped request's answer, opened with the requester's key. */
static void note_answer(struct cspdm_session *s, size_t n, int secured)
{
	struct sec_state copy = s->sec; /* not advanced: the requester opens it again */
	const uint8_t *msg = g.buf;
	size_t mlen = n;
	cspdm_error err;

	memcpy(g.work, g.buf, n);
	if (secured && sec_open(g.ops, &copy, SEC_RSP, s->session_id, &g.binding, 0, g.work, n,
				&msg, &mlen, &err))
		return;
	g.answer = mlen >= 4 && msg[1] == SPDM_ERROR ? msg[2] : 0;
}

/* One request to the device and its answer, both through the faults. */
static size_t exchange(struct cspdm_session *s, const struct cspdm_action *act, int *secured)
{
	struct cspdm_session *dev;
	uint8_t secret[CSPDM_MAX_HASH_SIZE] = {0};
	uint64_t seq = 0;
	size_t n, swapped = g.fired;

	*secured = act->msg_kind == CSPDM_MSG_SECURED;
	memcpy(g.buf, act->req, act->req_len);
	n = fault_request(s, act->req_len, *secured);
	swapped = g.fired != swapped && g.c->kind >= PF_SWAP;
	dev = *secured ? device_session(g.buf, n) : NULL;
	if (dev) {
		memcpy(secret, dev->sec.dir[SEC_RSP].secret, sizeof(secret));
		seq = dev->sec.dir[SEC_RSP].seq;
	}
	memcpy(g.work, g.buf, n);
	n = *secured ? cspdm_responder_process_secured(g.rsp, g.work, n, 0, g.buf, sizeof(g.buf))
		     : cspdm_responder_process(g.rsp, g.work, n, 0, g.buf, sizeof(g.buf));
	if (swapped)
		note_answer(s, n, *secured);
	n = fault_response(dev, secret, seq, n, *secured);
	cspdm_memzero(secret, sizeof(secret));
	return n;
}

/* Run the operation begun on s to its end. */
static cspdm_status drive(struct cspdm_session *s)
{
	struct cspdm_action act;
	int secured = 0;
	size_t n;
	cspdm_status st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);

	while (!st && act.kind != CSPDM_ACT_DONE) {
		if (act.kind == CSPDM_ACT_DELAY) {
			st = cspdm_session_step(s, NULL, 0, CSPDM_MSG_SPDM, &act);
			continue;
		}
		n = exchange(s, &act, &secured);
		if (!n)
			return cspdm_session_step_timeout(s, &act);
		st = cspdm_session_step(s, g.buf, n, secured ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM,
					&act);
	}
	return st;
}

static cspdm_status open_and_use(struct cspdm_session *s)
{
	cspdm_status st = cspdm_session_open_begin(s);

	if (!st)
		st = drive(s);
	if (!st)
		st = cspdm_session_heartbeat_begin(s);
	if (!st)
		st = drive(s);
	if (!st)
		st = cspdm_session_end_begin(s, 1);
	return st ? st : drive(s);
}

/* ---- checks ---------------------------------------------------------------------------------- */

static int all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* A failed session holds nothing: no secret, no key handle, no hash, no PSK pointer. */
static const char *nothing_left(const struct cspdm_session *s)
{
	if (s->state != CSPDM_SESSION_FAILED)
		return "the session is not FAILED";
	if (!all_zero(&s->k, sizeof(s->k)) || !all_zero(&s->sec.dir, sizeof(s->sec.dir)))
		return "a secret or key handle is left in the session";
	if (s->th_live || s->dhe_key || s->cfg.psk)
		return "a transcript hash, DHE key or the PSK pointer is left";
	return NULL;
}

/* After the scenario, the same context and device serve an honest PSK session. */
static const char *honest_again(const struct pcase *c)
{
	struct cspdm_action act;
	int psk_session = c->flow != FL_NOPSK;

	if (g.ctx->sess) { /* a swap left the flow in the middle: end it as a timeout would */
		cspdm_session_deinit(g.ctx->sess);
		cspdm_step_timeout(g.ctx, &act);
	}
	g.c = &(struct pcase){.kind = PF_NONE};
	if (open_and_use(new_session(2, psk_session, hint, sizeof(hint))))
		return "no honest session after the scenario";
	return cspdm_responder_sessions(g.rsp) ? "the honest session did not end" : NULL;
}

static char why[256];

static const char *check(const struct pcase *c, struct cspdm_session *s, cspdm_status st)
{
	const cspdm_error *e = cspdm_session_last_error(s);
	const char *bad;

	if (!g.fired && c->kind != PF_NONE)
		return "the fault never fired";
	if (c->kind == PF_SWAP || c->kind == PF_SWAP_MUT) {
		snprintf(why, sizeof(why), "answer ERROR 0x%02x, want 0x%02x", g.answer, c->dev);
		return g.answer == c->dev ? NULL : why;
	}
	snprintf(why, sizeof(why), "%s (field %s, device 0x%02x), want %s", cspdm_status_name(st),
		 e->field ? e->field : "-", e->device_code, cspdm_status_name(c->expect));
	if (st != c->expect || (c->field && (!e->field || strcmp(e->field, c->field))) ||
	    (c->dev && e->device_code != c->dev))
		return why;
	bad = nothing_left(s);
	return bad;
}

/* ---- the catalogue --------------------------------------------------------------------------- */

#define RSP(code) SPDM_##code##_RSP
#define NOCLEAR	  SPDM_CAP_HANDSHAKE_IN_CLEAR
#define NOCTX	  CSPDM_RSP_CAP_PSK
/* PSK_FINISH with 0x77 filler verify data, a FINISH, a PSK_EXCHANGE (hint "TestPskHint") */
#define HEX_PSK_FINISH "12 e7 00 00"
#define HEX_FINISH     "12 e5 00 00"
#define HEX_PSK_EXCH                                                                               \
	"12 e6 00 00 fe ff 0c 00 20 00 00 00 5465737450736b48696e7400"                             \
	"0102030405060708090a0b0c0d0e0f10 1112131415161718191a1b1c1d1e1f20"

static const struct pcase cases[] = {
    /* ---- the device lies: requester side -------------------------------------------------- */
    {"PSK_EXCHANGE_RSP: ResponderVerifyData wrong", 0x12, 0, 0, FL_PSK, PF_XOR,
     SPDM_PSK_EXCHANGE_RSP, -1, 0x01, NULL, CSPDM_E_VERIFY_DATA, "ResponderVerifyData", 0, 0},
    {"PSK_EXCHANGE_RSP: ResponderVerifyData wrong (1.3 salt)", 0x13, 0, NOCTX, FL_PSK, PF_XOR,
     SPDM_PSK_EXCHANGE_RSP, -48, 0x80, NULL, CSPDM_E_VERIFY_DATA, "ResponderVerifyData", 0, 1},
    {"PSK_EXCHANGE_RSP: ResponderContext changed (covered by the HMAC)", 0x14, 0, 0, FL_PSK, PF_XOR,
     SPDM_PSK_EXCHANGE_RSP, 12, 0x01, NULL, CSPDM_E_VERIFY_DATA, "ResponderVerifyData", 0, 0},
    {"PSK_EXCHANGE_RSP: truncated by a byte", 0x12, 0, 0, FL_PSK, PF_TRUNC, SPDM_PSK_EXCHANGE_RSP,
     0, 1, NULL, CSPDM_E_TRUNCATED, "ResponderVerifyData", 0, 0},
    {"PSK_EXCHANGE_RSP: a trailing byte", 0x12, 0, 0, FL_PSK, PF_APPEND, SPDM_PSK_EXCHANGE_RSP, 0,
     1, NULL, CSPDM_E_TRAILING, "end of message", 0, 0},
    {"PSK_EXCHANGE_RSP: Reserved set", 0x13, 0, 0, FL_PSK, PF_SET, SPDM_PSK_EXCHANGE_RSP, 7, 0x01,
     NULL, CSPDM_E_RESERVED, "Reserved", 0, 0},
    {"PSK_EXCHANGE_RSP: Param2 set", 0x11, 0, 0, FL_PSK, PF_SET, SPDM_PSK_EXCHANGE_RSP, 3, 0x80,
     NULL, CSPDM_E_RESERVED, "Param2", 0, 0},
    {"PSK_EXCHANGE_RSP: ResponderContextLength 16", 0x12, 0, 0, FL_PSK, PF_SET,
     SPDM_PSK_EXCHANGE_RSP, 8, 16, NULL, CSPDM_E_LENGTH, "ResponderContextLength", 0, 0},
    {"PSK_EXCHANGE_RSP: no ResponderContext with PSK_CAP with context", 0x12, 0, 0, FL_PSK,
     PF_NO_CTX, SPDM_PSK_EXCHANGE_RSP, 0, 0, NULL, CSPDM_E_FIELD,
     "ResponderContextLength (0 with PSK_CAP with context)", 0, 0},
    {"PSK_EXCHANGE_RSP: a ResponderContext without PSK_CAP with context", 0x12, 0, NOCTX, FL_PSK,
     PF_ADD_CTX, SPDM_PSK_EXCHANGE_RSP, 0, 0, NULL, CSPDM_E_FIELD,
     "ResponderContextLength (PSK_CAP without context)", 0, 1},
    {"PSK_EXCHANGE_RSP: SelectedVersion never offered", 0x12, 0, 0, FL_PSK, PF_SET,
     SPDM_PSK_EXCHANGE_RSP, -48 - 12 + 10, 0x20, NULL, CSPDM_E_FIELD, "OpaqueData.SelectedVersion",
     0, 0},
    {"PSK_EXCHANGE_RSP: HeartbeatPeriod without HBEAT_CAP", 0x12, SPDM_CAP_HBEAT, 0, FL_PSK, PF_SET,
     SPDM_PSK_EXCHANGE_RSP, 2, 10, NULL, CSPDM_E_FIELD,
     "Param1 (HeartbeatPeriod without HBEAT_CAP)", 0, 0},
    {"PSK_EXCHANGE: an unknown hint (ERROR Unspecified)", 0x12, 0, 0, FL_BADHINT, PF_NONE, 0, 0, 0,
     NULL, CSPDM_E_DEVICE_ERROR, "ErrorCode", SPDM_ERR_UNSPECIFIED, 0},
    {"PSK_FINISH_RSP: truncated to its header", 0x14, 0, 0, FL_PSK, PF_TRUNC, RSP(PSK_FINISH), 0, 2,
     NULL, CSPDM_E_TRUNCATED, "OpaqueDataLength", 0, 1},
    {"PSK_FINISH_RSP: truncated to 3 bytes", 0x12, 0, 0, FL_PSK, PF_TRUNC, RSP(PSK_FINISH), 0, 1,
     NULL, CSPDM_E_TRUNCATED, NULL, 0, 1},
    {"PSK_FINISH_RSP: a verify data it does not have", 0x13, 0, 0, FL_PSK, PF_APPEND,
     RSP(PSK_FINISH), 0, 48, NULL, CSPDM_E_TRAILING, "end of message", 0, 1},
    {"PSK_FINISH_RSP: Param1 set", 0x12, 0, 0, FL_PSK, PF_SET, RSP(PSK_FINISH), 2, 0x01, NULL,
     CSPDM_E_RESERVED, "Param1", 0, 1},
    {"PSK_FINISH_RSP: answered as FINISH_RSP", 0x13, 0, 0, FL_PSK, PF_SET, RSP(PSK_FINISH), 1,
     SPDM_FINISH_RSP, NULL, CSPDM_E_RESPONSE_CODE, NULL, 0, 1},
    {"PSK_FINISH_RSP: OpaqueDataLength beyond the message", 0x14, 0, 0, FL_PSK, PF_SET,
     RSP(PSK_FINISH), 4, 0x08, NULL, CSPDM_E_TRUNCATED, "OpaqueData", 0, 1},
    {"PSK_FINISH_RSP: the record's MAC", 0x12, 0, 0, FL_PSK, PF_MAC, RSP(PSK_FINISH), 0, 0, NULL,
     CSPDM_E_DECRYPT, "MAC", 0, 1},
    {"PSK_FINISH: RequesterVerifyData wrong (device: DecryptError)", 0x13, 0, 0, FL_PSK, PF_REQ_XOR,
     SPDM_PSK_FINISH, -1, 0x01, NULL, CSPDM_E_DEVICE_ERROR, "ErrorCode", SPDM_ERR_DECRYPT_ERROR, 0},
    {"HEARTBEAT_ACK in a PSK session without context: wrong code", 0x12, 0, NOCTX, FL_PSK, PF_SET,
     SPDM_HEARTBEAT_ACK, 1, SPDM_KEY_UPDATE_ACK, NULL, CSPDM_E_RESPONSE_CODE, NULL, 0, 1},
    {"PSK_EXCHANGE beyond the session limit", 0x12, 0, 0, FL_LIMIT, PF_NONE, 0, 0, 0, NULL,
     CSPDM_E_DEVICE_ERROR, "ErrorCode", SPDM_ERR_SESSION_LIMIT_EXCEEDED, N_SESS},
    /* ---- the requester misbehaves: responder side ------------------------------------------ */
    {"PSK_FINISH without PSK_EXCHANGE (in the clear)", 0x12, 0, 0, FL_PSK, PF_SWAP,
     SPDM_PSK_EXCHANGE, 0, 1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_SESSION_REQUIRED, 0},
    {"PSK_FINISH without PSK_EXCHANGE (1.1: UnexpectedRequest)", 0x11, 0, 0, FL_PSK, PF_SWAP,
     SPDM_PSK_EXCHANGE, 0, 1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 0},
    {"PSK_FINISH without PSK_EXCHANGE, in an established session", 0x13, 0, 0, FL_PSK, PF_SWAP,
     SPDM_HEARTBEAT, 0, 1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 1},
    {"KEY_EXCHANGE, then PSK_FINISH in the clear", 0x12, 0, 0, FL_KEYEX, PF_SWAP, SPDM_FINISH, 0, 1,
     HEX_PSK_FINISH, 0, NULL, SPDM_ERR_SESSION_REQUIRED, 0},
    {"KEY_EXCHANGE, then PSK_FINISH in its session (CVE-2023-31127)", 0x12, NOCLEAR, 0, FL_KEYEX,
     PF_SWAP, SPDM_FINISH, 0, 1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 0},
    {"KEY_EXCHANGE, then PSK_FINISH in its session, 1.4", 0x14, NOCLEAR, 0, FL_KEYEX, PF_SWAP,
     SPDM_FINISH, 0, 1, "12 e7 00 00 0000", 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 0},
    {"PSK_EXCHANGE, then FINISH in its session", 0x13, 0, 0, FL_PSK, PF_SWAP, SPDM_PSK_FINISH, 0, 1,
     HEX_FINISH, 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 0},
    {"PSK_FINISH with a wrong RequesterVerifyData", 0x12, 0, 0, FL_PSK, PF_SWAP, SPDM_PSK_FINISH, 0,
     1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_DECRYPT_ERROR, 0},
    {"PSK_FINISH without its verify data", 0x12, 0, 0, FL_PSK, PF_SWAP, SPDM_PSK_FINISH, 0, 0,
     HEX_PSK_FINISH, 0, NULL, SPDM_ERR_INVALID_REQUEST, 0},
    {"PSK_FINISH to a session without context (established)", 0x12, 0, NOCTX, FL_PSK, PF_SWAP,
     SPDM_HEARTBEAT, 0, 1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 1},
    {"PSK_FINISH in the clear to a device without context", 0x12, 0, NOCTX, FL_PSK, PF_SWAP,
     SPDM_PSK_EXCHANGE, 0, 1, HEX_PSK_FINISH, 0, NULL, SPDM_ERR_UNSUPPORTED_REQUEST, 0},
    {"PSK_EXCHANGE inside a session", 0x12, 0, 0, FL_PSK, PF_SWAP, SPDM_HEARTBEAT, 0, 0,
     HEX_PSK_EXCH, 0, NULL, SPDM_ERR_UNEXPECTED_REQUEST, 1},
    {"PSK_EXCHANGE with RequesterContextLength 31", 0x12, 0, 0, FL_PSK, PF_SWAP_MUT,
     SPDM_PSK_EXCHANGE, 8, 31, NULL, 0, NULL, SPDM_ERR_INVALID_REQUEST, 0},
    {"PSK_EXCHANGE with SessionPolicy bit 7", 0x13, 0, 0, FL_PSK, PF_SWAP_MUT, SPDM_PSK_EXCHANGE, 3,
     0x80, NULL, 0, NULL, SPDM_ERR_INVALID_REQUEST, 0},
    {"PSK_EXCHANGE with a summary of measurements type 2", 0x12, 0, 0, FL_PSK, PF_SWAP_MUT,
     SPDM_PSK_EXCHANGE, 2, 0x02, NULL, 0, NULL, SPDM_ERR_INVALID_REQUEST, 0},
    {"PSK_EXCHANGE with a hint longer than the message", 0x12, 0, 0, FL_PSK, PF_SWAP_MUT,
     SPDM_PSK_EXCHANGE, 7, 0x40, NULL, 0, NULL, SPDM_ERR_INVALID_REQUEST, 0},
    {"PSK_EXCHANGE from a requester without PSK_CAP", 0x12, 0, 0, FL_NOPSK, PF_SWAP,
     SPDM_KEY_EXCHANGE, 0, 0, HEX_PSK_EXCH, 0, NULL, SPDM_ERR_UNSUPPORTED_REQUEST, 0},
};

/* ---- the runner ------------------------------------------------------------------------------ */

static unsigned device_open(void);
static cspdm_status run_flow(const struct pcase *c)
{
	cspdm_status st;

	switch (c->flow) {
	case FL_BADHINT:
		return open_and_use(new_session(0, 1, bad_hint, sizeof(bad_hint)));
	case FL_KEYEX: /* the chain is fetched inside the open; no CHALLENGE */
	case FL_NOPSK:
		return open_and_use(new_session(0, 0, NULL, 0));
	case FL_LIMIT:
		g.c = &(struct pcase){.kind = PF_NONE};
		st = cspdm_session_open_begin(new_session(0, 1, hint, sizeof(hint)));
		st = st ? st : drive(g.s[0]);
		st = st ? st : cspdm_session_open_begin(new_session(1, 1, hint, sizeof(hint)));
		st = st ? st : drive(g.s[1]);
		g.c = c;
		if (st)
			return CSPDM_E_STATE;
		st = open_and_use(new_session(2, 1, hint, sizeof(hint)));
		cspdm_session_deinit(g.s[0]);
		cspdm_session_deinit(g.s[1]);
		g.s[0] = g.s[1] = NULL;
		return st;
	default:
		return open_and_use(new_session(0, 1, hint, sizeof(hint)));
	}
}

/* Established sessions of the device (not those still in their handshake). */
static unsigned device_open(void)
{
	unsigned i, n = 0;

	for (i = 0; i < N_SESS; i++) {
		const struct cspdm_session *d = device_slot(i);

		n += d->magic == CSPDM_SESSION_MAGIC && d->state == CSPDM_SESSION_OPEN;
	}
	return n;
}

static const char *run_case(const struct pcase *c)
{
	struct cspdm_session *s;
	const char *bad;
	cspdm_status st;

	setup(c);
	g.c = c;
	g.fired = 0;
	g.answer = 0;
	st = run_flow(c);
	s = g.s[c->flow == FL_LIMIT ? 2 : 0];
	bad = check(c, s, st);
	if (!bad && (c->kind == PF_SWAP || c->kind == PF_SWAP_MUT))
		bad =
		    st == CSPDM_E_DEVICE_ERROR ? nothing_left(s) : "the swap did not fail the flow";
	if (!bad && device_open() != (unsigned)c->rsp_open) {
		snprintf(why, sizeof(why), "%u sessions established on the device, want %d",
			 device_open(), c->rsp_open);
		bad = why;
	}
	if (!bad)
		bad = honest_again(c);
	teardown();
	return bad;
}

int main(void)
{
	size_t i;
	const char *bad;

	g.verbose = getenv("HOSTILE_VERBOSE") != NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (cspdm_openssl_new(&g.ossl, NULL) ||
	    cspdm_identity_generate(CSPDM_ASYM_ECDSA_P256, NULL, 0, &g.id))
		return 1;
	g.ops = cspdm_openssl_ops(g.ossl);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = run_case(&cases[i]);
		if (bad)
			printf("FAIL [psk] %s: %s\n", cases[i].name, bad);
		else if (g.verbose)
			printf("ok   [psk] %s\n", cases[i].name);
		if (bad)
			g.failed++;
		else
			g.passed++;
	}
	cspdm_identity_free(&g.id);
	cspdm_openssl_free(g.ossl);
	printf("hostile psk: %zu scenarios\n%u passed, %u failed\n", i, g.passed, g.failed);
	return g.failed ? 1 : 0;
}
