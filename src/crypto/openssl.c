/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OpenSSL 3.0 backend of the crypto ops table (libcrypto, EVP API only): hashing, random,
 * SPDM signatures (DSP0274 "Signature generation": ECDSA r||s, RSASSA/RSASSA-PSS, pure EdDSA)
 * and private key loading. X.509 chain validation lives in x509_openssl.c, the session
 * cryptography (DHE, HMAC/HKDF, AEAD) in openssl_session.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/x509.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "crypto/openssl_priv.h"

#define NUM_MD	      6
#define ECDSA_DER_MAX 160 /* DER ECDSA-Sig-Value for P-521 is at most 141 bytes */
#define KEY_FILE_MAX  (1 << 20)

struct cspdm_openssl {
	struct cspdm_crypto_ops ops;
	EVP_MD *md[NUM_MD];		/* fetched once: SHA2-256/384/512, SHA3-256/384/512 */
	void *roots;			/* STACK_OF(X509) * of trusted roots, or NULL */
	struct cspdm_x509_cache *cache; /* the caller's, or NULL */
	struct cspdm_ossl_sess sess;
};

static const char *const md_names[NUM_MD] = {
    "SHA2-256", "SHA2-384", "SHA2-512", "SHA3-256", "SHA3-384", "SHA3-512",
};

enum asym_kind { K_RSA, K_PSS, K_EC, K_ED };

/* One SPDM BaseAsymAlgo: key type, size and signature format. */
struct asym_info {
	uint32_t bit;
	enum asym_kind kind;
	int param;	  /* RSA modulus bits, EC curve NID */
	uint16_t sig_len; /* SPDM signature size; for ECDSA 2 * field size */
	const char *type; /* EdDSA key type name */
};

static const struct asym_info asym_tab[] = {
    {CSPDM_ASYM_RSASSA_2048, K_RSA, 2048, 256, NULL},
    {CSPDM_ASYM_RSAPSS_2048, K_PSS, 2048, 256, NULL},
    {CSPDM_ASYM_RSASSA_3072, K_RSA, 3072, 384, NULL},
    {CSPDM_ASYM_RSAPSS_3072, K_PSS, 3072, 384, NULL},
    {CSPDM_ASYM_ECDSA_P256, K_EC, NID_X9_62_prime256v1, 64, NULL},
    {CSPDM_ASYM_RSASSA_4096, K_RSA, 4096, 512, NULL},
    {CSPDM_ASYM_RSAPSS_4096, K_PSS, 4096, 512, NULL},
    {CSPDM_ASYM_ECDSA_P384, K_EC, NID_secp384r1, 96, NULL},
    {CSPDM_ASYM_ECDSA_P521, K_EC, NID_secp521r1, 132, NULL},
    {CSPDM_ASYM_EDDSA_25519, K_ED, 0, 64, "ED25519"},
    {CSPDM_ASYM_EDDSA_448, K_ED, 0, 114, "ED448"},
};

static const struct asym_info *asym_find(uint32_t alg)
{
	size_t i;

	for (i = 0; i < sizeof(asym_tab) / sizeof(asym_tab[0]); i++)
		if (asym_tab[i].bit == alg)
			return &asym_tab[i];
	return NULL;
}

static int md_index(uint32_t alg)
{
	switch (alg) {
	case CSPDM_HASH_SHA_256:
		return 0;
	case CSPDM_HASH_SHA_384:
		return 1;
	case CSPDM_HASH_SHA_512:
		return 2;
	case CSPDM_HASH_SHA3_256:
		return 3;
	case CSPDM_HASH_SHA3_384:
		return 4;
	case CSPDM_HASH_SHA3_512:
		return 5;
	default:
		return -1;
	}
}

static const EVP_MD *md_get(const struct cspdm_openssl *o, uint32_t alg)
{
	int i = md_index(alg);

	return i < 0 ? NULL : o->md[i];
}

/* Clear OpenSSL's thread error queue after a failure so it does not leak into later calls. */
static cspdm_status ossl_done(cspdm_status st)
{
	if (st != CSPDM_OK)
		ERR_clear_error();
	return st;
}

