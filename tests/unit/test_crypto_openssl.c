/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests for the OpenSSL backend: src/crypto/openssl.c and src/crypto/x509_openssl.c. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/openssl_priv.h"

#define CMA_SAN "Vendor=8086:Device=0b60:CC=010802:REV=01:SSVID=8086:SSID=0000"

enum { K_RSA2048, K_RSA3072, K_RSA4096, K_P256, K_P384, K_P521, K_ED25519, K_ED448, K_COUNT };

static struct cspdm_openssl *g_o;
static const struct cspdm_crypto_ops *g_ops;
static EVP_PKEY *g_key[K_COUNT];
static char g_tmpdir[64];

static int group_setup(void **state)
{
	(void)state;
	if (cspdm_openssl_new(&g_o, NULL) != CSPDM_OK)
		return -1;
	g_ops = cspdm_openssl_ops(g_o);
	g_key[K_RSA2048] = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	g_key[K_RSA3072] = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)3072);
	g_key[K_RSA4096] = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)4096);
	g_key[K_P256] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	g_key[K_P384] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
	g_key[K_P521] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
	g_key[K_ED25519] = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	g_key[K_ED448] = EVP_PKEY_Q_keygen(NULL, NULL, "ED448");
	for (int i = 0; i < K_COUNT; i++)
		if (!g_key[i])
			return -1;
	snprintf(g_tmpdir, sizeof(g_tmpdir), "/tmp/cspdm-crypto-XXXXXX");
	return mkdtemp(g_tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < K_COUNT; i++)
		EVP_PKEY_free(g_key[i]);
	cspdm_openssl_free(g_o);
	rmdir(g_tmpdir);
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------------ */

static const char *tmp_path(const char *name)
{
	static char path[2][128];
	static int which;

	which ^= 1;
	snprintf(path[which], sizeof(path[which]), "%s/%s", g_tmpdir, name);
	return path[which];
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_str(const char *path, const char *s)
{
	write_file(path, s, strlen(s));
}

static uint8_t *read_data(const char *rel, size_t *len)
{
	uint8_t *buf = tu_read_file(tu_data_path(rel), len);

	assert_non_null(buf);
	return buf;
}

static uint8_t *read_chain(const char *alg, size_t *len)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "certs/%s/bundle_responder.certchain.der", alg);
	return read_data(rel, len);
}

/* Write DER certificates as one PEM file. */
static void write_pem_certs(const char *path, const uint8_t *const *der, const size_t *len, int n)
{
	BIO *b = BIO_new_file(path, "w");

	assert_non_null(b);
	for (int i = 0; i < n; i++) {
		const unsigned char *p = der[i];
		X509 *x = d2i_X509(NULL, &p, (long)len[i]);

		assert_non_null(x);
		assert_int_equal(PEM_write_bio_X509(b, x), 1);
		X509_free(x);
	}
	BIO_free(b);
}

static cspdm_status validate_with(const struct cspdm_crypto_ops *ops, const uint8_t *der,
				  size_t len, uint32_t asym, const char *san, int *trusted,
				  uint32_t *err)
{
	struct cspdm_x509_params p = {.base_asym = asym, .expected_san = san};
	struct cspdm_x509_result res = {.trusted = -1, .pubkey = NULL};
	cspdm_status st;

	*err = 0xffffffffu;
	st = ops->x509_validate(ops->priv, der, len, &p, &res, err);
	*trusted = res.trusted;
	if (st == CSPDM_OK)
		assert_non_null(res.pubkey);
	else
		assert_null(res.pubkey);
	ops->key_free(ops->priv, res.pubkey);
	return st;
}

static cspdm_status validate(const uint8_t *der, size_t len, uint32_t asym, const char *san,
			     uint32_t *err)
{
	int trusted;
	cspdm_status st = validate_with(g_ops, der, len, asym, san, &trusted, err);

	assert_int_equal(trusted, 0);
	return st;
}

/* ---- hashing ------------------------------------------------------------------------------ */

struct hash_kat {
	uint32_t alg;
	const char *abc;
};

static const struct hash_kat hash_kats[] = {
    {CSPDM_HASH_SHA_256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {CSPDM_HASH_SHA_384, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
			 "8086072ba1e7cc2358baeca134c825a7"},
    {CSPDM_HASH_SHA_512, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
			 "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
    {CSPDM_HASH_SHA3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
    {CSPDM_HASH_SHA3_384, "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b2"
			  "98d88cea927ac7f539f1edf228376d25"},
    {CSPDM_HASH_SHA3_512, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
			  "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"},
};

static void test_hash_kat(void **state)
{
	uint8_t want[64], got[64];
	struct cspdm_hash h;

	(void)state;
	for (size_t i = 0; i < sizeof(hash_kats) / sizeof(hash_kats[0]); i++) {
		int n = tu_hex(hash_kats[i].abc, want, sizeof(want));

		assert_true(n > 0);
		memset(got, 0, sizeof(got));
		assert_int_equal(g_ops->hash_init(g_ops->priv, &h, hash_kats[i].alg), CSPDM_OK);
		/* split updates, including an empty one */
		assert_int_equal(g_ops->hash_update(g_ops->priv, &h, (const uint8_t *)"a", 1),
				 CSPDM_OK);
		assert_int_equal(g_ops->hash_update(g_ops->priv, &h, NULL, 0), CSPDM_OK);
		assert_int_equal(g_ops->hash_update(g_ops->priv, &h, (const uint8_t *)"bc", 2),
				 CSPDM_OK);
		assert_int_equal(g_ops->hash_final(g_ops->priv, &h, got), CSPDM_OK);
		assert_null(h.impl);
		assert_memory_equal(got, want, (size_t)n);
		assert_int_equal(cspdm_hash_size(hash_kats[i].alg), (uint32_t)n);
	}
}

static void test_hash_empty_and_long(void **state)
{
	uint8_t want[32], got[32], chunk[1000];
	struct cspdm_hash h;

	(void)state;
	tu_hex("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", want, 32);
	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, CSPDM_HASH_SHA3_256), CSPDM_OK);
	assert_int_equal(g_ops->hash_final(g_ops->priv, &h, got), CSPDM_OK);
	assert_memory_equal(got, want, 32);

	/* FIPS 180-2: one million 'a' */
	tu_hex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", want, 32);
	memset(chunk, 'a', sizeof(chunk));
	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, CSPDM_HASH_SHA_256), CSPDM_OK);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(g_ops->hash_update(g_ops->priv, &h, chunk, sizeof(chunk)),
				 CSPDM_OK);
	assert_int_equal(g_ops->hash_final(g_ops->priv, &h, got), CSPDM_OK);
	assert_memory_equal(got, want, 32);
}

