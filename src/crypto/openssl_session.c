/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session cryptography of the OpenSSL backend (OpenSSL 3.0 EVP and provider APIs only):
 * copies of running hashes (TH), ephemeral DHE (ECDH on P-256/384/521, RFC 7919 FFDHE),
 * HMAC, HKDF (RFC 5869) and the AEADs of DSP0277 secured messages (AES-GCM,
 * ChaCha20-Poly1305). Exchange data and shared secrets are in SPDM's form (DSP0274 "DHE
 * structure"); crypto.h documents each op.
 */
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/dh.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "crypto/openssl_priv.h"

#define EC_COORD_MAX  66   /* P-521 */
#define HKDF_INFO_MAX 1024 /* the most OpenSSL 3.0's HKDF accepts (its HKDF_MAXBUF) */
#define HASH_MAX      64

static const char *const aead_names[CSPDM_OSSL_NUM_AEAD] = {
    "AES-128-GCM",
    "AES-256-GCM",
    "ChaCha20-Poly1305",
};

void cspdm_ossl_sess_init(struct cspdm_ossl_sess *s)
{
	int i;

	/* What the providers lack stays NULL and reports CSPDM_E_UNSUPPORTED when used. */
	s->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	s->hkdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
	for (i = 0; i < CSPDM_OSSL_NUM_AEAD; i++)
		s->aead[i] = EVP_CIPHER_fetch(NULL, aead_names[i], NULL);
}

void cspdm_ossl_sess_fini(struct cspdm_ossl_sess *s)
{
	int i;

	EVP_MAC_free(s->hmac);
	EVP_KDF_free(s->hkdf);
	for (i = 0; i < CSPDM_OSSL_NUM_AEAD; i++)
		EVP_CIPHER_free(s->aead[i]);
	memset(s, 0, sizeof(*s));
}

/* ---- Hash copies -------------------------------------------------------------------------- */

static cspdm_status op_hash_dup(void *priv, const struct cspdm_hash *src, struct cspdm_hash *dst)
{
	EVP_MD_CTX *ctx;

	(void)priv;
	if (!src || !src->impl || !dst || dst == src)
		return CSPDM_E_INVALID_ARG;
	dst->alg = src->alg;
	dst->impl = NULL;
	ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_MD_CTX_copy_ex(ctx, src->impl) != 1) {
		EVP_MD_CTX_free(ctx);
		return cspdm_ossl_done(CSPDM_E_CRYPTO);
	}
	dst->impl = ctx;
	return CSPDM_OK;
}

/* ---- DHE ---------------------------------------------------------------------------------- */

/* One SPDM DHE group: its OpenSSL key type and group name. */
struct dhe_info {
	uint16_t group; /* CSPDM_DHE_* */
	int ec;		/* 1: ECDH ("EC"), 0: FFDHE ("DH") */
	int bits;	/* EVP_PKEY_get_bits of its keys: the order (EC) or p (DH) */
	const char *name;
};

static const struct dhe_info dhe_tab[] = {
    {CSPDM_DHE_FFDHE_2048, 0, 2048, "ffdhe2048"}, {CSPDM_DHE_FFDHE_3072, 0, 3072, "ffdhe3072"},
    {CSPDM_DHE_FFDHE_4096, 0, 4096, "ffdhe4096"}, {CSPDM_DHE_SECP256R1, 1, 256, "P-256"},
    {CSPDM_DHE_SECP384R1, 1, 384, "P-384"},	  {CSPDM_DHE_SECP521R1, 1, 521, "P-521"},
};

static const struct dhe_info *dhe_find(uint16_t group)
{
	size_t i;

	for (i = 0; i < sizeof(dhe_tab) / sizeof(dhe_tab[0]); i++)
		if (dhe_tab[i].group == group)
			return &dhe_tab[i];
	return NULL;
}

static const char *dhe_type(const struct dhe_info *d)
{
	return d->ec ? "EC" : "DH";
}

