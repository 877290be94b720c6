/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Evidence bundles: our requester against our responder in-process (SPDM 1.0 .. 1.4) writes a
 * bundle, and the offline verifier accepts it, trusted with the generated root; from 1.1 with
 * a secure session, whose KEY_EXCHANGE_RSP signature joins the bundle. Then every byte of the
 * signed files is flipped in turn, and the verifier must name the damage: the transcript
 * (CSPDM_E_SIGNATURE, or CSPDM_E_NONCE inside a nonce; every byte of a KEY_EXCHANGE_RSP
 * transcript gives CSPDM_E_SIGNATURE, its signature being checked first), the signature, the
 * nonces (a KEY_EXCHANGE_RSP's RandomData); and a wrong expected nonce, a reference policy, an
 * untrusted root, missing and short files, the measurement record and its copies, and the PEM file.
 */
#include <dirent.h>
#include <jansson.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "codec/spdm.h"
#include "core/transcript.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "cspdm/transport.h"
#include "evidence/evidence.h"

struct pair {
	uint32_t asym, hash;
	struct cspdm_openssl *ossl;
	struct cspdm_identity id;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096];
	uint64_t rsp_sess_mem[256];
	struct cspdm_context *req;
	uint64_t req_mem[1024];
	struct cspdm_session *sess;
	uint64_t sess_mem[256];
	uint8_t sess_tx[8192];
	uint8_t cert[65536];
	uint8_t meas[8192];
	uint8_t transcript[16384];
	uint8_t rx[8192];
	struct cspdm_evidence *ev;
	char tmp[64];	 /* the test's temporary directory */
	char dir[128];	 /* the bundle */
	char trust[128]; /* the generated root, PEM */
	unsigned nsigs;	 /* signatures in the bundle */
};

/* ---- files ----------------------------------------------------------------------------------- */

static void rm_rf(const char *path)
{
	char sub[512];
	struct dirent *de;
	struct stat sb;
	DIR *d;

	if (lstat(path, &sb) != 0)
		return;
	if (S_ISDIR(sb.st_mode) && (d = opendir(path))) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			rm_rf(sub);
		}
		closedir(d);
	}
	remove(path);
}

static const char *bpath(const struct pair *p, const char *rel)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", p->dir, rel);
	return path;
}

static uint8_t *read_rel(const struct pair *p, const char *rel, size_t *len)
{
	uint8_t *d = tu_read_file(bpath(p, rel), len);

	assert_non_null(d);
	return d;
}