cspdm_status cspdm_ossl_done(cspdm_status st)
{
	return ossl_done(st);
}

const EVP_MD *cspdm_ossl_md(const void *priv, uint32_t alg)
{
	return md_get(priv, alg);
}

const struct cspdm_ossl_sess *cspdm_ossl_sess_of(const void *priv)
{
	const struct cspdm_openssl *o = priv;

	return &o->sess;
}

/* ---- Key checks --------------------------------------------------------------------------- */

static int ec_curve_nid(EVP_PKEY *k)
{
	char name[64];
	size_t len = 0;
	int nid;

	if (EVP_PKEY_get_group_name(k, name, sizeof(name), &len) != 1)
		return NID_undef;
	nid = OBJ_sn2nid(name);
	if (nid == NID_undef)
		nid = EC_curve_nist2nid(name);
	return nid;
}

static int info_fits(EVP_PKEY *k, const struct asym_info *in)
{
	switch (in->kind) {
	case K_RSA:
		return EVP_PKEY_is_a(k, "RSA") && EVP_PKEY_get_bits(k) == in->param;
	case K_PSS:
		return (EVP_PKEY_is_a(k, "RSA") || EVP_PKEY_is_a(k, "RSA-PSS")) &&
		       EVP_PKEY_get_bits(k) == in->param;
	case K_EC:
		return EVP_PKEY_is_a(k, "EC") && ec_curve_nid(k) == in->param;
	case K_ED:
		return EVP_PKEY_is_a(k, in->type);
	}
	return 0;
}

cspdm_status cspdm_ossl_key_fits(void *pkey, uint32_t asym_alg)
{
	const struct asym_info *in = asym_find(asym_alg);
	size_t i;

	if (!pkey)
		return CSPDM_E_X509_KEY;
	if (in)
		return ossl_done(info_fits(pkey, in) ? CSPDM_OK : CSPDM_E_X509_KEY);
	if (asym_alg != 0)
		return CSPDM_E_X509_KEY;
	/* 0: any algorithm cspdm supports */
	for (i = 0; i < sizeof(asym_tab) / sizeof(asym_tab[0]); i++)
		if (info_fits(pkey, &asym_tab[i]))
			return CSPDM_OK;
	return ossl_done(CSPDM_E_X509_KEY);
}

/* ---- Hashing ------------------------------------------------------------------------------ */

static cspdm_status op_hash_init(void *priv, struct cspdm_hash *h, uint32_t alg)
{
	const EVP_MD *md = md_get(priv, alg);
	EVP_MD_CTX *ctx;

	h->alg = alg;
	h->impl = NULL;
	if (!md)
		return CSPDM_E_UNSUPPORTED;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return ossl_done(CSPDM_E_CRYPTO);
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return ossl_done(CSPDM_E_CRYPTO);
	}
	h->impl = ctx;
	return CSPDM_OK;
}

static cspdm_status op_hash_update(void *priv, struct cspdm_hash *h, const uint8_t *d, size_t n)
{
	(void)priv;
	if (!h->impl || (!d && n))
		return CSPDM_E_INVALID_ARG;
	if (n && EVP_DigestUpdate(h->impl, d, n) != 1)
		return ossl_done(CSPDM_E_CRYPTO);
	return CSPDM_OK;
}

static void op_hash_free(void *priv, struct cspdm_hash *h)
{
	(void)priv;
	EVP_MD_CTX_free(h->impl);
	h->impl = NULL;
}

static cspdm_status op_hash_final(void *priv, struct cspdm_hash *h, uint8_t *out)
{
	unsigned int len = 0;
	cspdm_status st = CSPDM_OK;

	if (!h->impl || !out)
		return CSPDM_E_INVALID_ARG;
	if (EVP_DigestFinal_ex(h->impl, out, &len) != 1)
		st = CSPDM_E_CRYPTO;
	op_hash_free(priv, h);
	return ossl_done(st);
}

