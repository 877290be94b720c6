/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device identity for the responder and the emulator: generate a root CA -> intermediate CA ->
 * leaf chain with libcrypto, load a device's own chain and key, and keep one per algorithm and
 * slot in a state directory. See identity.h for the certificate profile.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "crypto/identity.h"
#include "crypto/openssl_priv.h"

#define CMA_SAN_OID   "2.23.147"
#define SERIAL_LEN    16
#define CA_YEARS      20
#define LEAF_YEARS    10
#define BACKDATE_SECS 3600

/* One supported algorithm: how to make its keys and which digest signs its certificates. */
struct id_alg {
	uint32_t asym;
	const char *type;	   /* EVP_PKEY_Q_keygen type */
	const char *curve;	   /* EC group, or NULL */
	size_t bits;		   /* RSA modulus bits, or 0 */
	const EVP_MD *(*md)(void); /* certificate signature digest; NULL for EdDSA */
};

/* RSASSA before RSAPSS: a plain RSA key loaded without a hint serves RSASSA. */
static const struct id_alg id_algs[] = {
    {CSPDM_ASYM_ECDSA_P256, "EC", "P-256", 0, EVP_sha384},
    {CSPDM_ASYM_ECDSA_P384, "EC", "P-384", 0, EVP_sha384},
    {CSPDM_ASYM_ECDSA_P521, "EC", "P-521", 0, EVP_sha512},
    {CSPDM_ASYM_RSASSA_2048, "RSA", NULL, 2048, EVP_sha384},
    {CSPDM_ASYM_RSAPSS_2048, "RSA", NULL, 2048, EVP_sha384},
    {CSPDM_ASYM_RSASSA_3072, "RSA", NULL, 3072, EVP_sha384},
    {CSPDM_ASYM_RSAPSS_3072, "RSA", NULL, 3072, EVP_sha384},
    {CSPDM_ASYM_RSASSA_4096, "RSA", NULL, 4096, EVP_sha512},
    {CSPDM_ASYM_RSAPSS_4096, "RSA", NULL, 4096, EVP_sha512},
    {CSPDM_ASYM_EDDSA_25519, "ED25519", NULL, 0, NULL},
    {CSPDM_ASYM_EDDSA_448, "ED448", NULL, 0, NULL},
};

#define NUM_ALGS (sizeof(id_algs) / sizeof(id_algs[0]))

static const struct id_alg *alg_find(uint32_t asym)
{
	size_t i;

	for (i = 0; i < NUM_ALGS; i++)
		if (id_algs[i].asym == asym)
			return &id_algs[i];
	return NULL;
}

/* Clear OpenSSL's error queue after a failure so it does not leak into later calls. */
static cspdm_status ossl_done(cspdm_status st)
{
	if (st != CSPDM_OK)
		ERR_clear_error();
	return st;
}

static EVP_PKEY *gen_key(const struct id_alg *a)
{
	if (a->bits)
		return EVP_PKEY_Q_keygen(NULL, NULL, a->type, a->bits);
	if (a->curve)
		return EVP_PKEY_Q_keygen(NULL, NULL, a->type, a->curve);
	return EVP_PKEY_Q_keygen(NULL, NULL, a->type);
}

/* ---- Certificate generation --------------------------------------------------------------- */

enum cert_role { ROLE_ROOT, ROLE_INTER, ROLE_LEAF };

/* What one certificate says and who signs it. */
struct cert_req {
	enum cert_role role;
	const char *cn;
	EVP_PKEY *key;	      /* subject key */
	X509 *issuer;	      /* NULL: self-signed */
	EVP_PKEY *issuer_key; /* signs the certificate */
	const EVP_MD *md;     /* NULL for EdDSA */
	const char *san;      /* PCIe CMA SAN for the leaf, or NULL */
};

/* A random positive serial of exactly SERIAL_LEN bytes (top bit clear, next bit set). */
static int set_serial(X509 *x)
{
	uint8_t b[SERIAL_LEN];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(b, sizeof(b)) != 1)
		return 0;
	b[0] = (uint8_t)((b[0] & 0x7f) | 0x40);
	bn = BN_bin2bn(b, sizeof(b), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok;
}

static int set_validity(X509 *x, int years)
{
	long days = (long)years * 365 + years / 4;

	return X509_gmtime_adj(X509_getm_notBefore(x), -BACKDATE_SECS) &&
	       X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, NULL);
}