static void write_rel(const struct pair *p, const char *rel, const uint8_t *d, size_t len)
{
	FILE *f = fopen(bpath(p, rel), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* ---- the requester against the responder ----------------------------------------------------- */

static void pair_init_alg(struct pair *p, uint32_t asym, uint32_t hash)
{
	struct cspdm_responder_config rc;

	memset(p, 0, sizeof(*p));
	p->asym = asym;
	p->hash = hash;
	assert_int_equal(cspdm_openssl_new(&p->ossl, NULL), CSPDM_OK);
	cspdm_responder_config_defaults(&rc);
	rc.crypto = cspdm_openssl_ops(p->ossl);
	rc.base_asym = asym;
	rc.base_hash = hash;
	assert_int_equal(cspdm_identity_generate(asym, NULL, 0, &p->id), CSPDM_OK);
	rc.slots[0].certs = p->id.chain;
	rc.slots[0].certs_len = p->id.chain_len;
	rc.slots[0].key = p->id.key;
	rc.caps |= CSPDM_RSP_CAPS_SESSIONS;
	rc.session_mem = p->rsp_sess_mem;
	rc.session_count = 1;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_NONE, &rc.binding);
	assert_true(cspdm_session_size() <= sizeof(p->rsp_sess_mem));
	assert_int_equal(cspdm_responder_init(&p->rsp, p->rsp_mem, sizeof(p->rsp_mem), &rc),
			 CSPDM_OK);
	snprintf(p->tmp, sizeof(p->tmp), "/tmp/cspdm-evidence-XXXXXX");
	assert_non_null(mkdtemp(p->tmp));
	snprintf(p->trust, sizeof(p->trust), "%s/root.pem", p->tmp);
	assert_int_equal(cspdm_identity_export_root(&p->id, p->trust), CSPDM_OK);
}

static void pair_init(struct pair *p)
{
	pair_init_alg(p, CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384);
}

static void pair_free(struct pair *p)
{
	cspdm_responder_deinit(p->rsp);
	if (p->req)
		cspdm_deinit(p->req);
	cspdm_evidence_free(p->ev);
	cspdm_identity_free(&p->id);
	cspdm_openssl_free(p->ossl);
	rm_rf(p->tmp);
}

static void req_init(struct pair *p, uint8_t ver, const uint8_t *nonce, int record)
{
	struct cspdm_config c;

	cspdm_config_defaults(&c);
	c.crypto = cspdm_openssl_ops(p->ossl);
	c.max_version = ver;
	c.min_version = ver;
	c.cert_buf = p->cert;
	c.cert_cap = sizeof(p->cert);
	c.meas_buf = p->meas;
	c.meas_cap = sizeof(p->meas);
	c.transcript_buf = record ? p->transcript : NULL;
	c.transcript_cap = record ? sizeof(p->transcript) : 0;
	c.rx_buf = p->rx;
	c.rx_cap = sizeof(p->rx);
	c.on_signature = cspdm_evidence_on_signature;
	c.on_signature_priv = p->ev;
	if (nonce) {
		c.have_nonce = 1;
		memcpy(c.nonce, nonce, CSPDM_NONCE_SIZE);
	}
	if (p->req)
		cspdm_deinit(p->req);
	assert_int_equal(cspdm_init(&p->req, p->req_mem, sizeof(p->req_mem), &c), CSPDM_OK);
}

/* One step of the connection, or of session s when not NULL. */
static cspdm_status step(struct pair *p, struct cspdm_session *s, uint8_t *rsp, size_t n,
			 enum cspdm_msg_kind kind, struct cspdm_action *act)
{
	return s ? cspdm_session_step(s, rsp, n, kind, act) : cspdm_step(p->req, rsp, n, act);
}

static cspdm_status drive_on(struct pair *p, struct cspdm_session *s)
{
	static uint8_t rsp[8192], req[8192];
	struct cspdm_action act;
	cspdm_status st;
	size_t n;

	st = step(p, s, NULL, 0, CSPDM_MSG_SPDM, &act);
	while (!st && act.kind != CSPDM_ACT_DONE) {
		if (act.kind == CSPDM_ACT_DELAY) {
			st = step(p, s, NULL, 0, CSPDM_MSG_SPDM, &act);
			continue;
		}
		assert_true(act.req_len <= sizeof(req));
		memcpy(req, act.req, act.req_len); /* a record is opened in place */
		n = act.msg_kind == CSPDM_MSG_SECURED
			? cspdm_responder_process_secured(p->rsp, req, act.req_len, 0, rsp,
							  sizeof(rsp))
			: cspdm_responder_process(p->rsp, req, act.req_len, 0, rsp, sizeof(rsp));
		assert_true(n > 0);
		st = step(p, s, rsp, n, act.msg_kind, &act);
	}
	return st;
}

static cspdm_status drive(struct pair *p)
{
	return drive_on(p, NULL);
}

/* A secure session opened and ended: its KEY_EXCHANGE_RSP signature joins the evidence. */
static void open_session(struct pair *p)
{
	struct cspdm_session_config sc;

	cspdm_session_config_defaults(&sc);
	sc.tx_buf = p->sess_tx;
	sc.tx_cap = sizeof(p->sess_tx);
	assert_true(cspdm_session_size() <= sizeof(p->sess_mem));
	assert_int_equal(
	    cspdm_session_init(&p->sess, p->sess_mem, sizeof(p->sess_mem), p->req, &sc), CSPDM_OK);
	assert_int_equal(cspdm_session_open_begin(p->sess), CSPDM_OK);
	assert_int_equal(drive_on(p, p->sess), CSPDM_OK);
	assert_int_equal(cspdm_session_end_begin(p->sess, 1), CSPDM_OK);
	assert_int_equal(drive_on(p, p->sess), CSPDM_OK);
	cspdm_session_deinit(p->sess);
	p->sess = NULL;
	p->nsigs++;
}

struct bundle_opts {
	uint8_t version;
	const uint8_t *nonce; /* fixed requester nonce, or NULL */
	uint16_t meas_op;     /* CSPDM_MEAS_ONE_BY_ONE, 0xFF, or 0 for none */
	uint8_t sign;	      /* signed measurements */
	int record;	      /* record the transcript */
	int session;	      /* then a secure session (1.1+): a KEY_EXCHANGE_RSP signature */
};

/* Authenticate, measure, and collect into a fresh p->ev; returns the write status. */
static cspdm_status collect(struct pair *p, const struct bundle_opts *b)
{
	struct cspdm_meas_query q = {b->meas_op, b->sign, 0};
	struct cspdm_meas_result mr;
	struct cspdm_result res;

	cspdm_evidence_free(p->ev);
	p->ev = cspdm_evidence_new();
	assert_non_null(p->ev);
	req_init(p, b->version, b->nonce, b->record);
	assert_int_equal(cspdm_auth_begin(p->req), CSPDM_OK);
	assert_int_equal(drive(p), CSPDM_OK);
	assert_int_equal(cspdm_get_result(p->req, &res), CSPDM_OK);
	assert_int_equal(res.version, b->version);
	assert_int_equal(cspdm_evidence_set_auth(p->ev, &res, "in-process", "none"), CSPDM_OK);
	p->nsigs = 1;
	if (b->meas_op) {
		assert_int_equal(cspdm_meas_begin(p->req, &q), CSPDM_OK);
		assert_int_equal(drive(p), CSPDM_OK);
		assert_int_equal(cspdm_get_meas_result(p->req, &mr), CSPDM_OK);
		assert_true(mr.blocks > 0);
		assert_int_equal(cspdm_evidence_set_meas(p->ev, &mr), CSPDM_OK);
		p->nsigs += mr.signatures;
	}
	if (b->session)
		open_session(p);
	snprintf(p->dir, sizeof(p->dir), "%s/bundle-%02x/nested", p->tmp, b->version);
	rm_rf(p->dir);
	return cspdm_evidence_write(p->ev, p->dir, NULL);
}

static void build(struct pair *p, uint8_t version, const uint8_t *nonce)
{
	struct bundle_opts b = {version, nonce, CSPDM_MEAS_ONE_BY_ONE, 1, 1, version >= CSPDM_V11};

	assert_int_equal(collect(p, &b), CSPDM_OK);
}

/* Verify with the generated root as trust; returns the status, field in *err. */
static cspdm_status verify(const struct pair *p, const char *trust, const uint8_t *nonce,
			   const char *policy, cspdm_error *err, int *trusted)
{
	struct cspdm_verify_opts o;

	memset(&o, 0, sizeof(o));
	o.trust = trust;
	o.nonce = nonce;
	o.policy = policy;
	return cspdm_verify_bundle(p->dir, &o, err, trusted);
}

static cspdm_status verify_trusted(const struct pair *p, cspdm_error *err)
{
	return verify(p, p->trust, NULL, NULL, err, NULL);
}

/* ---- the honest bundle ----------------------------------------------------------------------- */

static void check_text(const struct pair *p, const char *rel, const char *want)
{
	size_t len;
	uint8_t *d = read_rel(p, rel, &len);

	assert_int_equal(len, strlen(want));
	assert_memory_equal(d, want, len);
	free(d);
}

static void check_json(const struct pair *p, uint8_t version)
{
	json_error_t je;
	json_t *root = json_load_file(bpath(p, "evidence.json"), 0, &je), *sig, *m, *cert;
	char ver[8];

	assert_non_null(root);
	snprintf(ver, sizeof(ver), "%u.%u", version >> 4, version & 0xF);
	assert_string_equal(json_string_value(json_object_get(root, "spdm_version")), ver);
	assert_string_equal(json_string_value(json_object_get(root, "outcome")), "evidence_ready");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(root, "algorithms"), "base_asym")),
	    cspdm_asym_name(p->asym));
	assert_int_equal(json_array_size(json_object_get(root, "signatures")), p->nsigs);
	sig = json_array_get(json_object_get(root, "signatures"), 1);
	assert_string_equal(json_string_value(json_object_get(sig, "type")), "measurements");
	assert_string_equal(json_string_value(json_object_get(sig, "hash_algorithm")),
			    cspdm_evidence_hash_name(p->hash));
	sig = json_array_get(json_object_get(root, "signatures"), p->nsigs - 1);
	assert_string_equal(json_string_value(json_object_get(sig, "type")),
			    version >= CSPDM_V11 ? "key_exchange_rsp" : "measurements");
	if (version >= CSPDM_V12)
		assert_string_equal(json_string_value(json_object_get(sig, "context")),
				    version >= CSPDM_V11 ? "responder-key_exchange_rsp signing"
							 : "responder-measurements signing");
	m = json_array_get(json_object_get(root, "measurements"), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "index")), 1);
	assert_non_null(json_string_value(json_object_get(m, "dmtf_type_name")));
	assert_true(json_is_boolean(json_object_get(m, "raw")));
	cert = json_array_get(json_object_get(root, "certificates"), 0);
	assert_int_equal(json_integer_value(json_object_get(cert, "slot")), 0);
	assert_int_equal(json_array_size(json_object_get(cert, "subjects")), 3);
	json_decref(root);
}

