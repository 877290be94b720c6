/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Faults that need code: a CHALLENGE_AUTH signed again over another transcript (the harness
 * keeps M1/M2 as the requester sees it), replays of an earlier run's answers, an echoed nonce,
 * a measurement summary hash of the wrong length, empty certificate portions, an extended
 * algorithm nobody offered, a repeated or padded measurement block and a second digest.
 */
#include "hostile.h"

#include <string.h>

#include "core/transcript.h"
#include "crypto/crypto.h"

#define CHALLENGE_CTX "responder-challenge_auth signing"
#define MEAS_CTX      "responder-measurements signing"
#define OPAQUE_EXTRA  8

/* CHALLENGE_AUTH (Table 33): CertChainHash, Nonce, MeasurementSummaryHash, OpaqueDataLength. */
static size_t summary_at(const struct hx *h)
{
	return 4 + h->hsize + CSPDM_NONCE_SIZE;
}

static size_t summary_len(const struct hx *h)
{
	int measures = (h->rcfg.caps & SPDM_CAP_MEAS_MASK) != 0;

	return h->req[1] == SPDM_CHALLENGE && h->req[3] && measures ? h->hsize : 0;
}

/* Opaque data the device adds before signing (a well-formed message). */
static size_t add_opaque(struct hx *h, uint8_t *m, size_t len)
{
	size_t at = summary_at(h) + summary_len(h);

	if (at + 2 > len || hx_get_le(m + at, 2)) {
		h->bad++;
		return len;
	}
	hx_put_le(m + at, 2, OPAQUE_EXTRA);
	memmove(m + at + 2 + OPAQUE_EXTRA, m + at + 2, len - at - 2);
	memset(m + at + 2, 0x5A, OPAQUE_EXTRA);
	return len + OPAQUE_EXTRA;
}

/* Hash of M1/M2 (optionally without VCA) with CHALLENGE and the signed part of m. */
static cspdm_status m2_hash(struct hx *h, const uint8_t *m, size_t signed_len, int no_vca,
			    uint8_t *digest)
{
	const struct cspdm_crypto_ops *ops = hx_env.rsp_ops;
	size_t skip = no_vca ? h->vca_len : 0;
	struct cspdm_hash hh;
	cspdm_status st = ops->hash_init(ops->priv, &hh, h->hash);

	if (st)
		return st;
	if (ops->hash_update(ops->priv, &hh, h->tr + skip, h->tr_len - skip) ||
	    ops->hash_update(ops->priv, &hh, h->req, h->req_len) ||
	    ops->hash_update(ops->priv, &hh, m, signed_len)) {
		ops->hash_free(ops->priv, &hh);
		return CSPDM_E_CRYPTO;
	}
	return ops->hash_final(ops->priv, &hh, digest);
}

cspdm_status hx_sign_digest(struct hx *h, uint32_t v, const char *context, const uint8_t *digest,
			    uint8_t *sig)
{
	const struct cspdm_crypto_ops *ops = hx_env.rsp_ops;
	void *key = (v & RS_OTHER_KEY) ? hx_env.other_key : h->rcfg.slots[0].key;
	uint8_t msg[SPDM_SIGN_PREFIX_SIZE + CSPDM_MAX_HASH_SIZE];
	uint8_t ver = h->ver;

	if (h->ver < CSPDM_V12 || (v & RS_NO_PREFIX))
		return ops->sign(ops->priv, key, h->asym, h->hash, digest, h->hsize, 1, sig,
				 h->ssize);
	if (v & RS_V13_PREFIX)
		ver = h->ver == CSPDM_V13 ? CSPDM_V12 : CSPDM_V13;
	spdm_sign_prefix(ver, context, msg);
	memcpy(msg + SPDM_SIGN_PREFIX_SIZE, digest, h->hsize);
	return ops->sign(ops->priv, key, h->asym, h->hash, msg, SPDM_SIGN_PREFIX_SIZE + h->hsize, 0,
			 sig, h->ssize);
}

/* CHALLENGE_AUTH signed again by the hook: honestly, or over something else (f->val). */
size_t hk_resign(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	size_t signed_len;

	if (f->val & RS_OPAQUE)
		len = add_opaque(h, m, len);
	if (len < h->ssize + 4) {
		h->bad++;
		return len;
	}
	signed_len = len - h->ssize;
	if (m2_hash(h, m, signed_len, (f->val & RS_NO_VCA) != 0, digest) ||
	    hx_sign_digest(h, f->val, (f->val & RS_MEAS_CTX) ? MEAS_CTX : CHALLENGE_CTX, digest,
			   m + signed_len))
		h->bad++;
	return len;
}

/* The answer of the honest run to the same (request code, count). */
size_t hk_replay(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	uint8_t code = h->req[1];
	unsigned i;

	(void)f;
	for (i = 0; i < h->n_saved; i++) {
		if (h->saved[i].code == code && h->saved[i].nth == h->count[code]) {
			memcpy(m, h->saved[i].msg, h->saved[i].len);
			return h->saved[i].len;
		}
	}
	h->bad++;
	return len;
}

