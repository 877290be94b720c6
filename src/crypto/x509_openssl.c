/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * X.509 for the OpenSSL backend: trusted roots, SPDM certificate chain validation (path to a
 * root plus cspdm policy: CA flags, key usage, key type, PCIe CMA subjectAltName) and
 * certificate helpers for the CLI.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <strings.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "codec/certchain.h"
#include "crypto/openssl_priv.h"

#define DEFAULT_MAX_DEPTH 8
#define CHAIN_DIGESTS	  16 /* certificates of a chain whose digests are kept for the cache */
#define CERT_FILE_MAX	  (16 << 20)
#define MIN_RSA_BITS	  2048
/* PCIe Base 6.x CMA: otherName type-id for the device identity string. */
#define CMA_SAN_OID "2.23.147"

/* ---- Trusted roots --------------------------------------------------------------------------- */

/*
 * Append every certificate of a PEM stream; a malformed block fails the whole stream
 * (bad_block is returned then). Consumes (frees) b.
 */
cspdm_status cspdm_ossl_pem_certs(void *bio, void *stack, cspdm_status bad_block)
{
	BIO *b = bio;
	STACK_OF(X509) *sk = stack;
	unsigned long e;
	X509 *x;

	if (!b)
		return bad_block;
	ERR_clear_error();
	while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(sk, x)) {
			X509_free(x);
			BIO_free(b);
			return CSPDM_E_CRYPTO;
		}
	}
	BIO_free(b);
	e = ERR_peek_last_error();
	if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE) {
		ERR_clear_error();
		return CSPDM_OK; /* the end of the stream */
	}
	ERR_clear_error();
	return bad_block;
}

/* ---- Certificate files: PEM or DER ----------------------------------------------------------- */

/* Read a whole certificate file (not secret: stdio is fine). CSPDM_E_IO leaves errno set. */
static cspdm_status read_cert_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	cspdm_status st = CSPDM_E_IO;
	long n;
	int saved;

	*buf = NULL;
	if (!f)
		return CSPDM_E_IO;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		goto out;
	if (n == 0 || n > CERT_FILE_MAX) {
		st = n ? CSPDM_E_CERT_TOO_LARGE : CSPDM_E_X509_PARSE;
		goto out;
	}
	*buf = malloc((size_t)n);
	if (*buf && fread(*buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
		st = CSPDM_OK;
	} else {
		free(*buf);
		*buf = NULL;
	}
out:
	saved = errno;
	(void)fclose(f);
	errno = saved;
	return st;
}

static cspdm_status parse_der_certs(const uint8_t *buf, size_t len, STACK_OF(X509) * sk)
{
	const unsigned char *p = buf, *end = buf + len;
	X509 *x;

	while (p < end) {
		x = d2i_X509(NULL, &p, (long)(end - p));
		if (!x)
			return CSPDM_E_X509_PARSE;
		if (!sk_X509_push(sk, x)) {
			X509_free(x);
			return CSPDM_E_CRYPTO;
		}
	}
	return CSPDM_OK;
}

cspdm_status cspdm_ossl_file_certs(const char *path, void *stack)
{
	STACK_OF(X509) *sk = stack;
	int before = sk_X509_num(sk);
	uint8_t *buf = NULL;
	size_t len = 0;
	cspdm_status st = read_cert_file(path, &buf, &len);
	BIO *b;

	if (st != CSPDM_OK)
		return st;
	if (buf[0] == 0x30) {
		st = parse_der_certs(buf, len, sk);
	} else {
		b = BIO_new_mem_buf(buf, (int)len);
		st = b ? cspdm_ossl_pem_certs(b, sk, CSPDM_E_X509_PARSE) : CSPDM_E_CRYPTO;
	}
	free(buf);
	ERR_clear_error();
	if (st == CSPDM_OK && sk_X509_num(sk) == before)
		st = CSPDM_E_X509_PARSE;
	return st;
}

/* ---- Trust stores: a file, or a directory of certificate files ------------------------------- */

