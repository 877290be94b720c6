/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Seed the corpus of the session harnesses from honest sessions: seed_sessions CORPUS_DIR
 *
 * Our requester and our responder (the stub crypto of fuzz_common.c) run in-process, for SPDM
 * 1.1 to 1.4, MCTP, PCI DOE and NONE records, the handshake in the clear or encrypted, MAC-only
 * records, all-zero or FNV digests. The requester authenticates, then opens a session, sends
 * HEARTBEAT, both KEY_UPDATEs, measures, fetches the chain and ends the session, as
 * fuzz_requester drives it. Files named by the FNV-1a hash of their content go to
 * CORPUS_DIR/<harness>/:
 *  - fuzz_requester: its header (a session on the binding) and every response it got;
 *  - fuzz_responder: its header and every request (secured ones flagged FZ_MSG_OTHER) from
 *    GET_VERSION on; and, with the honest session of the harness (byte 4 bit 7), the header
 *    and the requests after that session opened; over PCI DOE from 1.2, the app flows of the
 *    device model first (IDE_KM, TDISP, CXL IDE_KM, CXL TSP);
 *  - fuzz_secured: each record of the session with the parameters that open it (zero tags),
 *    and its message to seal.
 * The configurations are the harnesses' own headers, parsed by the harnesses' parsers, so the
 * seeds replay exactly.
 */
#include "fuzz_common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/app_flow.h"
#include "core/session_ctx.h"

#define SEED_CAP 65536

struct conf {
	uint8_t ver;	  /* SPDM version */
	uint8_t bind;	  /* fz_binding: 0 MCTP, 1 PCI DOE, 2 NONE */
	uint8_t enc;	  /* the handshake encrypted */
	uint8_t mac_only; /* MAC_CAP without ENCRYPT_CAP */
	uint8_t fnv;	  /* FNV digests (else all zeros) */
};

static const struct conf confs[] = {
    {CSPDM_V12, 0, 0, 0, 0}, {CSPDM_V12, 1, 0, 0, 0}, {CSPDM_V12, 2, 0, 0, 0},
    {CSPDM_V11, 0, 0, 0, 0}, {CSPDM_V13, 0, 1, 0, 0}, {CSPDM_V14, 1, 1, 0, 0},
    {CSPDM_V13, 0, 0, 1, 0}, {CSPDM_V14, 2, 1, 0, 0}, {CSPDM_V12, 0, 0, 0, 1},
    {CSPDM_V13, 1, 1, 1, 1},
};

/* What a run writes: a seed being built, and the records seen. */
struct seed {
	const char *dir;
	const struct conf *c;
	uint8_t buf[SEED_CAP];
	size_t at;
	int responses; /* 1: keep the responses, 0: the requests, -1: neither */
	struct cspdm_session *s;
	unsigned written;
};

static uint64_t rsp_mem[8192];
static uint8_t req_tx[FZ_LINK_CAP], rx[FZ_LINK_CAP];
static struct fz_link link;
static struct seed seed;

static void put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* The responder header: the configuration both sides of a run use. */
static void responder_header(const struct conf *c, uint8_t sess, uint8_t *h)
{
	uint32_t caps = SPDM_CAP_CERT | SPDM_CAP_CHAL | SPDM_CAP_MEAS_SIG | CSPDM_RSP_CAPS_SESSIONS;

	if (c->enc)
		caps &= ~SPDM_CAP_HANDSHAKE_IN_CLEAR;
	if (c->mac_only)
		caps &= ~SPDM_CAP_ENCRYPT;
	memset(h, 0, FZ_RSP_HDR);
	h[0] = c->bind == 1 ? FZ_S_DOE | FZ_S_PAD : 0;
	h[2] = (uint8_t)(c->ver - CSPDM_V10);			   /* max_version */
	h[3] = 4;						   /* ECDSA P-256 */
	h[4] = (uint8_t)(0x02 | sess | (c->fnv ? 0 : FZ_S4_ZERO)); /* SHA-384 */
	put_u32(h + 5, caps);
	h[13] = 0x01;
}

static void requester_header(const struct conf *c, uint8_t *h)
{
	memset(h, 0, FZ_REQ_HDR);
	h[0] = (uint8_t)(FZ_R_SIGN | (c->fnv ? FZ_R_FNV : 0));
	h[1] = (uint8_t)(c->ver - CSPDM_V10); /* max_version */
	h[3] = (uint8_t)(FZ_R3_SESSION | c->bind << 6);
	h[4] = 0x80; /* all measurements at once */
}

static void start_seed(const uint8_t *h, size_t n, int responses)
{
	memcpy(seed.buf, h, n);
	seed.at = n;
	seed.responses = responses;
}

static void end_seed(const char *harness)
{
	if (seed.at)
		seed.written += (unsigned)fz_write_seed(seed.dir, harness, seed.buf, seed.at);
	seed.responses = -1;
}