/* A key context of the group's type; keygen 1: for key generation, 0: parameters import. */
static EVP_PKEY_CTX *dhe_ctx(const struct dhe_info *d, int keygen, OSSL_PARAM *params)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, dhe_type(d), NULL);

	params[0] =
	    OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, (char *)d->name, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!ctx)
		return NULL;
	if ((keygen ? EVP_PKEY_keygen_init(ctx) : EVP_PKEY_fromdata_init(ctx)) != 1) {
		EVP_PKEY_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static EVP_PKEY *dhe_keygen(const struct dhe_info *d)
{
	OSSL_PARAM params[2];
	EVP_PKEY_CTX *ctx = dhe_ctx(d, 1, params);
	EVP_PKEY *k = NULL;

	if (ctx && EVP_PKEY_CTX_set_params(ctx, params) == 1 && EVP_PKEY_generate(ctx, &k) != 1) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	return k;
}

/*
 * The public value in SPDM's form. OpenSSL's encoded public key is, for DH, the value
 * left-padded to the size of p; for EC the uncompressed point 0x04 || X || Y (padded).
 */
static int dhe_pub_export(EVP_PKEY *k, const struct dhe_info *d, uint8_t *pub, size_t n)
{
	uint8_t pt[1 + 2 * EC_COORD_MAX];
	size_t got = 0;

	if (!d->ec)
		return EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub,
						       n, &got) == 1 &&
		       got == n;
	if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pt, sizeof(pt),
					    &got) != 1 ||
	    got != n + 1 || pt[0] != 0x04)
		return 0;
	memcpy(pub, pt + 1, n);
	return 1;
}

static cspdm_status op_dhe_generate(void *priv, uint16_t group, void **key, uint8_t *pub,
				    size_t pub_len)
{
	const struct dhe_info *d = dhe_find(group);
	EVP_PKEY *k;

	(void)priv;
	if (!d)
		return CSPDM_E_UNSUPPORTED;
	if (!key || !pub || pub_len != cspdm_dhe_size(group))
		return CSPDM_E_INVALID_ARG;
	*key = NULL;
	k = dhe_keygen(d);
	if (!k)
		return cspdm_ossl_done(CSPDM_E_CRYPTO);
	if (!dhe_pub_export(k, d, pub, pub_len)) {
		EVP_PKEY_free(k);
		return cspdm_ossl_done(CSPDM_E_CRYPTO);
	}
	*key = k;
	return CSPDM_OK;
}

/* A key holding only the group's domain parameters. */
static EVP_PKEY *dhe_params_key(const struct dhe_info *d)
{
	OSSL_PARAM params[2];
	EVP_PKEY_CTX *ctx = dhe_ctx(d, 0, params);
	EVP_PKEY *k = NULL;

	if (ctx && EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_KEY_PARAMETERS, params) != 1) {
		EVP_PKEY_free(k);
		k = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	return k;
}

/* The quick public check: EC on the curve, not the identity; DH 1 < y < p - 1. */
static int dhe_pub_check(EVP_PKEY *k)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k, NULL);
	int ok = ctx && EVP_PKEY_public_check_quick(ctx) == 1;

	EVP_PKEY_CTX_free(ctx);
	return ok;
}

/*
 * The peer's public value (n == cspdm_dhe_size) as a key, validated. Setting the encoded key
 * already rejects EC coordinates >= p, points off the curve, and DH y outside [2, p - 2];
 * the explicit check repeats it (the prime curves have cofactor 1, so no order check).
 */
static cspdm_status dhe_peer_import(const struct dhe_info *d, const uint8_t *peer, size_t n,
				    EVP_PKEY **out)
{
	uint8_t pt[1 + 2 * EC_COORD_MAX];
	const uint8_t *enc = peer;
	size_t enc_len = n;
	EVP_PKEY *k = dhe_params_key(d);

	*out = NULL;
	if (!k)
		return CSPDM_E_CRYPTO;
	if (d->ec) {
		pt[0] = 0x04; /* uncompressed */
		memcpy(pt + 1, peer, n);
		enc = pt;
		enc_len = n + 1;
	}
	if (EVP_PKEY_set1_encoded_public_key(k, enc, enc_len) != 1 || !dhe_pub_check(k)) {
		EVP_PKEY_free(k);
		return CSPDM_E_DHE_KEY;
	}
	*out = k;
	return CSPDM_OK;
}