/* The session's signature, the last one (1.1+): its files. */
static void check_kx_layout(const struct pair *p, uint8_t version)
{
	char rel[64];
	size_t len;
	uint8_t *d;

	snprintf(rel, sizeof(rel), "signatures/%u_type", p->nsigs - 1);
	check_text(p, rel, "key_exchange_rsp\n");
	snprintf(rel, sizeof(rel), "signatures/%u_combined_spdm_prefix", p->nsigs - 1);
	d = read_rel(p, rel, &len);
	assert_int_equal(len, version >= CSPDM_V12 ? 100 : 0);
	if (len)
		assert_memory_equal(d + 100 - 34, "responder-key_exchange_rsp signing", 34);
	free(d);
	snprintf(rel, sizeof(rel), "signatures/%u_responder_nonce", p->nsigs - 1);
	free(read_rel(p, rel, &len));
	assert_int_equal(len, SPDM_RANDOM_SIZE);
}

static void check_layout(const struct pair *p, uint8_t version)
{
	char hash[16];
	size_t len;
	uint8_t *d;

	check_text(p, "signatures/0_type", "challenge_auth\n");
	check_text(p, "signatures/1_type", "measurements\n");
	if (version >= CSPDM_V11)
		check_kx_layout(p, version);
	snprintf(hash, sizeof(hash), "%s\n", cspdm_evidence_hash_name(p->hash));
	check_text(p, "signatures/0_hash_algorithm", hash);
	d = read_rel(p, "signatures/0_combined_spdm_prefix", &len);
	assert_int_equal(len, version >= CSPDM_V12 ? 100 : 0);
	free(d);
	d = read_rel(p, "signatures/0_requester_nonce", &len);
	assert_int_equal(len, CSPDM_NONCE_SIZE);
	free(d);
	d = read_rel(p, "certificates/slot0", &len);
	/* header, RootHash, certificates */
	assert_int_equal(len, 4 + cspdm_hash_size(p->hash) + p->id.chain_len);
	free(d);
	free(read_rel(p, "measurements/record", &len));
	free(read_rel(p, "measurements/1", &len));
	check_json(p, version);
}

