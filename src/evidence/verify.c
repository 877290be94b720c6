/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The offline verifier (evidence.h): re-checks a bundle with no device. The bundle is
 * untrusted input: file names are derived from the layout (never taken from evidence.json),
 * the signing context comes from the signature's type, and every file is read with a size
 * limit. Checks, in order: (1) each certificate chain (SPDM header, RootHash, X.509 policy,
 * trust, PEM copy), (2) each signature (type, prefix, nonces, signature over the transcript
 * with the slot's leaf key; for KEY_EXCHANGE_RSP then the transcript's tail: the chain's
 * hash, KEY_EXCHANGE and the response, decoded, with the RandomData of the nonce files), (3)
 * the measurement record (every block inside a signed transcript, the per-index files and
 * evidence.json agree with it), (4) the policy.
 */
#include "evidence.h"

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codec/certchain.h"
#include "codec/reader.h"
#include "codec/spdm.h"
#include "core/transcript.h"
#include "ev_tdisp.h"

#define VF_PATH_MAX	       4096
#define VF_FILE_MAX	       (16u << 20)
#define CHALLENGE_AUTH_CONTEXT "responder-challenge_auth signing"
#define MEASUREMENTS_CONTEXT   "responder-measurements signing"
#define KEY_EXCHANGE_CONTEXT   "responder-key_exchange_rsp signing"
/* KEY_EXCHANGE_RSP up to ResponderVerifyData, at its largest */
#define KX_RSP_MAX                                                                                 \
	(42 + CSPDM_MAX_DHE_SIZE + CSPDM_MAX_HASH_SIZE + SPDM_MAX_OPAQUE + CSPDM_MAX_SIG_SIZE)

struct buf {
	uint8_t *d;
	size_t n;
};

struct vf {
	const char *dir;
	const struct cspdm_verify_opts *o;
	cspdm_error *err;
	const struct cspdm_crypto_ops *ops;
	json_t *root;
	uint8_t version;
	uint32_t asym, hash;
	void *key[CSPDM_MAX_SLOTS];
	uint8_t chain_hash[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE]; /* of certificates/slotN */
	unsigned chains, chains_trusted;
	struct buf *mtr; /* transcripts of MEASUREMENTS signatures */
	size_t nmtr;
	struct buf record;
	unsigned blocks;
};

/* err->field for messages that name a file or an index (evidence.h). */
static _Thread_local char field_buf[512];

