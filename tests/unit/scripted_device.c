/* SPDX-License-Identifier: BSD-3-Clause */
/* The scripted device (see scripted_device.h). Included by the test files that use it. */
#include "scripted_device.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "codec/spdm.h"
#include "core/transcript.h"
#include "crypto/crypto.h"

#define SD_CHALLENGE_CONTEXT "responder-challenge_auth signing"
#define SD_CERT_RSP_HEADER   8
#define SD_MAX_PAD	     3 /* accept PCI DOE padding after requests */

/* ---- keys and certificates ---------------------------------------------------------------- */

static int sd_add_ext(X509 *x, X509V3_CTX *v, int nid, const char *val)
{
	X509_EXTENSION *e = X509V3_EXT_nconf_nid(NULL, v, nid, val);
	int ok = e && X509_add_ext(x, e, -1) == 1;

	X509_EXTENSION_free(e);
	return ok;
}

struct sd_cert_spec {
	const char *cn, *bc, *ku;
	EVP_PKEY *key;
	X509 *issuer;
	EVP_PKEY *issuer_key;
	long serial;
};

static int sd_cert_body(X509 *x, const struct sd_cert_spec *s)
{
	X509_NAME *n = X509_get_subject_name(x);
	X509_NAME *in = s->issuer ? X509_get_subject_name(s->issuer) : n;

	return X509_set_version(x, X509_VERSION_3) == 1 &&
	       ASN1_INTEGER_set(X509_get_serialNumber(x), s->serial) == 1 &&
	       X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)s->cn, -1,
					  -1, 0) == 1 &&
	       X509_set_issuer_name(x, in) == 1 && X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
	       X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365) &&
	       X509_set_pubkey(x, s->key) == 1;
}

static X509 *sd_make_cert(const struct sd_cert_spec *s)
{
	EVP_PKEY *signer = s->issuer_key ? s->issuer_key : s->key;
	X509 *x = X509_new();
	X509V3_CTX v;

	if (!x || !sd_cert_body(x, s))
		goto fail;
	X509V3_set_ctx(&v, s->issuer ? s->issuer : x, x, NULL, NULL, 0);
	if (!sd_add_ext(x, &v, NID_basic_constraints, s->bc) ||
	    !sd_add_ext(x, &v, NID_key_usage, s->ku) || X509_sign(x, signer, EVP_sha256()) <= 0)
		goto fail;
	return x;
fail:
	X509_free(x);
	return NULL;
}

static int sd_der(X509 *x, uint8_t *out, size_t *len)
{
	int n = i2d_X509(x, NULL);
	uint8_t *p = out;

	if (n <= 0 || (size_t)n > SD_DER_MAX || i2d_X509(x, &p) != n)
		return -1;
	*len = (size_t)n;
	return 0;
}

static int sd_make_keys(struct sd *d)
{
	const char *curve = d->cfg.asym == CSPDM_ASYM_ECDSA_P384 ? "P-384" : "P-256";
	struct sd_cert_spec root = {"cspdm scripted root",
				    "critical,CA:TRUE",
				    "critical,keyCertSign,cRLSign",
				    NULL,
				    NULL,
				    NULL,
				    1};
	struct sd_cert_spec leaf = {"cspdm scripted leaf",
				    "critical,CA:FALSE",
				    "critical,digitalSignature",
				    NULL,
				    NULL,
				    NULL,
				    2};
	X509 *rc = NULL, *lc = NULL;
	int rv = -1;

	d->root_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	d->leaf_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	if (!d->root_key || !d->leaf_key)
		return -1;
	if (d->cfg.root_cn)
		root.cn = d->cfg.root_cn;
	root.key = d->root_key;
	rc = sd_make_cert(&root);
	leaf.key = d->leaf_key;
	leaf.issuer = rc;
	leaf.issuer_key = d->root_key;
	lc = rc ? sd_make_cert(&leaf) : NULL;
	if (lc && !sd_der(rc, d->root_der, &d->root_len) && !sd_der(lc, d->leaf_der, &d->leaf_len))
		rv = 0;
	X509_free(rc);
	X509_free(lc);
	return rv;
}

/* ---- lifecycle ---------------------------------------------------------------------------- */