/* key x validated peer into exactly n bytes (ECDH: X, padded; FFDHE: padded to p). */
static cspdm_status dhe_exchange(EVP_PKEY *key, EVP_PKEY *peer, int ec, uint8_t *secret, size_t n)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	size_t got = n;
	int ok;

	ok = ctx && EVP_PKEY_derive_init(ctx) == 1 && (ec || EVP_PKEY_CTX_set_dh_pad(ctx, 1) > 0) &&
	     EVP_PKEY_derive_set_peer_ex(ctx, peer, 0) == 1 &&
	     EVP_PKEY_derive(ctx, secret, &got) == 1 && got == n;
	EVP_PKEY_CTX_free(ctx);
	return ok ? CSPDM_OK : CSPDM_E_CRYPTO;
}

/*
 * A peer value of the wrong length, or a key or secret size that does not fit group, is the
 * caller's error (CSPDM_E_INVALID_ARG): the exchange data's length is fixed by the group.
 */
static cspdm_status op_dhe_derive(void *priv, void *key, uint16_t group, const uint8_t *peer,
				  size_t peer_len, uint8_t *secret, size_t secret_len)
{
	const struct dhe_info *d = dhe_find(group);
	EVP_PKEY *pk = NULL;
	cspdm_status st;

	(void)priv;
	if (!d)
		return CSPDM_E_UNSUPPORTED;
	if (!key || !peer || !secret || peer_len != cspdm_dhe_size(group) ||
	    secret_len != cspdm_dhe_secret_size(group))
		return CSPDM_E_INVALID_ARG;
	if (!EVP_PKEY_is_a(key, dhe_type(d)) || EVP_PKEY_get_bits(key) != d->bits)
		return cspdm_ossl_done(CSPDM_E_INVALID_ARG);
	st = dhe_peer_import(d, peer, peer_len, &pk);
	if (st == CSPDM_OK)
		st = dhe_exchange(key, pk, d->ec, secret, secret_len);
	if (st != CSPDM_OK)
		OPENSSL_cleanse(secret, secret_len);
	EVP_PKEY_free(pk);
	return cspdm_ossl_done(st);
}

/* ---- HMAC and HKDF ------------------------------------------------------------------------ */

/* OSSL_PARAM octet strings need a non-NULL pointer even when empty. */
static void *param_ptr(const uint8_t *p)
{
	return p ? (void *)p : (void *)"";
}

static cspdm_status op_hmac(void *priv, uint32_t hash_alg, const uint8_t *key, size_t key_len,
			    const uint8_t *data, size_t len, uint8_t *out)
{
	const EVP_MD *md = cspdm_ossl_md(priv, hash_alg);
	EVP_MAC *mac = cspdm_ossl_sess_of(priv)->hmac;
	size_t n = cspdm_hash_size(hash_alg), got = 0;
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;
	int ok;

	if (!md || !mac)
		return CSPDM_E_UNSUPPORTED;
	if ((!key && key_len) || (!data && len) || !out)
		return CSPDM_E_INVALID_ARG;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
						     (char *)EVP_MD_get0_name(md), 0);
	params[1] = OSSL_PARAM_construct_end();
	ctx = EVP_MAC_CTX_new(mac);
	ok = ctx && EVP_MAC_init(ctx, param_ptr(key), key_len, params) == 1 &&
	     (!len || EVP_MAC_update(ctx, data, len) == 1) &&
	     EVP_MAC_final(ctx, out, &got, n) == 1 && got == n;
	EVP_MAC_CTX_free(ctx); /* cleanses the key and the inner state */
	if (!ok)
		OPENSSL_cleanse(out, n);
	return cspdm_ossl_done(ok ? CSPDM_OK : CSPDM_E_CRYPTO);
}

/* One HKDF run: mode EXTRACT_ONLY (extra is the salt) or EXPAND_ONLY (extra is the info). */
struct hkdf_run {
	int mode;
	const uint8_t *key; /* IKM or PRK */
	size_t key_len;
	const uint8_t *extra;
	size_t extra_len;
};