static void report(const struct vf *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(const struct vf *v, const char *fmt, ...)
{
	va_list ap;

	if (!v->o->report)
		return;
	va_start(ap, fmt);
	/* clang-analyzer 14 misreads va_start here (a known false positive) */
	(void)vfprintf(v->o->report, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	va_end(ap);
	(void)fputc('\n', v->o->report);
}

static cspdm_status vf_fail(struct vf *v, cspdm_status code, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cspdm_status vf_fail(struct vf *v, cspdm_status code, size_t off, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* clang-analyzer 14 misreads va_start here (a known false positive) */
	// NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized)
	(void)vsnprintf(field_buf, sizeof(field_buf), fmt, ap);
	va_end(ap);
	v->err->code = code;
	v->err->field = field_buf;
	v->err->offset = (uint32_t)off;
	report(v, "%s: FAILED: %s (%s)", field_buf, cspdm_status_name(code), cspdm_strerror(code));
	return code;
}

static void buf_free(struct buf *b)
{
	free(b->d);
	b->d = NULL;
	b->n = 0;
}

/* The rest of f into b (grown as needed, at most about VF_FILE_MAX bytes). */
static cspdm_status slurp(FILE *f, struct buf *b)
{
	size_t cap = 0, got;
	uint8_t *nd;

	for (;;) {
		if (b->n == cap) {
			if (cap > VF_FILE_MAX)
				return CSPDM_E_LENGTH;
			cap = cap ? 2 * cap : 4096;
			nd = realloc(b->d, cap);
			if (!nd)
				return CSPDM_E_BUFFER_TOO_SMALL;
			b->d = nd;
		}
		got = fread(b->d + b->n, 1, cap - b->n, f);
		b->n += got;
		if (got == 0)
			return ferror(f) ? CSPDM_E_IO : CSPDM_OK;
	}
}

/* Read DIR/rel; a missing file is CSPDM_E_IO, one too large CSPDM_E_LENGTH. */
static cspdm_status read_rel(struct vf *v, const char *rel, struct buf *b)
{
	char path[VF_PATH_MAX];
	cspdm_status st;
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", v->dir, rel) >= (int)sizeof(path))
		return vf_fail(v, CSPDM_E_INVALID_ARG, 0, "%s", rel);
	f = fopen(path, "rb");
	if (!f)
		return vf_fail(v, CSPDM_E_IO, 0, "%s", rel);
	st = slurp(f, b);
	(void)fclose(f);
	if (st) {
		buf_free(b);
		return vf_fail(v, st, 0, "%s", rel);
	}
	return CSPDM_OK;
}

/* Does needle[0..n) occur in hay? */
static int contains(const struct buf *hay, const uint8_t *needle, size_t n)
{
	size_t i;

	if (!n || n > hay->n)
		return 0;
	for (i = 0; i + n <= hay->n; i++)
		if (hay->d[i] == needle[0] && (memcmp(hay->d + i, needle, n) == 0))
			return 1;
	return 0;
}

static size_t first_diff(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n && a[i] == b[i]; i++)
		;
	return i;
}

/* ---- evidence.json header -------------------------------------------------------------------- */

static uint8_t parse_version(const char *s)
{
	if (!s || strlen(s) != 3 || s[0] != '1' || s[1] != '.' || s[2] < '0' || s[2] > '4')
		return 0;
	return (uint8_t)(0x10 | (s[2] - '0'));
}

static uint32_t parse_alg(const char *name, const char *(*fn)(uint32_t))
{
	unsigned i;

	for (i = 0; name && i < 32; i++)
		if ((strcmp(fn(1u << i), "none") != 0) && (strcmp(fn(1u << i), name) == 0))
			return 1u << i;
	return 0;
}

static cspdm_status load_json(struct vf *v)
{
	struct buf b = {NULL, 0};
	json_error_t je;
	cspdm_status st = read_rel(v, "evidence.json", &b);

	if (st)
		return st;
	v->root = json_loadb((const char *)b.d, b.n, JSON_REJECT_DUPLICATES, &je);
	buf_free(&b);
	if (!json_is_object(v->root))
		return vf_fail(v, CSPDM_E_FIELD, v->root ? 0 : (size_t)je.position,
			       "evidence.json (not a JSON object)");
	return CSPDM_OK;
}

static cspdm_status load_header(struct vf *v)
{
	json_t *algs = json_object_get(v->root, "algorithms");
	const char *fmt = json_string_value(json_object_get(v->root, "format"));
	json_t *fv = json_object_get(v->root, "format_version");

	if (!fmt || (strcmp(fmt, CSPDM_EVIDENCE_FORMAT) != 0) || !json_is_integer(fv) ||
	    json_integer_value(fv) != CSPDM_EVIDENCE_FORMAT_VERSION)
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json format");
	v->version = parse_version(json_string_value(json_object_get(v->root, "spdm_version")));
	if (!v->version)
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json spdm_version");
	v->asym = parse_alg(json_string_value(json_object_get(algs, "base_asym")), cspdm_asym_name);
	v->hash = parse_alg(json_string_value(json_object_get(algs, "base_hash")), cspdm_hash_name);
	if (!cspdm_sig_size(v->asym))
		return vf_fail(v, CSPDM_E_ALGORITHM, 0, "evidence.json algorithms.base_asym");
	if (!cspdm_hash_size(v->hash))
		return vf_fail(v, CSPDM_E_ALGORITHM, 0, "evidence.json algorithms.base_hash");
	return CSPDM_OK;
}

/* ---- (1) certificate chains ------------------------------------------------------------------ */

static unsigned count_certs(const struct spdm_cert_chain *cc)
{
	size_t off = 0, n;
	unsigned count = 0;

	while (off < cc->certs_len &&
	       !spdm_der_cert_len(cc->certs + off, cc->certs_len - off, &n, NULL)) {
		off += n;
		count++;
	}
	return count;
}

/* Byte offset of certificate idx in the chain file. */
static size_t cert_offset(const struct spdm_cert_chain *cc, const struct buf *chain, uint32_t idx)
{
	size_t off = 0, n;

	while (idx-- && off < cc->certs_len &&
	       !spdm_der_cert_len(cc->certs + off, cc->certs_len - off, &n, NULL))
		off += n;
	return chain->n - cc->certs_len + off;
}

/* One PEM certificate against the next DER one. Returns 1 if they are the same. */
static int pem_matches(X509 *x, const struct spdm_cert_chain *cc, size_t *off)
{
	unsigned char *der = NULL;
	int len = i2d_X509(x, &der);
	size_t n = 0;
	int same = len > 0 && *off < cc->certs_len &&
		   !spdm_der_cert_len(cc->certs + *off, cc->certs_len - *off, &n, NULL) &&
		   n == (size_t)len && (memcmp(cc->certs + *off, der, n) == 0);

	OPENSSL_free(der);
	*off += n;
	return same;
}

/* slotN.pem must hold exactly the chain's certificates, in order. */
static cspdm_status check_pem(struct vf *v, unsigned slot, const struct spdm_cert_chain *cc)
{
	char path[VF_PATH_MAX];
	size_t off = 0;
	unsigned i = 0, total = count_certs(cc);
	BIO *bio;
	X509 *x;
	int same = 1;

	(void)snprintf(path, sizeof(path), "%s/certificates/slot%u.pem", v->dir, slot);
	bio = BIO_new_file(path, "r");
	if (!bio) {
		ERR_clear_error();
		return vf_fail(v, CSPDM_E_IO, 0, "certificates/slot%u.pem", slot);
	}
	while (same && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		same = i < total && pem_matches(x, cc, &off);
		X509_free(x);
		i += same;
	}
	BIO_free(bio);
	ERR_clear_error();
	if (!same || i != total)
		return vf_fail(v, CSPDM_E_FIELD, i, "certificates/slot%u.pem (certificate %u)",
			       slot, i);
	return CSPDM_OK;
}

static cspdm_status decode_chain(struct vf *v, unsigned slot, const struct buf *chain,
				 struct spdm_cert_chain *cc)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	uint32_t hs = cspdm_hash_size(v->hash);
	cspdm_error e;
	cspdm_status st;

	memset(&e, 0, sizeof(e));
	st = spdm_dec_cert_chain(v->version, hs, chain->d, chain->n, cc, &e);
	if (st)
		return vf_fail(v, st, e.offset, "certificates/slot%u (%s)", slot,
			       e.field ? e.field : "CertChain");
	st = cspdm_hash_oneshot(v->ops, v->hash, cc->certs, cc->root_len, digest);
	if (st)
		return vf_fail(v, st, 0, "certificates/slot%u", slot);
	if ((memcmp(digest, cc->root_hash, hs) != 0))
		return vf_fail(v, CSPDM_E_ROOT_HASH, chain->n - cc->certs_len - hs,
			       "certificates/slot%u (RootHash)", slot);
	return CSPDM_OK;
}

static cspdm_status validate_chain(struct vf *v, unsigned slot, const struct buf *chain,
				   const struct spdm_cert_chain *cc, int *trusted)
{
	struct cspdm_x509_params p;
	struct cspdm_x509_result res;
	uint32_t bad = 0;
	cspdm_status st;

	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	p.base_asym = v->asym;
	p.expected_san = v->o->expected_san;
	st = v->ops->x509_validate(v->ops->priv, cc->certs, cc->certs_len, &p, &res, &bad);
	if (!st && v->o->trust && !res.trusted)
		st = CSPDM_E_X509_UNTRUSTED;
	if (st) {
		if (res.pubkey)
			v->ops->key_free(v->ops->priv, res.pubkey);
		return vf_fail(v, st, cert_offset(cc, chain, bad),
			       "certificates/slot%u (certificate %u)", slot, bad);
	}
	v->key[slot] = res.pubkey;
	*trusted = res.trusted;
	return CSPDM_OK;
}

static cspdm_status check_chain(struct vf *v, size_t i, json_t *ent)
{
	json_t *js = json_object_get(ent, "slot");
	json_int_t slot = json_is_integer(js) ? json_integer_value(js) : -1;
	struct spdm_cert_chain cc;
	struct buf chain = {NULL, 0};
	char rel[64];
	int trusted = 0;
	cspdm_status st;

	if (slot < 0 || slot >= CSPDM_MAX_SLOTS || v->key[slot])
		return vf_fail(v, CSPDM_E_SLOT, 0, "evidence.json certificates[%zu].slot", i);
	(void)snprintf(rel, sizeof(rel), "certificates/slot%u", (unsigned)slot);
	st = read_rel(v, rel, &chain);
	if (!st)
		st = decode_chain(v, (unsigned)slot, &chain, &cc);
	if (!st)
		st = cspdm_hash_oneshot(v->ops, v->hash, chain.d, chain.n, v->chain_hash[slot]);
	if (!st)
		st = validate_chain(v, (unsigned)slot, &chain, &cc, &trusted);
	if (!st)
		st = check_pem(v, (unsigned)slot, &cc);
	if (!st) {
		v->chains++;
		v->chains_trusted += trusted != 0;
		report(v, "chain slot%u: %s (%u certificates)", (unsigned)slot,
		       trusted ? "trusted" : "valid, root not checked (no trust store)",
		       count_certs(&cc));
	}
	buf_free(&chain);
	return st;
}

static cspdm_status check_chains(struct vf *v)
{
	json_t *arr = json_object_get(v->root, "certificates");
	cspdm_status st = CSPDM_OK;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json certificates (none)");
	for (i = 0; !st && i < json_array_size(arr); i++)
		st = check_chain(v, i, json_array_get(arr, i));
	return st;
}

/* ---- (2) signatures -------------------------------------------------------------------------- */

enum { F_TRANSCRIPT, F_SIGNATURE, F_REQ_NONCE, F_RSP_NONCE, F_PREFIX, F_TYPE, F_HASH, NFILES };

static const char *const file_suffix[NFILES] = {
    "transcript",	    "signature", "requester_nonce", "responder_nonce",
    "combined_spdm_prefix", "type",	 "hash_algorithm",
};

struct vsig {
	size_t k;
	enum cspdm_sig_kind kind;
	const char *type, *context;
	unsigned slot;
	struct buf f[NFILES];
};

static cspdm_status sig_json_algs(struct vf *v, json_t *ent, size_t k)
{
	const char *ver = json_string_value(json_object_get(ent, "spdm_version"));
	const char *hash = json_string_value(json_object_get(ent, "hash_algorithm"));
	const char *asym = json_string_value(json_object_get(ent, "asym_algorithm"));

	if (parse_version(ver) != v->version)
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json signatures[%zu].spdm_version",
			       k);
	if (cspdm_evidence_hash_parse(hash) != v->hash)
		return vf_fail(v, CSPDM_E_ALGORITHM, 0,
			       "evidence.json signatures[%zu].hash_algorithm", k);
	if (!asym || (strcmp(asym, cspdm_asym_name(v->asym)) != 0))
		return vf_fail(v, CSPDM_E_ALGORITHM, 0,
			       "evidence.json signatures[%zu].asym_algorithm", k);
	return CSPDM_OK;
}