static void test_bundle_verifies(void **state)
{
	char *text = NULL;
	size_t text_len = 0;
	struct cspdm_verify_opts o;
	struct pair p;
	cspdm_error err;
	int trusted = -1;
	uint8_t v;

	(void)state;
	pair_init(&p);
	for (v = CSPDM_V10; v <= CSPDM_V14; v++) {
		build(&p, v, NULL);
		check_layout(&p, v);
		assert_int_equal(verify(&p, NULL, NULL, NULL, &err, &trusted), CSPDM_OK);
		assert_int_equal(trusted, 0);
		memset(&o, 0, sizeof(o));
		o.trust = p.trust;
		o.report = open_memstream(&text, &text_len);
		assert_non_null(o.report);
		assert_int_equal(cspdm_verify_bundle(p.dir, &o, &err, &trusted), CSPDM_OK);
		fclose(o.report);
		assert_int_equal(trusted, 1);
		assert_non_null(strstr(text, "chain slot0: trusted (3 certificates)"));
		assert_non_null(strstr(text,
				       "signature 0 (challenge_auth, ECDSA_P384, SHA_384, slot 0): "
				       "verified"));
		assert_non_null(strstr(text, "each inside a verified MEASUREMENTS signature"));
		if (v >= CSPDM_V11)
			assert_non_null(strstr(text,
					       "(key_exchange_rsp, ECDSA_P384, SHA_384, slot 0): "
					       "verified"));
		free(text);
		text = NULL;
	}
	pair_free(&p);
}

/* Other signature algorithms: EdDSA signs the prefixed message itself, RSA-PSS, P-521. */
static void check_alg(uint32_t asym, uint32_t hash, uint8_t version)
{
	struct pair p;
	cspdm_error err;
	int trusted = 0;

	pair_init_alg(&p, asym, hash);
	build(&p, version, NULL);
	check_layout(&p, version);
	assert_int_equal(verify(&p, p.trust, NULL, NULL, &err, &trusted), CSPDM_OK);
	assert_int_equal(trusted, 1);
	pair_free(&p);
}

static void test_other_algorithms(void **state)
{
	(void)state;
	check_alg(CSPDM_ASYM_EDDSA_25519, CSPDM_HASH_SHA_256, CSPDM_V12);
	check_alg(CSPDM_ASYM_EDDSA_448, CSPDM_HASH_SHA_512, CSPDM_V13);
	check_alg(CSPDM_ASYM_RSAPSS_2048, CSPDM_HASH_SHA_256, CSPDM_V11);
	check_alg(CSPDM_ASYM_RSASSA_2048, CSPDM_HASH_SHA_384, CSPDM_V13);
	check_alg(CSPDM_ASYM_ECDSA_P521, CSPDM_HASH_SHA_512, CSPDM_V14);
}

/* ---- flipping bytes -------------------------------------------------------------------------- */

/* Where each nonce sits in the transcript, and the error a byte flipped there gives. */
struct nonce_at {
	size_t req, rsp;
	cspdm_status inside;
};

static int in_nonce(const struct nonce_at *n, size_t i)
{
	return (i >= n->req && i < n->req + CSPDM_NONCE_SIZE) ||
	       (i >= n->rsp && i < n->rsp + CSPDM_NONCE_SIZE);
}

static size_t locate(const uint8_t *hay, size_t n, const uint8_t *nonce)
{
	size_t i;

	for (i = 0; i + CSPDM_NONCE_SIZE <= n; i++)
		if (!memcmp(hay + i, nonce, CSPDM_NONCE_SIZE))
			return i;
	fail_msg("nonce not in the transcript");
	return 0;
}

static void find_nonces(const struct pair *p, unsigned k, struct nonce_at *out)
{
	char rel[64];
	size_t tl, nl;
	uint8_t *t, *n;

	snprintf(rel, sizeof(rel), "signatures/%u_transcript", k);
	t = read_rel(p, rel, &tl);
	snprintf(rel, sizeof(rel), "signatures/%u_requester_nonce", k);
	n = read_rel(p, rel, &nl);
	out->req = locate(t, tl, n);
	free(n);
	snprintf(rel, sizeof(rel), "signatures/%u_responder_nonce", k);
	n = read_rel(p, rel, &nl);
	out->rsp = locate(t, tl, n);
	out->inside = CSPDM_E_NONCE;
	free(n);
	free(t);
}

/*
 * A transcript (the one of CHALLENGE_AUTH holds the whole certificate chain) gets every byte
 * of its last 200 and of its nonces flipped, and every 7th byte elsewhere: flipping all of
 * them makes the test take a minute under ASan, each verification being dominated by
 * OpenSSL's certificate and key decoding.
 */
#define FLIP_TAIL   200
#define FLIP_STRIDE 7

static int flip_here(const struct nonce_at *nonces, size_t i, size_t len)
{
	return !nonces || i + FLIP_TAIL >= len || in_nonce(nonces, i) || i % FLIP_STRIDE == 0;
}

/*
 * Flip the bytes of signatures/K_name in turn (each one restored after): the verifier must
 * fail with want, or CSPDM_E_NONCE where the byte is inside a nonce of the transcript, and
 * the field must name the file (or the nonce file) of signature K.
 */
static unsigned flip_each(const struct pair *p, unsigned k, const char *name, cspdm_status want,
			  const struct nonce_at *nonces)
{
	char rel[64], field[64], nfield[64];
	cspdm_status expect;
	cspdm_error err;
	size_t len, i;
	uint8_t *d;
	unsigned flips = 0;

	snprintf(rel, sizeof(rel), "signatures/%u_%s", k, name);
	snprintf(field, sizeof(field), "%u_%s", k, want == CSPDM_E_NONCE ? name : "signature");
	snprintf(nfield, sizeof(nfield), "%u_", k);
	d = read_rel(p, rel, &len);
	for (i = 0; i < len; i++) {
		if (!flip_here(nonces, i, len))
			continue;
		d[i] ^= 0xFF;
		write_rel(p, rel, d, len);
		expect = nonces && in_nonce(nonces, i) ? nonces->inside : want;
		if (verify_trusted(p, &err) != expect || !err.field ||
		    strncmp(err.field, expect == want ? field : nfield,
			    strlen(expect == want ? field : nfield)))
			fail_msg("%s byte %zu: got %s field %s, expected %s", rel, i,
				 cspdm_status_name(err.code), err.field ? err.field : "-",
				 cspdm_status_name(expect));
		d[i] ^= 0xFF;
		flips++;
	}
	write_rel(p, rel, d, len);
	free(d);
	assert_int_equal(verify_trusted(p, &err), CSPDM_OK);
	return flips;
}

