/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The evidence bundle writer (evidence.h): keeps copies of what authentication and
 * measurement learned, then writes the kernel-ABI-style layout and evidence.json (jansson).
 */
#include "evidence.h"

#include <errno.h>
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "codec/certchain.h"
#include "codec/spdm.h"
#include "crypto/openssl_priv.h"
#include "ev_tdisp.h"

#define EV_PATH_MAX 4096

struct ev_sig {
	enum cspdm_sig_kind kind;
	uint8_t version;
	uint8_t slot;
	uint32_t base_asym, base_hash;
	uint8_t *transcript;
	size_t transcript_len;
	uint8_t req_nonce[CSPDM_NONCE_SIZE];
	uint8_t rsp_nonce[CSPDM_NONCE_SIZE];
	uint8_t sig[CSPDM_MAX_SIG_SIZE];
	size_t sig_len;
	char context[64];
	uint8_t prefix[100];
	size_t prefix_len;
};

struct ev_report {
	uint32_t interface_id;
	uint8_t *data;
	size_t len;
};

struct cspdm_evidence {
	struct ev_sig *sigs;
	size_t nsigs, cap;
	cspdm_status sticky; /* a copy that failed in on_signature */
	int have_auth;
	struct cspdm_result auth; /* pointers cleared; the chain is copied below */
	uint8_t *chain;
	size_t chain_len;
	char *device, *transport;
	uint8_t *record;
	size_t record_len;
	struct ev_report *tdisp; /* TDISP interface reports */
	size_t ntdisp;
};

/* ---- names shared with the verifier ---------------------------------------------------------- */

static const char *const hash_names[] = {"sha256",   "sha384",	 "sha512", "sha3-256",
					 "sha3-384", "sha3-512", "sm3"};

const char *cspdm_evidence_hash_name(uint32_t base_hash)
{
	unsigned i;

	for (i = 0; i < sizeof(hash_names) / sizeof(hash_names[0]); i++)
		if (base_hash == 1u << i)
			return hash_names[i];
	return NULL;
}

uint32_t cspdm_evidence_hash_parse(const char *name)
{
	unsigned i;

	for (i = 0; name && i < sizeof(hash_names) / sizeof(hash_names[0]); i++)
		if (!strcmp(name, hash_names[i]))
			return 1u << i;
	return 0;
}

const char *cspdm_evidence_dmtf_type_name(uint8_t dmtf_type)
{
	static const char *const names[] = {"immutable_rom",
					    "mutable_firmware",
					    "hardware_config",
					    "firmware_config",
					    "manifest",
					    "device_mode",
					    "version",
					    "svn",
					    "hash_extend",
					    "informational",
					    "structured_manifest"};
	unsigned t = dmtf_type & 0x7Fu;

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "unknown";
}

const char *cspdm_evidence_sig_type(enum cspdm_sig_kind kind)
{
	switch (kind) {
	case CSPDM_SIG_CHALLENGE_AUTH:
		return "challenge_auth";
	case CSPDM_SIG_KEY_EXCHANGE_RSP:
		return "key_exchange_rsp";
	default:
		return "measurements";
	}
}

/* ---- collecting ------------------------------------------------------------------------------ */

struct cspdm_evidence *cspdm_evidence_new(void)
{
	return calloc(1, sizeof(struct cspdm_evidence));
}

void cspdm_evidence_free(struct cspdm_evidence *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->nsigs; i++)
		free(e->sigs[i].transcript);
	free(e->sigs);
	free(e->chain);
	free(e->device);
	free(e->transport);
	free(e->record);
	for (i = 0; i < e->ntdisp; i++)
		free(e->tdisp[i].data);
	free(e->tdisp);
	free(e);
}

static struct ev_sig *ev_sig_slot(struct cspdm_evidence *e)
{
	struct ev_sig *s;
	size_t cap;

	if (e->nsigs == e->cap) {
		cap = e->cap ? 2 * e->cap : 4;
		s = realloc(e->sigs, cap * sizeof(*s));
		if (!s)
			return NULL;
		e->sigs = s;
		e->cap = cap;
	}
	s = &e->sigs[e->nsigs];
	memset(s, 0, sizeof(*s));
	return s;
}