/* A record of session s with the parameters of fuzz_secured that open it (zero tags). */
static void secured_seed(const struct cspdm_session *s, int response, const uint8_t *r, size_t n)
{
	static uint8_t b[FZ_LINK_CAP + 64];
	const struct cspdm_secured_binding *bd = &s->cfg.binding;
	struct cspdm_session_info i;
	size_t at = 9, off = sec_msg_offset(bd, s->sec.mac_only);

	if (cspdm_session_get_info(s, &i) || n < off + CSPDM_AEAD_TAG_SIZE || n > FZ_LINK_CAP)
		return;
	b[0] = (uint8_t)(seed.c->bind | (s->sec.mac_only ? 0x04 : 0) | (response ? 0x40 : 0));
	b[1] = (uint8_t)((i.aead == CSPDM_AEAD_AES_128_GCM	   ? 0
			  : i.aead == CSPDM_AEAD_CHACHA20_POLY1305 ? 2
								   : 1) |
			 (s->ks.hash_size == 48	  ? 1
			  : s->ks.hash_size == 64 ? 2
						  : 0)
			     << 2);
	b[2] = (uint8_t)(s->ks.version - CSPDM_V11);
	put_u32(b + 3, s->session_id);
	b[7] = bd->seq_num_size ? r[4] : 0;
	b[8] = 0;
	at = fz_put_msg(b, sizeof(b), at, r, n);
	if (at && at + n - off - CSPDM_AEAD_TAG_SIZE <= sizeof(b)) {
		memcpy(b + at, r + off, n - off - CSPDM_AEAD_TAG_SIZE); /* its plaintext, padded */
		at += n - off - CSPDM_AEAD_TAG_SIZE;
		seed.written += (unsigned)fz_write_seed(seed.dir, "fuzz_secured", b, at);
	}
}

/* Over NONE a record is told by its SessionID. */
static int names_session(const uint8_t *m, size_t len)
{
	const struct cspdm_session *s = seed.s;
	uint32_t id;

	if (!s || !s->cfg.binding.untyped || len < 4 || s->state < CSPDM_SESSION_HANDSHAKING)
		return 0;
	id = m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 | (uint32_t)m[3] << 24;
	return id == s->session_id;
}

/* Every message on the link: into the seed being built, and records to fuzz_secured. */
static void tap(void *priv, int response, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	int secured = kind == CSPDM_MSG_SECURED || names_session(msg, len);
	size_t at;

	(void)priv;
	if (secured && seed.s)
		secured_seed(seed.s, response, msg, len);
	if (seed.responses != response || len >= FZ_MSG_OTHER)
		return;
	at = fz_put_msg(seed.buf, sizeof(seed.buf), seed.at, msg, len);
	if (at && secured && !response) /* fuzz_responder: for cspdm_responder_process_secured */
		seed.buf[seed.at + 1] |= FZ_MSG_OTHER >> 8;
	seed.at = at;
}

/* The session's operations after it opened, as fuzz_requester runs them. */
static void session_ops(struct cspdm_session *s, const struct cspdm_meas_query *q)
{
	cspdm_status st = cspdm_session_heartbeat(s, &link.io);

	if (!st)
		st = cspdm_session_key_update(s, &link.io, CSPDM_KEY_UPDATE_KEY);
	if (!st)
		st = cspdm_session_key_update(s, &link.io, CSPDM_KEY_UPDATE_ALL_KEYS);
	if (!st)
		st = cspdm_session_measure(s, &link.io, q);
	if (!st)
		st = cspdm_session_get_chain(s, &link.io);
	if (!st)
		st = cspdm_session_end(s, &link.io, 0);
	if (st)
		fprintf(stderr, "seed_sessions: the session failed: %s\n", cspdm_status_name(st));
}

/* Over PCI DOE: each app flow of the device model in the session (IDE setup, TDISP, CXL IDE
 * setup, CXL TSP, IDE stop), as cspdm ide/tdisp/cxl-ide/cxl-tsp run them. */
static void app_ops(struct cspdm_session *s, uint8_t ver)
{
	static const uint8_t kinds[] = {APP_FLOW_IDE_SETUP, APP_FLOW_TDISP, APP_FLOW_CXL_IDE_SETUP,
					APP_FLOW_CXL_TSP, APP_FLOW_IDE_STOP};
	static uint8_t req[4096], rsp[4096], report[4096];
	size_t i, req_len = 0, rsp_len = 0;
	struct app_flow f;
	cspdm_error err;
	cspdm_status st = CSPDM_OK;

	for (i = 0; !st && i < sizeof(kinds); i++) {
		app_flow_init(&f, fz_crypto_ops(), ver, (enum app_flow_kind)kinds[i]);
		f.function_id = 0xbeef;
		f.report = report;
		f.report_cap = sizeof(report);
		st = app_flow_next(&f, NULL, 0, req, sizeof(req), &req_len, &err);
		while (!st && req_len) {
			st = cspdm_session_vendor(s, &link.io, req, req_len, rsp, sizeof(rsp),
						  &rsp_len);
			if (!st)
				st = app_flow_next(&f, rsp, rsp_len, req, sizeof(req), &req_len,
						   &err);
		}
		app_flow_wipe(&f);
	}
	if (st)
		fprintf(stderr, "seed_sessions: an app flow failed: %s\n", cspdm_status_name(st));
}