struct trust_load {
	const char *path;
	STACK_OF(X509) * sk;
	cspdm_trust_warn_fn warn;
	void *warn_priv;
	cspdm_error *err;
};

/* The names distributions' trust stores (and DMTF's sample keys) give certificate files. */
static int has_cert_suffix(const char *name)
{
	static const char *const suffixes[] = {".pem", ".crt", ".cer", ".cert", ".der"};
	size_t n = strlen(name), k, i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		k = strlen(suffixes[i]);
		if (n > k && strcasecmp(name + n - k, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

static cspdm_status trust_fail(struct trust_load *t, cspdm_status st, int os_error)
{
	if (t->err) {
		memset(t->err, 0, sizeof(*t->err));
		t->err->code = st;
		t->err->field = t->path;
		t->err->os_error = os_error;
	}
	return st;
}

static void trust_warn(const struct trust_load *t, const char *file, cspdm_status st)
{
	char why[160];

	if (!t->warn)
		return;
	if (st == CSPDM_E_IO)
		(void)snprintf(why, sizeof(why), "cannot be read: %s", strerror(errno));
	else if (st == CSPDM_E_X509_PARSE)
		(void)snprintf(why, sizeof(why), "not a PEM or DER certificate");
	else
		(void)snprintf(why, sizeof(why), "%s", cspdm_strerror(st));
	t->warn(t->warn_priv, file, why);
}

/* One directory entry: a regular file (or a link to one) with a certificate name. */
static cspdm_status trust_entry(struct trust_load *t, const char *name)
{
	char file[PATH_MAX];
	struct stat sb;
	cspdm_status st;

	if (!has_cert_suffix(name))
		return CSPDM_OK;
	if (snprintf(file, sizeof(file), "%s/%s", t->path, name) >= (int)sizeof(file))
		return CSPDM_OK; /* cannot be named: not a file of this directory */
	if (stat(file, &sb) != 0 || !S_ISREG(sb.st_mode))
		return CSPDM_OK;
	st = cspdm_ossl_file_certs(file, t->sk);
	if (st == CSPDM_E_CRYPTO)
		return st;
	if (st != CSPDM_OK)
		trust_warn(t, file, st);
	return CSPDM_OK;
}

static cspdm_status trust_dir(struct trust_load *t)
{
	DIR *d = opendir(t->path);
	struct dirent *de;
	cspdm_status st = CSPDM_OK;

	if (!d)
		return trust_fail(t, CSPDM_E_IO, errno);
	while (st == CSPDM_OK && (de = readdir(d)) != NULL)
		st = trust_entry(t, de->d_name);
	closedir(d);
	return st;
}

cspdm_status cspdm_ossl_load_roots(const char *path, void **roots, cspdm_trust_warn_fn warn,
				   void *warn_priv, cspdm_error *err)
{
	struct trust_load t = {path, NULL, warn, warn_priv, err};
	struct stat sb;
	cspdm_status st;

	*roots = NULL;
	if (!path)
		return trust_fail(&t, CSPDM_E_INVALID_ARG, 0);
	if (stat(path, &sb) != 0)
		return trust_fail(&t, CSPDM_E_IO, errno);
	t.sk = sk_X509_new_null();
	if (!t.sk)
		return trust_fail(&t, CSPDM_E_CRYPTO, 0);
	if (S_ISDIR(sb.st_mode)) {
		st = trust_dir(&t);
	} else {
		st = cspdm_ossl_file_certs(path, t.sk);
		if (st != CSPDM_OK)
			st = trust_fail(&t, st, st == CSPDM_E_IO ? errno : 0);
	}
	if (st == CSPDM_OK && sk_X509_num(t.sk) == 0)
		st = trust_fail(&t, CSPDM_E_X509_PARSE, 0);
	if (st != CSPDM_OK) {
		sk_X509_pop_free(t.sk, X509_free);
		return st;
	}
	*roots = t.sk;
	return CSPDM_OK;
}

void cspdm_ossl_free_roots(void *roots)
{
	sk_X509_pop_free(roots, X509_free);
}

/* ---- Chain parsing --------------------------------------------------------------------------- */

static X509 *parse_one(const uint8_t *der, size_t len, size_t *used)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)(len > LONG_MAX ? LONG_MAX : len));

	if (x)
		*used = (size_t)(p - der);
	return x;
}