static void test_hash_errors(void **state)
{
	struct cspdm_hash h = {0, NULL};
	uint8_t out[64];

	(void)state;
	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, CSPDM_HASH_SM3_256),
			 CSPDM_E_UNSUPPORTED);
	assert_null(h.impl);
	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, 0), CSPDM_E_UNSUPPORTED);
	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, CSPDM_HASH_SHA_256 | CSPDM_HASH_SHA_384),
			 CSPDM_E_UNSUPPORTED);
	g_ops->hash_free(g_ops->priv, &h); /* safe on impl == NULL */
	assert_int_equal(g_ops->hash_update(g_ops->priv, &h, out, 1), CSPDM_E_INVALID_ARG);
	assert_int_equal(g_ops->hash_final(g_ops->priv, &h, out), CSPDM_E_INVALID_ARG);
	/* abandoned hash: hash_free releases it (LSan would notice a leak) */
	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, CSPDM_HASH_SHA_512), CSPDM_OK);
	assert_non_null(h.impl);
	g_ops->hash_free(g_ops->priv, &h);
	assert_null(h.impl);
	g_ops->hash_free(g_ops->priv, &h);
}

static void test_random(void **state)
{
	uint8_t a[64] = {0}, b[64] = {0}, zero[64] = {0};

	(void)state;
	assert_int_equal(g_ops->random(g_ops->priv, a, sizeof(a)), CSPDM_OK);
	assert_int_equal(g_ops->random(g_ops->priv, b, sizeof(b)), CSPDM_OK);
	assert_int_equal(g_ops->random(g_ops->priv, b, 0), CSPDM_OK);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, zero, sizeof(a));
}

/* ---- signatures --------------------------------------------------------------------------- */

struct sig_case {
	uint32_t asym, hash;
	int key;
	size_t sig_len;
};

static const struct sig_case sig_cases[] = {
    {CSPDM_ASYM_RSASSA_2048, CSPDM_HASH_SHA_256, K_RSA2048, 256},
    {CSPDM_ASYM_RSAPSS_2048, CSPDM_HASH_SHA_256, K_RSA2048, 256},
    {CSPDM_ASYM_RSASSA_3072, CSPDM_HASH_SHA_384, K_RSA3072, 384},
    {CSPDM_ASYM_RSAPSS_3072, CSPDM_HASH_SHA3_384, K_RSA3072, 384},
    {CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256, K_P256, 64},
    {CSPDM_ASYM_RSASSA_4096, CSPDM_HASH_SHA_512, K_RSA4096, 512},
    {CSPDM_ASYM_RSAPSS_4096, CSPDM_HASH_SHA_512, K_RSA4096, 512},
    {CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384, K_P384, 96},
    {CSPDM_ASYM_ECDSA_P521, CSPDM_HASH_SHA_512, K_P521, 132},
    {CSPDM_ASYM_EDDSA_25519, CSPDM_HASH_SHA_512, K_ED25519, 64},
    {CSPDM_ASYM_EDDSA_448, CSPDM_HASH_SHA_512, K_ED448, 114},
};

static const uint8_t msg[] = "dmtf-spdm-v1.2.*responder-challenge_auth signing + M1/M2";

static cspdm_status sign(const struct sig_case *c, const uint8_t *d, size_t n, int pre,
			 uint8_t *sig, size_t sig_len)
{
	return g_ops->sign(g_ops->priv, g_key[c->key], c->asym, c->hash, d, n, pre, sig, sig_len);
}

static cspdm_status verify(const struct sig_case *c, const uint8_t *d, size_t n, int pre,
			   const uint8_t *sig, size_t sig_len)
{
	return g_ops->verify(g_ops->priv, g_key[c->key], c->asym, c->hash, d, n, pre, sig, sig_len);
}

static void check_round_trip(const struct sig_case *c)
{
	uint8_t sig[CSPDM_MAX_SIG_SIZE + 1];

	assert_int_equal(cspdm_sig_size(c->asym), c->sig_len);
	assert_int_equal(sign(c, msg, sizeof(msg), 0, sig, c->sig_len), CSPDM_OK);
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len), CSPDM_OK);
	/* other data */
	assert_int_equal(verify(c, msg, sizeof(msg) - 1, 0, sig, c->sig_len), CSPDM_E_SIGNATURE);
	/* wrong lengths */
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len - 1), CSPDM_E_SIGNATURE);
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len + 1), CSPDM_E_SIGNATURE);
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, 0), CSPDM_E_SIGNATURE);
	assert_int_equal(sign(c, msg, sizeof(msg), 0, sig, c->sig_len - 1), CSPDM_E_INVALID_ARG);
	/* flipped bits: first byte, last byte, middle */
	for (size_t pos = 0; pos < c->sig_len; pos += c->sig_len / 2 - 1) {
		sig[pos] ^= 0x01;
		assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len),
				 CSPDM_E_SIGNATURE);
		sig[pos] ^= 0x01;
	}
	sig[c->sig_len - 1] ^= 0x80;
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len), CSPDM_E_SIGNATURE);
	sig[c->sig_len - 1] ^= 0x80;
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len), CSPDM_OK);
}

static void digest(uint32_t alg, const uint8_t *d, size_t n, uint8_t *out)
{
	struct cspdm_hash h;

	assert_int_equal(g_ops->hash_init(g_ops->priv, &h, alg), CSPDM_OK);
	assert_int_equal(g_ops->hash_update(g_ops->priv, &h, d, n), CSPDM_OK);
	assert_int_equal(g_ops->hash_final(g_ops->priv, &h, out), CSPDM_OK);
}

/* Pre-hashed: sign the digest, verify either way; EdDSA refuses. */
static void check_prehashed(const struct sig_case *c)
{
	uint8_t sig[CSPDM_MAX_SIG_SIZE], dig[CSPDM_MAX_HASH_SIZE];
	uint32_t dlen = cspdm_hash_size(c->hash);

	if (c->asym == CSPDM_ASYM_EDDSA_25519 || c->asym == CSPDM_ASYM_EDDSA_448) {
		assert_int_equal(sign(c, msg, 64, 1, sig, c->sig_len), CSPDM_E_INVALID_ARG);
		assert_int_equal(verify(c, msg, 64, 1, sig, c->sig_len), CSPDM_E_INVALID_ARG);
		return;
	}
	digest(c->hash, msg, sizeof(msg), dig);
	assert_int_equal(sign(c, dig, dlen, 1, sig, c->sig_len), CSPDM_OK);
	assert_int_equal(verify(c, dig, dlen, 1, sig, c->sig_len), CSPDM_OK);
	assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len), CSPDM_OK);
	dig[0] ^= 1;
	assert_int_equal(verify(c, dig, dlen, 1, sig, c->sig_len), CSPDM_E_SIGNATURE);
	assert_int_equal(verify(c, dig, dlen - 1, 1, sig, c->sig_len), CSPDM_E_INVALID_ARG);
	/* signed as a message, verified as its digest */
	assert_int_equal(sign(c, msg, sizeof(msg), 0, sig, c->sig_len), CSPDM_OK);
	dig[0] ^= 1;
	assert_int_equal(verify(c, dig, dlen, 1, sig, c->sig_len), CSPDM_OK);
}