/* The signing context follows from the type; a context in evidence.json must agree. */
static cspdm_status sig_json(struct vf *v, json_t *ent, struct vsig *s)
{
	json_t *ji = json_object_get(ent, "index"), *js = json_object_get(ent, "slot");
	json_t *jc = json_object_get(ent, "context");

	if (!json_is_integer(ji) || json_integer_value(ji) != (json_int_t)s->k)
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json signatures[%zu].index", s->k);
	s->type = json_string_value(json_object_get(ent, "type"));
	if (s->type && (strcmp(s->type, "challenge_auth") == 0)) {
		s->kind = CSPDM_SIG_CHALLENGE_AUTH;
		s->context = CHALLENGE_AUTH_CONTEXT;
	} else if (s->type && (strcmp(s->type, "measurements") == 0)) {
		s->kind = CSPDM_SIG_MEASUREMENTS;
		s->context = MEASUREMENTS_CONTEXT;
	} else if (s->type && (strcmp(s->type, "key_exchange_rsp") == 0)) {
		s->kind = CSPDM_SIG_KEY_EXCHANGE_RSP;
		s->context = KEY_EXCHANGE_CONTEXT;
	} else {
		return vf_fail(v, CSPDM_E_FIELD, 0, "%zu_type (unknown)", s->k);
	}
	if (!json_is_integer(js) || json_integer_value(js) < 0 ||
	    json_integer_value(js) >= CSPDM_MAX_SLOTS || !v->key[json_integer_value(js)])
		return vf_fail(v, CSPDM_E_SLOT, 0, "evidence.json signatures[%zu].slot", s->k);
	s->slot = (unsigned)json_integer_value(js);
	if (jc && !json_is_null(jc) &&
	    (!json_is_string(jc) || (strcmp(json_string_value(jc), s->context) != 0)))
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json signatures[%zu].context", s->k);
	return sig_json_algs(v, ent, s->k);
}