/* The presented chain, root first; with a cache, the SHA-256 of each certificate's DER. */
struct chain {
	STACK_OF(X509) * sk;
	struct cspdm_x509_cache *cache;
	uint8_t has_digest[CHAIN_DIGESTS];
	uint8_t digest[CHAIN_DIGESTS][CSPDM_X509_DIGEST_SIZE];
};

/*
 * The certificate at the start of der (len: the rest of the chain): the cache's parsed copy
 * when its digest is known, else parsed (and then kept in the cache). Without a cache, or a
 * certificate whose DER framing cspdm does not know, parsed as it always was.
 */
static X509 *chain_cert(struct chain *c, uint32_t idx, const uint8_t *der, size_t len, size_t *used)
{
	uint8_t *dg = idx < CHAIN_DIGESTS ? c->digest[idx] : NULL;
	size_t n = 0;
	X509 *x;

	if (!c->cache || !dg || spdm_der_cert_len(der, len, &n, NULL) != CSPDM_OK ||
	    cspdm_x509_cache_digest(c->cache, der, n, dg) != CSPDM_OK)
		return parse_one(der, len, used);
	x = cspdm_x509_cache_get(c->cache, dg);
	if (x) {
		*used = n;
	} else {
		x = parse_one(der, len, used);
		if (!x || *used != n)
			return x;
		cspdm_x509_cache_put(c->cache, dg, x);
	}
	c->has_digest[idx] = 1;
	return x;
}

/* Split concatenated DER certificates (root first); every byte must belong to one. */
static cspdm_status parse_chain(const uint8_t *der, size_t len, uint32_t max, struct chain *c,
				uint32_t *err_cert)
{
	size_t off = 0, used = 0;
	uint32_t idx = 0;
	X509 *x;

	if (!der || len == 0)
		return CSPDM_E_X509_PARSE;
	for (; off < len; off += used, idx++) {
		*err_cert = idx;
		if (idx >= max)
			return CSPDM_E_X509_DEPTH;
		x = chain_cert(c, idx, der + off, len - off, &used);
		if (!x || used == 0) {
			X509_free(x);
			return CSPDM_E_X509_PARSE;
		}
		if (!sk_X509_push(c->sk, x)) {
			X509_free(x);
			return CSPDM_E_CRYPTO;
		}
	}
	return CSPDM_OK;
}

/* ---- What X509_verify_cert says -------------------------------------------------------------- */

static cspdm_status map_verify_error(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
	case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
	case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
		return CSPDM_E_X509_VALIDITY;
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
	case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
		return CSPDM_E_X509_SIGNATURE;
	case X509_V_ERR_INVALID_CA:
	case X509_V_ERR_PATH_LENGTH_EXCEEDED:
	case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
		return CSPDM_E_X509_CA;
	case X509_V_ERR_CERT_CHAIN_TOO_LONG:
		return CSPDM_E_X509_DEPTH;
	case X509_V_ERR_EE_KEY_TOO_SMALL:
	case X509_V_ERR_CA_KEY_TOO_SMALL:
	case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
		return CSPDM_E_X509_KEY;
	default: /* no issuer, self-signed not trusted, untrusted, ... */
		return CSPDM_E_X509_UNTRUSTED;
	}
}

/* ---- Signatures and validity, with the cache ------------------------------------------------- */

/*
 * X509_verify_cert builds the path and checks trust, CA rules, path length and the rest; then
 * its verify step checks each certificate's signature by its issuer and the validity times.
 * With a cache, that step is this one: it does what OpenSSL 3's internal_verify does, in the
 * same order with the same errors and callbacks, except that a CA certificate's signature
 * whose (certificate, issuer) digests the cache knows verified is not computed again, and one
 * that verifies is remembered. The leaf's signature (depth 0) is always computed.
 */