/* ---- Random ------------------------------------------------------------------------------- */

static cspdm_status op_random(void *priv, uint8_t *out, size_t n)
{
	(void)priv;
	while (n > 0) {
		int chunk = n > INT_MAX ? INT_MAX : (int)n;

		if (RAND_bytes(out, chunk) != 1)
			return ossl_done(CSPDM_E_CRYPTO);
		out += chunk;
		n -= (size_t)chunk;
	}
	return CSPDM_OK;
}

/* ---- ECDSA signature format: SPDM r||s <-> DER ECDSA-Sig-Value ---------------------------- */

static int ecdsa_raw_to_der(const uint8_t *sig, size_t field, uint8_t *der, size_t *der_len)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)field, NULL);
	BIGNUM *s = BN_bin2bn(sig + field, (int)field, NULL);
	unsigned char *p = der;
	int n = -1;

	if (es && r && s && ECDSA_SIG_set0(es, r, s) == 1) {
		r = s = NULL; /* owned by es */
		n = i2d_ECDSA_SIG(es, NULL);
		if (n > 0 && n <= ECDSA_DER_MAX)
			n = i2d_ECDSA_SIG(es, &p);
		else
			n = -1;
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(es);
	if (n <= 0)
		return 0;
	*der_len = (size_t)n;
	return 1;
}

static int ecdsa_der_to_raw(const uint8_t *der, size_t der_len, uint8_t *sig, size_t field)
{
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	const BIGNUM *r = NULL, *s = NULL;
	int ok = 0;

	if (es) {
		ECDSA_SIG_get0(es, &r, &s);
		ok = BN_bn2binpad(r, sig, (int)field) == (int)field &&
		     BN_bn2binpad(s, sig + field, (int)field) == (int)field;
	}
	ECDSA_SIG_free(es);
	return ok;
}

/* ---- Signatures --------------------------------------------------------------------------- */

/* One signature operation, everything validated and the algorithm resolved. */
struct sig_op {
	EVP_PKEY *key;
	const struct asym_info *in;
	const EVP_MD *md; /* NULL for EdDSA */
	const uint8_t *data;
	size_t len;
	int prehashed;
};

/* Padding for RSA; the digest for a pre-hashed operation. */
static int pctx_setup(EVP_PKEY_CTX *pctx, const struct sig_op *op)
{
	if (op->prehashed && EVP_PKEY_CTX_set_signature_md(pctx, op->md) <= 0)
		return 0;
	if (op->in->kind == K_RSA)
		return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
	if (op->in->kind != K_PSS)
		return 1;
	return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
	       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) > 0 &&
	       EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, op->md) > 0;
}

static cspdm_status sig_op_check(struct sig_op *op, struct cspdm_openssl *o, void *key,
				 uint32_t asym_alg, uint32_t hash_alg)
{
	op->key = key;
	op->in = asym_find(asym_alg);
	op->md = NULL;
	if (!op->in)
		return CSPDM_E_UNSUPPORTED;
	if (!key || (!op->data && op->len))
		return CSPDM_E_INVALID_ARG;
	if (op->in->kind == K_ED && op->prehashed)
		return CSPDM_E_INVALID_ARG;
	if (op->in->kind != K_ED) {
		op->md = md_get(o, hash_alg);
		if (!op->md)
			return CSPDM_E_UNSUPPORTED;
		if (op->prehashed && op->len != (size_t)EVP_MD_get_size(op->md))
			return CSPDM_E_INVALID_ARG;
	}
	if (!op->data)
		op->data = (const uint8_t *)"";
	return cspdm_ossl_key_fits(key, asym_alg);
}