static void test_sign_verify_all(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sig_cases) / sizeof(sig_cases[0]); i++) {
		check_round_trip(&sig_cases[i]);
		check_prehashed(&sig_cases[i]);
	}
}

static void test_sign_verify_empty_message(void **state)
{
	uint8_t sig[CSPDM_MAX_SIG_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(sig_cases) / sizeof(sig_cases[0]); i++) {
		const struct sig_case *c = &sig_cases[i];

		assert_int_equal(sign(c, NULL, 0, 0, sig, c->sig_len), CSPDM_OK);
		assert_int_equal(verify(c, NULL, 0, 0, sig, c->sig_len), CSPDM_OK);
		assert_int_equal(verify(c, msg, 1, 0, sig, c->sig_len), CSPDM_E_SIGNATURE);
	}
}

/* Hostile signatures: all zero, all ones (r, s >= n; RSA value >= modulus). */
static void test_verify_garbage(void **state)
{
	uint8_t sig[CSPDM_MAX_SIG_SIZE];

	(void)state;
	for (size_t i = 0; i < sizeof(sig_cases) / sizeof(sig_cases[0]); i++) {
		const struct sig_case *c = &sig_cases[i];

		memset(sig, 0, sizeof(sig));
		assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len),
				 CSPDM_E_SIGNATURE);
		memset(sig, 0xff, sizeof(sig));
		assert_int_equal(verify(c, msg, sizeof(msg), 0, sig, c->sig_len),
				 CSPDM_E_SIGNATURE);
	}
}

static void test_verify_key_mismatch(void **state)
{
	uint8_t sig[CSPDM_MAX_SIG_SIZE] = {1};
	struct {
		uint32_t asym;
		int key;
	} bad[] = {
	    {CSPDM_ASYM_ECDSA_P384, K_RSA3072},	 {CSPDM_ASYM_ECDSA_P384, K_P256},
	    {CSPDM_ASYM_ECDSA_P256, K_P521},	 {CSPDM_ASYM_RSASSA_3072, K_RSA2048},
	    {CSPDM_ASYM_RSAPSS_4096, K_RSA3072}, {CSPDM_ASYM_RSASSA_2048, K_P256},
	    {CSPDM_ASYM_EDDSA_25519, K_ED448},	 {CSPDM_ASYM_EDDSA_448, K_P256},
	    {CSPDM_ASYM_EDDSA_25519, K_RSA2048},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t n = cspdm_sig_size(bad[i].asym);

		assert_int_equal(g_ops->verify(g_ops->priv, g_key[bad[i].key], bad[i].asym,
					       CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, n),
				 CSPDM_E_X509_KEY);
		assert_int_equal(g_ops->sign(g_ops->priv, g_key[bad[i].key], bad[i].asym,
					     CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, n),
				 CSPDM_E_X509_KEY);
	}
	assert_int_equal(g_ops->verify(g_ops->priv, g_key[K_P256], CSPDM_ASYM_SM2_P256,
				       CSPDM_HASH_SHA_256, msg, sizeof(msg), 0, sig, 64),
			 CSPDM_E_UNSUPPORTED);
	assert_int_equal(g_ops->verify(g_ops->priv, g_key[K_P256], CSPDM_ASYM_ECDSA_P256,
				       CSPDM_HASH_SM3_256, msg, sizeof(msg), 0, sig, 64),
			 CSPDM_E_UNSUPPORTED);
	assert_int_equal(g_ops->verify(g_ops->priv, NULL, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256,
				       msg, sizeof(msg), 0, sig, 64),
			 CSPDM_E_INVALID_ARG);
}

/* r||s produced by OpenSSL directly (DER converted here) verifies: the format is SPDM's. */
static void test_ecdsa_format_interop(void **state)
{
	uint8_t der[160], raw[132];
	size_t der_len = sizeof(der);
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	ECDSA_SIG *es;

	(void)state;
	assert_non_null(m);
	assert_int_equal(EVP_DigestSignInit(m, NULL, EVP_sha512(), NULL, g_key[K_P521]), 1);
	assert_int_equal(EVP_DigestSign(m, der, &der_len, msg, sizeof(msg)), 1);
	EVP_MD_CTX_free(m);
	es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	assert_non_null(es);
	ECDSA_SIG_get0(es, &r, &s);
	assert_int_equal(BN_bn2binpad(r, raw, 66), 66);
	assert_int_equal(BN_bn2binpad(s, raw + 66, 66), 66);
	ECDSA_SIG_free(es);
	assert_int_equal(verify(&sig_cases[8], msg, sizeof(msg), 0, raw, 132), CSPDM_OK);
	/* s||r is not r||s */
	memcpy(der, raw, 66);
	memmove(raw, raw + 66, 66);
	memcpy(raw + 66, der, 66);
	assert_int_equal(verify(&sig_cases[8], msg, sizeof(msg), 0, raw, 132), CSPDM_E_SIGNATURE);
}

/* PSS signed by OpenSSL with salt length = hash length verifies; salt 0 does not. */
static void check_pss_salt(int saltlen, cspdm_status want)
{
	uint8_t sig[256];
	size_t sig_len = sizeof(sig);
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pc = NULL;

	assert_non_null(m);
	assert_int_equal(EVP_DigestSignInit(m, &pc, EVP_sha256(), NULL, g_key[K_RSA2048]), 1);
	assert_true(EVP_PKEY_CTX_set_rsa_padding(pc, RSA_PKCS1_PSS_PADDING) > 0);
	assert_true(EVP_PKEY_CTX_set_rsa_pss_saltlen(pc, saltlen) > 0);
	assert_int_equal(EVP_DigestSign(m, sig, &sig_len, msg, sizeof(msg)), 1);
	EVP_MD_CTX_free(m);
	assert_int_equal(sig_len, 256);
	assert_int_equal(verify(&sig_cases[1], msg, sizeof(msg), 0, sig, 256), want);
	/* a PSS signature is not a PKCS#1 v1.5 signature */
	assert_int_equal(verify(&sig_cases[0], msg, sizeof(msg), 0, sig, 256), CSPDM_E_SIGNATURE);
}