/* A failure at depth: the verify callback decides (1: go on, 0: stop). */
static int vfy_fail(X509_STORE_CTX *ctx, X509 *x, int depth, int err)
{
	X509_STORE_CTX_set_error_depth(ctx, depth);
	X509_STORE_CTX_set_current_cert(ctx, x);
	X509_STORE_CTX_set_error(ctx, err);
	return X509_STORE_CTX_get_verify_cb(ctx)(0, ctx);
}

static int vfy_time(X509_STORE_CTX *ctx, X509 *x, int depth)
{
	X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);
	unsigned long fl = X509_VERIFY_PARAM_get_flags(vp);
	time_t t, *pt = NULL;
	int i;

	if (fl & X509_V_FLAG_USE_CHECK_TIME) {
		t = X509_VERIFY_PARAM_get_time(vp);
		pt = &t;
	} else if (fl & X509_V_FLAG_NO_CHECK_TIME) {
		return 1;
	}
	i = X509_cmp_time(X509_get0_notBefore(x), pt);
	if ((i == 0 && !vfy_fail(ctx, x, depth, X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD)) ||
	    (i > 0 && !vfy_fail(ctx, x, depth, X509_V_ERR_CERT_NOT_YET_VALID)))
		return 0;
	i = X509_cmp_time(X509_get0_notAfter(x), pt);
	return !((i == 0 && !vfy_fail(ctx, x, depth, X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD)) ||
		 (i < 0 && !vfy_fail(ctx, x, depth, X509_V_ERR_CERT_HAS_EXPIRED)));
}

/* The digest of a certificate of the path: the presented one's, else computed (a store root). */
static int digest_of(const struct chain *c, const X509 *x, uint8_t *out)
{
	int i;

	for (i = 0; i < sk_X509_num(c->sk) && i < CHAIN_DIGESTS; i++) {
		if (c->has_digest[i] &&
		    (sk_X509_value(c->sk, i) == x || !X509_cmp(sk_X509_value(c->sk, i), x))) {
			memcpy(out, c->digest[i], CSPDM_X509_DIGEST_SIZE);
			return 1;
		}
	}
	return cspdm_x509_cache_digest_cert(c->cache, x, out) == CSPDM_OK;
}

/* The signature on xs (at depth n) by xi. */
static int vfy_sig(X509_STORE_CTX *ctx, const struct chain *c, X509 *xs, X509 *xi, int n)
{
	unsigned long fl = X509_VERIFY_PARAM_get_flags(X509_STORE_CTX_get0_param(ctx));
	uint8_t ds[CSPDM_X509_DIGEST_SIZE], di[CSPDM_X509_DIGEST_SIZE];
	EVP_PKEY *pkey;
	int cached;

	/* a self-signed certificate's own signature only if asked for, as OpenSSL does */
	if (xs == xi &&
	    !((fl & X509_V_FLAG_CHECK_SS_SIGNATURE) && (X509_get_extension_flags(xi) & EXFLAG_SS)))
		return 1;
	pkey = X509_get0_pubkey(xi);
	if (!pkey)
		return vfy_fail(ctx, xi, xi != xs ? n + 1 : n,
				X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY);
	cached = n > 0 && digest_of(c, xs, ds) && digest_of(c, xi, di);
	if (cached && cspdm_x509_cache_verified(c->cache, ds, di))
		return 1;
	if (X509_verify(xs, pkey) <= 0)
		return vfy_fail(ctx, xs, n, X509_V_ERR_CERT_SIGNATURE_FAILURE);
	if (cached)
		cspdm_x509_cache_set_verified(c->cache, ds, di);
	return 1;
}