static cspdm_status verify_raw(const struct sig_op *op, const uint8_t *sig, size_t sig_len)
{
	EVP_PKEY_CTX *pctx = NULL;  /* ours, for a pre-hashed operation */
	EVP_PKEY_CTX *mpctx = NULL; /* owned by mctx */
	EVP_MD_CTX *mctx = NULL;
	cspdm_status st = CSPDM_E_CRYPTO;
	int ok;

	if (op->prehashed) {
		pctx = EVP_PKEY_CTX_new_from_pkey(NULL, op->key, NULL);
		if (!pctx || EVP_PKEY_verify_init(pctx) != 1 || !pctx_setup(pctx, op))
			goto out;
		ok = EVP_PKEY_verify(pctx, sig, sig_len, op->data, op->len);
	} else {
		mctx = EVP_MD_CTX_new();
		if (!mctx || EVP_DigestVerifyInit(mctx, &mpctx, op->md, NULL, op->key) != 1 ||
		    !pctx_setup(mpctx, op))
			goto out;
		ok = EVP_DigestVerify(mctx, sig, sig_len, op->data, op->len);
	}
	st = ok == 1 ? CSPDM_OK : CSPDM_E_SIGNATURE;
out:
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_CTX_free(pctx);
	return st;
}

static cspdm_status op_verify(void *priv, void *key, uint32_t asym_alg, uint32_t hash_alg,
			      const uint8_t *data, size_t len, int prehashed, const uint8_t *sig,
			      size_t sig_len)
{
	struct sig_op op = {.data = data, .len = len, .prehashed = prehashed};
	uint8_t der[ECDSA_DER_MAX];
	size_t der_len;
	cspdm_status st;

	st = sig_op_check(&op, priv, key, asym_alg, hash_alg);
	if (st != CSPDM_OK)
		return ossl_done(st);
	if (!sig || sig_len != op.in->sig_len)
		return CSPDM_E_SIGNATURE;
	if (op.in->kind != K_EC)
		return ossl_done(verify_raw(&op, sig, sig_len));
	if (!ecdsa_raw_to_der(sig, sig_len / 2, der, &der_len))
		return ossl_done(CSPDM_E_CRYPTO);
	return ossl_done(verify_raw(&op, der, der_len));
}

/* Sign into out (capacity *out_len); *out_len receives the length written. */
static cspdm_status sign_raw(const struct sig_op *op, uint8_t *out, size_t *out_len)
{
	EVP_PKEY_CTX *pctx = NULL;  /* ours, for a pre-hashed operation */
	EVP_PKEY_CTX *mpctx = NULL; /* owned by mctx */
	EVP_MD_CTX *mctx = NULL;
	cspdm_status st = CSPDM_E_CRYPTO;

	if (op->prehashed) {
		pctx = EVP_PKEY_CTX_new_from_pkey(NULL, op->key, NULL);
		if (pctx && EVP_PKEY_sign_init(pctx) == 1 && pctx_setup(pctx, op) &&
		    EVP_PKEY_sign(pctx, out, out_len, op->data, op->len) == 1)
			st = CSPDM_OK;
	} else {
		mctx = EVP_MD_CTX_new();
		if (mctx && EVP_DigestSignInit(mctx, &mpctx, op->md, NULL, op->key) == 1 &&
		    pctx_setup(mpctx, op) &&
		    EVP_DigestSign(mctx, out, out_len, op->data, op->len) == 1)
			st = CSPDM_OK;
	}
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_CTX_free(pctx);
	return st;
}

static cspdm_status op_sign(void *priv, void *key, uint32_t asym_alg, uint32_t hash_alg,
			    const uint8_t *data, size_t len, int prehashed, uint8_t *sig,
			    size_t sig_len)
{
	struct sig_op op = {.data = data, .len = len, .prehashed = prehashed};
	uint8_t der[ECDSA_DER_MAX];
	size_t out_len;
	cspdm_status st;

	st = sig_op_check(&op, priv, key, asym_alg, hash_alg);
	if (st != CSPDM_OK)
		return ossl_done(st);
	if (!sig || sig_len != op.in->sig_len)
		return CSPDM_E_INVALID_ARG;
	if (op.in->kind != K_EC) {
		out_len = sig_len;
		st = sign_raw(&op, sig, &out_len);
		if (st == CSPDM_OK && out_len != sig_len)
			st = CSPDM_E_CRYPTO;
		return ossl_done(st);
	}
	out_len = sizeof(der);
	st = sign_raw(&op, der, &out_len);
	if (st == CSPDM_OK && !ecdsa_der_to_raw(der, out_len, sig, sig_len / 2))
		st = CSPDM_E_CRYPTO;
	return ossl_done(st);
}

