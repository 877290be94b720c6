/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `cspdm verify` (CSPDM_CLI): every reference capture in tests/data verifies with
 * --pcap, with and without the emulator's roots as --certs, and so does every session capture
 * in tests/data/sessions that is not a PSK one (two KEY_EXCHANGE_RSP signatures each, the
 * secured messages reported as not decrypted), while a copy with one signature byte flipped
 * fails; `cspdm session --evidence` against `cspdm responder` writes a bundle whose
 * KEY_EXCHANGE_RSP signature `cspdm verify --trust` accepts; a bundle written in-process by
 * our requester against our responder verifies with --trust, --nonce, --policy and --json, and
 * fails when damaged; usage errors exit 2; and the bundle's PEM file is readable by
 * `openssl storeutl -certs` and `openssl x509` when openssl is on PATH.
 */
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "evidence/evidence.h"

#define MAX_CAPTURES 64

static char tmp[64];
static char out_path[128];

/* ---- running commands ------------------------------------------------------------------------ */

/* Run a shell command (stdout and stderr to out_path); returns its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_true(n > 0 && n + strlen(out_path) + 16 < sizeof(cmd));
	snprintf(cmd + n, sizeof(cmd) - (size_t)n, " >%s 2>&1", out_path);
	rc = system(cmd);
	assert_true(rc != -1 && WIFEXITED(rc));
	return WEXITSTATUS(rc);
}

/* A file's text, as a string (static). */
static const char *file_text(const char *path)
{
	static char text[65536];
	size_t len = 0;
	uint8_t *d = tu_read_file(path, &len);

	assert_non_null(d);
	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	memcpy(text, d, len);
	text[len] = 0;
	free(d);
	return text;
}

/* The output of the last run. */
static const char *output(void)
{
	return file_text(out_path);
}

static void expect(int rc, int want)
{
	if (rc != want)
		fail_msg("exit %d, expected %d; output:\n%s", rc, want, output());
}

static int have_openssl(void)
{
	return system("openssl version >/dev/null 2>&1") == 0;
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	uint8_t *d = tu_read_file(from, &len);
	FILE *f = fopen(to, "wb");

	assert_non_null(d);
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(d);
}

/* A trust directory with the reference roots of one algorithm (slot 0 and slot 1). */
static const char *certs_dir(const char *alg)
{
	static char dir[256];
	char from[512], to[512];

	snprintf(dir, sizeof(dir), "%s/certs-%s", tmp, alg);
	mkdir(dir, 0755);
	snprintf(from, sizeof(from), "%s/certs/%s/ca.cert", CSPDM_DATA_DIR, alg);
	snprintf(to, sizeof(to), "%s/ca.pem", dir);
	copy_file(from, to);
	snprintf(from, sizeof(from), "%s/certs/%s/ca1.cert", CSPDM_DATA_DIR, alg);
	snprintf(to, sizeof(to), "%s/ca1.pem", dir);
	copy_file(from, to);
	return dir;
}

/* The certificate folder for a capture's algorithm, from its file name. */
static const char *alg_of(const char *name)
{
	static const char *const map[][2] = {
	    {"p384", "ecp384"}, {"p256", "ecp256"},  {"p521", "ecp521"},  {"ed25519", "ed25519"},
	    {"ed448", "ed448"}, {"2048", "rsa2048"}, {"3072", "rsa3072"}, {"4096", "rsa4096"},
	};
	unsigned i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(name, map[i][0]))
			return map[i][1];
	fail_msg("no algorithm in %s", name);
	return NULL;
}

/* ---- captures -------------------------------------------------------------------------------- */