/* PKCS#1 v1.5 signed by OpenSSL directly verifies as RSASSA and not as RSAPSS. */
static void check_pkcs1_interop(void)
{
	uint8_t sig[384];
	size_t sig_len = sizeof(sig);
	EVP_MD_CTX *m = EVP_MD_CTX_new();

	assert_non_null(m);
	assert_int_equal(EVP_DigestSignInit(m, NULL, EVP_sha384(), NULL, g_key[K_RSA3072]), 1);
	assert_int_equal(EVP_DigestSign(m, sig, &sig_len, msg, sizeof(msg)), 1);
	EVP_MD_CTX_free(m);
	assert_int_equal(sig_len, 384);
	assert_int_equal(verify(&sig_cases[2], msg, sizeof(msg), 0, sig, 384), CSPDM_OK);
	assert_int_equal(g_ops->verify(g_ops->priv, g_key[K_RSA3072], CSPDM_ASYM_RSAPSS_3072,
				       CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, 384),
			 CSPDM_E_SIGNATURE);
}

static void test_rsa_pss_salt(void **state)
{
	(void)state;
	check_pkcs1_interop();
	check_pss_salt(32, CSPDM_OK);
	check_pss_salt(0, CSPDM_E_SIGNATURE);
	check_pss_salt(20, CSPDM_E_SIGNATURE);
}

/* RFC 8032 section 7.1, TEST 1: deterministic Ed25519 known answer. */
static void test_ed25519_kat(void **state)
{
	uint8_t sk[32], want[64], sig[64];
	EVP_PKEY *k;

	(void)state;
	tu_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", sk, 32);
	tu_hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33b"
	       "acc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
	       want, 64);
	k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sk, 32);
	assert_non_null(k);
	assert_int_equal(
	    g_ops->sign(g_ops->priv, k, CSPDM_ASYM_EDDSA_25519, 0, NULL, 0, 0, sig, 64), CSPDM_OK);
	assert_memory_equal(sig, want, 64);
	assert_int_equal(
	    g_ops->verify(g_ops->priv, k, CSPDM_ASYM_EDDSA_25519, 0, NULL, 0, 0, want, 64),
	    CSPDM_OK);
	EVP_PKEY_free(k);
}

/* ---- keys --------------------------------------------------------------------------------- */

static void test_load_key(void **state)
{
	const char *pem = tmp_path("key.pem"), *der = tmp_path("key.der");
	uint8_t sig[96];
	void *k = NULL;
	BIO *b;

	(void)state;
	b = BIO_new_file(pem, "w");
	assert_non_null(b);
	assert_int_equal(PEM_write_bio_PrivateKey(b, g_key[K_P384], NULL, NULL, 0, NULL, NULL), 1);
	BIO_free(b);
	b = BIO_new_file(der, "wb");
	assert_non_null(b);
	assert_int_equal(i2d_PrivateKey_bio(b, g_key[K_P384]), 1);
	BIO_free(b);

	for (int i = 0; i < 2; i++) {
		assert_int_equal(cspdm_openssl_load_key(i ? der : pem, &k), CSPDM_OK);
		assert_int_equal(g_ops->sign(g_ops->priv, k, CSPDM_ASYM_ECDSA_P384,
					     CSPDM_HASH_SHA_384, msg, sizeof(msg), 0, sig, 96),
				 CSPDM_OK);
		assert_int_equal(verify(&sig_cases[7], msg, sizeof(msg), 0, sig, 96), CSPDM_OK);
		g_ops->key_free(g_ops->priv, k);
	}
	unlink(pem);
	write_file(der, "not a key", 9);
	assert_int_equal(cspdm_openssl_load_key(der, &k), CSPDM_E_INVALID_ARG);
	assert_null(k);
	unlink(der);
	assert_int_equal(cspdm_openssl_load_key(der, &k), CSPDM_E_IO);
}

static void test_pubkey_from_cert(void **state)
{
	size_t len;
	uint8_t *der = read_data("certs/ecp384/end_responder.cert.der", &len);
	uint8_t *longer = malloc(len + 1);
	void *k = NULL;

	(void)state;
	assert_non_null(longer);
	assert_int_equal(cspdm_openssl_pubkey_from_cert(der, len, &k), CSPDM_OK);
	assert_int_equal(cspdm_ossl_key_fits(k, CSPDM_ASYM_ECDSA_P384), CSPDM_OK);
	assert_int_equal(cspdm_ossl_key_fits(k, CSPDM_ASYM_ECDSA_P256), CSPDM_E_X509_KEY);
	g_ops->key_free(g_ops->priv, k);
	assert_int_equal(cspdm_openssl_pubkey_from_cert(der, len - 1, &k), CSPDM_E_X509_PARSE);
	memcpy(longer, der, len);
	longer[len] = 0;
	assert_int_equal(cspdm_openssl_pubkey_from_cert(longer, len + 1, &k), CSPDM_E_X509_PARSE);
	assert_null(k);
	free(longer);
	free(der);
}

/* ---- X.509: DMTF sample chains ------------------------------------------------------------ */

struct sample {
	const char *dir;
	uint32_t asym;
};

static const struct sample samples[] = {
    {"ecp256", CSPDM_ASYM_ECDSA_P256},	 {"ecp384", CSPDM_ASYM_ECDSA_P384},
    {"ecp521", CSPDM_ASYM_ECDSA_P521},	 {"rsa2048", CSPDM_ASYM_RSASSA_2048},
    {"rsa3072", CSPDM_ASYM_RSAPSS_3072}, {"rsa4096", CSPDM_ASYM_RSASSA_4096},
    {"ed25519", CSPDM_ASYM_EDDSA_25519}, {"ed448", CSPDM_ASYM_EDDSA_448},
};

static void check_sample_leaf_key(const struct sample *s, const uint8_t *chain, size_t len)
{
	struct cspdm_x509_params p = {.base_asym = s->asym};
	struct cspdm_x509_result res;
	char rel[128];
	size_t leaf_len;
	uint8_t *leaf;
	void *k = NULL;
	uint32_t err;

	snprintf(rel, sizeof(rel), "certs/%s/end_responder.cert.der", s->dir);
	leaf = read_data(rel, &leaf_len);
	assert_int_equal(cspdm_openssl_pubkey_from_cert(leaf, leaf_len, &k), CSPDM_OK);
	assert_int_equal(g_ops->x509_validate(g_ops->priv, chain, len, &p, &res, &err), CSPDM_OK);
	assert_int_equal(EVP_PKEY_eq(res.pubkey, k), 1);
	g_ops->key_free(g_ops->priv, res.pubkey);
	g_ops->key_free(g_ops->priv, k);
	free(leaf);
}