static cspdm_status sig_read(struct vf *v, struct vsig *s)
{
	char rel[64];
	cspdm_status st = CSPDM_OK;
	unsigned i;

	for (i = 0; !st && i < NFILES; i++) {
		(void)snprintf(rel, sizeof(rel), "signatures/%zu_%s", s->k, file_suffix[i]);
		st = read_rel(v, rel, &s->f[i]);
	}
	return st;
}

/* A one-line text file: the text, with or without one newline. */
static int text_is(const struct buf *b, const char *text)
{
	size_t n = strlen(text);

	return (b->n == n || (b->n == n + 1 && b->d[n] == '\n')) && (memcmp(b->d, text, n) == 0);
}

static cspdm_status sig_text(struct vf *v, const struct vsig *s)
{
	if (!text_is(&s->f[F_TYPE], s->type))
		return vf_fail(v, CSPDM_E_FIELD, 0, "%zu_type", s->k);
	if (!text_is(&s->f[F_HASH], cspdm_evidence_hash_name(v->hash)))
		return vf_fail(v, CSPDM_E_FIELD, 0, "%zu_hash_algorithm", s->k);
	return CSPDM_OK;
}

static cspdm_status sig_prefix(struct vf *v, const struct vsig *s)
{
	uint8_t want[SPDM_SIGN_PREFIX_SIZE];
	const struct buf *p = &s->f[F_PREFIX];

	if (v->version < CSPDM_V12) {
		if (p->n)
			return vf_fail(v, CSPDM_E_FIELD, 0, "%zu_combined_spdm_prefix", s->k);
		return CSPDM_OK;
	}
	spdm_sign_prefix(v->version, s->context, want);
	if (p->n != sizeof(want) || (memcmp(p->d, want, sizeof(want)) != 0))
		return vf_fail(v, CSPDM_E_FIELD,
			       p->n == sizeof(want) ? first_diff(p->d, want, p->n) : 0,
			       "%zu_combined_spdm_prefix", s->k);
	return CSPDM_OK;
}

static cspdm_status sig_nonce_sizes(struct vf *v, const struct vsig *s)
{
	const struct buf *rn = &s->f[F_REQ_NONCE], *sn = &s->f[F_RSP_NONCE];

	if (rn->n != CSPDM_NONCE_SIZE)
		return vf_fail(v, CSPDM_E_LENGTH, rn->n, "%zu_requester_nonce", s->k);
	if (sn->n != CSPDM_NONCE_SIZE)
		return vf_fail(v, CSPDM_E_LENGTH, sn->n, "%zu_responder_nonce", s->k);
	return CSPDM_OK;
}

static cspdm_status sig_nonces(struct vf *v, const struct vsig *s)
{
	const struct buf *rn = &s->f[F_REQ_NONCE], *sn = &s->f[F_RSP_NONCE];
	cspdm_status st = sig_nonce_sizes(v, s);

	if (st)
		return st;
	if (!contains(&s->f[F_TRANSCRIPT], rn->d, rn->n))
		return vf_fail(v, CSPDM_E_NONCE, 0, "%zu_requester_nonce (not in the transcript)",
			       s->k);
	if (!contains(&s->f[F_TRANSCRIPT], sn->d, sn->n))
		return vf_fail(v, CSPDM_E_NONCE, 0, "%zu_responder_nonce (not in the transcript)",
			       s->k);
	if (v->o->nonce && (memcmp(rn->d, v->o->nonce, CSPDM_NONCE_SIZE) != 0))
		return vf_fail(v, CSPDM_E_NONCE, first_diff(rn->d, v->o->nonce, CSPDM_NONCE_SIZE),
			       "%zu_requester_nonce (not the expected nonce)", s->k);
	return CSPDM_OK;
}

static cspdm_status sig_verify(struct vf *v, const struct vsig *s)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	const struct buf *t = &s->f[F_TRANSCRIPT], *sig = &s->f[F_SIGNATURE];
	cspdm_status st;

	if (t->n == 0)
		return vf_fail(v, CSPDM_E_LENGTH, 0, "%zu_transcript", s->k);
	if (sig->n != cspdm_sig_size(v->asym))
		return vf_fail(v, CSPDM_E_LENGTH, sig->n, "%zu_signature", s->k);
	st = cspdm_hash_oneshot(v->ops, v->hash, t->d, t->n, digest);
	if (!st)
		st = cspdm_verify_spdm_sig(v->ops, v->version, v->key[s->slot], v->asym, v->hash,
					   s->context, digest, sig->d, sig->n);
	if (st)
		return vf_fail(v, st, 0, "%zu_signature", s->k);
	return CSPDM_OK;
}