static void op_key_free(void *priv, void *key)
{
	(void)priv;
	EVP_PKEY_free(key);
}

static cspdm_status op_x509_validate(void *priv, const uint8_t *der, size_t len,
				     const struct cspdm_x509_params *p,
				     struct cspdm_x509_result *res, uint32_t *err_cert)
{
	const struct cspdm_openssl *o = priv;

	return ossl_done(cspdm_ossl_x509_validate(o->roots, o->cache, der, len, p, res, err_cert));
}

/* ---- Backend object ----------------------------------------------------------------------- */

static void fill_ops(struct cspdm_openssl *o)
{
	o->ops.priv = o;
	o->ops.hash_init = op_hash_init;
	o->ops.hash_update = op_hash_update;
	o->ops.hash_final = op_hash_final;
	o->ops.hash_free = op_hash_free;
	o->ops.random = op_random;
	o->ops.verify = op_verify;
	o->ops.x509_validate = op_x509_validate;
	o->ops.key_free = op_key_free;
	o->ops.sign = op_sign;
	cspdm_ossl_sess_fill_ops(&o->ops);
}

cspdm_status cspdm_openssl_new_ex(struct cspdm_openssl **out, const char *trust_path,
				  cspdm_trust_warn_fn warn, void *warn_priv, cspdm_error *err)
{
	struct cspdm_openssl *o;
	cspdm_status st;
	int i;

	if (err)
		memset(err, 0, sizeof(*err));
	if (!out)
		return CSPDM_E_INVALID_ARG;
	*out = NULL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return CSPDM_E_CRYPTO;
	/* A digest the providers lack stays NULL and reports CSPDM_E_UNSUPPORTED when used. */
	for (i = 0; i < NUM_MD; i++)
		o->md[i] = EVP_MD_fetch(NULL, md_names[i], NULL);
	cspdm_ossl_sess_init(&o->sess);
	ERR_clear_error();
	if (trust_path) {
		st = cspdm_ossl_load_roots(trust_path, &o->roots, warn, warn_priv, err);
		if (st != CSPDM_OK) {
			cspdm_openssl_free(o);
			return ossl_done(st);
		}
	}
	fill_ops(o);
	*out = o;
	return CSPDM_OK;
}

cspdm_status cspdm_openssl_new(struct cspdm_openssl **out, const char *trust_path)
{
	return cspdm_openssl_new_ex(out, trust_path, NULL, NULL, NULL);
}

const char *cspdm_openssl_version(void)
{
	return OpenSSL_version(OPENSSL_VERSION);
}

void cspdm_openssl_algorithms(uint32_t *base_asym, uint32_t *base_hash)
{
	static const uint32_t hash_bits[NUM_MD] = {CSPDM_HASH_SHA_256,	CSPDM_HASH_SHA_384,
						   CSPDM_HASH_SHA_512,	CSPDM_HASH_SHA3_256,
						   CSPDM_HASH_SHA3_384, CSPDM_HASH_SHA3_512};
	uint32_t asym = 0, hash = 0;
	EVP_MD *md;
	size_t i;

	for (i = 0; i < sizeof(asym_tab) / sizeof(asym_tab[0]); i++)
		asym |= asym_tab[i].bit;
	for (i = 0; i < NUM_MD; i++) {
		md = EVP_MD_fetch(NULL, md_names[i], NULL);
		hash |= md ? hash_bits[i] : 0;
		EVP_MD_free(md);
	}
	ERR_clear_error();
	if (base_asym)
		*base_asym = asym;
	if (base_hash)
		*base_hash = hash;
}