static void test_x509_samples_no_store(void **state)
{
	uint32_t err;

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		size_t len;
		uint8_t *der = read_chain(samples[i].dir, &len);

		assert_int_equal(validate(der, len, samples[i].asym, NULL, &err), CSPDM_OK);
		assert_int_equal(validate(der, len, 0, NULL, &err), CSPDM_OK);
		check_sample_leaf_key(&samples[i], der, len);
		free(der);
	}
}

static void test_x509_samples_store(void **state)
{
	struct cspdm_openssl *o;
	char rel[128];
	uint32_t err;
	int trusted;

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		size_t len;
		uint8_t *der = read_chain(samples[i].dir, &len);

		snprintf(rel, sizeof(rel), "certs/%s/ca.cert", samples[i].dir);
		assert_int_equal(cspdm_openssl_new(&o, tu_data_path(rel)), CSPDM_OK);
		assert_int_equal(validate_with(cspdm_openssl_ops(o), der, len, samples[i].asym,
					       NULL, &trusted, &err),
				 CSPDM_OK);
		assert_int_equal(trusted, 1);
		cspdm_openssl_free(o);
		free(der);
	}
}

static void test_x509_wrong_root(void **state)
{
	struct cspdm_openssl *o;
	size_t len;
	uint8_t *der = read_chain("ecp384", &len);
	uint32_t err;
	int trusted;

	(void)state;
	assert_int_equal(cspdm_openssl_new(&o, tu_data_path("certs/ecp256/ca.cert")), CSPDM_OK);
	assert_int_equal(validate_with(cspdm_openssl_ops(o), der, len, CSPDM_ASYM_ECDSA_P384, NULL,
				       &trusted, &err),
			 CSPDM_E_X509_UNTRUSTED);
	assert_int_equal(trusted, 0);
	assert_int_equal(err, 0);
	cspdm_openssl_free(o);
	free(der);
}

/* A directory of *.pem roots; an intermediate in the store; a chain without its root. */
static void test_x509_store_dir_and_partial(void **state)
{
	const char *rel[] = {"certs/ecp256/ca.cert.der", "certs/ecp384/ca.cert.der",
			     "certs/ecp384/inter.cert.der", "certs/ecp384/end_responder.cert.der"};
	uint8_t *c[4], *pair;
	size_t n[4];
	struct cspdm_openssl *o;
	uint32_t err;
	int trusted;

	(void)state;
	for (int i = 0; i < 4; i++)
		c[i] = read_data(rel[i], &n[i]);
	write_pem_certs(tmp_path("a.pem"), (const uint8_t *const *)&c[0], &n[0], 1);
	write_pem_certs(tmp_path("b.pem"), (const uint8_t *const *)&c[1], &n[1], 1);
	write_str(tmp_path("ignored.txt"), "garbage");
	assert_int_equal(cspdm_openssl_new(&o, g_tmpdir), CSPDM_OK);
	/* chain = intermediate + leaf, root only in the store */
	pair = malloc(n[2] + n[3]);
	assert_non_null(pair);
	memcpy(pair, c[2], n[2]);
	memcpy(pair + n[2], c[3], n[3]);
	assert_int_equal(validate_with(cspdm_openssl_ops(o), pair, n[2] + n[3],
				       CSPDM_ASYM_ECDSA_P384, NULL, &trusted, &err),
			 CSPDM_OK);
	assert_int_equal(trusted, 1);
	cspdm_openssl_free(o);
	unlink(tmp_path("a.pem"));
	unlink(tmp_path("b.pem"));
	unlink(tmp_path("ignored.txt"));

	/* only the intermediate is trusted: the full chain still anchors there */
	write_pem_certs(tmp_path("inter.pem"), (const uint8_t *const *)&c[2], &n[2], 1);
	assert_int_equal(cspdm_openssl_new(&o, tmp_path("inter.pem")), CSPDM_OK);
	free(pair);
	pair = read_chain("ecp384", &n[0]);
	assert_int_equal(validate_with(cspdm_openssl_ops(o), pair, n[0], CSPDM_ASYM_ECDSA_P384,
				       NULL, &trusted, &err),
			 CSPDM_OK);
	assert_int_equal(trusted, 1);
	cspdm_openssl_free(o);
	unlink(tmp_path("inter.pem"));
	free(pair);
	for (int i = 0; i < 4; i++)
		free(c[i]);
}

static void test_trust_path_errors(void **state)
{
	struct cspdm_openssl *o = (void *)1;
	cspdm_error err;

	(void)state;
	assert_int_equal(cspdm_openssl_new_ex(&o, "/nonexistent/cspdm/roots.pem", NULL, NULL, &err),
			 CSPDM_E_IO);
	assert_null(o);
	assert_string_equal(err.field, "/nonexistent/cspdm/roots.pem");
	assert_int_equal(err.os_error, ENOENT);
	/* an empty directory, a file with no certificate, a malformed PEM block */
	assert_int_equal(cspdm_openssl_new_ex(&o, g_tmpdir, NULL, NULL, &err), CSPDM_E_X509_PARSE);
	assert_string_equal(err.field, g_tmpdir);
	write_str(tmp_path("empty.pem"), "no certificates here\n");
	assert_int_equal(cspdm_openssl_new(&o, tmp_path("empty.pem")), CSPDM_E_X509_PARSE);
	assert_int_equal(cspdm_openssl_new(&o, g_tmpdir), CSPDM_E_X509_PARSE);
	write_str(tmp_path("empty.pem"),
		  "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n");
	assert_int_equal(cspdm_openssl_new(&o, tmp_path("empty.pem")), CSPDM_E_X509_PARSE);
	unlink(tmp_path("empty.pem"));
	/* a DER certificate, and a DER chain (several concatenated) */
	assert_int_equal(cspdm_openssl_new(&o, tu_data_path("certs/ecp384/ca.cert.der")), CSPDM_OK);
	cspdm_openssl_free(o);
	assert_int_equal(
	    cspdm_openssl_new(&o, tu_data_path("certs/ecp384/bundle_responder.certchain.der")),
	    CSPDM_OK);
	cspdm_openssl_free(o);
}

struct warnings {
	unsigned n;
	char last[512];
};