/* Success at depth n: the callback hears of it too. */
static int vfy_ok(X509_STORE_CTX *ctx, X509 *xs, int n)
{
	X509_STORE_CTX_set_current_cert(ctx, xs);
	X509_STORE_CTX_set_error_depth(ctx, n);
	return X509_STORE_CTX_get_verify_cb(ctx)(1, ctx);
}

/* The verify step of X509_verify_cert (X509_STORE_CTX_set_verify), over ctx's built path. */
static int cached_verify(X509_STORE_CTX *ctx)
{
	const struct chain *c = X509_STORE_CTX_get_app_data(ctx);
	STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
	unsigned long fl = X509_VERIFY_PARAM_get_flags(X509_STORE_CTX_get0_param(ctx));
	int n = sk_X509_num(path) - 1, skip = 0;
	X509 *xi = sk_X509_value(path, n), *xs = xi;

	if (!X509_STORE_CTX_get_check_issued(ctx)(ctx, xi, xi)) {
		if (fl & X509_V_FLAG_PARTIAL_CHAIN) {
			skip = 1; /* a trust anchor that is not self-issued: nothing signs it */
		} else if (n <= 0) {
			if (!vfy_fail(ctx, xi, 0, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE))
				return 0;
			skip = 1;
		} else {
			xs = sk_X509_value(path, --n);
		}
	}
	for (; n >= 0; n--) {
		if ((!skip && !vfy_sig(ctx, c, xs, xi, n)) || !vfy_time(ctx, xs, n) ||
		    !vfy_ok(ctx, xs, n))
			return 0;
		skip = 0;
		if (n > 0) {
			xi = xs;
			xs = sk_X509_value(path, n - 1);
		}
	}
	return 1;
}

/* ---- Path validation ------------------------------------------------------------------------- */

static cspdm_status verify_with(STACK_OF(X509) * roots, const struct chain *c, uint32_t *err_cert);

/*
 * Roots can share a subject (DMTF's sample ca.cert and ca1.cert do) and an issuer without an
 * authority key identifier can't tell them apart, so OpenSSL may try the wrong one. When the
 * chain carries a root that is in the store, anchor on exactly that one; otherwise try each
 * trusted root alone until one works, and report the first failure if none does.
 */
static cspdm_status verify_path(STACK_OF(X509) * roots, const struct chain *c, uint32_t *err_cert)
{
	STACK_OF(X509) * one;
	cspdm_status st, first = CSPDM_E_X509_UNTRUSTED;
	uint32_t bad = 0, first_bad = 0;
	int i;

	if (!roots)
		return verify_with(NULL, c, err_cert);
	one = sk_X509_new_null();
	if (!one)
		return CSPDM_E_CRYPTO;
	for (i = 0; i < sk_X509_num(roots); i++)
		if (!X509_cmp(sk_X509_value(roots, i), sk_X509_value(c->sk, 0)))
			break;
	if (i < sk_X509_num(roots) && sk_X509_push(one, sk_X509_value(roots, i))) {
		st = verify_with(one, c, err_cert);
		sk_X509_free(one);
		return st;
	}
	for (i = 0; i < sk_X509_num(roots); i++) {
		sk_X509_zero(one);
		if (!sk_X509_push(one, sk_X509_value(roots, i)))
			break;
		st = verify_with(one, c, &bad);
		if (st == CSPDM_OK) {
			sk_X509_free(one);
			return CSPDM_OK;
		}
		/* a root that doesn't sign the chain only says "not this one"; keep a real
		 * failure (validity, CA, key) of a root that does */
		if (st != CSPDM_E_X509_SIGNATURE && st != CSPDM_E_X509_UNTRUSTED &&
		    first == CSPDM_E_X509_UNTRUSTED) {
			first = st;
			first_bad = bad;
		}
	}
	sk_X509_free(one);
	*err_cert = first_bad;
	return first;
}