static int set_names(X509 *x, const struct cert_req *r)
{
	X509_NAME *n = X509_NAME_new();
	int ok;

	ok = n &&
	     X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)r->cn, -1,
					-1, 0) == 1 &&
	     X509_set_subject_name(x, n) == 1 &&
	     X509_set_issuer_name(x, r->issuer ? X509_get_subject_name(r->issuer) : n) == 1;
	X509_NAME_free(n);
	return ok;
}

/* Add one extension from its OpenSSL config-string form ("critical,CA:TRUE", "hash", ...). */
static int add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_nconf_nid(NULL, ctx, nid, value);
	int ok = ext && X509_add_ext(x, ext, -1) == 1;

	X509_EXTENSION_free(ext);
	return ok;
}

/* otherName { type-id 2.23.147, value [0] UTF8String san }. */
static GENERAL_NAME *cma_othername(const char *san)
{
	GENERAL_NAME *gn = GENERAL_NAME_new();
	ASN1_OBJECT *oid = OBJ_txt2obj(CMA_SAN_OID, 1);
	ASN1_TYPE *val = ASN1_TYPE_new();
	ASN1_UTF8STRING *s = ASN1_UTF8STRING_new();
	size_t n = strlen(san);

	if (!gn || !oid || !val || !s || n > INT_MAX || ASN1_STRING_set(s, san, (int)n) != 1)
		goto fail;
	ASN1_TYPE_set(val, V_ASN1_UTF8STRING, s);
	s = NULL; /* owned by val */
	if (GENERAL_NAME_set0_othername(gn, oid, val) != 1)
		goto fail;
	return gn;
fail:
	ASN1_UTF8STRING_free(s);
	ASN1_TYPE_free(val);
	ASN1_OBJECT_free(oid);
	GENERAL_NAME_free(gn);
	return NULL;
}

static int add_cma_san(X509 *x, const char *san)
{
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	GENERAL_NAME *gn = cma_othername(san);
	int ok = 0;

	if (gens && gn && sk_GENERAL_NAME_push(gens, gn)) {
		gn = NULL; /* owned by gens */
		ok = X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) == 1;
	}
	GENERAL_NAME_free(gn);
	GENERAL_NAMES_free(gens);
	return ok;
}