static void count_warning(void *priv, const char *path, const char *why)
{
	struct warnings *w = priv;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s: %s", path, why);
}

/* A directory as distributions' trust stores are: PEM and DER under the usual names (in any
 * case); a certificate name that holds none is named to warn, other files are ignored. */
static void test_trust_dir_der_and_warnings(void **state)
{
	static const char *const names[] = {"a.crt", "b.CER", "c.cert", "d.der"};
	struct warnings w = {0};
	struct cspdm_openssl *o;
	uint32_t bad;
	size_t n, chain_len;
	uint8_t *root = read_data("certs/ecp384/ca.cert.der", &n), *chain;
	char expect[512];
	int trusted;

	(void)state;
	for (unsigned i = 0; i < 4; i++)
		write_file(tmp_path(names[i]), root, n);
	write_str(tmp_path("README"), "not a certificate, not a certificate name\n");
	write_str(tmp_path("junk.pem"), "not a certificate\n");
	assert_int_equal(cspdm_openssl_new_ex(&o, g_tmpdir, count_warning, &w, NULL), CSPDM_OK);
	assert_int_equal(w.n, 1);
	snprintf(expect, sizeof(expect), "%s: not a PEM or DER certificate", tmp_path("junk.pem"));
	assert_string_equal(w.last, expect);
	chain = read_chain("ecp384", &chain_len);
	assert_int_equal(validate_with(cspdm_openssl_ops(o), chain, chain_len,
				       CSPDM_ASYM_ECDSA_P384, NULL, &trusted, &bad),
			 CSPDM_OK);
	assert_int_equal(trusted, 1);
	cspdm_openssl_free(o);
	/* only names of other kinds: no certificate at all */
	for (unsigned i = 0; i < 4; i++)
		unlink(tmp_path(names[i]));
	unlink(tmp_path("junk.pem"));
	assert_int_equal(cspdm_openssl_new(&o, g_tmpdir), CSPDM_E_X509_PARSE);
	unlink(tmp_path("README"));
	free(chain);
	free(root);
}

static void test_x509_sample_san_rule(void **state)
{
	size_t len;
	uint8_t *der = read_chain("ecp384", &len);
	uint32_t err;

	(void)state;
	assert_int_equal(validate(der, len, CSPDM_ASYM_ECDSA_P384, CMA_SAN, &err),
			 CSPDM_E_X509_SAN);
	assert_int_equal(err, 2);
	/* the DMTF OID with the DMTF value is still not the CMA OID */
	assert_int_equal(validate(der, len, CSPDM_ASYM_ECDSA_P384, "ACME:WIDGET:1234567890", &err),
			 CSPDM_E_X509_SAN);
	free(der);
}