/* Run X509_verify_cert: leaf = last, anchors = roots or the chain's first certificate. */
static cspdm_status verify_with(STACK_OF(X509) * roots, const struct chain *c, uint32_t *err_cert)
{
	STACK_OF(X509) *chain = c->sk;
	int n = sk_X509_num(chain), i, depth;
	STACK_OF(X509) *anchors = roots ? roots : sk_X509_new_null();
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	cspdm_status st = CSPDM_E_CRYPTO;

	if (!anchors || !untrusted || !ctx ||
	    (!roots && !sk_X509_push(anchors, sk_X509_value(chain, 0))))
		goto out;
	for (i = roots ? 0 : 1; i < n - 1; i++)
		if (!sk_X509_push(untrusted, sk_X509_value(chain, i)))
			goto out;
	if (X509_STORE_CTX_init(ctx, NULL, sk_X509_value(chain, n - 1), untrusted) != 1)
		goto out;
	X509_STORE_CTX_set0_trusted_stack(ctx, anchors);
	/* Any certificate of the store (or the chain's first) may be the anchor; no purpose. */
	X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_PARTIAL_CHAIN);
	if (c->cache && X509_STORE_CTX_set_app_data(ctx, (void *)c) == 1)
		X509_STORE_CTX_set_verify(ctx, cached_verify);
	if (X509_verify_cert(ctx) == 1) {
		st = CSPDM_OK;
	} else if (X509_STORE_CTX_get_error(ctx) != X509_V_OK) {
		st = map_verify_error(X509_STORE_CTX_get_error(ctx));
		depth = X509_STORE_CTX_get_error_depth(ctx);
		*err_cert = depth >= 0 && depth < n ? (uint32_t)(n - 1 - depth) : 0;
	}
out:
	X509_STORE_CTX_free(ctx);
	sk_X509_free(untrusted);
	if (anchors != roots)
		sk_X509_free(anchors);
	return st;
}

/* ---- cspdm policy ---------------------------------------------------------------------------- */

static int rsa_too_small(X509 *x)
{
	EVP_PKEY *k = X509_get0_pubkey(x);

	if (!k || !(EVP_PKEY_is_a(k, "RSA") || EVP_PKEY_is_a(k, "RSA-PSS")))
		return 0;
	return EVP_PKEY_get_bits(k) < MIN_RSA_BITS;
}

/* Is the otherName the PCIe CMA identity, a UTF8String equal to want byte for byte? */
static int cma_name_matches(const OTHERNAME *on, const char *want)
{
	char oid[32];
	const ASN1_STRING *s;
	size_t n = strlen(want);

	if (!on || !on->type_id || !on->value)
		return 0;
	if (OBJ_obj2txt(oid, sizeof(oid), on->type_id, 1) <= 0 || strcmp(oid, CMA_SAN_OID) != 0)
		return 0;
	if (on->value->type != V_ASN1_UTF8STRING)
		return 0;
	s = on->value->value.utf8string;
	return s && (size_t)ASN1_STRING_length(s) == n &&
	       memcmp(ASN1_STRING_get0_data(s), want, n) == 0;
}

static cspdm_status check_san(X509 *leaf, const char *want)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	cspdm_status st = CSPDM_E_X509_SAN;
	int i;

	for (i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

		if (g->type == GEN_OTHERNAME && cma_name_matches(g->d.otherName, want))
			st = CSPDM_OK;
	}
	GENERAL_NAMES_free(gens);
	return st;
}

static cspdm_status check_leaf(X509 *leaf, const struct cspdm_x509_params *p)
{
	uint32_t flags = X509_get_extension_flags(leaf);
	uint32_t ku;

	if (flags & EXFLAG_CA)
		return CSPDM_E_X509_CA;
	/* PCIe CMA requires keyUsage; SPDM requires digitalSignature and no keyCertSign. */
	if (!(flags & EXFLAG_KUSAGE))
		return CSPDM_E_X509_KEY_USAGE;
	ku = X509_get_key_usage(leaf);
	if (!(ku & KU_DIGITAL_SIGNATURE) || (ku & KU_KEY_CERT_SIGN))
		return CSPDM_E_X509_KEY_USAGE;
	if (cspdm_ossl_key_fits(X509_get0_pubkey(leaf), p->base_asym) != CSPDM_OK)
		return CSPDM_E_X509_KEY;
	if (p->expected_san)
		return check_san(leaf, p->expected_san);
	return CSPDM_OK;
}