void cspdm_openssl_free(struct cspdm_openssl *o)
{
	int i;

	if (!o)
		return;
	for (i = 0; i < NUM_MD; i++)
		EVP_MD_free(o->md[i]);
	cspdm_ossl_sess_fini(&o->sess);
	cspdm_ossl_free_roots(o->roots);
	free(o);
}

void cspdm_openssl_set_cache(struct cspdm_openssl *o, struct cspdm_x509_cache *c)
{
	if (o)
		o->cache = c;
}

const struct cspdm_crypto_ops *cspdm_openssl_ops(struct cspdm_openssl *o)
{
	return o ? &o->ops : NULL;
}

/* ---- Private keys ------------------------------------------------------------------------- */

/* Read a whole (small) file with read(2), so no stdio buffer keeps a copy of key material. */
static cspdm_status read_secret_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat sb;
	size_t got = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return CSPDM_E_IO;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0 ||
	    sb.st_size > KEY_FILE_MAX) {
		close(fd);
		return CSPDM_E_INVALID_ARG;
	}
	*buf = malloc((size_t)sb.st_size);
	while (*buf && got < (size_t)sb.st_size) {
		n = read(fd, *buf + got, (size_t)sb.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (!*buf || got != (size_t)sb.st_size) {
		if (*buf)
			OPENSSL_cleanse(*buf, (size_t)sb.st_size);
		free(*buf);
		*buf = NULL;
		return CSPDM_E_IO;
	}
	*len = got;
	return CSPDM_OK;
}

static EVP_PKEY *decode_private_key(const uint8_t *buf, size_t len)
{
	EVP_PKEY *pkey = NULL;
	OSSL_DECODER_CTX *dctx;
	const unsigned char *p = buf;
	size_t left = len;

	dctx = OSSL_DECODER_CTX_new_for_pkey(&pkey, NULL, NULL, NULL, EVP_PKEY_KEYPAIR, NULL, NULL);
	if (!dctx)
		return NULL;
	if (OSSL_DECODER_from_data(dctx, &p, &left) != 1) {
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	return pkey;
}

cspdm_status cspdm_openssl_load_key(const char *path, void **key)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	EVP_PKEY *pkey;
	cspdm_status st;

	if (!path || !key)
		return CSPDM_E_INVALID_ARG;
	*key = NULL;
	st = read_secret_file(path, &buf, &len);
	if (st != CSPDM_OK)
		return st;
	pkey = decode_private_key(buf, len);
	OPENSSL_cleanse(buf, len);
	free(buf);
	if (!pkey)
		return ossl_done(CSPDM_E_INVALID_ARG);
	*key = pkey;
	return CSPDM_OK;
}

/* ---- public keys as SubjectPublicKeyInfo DER (saved identities) ---------------------------- */

cspdm_status cspdm_openssl_pubkey_to_spki(void *key, uint8_t *buf, size_t cap, size_t *len)
{
	unsigned char *p = buf;
	int n;

	if (!key || !len)
		return CSPDM_E_INVALID_ARG;
	n = i2d_PUBKEY(key, NULL);
	if (n <= 0)
		return ossl_done(CSPDM_E_CRYPTO);
	*len = (size_t)n;
	if (!buf)
		return CSPDM_OK;
	if ((size_t)n > cap)
		return CSPDM_E_BUFFER_TOO_SMALL;
	return i2d_PUBKEY(key, &p) == n ? CSPDM_OK : ossl_done(CSPDM_E_CRYPTO);
}

cspdm_status cspdm_openssl_pubkey_from_spki(const uint8_t *der, size_t len, void **key)
{
	const unsigned char *p = der;
	EVP_PKEY *k;

	if (!der || !key || len > LONG_MAX)
		return CSPDM_E_INVALID_ARG;
	k = d2i_PUBKEY(NULL, &p, (long)len);
	if (!k || p != der + len) {
		EVP_PKEY_free(k);
		return ossl_done(CSPDM_E_X509_KEY);
	}
	*key = k;
	return CSPDM_OK;
}

void cspdm_openssl_free_key(void *key)
{
	EVP_PKEY_free(key);
}
