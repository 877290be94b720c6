/* SPDX-License-Identifier: BSD-3-Clause */
#include "transcript.h"

#include <string.h>

void tr_init(struct transcript *t, const struct cspdm_crypto_ops *ops, uint8_t *rec, size_t rec_cap)
{
	memset(t, 0, sizeof(*t));
	t->ops = ops;
	t->rec = rec;
	t->rec_cap = rec ? rec_cap : 0;
}

void tr_reset(struct transcript *t)
{
	if (t->hashing)
		t->ops->hash_free(t->ops->priv, &t->hash);
	t->hashing = 0;
	memset(t->vca, 0, sizeof(t->vca));
	t->vca_len = 0;
	t->rec_len = 0;
}

static cspdm_status record(struct transcript *t, const uint8_t *d, size_t n)
{
	if (!t->rec)
		return CSPDM_OK;
	if (n > t->rec_cap - t->rec_len)
		return CSPDM_E_TRANSCRIPT_FULL;
	memcpy(t->rec + t->rec_len, d, n);
	t->rec_len += n;
	return CSPDM_OK;
}

cspdm_status tr_append(struct transcript *t, const uint8_t *d, size_t n)
{
	cspdm_status st = record(t, d, n);

	if (st)
		return st;
	if (t->hashing)
		return t->ops->hash_update(t->ops->priv, &t->hash, d, n);
	if (n > sizeof(t->vca) - t->vca_len)
		return CSPDM_E_TRANSCRIPT_FULL;
	memcpy(t->vca + t->vca_len, d, n);
	t->vca_len += (uint32_t)n;
	return CSPDM_OK;
}

cspdm_status tr_start_hash(struct transcript *t, uint32_t alg)
{
	cspdm_status st;

	if (t->hashing)
		return CSPDM_E_STATE;
	st = t->ops->hash_init(t->ops->priv, &t->hash, alg);
	if (st)
		return st;
	t->hashing = 1;
	return t->ops->hash_update(t->ops->priv, &t->hash, t->vca, t->vca_len);
}

cspdm_status tr_restart(struct transcript *t, uint32_t alg)
{
	if (t->hashing)
		t->ops->hash_free(t->ops->priv, &t->hash);
	t->hashing = 0;
	if (t->rec)
		t->rec_len = t->vca_len <= t->rec_len ? t->vca_len : t->rec_len;
	return tr_start_hash(t, alg);
}

cspdm_status tr_final(struct transcript *t, uint8_t *out)
{
	if (!t->hashing)
		return CSPDM_E_STATE;
	t->hashing = 0;
	return t->ops->hash_final(t->ops->priv, &t->hash, out);
}

cspdm_status cspdm_hash_oneshot(const struct cspdm_crypto_ops *ops, uint32_t alg, const uint8_t *d,
				size_t n, uint8_t *out)
{
	struct cspdm_hash h;
	cspdm_status st = ops->hash_init(ops->priv, &h, alg);

	if (st)
		return st;
	st = ops->hash_update(ops->priv, &h, d, n);
	if (st) {
		ops->hash_free(ops->priv, &h);
		return st;
	}
	return ops->hash_final(ops->priv, &h, out);
}

/*
 * DSP0274 1.2+ "Signature generation": the prefix "dmtf-spdm-v1.N.*" four times (64 bytes),
 * zero padding, then the context string, for 100 bytes in all.
 */
void spdm_sign_prefix(uint8_t version, const char *context, uint8_t out[SPDM_SIGN_PREFIX_SIZE])
{
	static const uint8_t tmpl[16] = {'d', 'm', 't', 'f', '-', 's', 'p', 'd',
					 'm', '-', 'v', '1', '.', '2', '.', '*'};
	size_t clen = strlen(context), i;

	for (i = 0; i < 4; i++) {
		memcpy(out + 16 * i, tmpl, sizeof(tmpl));
		out[16 * i + 11] = (uint8_t)('0' + (version >> 4));
		out[16 * i + 13] = (uint8_t)('0' + (version & 0x0F));
	}
	if (clen > SPDM_SIGN_PREFIX_SIZE - 64)
		clen = SPDM_SIGN_PREFIX_SIZE - 64;
	memset(out + 64, 0, SPDM_SIGN_PREFIX_SIZE - 64 - clen);
	for (i = 0; i < clen; i++) /* the context string, without its NUL */
		out[SPDM_SIGN_PREFIX_SIZE - clen + i] = (uint8_t)context[i];
}

cspdm_status cspdm_verify_spdm_sig(const struct cspdm_crypto_ops *ops, uint8_t version, void *key,
				   uint32_t asym, uint32_t hash, const char *context,
				   const uint8_t *digest, const uint8_t *sig, size_t sig_len)
{
	uint8_t msg[SPDM_SIGN_PREFIX_SIZE + CSPDM_MAX_HASH_SIZE];
	uint32_t hs = cspdm_hash_size(hash);

	if (!hs || hs > CSPDM_MAX_HASH_SIZE)
		return CSPDM_E_INVALID_ARG;
	if (version < CSPDM_V12)
		return ops->verify(ops->priv, key, asym, hash, digest, hs, 1, sig, sig_len);
	spdm_sign_prefix(version, context, msg);
	memcpy(msg + SPDM_SIGN_PREFIX_SIZE, digest, hs);
	return ops->verify(ops->priv, key, asym, hash, msg, SPDM_SIGN_PREFIX_SIZE + hs, 0, sig,
			   sig_len);
}