static cspdm_status hkdf_do(const void *priv, const EVP_MD *md, const struct hkdf_run *r,
			    uint8_t *out, size_t out_len)
{
	EVP_KDF *kdf = cspdm_ossl_sess_of(priv)->hkdf;
	const char *extra =
	    r->mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO;
	OSSL_PARAM params[5];
	int mode = r->mode, ok;
	EVP_KDF_CTX *ctx;

	params[0] = OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode);
	params[1] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						     (char *)EVP_MD_get0_name(md), 0);
	params[2] =
	    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, param_ptr(r->key), r->key_len);
	params[3] = OSSL_PARAM_construct_octet_string(extra, param_ptr(r->extra), r->extra_len);
	params[4] = OSSL_PARAM_construct_end();
	ctx = EVP_KDF_CTX_new(kdf);
	ok = ctx && EVP_KDF_derive(ctx, out, out_len, params) == 1;
	EVP_KDF_CTX_free(ctx); /* cleanses its copies of key, salt and info */
	if (!ok)
		OPENSSL_cleanse(out, out_len);
	return cspdm_ossl_done(ok ? CSPDM_OK : CSPDM_E_CRYPTO);
}

/* RFC 5869 2.2: a missing (empty) salt is HashLen zero bytes. */
static cspdm_status op_hkdf_extract(void *priv, uint32_t hash_alg, const uint8_t *salt,
				    size_t salt_len, const uint8_t *ikm, size_t ikm_len,
				    uint8_t *prk)
{
	static const uint8_t zeros[HASH_MAX];
	const EVP_MD *md = cspdm_ossl_md(priv, hash_alg);
	struct hkdf_run r = {EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, ikm_len, salt, salt_len};

	if (!md || !cspdm_ossl_sess_of(priv)->hkdf)
		return CSPDM_E_UNSUPPORTED;
	if ((!salt && salt_len) || (!ikm && ikm_len) || !prk)
		return CSPDM_E_INVALID_ARG;
	if (!salt_len) {
		r.extra = zeros;
		r.extra_len = cspdm_hash_size(hash_alg);
	}
	return hkdf_do(priv, md, &r, prk, cspdm_hash_size(hash_alg));
}

/* Also refused (CSPDM_E_INVALID_ARG): out_len 0, and info longer than OpenSSL 3.0 takes. */
static cspdm_status op_hkdf_expand(void *priv, uint32_t hash_alg, const uint8_t *prk,
				   size_t prk_len, const uint8_t *info, size_t info_len,
				   uint8_t *out, size_t out_len)
{
	const EVP_MD *md = cspdm_ossl_md(priv, hash_alg);
	struct hkdf_run r = {EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, prk_len, info, info_len};

	if (!md || !cspdm_ossl_sess_of(priv)->hkdf)
		return CSPDM_E_UNSUPPORTED;
	if (!prk || !prk_len || (!info && info_len) || info_len > HKDF_INFO_MAX || !out ||
	    !out_len || out_len > (size_t)255 * cspdm_hash_size(hash_alg))
		return CSPDM_E_INVALID_ARG;
	return hkdf_do(priv, md, &r, out, out_len);
}

/* ---- AEAD --------------------------------------------------------------------------------- */
/*
 * The handle is one EVP_CIPHER_CTX keyed once at aead_new; each message only sets its IV
 * (and, to open, the expected tag), so no message allocates. OpenSSL's default IV length for
 * these ciphers is 12 bytes (CSPDM_AEAD_IV_SIZE).
 */

static const EVP_CIPHER *aead_cipher(const void *priv, uint16_t aead)
{
	const struct cspdm_ossl_sess *s = cspdm_ossl_sess_of(priv);

	switch (aead) {
	case CSPDM_AEAD_AES_128_GCM:
		return s->aead[0];
	case CSPDM_AEAD_AES_256_GCM:
		return s->aead[1];
	case CSPDM_AEAD_CHACHA20_POLY1305:
		return s->aead[2];
	default:
		return NULL;
	}
}

static cspdm_status op_aead_new(void *priv, uint16_t aead, const uint8_t *key, size_t key_len,
				void **handle)
{
	const EVP_CIPHER *c = aead_cipher(priv, aead);
	EVP_CIPHER_CTX *ctx;

	if (!c)
		return CSPDM_E_UNSUPPORTED;
	if (!key || !handle || key_len != cspdm_aead_key_size(aead))
		return CSPDM_E_INVALID_ARG;
	*handle = NULL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx || EVP_EncryptInit_ex2(ctx, c, key, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_get_iv_length(ctx) != CSPDM_AEAD_IV_SIZE) {
		EVP_CIPHER_CTX_free(ctx);
		return cspdm_ossl_done(CSPDM_E_CRYPTO);
	}
	*handle = ctx;
	return CSPDM_OK;
}