static void test_x509_parse_errors(void **state)
{
	size_t len;
	uint8_t *der = read_chain("ecp384", &len);
	uint8_t *longer = malloc(len + 1);
	uint32_t err;

	(void)state;
	assert_non_null(longer);
	assert_int_equal(validate(der, len - 1, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_PARSE);
	assert_int_equal(err, 2);
	assert_int_equal(validate(der, 100, CSPDM_ASYM_ECDSA_P384, NULL, &err), CSPDM_E_X509_PARSE);
	assert_int_equal(err, 0);
	assert_int_equal(validate(der, 0, CSPDM_ASYM_ECDSA_P384, NULL, &err), CSPDM_E_X509_PARSE);
	memcpy(longer, der, len);
	longer[len] = 0x30;
	assert_int_equal(validate(longer, len + 1, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_PARSE);
	assert_int_equal(err, 3);
	/* garbage in the middle of the root */
	memcpy(longer, der, len);
	longer[1] ^= 0x40;
	assert_int_equal(validate(longer, len, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_PARSE);
	assert_int_equal(err, 0);
	free(longer);
	free(der);
}

static void test_x509_depth_and_key(void **state)
{
	struct cspdm_x509_params p = {.base_asym = CSPDM_ASYM_ECDSA_P384, .max_depth = 2};
	struct cspdm_x509_result res;
	size_t len;
	uint8_t *der = read_chain("ecp384", &len);
	uint32_t err = 0;

	(void)state;
	assert_int_equal(g_ops->x509_validate(g_ops->priv, der, len, &p, &res, &err),
			 CSPDM_E_X509_DEPTH);
	assert_int_equal(err, 2);
	p.max_depth = 3;
	assert_int_equal(g_ops->x509_validate(g_ops->priv, der, len, &p, &res, &err), CSPDM_OK);
	g_ops->key_free(g_ops->priv, res.pubkey);
	assert_int_equal(validate(der, len, CSPDM_ASYM_ECDSA_P256, NULL, &err), CSPDM_E_X509_KEY);
	assert_int_equal(err, 2);
	assert_int_equal(validate(der, len, CSPDM_ASYM_RSASSA_3072, NULL, &err), CSPDM_E_X509_KEY);
	free(der);
	der = read_chain("rsa2048", &len);
	assert_int_equal(validate(der, len, CSPDM_ASYM_RSASSA_3072, NULL, &err), CSPDM_E_X509_KEY);
	assert_int_equal(validate(der, len, CSPDM_ASYM_RSAPSS_2048, NULL, &err), CSPDM_OK);
	free(der);
}

/* A corrupted signature on the intermediate. */
static void test_x509_bad_cert_signature(void **state)
{
	size_t len, root_len, inter_len;
	uint8_t *der = read_chain("rsa3072", &len);
	uint8_t *root = read_data("certs/rsa3072/ca.cert.der", &root_len);
	uint8_t *inter = read_data("certs/rsa3072/inter.cert.der", &inter_len);
	uint32_t err;

	(void)state;
	der[root_len + inter_len - 1] ^= 0x01; /* last byte of the intermediate's signature */
	assert_int_equal(validate(der, len, CSPDM_ASYM_RSASSA_3072, NULL, &err),
			 CSPDM_E_X509_SIGNATURE);
	assert_int_equal(err, 1);
	free(der);
	free(root);
	free(inter);
}

/* ---- X.509: generated chains -------------------------------------------------------------- */

struct tc {
	const char *cn;
	EVP_PKEY *key;	      /* subject key */
	X509 *issuer;	      /* NULL: self-signed */
	EVP_PKEY *issuer_key; /* NULL: key */
	const char *bc, *ku, *san;
	long not_before, not_after; /* seconds from now */
};

static void add_ext(X509 *x, X509V3_CTX *v, int nid, const char *val)
{
	X509_EXTENSION *e;

	if (!val)
		return;
	e = X509V3_EXT_nconf_nid(NULL, v, nid, val);
	assert_non_null(e);
	assert_int_equal(X509_add_ext(x, e, -1), 1);
	X509_EXTENSION_free(e);
}

static X509 *make_cert(const struct tc *t)
{
	static long serial = 1;
	X509 *x = X509_new();
	X509_NAME *n;
	X509V3_CTX v;

	assert_non_null(x);
	assert_int_equal(X509_set_version(x, X509_VERSION_3), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial++), 1);
	n = X509_get_subject_name(x);
	assert_int_equal(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
						    (const unsigned char *)t->cn, -1, -1, 0),
			 1);
	assert_int_equal(X509_set_issuer_name(x, t->issuer ? X509_get_subject_name(t->issuer) : n),
			 1);
	assert_non_null(X509_gmtime_adj(X509_getm_notBefore(x), t->not_before));
	assert_non_null(X509_gmtime_adj(X509_getm_notAfter(x), t->not_after));
	assert_int_equal(X509_set_pubkey(x, t->key), 1);
	X509V3_set_ctx(&v, t->issuer ? t->issuer : x, x, NULL, NULL, 0);
	add_ext(x, &v, NID_basic_constraints, t->bc);
	add_ext(x, &v, NID_key_usage, t->ku);
	add_ext(x, &v, NID_subject_alt_name, t->san);
	assert_true(X509_sign(x, t->issuer_key ? t->issuer_key : t->key, EVP_sha256()) > 0);
	return x;
}

static uint8_t *chain_der(X509 *const *c, int n, size_t *len)
{
	uint8_t *buf = NULL, *p;
	size_t total = 0;

	for (int i = 0; i < n; i++)
		total += (size_t)i2d_X509(c[i], NULL);
	buf = malloc(total);
	assert_non_null(buf);
	p = buf;
	for (int i = 0; i < n; i++)
		assert_true(i2d_X509(c[i], &p) > 0);
	*len = total;
	return buf;
}

static const struct tc good_leaf = {
    .cn = "cspdm test leaf",
    .bc = "critical,CA:FALSE",
    .ku = "critical,digitalSignature,nonRepudiation",
    .san = "otherName:2.23.147;UTF8:" CMA_SAN,
    .not_before = -3600,
    .not_after = 86400,
};

/* root (P-256) -> leaf built from t; validate with base_asym and the CMA SAN. */
static cspdm_status gen_validate(const struct tc *t, uint32_t asym, const char *san, uint32_t *err)
{
	struct tc root_t = {
	    .cn = "cspdm test root",
	    .key = g_key[K_P256],
	    .bc = "critical,CA:TRUE",
	    .ku = "critical,keyCertSign,cRLSign",
	    .not_before = -3600,
	    .not_after = 86400,
	};
	struct tc leaf_t = *t;
	X509 *c[2];
	uint8_t *der;
	size_t len;
	cspdm_status st;

	c[0] = make_cert(&root_t);
	leaf_t.issuer = c[0];
	leaf_t.issuer_key = g_key[K_P256];
	if (!leaf_t.key)
		leaf_t.key = g_key[K_P384];
	c[1] = make_cert(&leaf_t);
	der = chain_der(c, 2, &len);
	st = validate(der, len, asym, san, err);
	free(der);
	X509_free(c[0]);
	X509_free(c[1]);
	return st;
}

static void test_gen_san(void **state)
{
	struct tc t = good_leaf;
	uint32_t err = 0;

	(void)state;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, CMA_SAN, &err), CSPDM_OK);
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err), CSPDM_OK);
	/* case differs */
	assert_int_equal(
	    gen_validate(&t, CSPDM_ASYM_ECDSA_P384,
			 "vendor=8086:Device=0b60:CC=010802:REV=01:SSVID=8086:SSID=0000", &err),
	    CSPDM_E_X509_SAN);
	assert_int_equal(err, 1);
	/* prefix only */
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, "Vendor=8086", &err),
			 CSPDM_E_X509_SAN);
	/* not a UTF8String */
	t.san = "otherName:2.23.147;IA5STRING:" CMA_SAN;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, CMA_SAN, &err), CSPDM_E_X509_SAN);
	/* another OID */
	t.san = "otherName:2.23.148;UTF8:" CMA_SAN;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, CMA_SAN, &err), CSPDM_E_X509_SAN);
	/* no SAN */
	t.san = NULL;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, CMA_SAN, &err), CSPDM_E_X509_SAN);
	/* several names, one of them right */
	t.san = "DNS:device.example, otherName:2.23.147;UTF8:" CMA_SAN;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, CMA_SAN, &err), CSPDM_OK);
}

static void test_gen_leaf_ca_and_key_usage(void **state)
{
	struct tc t = good_leaf;
	uint32_t err = 0;

	(void)state;
	t.bc = "critical,CA:TRUE";
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err), CSPDM_E_X509_CA);
	assert_int_equal(err, 1);
	t.bc = NULL; /* no basicConstraints: not a CA, fine */
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err), CSPDM_OK);
	t = good_leaf;
	t.ku = "critical,digitalSignature,keyCertSign";
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_KEY_USAGE);
	assert_int_equal(err, 1);
	t.ku = "critical,keyEncipherment";
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_KEY_USAGE);
	t.ku = NULL;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_KEY_USAGE);
}

static void test_gen_validity(void **state)
{
	struct tc t = good_leaf;
	uint32_t err = 0;

	(void)state;
	t.not_before = -2 * 86400;
	t.not_after = -86400;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_VALIDITY);
	assert_int_equal(err, 1);
	t.not_before = 86400;
	t.not_after = 2 * 86400;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_ECDSA_P384, NULL, &err),
			 CSPDM_E_X509_VALIDITY);
	assert_int_equal(err, 1);
}

static void test_gen_rsa1024_leaf(void **state)
{
	struct tc t = good_leaf;
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	uint32_t err = 0;

	(void)state;
	assert_non_null(k);
	t.key = k;
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_RSASSA_2048, NULL, &err), CSPDM_E_X509_KEY);
	assert_int_equal(err, 1);
	assert_int_equal(gen_validate(&t, 0, NULL, &err), CSPDM_E_X509_KEY);
	EVP_PKEY_free(k);
	/* an RSA-2048 leaf under the same root is fine */
	t.key = g_key[K_RSA2048];
	assert_int_equal(gen_validate(&t, CSPDM_ASYM_RSASSA_2048, NULL, &err), CSPDM_OK);
}