void sd_config_defaults(struct sd_config *cfg)
{
	static const uint16_t v[] = {0x1000, 0x1100, 0x1200, 0x1300};

	memset(cfg, 0, sizeof(*cfg));
	cfg->asym = CSPDM_ASYM_ECDSA_P256;
	cfg->hash = CSPDM_HASH_SHA_384;
	cfg->n_versions = (uint8_t)(sizeof(v) / sizeof(v[0]));
	memcpy(cfg->versions, v, sizeof(v));
	cfg->ct_exponent = 12;
	cfg->data_transfer_size = 4096;
}

void sd_free(struct sd *d)
{
	if (!d)
		return;
	EVP_PKEY_free(d->root_key);
	EVP_PKEY_free(d->leaf_key);
	cspdm_openssl_free(d->ossl);
	free(d);
}

struct sd *sd_new(const struct sd_config *cfg)
{
	struct sd *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	if (cfg)
		d->cfg = *cfg;
	else
		sd_config_defaults(&d->cfg);
	if (cspdm_openssl_new(&d->ossl, NULL) != CSPDM_OK || sd_make_keys(d)) {
		sd_free(d);
		return NULL;
	}
	d->ops = cspdm_openssl_ops(d->ossl);
	return d;
}

void sd_clear(struct sd *d)
{
	d->n_faults = 0;
	memset(d->faults, 0, sizeof(d->faults));
	memset(d->count, 0, sizeof(d->count));
	d->n_log = 0;
	d->pending_len = 0;
	d->pending_code = 0;
}

int sd_add_fault(struct sd *d, const struct sd_fault *f)
{
	if (d->n_faults >= SD_MAX_FAULTS)
		return -1;
	d->faults[d->n_faults++] = *f;
	return 0;
}

int sd_write_root_pem(const struct sd *d, const char *path)
{
	const unsigned char *p = d->root_der;
	X509 *x = d2i_X509(NULL, &p, (long)d->root_len);
	FILE *f = fopen(path, "w");
	int ok = x && f && PEM_write_X509(f, x) == 1;

	if (f && fclose(f) != 0)
		ok = 0;
	X509_free(x);
	return ok ? 0 : -1;
}

unsigned sd_requests(const struct sd *d, uint8_t code)
{
	unsigned i, n = 0;

	for (i = 0; i < d->n_log; i++)
		n += d->log[i] == code;
	return n;
}

/* ---- transcript ----------------------------------------------------------------------------- */

static int sd_tr_add(struct sd *d, const uint8_t *m, size_t n)
{
	if (n > sizeof(d->tr) - d->tr_len)
		return -1;
	memcpy(d->tr + d->tr_len, m, n);
	d->tr_len += n;
	return 0;
}

static int sd_tr_pair(struct sd *d, const uint8_t *req, size_t req_len, const uint8_t *rsp,
		      size_t rsp_len)
{
	return sd_tr_add(d, req, req_len) || sd_tr_add(d, rsp, rsp_len) ? -1 : 0;
}

/* ---- honest responses ------------------------------------------------------------------------ */

static struct spdm_neg sd_neg(const struct sd *d)
{
	struct spdm_neg n;

	memset(&n, 0, sizeof(n));
	n.version = d->version;
	n.hash_size = d->hash_size;
	n.sig_size = d->sig_size;
	n.max_pad = SD_MAX_PAD;
	return n;
}

static size_t sd_error(uint8_t ver, uint8_t code, uint8_t data, uint8_t *out, size_t cap)
{
	struct spdm_error_rsp e;
	size_t n = 0;

	memset(&e, 0, sizeof(e));
	e.code = code;
	e.data = data;
	return spdm_enc_error(ver, &e, out, cap, &n) ? 0 : n;
}

static size_t sd_on_version(struct sd *d, const uint8_t *req, uint8_t *out, size_t cap)
{
	struct spdm_version_rsp v;
	size_t n;

	memset(&v, 0, sizeof(v));
	v.count = d->cfg.n_versions;
	memcpy(v.entries, d->cfg.versions, sizeof(d->cfg.versions));
	d->version = 0;
	d->tr_len = d->vca_len = 0;
	if (spdm_enc_version(&v, out, cap, &n) || sd_tr_pair(d, req, 4, out, n))
		return 0;
	return n;
}