/* ---- (2b) the tail of a KEY_EXCHANGE_RSP transcript ----------------------------------------- */

struct kx_msgs {
	struct spdm_neg neg;
	struct spdm_key_exchange k;
	struct spdm_key_exchange_rsp r;
	uint8_t rsp[KX_RSP_MAX]; /* the response up to the signature, and the signature */
};

/* The response: the rest of the transcript, then the signature (no ResponderVerifyData). */
static int kx_rsp_at(struct kx_msgs *m, const struct buf *t, size_t at, const struct buf *sig)
{
	size_t n = t->n - at;
	cspdm_error e;

	if (n > sizeof(m->rsp) - sig->n)
		return 0;
	memcpy(m->rsp, t->d + at, n);
	memcpy(m->rsp + n, sig->d, sig->n);
	return spdm_dec_key_exchange_rsp(&m->neg, m->rsp, n + sig->n, &m->r, &e) == CSPDM_OK;
}

/* KEY_EXCHANGE at t[at] with ExchangeData of m->neg.dhe_size bytes, its response after it. */
static int kx_at(struct kx_msgs *m, const struct buf *t, size_t at, const struct buf *sig)
{
	uint16_t olen = 0;
	cspdm_error e;
	struct rd r;
	size_t len;

	rd_init(&r, t->d + at, t->n - at);
	if (!rd_skip(&r, "to OpaqueDataLength", 40 + (size_t)m->neg.dhe_size) ||
	    !rd_u16le(&r, "OpaqueDataLength", &olen))
		return 0;
	len = 42 + (size_t)m->neg.dhe_size + olen;
	if (len > t->n - at || spdm_dec_key_exchange(&m->neg, t->d + at, len, &m->k, &e))
		return 0;
	m->neg.meas_hash_size = m->k.meas_summary_type ? m->neg.hash_size : 0;
	if (kx_rsp_at(m, t, at + len, sig))
		return 1;
	m->neg.meas_hash_size = 0; /* a responder without MEAS_CAP sends no summary */
	return m->k.meas_summary_type && kx_rsp_at(m, t, at + len, sig);
}

/* The DHE group is in the transcript's ALGORITHMS; each group's size is tried instead. */
static int kx_find_at(struct kx_msgs *m, const struct buf *t, size_t at, const struct buf *sig)
{
	uint32_t g;

	for (g = 1; g <= 0x8000; g <<= 1) {
		m->neg.dhe_size = cspdm_dhe_size(g);
		if (m->neg.dhe_size && kx_at(m, t, at, sig))
			return 1;
	}
	return 0;
}

/* The decoded messages (if found) against the signature's slot and files; frees m. */
static cspdm_status kx_check(struct vf *v, const struct vsig *s, struct kx_msgs *m, int found)
{
	cspdm_status st = CSPDM_OK;

	/* found: both messages decoded (r.random set); the files' sizes were checked */
	if (!found || !m->r.random || !s->f[F_REQ_NONCE].d || !s->f[F_RSP_NONCE].d)
		st = vf_fail(v, CSPDM_E_FIELD, 0,
			     "%zu_transcript (no chain hash, KEY_EXCHANGE and KEY_EXCHANGE_RSP at "
			     "its end)",
			     s->k);
	else if (m->k.slot != s->slot)
		st = vf_fail(v, CSPDM_E_SLOT, 0, "%zu_transcript (KEY_EXCHANGE SlotID)", s->k);
	else if (memcmp(m->k.random, s->f[F_REQ_NONCE].d, SPDM_RANDOM_SIZE) != 0)
		st = vf_fail(v, CSPDM_E_NONCE,
			     first_diff(m->k.random, s->f[F_REQ_NONCE].d, SPDM_RANDOM_SIZE),
			     "%zu_requester_nonce (not KEY_EXCHANGE's RandomData)", s->k);
	else if (memcmp(m->r.random, s->f[F_RSP_NONCE].d, SPDM_RANDOM_SIZE) != 0)
		st = vf_fail(v, CSPDM_E_NONCE,
			     first_diff(m->r.random, s->f[F_RSP_NONCE].d, SPDM_RANDOM_SIZE),
			     "%zu_responder_nonce (not KEY_EXCHANGE_RSP's RandomData)", s->k);
	free(m);
	return st;
}

/* After the signature verified: the transcript ends Hash(chain) || KEY_EXCHANGE || response. */
static cspdm_status sig_kx(struct vf *v, const struct vsig *s)
{
	const struct buf *t = &s->f[F_TRANSCRIPT];
	uint32_t hs = cspdm_hash_size(v->hash);
	struct kx_msgs *m = calloc(1, sizeof(*m));
	size_t at;
	int found = 0;

	if (!m)
		return vf_fail(v, CSPDM_E_BUFFER_TOO_SMALL, 0, "%zu_transcript", s->k);
	m->neg.version = v->version;
	m->neg.hash_size = hs;
	m->neg.sig_size = cspdm_sig_size(v->asym);
	m->neg.hs_in_clear = 1; /* the transcript stops before ResponderVerifyData */
	for (at = 0; !found && at + hs < t->n; at++)
		found = (memcmp(t->d + at, v->chain_hash[s->slot], hs) == 0) &&
			kx_find_at(m, t, at + hs, &s->f[F_SIGNATURE]);
	return kx_check(v, s, m, found);
}