/* The device's Nonce is the requester's own (CHALLENGE_AUTH or signed MEASUREMENTS). */
size_t hk_echo_nonce(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	size_t at;

	(void)f;
	if (m[1] == SPDM_CHALLENGE_AUTH)
		at = 4 + h->hsize;
	else if (m[1] == SPDM_MEASUREMENTS && len >= 8)
		at = 8 + hx_get_le(m + 5, 3);
	else
		at = len;
	if (at + CSPDM_NONCE_SIZE > len || h->req_len < 4 + CSPDM_NONCE_SIZE) {
		h->bad++;
		return len;
	}
	memcpy(m + at, h->req + 4, CSPDM_NONCE_SIZE);
	return len;
}

/*
 * A measurement summary hash of the wrong length. The signature is zeroed so the bytes the
 * requester misreads as lengths are known: the outcome does not depend on random bytes.
 */
size_t hk_summary(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	size_t at = summary_at(h), have = summary_len(h);

	if (len < at + have + 2 + h->ssize || (f->val == SUM_PRESENT) != (have == 0)) {
		h->bad++;
		return len;
	}
	memset(m + len - h->ssize, 0, h->ssize);
	switch (f->val) {
	case SUM_SHORT:
		memmove(m + at, m + at + 16, len - at - 16);
		return len - 16;
	case SUM_LONG:
		memmove(m + at + have + 16, m + at + have, len - at - have);
		memset(m + at + have, 0, 16);
		return len + 16;
	case SUM_ABSENT:
		memmove(m + at, m + at + have, len - at - have);
		return len - have;
	default: /* SUM_PRESENT */
		memmove(m + at + h->hsize, m + at, len - at);
		memset(m + at, 0, h->hsize);
		return len + h->hsize;
	}
}

/* CERTIFICATE with PortionLength 0: nothing sent, the same remainder again. */
size_t hk_cert_empty(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	uint32_t portion, remainder;

	(void)f;
	if (len < 8 || m[1] != SPDM_CERTIFICATE) {
		h->bad++;
		return len;
	}
	portion = hx_get_le(m + 4, 2);
	remainder = hx_get_le(m + 6, 2);
	hx_put_le(m + 4, 2, 0);
	hx_put_le(m + 6, 2, (portion + remainder) & 0xFFFF);
	return 8;
}

/* ALGORITHMS selecting one extended asymmetric algorithm (the requester offered none). */
size_t hk_ext_asym(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	static const uint8_t ext[4] = {0x01, 0x00, 0x01, 0x00}; /* TCG, algorithm 1 */

	(void)f;
	if (len < 36 || m[1] != SPDM_ALGORITHMS) {
		h->bad++;
		return len;
	}
	memmove(m + 40, m + 36, len - 36);
	memcpy(m + 36, ext, sizeof(ext));
	m[32] = 1;
	hx_put_le(m + 4, 2, hx_get_le(m + 4, 2) + 4);
	return len + 4;
}

/* MEASUREMENTS with its first block once more at the end of the record (f->val 1: as the
 * next index, so the record is consistent and only the count per request is wrong). */
size_t hk_meas_dup(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	size_t rec, blk;

	if (len < 12 || m[1] != SPDM_MEASUREMENTS) {
		h->bad++;
		return len;
	}
	rec = hx_get_le(m + 5, 3);
	blk = 4 + hx_get_le(m + 10, 2);
	if (8 + rec > len || blk > rec) {
		h->bad++;
		return len;
	}
	memmove(m + 8 + rec + blk, m + 8 + rec, len - 8 - rec);
	memcpy(m + 8 + rec, m + 8, blk);
	m[8 + rec] = (uint8_t)(m[8 + rec] + f->val);
	hx_put_le(m + 5, 3, (uint32_t)(rec + blk));
	m[4]++;
	return len + blk;
}

/* MEASUREMENTS whose first block has one byte more than its DMTF value (sizes consistent). */
size_t hk_meas_pad(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	size_t rec, blk;

	(void)f;
	if (len < 12 || m[1] != SPDM_MEASUREMENTS) {
		h->bad++;
		return len;
	}
	rec = hx_get_le(m + 5, 3);
	blk = 4 + hx_get_le(m + 10, 2);
	if (8 + rec > len || blk > rec) {
		h->bad++;
		return len;
	}
	memmove(m + 8 + blk + 1, m + 8 + blk, len - 8 - blk);
	m[8 + blk] = 0;
	hx_put_le(m + 10, 2, (uint32_t)(blk - 4 + 1));
	hx_put_le(m + 5, 3, (uint32_t)(rec + 1));
	return len + 1;
}

/* DIGESTS with a second digest; f->val 1 also names slot 1 in the mask. */
size_t hk_two_digests(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	if (len != 4 + h->hsize || m[1] != SPDM_DIGESTS) {
		h->bad++;
		return len;
	}
	memcpy(m + len, m + 4, h->hsize);
	memset(m + len, 0x77, 1);
	if (f->val)
		m[3] |= 0x02;
	return len + h->hsize;
}
