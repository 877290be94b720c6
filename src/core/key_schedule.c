/* SPDX-License-Identifier: BSD-3-Clause */
/* The DSP0274 key schedule: see key_schedule.h for the derivations. */
#include "key_schedule.h"

#include <string.h>

#define BIN_PREFIX_LEN 8
#define BIN_MAX	       (2 + BIN_PREFIX_LEN + 16 + CSPDM_MAX_HASH_SIZE)

size_t ks_bin_concat(uint8_t version, uint16_t length, const char *label, const uint8_t *context,
		     size_t context_len, uint8_t *out, size_t cap)
{
	/* "spdmM.N ", M.N the version: bytes, not a C string (no NUL goes into the label) */
	const uint8_t prefix[BIN_PREFIX_LEN] = {'s',
						'p',
						'd',
						'm',
						(uint8_t)('0' + (version >> 4)),
						'.',
						(uint8_t)('0' + (version & 0x0F)),
						' '};
	size_t llen = strlen(label), i;
	size_t n = 2 + BIN_PREFIX_LEN + llen + (context ? context_len : 0);

	if (n > cap)
		return 0;
	out[0] = (uint8_t)(length & 0xFF);
	out[1] = (uint8_t)(length >> 8);
	memcpy(out + 2, prefix, BIN_PREFIX_LEN);
	for (i = 0; i < llen; i++)
		out[2 + BIN_PREFIX_LEN + i] = (uint8_t)label[i];
	if (context && context_len)
		memcpy(out + 2 + BIN_PREFIX_LEN + llen, context, context_len);
	return n;
}

cspdm_status ks_expand(const struct ks *k, const uint8_t *secret, const char *label,
		       const uint8_t *context, uint8_t *out, size_t out_len)
{
	uint8_t info[BIN_MAX];
	size_t n = ks_bin_concat(k->version, (uint16_t)out_len, label, context, k->hash_size, info,
				 sizeof(info));

	if (!n || out_len > 0xFFFF)
		return CSPDM_E_INVALID_ARG;
	return k->ops->hkdf_expand(k->ops->priv, k->hash, secret, k->hash_size, info, n, out,
				   out_len);
}

static cspdm_status expand_h(const struct ks *k, const uint8_t *secret, const char *label,
			     const uint8_t *context, uint8_t *out)
{
	return ks_expand(k, secret, label, context, out, k->hash_size);
}

/* HandshakeSecret = HKDF-Extract(salt = H bytes of salt_byte, ikm), and the secrets of TH1. */
static cspdm_status handshake(const struct ks *k, uint8_t salt_byte, const uint8_t *ikm,
			      size_t ikm_len, const uint8_t *th1, struct ks_handshake *hs)
{
	uint8_t salt[CSPDM_MAX_HASH_SIZE];
	cspdm_status st;

	memset(salt, salt_byte, sizeof(salt));
	st = k->ops->hkdf_extract(k->ops->priv, k->hash, salt, k->hash_size, ikm, ikm_len,
				  hs->handshake_secret);
	if (!st)
		st = expand_h(k, hs->handshake_secret, "req hs data", th1, hs->req_secret);
	if (!st)
		st = expand_h(k, hs->handshake_secret, "rsp hs data", th1, hs->rsp_secret);
	if (!st)
		st = expand_h(k, hs->req_secret, "finished", NULL, hs->req_finished);
	if (!st)
		st = expand_h(k, hs->rsp_secret, "finished", NULL, hs->rsp_finished);
	if (st)
		cspdm_memzero(hs, sizeof(*hs));
	return st;
}

cspdm_status ks_handshake(const struct ks *k, const uint8_t *dhe_secret, size_t dhe_len,
			  const uint8_t *th1, struct ks_handshake *hs)
{
	return handshake(k, 0x00, dhe_secret, dhe_len, th1, hs);
}

cspdm_status ks_handshake_psk(const struct ks *k, const uint8_t *psk, size_t psk_len,
			      const uint8_t *th1, struct ks_handshake *hs)
{
	return handshake(k, k->version >= CSPDM_V13 ? 0xFF : 0x00, psk, psk_len, th1, hs);
}

cspdm_status ks_data(const struct ks *k, const uint8_t *handshake_secret, const uint8_t *th2,
		     struct ks_data *d)
{
	uint8_t zero[CSPDM_MAX_HASH_SIZE] = {0};
	uint8_t salt1[CSPDM_MAX_HASH_SIZE], master[CSPDM_MAX_HASH_SIZE];
	cspdm_status st;

	st = expand_h(k, handshake_secret, "derived", NULL, salt1);
	if (!st)
		st = k->ops->hkdf_extract(k->ops->priv, k->hash, salt1, k->hash_size, zero,
					  k->hash_size, master);
	if (!st)
		st = expand_h(k, master, "req app data", th2, d->req_secret);
	if (!st)
		st = expand_h(k, master, "rsp app data", th2, d->rsp_secret);
	if (!st)
		st = expand_h(k, master, "exp master", th2, d->export_master);
	cspdm_memzero(salt1, sizeof(salt1));
	cspdm_memzero(master, sizeof(master));
	if (st)
		cspdm_memzero(d, sizeof(*d));
	return st;
}

cspdm_status ks_traffic_update(const struct ks *k, uint8_t *secret)
{
	uint8_t next[CSPDM_MAX_HASH_SIZE];
	cspdm_status st = expand_h(k, secret, "traffic upd", NULL, next);

	if (!st)
		memcpy(secret, next, k->hash_size);
	cspdm_memzero(next, sizeof(next));
	return st;
}

cspdm_status ks_key_iv(const struct ks *k, const uint8_t *secret, uint8_t *key, size_t key_len,
		       uint8_t *iv)
{
	cspdm_status st = ks_expand(k, secret, "key", NULL, key, key_len);

	if (!st)
		st = ks_expand(k, secret, "iv", NULL, iv, CSPDM_AEAD_IV_SIZE);
	if (st)
		cspdm_memzero(key, key_len);
	return st;
}