static int aead_args_ok(const void *handle, const uint8_t *iv, const uint8_t *aad, size_t aad_len,
			const uint8_t *in, size_t len, const uint8_t *out, const uint8_t *tag)
{
	return handle && iv && tag && (aad || !aad_len) && aad_len <= INT_MAX && len <= INT_MAX &&
	       (!len || (in && out));
}

/* AAD, then the data, in the direction the context was last initialised for. */
static int aead_update(EVP_CIPHER_CTX *ctx, const uint8_t *aad, size_t aad_len, const uint8_t *in,
		       size_t len, uint8_t *out)
{
	int n = 0;

	if (aad_len && EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1)
		return 0;
	if (len && (EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1 || n != (int)len))
		return 0;
	return 1;
}

static cspdm_status op_aead_seal(void *priv, void *handle, const uint8_t *iv, const uint8_t *aad,
				 size_t aad_len, const uint8_t *in, size_t len, uint8_t *out,
				 uint8_t *tag)
{
	EVP_CIPHER_CTX *ctx = handle;
	uint8_t fin[CSPDM_AEAD_TAG_SIZE]; /* Final writes nothing for these stream modes */
	int n = 0, ok;

	(void)priv;
	if (!aead_args_ok(handle, iv, aad, aad_len, in, len, out, tag))
		return CSPDM_E_INVALID_ARG;
	ok = EVP_EncryptInit_ex(ctx, NULL, NULL, NULL, iv) == 1 &&
	     aead_update(ctx, aad, aad_len, in, len, out) &&
	     EVP_EncryptFinal_ex(ctx, fin, &n) == 1 && n == 0 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, CSPDM_AEAD_TAG_SIZE, tag) > 0;
	return cspdm_ossl_done(ok ? CSPDM_OK : CSPDM_E_CRYPTO);
}

/* On any failure out[0, len) is zeroed: no unauthenticated plaintext is left behind. */
static cspdm_status op_aead_open(void *priv, void *handle, const uint8_t *iv, const uint8_t *aad,
				 size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tag,
				 uint8_t *out)
{
	EVP_CIPHER_CTX *ctx = handle;
	uint8_t want[CSPDM_AEAD_TAG_SIZE], fin[CSPDM_AEAD_TAG_SIZE];
	cspdm_status st = CSPDM_E_CRYPTO;
	int n = 0;

	(void)priv;
	if (!aead_args_ok(handle, iv, aad, aad_len, in, len, out, tag))
		return CSPDM_E_INVALID_ARG;
	memcpy(want, tag, sizeof(want)); /* the ctrl takes a non-const pointer */
	if (EVP_DecryptInit_ex(ctx, NULL, NULL, NULL, iv) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, CSPDM_AEAD_TAG_SIZE, want) > 0 &&
	    aead_update(ctx, aad, aad_len, in, len, out))
		st = EVP_DecryptFinal_ex(ctx, fin, &n) == 1 && n == 0 ? CSPDM_OK : CSPDM_E_DECRYPT;
	if (st != CSPDM_OK && len)
		OPENSSL_cleanse(out, len);
	return cspdm_ossl_done(st);
}

static void op_aead_free(void *priv, void *handle)
{
	(void)priv;
	EVP_CIPHER_CTX_free(handle); /* the provider cleanses its key schedule */
}

/* ---- Ops ---------------------------------------------------------------------------------- */

void cspdm_ossl_sess_fill_ops(struct cspdm_crypto_ops *ops)
{
	ops->hash_dup = op_hash_dup;
	ops->dhe_generate = op_dhe_generate;
	ops->dhe_derive = op_dhe_derive;
	ops->hmac = op_hmac;
	ops->hkdf_extract = op_hkdf_extract;
	ops->hkdf_expand = op_hkdf_expand;
	ops->aead_new = op_aead_new;
	ops->aead_seal = op_aead_seal;
	ops->aead_open = op_aead_open;
	ops->aead_free = op_aead_free;
}