static unsigned flip_signature_k(const struct pair *p, unsigned k)
{
	struct nonce_at n;
	unsigned flips;

	find_nonces(p, k, &n);
	flips = flip_each(p, k, "transcript", CSPDM_E_SIGNATURE, &n);
	flips += flip_each(p, k, "signature", CSPDM_E_SIGNATURE, NULL);
	flips += flip_each(p, k, "requester_nonce", CSPDM_E_NONCE, NULL);
	flips += flip_each(p, k, "responder_nonce", CSPDM_E_NONCE, NULL);
	return flips;
}

/* KEY_EXCHANGE_RSP: its signature is checked before its transcript is parsed, so a byte of
 * the transcript (every one of both RandomData) gives CSPDM_E_SIGNATURE; a RandomData file
 * that differs, CSPDM_E_NONCE. */
static unsigned flip_kx_k(const struct pair *p, unsigned k)
{
	struct nonce_at n;
	unsigned flips;

	find_nonces(p, k, &n);
	n.inside = CSPDM_E_SIGNATURE;
	flips = flip_each(p, k, "transcript", CSPDM_E_SIGNATURE, &n);

	flips += flip_each(p, k, "signature", CSPDM_E_SIGNATURE, NULL);
	flips += flip_each(p, k, "requester_nonce", CSPDM_E_NONCE, NULL);
	flips += flip_each(p, k, "responder_nonce", CSPDM_E_NONCE, NULL);
	return flips;
}

static void test_flip_every_byte(void **state)
{
	static const uint8_t versions[] = {CSPDM_V11, CSPDM_V12, CSPDM_V13};
	struct pair p;
	unsigned i, flips = 0;

	(void)state;
	/* P-256: OpenSSL's P-384 is several times slower, and this verifies thousands of times */
	pair_init_alg(&p, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	for (i = 0; i < sizeof(versions); i++) {
		build(&p, versions[i], NULL);
		assert_true(p.nsigs > 3);
		flips += flip_signature_k(&p, 0);
		flips += flip_signature_k(&p, p.nsigs - 2); /* a MEASUREMENTS signature */
		flips += flip_kx_k(&p, p.nsigs - 1);	    /* the session's */
	}
	printf("  %u single-byte flips, each caught\n", flips);
	pair_free(&p);
}

/* ---- nonce, policy, trust -------------------------------------------------------------------- */

static void test_expected_nonce(void **state)
{
	uint8_t nonce[CSPDM_NONCE_SIZE], wrong[CSPDM_NONCE_SIZE];
	struct pair p;
	cspdm_error err;

	(void)state;
	memset(nonce, 0x5A, sizeof(nonce));
	memcpy(wrong, nonce, sizeof(wrong));
	wrong[31] ^= 1;
	pair_init(&p);
	build(&p, CSPDM_V12, nonce);
	assert_int_equal(verify(&p, p.trust, nonce, NULL, &err, NULL), CSPDM_OK);
	assert_int_equal(verify(&p, p.trust, wrong, NULL, &err, NULL), CSPDM_E_NONCE);
	assert_non_null(strstr(err.field, "0_requester_nonce"));
	assert_int_equal(err.offset, 31);
	/* a random nonce is not the expected one either */
	build(&p, CSPDM_V13, NULL);
	assert_int_equal(verify(&p, p.trust, nonce, NULL, &err, NULL), CSPDM_E_NONCE);
	pair_free(&p);
}

/* A policy with every block's value from the record; one of them changed if wrong_index. */
static void write_policy(const struct pair *p, const char *path, int wrong_index)
{
	struct spdm_meas_block b;
	size_t len, off = 0, i;
	uint8_t *rec = read_rel(p, "measurements/record", &len);
	json_t *pol = json_object();
	char hex[2 * 1024 + 1], key[8];

	while (off < len) {
		assert_int_equal(spdm_next_meas_block(rec, len, &off, &b, NULL), CSPDM_OK);
		assert_true(b.value_size <= 1024);
		for (i = 0; i < b.value_size; i++)
			sprintf(hex + 2 * i, "%02x", b.value[i]);
		hex[2 * b.value_size] = 0;
		if (b.index == wrong_index)
			hex[0] = hex[0] == '0' ? '1' : '0';
		snprintf(key, sizeof(key), "%u", b.index);
		assert_int_equal(json_object_set_new(pol, key, json_string(hex)), 0);
	}
	assert_int_equal(json_dump_file(pol, path, 0), 0);
	json_decref(pol);
	free(rec);
}

static void test_policy(void **state)
{
	char path[160];
	struct pair p;
	cspdm_error err;

	(void)state;
	pair_init(&p);
	build(&p, CSPDM_V13, NULL);
	snprintf(path, sizeof(path), "%s/policy.json", p.tmp);
	write_policy(&p, path, -1);
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_OK);
	write_policy(&p, path, 2);
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_non_null(strstr(err.field, "policy index 2: expected "));
	assert_non_null(strstr(err.field, ", measured "));
	assert_non_null(strstr(err.field, "they differ from byte 0"));
	assert_int_equal(err.offset, 0);
	write_text(path, "{\"200\": \"00\"}");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_string_equal(err.field, "policy index 200: the bundle has no measurement 200");
	write_text(path, "{\"1\": ");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_non_null(strstr(err.field, "policy.json: line 1, column "));
	write_text(path, "[1, 2]");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_non_null(strstr(err.field, "not a JSON object"));
	write_text(path, "{\"x\": \"00\"}");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_string_equal(err.field, "policy key \"x\": not a measurement index (1..254)");
	write_text(path, "{\"1\": \"0g\"}");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_string_equal(err.field, "policy index 1: \"0g\" is not hex: 'g' at character 2");
	write_text(path, "{\"1\": \"abc\"}");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_non_null(strstr(err.field, "policy index 1: an odd number of digits"));
	write_text(path, "{\"1\": 7}");
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_POLICY);
	assert_string_equal(err.field, "policy index 1: the value is not a string of hex digits");
	snprintf(path, sizeof(path), "%s/no-such-policy.json", p.tmp);
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_IO);
	assert_int_equal(err.os_error, ENOENT);
	pair_free(&p);
}