static void test_pcap_p384_trusted(void **state)
{
	char dir[256], to[512];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/p384-only", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(to, sizeof(to), "%s/ca.pem", dir);
	copy_file(CSPDM_DATA_DIR "/certs/ecp384/ca.cert", to);
	expect(run("%s verify --pcap %s/v13_mctp_p384.pcap --certs %s", CSPDM_CLI, CSPDM_DATA_DIR,
		   dir),
	       0);
	assert_non_null(strstr(output(), "CHALLENGE_AUTH signatures verified: 1"));
	assert_non_null(strstr(output(), "chains trusted"));
	/* JSON */
	expect(run("%s verify --pcap %s/v13_mctp_p384.pcap --certs %s --json", CSPDM_CLI,
		   CSPDM_DATA_DIR, dir),
	       0);
	assert_non_null(strstr(output(), "\"result\": \"verified\""));
	assert_non_null(strstr(output(), "\"trusted\": true"));
	/* the wrong roots: the chain does not anchor */
	expect(run("%s verify --pcap %s/v13_mctp_p384.pcap --certs %s", CSPDM_CLI, CSPDM_DATA_DIR,
		   certs_dir("rsa2048")),
	       1);
	assert_non_null(strstr(output(), "X509_UNTRUSTED"));
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The *.pcap files of dir, by name, leaving out those whose name holds skip (if not NULL). */
static unsigned find_pcaps(const char *dir, const char *skip, char names[][128])
{
	struct dirent *de;
	DIR *d = opendir(dir);
	unsigned n = 0;
	size_t len;

	assert_non_null(d);
	while ((de = readdir(d)) && n < MAX_CAPTURES) {
		len = strlen(de->d_name);
		if (len > 5 && len < 128 && !strcmp(de->d_name + len - 5, ".pcap") &&
		    !(skip && strstr(de->d_name, skip)))
			snprintf(names[n++], 128, "%.127s", de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	return n;
}

static void test_pcap_all(void **state)
{
	static char names[MAX_CAPTURES][128];
	unsigned i, n = find_pcaps(CSPDM_DATA_DIR, NULL, names);

	(void)state;
	assert_int_equal(n, 31);
	for (i = 0; i < n; i++) {
		expect(run("%s verify --pcap %s/%s", CSPDM_CLI, CSPDM_DATA_DIR, names[i]), 0);
		expect(run("%s verify --pcap %s/%s --certs %s", CSPDM_CLI, CSPDM_DATA_DIR, names[i],
			   certs_dir(alg_of(names[i]))),
		       0);
	}
	printf("  %u captures verified, with and without the reference roots\n", n);
}

/* ---- session captures ------------------------------------------------------------------------ */

/* The session captures' certificates: P-384 unless the name says P-256 or P-521. */
static const char *session_alg(const char *name)
{
	if (strstr(name, "p256"))
		return "ecp256";
	return strstr(name, "p521") ? "ecp521" : "ecp384";
}

static void test_pcap_sessions(void **state)
{
	static char names[MAX_CAPTURES][128];
	unsigned i, n = find_pcaps(CSPDM_DATA_DIR "/sessions", "_psk", names);

	(void)state;
	assert_int_equal(n, 17);
	for (i = 0; i < n; i++) {
		expect(run("%s verify --pcap %s/sessions/%s", CSPDM_CLI, CSPDM_DATA_DIR, names[i]),
		       0);
		assert_non_null(strstr(output(), "KEY_EXCHANGE_RSP signatures verified: 2 (of 2"));
		assert_non_null(strstr(output(), "secured messages, not decrypted"));
		expect(run("%s verify --pcap %s/sessions/%s --certs %s", CSPDM_CLI, CSPDM_DATA_DIR,
			   names[i], certs_dir(session_alg(names[i]))),
		       0);
		assert_non_null(strstr(output(), "chains trusted"));
	}
	printf("  %u session captures verified, with and without the reference roots\n", n);
}

static void check_sessions_json(const char *capture)
{
	json_error_t je;
	json_t *j, *kx, *sess;
	size_t i;

	expect(run("%s verify --pcap %s/sessions/%s --json", CSPDM_CLI, CSPDM_DATA_DIR, capture),
	       0);
	j = json_loads(output(), 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "result")), "verified");
	kx = json_object_get(j, "key_exchange_rsp");
	assert_int_equal(json_integer_value(json_object_get(kx, "responses")), 2);
	assert_int_equal(json_integer_value(json_object_get(kx, "signatures_verified")), 2);
	assert_int_equal(json_integer_value(json_object_get(kx, "chain_not_seen")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "finish_in_clear")), 2);
	assert_true(json_integer_value(json_object_get(j, "secured_messages")) > 100);
	sess = json_object_get(j, "sessions");
	assert_int_equal(json_array_size(sess), 2);
	for (i = 0; i < 2; i++) {
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(sess, i), "session_id")),
		    "0xffffffff");
		assert_true(json_is_false(json_object_get(json_array_get(sess, i), "decrypted")));
	}
	json_decref(j);
}