static cspdm_status ev_copy_sig(struct ev_sig *s, const struct cspdm_signature_evidence *ev)
{
	if (!ev->transcript || !ev->transcript_len || !ev->requester_nonce ||
	    !ev->responder_nonce || !ev->signature || ev->signature_len > sizeof(s->sig) ||
	    ev->combined_prefix_len > sizeof(s->prefix))
		return CSPDM_E_INVALID_ARG; /* no transcript recorded: cfg.transcript_buf */
	s->transcript = malloc(ev->transcript_len);
	if (!s->transcript)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(s->transcript, ev->transcript, ev->transcript_len);
	s->transcript_len = ev->transcript_len;
	s->kind = ev->kind;
	s->version = ev->version;
	s->slot = ev->slot;
	s->base_asym = ev->base_asym;
	s->base_hash = ev->base_hash;
	memcpy(s->req_nonce, ev->requester_nonce, CSPDM_NONCE_SIZE);
	memcpy(s->rsp_nonce, ev->responder_nonce, CSPDM_NONCE_SIZE);
	memcpy(s->sig, ev->signature, ev->signature_len);
	s->sig_len = ev->signature_len;
	if (ev->context)
		(void)snprintf(s->context, sizeof(s->context), "%s", ev->context);
	memcpy(s->prefix, ev->combined_prefix, ev->combined_prefix_len);
	s->prefix_len = ev->combined_prefix_len;
	return CSPDM_OK;
}

void cspdm_evidence_on_signature(void *priv, const struct cspdm_signature_evidence *ev)
{
	struct cspdm_evidence *e = priv;
	struct ev_sig *s;
	cspdm_status st;

	if (!e || !ev || e->sticky)
		return;
	s = ev_sig_slot(e);
	st = s ? ev_copy_sig(s, ev) : CSPDM_E_BUFFER_TOO_SMALL;
	if (st)
		e->sticky = st;
	else
		e->nsigs++;
}

/* A copy of src for evidence.json, which holds UTF-8 only (CSPDM_E_INVALID_ARG otherwise). */
static cspdm_status dup_str(char **dst, const char *src)
{
	json_t *utf8;

	free(*dst);
	*dst = NULL;
	if (!src)
		return CSPDM_OK;
	utf8 = json_string(src);
	if (!utf8)
		return CSPDM_E_INVALID_ARG;
	json_decref(utf8);
	*dst = strdup(src);
	return *dst ? CSPDM_OK : CSPDM_E_BUFFER_TOO_SMALL;
}

static cspdm_status dup_bytes(uint8_t **dst, size_t *dst_len, const uint8_t *src, size_t len)
{
	free(*dst);
	*dst = NULL;
	*dst_len = 0;
	if (!src || !len)
		return CSPDM_OK;
	*dst = malloc(len);
	if (!*dst)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(*dst, src, len);
	*dst_len = len;
	return CSPDM_OK;
}

cspdm_status cspdm_evidence_set_auth(struct cspdm_evidence *e, const struct cspdm_result *r,
				     const char *device, const char *transport)
{
	cspdm_status st;

	if (!e || !r)
		return CSPDM_E_INVALID_ARG;
	st = dup_bytes(&e->chain, &e->chain_len, r->cert_chain, r->cert_chain_len);
	if (!st)
		st = dup_str(&e->device, device);
	if (!st)
		st = dup_str(&e->transport, transport);
	if (st)
		return st;
	e->auth = *r;
	e->auth.cert_chain = NULL;
	e->auth.transcript = NULL;
	memset(e->auth.digests, 0, sizeof(e->auth.digests));
	e->have_auth = 1;
	return CSPDM_OK;
}

cspdm_status cspdm_evidence_set_meas(struct cspdm_evidence *e, const struct cspdm_meas_result *m)
{
	struct spdm_meas_block b;
	size_t off = 0;
	cspdm_status st;

	if (!e || !m || (!m->record && m->record_len))
		return CSPDM_E_INVALID_ARG;
	while (off < m->record_len) {
		st = spdm_next_meas_block(m->record, m->record_len, &off, &b, NULL);
		if (st)
			return st;
	}
	return dup_bytes(&e->record, &e->record_len, m->record, m->record_len);
}

cspdm_status cspdm_evidence_add_tdisp_report(struct cspdm_evidence *e, uint32_t interface_id,
					     const uint8_t *report, size_t len)
{
	struct ev_report *t;
	cspdm_status st;

	if (!e || !report || !len)
		return CSPDM_E_INVALID_ARG;
	t = realloc(e->tdisp, (e->ntdisp + 1) * sizeof(*t));
	if (!t)
		return CSPDM_E_BUFFER_TOO_SMALL;
	e->tdisp = t;
	t += e->ntdisp;
	t->interface_id = interface_id;
	t->data = NULL; /* dup_bytes frees what it replaces */
	st = dup_bytes(&t->data, &t->len, report, len);
	if (!st)
		e->ntdisp++;
	return st;
}

