/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Large messages in chunks (SPDM 1.2+), three ways chosen by the first input byte (b % 3):
 *  0  the chunk decoders (CHUNK_SEND, CHUNK_SEND_ACK, CHUNK_GET, CHUNK_RESPONSE, ERROR
 *     LargeResponse) on one message; byte 1: the version 0x12 + b % 3, byte 2: max_pad b & 3.
 *     What decodes lies inside the input and encodes back to the same bytes.
 *  1  our requester against our responder in process, both with chunk storage, the reassembly
 *     under fire. Bytes 1..5: version 0x12 + b % 3, the requester's DataTransferSize 42 + b,
 *     the responder's 42 + b, the requester's chunk storage (b % 4: 64 B, 256 B, 1 KiB,
 *     16 KiB), flags (bit 0: then measure all, bit 1: one by one); then damage entries of 5
 *     bytes: the index of a response (u16), an offset in it (u16), an XOR mask (0: cut there).
 *     The flow ends within a bound, every undamaged message keeps to both DataTransferSizes,
 *     and with no damage and enough storage it succeeds.
 *  2  our responder with chunk storage against fuzzed requests: bytes 1..2 its highest version
 *     (0x12 + b % 3) and DataTransferSize (42 + b), then requests (u16 LE length and bytes).
 *     Every answer is an SPDM message; a CHUNK_RESPONSE keeps to the DataTransferSize, and a
 *     CHUNK_SEND_ACK names the handle of the CHUNK_SEND it answers.
 * All: statuses of the enum, and no hash context or key left after the deinit.
 */
#include "fuzz_common.h"

#include <string.h>

#include "codec/chunk.h"

#define MSG_CAP	    65536
#define MAX_STEPS   20000 /* round trips of one flow: a bound the flows stay well within */
#define CHAIN_LEAF  300
#define DAMAGE_SIZE 5

static uint64_t ctx_mem[8192], rsp_mem[8192];
static uint8_t out[MSG_CAP], enc[MSG_CAP], rx[MSG_CAP];
static uint8_t req_chunks[16384], rsp_chunks[16384], cert[8192], meas[8192];
static uint8_t chain[5 + 4 + CHAIN_LEAF];

/* ---- 0: the decoders ----------------------------------------------------------------------- */