/* Copy an MCTP capture, flipping the last byte (the signature's, in the clear) of its nth
 * KEY_EXCHANGE_RSP packet. */
static void flip_kx_rsp(const char *from, const char *to, unsigned nth)
{
	size_t len, off = 24, n;
	uint8_t *d = tu_read_file(from, &len);
	FILE *f;

	assert_non_null(d);
	while (off + 16 <= len) {
		n = (size_t)d[off + 8] | (size_t)d[off + 9] << 8 | (size_t)d[off + 10] << 16;
		off += 16;
		assert_true(off + n <= len && n > 6);
		if (d[off + 4] == 0x05 && d[off + 6] == 0x64 && --nth == 0) {
			d[off + n - 1] ^= 0x01;
			break;
		}
		off += n;
	}
	assert_int_equal(nth, 0);
	f = fopen(to, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(d);
}

static void test_pcap_sessions_damaged(void **state)
{
	static const char *const caps[] = {"sess_v12_mctp_keyex", "sess_v13_mctp_keyex"};
	char from[512], to[256];
	unsigned i, nth;

	(void)state;
	check_sessions_json("sess_v13_pci_doe_keyex.pcap");
	for (i = 0; i < 2; i++)
		for (nth = 1; nth <= 2; nth++) {
			snprintf(from, sizeof(from), "%s/sessions/%s.pcap", CSPDM_DATA_DIR,
				 caps[i]);
			snprintf(to, sizeof(to), "%s/flipped.pcap", tmp);
			flip_kx_rsp(from, to, nth);
			expect(run("%s verify --pcap %s", CSPDM_CLI, to), 1);
			assert_non_null(strstr(output(), "SIGNATURE"));
			assert_non_null(strstr(output(), "response: KEY_EXCHANGE_RSP"));
			assert_non_null(strstr(output(), "field:    Signature"));
			expect(run("%s verify --pcap %s --json", CSPDM_CLI, to), 1);
			assert_non_null(strstr(output(), "\"result\": \"failed\""));
		}
}

/* ---- a bundle written by `cspdm session` ----------------------------------------------------- */

/* `cspdm responder --port 0` in the background, its output in log; returns its port. */
static int start_responder(pid_t *pid, const char *log, const char *roots)
{
	struct timespec nap = {0, 50 * 1000 * 1000};
	const char *p;
	int i, fd, port = 0;
	FILE *f = fopen(log, "w"); /* there before the first look at it */

	assert_non_null(f);
	assert_int_equal(fclose(f), 0);
	*pid = fork();
	assert_true(*pid >= 0);
	if (*pid == 0) {
		fd = open(log, O_WRONLY | O_TRUNC);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(127);
		execl(CSPDM_CLI, CSPDM_CLI, "responder", "--port", "0", "--export-root", roots,
		      (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 200 && !port; i++) {
		nanosleep(&nap, NULL);
		p = strstr(file_text(log), "listening on 127.0.0.1:");
		port = p ? atoi(p + strlen("listening on 127.0.0.1:")) : 0;
	}
	assert_true(port > 0);
	return port;
}

/* The CLI leaves without SHUTDOWN, so the responder would go on listening. */
static void stop_responder(pid_t pid)
{
	int status;

	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
}

/* The index of the bundle's one key_exchange_rsp signature, from evidence.json. */
static int kx_index(const char *dir)
{
	char path[256];
	json_error_t je;
	json_t *root, *sigs, *sig;
	size_t i;
	int found = -1;

	snprintf(path, sizeof(path), "%s/evidence.json", dir);
	root = json_load_file(path, 0, &je);
	assert_non_null(root);
	sigs = json_object_get(root, "signatures");
	json_array_foreach(sigs, i, sig)
	{
		if (strcmp(json_string_value(json_object_get(sig, "type")), "key_exchange_rsp"))
			continue;
		assert_int_equal(found, -1);
		found = (int)i;
		assert_string_equal(json_string_value(json_object_get(sig, "context")),
				    "responder-key_exchange_rsp signing");
	}
	json_decref(root);
	assert_true(found >= 0);
	return found;
}

static void test_session_bundle(void **state)
{
	char dir[128], roots[128], log[128], rel[256];
	pid_t pid;
	int port, k;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/session-bundle", tmp);
	snprintf(roots, sizeof(roots), "%s/session-roots", tmp);
	snprintf(log, sizeof(log), "%s/responder.log", tmp);
	port = start_responder(&pid, log, roots);
	expect(
	    run("%s session --connect 127.0.0.1:%d --evidence %s --measure", CSPDM_CLI, port, dir),
	    0);
	stop_responder(pid);
	k = kx_index(dir);
	expect(run("cat %s/signatures/%d_type", dir, k), 0);
	assert_string_equal(output(), "key_exchange_rsp\n");
	expect(run("%s verify %s --trust %s/slot0.pem", CSPDM_CLI, dir, roots), 0);
	snprintf(rel, sizeof(rel),
		 "signature %d (key_exchange_rsp, ECDSA_P384, SHA_384, slot 0): "
		 "verified",
		 k);
	assert_non_null(strstr(output(), rel));
	assert_non_null(strstr(output(), "verified, chain trusted"));
	expect(run("%s verify %s --trust %s/slot0.pem --json", CSPDM_CLI, dir, roots), 0);
	assert_non_null(strstr(output(), "\"result\": \"verified\""));
	assert_non_null(strstr(output(), rel));
	/* the responder's RandomData file damaged */
	expect(run("printf '\\001' | dd of=%s/signatures/%d_responder_nonce bs=1 seek=3 "
		   "conv=notrunc status=none",
		   dir, k),
	       0);
	expect(run("%s verify %s --trust %s/slot0.pem", CSPDM_CLI, dir, roots), 1);
	assert_non_null(strstr(output(), "NONCE"));
	assert_non_null(strstr(output(), "_responder_nonce (not KEY_EXCHANGE_RSP's RandomData)"));
}

/* ---- a bundle written by the library --------------------------------------------------------- */

struct pair {
	struct cspdm_openssl *ossl;
	struct cspdm_identity id;
	struct cspdm_responder *rsp;
	uint64_t rsp_mem[4096];
	struct cspdm_context *req;
	uint64_t req_mem[1024];
	uint8_t cert[65536];
	uint8_t meas[8192];
	uint8_t transcript[16384];
	uint8_t rsp_buf[8192];
};

static void drive(struct pair *p)
{
	struct cspdm_action act;
	cspdm_status st = cspdm_step(p->req, NULL, 0, &act);
	size_t n;

	while (!st && act.kind != CSPDM_ACT_DONE) {
		if (act.kind == CSPDM_ACT_DELAY) {
			st = cspdm_step(p->req, NULL, 0, &act);
			continue;
		}
		n = cspdm_responder_process(p->rsp, act.req, act.req_len, 0, p->rsp_buf,
					    sizeof(p->rsp_buf));
		assert_true(n > 0);
		st = cspdm_step(p->req, p->rsp_buf, n, &act);
	}
	assert_int_equal(st, CSPDM_OK);
}

static void start(struct pair *p, struct cspdm_evidence *ev, const uint8_t *nonce)
{
	struct cspdm_responder_config rc;
	struct cspdm_config c;

	assert_int_equal(cspdm_openssl_new(&p->ossl, NULL), CSPDM_OK);
	assert_int_equal(cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &p->id), CSPDM_OK);
	cspdm_responder_config_defaults(&rc);
	rc.crypto = cspdm_openssl_ops(p->ossl);
	rc.base_asym = CSPDM_ASYM_ECDSA_P384;
	rc.base_hash = CSPDM_HASH_SHA_384;
	rc.slots[0].certs = p->id.chain;
	rc.slots[0].certs_len = p->id.chain_len;
	rc.slots[0].key = p->id.key;
	assert_int_equal(cspdm_responder_init(&p->rsp, p->rsp_mem, sizeof(p->rsp_mem), &rc),
			 CSPDM_OK);
	cspdm_config_defaults(&c);
	c.crypto = cspdm_openssl_ops(p->ossl);
	c.max_version = CSPDM_V13;
	c.cert_buf = p->cert;
	c.cert_cap = sizeof(p->cert);
	c.meas_buf = p->meas;
	c.meas_cap = sizeof(p->meas);
	c.transcript_buf = p->transcript;
	c.transcript_cap = sizeof(p->transcript);
	c.on_signature = cspdm_evidence_on_signature;
	c.on_signature_priv = ev;
	c.have_nonce = 1;
	memcpy(c.nonce, nonce, CSPDM_NONCE_SIZE);
	assert_int_equal(cspdm_init(&p->req, p->req_mem, sizeof(p->req_mem), &c), CSPDM_OK);
}

/* Authenticate and measure (one by one, signed) with a fixed nonce; write DIR and root.pem. */
static void write_bundle(const char *dir, const char *root, const uint8_t *nonce)
{
	struct cspdm_meas_query q = {CSPDM_MEAS_ONE_BY_ONE, 1, 0};
	struct cspdm_evidence *ev = cspdm_evidence_new();
	struct pair *p = calloc(1, sizeof(*p));
	struct cspdm_meas_result mr;
	struct cspdm_result res;

	assert_non_null(ev);
	assert_non_null(p);
	start(p, ev, nonce);
	assert_int_equal(cspdm_auth_begin(p->req), CSPDM_OK);
	drive(p);
	assert_int_equal(cspdm_get_result(p->req, &res), CSPDM_OK);
	assert_int_equal(cspdm_evidence_set_auth(ev, &res, "in-process", "none"), CSPDM_OK);
	assert_int_equal(cspdm_meas_begin(p->req, &q), CSPDM_OK);
	drive(p);
	assert_int_equal(cspdm_get_meas_result(p->req, &mr), CSPDM_OK);
	assert_int_equal(cspdm_evidence_set_meas(ev, &mr), CSPDM_OK);
	assert_int_equal(cspdm_evidence_write(ev, dir, NULL), CSPDM_OK);
	assert_int_equal(cspdm_identity_export_root(&p->id, root), CSPDM_OK);
	cspdm_deinit(p->req);
	cspdm_responder_deinit(p->rsp);
	cspdm_identity_free(&p->id);
	cspdm_openssl_free(p->ossl);
	cspdm_evidence_free(ev);
	free(p);
}

static void hex(char *out, const uint8_t *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* The value of measurement index 1, as hex, from evidence.json. */
static void meas1_hex(const char *dir, char *out, size_t cap)
{
	char path[256];
	json_error_t je;
	json_t *root, *m;

	snprintf(path, sizeof(path), "%s/evidence.json", dir);
	root = json_load_file(path, 0, &je);
	assert_non_null(root);
	m = json_array_get(json_object_get(root, "measurements"), 0);
	assert_int_equal(json_integer_value(json_object_get(m, "index")), 1);
	snprintf(out, cap, "%s", json_string_value(json_object_get(m, "value")));
	json_decref(root);
}

static void write_policy(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "{\"1\": \"%s\"}\n", value);
	assert_int_equal(fclose(f), 0);
}

static void check_policies(const char *dir, const char *root)
{
	char value[1024], path[256];

	meas1_hex(dir, value, sizeof(value));
	snprintf(path, sizeof(path), "%s/policy.json", tmp);
	write_policy(path, value);
	expect(run("%s verify %s --trust %s --policy %s", CSPDM_CLI, dir, root, path), 0);
	value[0] = value[0] == 'f' ? '0' : 'f';
	write_policy(path, value);
	expect(run("%s verify %s --trust %s --policy %s", CSPDM_CLI, dir, root, path), 1);
	assert_non_null(strstr(output(), "policy index 1"));
}

static void check_json_output(const char *dir, const char *root)
{
	json_error_t je;
	json_t *j;

	expect(run("%s verify %s --trust %s --json", CSPDM_CLI, dir, root), 0);
	j = json_loads(output(), 0, &je);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "result")), "verified");
	assert_true(json_is_true(json_object_get(j, "trusted")));
	assert_true(json_array_size(json_object_get(j, "checks")) > 3);
	json_decref(j);
}