/* Our responder as fuzz_responder configures it from this header. */
static struct cspdm_responder *new_responder(const struct conf *c, uint8_t sess,
					     struct cspdm_responder_config *cfg, uint8_t *h)
{
	struct cspdm_responder *r = NULL;
	uint8_t flags, s;
	struct fz_in in;

	responder_header(c, sess, h);
	fz_in_init(&in, h, FZ_RSP_HDR);
	fz_responder_parse(&in, cfg, &flags, &s);
	fz_crypto_reset(c->fnv ? FZ_HASH_FNV : FZ_HASH_ZERO, 0);
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), cfg) == CSPDM_OK);
	return r;
}

/* fuzz_requester: authentication and a whole session, the responses recorded. */
static void requester_seed(const struct conf *c)
{
	static struct fz_requester q;
	static uint64_t ctx_mem[8192], sess_mem[512];
	struct cspdm_responder_config cfg;
	struct cspdm_session_config sc;
	struct cspdm_context *ctx = NULL;
	uint8_t rh[FZ_RSP_HDR], h[FZ_REQ_HDR];
	struct cspdm_responder *r;
	struct fz_in in;
	cspdm_status st;

	requester_header(c, h);
	fz_in_init(&in, h, sizeof(h));
	fz_requester_parse(&in, &q);
	q.cfg.rx_buf = rx;
	q.cfg.rx_cap = sizeof(rx);
	r = new_responder(c, 0, &cfg, rh);
	cfg.binding = q.binding;	  /* NONE too */
	cfg.crypto = fz_crypto_ops_alt(); /* its nonces are not ours */
	cspdm_responder_deinit(r);
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), &cfg) == CSPDM_OK);
	FZ_ASSERT(cspdm_init(&ctx, ctx_mem, sizeof(ctx_mem), &q.cfg) == CSPDM_OK);
	cspdm_session_config_defaults(&sc);
	sc.tx_buf = req_tx;
	sc.tx_cap = sizeof(req_tx);
	sc.binding = q.binding;
	FZ_ASSERT(cspdm_session_init(&seed.s, sess_mem, sizeof(sess_mem), ctx, &sc) == CSPDM_OK);
	fz_link_init(&link, r, &q.binding);
	link.tap = tap;
	start_seed(h, sizeof(h), 1);
	st = cspdm_authenticate(ctx, &link.io);
	if (!st)
		st = cspdm_session_open(seed.s, &link.io);
	if (st)
		fprintf(stderr, "seed_sessions: no session: %s (%s)\n", cspdm_status_name(st),
			cspdm_last_error(ctx)->field ? cspdm_last_error(ctx)->field : "-");
	else
		session_ops(seed.s, &q.q);
	end_seed("fuzz_requester");
	fz_honest_stop(ctx, seed.s);
	seed.s = NULL;
	cspdm_responder_deinit(r);
	fz_crypto_check_released();
}

/* fuzz_responder: the requests of a whole conversation; or (sess) those after the harness's
 * honest session opened. */
static void responder_seed(const struct conf *c, uint8_t sess)
{
	struct cspdm_responder_config cfg;
	struct cspdm_meas_query q = {0xFF, 0, 0}; /* unsigned: the honest session's nonces are
						     the responder's own */
	struct cspdm_context *ctx = NULL;
	struct cspdm_responder *r;
	uint8_t h[FZ_RSP_HDR];
	cspdm_status st;

	r = new_responder(c, sess, &cfg, h);
	if (sess) {
		st = fz_honest_open(&link, r, &cfg.binding, &ctx, &seed.s);
	} else {
		fz_link_init(&link, r, &cfg.binding);
		fz_honest_start(&ctx, &seed.s, &cfg.binding, fz_crypto_ops_alt());
		link.tap = tap;
		start_seed(h, sizeof(h), 0);
		st = cspdm_authenticate(ctx, &link.io);
		if (!st)
			st = cspdm_session_open(seed.s, &link.io);
	}
	link.tap = tap;
	if (sess)
		start_seed(h, sizeof(h), 0);
	if (!st && c->bind == 1 && c->ver >= CSPDM_V12)
		app_ops(seed.s, c->ver);
	if (st)
		fprintf(stderr, "seed_sessions: no session\n");
	else
		session_ops(seed.s, &q);
	end_seed("fuzz_responder");
	fz_honest_stop(ctx, seed.s);
	seed.s = NULL;
	cspdm_responder_deinit(r);
	fz_crypto_check_released();
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	seed.dir = argv[1];
	if (mkdir(seed.dir, 0755) && errno != EEXIST) {
		perror(seed.dir);
		return 1;
	}
	for (i = 0; i < sizeof(confs) / sizeof(confs[0]); i++) {
		seed.c = &confs[i];
		requester_seed(&confs[i]);
		if (confs[i].bind == 2)
			continue; /* fuzz_responder's records are MCTP or PCI DOE */
		responder_seed(&confs[i], 0);
		responder_seed(&confs[i], FZ_S4_SESSION);
	}
	printf("seed_sessions: %u files written\n", seed.written);
	return 0;
}