/* root -> intermediate without CA=true -> leaf */
static void test_gen_issuer_not_ca(void **state)
{
	struct tc root_t = {.cn = "root",
			    .key = g_key[K_P256],
			    .bc = "critical,CA:TRUE",
			    .ku = "keyCertSign",
			    .not_before = -60,
			    .not_after = 3600};
	struct tc mid_t = root_t, leaf_t = good_leaf;
	X509 *c[3];
	uint8_t *der;
	size_t len;
	uint32_t err = 0;

	(void)state;
	c[0] = make_cert(&root_t);
	mid_t.cn = "mid";
	mid_t.bc = "critical,CA:FALSE";
	mid_t.issuer = c[0];
	c[1] = make_cert(&mid_t);
	leaf_t.key = g_key[K_P384];
	leaf_t.issuer = c[1];
	leaf_t.issuer_key = g_key[K_P256];
	c[2] = make_cert(&leaf_t);
	der = chain_der(c, 3, &len);
	assert_int_equal(validate(der, len, CSPDM_ASYM_ECDSA_P384, NULL, &err), CSPDM_E_X509_CA);
	assert_int_equal(err, 1);
	free(der);
	for (int i = 0; i < 3; i++)
		X509_free(c[i]);
}

/* root built from root_t -> good leaf (P-384) */
static cspdm_status gen_root_validate(const struct tc *root_t, uint32_t *err)
{
	struct tc leaf_t = good_leaf;
	X509 *c[2];
	uint8_t *der;
	size_t len;
	cspdm_status st;

	c[0] = make_cert(root_t);
	leaf_t.key = g_key[K_P384];
	leaf_t.issuer = c[0];
	leaf_t.issuer_key = root_t->key;
	c[1] = make_cert(&leaf_t);
	der = chain_der(c, 2, &len);
	st = validate(der, len, CSPDM_ASYM_ECDSA_P384, NULL, err);
	free(der);
	X509_free(c[0]);
	X509_free(c[1]);
	return st;
}

/* The chain's own first certificate is the anchor, and it must still be a CA with RSA >= 2048. */
static void test_gen_root_policy(void **state)
{
	struct tc root_t = {.cn = "root",
			    .key = g_key[K_P256],
			    .bc = "critical,CA:TRUE",
			    .ku = "keyCertSign",
			    .not_before = -60,
			    .not_after = 3600};
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	uint32_t err = 0;

	(void)state;
	assert_non_null(k);
	assert_int_equal(gen_root_validate(&root_t, &err), CSPDM_OK);
	root_t.bc = "critical,CA:FALSE";
	assert_int_equal(gen_root_validate(&root_t, &err), CSPDM_E_X509_CA);
	assert_int_equal(err, 0);
	root_t.bc = NULL;
	assert_int_equal(gen_root_validate(&root_t, &err), CSPDM_E_X509_CA);
	assert_int_equal(err, 0);
	root_t.bc = "critical,CA:TRUE";
	root_t.key = k;
	assert_int_equal(gen_root_validate(&root_t, &err), CSPDM_E_X509_KEY);
	assert_int_equal(err, 0);
	root_t.key = g_key[K_RSA2048];
	assert_int_equal(gen_root_validate(&root_t, &err), CSPDM_OK);
	EVP_PKEY_free(k);
}

/* ---- certificate summary ------------------------------------------------------------------ */

static void test_cert_summary(void **state)
{
	struct tc t = good_leaf;
	char subj[128], san[256], tiny[12];
	size_t len;
	uint8_t *der = read_data("certs/ecp384/end_responder.cert.der", &len), *p;
	X509 *x;

	(void)state;
	assert_int_equal(cspdm_openssl_cert_summary(der, len, subj, sizeof(subj), san, sizeof(san)),
			 0);
	assert_string_equal(subj, "CN=DMTF libspdm ECP384 responder cert");
	assert_string_equal(san, "otherName:1.3.6.1.4.1.412.274.1;ACME:WIDGET:1234567890");
	assert_int_equal(
	    cspdm_openssl_cert_summary(der, len, subj, sizeof(subj), tiny, sizeof(tiny)), 0);
	assert_string_equal(tiny, "otherName:1");
	assert_int_equal(cspdm_openssl_cert_summary(der, 40, subj, sizeof(subj), san, sizeof(san)),
			 -1);
	assert_string_equal(subj, "");
	free(der);

	t.key = g_key[K_P256];
	t.san = "DNS:dev.example, otherName:2.23.147;UTF8:" CMA_SAN;
	x = make_cert(&t);
	len = (size_t)i2d_X509(x, NULL);
	der = p = malloc(len);
	assert_non_null(der);
	assert_int_equal(i2d_X509(x, &p), (int)len);
	assert_int_equal(cspdm_openssl_cert_summary(der, len, subj, sizeof(subj), san, sizeof(san)),
			 0);
	assert_string_equal(subj, "CN=cspdm test leaf");
	assert_string_equal(san, "DNS:dev.example, otherName:2.23.147;" CMA_SAN);
	X509_free(x);
	free(der);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hash_kat),
	    cmocka_unit_test(test_hash_empty_and_long),
	    cmocka_unit_test(test_hash_errors),
	    cmocka_unit_test(test_random),
	    cmocka_unit_test(test_sign_verify_all),
	    cmocka_unit_test(test_sign_verify_empty_message),
	    cmocka_unit_test(test_verify_garbage),
	    cmocka_unit_test(test_verify_key_mismatch),
	    cmocka_unit_test(test_ecdsa_format_interop),
	    cmocka_unit_test(test_rsa_pss_salt),
	    cmocka_unit_test(test_ed25519_kat),
	    cmocka_unit_test(test_load_key),
	    cmocka_unit_test(test_pubkey_from_cert),
	    cmocka_unit_test(test_x509_samples_no_store),
	    cmocka_unit_test(test_x509_samples_store),
	    cmocka_unit_test(test_x509_wrong_root),
	    cmocka_unit_test(test_x509_store_dir_and_partial),
	    cmocka_unit_test(test_trust_path_errors),
	    cmocka_unit_test(test_trust_dir_der_and_warnings),
	    cmocka_unit_test(test_x509_sample_san_rule),
	    cmocka_unit_test(test_x509_parse_errors),
	    cmocka_unit_test(test_x509_depth_and_key),
	    cmocka_unit_test(test_x509_bad_cert_signature),
	    cmocka_unit_test(test_gen_san),
	    cmocka_unit_test(test_gen_leaf_ca_and_key_usage),
	    cmocka_unit_test(test_gen_validity),
	    cmocka_unit_test(test_gen_rsa1024_leaf),
	    cmocka_unit_test(test_gen_issuer_not_ca),
	    cmocka_unit_test(test_gen_root_policy),
	    cmocka_unit_test(test_cert_summary),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