static size_t sd_on_caps(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	struct spdm_caps c;
	uint8_t ver;
	size_t n, req_len;

	if (spdm_dec_get_caps(req, len, SD_MAX_PAD, &c, &ver, NULL))
		return sd_error(req[0], SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	d->version = ver;
	req_len = c.len;
	memset(&c, 0, sizeof(c));
	c.ct_exponent = d->cfg.ct_exponent;
	c.flags = SPDM_CAP_CERT | SPDM_CAP_CHAL;
	c.data_transfer_size = d->cfg.data_transfer_size;
	c.max_msg_size = d->cfg.data_transfer_size;
	if (spdm_enc_caps(ver, &c, out, cap, &n) || sd_tr_pair(d, req, req_len, out, n))
		return 0;
	return n;
}

static uint32_t sd_pick_hash(const struct sd *d, uint32_t offered)
{
	if (offered & d->cfg.hash)
		return d->cfg.hash;
	if (offered & CSPDM_HASH_SHA_256)
		return CSPDM_HASH_SHA_256;
	return CSPDM_HASH_SHA_384;
}

/* SPDM cert chain: Length, Reserved, RootHash, DER root, DER leaf (DSP0274 1.0-1.3 format). */
static int sd_build_chain(struct sd *d)
{
	size_t hs = d->hash_size, total = 4 + hs + d->root_len + d->leaf_len;
	uint8_t *c = d->chain;

	if (total > sizeof(d->chain))
		return -1;
	c[0] = (uint8_t)total;
	c[1] = (uint8_t)(total >> 8);
	c[2] = c[3] = 0;
	if (cspdm_hash_oneshot(d->ops, d->hash, d->root_der, d->root_len, c + 4))
		return -1;
	memcpy(c + 4 + hs, d->root_der, d->root_len);
	memcpy(c + 4 + hs + d->root_len, d->leaf_der, d->leaf_len);
	d->chain_len = total;
	return cspdm_hash_oneshot(d->ops, d->hash, c, total, d->digest) ? -1 : 0;
}

static size_t sd_on_algs(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	struct spdm_neg n = sd_neg(d);
	struct spdm_neg_algs_req q;
	struct spdm_algorithms a;
	size_t olen;

	if (spdm_dec_neg_algs(&n, req, len, &q, NULL))
		return sd_error(d->version, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	memset(&a, 0, sizeof(a));
	a.base_asym = d->cfg.asym;
	a.base_hash = sd_pick_hash(d, q.base_hash);
	d->asym = a.base_asym;
	d->hash = a.base_hash;
	d->hash_size = cspdm_hash_size(d->hash);
	d->sig_size = cspdm_sig_size(d->asym);
	if (sd_build_chain(d) || spdm_enc_algorithms(d->version, &a, out, cap, &olen) ||
	    sd_tr_pair(d, req, q.len, out, olen))
		return 0;
	d->vca_len = d->tr_len;
	return olen;
}

static size_t sd_on_digests(struct sd *d, const uint8_t *req, uint8_t *out, size_t cap)
{
	struct spdm_neg n = sd_neg(d);
	struct spdm_digests g;
	size_t olen;

	memset(&g, 0, sizeof(g));
	g.supported_mask = 0x01;
	g.provisioned_mask = 0x01;
	g.digest[0] = d->digest;
	if (spdm_enc_digests(&n, &g, out, cap, &olen) || sd_tr_pair(d, req, 4, out, olen))
		return 0;
	return olen;
}

static size_t sd_on_cert(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	struct spdm_neg n = sd_neg(d);
	struct spdm_get_cert g;
	struct spdm_cert_rsp c;
	uint32_t portion;
	size_t olen;

	if (spdm_dec_get_cert(&n, req, len, &g, NULL) || g.slot != 0 || g.offset >= d->chain_len)
		return sd_error(d->version, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	portion = (uint32_t)(d->chain_len - g.offset);
	if (g.length < portion)
		portion = g.length;
	if (d->cfg.max_portion && d->cfg.max_portion < portion)
		portion = d->cfg.max_portion;
	memset(&c, 0, sizeof(c));
	c.portion_len = portion;
	c.remainder_len = (uint32_t)(d->chain_len - g.offset - portion);
	c.portion = d->chain + g.offset;
	if (spdm_enc_cert(d->version, &c, out, cap, &olen) || sd_tr_pair(d, req, g.len, out, olen))
		return 0;
	return olen;
}

static int sd_sign(struct sd *d, uint8_t *sig)
{
	uint8_t h[CSPDM_MAX_HASH_SIZE], msg[SPDM_SIGN_PREFIX_SIZE + CSPDM_MAX_HASH_SIZE];

	if (cspdm_hash_oneshot(d->ops, d->hash, d->tr, d->tr_len, h))
		return -1;
	if (d->version < CSPDM_V12)
		return d->ops->sign(d->ops->priv, d->leaf_key, d->asym, d->hash, h, d->hash_size, 1,
				    sig, d->sig_size)
			   ? -1
			   : 0;
	spdm_sign_prefix(d->version, SD_CHALLENGE_CONTEXT, msg);
	memcpy(msg + SPDM_SIGN_PREFIX_SIZE, h, d->hash_size);
	return d->ops->sign(d->ops->priv, d->leaf_key, d->asym, d->hash, msg,
			    SPDM_SIGN_PREFIX_SIZE + d->hash_size, 0, sig, d->sig_size)
		   ? -1
		   : 0;
}

static size_t sd_on_challenge(struct sd *d, const uint8_t *req, size_t len, uint8_t *out,
			      size_t cap)
{
	struct spdm_neg n = sd_neg(d);
	struct spdm_challenge c;
	struct spdm_challenge_auth a;
	uint8_t nonce[CSPDM_NONCE_SIZE];
	size_t olen;

	if (spdm_dec_challenge(&n, req, len, &c, NULL) || c.slot != 0 || c.meas_summary_type)
		return sd_error(d->version, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	if (d->ops->random(d->ops->priv, nonce, sizeof(nonce)))
		return 0;
	memset(&a, 0, sizeof(a));
	a.slot_mask = 0x01;
	a.cert_chain_hash = d->digest;
	a.nonce = nonce;
	a.req_context = c.req_context;
	if (spdm_enc_challenge_auth(&n, &a, out, cap, &olen) || olen + d->sig_size > cap ||
	    sd_tr_pair(d, req, c.len, out, olen) || sd_sign(d, out + olen))
		return 0;
	d->tr_len = d->vca_len; /* the next CHALLENGE starts again from VCA */
	d->challenges++;
	return olen + d->sig_size;
}

static size_t sd_honest(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	switch (req[1]) {
	case SPDM_GET_VERSION:
		return sd_on_version(d, req, out, cap);
	case SPDM_GET_CAPABILITIES:
		return sd_on_caps(d, req, len, out, cap);
	case SPDM_NEGOTIATE_ALGORITHMS:
		return sd_on_algs(d, req, len, out, cap);
	case SPDM_GET_DIGESTS:
		return sd_on_digests(d, req, out, cap);
	case SPDM_GET_CERTIFICATE:
		return sd_on_cert(d, req, len, out, cap);
	case SPDM_CHALLENGE:
		return sd_on_challenge(d, req, len, out, cap);
	default:
		return sd_error(req[0], SPDM_ERR_UNSUPPORTED_REQUEST, req[1], out, cap);
	}
}

/* ---- faults ------------------------------------------------------------------------------------
 */

static int sd_fault_matches(const struct sd_fault *f, uint8_t code, uint16_t nth)
{
	if (f->req_code != code)
		return 0;
	if (f->nth == 0 || f->nth == nth)
		return 1;
	return f->period && nth > f->nth && (nth - f->nth) % f->period == 0;
}

/* The first ERROR fault for this response, if any. */
static const struct sd_fault *sd_error_fault(const struct sd *d, uint8_t code, uint16_t nth)
{
	unsigned i;

	for (i = 0; i < d->n_faults; i++)
		if (d->faults[i].kind == SD_FAULT_ERROR &&
		    sd_fault_matches(&d->faults[i], code, nth))
			return &d->faults[i];
	return NULL;
}

static size_t sd_fault_error(const struct sd_fault *f, uint8_t ver, uint8_t *out, size_t cap)
{
	struct spdm_error_rsp e;
	size_t n = 0;

	memset(&e, 0, sizeof(e));
	e.code = f->err_code;
	e.data = f->err_data;
	e.rdt_exponent = f->rdt_exponent;
	e.request_code = f->nr_req_code ? f->nr_req_code : f->req_code;
	e.token = f->token;
	e.rdtm = 1;
	return spdm_enc_error(ver, &e, out, cap, &n) ? 0 : n;
}

static void sd_put_u16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static size_t sd_cert_lengths(const struct sd_fault *f, uint8_t *out, size_t n)
{
	uint32_t rem;

	if (n < SD_CERT_RSP_HEADER)
		return n;
	if (f->set & SD_SET_PORTION)
		sd_put_u16(out + 4, f->portion_len);
	rem = (f->set & SD_SET_REMAINDER) ? f->remainder_len : (uint32_t)(out[6] | out[7] << 8);
	sd_put_u16(out + 6, (uint32_t)((int64_t)rem + f->remainder_delta));
	return n;
}

static size_t sd_apply(struct sd *d, const struct sd_fault *f, const uint8_t *req, uint8_t *out,
		       size_t n, size_t cap)
{
	switch (f->kind) {
	case SD_FAULT_MUTATE:
		if (f->at < n)
			out[f->from_end ? n - 1 - f->at : f->at] ^= f->xor_mask;
		return n;
	case SD_FAULT_TRUNCATE:
		return f->len < n ? f->len : n;
	case SD_FAULT_APPEND:
		if (f->len > cap - n)
			return n;
		memset(out + n, 0xA5, f->len);
		return n + f->len;
	case SD_FAULT_CERT_LENGTHS:
		return sd_cert_lengths(f, out, n);
	case SD_FAULT_SLOT:
		if (n > 2)
			out[2] = (uint8_t)((out[2] & 0xF0) | f->slot);
		return n;
	case SD_FAULT_REPLACE:
		if (f->len > cap)
			return 0;
		memcpy(out, f->bytes, f->len);
		return f->len;
	case SD_FAULT_ECHO_NONCE:
		if (n >= 4 + d->hash_size + CSPDM_NONCE_SIZE)
			memcpy(out + 4 + d->hash_size, req + 4, CSPDM_NONCE_SIZE);
		return n;
	case SD_FAULT_HOOK:
		return f->hook(d, out, n, cap, f->arg);
	default:
		return n;
	}
}

static size_t sd_damage(struct sd *d, uint8_t code, uint16_t nth, const uint8_t *req, uint8_t *out,
			size_t n, size_t cap)
{
	unsigned i;

	for (i = 0; i < d->n_faults; i++)
		if (d->faults[i].kind != SD_FAULT_ERROR &&
		    sd_fault_matches(&d->faults[i], code, nth))
			n = sd_apply(d, &d->faults[i], req, out, n, cap);
	return n;
}

/* ---- dispatch ----------------------------------------------------------------------------------
 */

static size_t sd_hold(struct sd *d, const struct sd_fault *f, uint8_t code, const uint8_t *req,
		      size_t len, uint8_t *out, size_t cap)
{
	size_t n;

	if (!d->pending_len) {
		n = sd_honest(d, req, len, d->pending, sizeof(d->pending));
		if (!n)
			return 0;
		d->pending_len = n;
		d->pending_code = code;
		memcpy(d->pending_req, req,
		       len < sizeof(d->pending_req) ? len : sizeof(d->pending_req));
	}
	return sd_fault_error(f, req[0], out, cap);
}

static size_t sd_respond_if_ready(struct sd *d, const uint8_t *req, uint8_t *out, size_t cap)
{
	uint8_t code = req[2];
	uint16_t nth = ++d->count[code];
	const struct sd_fault *f = sd_error_fault(d, code, nth);
	size_t n;

	if (!d->pending_len || code != d->pending_code)
		return sd_error(req[0], SPDM_ERR_UNEXPECTED_REQUEST, 0, out, cap);
	if (f)
		return sd_fault_error(f, req[0], out, cap);
	n = d->pending_len <= cap ? d->pending_len : 0;
	memcpy(out, d->pending, n);
	d->pending_len = 0;
	return sd_damage(d, code, nth, d->pending_req, out, n, cap);
}

/* A request other than RESPOND_IF_READY: an ERROR fault, or the honest answer, damaged. */
static size_t sd_answer(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	uint8_t code = req[1];
	uint16_t nth = ++d->count[code];
	const struct sd_fault *f = sd_error_fault(d, code, nth);

	if (f && f->err_code == SPDM_ERR_RESPONSE_NOT_READY)
		return sd_hold(d, f, code, req, len, out, cap);
	if (f)
		return sd_fault_error(f, req[0], out, cap);
	return sd_damage(d, code, nth, req, out, sd_honest(d, req, len, out, cap), cap);
}

size_t sd_respond(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	size_t n;

	if (len < 4)
		return sd_error(CSPDM_V10, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	if (d->n_log < SD_LOG_MAX)
		d->log[d->n_log++] = req[1];
	if (req[1] == SPDM_RESPOND_IF_READY)
		n = sd_respond_if_ready(d, req, out, cap);
	else
		n = sd_answer(d, req, len, out, cap);
	if (n <= sizeof(d->last_rsp)) {
		memcpy(d->last_rsp, out, n);
		d->last_rsp_len = n;
	}
	return n;
}