static void test_bundle_cli(void **state)
{
	uint8_t nonce[CSPDM_NONCE_SIZE];
	char dir[128], root[128], nhex[2 * CSPDM_NONCE_SIZE + 1], sig[256];

	(void)state;
	memset(nonce, 0xA5, sizeof(nonce));
	hex(nhex, nonce, sizeof(nonce));
	snprintf(dir, sizeof(dir), "%s/bundle", tmp);
	snprintf(root, sizeof(root), "%s/root.pem", tmp);
	write_bundle(dir, root, nonce);
	expect(run("%s verify %s --trust %s --nonce %s", CSPDM_CLI, dir, root, nhex), 0);
	assert_non_null(strstr(output(), "chain slot0: trusted (3 certificates)"));
	assert_non_null(strstr(output(), "verified, chain trusted"));
	expect(run("%s verify %s", CSPDM_CLI, dir), 0);
	assert_non_null(strstr(output(), "root not checked"));
	check_json_output(dir, root);
	check_policies(dir, root);
	nhex[0] = nhex[0] == 'a' ? 'b' : 'a';
	expect(run("%s verify %s --trust %s --nonce %s", CSPDM_CLI, dir, root, nhex), 1);
	assert_non_null(strstr(output(), "NONCE"));
	assert_non_null(strstr(output(), "0_requester_nonce"));
	/* a damaged signature */
	snprintf(sig, sizeof(sig), "%s/signatures/0_signature", dir);
	expect(run("printf '\\001' | dd of=%s bs=1 seek=10 conv=notrunc status=none", sig), 0);
	expect(run("%s verify %s --trust %s", CSPDM_CLI, dir, root), 1);
	assert_non_null(strstr(output(), "SIGNATURE"));
	assert_non_null(strstr(output(), "0_signature"));
	if (!have_openssl()) {
		printf("  openssl not on PATH: PEM check with openssl skipped\n");
		return;
	}
	expect(run("openssl storeutl -certs %s/certificates/slot0.pem", dir), 0);
	assert_non_null(strstr(output(), "Total found: 3"));
	expect(run("openssl x509 -in %s/certificates/slot0.pem -noout -subject", dir), 0);
}