static void test_untrusted_root(void **state)
{
	struct cspdm_identity other;
	char path[160];
	struct pair p;
	cspdm_error err;
	int trusted = -1;

	(void)state;
	pair_init(&p);
	build(&p, CSPDM_V12, NULL);
	assert_int_equal(cspdm_identity_generate(p.asym, NULL, 0, &other), CSPDM_OK);
	snprintf(path, sizeof(path), "%s/other.pem", p.tmp);
	assert_int_equal(cspdm_identity_export_root(&other, path), CSPDM_OK);
	assert_int_equal(verify(&p, path, NULL, NULL, &err, &trusted), CSPDM_E_X509_UNTRUSTED);
	assert_int_equal(trusted, 0);
	assert_non_null(strstr(err.field, "certificates/slot0"));
	cspdm_identity_free(&other);
	pair_free(&p);
}

/* slot0.pem holds the same certificates as the identity's chain, in order. */
static void test_pem(void **state)
{
	struct pair p;
	size_t off = 0;
	unsigned count = 0;
	unsigned char *der;
	FILE *f;
	X509 *x;
	int len;

	(void)state;
	pair_init(&p);
	build(&p, CSPDM_V13, NULL);
	f = fopen(bpath(&p, "certificates/slot0.pem"), "r");
	assert_non_null(f);
	while ((x = PEM_read_X509(f, NULL, NULL, NULL))) {
		der = NULL;
		len = i2d_X509(x, &der);
		assert_true(len > 0);
		assert_true(off + (size_t)len <= p.id.chain_len);
		assert_memory_equal(der, p.id.chain + off, (size_t)len);
		off += (size_t)len;
		count++;
		OPENSSL_free(der);
		X509_free(x);
	}
	fclose(f);
	assert_int_equal(count, 3);
	assert_int_equal(off, p.id.chain_len);
	pair_free(&p);
}

/* ---- damaged bundles ------------------------------------------------------------------------- */

static void expect_damage(const struct pair *p, cspdm_status want, const char *field)
{
	cspdm_error err;

	assert_int_equal(verify_trusted(p, &err), want);
	assert_non_null(err.field);
	if (!strstr(err.field, field))
		fail_msg("field %s, expected %s", err.field, field);
}

/* Replace a file for one check, then put the original back. */
static void with_file(const struct pair *p, const char *rel, const void *d, size_t len,
		      cspdm_status want, const char *field)
{
	size_t olen;
	uint8_t *orig = read_rel(p, rel, &olen);

	write_rel(p, rel, d, len);
	expect_damage(p, want, field);
	write_rel(p, rel, orig, olen);
	free(orig);
}

static void damage_signature_files(const struct pair *p)
{
	size_t len;
	uint8_t *d;

	d = read_rel(p, "signatures/0_signature", &len);
	with_file(p, "signatures/0_signature", d, len - 1, CSPDM_E_LENGTH, "0_signature");
	free(d);
	d = read_rel(p, "signatures/1_requester_nonce", &len);
	with_file(p, "signatures/1_requester_nonce", d, 31, CSPDM_E_LENGTH, "1_requester_nonce");
	free(d);
	d = read_rel(p, "signatures/0_combined_spdm_prefix", &len);
	d[99] ^= 1;
	with_file(p, "signatures/0_combined_spdm_prefix", d, len, CSPDM_E_FIELD,
		  "0_combined_spdm_prefix");
	with_file(p, "signatures/0_combined_spdm_prefix", d, 0, CSPDM_E_FIELD,
		  "0_combined_spdm_prefix");
	free(d);
	with_file(p, "signatures/0_type", "measurements\n", 13, CSPDM_E_FIELD, "0_type");
	with_file(p, "signatures/0_hash_algorithm", "sha256\n", 7, CSPDM_E_FIELD,
		  "0_hash_algorithm");
	with_file(p, "signatures/0_transcript", "", 0, CSPDM_E_NONCE, "0_requester_nonce");
}

