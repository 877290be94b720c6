/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DSP0277 record layer (src/core/secured.c) on its own. A fixed secret is installed with
 * sec_install through the real key schedule and the stub AEAD (fuzz_common.c: tags all zero, or
 * FNV-1a over key, IV, AAD and text; "encryption" is a copy). The input:
 *  0      bits 1:0 binding (MCTP, PCI DOE, NONE, MCTP); bit 2 MAC-only; bit 3 FNV tags (else
 *         zero tags: the fuzzer writes records that open); bits 5:4 max_pad; bit 6 the response
 *         direction; bit 7 sequence numbers at the end of their range
 *  1      bits 1:0 AEAD (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305, AES-256-GCM); bits 3:2
 *         hash (SHA-256, SHA-384, SHA-512, SHA-256)
 *  2      SPDM version 0x11 + b % 4 (the key schedule's labels)
 *  3..6   SessionID (u32 LE)
 *  7      the first sequence number (bit 7 of byte 0: counted back from UINT64_MAX)
 *  8      a byte index: which byte of the sealed record is flipped
 * then a record (u16 LE length and the bytes) to open, and a message (the rest, up to 4 KiB)
 * to seal.
 *
 * Properties: opening any record ends in a status of the enum with the error recorded, and the
 * sequence number moves on only when the record opened; what opened lies inside the record and
 * agrees with its header. Sealing then opening returns the message; the same record again does
 * not open (its sequence number is spent); with FNV tags a record with any one byte flipped does
 * not open. Every AEAD handle is released.
 */
#include "fuzz_common.h"

#include <string.h>

#include "core/secured.h"

#define MSG_MAX 4096
#define BUF_CAP (MSG_MAX + 64)

struct fz_sec {
	struct ks ks;
	struct cspdm_secured_binding b;
	uint16_t aead;
	uint8_t mac_only, fnv, flip;
	uint32_t max_pad, id;
	uint64_t seq;
	enum sec_dir_id d;
	uint8_t secret[CSPDM_MAX_HASH_SIZE];
};

static uint8_t rec[BUF_CAP], buf[BUF_CAP], copy[BUF_CAP];

static void parse(struct fz_in *in, struct fz_sec *p)
{
	static const uint16_t aead[4] = {CSPDM_AEAD_AES_128_GCM, CSPDM_AEAD_AES_256_GCM,
					 CSPDM_AEAD_CHACHA20_POLY1305, CSPDM_AEAD_AES_256_GCM};
	static const uint32_t hash[4] = {CSPDM_HASH_SHA_256, CSPDM_HASH_SHA_384, CSPDM_HASH_SHA_512,
					 CSPDM_HASH_SHA_256};
	uint8_t b = fz_u8(in), a = fz_u8(in), s;
	size_t i;

	memset(p, 0, sizeof(*p));
	cspdm_transport_secured_binding(fz_binding(b), &p->b);
	p->mac_only = (b >> 2) & 1;
	p->fnv = (b >> 3) & 1;
	p->max_pad = (b >> 4) & 3;
	p->d = (b & 0x40) ? SEC_RSP : SEC_REQ;
	p->aead = aead[a & 3];
	p->ks.ops = fz_crypto_ops();
	p->ks.hash = hash[(a >> 2) & 3];
	p->ks.hash_size = cspdm_hash_size(p->ks.hash);
	p->ks.version = (uint8_t)(CSPDM_V11 + fz_u8(in) % 4);
	p->id = fz_u32(in);
	s = fz_u8(in);
	p->seq = (b & 0x80) ? UINT64_MAX - (s % 4) : s;
	p->flip = fz_u8(in);
	for (i = 0; i < sizeof(p->secret); i++)
		p->secret[i] = (uint8_t)(0x42 ^ i);
}

/* A record layer with the fixed secret in direction d, at the first sequence number. */
static void install(const struct fz_sec *p, struct sec_state *s)
{
	memset(s, 0, sizeof(*s));
	s->aead = p->aead;
	s->mac_only = p->mac_only;
	FZ_ASSERT(sec_install(&p->ks, s, p->d, p->secret) == CSPDM_OK);
	s->dir[p->d].seq = p->seq;
}

static size_t header_size(const struct fz_sec *p)
{
	return 4 + (size_t)p->b.seq_num_size + 2;
}

/* What opened agrees with the record: its SessionID, Length and where the message lies. */
static void check_opened(const struct fz_sec *p, const uint8_t *r, size_t len, const uint8_t *msg,
			 size_t mlen)
{
	size_t hdr = header_size(p), length;

	FZ_ASSERT(len >= hdr &&
		  (uint32_t)(r[0] | r[1] << 8 | r[2] << 16 | (uint32_t)r[3] << 24) == p->id);
	length = (size_t)r[hdr - 2] | (size_t)r[hdr - 1] << 8;
	FZ_ASSERT(length >= CSPDM_AEAD_TAG_SIZE && hdr + length <= len);
	FZ_ASSERT(len - hdr - length <= p->max_pad);
	FZ_ASSERT(fz_within(r + hdr, length - CSPDM_AEAD_TAG_SIZE, msg, mlen));
	if (p->mac_only) {
		FZ_ASSERT(msg == r + hdr + p->b.app_prefix_len);
		FZ_ASSERT(mlen == length - CSPDM_AEAD_TAG_SIZE - p->b.app_prefix_len);
	} else {
		FZ_ASSERT(msg == r + hdr + 2 + p->b.app_prefix_len);
	}
}

/* Open r (len bytes, changed in place) at the first sequence number. */
static cspdm_status open_one(const struct fz_sec *p, uint8_t *r, size_t len, const uint8_t **msg,
			     size_t *mlen)
{
	struct sec_state s;
	cspdm_error err = {0};
	cspdm_status st;

	install(p, &s);
	st = sec_open(p->ks.ops, &s, p->d, p->id, &p->b, p->max_pad, r, len, msg, mlen, &err);
	FZ_ASSERT(FZ_STATUS_OK(st));
	FZ_ASSERT(s.dir[p->d].seq == (st ? p->seq : p->seq + 1));
	if (st)
		FZ_ASSERT(err.code == st && (st == CSPDM_E_TRUNCATED || st == CSPDM_E_LENGTH ||
					     st == CSPDM_E_TRAILING || st == CSPDM_E_SESSION_ID ||
					     st == CSPDM_E_SEQUENCE || st == CSPDM_E_DECRYPT));
	sec_wipe(p->ks.ops, &s);
	return st;
}

/* sec_open_app on the same record: what sec_open opens as SPDM, another type only on a typed
 * binding (MCTP), and the message after its type byte. */
static void open_app(const struct fz_sec *p, uint8_t *r, size_t len, cspdm_status strict)
{
	struct sec_state s;
	const uint8_t *msg = NULL;
	cspdm_error err = {0};
	size_t mlen = 0;
	uint16_t type = 0;
	cspdm_status st;

	install(p, &s);
	st = sec_open_app(p->ks.ops, &s, p->d, p->id, &p->b, p->max_pad, r, len, &type, &msg, &mlen,
			  &err);
	FZ_ASSERT(FZ_STATUS_OK(st) && s.dir[p->d].seq == (st ? p->seq : p->seq + 1));
	sec_wipe(p->ks.ops, &s);
	if (!strict)
		FZ_ASSERT(st == CSPDM_OK && type == SEC_APP_SPDM);
	if (st)
		return;
	check_opened(p, r, len, msg, mlen);
	FZ_ASSERT(type == SEC_APP_SPDM || (p->b.app_typed && type <= 0xFF && msg[-1] == type));
}

static void fuzz_open(const struct fz_sec *p, const uint8_t *in, size_t len)
{
	const uint8_t *msg = NULL;
	size_t mlen = 0;
	cspdm_status st;

	if (len > sizeof(rec))
		len = sizeof(rec);
	memcpy(rec, in, len);
	st = open_one(p, rec, len, &msg, &mlen);
	if (st == CSPDM_OK)
		check_opened(p, rec, len, msg, mlen);
	memcpy(rec, in, len);
	open_app(p, rec, len, st);
}

/* A sealed record (r, len) once more, and with one byte flipped: neither opens. */
static void check_spent(const struct fz_sec *p, const uint8_t *r, size_t len)
{
	struct sec_state s;
	const uint8_t *msg = NULL;
	cspdm_error err = {0};
	size_t mlen = 0;
	cspdm_status st;

	install(p, &s);
	memcpy(copy, r, len);
	st = sec_open(p->ks.ops, &s, p->d, p->id, &p->b, p->max_pad, copy, len, &msg, &mlen, &err);
	FZ_ASSERT(st == CSPDM_OK);
	memcpy(copy, r, len); /* the next record expected has the next number */
	st = sec_open(p->ks.ops, &s, p->d, p->id, &p->b, p->max_pad, copy, len, &msg, &mlen, &err);
	if (p->b.seq_num_size || p->fnv || p->seq + 1 == UINT64_MAX)
		FZ_ASSERT(st != CSPDM_OK);
	sec_wipe(p->ks.ops, &s);
	memcpy(copy, r, len);
	copy[p->flip % len] ^= 0x01;
	st = open_one(p, copy, len, &msg, &mlen);
	if (p->fnv)
		FZ_ASSERT(st != CSPDM_OK);
}

static void fuzz_seal(const struct fz_sec *p, const uint8_t *m, size_t mlen)
{
	size_t off = sec_msg_offset(&p->b, p->mac_only), n = 0, got = 0;
	const uint8_t *msg = NULL;
	struct sec_state s;
	cspdm_status st;

	if (mlen > MSG_MAX)
		mlen = MSG_MAX;
	install(p, &s);
	memcpy(buf + off, m, mlen);
	st = sec_seal(p->ks.ops, &s, p->d, p->id, &p->b, buf, sizeof(buf), mlen, &n);
	FZ_ASSERT(s.dir[p->d].seq == (st ? p->seq : p->seq + 1));
	sec_wipe(p->ks.ops, &s);
	if (st) {
		FZ_ASSERT(st == CSPDM_E_SEQUENCE && p->seq == UINT64_MAX);
		return;
	}
	FZ_ASSERT(n >= off + mlen + CSPDM_AEAD_TAG_SIZE);
	FZ_ASSERT(n <= off + mlen + sec_tail(&p->b, p->mac_only));
	memcpy(rec, buf, n);
	FZ_ASSERT(open_one(p, rec, n, &msg, &got) == CSPDM_OK);
	check_opened(p, rec, n, msg, got);
	FZ_ASSERT(got == mlen && !memcmp(msg, m, mlen));
	check_spent(p, buf, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_sec p;
	struct fz_in in;
	const uint8_t *r = NULL, *m;
	size_t rlen = 0, mlen;

	fz_in_init(&in, data, size);
	parse(&in, &p);
	fz_crypto_reset(p.fnv ? FZ_HASH_FNV : FZ_HASH_ZERO, 0);
	if (fz_next_msg(&in, &r, &rlen) && rlen != FZ_MSG_SPECIAL)
		fuzz_open(&p, r, rlen);
	m = fz_rest(&in, &mlen);
	fuzz_seal(&p, m, mlen);
	fz_crypto_check_released();
	return 0;
}