static int add_role_exts(X509 *x, const struct cert_req *r)
{
	static const char *const bc[] = {"critical,CA:TRUE", "critical,CA:TRUE,pathlen:0",
					 "critical,CA:FALSE"};
	static const char *const ku[] = {"critical,keyCertSign,cRLSign",
					 "critical,keyCertSign,cRLSign,digitalSignature",
					 "critical,digitalSignature"};
	X509V3_CTX ctx;

	X509V3_set_ctx(&ctx, r->issuer ? r->issuer : x, x, NULL, NULL, 0);
	if (!add_ext(x, &ctx, NID_basic_constraints, bc[r->role]) ||
	    !add_ext(x, &ctx, NID_key_usage, ku[r->role]) ||
	    !add_ext(x, &ctx, NID_subject_key_identifier, "hash"))
		return 0;
	if (r->role != ROLE_ROOT && !add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always"))
		return 0;
	return r->role != ROLE_LEAF || !r->san || add_cma_san(x, r->san);
}

static X509 *make_cert(const struct cert_req *r)
{
	X509 *x = X509_new();

	if (!x || X509_set_version(x, X509_VERSION_3) != 1 || !set_serial(x) ||
	    !set_validity(x, r->role == ROLE_LEAF ? LEAF_YEARS : CA_YEARS) || !set_names(x, r) ||
	    X509_set_pubkey(x, r->key) != 1 || !add_role_exts(x, r) ||
	    X509_sign(x, r->issuer_key, r->md) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Concatenate the DER encodings of the certificates into a malloc'd buffer. */
static cspdm_status chain_der(STACK_OF(X509) * sk, uint8_t **out, size_t *out_len)
{
	int n = sk_X509_num(sk), i, len;
	size_t total = 0;
	unsigned char *p;

	for (i = 0; i < n; i++) {
		len = i2d_X509(sk_X509_value(sk, i), NULL);
		if (len <= 0)
			return CSPDM_E_CRYPTO;
		total += (size_t)len;
	}
	if (total == 0)
		return CSPDM_E_X509_PARSE;
	*out = malloc(total);
	if (!*out)
		return CSPDM_E_CRYPTO;
	p = *out;
	for (i = 0; i < n; i++) {
		if (i2d_X509(sk_X509_value(sk, i), &p) <= 0) {
			free(*out);
			*out = NULL;
			return CSPDM_E_CRYPTO;
		}
	}
	*out_len = total;
	return CSPDM_OK;
}

/* The root and intermediate CA of a generated identity: they sign its leaf, or many leaves. */
struct gen_ca {
	const struct id_alg *a;
	EVP_PKEY *key[ROLE_LEAF];
	X509 *cert[ROLE_LEAF];
};

static void gen_ca_free(struct gen_ca *ca)
{
	int i;

	for (i = 0; i < ROLE_LEAF; i++) {
		EVP_PKEY_free(ca->key[i]);
		X509_free(ca->cert[i]);
	}
	memset(ca, 0, sizeof(*ca));
}

/* One certificate of role, for key, signed by the role above (the root by itself). */
static X509 *gen_cert(const struct gen_ca *ca, enum cert_role role, const char *cn, EVP_PKEY *key,
		      const char *san)
{
	struct cert_req r;

	r.role = role;
	r.cn = cn;
	r.key = key;
	r.issuer = role == ROLE_ROOT ? NULL : ca->cert[role - 1];
	r.issuer_key = role == ROLE_ROOT ? key : ca->key[role - 1];
	r.md = ca->a->md ? ca->a->md() : NULL;
	r.san = san;
	return make_cert(&r);
}

static cspdm_status gen_ca_make(const struct id_alg *a, uint32_t asym, struct gen_ca *ca)
{
	char cn[80];
	int i;

	memset(ca, 0, sizeof(*ca));
	ca->a = a;
	for (i = ROLE_ROOT; i < ROLE_LEAF; i++) {
		if (i == ROLE_ROOT)
			(void)snprintf(cn, sizeof(cn), "cspdm emulated root CA (%s)",
				       cspdm_asym_name(asym));
		else
			(void)snprintf(cn, sizeof(cn), "cspdm emulated intermediate CA");
		ca->key[i] = gen_key(a);
		ca->cert[i] =
		    ca->key[i] ? gen_cert(ca, (enum cert_role)i, cn, ca->key[i], NULL) : NULL;
		if (!ca->cert[i])
			return CSPDM_E_CRYPTO;
	}
	return CSPDM_OK;
}

/* A leaf of its own key under ca, as a whole identity (root, intermediate, leaf). */
static cspdm_status gen_leaf(const struct gen_ca *ca, const char *cn, const char *san,
			     uint32_t asym, struct cspdm_identity *out)
{
	STACK_OF(X509) *sk = sk_X509_new_null();
	EVP_PKEY *key = gen_key(ca->a);
	X509 *leaf = key ? gen_cert(ca, ROLE_LEAF, cn, key, san) : NULL;
	cspdm_status st = CSPDM_E_CRYPTO;

	memset(out, 0, sizeof(*out));
	if (sk && leaf && sk_X509_push(sk, ca->cert[ROLE_ROOT]) &&
	    sk_X509_push(sk, ca->cert[ROLE_INTER]) && sk_X509_push(sk, leaf))
		st = chain_der(sk, &out->chain, &out->chain_len);
	if (st == CSPDM_OK) {
		out->asym = asym;
		out->key = key;
		key = NULL;
	}
	sk_X509_free(sk); /* the certificates are not the stack's */
	X509_free(leaf);
	EVP_PKEY_free(key);
	return st;
}

cspdm_status cspdm_identity_generate_fleet(uint32_t asym, const char *cma_san, uint8_t slot,
					   unsigned count, struct cspdm_identity *out)
{
	const struct id_alg *a = alg_find(asym);
	struct gen_ca ca;
	char cn[80];
	cspdm_status st;
	unsigned i;

	if (!out || !count)
		return CSPDM_E_INVALID_ARG;
	memset(out, 0, count * sizeof(*out));
	if (slot >= CSPDM_MAX_SLOTS)
		return CSPDM_E_INVALID_ARG;
	if (!a)
		return CSPDM_E_UNSUPPORTED;
	st = gen_ca_make(a, asym, &ca);
	for (i = 0; st == CSPDM_OK && i < count; i++) {
		if (count == 1)
			(void)snprintf(cn, sizeof(cn), "cspdm emulated device slot %u", slot);
		else
			(void)snprintf(cn, sizeof(cn), "cspdm emulated device %u slot %u", i, slot);
		st = gen_leaf(&ca, cn, cma_san, asym, &out[i]);
	}
	gen_ca_free(&ca);
	for (i = 0; st != CSPDM_OK && i < count; i++)
		cspdm_identity_free(&out[i]);
	return ossl_done(st);
}

cspdm_status cspdm_identity_generate(uint32_t asym, const char *cma_san, uint8_t slot,
				     struct cspdm_identity *out)
{
	return cspdm_identity_generate_fleet(asym, cma_san, slot, 1, out);
}

/* ---- Loading ------------------------------------------------------------------------------ */

/* The asym the key serves: asym_hint if it fits, else the first supported algorithm it fits. */
static cspdm_status key_asym(EVP_PKEY *key, uint32_t asym_hint, uint32_t *asym)
{
	size_t i;

	if (asym_hint) {
		*asym = asym_hint;
		return cspdm_ossl_key_fits(key, asym_hint);
	}
	for (i = 0; i < NUM_ALGS; i++) {
		if (cspdm_ossl_key_fits(key, id_algs[i].asym) == CSPDM_OK) {
			*asym = id_algs[i].asym;
			return CSPDM_OK;
		}
	}
	return CSPDM_E_X509_KEY;
}

static cspdm_status stack_to_identity(STACK_OF(X509) * sk, uint32_t asym_hint,
				      struct cspdm_identity *out)
{
	EVP_PKEY *pub = X509_get0_pubkey(sk_X509_value(sk, sk_X509_num(sk) - 1));

	if (!pub || EVP_PKEY_eq(pub, out->key) != 1)
		return CSPDM_E_X509_KEY;
	if (key_asym(out->key, asym_hint, &out->asym) != CSPDM_OK)
		return CSPDM_E_X509_KEY;
	return chain_der(sk, &out->chain, &out->chain_len);
}

/* The certificates of chain_file, then (with key_file) the key, into out. */
static cspdm_status load_files(const char *chain_file, const char *key_file, uint32_t asym_hint,
			       struct cspdm_identity *out)
{
	STACK_OF(X509) * sk;
	cspdm_status st;

	if (!out)
		return CSPDM_E_INVALID_ARG;
	memset(out, 0, sizeof(*out));
	if (!chain_file)
		return CSPDM_E_INVALID_ARG;
	sk = sk_X509_new_null();
	if (!sk)
		return ossl_done(CSPDM_E_CRYPTO);
	st = cspdm_ossl_file_certs(chain_file, sk);
	if (st == CSPDM_OK && key_file)
		st = cspdm_openssl_load_key(key_file, &out->key);
	if (st == CSPDM_OK)
		st = key_file ? stack_to_identity(sk, asym_hint, out)
			      : chain_der(sk, &out->chain, &out->chain_len);
	sk_X509_pop_free(sk, X509_free);
	if (st != CSPDM_OK)
		cspdm_identity_free(out);
	return ossl_done(st);
}

cspdm_status cspdm_identity_load(const char *chain_file, const char *key_file, uint32_t asym_hint,
				 struct cspdm_identity *out)
{
	if (!key_file) {
		if (out)
			memset(out, 0, sizeof(*out));
		return CSPDM_E_INVALID_ARG;
	}
	return load_files(chain_file, key_file, asym_hint, out);
}

cspdm_status cspdm_identity_load_certs(const char *chain_file, struct cspdm_identity *out)
{
	return load_files(chain_file, NULL, 0, out);
}

/* ---- Persistent state --------------------------------------------------------------------- */

struct id_paths {
	char dir[PATH_MAX];
	char chain[PATH_MAX];
	char key[PATH_MAX];
};

static cspdm_status make_paths(const char *state_dir, uint32_t asym, uint8_t slot,
			       struct id_paths *p)
{
	int n;

	n = snprintf(p->dir, sizeof(p->dir), "%s/%s/slot%u", state_dir, cspdm_asym_name(asym),
		     (unsigned int)slot);
	if (n < 0 || (size_t)n >= sizeof(p->dir))
		return CSPDM_E_INVALID_ARG;
	n = snprintf(p->chain, sizeof(p->chain), "%s/chain.der", p->dir);
	if (n < 0 || (size_t)n >= sizeof(p->chain))
		return CSPDM_E_INVALID_ARG;
	n = snprintf(p->key, sizeof(p->key), "%s/key.pem", p->dir);
	if (n < 0 || (size_t)n >= sizeof(p->key))
		return CSPDM_E_INVALID_ARG;
	return CSPDM_OK;
}

static int mkdir_one(const char *path)
{
	return mkdir(path, 0700) == 0 || errno == EEXIST;
}

/* mkdir -p; path is modified while walking and restored. */
static cspdm_status mkdir_p(char *path)
{
	char *s;

	for (s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (!mkdir_one(path)) {
			*s = '/';
			return CSPDM_E_IO;
		}
		*s = '/';
	}
	return mkdir_one(path) ? CSPDM_OK : CSPDM_E_IO;
}

static int write_all(int fd, const uint8_t *data, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		data += n;
		len -= (size_t)n;
	}
	return 1;
}

/* Write path.tmp with mode, then rename it over path. */
static cspdm_status write_file_atomic(const char *path, const uint8_t *data, size_t len,
				      mode_t mode)
{
	char tmp[PATH_MAX];
	int fd, ok, n;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return CSPDM_E_INVALID_ARG;
	if (unlink(tmp) != 0 && errno != ENOENT)
		return CSPDM_E_IO;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return CSPDM_E_IO;
	ok = write_all(fd, data, len) && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		return CSPDM_OK;
	unlink(tmp);
	return CSPDM_E_IO;
}

/* The private key as PKCS#8 PEM, built in a (secure-heap when available) memory BIO. */
static cspdm_status save_key(const char *path, EVP_PKEY *key)
{
	BIO *b = BIO_new(BIO_s_secmem());
	char *data = NULL;
	long n;
	cspdm_status st = CSPDM_E_CRYPTO;

	if (b && PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL) == 1) {
		n = BIO_get_mem_data(b, &data);
		if (n > 0 && data) {
			st = write_file_atomic(path, (const uint8_t *)data, (size_t)n, 0600);
			OPENSSL_cleanse(data, (size_t)n);
		}
	}
	BIO_free(b);
	return st;
}

static cspdm_status save_identity(struct id_paths *p, const struct cspdm_identity *id)
{
	cspdm_status st = mkdir_p(p->dir);

	/* chain.der last: its presence marks a complete identity. */
	if (st == CSPDM_OK)
		st = save_key(p->key, id->key);
	if (st == CSPDM_OK)
		st = write_file_atomic(p->chain, id->chain, id->chain_len, 0644);
	return st;
}

/* A stored identity must still pass cspdm's own policy for what the caller asks now. */
static cspdm_status check_stored(const struct cspdm_identity *id, const char *cma_san)
{
	struct cspdm_x509_params p = {.base_asym = id->asym, .expected_san = cma_san};
	struct cspdm_x509_result res = {0};
	uint32_t err = 0;
	cspdm_status st;

	st = cspdm_ossl_x509_validate(NULL, NULL, id->chain, id->chain_len, &p, &res, &err);
	EVP_PKEY_free(res.pubkey);
	return st;
}

cspdm_status cspdm_identity_load_or_generate(const char *state_dir, uint32_t asym,
					     const char *cma_san, uint8_t slot,
					     struct cspdm_identity *out)
{
	struct id_paths p;
	struct stat sb;
	cspdm_status st;

	if (!out)
		return CSPDM_E_INVALID_ARG;
	memset(out, 0, sizeof(*out));
	if (!state_dir || !*state_dir || slot >= CSPDM_MAX_SLOTS)
		return CSPDM_E_INVALID_ARG;
	if (!alg_find(asym))
		return CSPDM_E_UNSUPPORTED;
	st = make_paths(state_dir, asym, slot, &p);
	if (st != CSPDM_OK)
		return st;
	if (stat(p.chain, &sb) == 0) {
		st = cspdm_identity_load(p.chain, p.key, asym, out);
		if (st == CSPDM_OK)
			st = check_stored(out, cma_san);
	} else {
		st = cspdm_identity_generate(asym, cma_san, slot, out);
		if (st == CSPDM_OK)
			st = save_identity(&p, out);
	}
	if (st != CSPDM_OK)
		cspdm_identity_free(out);
	return ossl_done(st);
}

/* ---- Export and release ------------------------------------------------------------------- */

cspdm_status cspdm_identity_export_root(const struct cspdm_identity *id, const char *path)
{
	const unsigned char *p;
	X509 *root;
	BIO *b;
	cspdm_status st = CSPDM_E_IO;

	if (!id || !id->chain || !id->chain_len || !path)
		return CSPDM_E_INVALID_ARG;
	p = id->chain;
	root = d2i_X509(NULL, &p, (long)(id->chain_len > LONG_MAX ? LONG_MAX : id->chain_len));
	if (!root)
		return ossl_done(CSPDM_E_X509_PARSE);
	b = BIO_new_file(path, "w");
	if (b && PEM_write_bio_X509(b, root) == 1 && BIO_flush(b) == 1)
		st = CSPDM_OK;
	BIO_free(b);
	X509_free(root);
	return ossl_done(st);
}

void cspdm_identity_free(struct cspdm_identity *id)
{
	if (!id)
		return;
	free(id->chain);
	EVP_PKEY_free(id->key);
	memset(id, 0, sizeof(*id));
}