/* Keep a MEASUREMENTS transcript for the record check (takes the buffer). */
static cspdm_status keep_mtr(struct vf *v, struct buf *t)
{
	struct buf *n = realloc(v->mtr, (v->nmtr + 1) * sizeof(*n));

	if (!n)
		return vf_fail(v, CSPDM_E_BUFFER_TOO_SMALL, 0, "measurement transcripts");
	v->mtr = n;
	v->mtr[v->nmtr++] = *t;
	t->d = NULL;
	t->n = 0;
	return CSPDM_OK;
}

static cspdm_status check_sig(struct vf *v, size_t k, json_t *ent)
{
	struct vsig s;
	cspdm_status st;
	unsigned i;
	int kx;

	memset(&s, 0, sizeof(s));
	s.k = k;
	st = sig_json(v, ent, &s);
	kx = s.kind == CSPDM_SIG_KEY_EXCHANGE_RSP;
	if (!st)
		st = sig_read(v, &s);
	if (!st)
		st = sig_text(v, &s);
	if (!st)
		st = sig_prefix(v, &s);
	if (!st)
		st = kx ? sig_nonce_sizes(v, &s) : sig_nonces(v, &s);
	if (!st)
		st = sig_verify(v, &s);
	if (!st && kx)
		st = sig_kx(v, &s); /* parsed once the signature vouches for it */
	if (!st)
		report(v, "signature %zu (%s, %s, %s, slot %u): verified", k, s.type,
		       cspdm_asym_name(v->asym), cspdm_hash_name(v->hash), s.slot);
	if (!st && s.kind == CSPDM_SIG_MEASUREMENTS)
		st = keep_mtr(v, &s.f[F_TRANSCRIPT]);
	for (i = 0; i < NFILES; i++)
		buf_free(&s.f[i]);
	return st;
}

static cspdm_status check_sigs(struct vf *v)
{
	json_t *arr = json_object_get(v->root, "signatures");
	cspdm_status st = CSPDM_OK;
	size_t k;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json signatures (none)");
	for (k = 0; !st && k < json_array_size(arr); k++)
		st = check_sig(v, k, json_array_get(arr, k));
	return st;
}

/* ---- (3) measurements ------------------------------------------------------------------------ */

static int covered(const struct vf *v, const struct spdm_meas_block *b)
{
	size_t i;

	for (i = 0; i < v->nmtr; i++)
		if (contains(&v->mtr[i], b->block, b->block_len))
			return 1;
	return 0;
}

static int hex_is(const char *hex, const uint8_t *d, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (!hex || strlen(hex) != 2 * n)
		return 0;
	for (i = 0; i < n; i++)
		if (hex[2 * i] != digits[d[i] >> 4] || hex[2 * i + 1] != digits[d[i] & 0xF])
			return 0;
	return 1;
}

/* measurements/N and evidence.json measurements[i] must describe block b. */
static cspdm_status block_copies(struct vf *v, const struct spdm_meas_block *b, unsigned i)
{
	json_t *ent = json_array_get(json_object_get(v->root, "measurements"), i);
	json_t *ji = json_object_get(ent, "index");
	struct buf f = {NULL, 0};
	char rel[64];
	cspdm_status st;

	(void)snprintf(rel, sizeof(rel), "measurements/%u", b->index);
	st = read_rel(v, rel, &f);
	if (st)
		return st;
	if (f.n != b->value_size || (f.n && (memcmp(f.d, b->value, f.n) != 0)))
		st = vf_fail(v, CSPDM_E_FIELD, 0, "%s (differs from the record)", rel);
	buf_free(&f);
	if (!st &&
	    (!json_is_integer(ji) || json_integer_value(ji) != b->index ||
	     !hex_is(json_string_value(json_object_get(ent, "value")), b->value, b->value_size)))
		st = vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json measurements[%u]", i);
	return st;
}

static cspdm_status check_block(struct vf *v, const struct spdm_meas_block *b, size_t at,
				uint8_t *seen)
{
	if ((seen[b->index >> 3] >> (b->index & 7)) & 1)
		return vf_fail(v, CSPDM_E_FIELD, at, "measurements/record (index %u repeated)",
			       b->index);
	seen[b->index >> 3] |= (uint8_t)(1u << (b->index & 7));
	if (v->nmtr && !covered(v, b))
		return vf_fail(v, CSPDM_E_SIGNATURE, at,
			       "measurements/record (block %u not covered by a signature)",
			       b->index);
	return block_copies(v, b, v->blocks);
}

static cspdm_status walk_record(struct vf *v)
{
	struct spdm_meas_block b;
	uint8_t seen[32];
	size_t off = 0, at;
	cspdm_error e;
	cspdm_status st = CSPDM_OK;

	memset(seen, 0, sizeof(seen));
	memset(&e, 0, sizeof(e));
	while (!st && off < v->record.n) {
		at = off;
		st = spdm_next_meas_block(v->record.d, v->record.n, &off, &b, &e);
		if (st)
			return vf_fail(v, st, e.offset, "measurements/record (%s)",
				       e.field ? e.field : "MeasurementBlock");
		st = check_block(v, &b, at, seen);
		v->blocks += !st;
	}
	if (!st && v->blocks != json_array_size(json_object_get(v->root, "measurements")))
		st = vf_fail(v, CSPDM_E_COUNT, 0, "evidence.json measurements (count)");
	return st;
}