static void check_chunk(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len)
{
	struct spdm_chunk c;
	cspdm_error err = {0};
	size_t m = 0;
	cspdm_status st = spdm_dec_chunk(n, code, msg, len, &c, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	fz_check_len(n, c.len, len);
	FZ_ASSERT(fz_within(msg, len, c.data, c.size));
	FZ_ASSERT(c.seq || c.len >= SPDM_CHUNK_HDR + SPDM_CHUNK_LMS);
	st = spdm_enc_chunk(n->version, code, &c, enc, sizeof(enc), &m);
	fz_check_same(enc, st, m, msg, c.len);
}

static void check_ack(const struct spdm_neg *n, const uint8_t *msg, size_t len)
{
	struct spdm_chunk_ack a;
	cspdm_error err = {0};
	size_t m = 0, hdr = SPDM_CHUNK_ACK_HDR(n->version);
	cspdm_status st = spdm_dec_chunk_ack(n, msg, len, &a, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(a.response_len ? fz_within(msg, len, a.response, a.response_len)
				 : len - hdr <= n->max_pad);
	st = spdm_enc_chunk_ack(n->version, &a, enc, sizeof(enc), &m);
	fz_check_same(enc, st, m, msg, hdr + a.response_len);
}

static void check_small(const struct spdm_neg *n, const uint8_t *msg, size_t len)
{
	struct spdm_chunk_get g;
	uint8_t handle = 0;
	cspdm_error err = {0};
	size_t m = 0;
	cspdm_status st = spdm_dec_chunk_get(n, msg, len, &g, &err);

	fz_check_status(st, &err);
	if (!st) {
		fz_check_len(n, SPDM_CHUNK_GET_LEN(n->version), len);
		st = spdm_enc_chunk_get(n->version, &g, enc, sizeof(enc), &m);
		fz_check_same(enc, st, m, msg, SPDM_CHUNK_GET_LEN(n->version));
	}
	st = spdm_dec_large_response(n, msg, len, &handle, &err);
	fz_check_status(st, &err);
	if (!st) {
		fz_check_len(n, SPDM_LARGE_RESPONSE_LEN, len);
		st = spdm_enc_large_response(n->version, handle, enc, sizeof(enc), &m);
		fz_check_same(enc, st, m, msg, SPDM_LARGE_RESPONSE_LEN);
	}
}

static void codec(struct fz_in *in)
{
	struct spdm_neg n;
	const uint8_t *msg;
	size_t len;

	memset(&n, 0, sizeof(n));
	n.version = (uint8_t)(CSPDM_V12 + fz_u8(in) % 3);
	n.max_pad = fz_u8(in) & 3;
	msg = fz_rest(in, &len);
	check_chunk(&n, SPDM_CHUNK_SEND, msg, len);
	check_chunk(&n, SPDM_CHUNK_RESPONSE, msg, len);
	check_ack(&n, msg, len);
	check_small(&n, msg, len);
}

/* ---- 1: requester and responder ------------------------------------------------------------ */

struct pair {
	struct cspdm_context *ctx;
	struct cspdm_responder *rsp;
	const uint8_t *damage; /* DAMAGE_SIZE-byte entries */
	size_t n_damage;
	uint32_t limit; /* both DataTransferSizes */
	unsigned k;	/* responses so far */
	int damaged;
};

/* Two DER certificates: a short root and a leaf of several portions at 42 bytes. */
static void make_chain(void)
{
	static const uint8_t root[5] = {0x30, 0x03, 0x01, 0x02, 0x03};

	memcpy(chain, root, sizeof(root));
	chain[5] = 0x30;
	chain[6] = 0x82;
	chain[7] = (uint8_t)(CHAIN_LEAF >> 8);
	chain[8] = (uint8_t)CHAIN_LEAF;
	memset(chain + 9, 0x5A, CHAIN_LEAF);
}

static void rsp_config(struct cspdm_responder_config *c, uint8_t ver, uint32_t dts)
{
	cspdm_responder_config_defaults(c);
	c->crypto = fz_crypto_ops();
	c->max_version = ver;
	c->base_asym = CSPDM_ASYM_ECDSA_P256;
	c->slots[0].certs = chain;
	c->slots[0].certs_len = sizeof(chain);
	c->slots[0].key = fz_private_key(0);
	c->data_transfer_size = dts;
	c->chunk_buf = rsp_chunks;
	c->chunk_cap = sizeof(rsp_chunks);
	c->max_msg_size = sizeof(rsp_chunks);
}

static void req_config(struct cspdm_config *c, uint8_t ver, uint32_t dts, size_t chunk_cap)
{
	cspdm_config_defaults(c);
	c->crypto = fz_crypto_ops();
	c->max_version = ver;
	c->data_transfer_size = dts;
	c->cert_buf = cert;
	c->cert_cap = sizeof(cert);
	c->meas_buf = meas;
	c->meas_cap = sizeof(meas);
	c->rx_buf = rx;
	c->rx_cap = sizeof(rx);
	c->chunk_buf = req_chunks;
	c->chunk_cap = chunk_cap;
	c->have_nonce = 1; /* the stub's random bytes are the device's nonce */
	memset(c->nonce, 0x11, sizeof(c->nonce));
}

/* The damage entries aimed at response k, applied to out[0..*n). */
static void damage(struct pair *p, size_t *n)
{
	size_t i, off;
	const uint8_t *d;

	for (i = 0; i < p->n_damage; i++) {
		d = p->damage + i * DAMAGE_SIZE;
		if ((unsigned)(d[0] | d[1] << 8) != p->k)
			continue;
		off = (size_t)(d[2] | d[3] << 8);
		if (off >= *n)
			continue;
		p->damaged = 1;
		if (d[4])
			out[off] ^= d[4];
		else
			*n = off;
	}
	p->k++;
}

/* Steps from act to DONE: the responder answers, the damage hits. */
static cspdm_status drive(struct pair *p, cspdm_status st, struct cspdm_action *act)
{
	unsigned i;
	size_t n;

	for (i = 0; i < MAX_STEPS && !st && act->kind != CSPDM_ACT_DONE; i++) {
		FZ_ASSERT(FZ_STATUS_OK(st));
		if (act->kind == CSPDM_ACT_DELAY) {
			st = cspdm_step(p->ctx, NULL, 0, act);
			continue;
		}
		FZ_ASSERT(act->kind == CSPDM_ACT_SEND && act->req_len >= 4);
		FZ_ASSERT(p->damaged || act->req_len <= p->limit); /* both chunk */
		n = cspdm_responder_process(p->rsp, act->req, act->req_len, 0, out, sizeof(out));
		/* from 1.2 (a damaged VERSION may end below) our responder keeps to both sizes */
		FZ_ASSERT(n >= 4 && (out[0] < CSPDM_V12 || n <= p->limit));
		damage(p, &n);
		st = cspdm_step(p->ctx, out, n, act);
	}
	FZ_ASSERT(FZ_STATUS_OK(st));
	FZ_ASSERT(st || act->kind == CSPDM_ACT_DONE); /* the flow ended */
	if (st)
		FZ_ASSERT(cspdm_last_error(p->ctx)->code == st);
	return st;
}

static void pair_flows(struct pair *p, uint8_t flags, int roomy)
{
	struct cspdm_meas_query q = {(flags & 2) ? CSPDM_MEAS_ONE_BY_ONE : 0xFF, 1, 0};
	struct cspdm_action act;
	cspdm_status st;

	memset(&act, 0, sizeof(act));
	FZ_ASSERT(cspdm_auth_begin(p->ctx) == CSPDM_OK);
	st = drive(p, cspdm_step(p->ctx, NULL, 0, &act), &act);
	if (!st && (flags & 3) && cspdm_meas_begin(p->ctx, &q) == CSPDM_OK)
		st = drive(p, cspdm_step(p->ctx, NULL, 0, &act), &act);
	if (!p->damaged && roomy)
		FZ_ASSERT(st == CSPDM_OK);
}

static void pair(struct fz_in *in)
{
	static const size_t caps[4] = {64, 256, 1024, sizeof(req_chunks)};
	static struct cspdm_responder_config rc;
	static struct cspdm_config cfg;
	struct pair p;
	uint8_t ver = (uint8_t)(CSPDM_V12 + fz_u8(in) % 3), flags;
	uint32_t req_dts = 42u + fz_u8(in), rsp_dts = 42u + fz_u8(in);
	size_t cap = caps[fz_u8(in) % 4];

	memset(&p, 0, sizeof(p));
	flags = fz_u8(in);
	p.damage = fz_rest(in, &p.n_damage);
	p.n_damage /= DAMAGE_SIZE;
	p.limit = req_dts < rsp_dts ? req_dts : rsp_dts;
	make_chain();
	rsp_config(&rc, ver, rsp_dts);
	req_config(&cfg, ver, req_dts, cap);
	FZ_ASSERT(cspdm_responder_init(&p.rsp, rsp_mem, sizeof(rsp_mem), &rc) == CSPDM_OK);
	FZ_ASSERT(cspdm_init(&p.ctx, ctx_mem, sizeof(ctx_mem), &cfg) == CSPDM_OK);
	pair_flows(&p, flags, cap == sizeof(req_chunks));
	cspdm_deinit(p.ctx);
	cspdm_responder_deinit(p.rsp);
}

/* ---- 2: the responder ------------------------------------------------------------------------ */

static void check_answer(const uint8_t *req, size_t len, size_t n, uint32_t dts)
{
	FZ_ASSERT(n >= 4 && n <= sizeof(out));
	FZ_ASSERT(out[0] >= CSPDM_V10 && out[0] <= CSPDM_V14 && !(out[1] & 0x80));
	if (out[1] == SPDM_CHUNK_RESPONSE)
		FZ_ASSERT(len >= 4 && req[1] == SPDM_CHUNK_GET && n <= dts);
	if (out[1] == SPDM_CHUNK_SEND_ACK)
		FZ_ASSERT(len >= 4 && req[1] == SPDM_CHUNK_SEND && out[3] == req[3]);
}

static void responder(struct fz_in *in)
{
	static struct cspdm_responder_config rc;
	struct cspdm_responder *r = NULL;
	uint8_t ver = (uint8_t)(CSPDM_V12 + fz_u8(in) % 3);
	uint32_t dts = 42u + fz_u8(in);
	const uint8_t *req;
	size_t len, n;
	unsigned i;

	make_chain();
	rsp_config(&rc, ver, dts);
	FZ_ASSERT(cspdm_responder_init(&r, rsp_mem, sizeof(rsp_mem), &rc) == CSPDM_OK);
	for (i = 0; i < 4096 && fz_next_msg(in, &req, &len); i++) {
		if (len == FZ_MSG_SPECIAL) {
			cspdm_responder_reset(r);
			continue;
		}
		n = cspdm_responder_process(r, req, len, 0, out, sizeof(out));
		FZ_ASSERT(FZ_STATUS_OK(cspdm_responder_last_error(r)->code));
		check_answer(req, len, n, dts);
	}
	cspdm_responder_deinit(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	uint8_t mode;

	fz_in_init(&in, data, size);
	mode = fz_u8(&in) % 3;
	fz_crypto_reset(FZ_HASH_FNV, 1);
	if (mode == 0)
		codec(&in);
	else if (mode == 1)
		pair(&in);
	else
		responder(&in);
	fz_crypto_check_released();
	return 0;
}