static cspdm_status check_policy(STACK_OF(X509) * chain, const struct cspdm_x509_params *p,
				 uint32_t *err_cert)
{
	int n = sk_X509_num(chain), i;
	X509 *x;

	for (i = 0; i < n; i++) {
		x = sk_X509_value(chain, i);
		*err_cert = (uint32_t)i;
		if (X509_get_extension_flags(x) & EXFLAG_INVALID)
			return CSPDM_E_X509_PARSE;
		if (rsa_too_small(x))
			return CSPDM_E_X509_KEY;
		if (i < n - 1 && !(X509_get_extension_flags(x) & EXFLAG_CA))
			return CSPDM_E_X509_CA;
	}
	return check_leaf(sk_X509_value(chain, n - 1), p);
}

cspdm_status cspdm_ossl_x509_validate(void *roots, struct cspdm_x509_cache *cache,
				      const uint8_t *der, size_t len,
				      const struct cspdm_x509_params *p,
				      struct cspdm_x509_result *res, uint32_t *err_cert)
{
	struct chain c;
	uint32_t err = 0;
	cspdm_status st;

	if (!p || !res)
		return CSPDM_E_INVALID_ARG;
	res->trusted = 0;
	res->pubkey = NULL;
	memset(&c, 0, sizeof(c));
	c.cache = cache;
	c.sk = sk_X509_new_null();
	if (!c.sk)
		return CSPDM_E_CRYPTO;
	st = parse_chain(der, len, p->max_depth ? p->max_depth : DEFAULT_MAX_DEPTH, &c, &err);
	if (st == CSPDM_OK)
		st = verify_path(roots, &c, &err);
	if (st == CSPDM_OK)
		st = check_policy(c.sk, p, &err);
	if (st == CSPDM_OK) {
		res->pubkey = X509_get_pubkey(sk_X509_value(c.sk, sk_X509_num(c.sk) - 1));
		res->trusted = roots != NULL;
		if (!res->pubkey)
			st = CSPDM_E_X509_KEY;
	}
	sk_X509_pop_free(c.sk, X509_free);
	if (st != CSPDM_OK) {
		res->trusted = 0;
		if (err_cert)
			*err_cert = err;
	}
	return st;
}

/* ---- Helpers for the CLI --------------------------------------------------------------------- */

cspdm_status cspdm_openssl_pubkey_from_cert(const uint8_t *der, size_t len, void **key)
{
	size_t used = 0;
	X509 *x;

	if (!der || !key)
		return CSPDM_E_INVALID_ARG;
	*key = NULL;
	x = parse_one(der, len, &used);
	if (!x || used != len) {
		X509_free(x);
		ERR_clear_error();
		return CSPDM_E_X509_PARSE;
	}
	*key = X509_get_pubkey(x);
	X509_free(x);
	if (!*key) {
		ERR_clear_error();
		return CSPDM_E_X509_KEY;
	}
	return CSPDM_OK;
}

/* A bounded, always NUL-terminated string that escapes what is not printable ASCII. */
struct outbuf {
	char *p;
	size_t cap, len;
};

static void out_raw(struct outbuf *o, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && o->len + 1 < o->cap; i++)
		o->p[o->len++] = s[i];
	if (o->cap)
		o->p[o->len] = '\0';
}

static void out_str(struct outbuf *o, const char *s)
{
	out_raw(o, s, strlen(s));
}

/* Printable ASCII passes; anything else (and a backslash, if asked) becomes \xHH. */
static void out_escaped(struct outbuf *o, const unsigned char *s, size_t n, int esc_backslash)
{
	char hex[8];
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && !(esc_backslash && s[i] == '\\')) {
			out_raw(o, (const char *)&s[i], 1);
		} else {
			(void)snprintf(hex, sizeof(hex), "\\x%02x", s[i]);
			out_str(o, hex);
		}
	}
}