static cspdm_status check_meas(struct vf *v)
{
	json_t *jr = json_object_get(v->root, "measurement_record");
	cspdm_status st;

	if (!jr || json_is_null(jr)) {
		if (json_array_size(json_object_get(v->root, "measurements")))
			return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json measurement_record");
		report(v, "measurements: none");
		return CSPDM_OK;
	}
	st = read_rel(v, "measurements/record", &v->record);
	if (!st)
		st = walk_record(v);
	if (st)
		return st;
	if (v->nmtr)
		report(v, "measurements: %u blocks, each inside a verified MEASUREMENTS signature",
		       v->blocks);
	else
		report(v,
		       "measurements: %u blocks, UNSIGNED (no MEASUREMENTS signature in the "
		       "bundle)",
		       v->blocks);
	return CSPDM_OK;
}

/* ---- TDISP interface reports ----------------------------------------------------------------- */

/* The report's file decodes under the TDISP rules and says what evidence.json says of it. */
static cspdm_status check_report(struct vf *v, size_t i, json_t *ent)
{
	const char *rel = json_string_value(json_object_get(ent, "file")), *key;
	struct buf b = {NULL, 0};
	cspdm_error why;
	cspdm_status st;
	json_t *got, *val;

	if (!rel || strncmp(rel, "tdisp/", 6) != 0 || strstr(rel, ".."))
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json tdisp_reports[%zu].file", i);
	st = read_rel(v, rel, &b);
	if (st)
		return st;
	got = ev_tdisp_summary(b.d, b.n, &why);
	buf_free(&b);
	if (!got)
		return vf_fail(v, why.code, why.offset, "%s: %s", rel,
			       why.field ? why.field : "interface report");
	json_object_foreach(got, key, val)
	{
		if (json_equal(val, json_object_get(ent, key)))
			continue;
		st = vf_fail(v, CSPDM_E_FIELD, 0, "%s: %s (not what evidence.json says)", rel, key);
		json_decref(got); /* key is its */
		return st;
	}
	report(v, "tdisp: %s: %lld bytes, %lld MMIO ranges, SHA-384 and fields as recorded", rel,
	       (long long)json_integer_value(json_object_get(got, "length")),
	       (long long)json_integer_value(json_object_get(got, "mmio_range_count")));
	json_decref(got);
	return CSPDM_OK;
}

static cspdm_status check_reports(struct vf *v)
{
	json_t *arr = json_object_get(v->root, "tdisp_reports"), *ent;
	cspdm_status st = CSPDM_OK;
	size_t i;

	if (arr && !json_is_array(arr))
		return vf_fail(v, CSPDM_E_FIELD, 0, "evidence.json tdisp_reports");
	json_array_foreach(arr, i, ent)
	{
		st = check_report(v, i, ent);
		if (st)
			break;
	}
	return st;
}

/* ---- (4) policy ------------------------------------------------------------------------------ */

/* Hex shown in a mismatch message: at most this many bytes of each value. */
#define POLICY_SHOW_BYTES 64

static int parse_index(const char *key)
{
	int v = 0;
	size_t i, n = strlen(key);

	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (key[i] < '0' || key[i] > '9')
			return -1;
		v = v * 10 + (key[i] - '0');
	}
	return v >= 1 && v <= 0xFE ? v : -1;
}

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A policy value must be an even number of hex digits: what is wrong with it, or CSPDM_OK. */
static cspdm_status check_hex(struct vf *v, int index, json_t *val)
{
	const char *hex = json_string_value(val);
	size_t i, n;

	if (!hex)
		return vf_fail(v, CSPDM_E_POLICY, 0,
			       "policy index %d: the value is not a string of hex digits", index);
	n = strlen(hex);
	for (i = 0; i < n; i++)
		if (nibble(hex[i]) < 0)
			return vf_fail(v, CSPDM_E_POLICY, 0,
				       "policy index %d: \"%.40s%s\" is not hex: '%c' at character "
				       "%zu",
				       index, hex, n > 40 ? "..." : "", hex[i], i + 1);
	if (n == 0 || n % 2)
		return vf_fail(v, CSPDM_E_POLICY, 0,
			       "policy index %d: %s (%zu hex digits): a value is whole bytes",
			       index, n ? "an odd number of digits" : "empty", n);
	return CSPDM_OK;
}

/* The first byte where the hex value (checked) and d[0..n) differ, or the shorter length. */
static size_t hex_diff(const char *hex, const uint8_t *d, size_t n)
{
	size_t i, len = strlen(hex) / 2;

	for (i = 0; i < n && i < len; i++)
		if ((uint8_t)(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1])) != d[i])
			break;
	return i;
}

static int find_block(const struct vf *v, int index, struct spdm_meas_block *b)
{
	size_t off = 0;

	while (off < v->record.n) {
		if (spdm_next_meas_block(v->record.d, v->record.n, &off, b, NULL))
			return 0;
		if (b->index == index)
			return 1;
	}
	return 0;
}