static void damage_other_files(const struct pair *p)
{
	size_t len;
	uint8_t *d;

	/* the record: a value byte changed is no longer inside a signed transcript */
	d = read_rel(p, "measurements/record", &len);
	d[len - 1] ^= 1;
	with_file(p, "measurements/record", d, len, CSPDM_E_SIGNATURE, "measurements/record");
	with_file(p, "measurements/record", d, len - 1, CSPDM_E_LENGTH, "measurements/record");
	free(d);
	with_file(p, "measurements/1", "x", 1, CSPDM_E_FIELD, "measurements/1");
	d = read_rel(p, "certificates/slot0", &len);
	d[len - 1] ^= 1; /* the leaf's signature */
	with_file(p, "certificates/slot0", d, len, CSPDM_E_X509_SIGNATURE, "certificates/slot0");
	d[len - 1] ^= 1;
	d[8] ^= 1; /* RootHash */
	with_file(p, "certificates/slot0", d, len, CSPDM_E_ROOT_HASH, "certificates/slot0");
	free(d);
	d = read_rel(p, "certificates/slot0.pem", &len);
	with_file(p, "certificates/slot0.pem", d, len / 2, CSPDM_E_FIELD, "slot0.pem");
	free(d);
	with_file(p, "evidence.json", "{", 1, CSPDM_E_FIELD, "evidence.json");
}

static void test_damaged_files(void **state)
{
	struct pair p;

	(void)state;
	pair_init(&p);
	build(&p, CSPDM_V12, NULL);
	damage_signature_files(&p);
	damage_other_files(&p);
	assert_int_equal(remove(bpath(&p, "signatures/1_responder_nonce")), 0);
	expect_damage(&p, CSPDM_E_IO, "signatures/1_responder_nonce");
	pair_free(&p);
}

/* ---- a KEY_EXCHANGE_RSP transcript, signed again by the device's key ------------------------- */

/* Write signatures/K_transcript as t, and sign it (1.2: prefix and context) into K_signature. */
static void resign_kx(const struct pair *p, unsigned k, const uint8_t *t, size_t len)
{
	const struct cspdm_crypto_ops *ops = cspdm_openssl_ops(p->ossl);
	uint8_t msg[SPDM_SIGN_PREFIX_SIZE + CSPDM_MAX_HASH_SIZE], sig[CSPDM_MAX_SIG_SIZE];
	uint32_t hs = cspdm_hash_size(p->hash), ss = cspdm_sig_size(p->asym);
	char rel[64];

	spdm_sign_prefix(CSPDM_V12, "responder-key_exchange_rsp signing", msg);
	assert_int_equal(cspdm_hash_oneshot(ops, p->hash, t, len, msg + SPDM_SIGN_PREFIX_SIZE),
			 CSPDM_OK);
	assert_int_equal(ops->sign(ops->priv, p->id.key, p->asym, p->hash, msg,
				   SPDM_SIGN_PREFIX_SIZE + hs, 0, sig, ss),
			 CSPDM_OK);
	snprintf(rel, sizeof(rel), "signatures/%u_transcript", k);
	write_rel(p, rel, t, len);
	snprintf(rel, sizeof(rel), "signatures/%u_signature", k);
	write_rel(p, rel, sig, ss);
}

/* The transcript of signature k with byte at flipped (or cut to at bytes), signed again. */
static void kx_damage(const struct pair *p, unsigned k, size_t at, int cut, cspdm_status want,
		      const char *field)
{
	char rel[64], srel[64];
	size_t len, slen;
	uint8_t *t, *sig;

	snprintf(rel, sizeof(rel), "signatures/%u_transcript", k);
	snprintf(srel, sizeof(srel), "signatures/%u_signature", k);
	t = read_rel(p, rel, &len);
	sig = read_rel(p, srel, &slen);
	assert_true(at < len);
	t[at] ^= cut ? 0 : 0x01;
	resign_kx(p, k, t, cut ? at : len);
	expect_damage(p, want, field);
	t[at] ^= cut ? 0 : 0x01;
	write_rel(p, rel, t, len);
	write_rel(p, srel, sig, slen);
	free(t);
	free(sig);
}

/*
 * The checks after the signature: a transcript the device did sign, but whose end is not the
 * chain's hash, KEY_EXCHANGE and its response, or whose RandomData or SlotID are not those of
 * the files, fails. KEY_EXCHANGE: header (4), ReqSessionID (2), SessionPolicy, reserved, then
 * RandomData at byte 8.
 */
static void test_kx_transcript(void **state)
{
	struct nonce_at n;
	struct pair p;
	unsigned k;

	(void)state;
	pair_init(&p);
	build(&p, CSPDM_V12, NULL);
	k = p.nsigs - 1;
	resign_kx(&p, k, (const uint8_t *)"", 0); /* no transcript at all */
	expect_damage(&p, CSPDM_E_LENGTH, "_transcript");
	build(&p, CSPDM_V12, NULL);
	find_nonces(&p, k, &n);
	kx_damage(&p, k, n.req + 5, 0, CSPDM_E_NONCE, "_requester_nonce (not KEY_EXCHANGE's");
	kx_damage(&p, k, n.rsp + 31, 0, CSPDM_E_NONCE, "_responder_nonce (not KEY_EXCHANGE_RSP's");
	kx_damage(&p, k, n.req - 8 + 3, 0, CSPDM_E_SLOT, "_transcript (KEY_EXCHANGE SlotID)");
	kx_damage(&p, k, n.req - 8 - 1, 0, CSPDM_E_FIELD, "_transcript (no chain hash"); /* hash */
	kx_damage(&p, k, n.req - 8 + 1, 0, CSPDM_E_FIELD, "_transcript (no chain hash"); /* code */
	kx_damage(&p, k, n.rsp - 8 + 1, 0, CSPDM_E_FIELD, "_transcript (no chain hash");
	kx_damage(&p, k, n.rsp + 40, 1, CSPDM_E_FIELD, "_transcript (no chain hash"); /* cut */
	assert_int_equal(verify_trusted(&p, NULL), CSPDM_OK);
	pair_free(&p);
}