/* ---- files ----------------------------------------------------------------------------------- */

/* The file that could not be written, and why (cspdm_evidence_write's err->field). */
static _Thread_local char failed_path[EV_PATH_MAX];
static _Thread_local int failed_errno;

static cspdm_status io_fail(const char *path)
{
	failed_errno = errno;
	(void)snprintf(failed_path, sizeof(failed_path), "%s", path);
	return CSPDM_E_IO;
}

static cspdm_status mkdir_one(const char *path)
{
	struct stat sb;

	if (mkdir(path, 0755) == 0)
		return CSPDM_OK;
	if (errno == EEXIST && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return CSPDM_OK;
	if (errno == EEXIST)
		errno = ENOTDIR;
	return io_fail(path);
}

/* mkdir -p */
static cspdm_status mkdir_p(const char *dir)
{
	char path[EV_PATH_MAX];
	size_t i, n = strlen(dir);
	cspdm_status st;

	if (n == 0 || n >= sizeof(path))
		return CSPDM_E_INVALID_ARG;
	memcpy(path, dir, n + 1);
	for (i = 1; i < n; i++) {
		if (path[i] != '/')
			continue;
		path[i] = 0;
		st = mkdir_one(path);
		path[i] = '/';
		if (st)
			return st;
	}
	return mkdir_one(path);
}

static cspdm_status join(char *out, const char *dir, const char *rel)
{
	int n = snprintf(out, EV_PATH_MAX, "%s/%s", dir, rel);

	return n > 0 && n < EV_PATH_MAX ? CSPDM_OK : CSPDM_E_INVALID_ARG;
}

static cspdm_status write_file(const char *dir, const char *rel, const void *d, size_t n)
{
	char path[EV_PATH_MAX];
	cspdm_status st = join(path, dir, rel);
	FILE *f;
	int bad;

	if (st)
		return st;
	f = fopen(path, "wb");
	if (!f)
		return io_fail(path);
	bad = n && fwrite(d, 1, n, f) != n;
	if (fclose(f) != 0)
		bad = 1;
	return bad ? io_fail(path) : CSPDM_OK;
}

static cspdm_status write_text(const char *dir, const char *rel, const char *line)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), "%s\n", line);

	if (n <= 0 || n >= (int)sizeof(buf))
		return CSPDM_E_INVALID_ARG;
	return write_file(dir, rel, buf, (size_t)n);
}

static cspdm_status make_dirs(const char *dir)
{
	static const char *const subdirs[] = {"certificates", "signatures", "measurements"};
	char path[EV_PATH_MAX];
	cspdm_status st = mkdir_p(dir);
	unsigned i;

	for (i = 0; !st && i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		st = join(path, dir, subdirs[i]);
		if (!st)
			st = mkdir_one(path);
	}
	return st;
}

/* ---- JSON helpers ---------------------------------------------------------------------------- */

/* Set key to v (reference stolen); returns 1 if that failed (v NULL or out of memory). */
static int jset(json_t *obj, const char *key, json_t *v)
{
	return json_object_set_new(obj, key, v) != 0;
}

static json_t *jhex(const uint8_t *d, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);
	json_t *j;
	size_t i;

	if (!s || (!d && n)) {
		free(s);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[d[i] >> 4];
		s[2 * i + 1] = digits[d[i] & 0xF];
	}
	s[2 * n] = 0;
	j = json_string(s);
	free(s);
	return j;
}

static json_t *jversion(uint8_t v)
{
	return json_sprintf("%u.%u", v >> 4, v & 0xF);
}

static json_t *jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static const char *outcome_name(enum cspdm_auth_outcome o)
{
	switch (o) {
	case CSPDM_AUTH_TRUSTED:
		return "trusted";
	case CSPDM_AUTH_EVIDENCE_READY:
		return "evidence_ready";
	default:
		return "failed";
	}
}

static const char *meas_hash_name(uint32_t meas_hash)
{
	static const char *const names[] = {"raw",	"SHA_256",  "SHA_384", "SHA_512",
					    "SHA3_256", "SHA3_384", "SHA3_512"};
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (meas_hash == 1u << i)
			return names[i];
	return NULL;
}

/* ---- certificates ---------------------------------------------------------------------------- */