static void test_usage(void **state)
{
	(void)state;
	expect(run("%s verify", CSPDM_CLI), 2);
	expect(run("%s verify --help", CSPDM_CLI), 0);
	assert_non_null(strstr(output(), "usage: cspdm verify DIR"));
	expect(run("%s verify %s --nonce 1234", CSPDM_CLI, tmp), 2);
	expect(run("%s verify %s extra", CSPDM_CLI, tmp), 2);
	expect(run("%s verify --pcap x.pcap %s", CSPDM_CLI, tmp), 2);
	expect(run("%s verify --pcap x.pcap --policy p.json", CSPDM_CLI), 2);
	expect(run("%s verify %s --trust %s/no-such-root.pem", CSPDM_CLI, tmp, tmp), 2);
	expect(run("%s verify %s --bogus", CSPDM_CLI, tmp), 2);
	/* not a bundle, not a capture: verification fails */
	expect(run("%s verify %s/no-such-bundle", CSPDM_CLI, tmp), 1);
	assert_non_null(strstr(output(), "evidence.json"));
	expect(run("%s verify --pcap %s/no-such.pcap", CSPDM_CLI, tmp), 1);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/cspdm-verify-cli-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	snprintf(out_path, sizeof(out_path), "%s/out", tmp);
	return 0;
}

static int teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_usage),
	    cmocka_unit_test(test_pcap_p384_trusted),
	    cmocka_unit_test(test_pcap_all),
	    cmocka_unit_test(test_pcap_sessions),
	    cmocka_unit_test(test_pcap_sessions_damaged),
	    cmocka_unit_test(test_session_bundle),
	    cmocka_unit_test(test_bundle_cli),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