/* "policy index N: expected HEX, measured HEX", each value cut to POLICY_SHOW_BYTES. */
static cspdm_status mismatch(struct vf *v, int index, const char *hex,
			     const struct spdm_meas_block *b, size_t at)
{
	char got[2 * POLICY_SHOW_BYTES + 1];
	size_t want_n = strlen(hex) / 2, got_n = b->value_size;
	size_t show = got_n < POLICY_SHOW_BYTES ? got_n : POLICY_SHOW_BYTES;
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < show; i++) {
		got[2 * i] = digits[b->value[i] >> 4];
		got[2 * i + 1] = digits[b->value[i] & 0xF];
	}
	got[2 * show] = 0;
	return vf_fail(v, CSPDM_E_POLICY, at,
		       "policy index %d: expected %.*s%s (%zu bytes), measured %s%s (%zu bytes); "
		       "they differ from byte %zu",
		       index, 2 * POLICY_SHOW_BYTES, hex, want_n > POLICY_SHOW_BYTES ? "..." : "",
		       want_n, got, got_n > POLICY_SHOW_BYTES ? "..." : "", got_n, at);
}

static cspdm_status policy_entry(struct vf *v, const char *key, json_t *val)
{
	struct spdm_meas_block b;
	int index = parse_index(key);
	size_t at;
	cspdm_status st;

	if (index < 0)
		return vf_fail(v, CSPDM_E_POLICY, 0,
			       "policy key \"%.32s\": not a measurement index (1..254)", key);
	st = check_hex(v, index, val);
	if (st)
		return st;
	if (!find_block(v, index, &b))
		return vf_fail(v, CSPDM_E_POLICY, 0,
			       "policy index %d: the bundle has no measurement %d", index, index);
	at = hex_diff(json_string_value(val), b.value, b.value_size);
	if (at != b.value_size || strlen(json_string_value(val)) != 2u * (size_t)b.value_size)
		return mismatch(v, index, json_string_value(val), &b, at);
	report(v, "policy index %d: matches", index);
	return CSPDM_OK;
}

/* The policy file, parsed: a missing file is an I/O error, bad JSON a policy error. */
static cspdm_status load_policy(struct vf *v, json_t **pol)
{
	const char *path = v->o->policy;
	struct buf b = {NULL, 0};
	json_error_t je;
	cspdm_status st;
	FILE *f = fopen(path, "rb");

	if (!f) {
		int os_error = errno;

		st = vf_fail(v, CSPDM_E_IO, 0, "policy %.200s", path);
		v->err->os_error = os_error;
		return st;
	}
	st = slurp(f, &b);
	(void)fclose(f);
	if (st) {
		buf_free(&b);
		return vf_fail(v, st, 0, "policy %.200s", path);
	}
	*pol = json_loadb((const char *)b.d, b.n, JSON_REJECT_DUPLICATES, &je);
	buf_free(&b);
	if (!*pol)
		return vf_fail(v, CSPDM_E_POLICY, (size_t)je.position,
			       "policy %.200s: line %d, column %d: %s", path, je.line, je.column,
			       je.text);
	if (!json_is_object(*pol))
		return vf_fail(v, CSPDM_E_POLICY, 0,
			       "policy %.200s: not a JSON object (it maps measurement indices to "
			       "hex values)",
			       path);
	return CSPDM_OK;
}

static cspdm_status check_policy(struct vf *v)
{
	json_t *pol = NULL, *val;
	const char *key;
	cspdm_status st = load_policy(v, &pol);

	if (!st && json_object_size(pol) && !v->nmtr)
		st = vf_fail(v, CSPDM_E_SIGNATURE, 0, "policy (measurements are not signed)");
	json_object_foreach(pol, key, val)
	{
		if (st)
			break;
		st = policy_entry(v, key, val);
	}
	json_decref(pol);
	return st;
}

/* ---- all checks ------------------------------------------------------------------------------ */

static cspdm_status vf_run(struct vf *v)
{
	cspdm_status st = load_json(v);

	if (!st)
		st = load_header(v);
	if (!st)
		st = check_chains(v);
	if (!st)
		st = check_sigs(v);
	if (!st)
		st = check_meas(v);
	if (!st)
		st = check_reports(v);
	if (!st && v->o->policy)
		st = check_policy(v);
	return st;
}

static void vf_free(struct vf *v)
{
	size_t i;

	for (i = 0; i < CSPDM_MAX_SLOTS; i++)
		if (v->key[i])
			v->ops->key_free(v->ops->priv, v->key[i]);
	for (i = 0; i < v->nmtr; i++)
		buf_free(&v->mtr[i]);
	free(v->mtr);
	buf_free(&v->record);
	json_decref(v->root);
}

cspdm_status cspdm_verify_bundle(const char *dir, const struct cspdm_verify_opts *o,
				 cspdm_error *err, int *trusted)
{
	static const struct cspdm_verify_opts none;
	struct cspdm_openssl *ossl = NULL;
	cspdm_error local = {0};
	struct vf v;
	cspdm_status st;

	memset(&v, 0, sizeof(v));
	v.dir = dir;
	v.o = o ? o : &none;
	v.err = err ? err : &local;
	memset(v.err, 0, sizeof(*v.err));
	if (trusted)
		*trusted = 0;
	if (!dir || !*dir)
		return vf_fail(&v, CSPDM_E_INVALID_ARG, 0, "bundle directory");
	st = cspdm_openssl_new(&ossl, v.o->trust);
	if (st)
		return vf_fail(&v, st, 0, "trust store %.100s", v.o->trust ? v.o->trust : "-");
	v.ops = cspdm_openssl_ops(ossl);
	st = vf_run(&v);
	if (!st && trusted)
		*trusted = v.o->trust && v.chains && v.chains == v.chains_trusted;
	vf_free(&v);
	cspdm_openssl_free(ossl);
	return st;
}