static cspdm_status pem_one(BIO *bio, const uint8_t *der, size_t len)
{
	const unsigned char *p = der;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	cspdm_status st = CSPDM_OK;

	if (!x || p != der + len)
		st = CSPDM_E_X509_PARSE;
	else if (PEM_write_bio_X509(bio, x) != 1)
		st = CSPDM_E_IO;
	X509_free(x);
	return st;
}

static cspdm_status write_pem(const char *path, const struct spdm_cert_chain *cc)
{
	BIO *bio = BIO_new_file(path, "w");
	size_t off = 0, n = 0;
	cspdm_status st = bio ? CSPDM_OK : io_fail(path);

	while (!st && off < cc->certs_len) {
		st = spdm_der_cert_len(cc->certs + off, cc->certs_len - off, &n, NULL);
		if (!st)
			st = pem_one(bio, cc->certs + off, n);
		off += n;
	}
	if (bio && BIO_flush(bio) != 1 && !st)
		st = io_fail(path);
	BIO_free(bio);
	ERR_clear_error();
	return st;
}

/* Subjects of the chain's certificates, root first, and the leaf's subjectAltName. */
static int json_subjects(json_t *ent, const struct spdm_cert_chain *cc)
{
	char subject[256], san[512];
	json_t *subjects = json_array();
	size_t off = 0, n;
	int bad = !subjects;

	san[0] = 0;
	while (!bad && off < cc->certs_len &&
	       !spdm_der_cert_len(cc->certs + off, cc->certs_len - off, &n, NULL)) {
		if (cspdm_openssl_cert_summary(cc->certs + off, n, subject, sizeof(subject), san,
					       sizeof(san)))
			break;
		bad |= json_array_append_new(subjects, json_string(subject)) != 0;
		off += n;
	}
	bad |= jset(ent, "subjects", subjects);
	bad |= jset(ent, "leaf_san", json_string(san));
	return bad;
}

static cspdm_status write_certs(const struct cspdm_evidence *e, const char *dir, json_t *arr)
{
	char rel[64], pem_rel[64], path[EV_PATH_MAX];
	struct spdm_cert_chain cc;
	json_t *ent;
	cspdm_status st;
	int bad;

	if (!e->chain)
		return CSPDM_OK;
	st = spdm_dec_cert_chain(e->auth.version, cspdm_hash_size(e->auth.base_hash), e->chain,
				 e->chain_len, &cc, NULL);
	(void)snprintf(rel, sizeof(rel), "certificates/slot%u", e->auth.slot);
	(void)snprintf(pem_rel, sizeof(pem_rel), "certificates/slot%u.pem", e->auth.slot);
	if (!st)
		st = write_file(dir, rel, e->chain, e->chain_len);
	if (!st)
		st = join(path, dir, pem_rel);
	if (!st)
		st = write_pem(path, &cc);
	if (st)
		return st;
	ent = json_object();
	if (!ent)
		return CSPDM_E_BUFFER_TOO_SMALL;
	bad = jset(ent, "slot", json_integer(e->auth.slot));
	bad |= jset(ent, "file", json_string(rel));
	bad |= jset(ent, "pem", json_string(pem_rel));
	bad |= jset(ent, "length", json_integer((json_int_t)e->chain_len));
	bad |= json_subjects(ent, &cc);
	bad |= json_array_append_new(arr, ent) != 0;
	return bad ? CSPDM_E_BUFFER_TOO_SMALL : CSPDM_OK;
}

/* ---- signatures ------------------------------------------------------------------------------ */

struct ev_file {
	const char *suffix;
	const uint8_t *data;
	size_t len;
};

static cspdm_status write_sig_files(const struct ev_sig *s, size_t k, const char *dir,
				    json_t *files)
{
	const struct ev_file bin[] = {
	    {"transcript", s->transcript, s->transcript_len},
	    {"signature", s->sig, s->sig_len},
	    {"requester_nonce", s->req_nonce, CSPDM_NONCE_SIZE},
	    {"responder_nonce", s->rsp_nonce, CSPDM_NONCE_SIZE},
	    {"combined_spdm_prefix", s->prefix, s->prefix_len},
	};
	const char *hash = cspdm_evidence_hash_name(s->base_hash);
	char rel[64];
	cspdm_status st = hash ? CSPDM_OK : CSPDM_E_ALGORITHM;
	unsigned i;
	int bad = 0;

	for (i = 0; !st && i < sizeof(bin) / sizeof(bin[0]); i++) {
		(void)snprintf(rel, sizeof(rel), "signatures/%zu_%s", k, bin[i].suffix);
		st = write_file(dir, rel, bin[i].data, bin[i].len);
		bad |= jset(files, bin[i].suffix, json_string(rel));
	}
	(void)snprintf(rel, sizeof(rel), "signatures/%zu_type", k);
	if (!st)
		st = write_text(dir, rel, cspdm_evidence_sig_type(s->kind));
	bad |= jset(files, "type", json_string(rel));
	(void)snprintf(rel, sizeof(rel), "signatures/%zu_hash_algorithm", k);
	if (!st)
		st = write_text(dir, rel, hash);
	bad |= jset(files, "hash_algorithm", json_string(rel));
	return st ? st : (bad ? CSPDM_E_BUFFER_TOO_SMALL : CSPDM_OK);
}

