/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The requester's crypto ops, counted: the real backend behind a table that keeps the number
 * of live hash contexts, keys (public keys from x509_validate, ephemeral DHE keys) and AEAD
 * handles, so that each scenario can check that its context and session released all of
 * them (LeakSanitizer only reports at exit, for the whole catalogue).
 */
#include "hostile.h"

#include "crypto/crypto.h"

static const struct cspdm_crypto_ops *real;
static struct cspdm_crypto_ops counted;
static struct hx_live live;

static cspdm_status c_hash_init(void *priv, struct cspdm_hash *h, uint32_t alg)
{
	cspdm_status st = real->hash_init(priv, h, alg);

	live.hashes += !st && h->impl;
	return st;
}

static cspdm_status c_hash_final(void *priv, struct cspdm_hash *h, uint8_t *out)
{
	live.hashes -= h->impl != NULL; /* finalizing frees, whatever it returns */
	return real->hash_final(priv, h, out);
}

static void c_hash_free(void *priv, struct cspdm_hash *h)
{
	live.hashes -= h->impl != NULL;
	real->hash_free(priv, h);
}

static cspdm_status c_hash_dup(void *priv, const struct cspdm_hash *src, struct cspdm_hash *dst)
{
	cspdm_status st = real->hash_dup(priv, src, dst);

	live.hashes += !st && dst->impl;
	return st;
}

static cspdm_status c_x509_validate(void *priv, const uint8_t *der, size_t len,
				    const struct cspdm_x509_params *p,
				    struct cspdm_x509_result *res, uint32_t *err_cert)
{
	cspdm_status st = real->x509_validate(priv, der, len, p, res, err_cert);

	live.keys += !st && res->pubkey;
	return st;
}

static cspdm_status c_dhe_generate(void *priv, uint16_t group, void **key, uint8_t *pub,
				   size_t pub_len)
{
	cspdm_status st = real->dhe_generate(priv, group, key, pub, pub_len);

	live.keys += !st && *key;
	return st;
}

static void c_key_free(void *priv, void *key)
{
	live.keys -= key != NULL;
	real->key_free(priv, key);
}

static cspdm_status c_aead_new(void *priv, uint16_t aead, const uint8_t *key, size_t key_len,
			       void **handle)
{
	cspdm_status st = real->aead_new(priv, aead, key, key_len, handle);

	live.aeads += !st && *handle;
	return st;
}

static void c_aead_free(void *priv, void *handle)
{
	live.aeads -= handle != NULL;
	real->aead_free(priv, handle);
}

const struct cspdm_crypto_ops *hx_counted_ops(const struct cspdm_crypto_ops *ops)
{
	real = ops;
	counted = *ops;
	counted.hash_init = c_hash_init;
	counted.hash_final = c_hash_final;
	counted.hash_free = c_hash_free;
	counted.hash_dup = c_hash_dup;
	counted.x509_validate = c_x509_validate;
	counted.dhe_generate = c_dhe_generate;
	counted.key_free = c_key_free;
	counted.aead_new = c_aead_new;
	counted.aead_free = c_aead_free;
	return &counted;
}

struct hx_live hx_live_handles(void)
{
	return live;
}