/* Measurements without signatures verify, reported as unsigned; a policy on them fails. */
static void test_unsigned_measurements(void **state)
{
	struct bundle_opts b = {CSPDM_V13, NULL, 0xFF, 0, 1, 0};
	struct cspdm_verify_opts o;
	char *text = NULL, path[160];
	size_t text_len = 0;
	struct pair p;
	cspdm_error err;

	(void)state;
	pair_init(&p);
	assert_int_equal(collect(&p, &b), CSPDM_OK);
	memset(&o, 0, sizeof(o));
	o.trust = p.trust;
	o.report = open_memstream(&text, &text_len);
	assert_int_equal(cspdm_verify_bundle(p.dir, &o, &err, NULL), CSPDM_OK);
	fclose(o.report);
	assert_non_null(strstr(text, "UNSIGNED"));
	free(text);
	snprintf(path, sizeof(path), "%s/policy.json", p.tmp);
	write_policy(&p, path, -1);
	assert_int_equal(verify(&p, p.trust, NULL, path, &err, NULL), CSPDM_E_SIGNATURE);
	assert_non_null(strstr(err.field, "policy"));
	pair_free(&p);
}

static void bad_input(void)
{
	static const uint8_t damaged[] = {1, 1, 10, 0, 0};
	struct cspdm_evidence *e = cspdm_evidence_new();
	struct cspdm_meas_result m;
	struct cspdm_result r;

	assert_non_null(e);
	memset(&r, 0, sizeof(r));
	memset(&m, 0, sizeof(m));
	assert_int_equal(cspdm_evidence_set_auth(e, &r, "\xff\xfe", NULL), CSPDM_E_INVALID_ARG);
	m.record = damaged;
	m.record_len = sizeof(damaged);
	assert_int_equal(cspdm_evidence_set_meas(e, &m), CSPDM_E_LENGTH);
	assert_int_equal(cspdm_evidence_set_meas(NULL, &m), CSPDM_E_INVALID_ARG);
	cspdm_evidence_free(e);
}

static void test_write_errors(void **state)
{
	struct bundle_opts b = {CSPDM_V12, NULL, 0, 0, 0, 0};
	char path[160];
	struct pair p;
	cspdm_error err;

	(void)state;
	pair_init(&p);
	/* no transcript recorded: the signature cannot be exported */
	assert_int_equal(collect(&p, &b), CSPDM_E_INVALID_ARG);
	b.record = 1;
	assert_int_equal(collect(&p, &b), CSPDM_OK);
	/* a bundle directory below a regular file */
	assert_int_equal(cspdm_evidence_write(p.ev, p.trust, NULL), CSPDM_E_IO);
	snprintf(path, sizeof(path), "%s/sub", p.trust);
	assert_int_equal(cspdm_evidence_write(p.ev, path, &err), CSPDM_E_IO);
	/* the file that could not be written, and why */
	assert_string_equal(err.field, p.trust);
	assert_int_equal(err.os_error, ENOTDIR);
	assert_int_equal(cspdm_evidence_write(NULL, path, NULL), CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_evidence_write(p.ev, "", NULL), CSPDM_E_INVALID_ARG);
	/* evidence.json holds UTF-8; a damaged record is refused */
	bad_input();
	/* a bundle with no measurements verifies */
	assert_int_equal(verify_trusted(&p, &err), CSPDM_OK);
	snprintf(path, sizeof(path), "%s/none", p.tmp);
	assert_int_equal(cspdm_verify_bundle(path, NULL, &err, NULL), CSPDM_E_IO);
	assert_string_equal(err.field, "evidence.json");
	pair_free(&p);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cspdm_evidence_hash_name(CSPDM_HASH_SHA_256), "sha256");
	assert_string_equal(cspdm_evidence_hash_name(CSPDM_HASH_SHA3_384), "sha3-384");
	assert_null(cspdm_evidence_hash_name(0));
	assert_int_equal(cspdm_evidence_hash_parse("sha512"), CSPDM_HASH_SHA_512);
	assert_int_equal(cspdm_evidence_hash_parse("SHA512"), 0);
	assert_string_equal(cspdm_evidence_dmtf_type_name(0x80), "immutable_rom");
	assert_string_equal(cspdm_evidence_dmtf_type_name(0x0A), "structured_manifest");
	assert_string_equal(cspdm_evidence_dmtf_type_name(0x0B), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_bundle_verifies),
	    cmocka_unit_test(test_other_algorithms),
	    cmocka_unit_test(test_flip_every_byte),
	    cmocka_unit_test(test_expected_nonce),
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_untrusted_root),
	    cmocka_unit_test(test_pem),
	    cmocka_unit_test(test_damaged_files),
	    cmocka_unit_test(test_kx_transcript),
	    cmocka_unit_test(test_unsigned_measurements),
	    cmocka_unit_test(test_write_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