static cspdm_status write_sig(const struct ev_sig *s, size_t k, const char *dir, json_t *arr)
{
	json_t *ent = json_object(), *files = json_object();
	cspdm_status st;
	int bad;

	if (!ent || !files) {
		json_decref(ent);
		json_decref(files);
		return CSPDM_E_BUFFER_TOO_SMALL;
	}
	bad = jset(ent, "index", json_integer((json_int_t)k));
	bad |= jset(ent, "type", json_string(cspdm_evidence_sig_type(s->kind)));
	bad |= jset(ent, "slot", json_integer(s->slot));
	bad |= jset(ent, "spdm_version", jversion(s->version));
	bad |= jset(ent, "hash_algorithm", jstr_or_null(cspdm_evidence_hash_name(s->base_hash)));
	bad |= jset(ent, "asym_algorithm", json_string(cspdm_asym_name(s->base_asym)));
	bad |=
	    jset(ent, "context", s->version >= CSPDM_V12 ? json_string(s->context) : json_null());
	bad |= jset(ent, "files", files);
	bad |= json_array_append_new(arr, ent) != 0;
	st = write_sig_files(s, k, dir, files);
	return st ? st : (bad ? CSPDM_E_BUFFER_TOO_SMALL : CSPDM_OK);
}

static cspdm_status write_sigs(const struct cspdm_evidence *e, const char *dir, json_t *arr)
{
	cspdm_status st = CSPDM_OK;
	size_t k;

	for (k = 0; !st && k < e->nsigs; k++)
		st = write_sig(&e->sigs[k], k, dir, arr);
	return st;
}

/* ---- measurements ---------------------------------------------------------------------------- */

static int json_block(json_t *arr, const struct spdm_meas_block *b, const char *rel)
{
	json_t *ent = json_object();
	int dmtf = b->value != NULL, bad = !ent;

	bad |= jset(ent, "index", json_integer(b->index));
	bad |= jset(ent, "dmtf_type", dmtf ? json_integer(b->dmtf_type & 0x7F) : json_null());
	bad |= jset(ent, "dmtf_type_name",
		    dmtf ? json_string(cspdm_evidence_dmtf_type_name(b->dmtf_type)) : json_null());
	bad |= jset(ent, "raw", json_boolean(dmtf && (b->dmtf_type & 0x80)));
	bad |= jset(ent, "value", jhex(b->value, b->value_size));
	bad |= jset(ent, "file", json_string(rel));
	bad |= json_array_append_new(arr, ent) != 0;
	return bad;
}

static cspdm_status write_meas(const struct cspdm_evidence *e, const char *dir, json_t *arr)
{
	struct spdm_meas_block b;
	char rel[64];
	size_t off = 0;
	cspdm_status st;
	int bad = 0;

	if (!e->record)
		return CSPDM_OK;
	st = write_file(dir, "measurements/record", e->record, e->record_len);
	while (!st && off < e->record_len) {
		st = spdm_next_meas_block(e->record, e->record_len, &off, &b, NULL);
		if (st)
			break;
		(void)snprintf(rel, sizeof(rel), "measurements/%u", b.index);
		st = write_file(dir, rel, b.value, b.value_size);
		if (!st)
			bad |= json_block(arr, &b, rel);
	}
	return st ? st : (bad ? CSPDM_E_BUFFER_TOO_SMALL : CSPDM_OK);
}

/* ---- TDISP interface reports ------------------------------------------------------------------
 */