static void out_asn1_string(struct outbuf *o, const ASN1_STRING *s)
{
	if (s)
		out_escaped(o, ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s), 1);
}

static void out_othername(struct outbuf *o, const OTHERNAME *on)
{
	char oid[80], tag[32];
	int t;

	if (!on || !on->type_id || !on->value ||
	    OBJ_obj2txt(oid, sizeof(oid), on->type_id, 1) <= 0) {
		out_str(o, "otherName:?");
		return;
	}
	out_str(o, "otherName:");
	out_str(o, oid);
	out_str(o, ";");
	t = on->value->type;
	if (t == V_ASN1_UTF8STRING || t == V_ASN1_IA5STRING || t == V_ASN1_PRINTABLESTRING ||
	    t == V_ASN1_VISIBLESTRING) {
		out_asn1_string(o, on->value->value.asn1_string);
	} else {
		(void)snprintf(tag, sizeof(tag), "<ASN.1 type %d>", t);
		out_str(o, tag);
	}
}

static void out_general_name(struct outbuf *o, const GENERAL_NAME *g)
{
	switch (g->type) {
	case GEN_OTHERNAME:
		out_othername(o, g->d.otherName);
		break;
	case GEN_DNS:
		out_str(o, "DNS:");
		out_asn1_string(o, g->d.dNSName);
		break;
	case GEN_URI:
		out_str(o, "URI:");
		out_asn1_string(o, g->d.uniformResourceIdentifier);
		break;
	case GEN_EMAIL:
		out_str(o, "email:");
		out_asn1_string(o, g->d.rfc822Name);
		break;
	default:
		out_str(o, "other");
		break;
	}
}

static void summary_san(X509 *x, struct outbuf *o)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	int i;

	for (i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
		if (i)
			out_str(o, ", ");
		out_general_name(o, sk_GENERAL_NAME_value(gens, i));
	}
	GENERAL_NAMES_free(gens);
}

static int summary_subject(X509 *x, struct outbuf *o)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data = NULL;
	long n;
	int rc = -1;

	/* RFC 2253 escaping keeps device-chosen bytes printable. */
	if (b && X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253) >= 0) {
		n = BIO_get_mem_data(b, &data);
		if (n >= 0) {
			out_escaped(o, (const unsigned char *)data, (size_t)n, 0);
			rc = 0;
		}
	}
	BIO_free(b);
	return rc;
}

/* Subject and SAN of x into the caller's buffers (always NUL-terminated). */
static int summarize(X509 *x, char *subject, size_t subject_cap, char *san, size_t san_cap)
{
	struct outbuf so = {subject, subject_cap, 0}, ao = {san, san_cap, 0};
	int rc;

	out_str(&so, "");
	out_str(&ao, "");
	if (!x) {
		ERR_clear_error();
		return -1;
	}
	rc = summary_subject(x, &so);
	summary_san(x, &ao);
	ERR_clear_error();
	return rc;
}

int cspdm_openssl_cert_summary(const uint8_t *der, size_t len, char *subject, size_t subject_cap,
			       char *san, size_t san_cap)
{
	size_t used = 0;
	X509 *x = der ? parse_one(der, len, &used) : NULL;
	int rc = summarize(x, subject, subject_cap, san, san_cap);

	X509_free(x);
	return rc;
}

int cspdm_x509_cache_cert_summary(struct cspdm_x509_cache *c, const uint8_t *der, size_t len,
				  char *subject, size_t subject_cap, char *san, size_t san_cap)
{
	struct chain one;
	size_t used = 0;
	X509 *x = NULL;
	int rc;

	memset(&one, 0, sizeof(one));
	one.cache = c;
	if (der)
		x = chain_cert(&one, 0, der, len, &used);
	rc = summarize(x, subject, subject_cap, san, san_cap);
	X509_free(x);
	return rc;
}