static cspdm_status write_tdisp(const struct cspdm_evidence *e, const char *dir, json_t *arr)
{
	char rel[64], path[EV_PATH_MAX];
	cspdm_error why;
	cspdm_status st = e->ntdisp ? join(path, dir, "tdisp") : CSPDM_OK;
	json_t *ent;
	size_t i;

	if (!st && e->ntdisp)
		st = mkdir_one(path);
	for (i = 0; !st && i < e->ntdisp; i++) {
		ev_tdisp_file(e->tdisp[i].interface_id, rel, sizeof(rel));
		st = write_file(dir, rel, e->tdisp[i].data, e->tdisp[i].len);
		ent = st ? NULL : ev_tdisp_summary(e->tdisp[i].data, e->tdisp[i].len, &why);
		if (!st && !ent) /* the requester decoded it already: it would not be here */
			st = why.code;
		if (!st && (jset(ent, "file", json_string(rel)) ||
			    jset(ent, "interface_id", json_integer(e->tdisp[i].interface_id)) ||
			    json_array_append_new(arr, ent)))
			st = CSPDM_E_BUFFER_TOO_SMALL;
	}
	return st;
}

/* ---- evidence.json --------------------------------------------------------------------------- */

static uint8_t bundle_version(const struct cspdm_evidence *e)
{
	if (e->have_auth)
		return e->auth.version;
	return e->nsigs ? e->sigs[0].version : 0;
}

static int json_auth(const struct cspdm_evidence *e, json_t *root)
{
	const struct cspdm_result *r = &e->auth;
	json_t *algs = json_object();
	int bad = !algs;

	bad |= jset(root, "device", jstr_or_null(e->device));
	bad |= jset(root, "transport", jstr_or_null(e->transport));
	bad |= jset(root, "spdm_version", jversion(bundle_version(e)));
	if (!e->have_auth) {
		json_decref(algs);
		return bad;
	}
	bad |= jset(algs, "base_asym", json_string(cspdm_asym_name(r->base_asym)));
	bad |= jset(algs, "base_hash", json_string(cspdm_hash_name(r->base_hash)));
	bad |= jset(algs, "measurement_hash", jstr_or_null(meas_hash_name(r->meas_hash)));
	bad |= jset(root, "algorithms", algs);
	bad |= jset(root, "slot", json_integer(r->slot));
	bad |= jset(root, "slot_mask", json_integer(r->slot_mask));
	bad |= jset(root, "outcome", json_string(outcome_name(r->outcome)));
	return bad;
}

static cspdm_status write_json(const char *dir, json_t *root)
{
	char path[EV_PATH_MAX];
	cspdm_status st = join(path, dir, "evidence.json");

	if (st)
		return st;
	if (json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
		return io_fail(path);
	return CSPDM_OK;
}

static cspdm_status write_all(const struct cspdm_evidence *e, const char *dir, json_t *root)
{
	json_t *certs = json_array(), *sigs = json_array(), *meas = json_array();
	json_t *tdisp = json_array();
	cspdm_status st;
	int bad;

	bad = jset(root, "format", json_string(CSPDM_EVIDENCE_FORMAT));
	bad |= jset(root, "format_version", json_integer(CSPDM_EVIDENCE_FORMAT_VERSION));
	bad |= json_auth(e, root);
	bad |= jset(root, "certificates", certs);
	bad |= jset(root, "signatures", sigs);
	bad |= jset(root, "measurement_record",
		    e->record ? json_string("measurements/record") : json_null());
	bad |= jset(root, "measurements", meas);
	bad |= jset(root, "tdisp_reports", tdisp);
	if (bad)
		return CSPDM_E_BUFFER_TOO_SMALL;
	st = make_dirs(dir);
	if (!st)
		st = write_certs(e, dir, certs);
	if (!st)
		st = write_sigs(e, dir, sigs);
	if (!st)
		st = write_meas(e, dir, meas);
	if (!st)
		st = write_tdisp(e, dir, tdisp);
	return st ? st : write_json(dir, root);
}

cspdm_status cspdm_evidence_write(const struct cspdm_evidence *e, const char *dir, cspdm_error *err)
{
	json_t *root;
	cspdm_status st;

	if (err)
		memset(err, 0, sizeof(*err));
	failed_errno = 0;
	failed_path[0] = 0;
	if (!e || !dir || !*dir)
		return CSPDM_E_INVALID_ARG;
	if (e->sticky)
		return e->sticky;
	root = json_object();
	if (!root)
		return CSPDM_E_BUFFER_TOO_SMALL;
	st = write_all(e, dir, root);
	json_decref(root);
	if (err && st) {
		err->code = st;
		err->field = failed_path[0] ? failed_path : NULL;
		err->os_error = failed_errno;
	}
	return st;
}
