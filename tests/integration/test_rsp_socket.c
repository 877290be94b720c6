/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Our requester against our responder over real loopback TCP: the spdm-emu socket server
 * (src/io/server.c) wrapping the responder core in a thread, and the spdm-emu client
 * (cspdm_emu_connect) driving cspdm_authenticate. Every SPDM version 1.0 .. 1.4, every
 * transport (NONE, MCTP, PCI DOE) and every signature algorithm the responder serves, with a
 * generated identity anchored in a trust store; then the PCIe CMA SAN, slot 1,
 * ResponseNotReady, garbage on the socket, and the CLI (`cspdm responder` + `cspdm
 * authenticate`) as subprocesses.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"
#include "cspdm/responder.h"
#include "cspdm/transport.h"
#include "io/server.h"

#define BUF_CAP	 (64u * 1024u)
#define MAX_SRV	 4
#define CMA_SAN	 "Vendor=8086:Device=0b60:CC=010802:REV=01"
#define CMA_IDS	 "8086:0b60:010802:01"
#define NVERSION 5
#define NTRANS	 3

static const uint8_t versions[NVERSION] = {CSPDM_V10, CSPDM_V11, CSPDM_V12, CSPDM_V13, CSPDM_V14};
static const enum cspdm_transport transports[NTRANS] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
							CSPDM_TRANSPORT_PCI_DOE};

/* One signature algorithm of the matrix and the hash it is served with. */
struct alg_case {
	uint32_t asym;
	uint32_t hash;
};

static struct alg_case algs[] = {
    {CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256},  {CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384},
    {CSPDM_ASYM_ECDSA_P521, CSPDM_HASH_SHA_512},  {CSPDM_ASYM_RSASSA_2048, CSPDM_HASH_SHA_256},
    {CSPDM_ASYM_RSASSA_3072, CSPDM_HASH_SHA_384}, {CSPDM_ASYM_RSASSA_4096, CSPDM_HASH_SHA_512},
    {CSPDM_ASYM_RSAPSS_2048, CSPDM_HASH_SHA_256}, {CSPDM_ASYM_RSAPSS_3072, CSPDM_HASH_SHA_384},
    {CSPDM_ASYM_RSAPSS_4096, CSPDM_HASH_SHA_512}, {CSPDM_ASYM_EDDSA_25519, CSPDM_HASH_SHA_256},
    {CSPDM_ASYM_EDDSA_448, CSPDM_HASH_SHA_512},
};

#define NALG (sizeof(algs) / sizeof(algs[0]))

/* ---- the server: src/io/server.c around the responder core, in a thread ---------------------- */

struct rsp_srv {
	struct cspdm_server *s;
	pthread_t th;
	uint16_t port;
	enum cspdm_transport transport;
	volatile int stop;
	atomic_int done;
	cspdm_status run_st;
	struct cspdm_responder *r;
	void *mem;
	uint32_t max_pad;
	atomic_uint connects;
	atomic_uint requests;  /* SPDM requests processed */
	atomic_uint errors;    /* ERROR responses, ResponseNotReady excluded */
	atomic_uint not_ready; /* ResponseNotReady responses */
	atomic_uint rir;       /* RESPOND_IF_READY requests */
};

static void srv_on_connect(void *priv)
{
	struct rsp_srv *v = priv;

	atomic_fetch_add(&v->connects, 1);
	cspdm_responder_reset(v->r);
}

static size_t srv_process(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap)
{
	struct rsp_srv *v = priv;
	size_t n = cspdm_responder_process(v->r, req, len, v->max_pad, rsp, cap);

	atomic_fetch_add(&v->requests, 1);
	if (len >= 2 && req[1] == SPDM_RESPOND_IF_READY)
		atomic_fetch_add(&v->rir, 1);
	if (n >= 4 && rsp[1] == SPDM_ERROR) {
		if (rsp[2] == SPDM_ERR_RESPONSE_NOT_READY)
			atomic_fetch_add(&v->not_ready, 1);
		else
			atomic_fetch_add(&v->errors, 1);
	}
	return n;
}

static void *srv_thread(void *arg)
{
	struct rsp_srv *v = arg;

	v->run_st = cspdm_server_run(v->s);
	atomic_store(&v->done, 1);
	return NULL;
}

/*
 * Servers, identities and crypto contexts live in this fixture, so that teardown releases
 * them even when an assert leaves the test early (the server thread still reads its struct).
 */
struct fixture {
	struct rsp_srv *srv[MAX_SRV];
	struct cspdm_identity id[2];
	struct cspdm_openssl *sign; /* the responder's backend (no trust store) */
	struct cspdm_openssl *trust;
	pid_t child;
	char root_dir[96];
};

static struct fixture fx;
static char g_tmpdir[64];

static struct rsp_srv *srv_start(const struct cspdm_responder_config *rc, enum cspdm_transport t)
{
	struct cspdm_server_cfg cfg = {
	    .bind = "127.0.0.1",
	    .port = 0,
	    .transport = (int)t,
	    .keep_running = 1,
	};
	struct cspdm_server_handler h = {
	    .on_connect = srv_on_connect,
	    .process = srv_process,
	};
	size_t size = (cspdm_responder_size() + 7) & ~(size_t)7;
	struct rsp_srv *v = calloc(1, sizeof(*v));
	unsigned i;

	assert_non_null(v);
	for (i = 0; i < MAX_SRV && fx.srv[i]; i++)
		;
	assert_true(i < MAX_SRV);
	fx.srv[i] = v;
	v->transport = t;
	v->max_pad = t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	v->mem = aligned_alloc(8, size);
	assert_non_null(v->mem);
	assert_int_equal(cspdm_responder_init(&v->r, v->mem, cspdm_responder_size(), rc), CSPDM_OK);
	cfg.stop = &v->stop;
	h.priv = v;
	assert_int_equal(cspdm_server_open(&v->s, &cfg, &h, &v->port), CSPDM_OK);
	assert_int_not_equal(v->port, 0);
	assert_int_equal(pthread_create(&v->th, NULL, srv_thread, v), 0);
	return v;
}

static void srv_stop(struct rsp_srv *v)
{
	if (v->s) {
		v->stop = 1;
		pthread_join(v->th, NULL);
		cspdm_server_close(v->s);
	}
	if (v->r)
		cspdm_responder_deinit(v->r);
	free(v->mem);
	free(v);
}

/* ---- fixture --------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_IGN);
	snprintf(g_tmpdir, sizeof(g_tmpdir), "/tmp/cspdm-rsp-XXXXXX");
	return mkdtemp(g_tmpdir) ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	return cspdm_openssl_new(&fx.sign, NULL) == CSPDM_OK ? 0 : -1;
}

static void rm_root_dir(void)
{
	char path[160];

	if (!fx.root_dir[0])
		return;
	snprintf(path, sizeof(path), "%s/slot0.pem", fx.root_dir);
	unlink(path);
	rmdir(fx.root_dir);
}

static int teardown(void **state)
{
	unsigned i;
	int status;

	(void)state;
	for (i = 0; i < MAX_SRV; i++)
		if (fx.srv[i])
			srv_stop(fx.srv[i]);
	if (fx.child > 0) {
		kill(fx.child, SIGKILL);
		waitpid(fx.child, &status, 0);
	}
	rm_root_dir();
	cspdm_identity_free(&fx.id[0]);
	cspdm_identity_free(&fx.id[1]);
	cspdm_openssl_free(fx.trust);
	cspdm_openssl_free(fx.sign);
	memset(&fx, 0, sizeof(fx));
	return 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Generate fx.id[slot] and (for the trust store) export its root; load it as fx.trust. */
static void make_identity(uint32_t asym, const char *san, uint8_t slot, int trusted)
{
	char pem[128];

	assert_int_equal(cspdm_identity_generate(asym, san, slot, &fx.id[slot]), CSPDM_OK);
	assert_int_equal(fx.id[slot].asym, asym);
	assert_non_null(fx.id[slot].chain);
	assert_true(fx.id[slot].chain_len > 0);
	if (!trusted)
		return;
	snprintf(pem, sizeof(pem), "%s/root-%s-%u.pem", g_tmpdir, cspdm_asym_name(asym), slot);
	assert_int_equal(cspdm_identity_export_root(&fx.id[slot], pem), CSPDM_OK);
	cspdm_openssl_free(fx.trust);
	fx.trust = NULL;
	assert_int_equal(cspdm_openssl_new(&fx.trust, pem), CSPDM_OK);
	unlink(pem);
}

/* A responder config serving fx.id[0] (and fx.id[1] if present). */
static void rsp_config(struct cspdm_responder_config *rc, uint32_t asym, uint32_t hash)
{
	unsigned s;

	cspdm_responder_config_defaults(rc);
	rc->crypto = cspdm_openssl_ops(fx.sign);
	rc->base_asym = asym;
	rc->base_hash = hash;
	for (s = 0; s < 2; s++) {
		rc->slots[s].certs = fx.id[s].chain;
		rc->slots[s].certs_len = fx.id[s].chain_len;
		rc->slots[s].key = fx.id[s].key;
	}
}

/* ---- the requester --------------------------------------------------------------------------- */

static uint8_t g_cert[BUF_CAP];
static uint8_t g_rx[BUF_CAP];

struct auth_out {
	cspdm_status st;
	cspdm_error err;
	struct cspdm_result res; /* cert_chain points into g_cert until the next run */
	uint8_t digests[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE]; /* res.digests point here */
	unsigned requests; /* requests the server processed on this connection */
};

/* One authentication on a new connection to v. cfg: NULL for the defaults. */
static void authenticate(struct rsp_srv *v, uint8_t max_version, const struct cspdm_config *cfg,
			 struct auth_out *out)
{
	struct cspdm_config c;
	struct cspdm_emu_client *cl = NULL;
	struct cspdm_context *ctx = NULL;
	size_t size = (cspdm_context_size() + 7) & ~(size_t)7;
	void *mem = aligned_alloc(8, size);
	unsigned before = atomic_load(&v->requests);
	unsigned conns = atomic_load(&v->connects);
	unsigned s;

	assert_non_null(mem);
	if (cfg) {
		c = *cfg;
	} else {
		cspdm_config_defaults(&c);
		c.max_version = max_version;
	}
	c.crypto = cspdm_openssl_ops(fx.trust);
	c.cert_buf = g_cert;
	c.cert_cap = sizeof(g_cert);
	c.rx_buf = g_rx;
	c.rx_cap = sizeof(g_rx);
	memset(out, 0, sizeof(*out));
	assert_int_equal(cspdm_init(&ctx, mem, cspdm_context_size(), &c), CSPDM_OK);
	assert_int_equal(cspdm_emu_connect(&cl, "127.0.0.1", v->port, v->transport), CSPDM_OK);
	out->st = cspdm_authenticate(ctx, cspdm_emu_io(cl));
	out->err = *cspdm_last_error(ctx);
	assert_int_equal(cspdm_get_result(ctx, &out->res), CSPDM_OK);
	/* the digests live in the context: keep copies */
	for (s = 0; s < CSPDM_MAX_SLOTS; s++) {
		if (!out->res.digests[s])
			continue;
		memcpy(out->digests[s], out->res.digests[s], CSPDM_MAX_HASH_SIZE);
		out->res.digests[s] = out->digests[s];
	}
	out->res.transcript = NULL;
	cspdm_emu_close(cl);
	cspdm_deinit(ctx);
	free(mem);
	/* the server saw this connection and exactly the requests the requester counted */
	assert_int_equal(atomic_load(&v->connects), conns + 1);
	out->requests = atomic_load(&v->requests) - before;
	assert_int_equal(out->res.round_trips, out->requests);
}

/* The authentication succeeded and was anchored in the trust store. */
static void assert_trusted(const struct auth_out *o, uint8_t version, uint32_t asym, uint32_t hash)
{
	if (o->st != CSPDM_OK)
		print_error("%s %u.%u: %s (request 0x%02x, field %s, device error 0x%02x)\n",
			    cspdm_asym_name(asym), version >> 4, version & 0xF,
			    cspdm_status_name(o->st), o->err.request_code,
			    o->err.field ? o->err.field : "-", o->err.device_code);
	assert_int_equal(o->st, CSPDM_OK);
	assert_int_equal(o->res.outcome, CSPDM_AUTH_TRUSTED);
	assert_int_equal(o->res.version, version);
	assert_int_equal(o->res.base_asym, asym);
	assert_int_equal(o->res.base_hash, hash);
	assert_int_equal(o->res.signature_len, cspdm_sig_size(asym));
	assert_true(o->res.slot_mask & 1u << o->res.slot);
	assert_non_null(o->res.digests[o->res.slot]);
	assert_true(o->res.round_trips >= 6);
}

/* The chain the requester received is slot's identity behind the SPDM header and root hash. */
static void assert_chain_is(const struct auth_out *o, const struct cspdm_identity *id)
{
	size_t h = cspdm_hash_size(o->res.base_hash);

	assert_int_equal(o->res.cert_chain_len, 4 + h + id->chain_len);
	assert_int_equal(o->res.cert_chain[0] | o->res.cert_chain[1] << 8, o->res.cert_chain_len);
	assert_memory_equal(o->res.cert_chain + 4 + h, id->chain, id->chain_len);
}

/* ---- versions x transports x algorithms ------------------------------------------------------ */

static unsigned g_cells, g_trusted, g_refused;

static void test_matrix(void **state)
{
	const struct alg_case *a = *state;
	struct cspdm_responder_config rc;
	struct rsp_srv *srv[NTRANS];
	struct auth_out o;
	unsigned t, i, trusted = 0, refused = 0;
	uint64_t t0 = now_ms(), t1;
	int eddsa = a->asym == CSPDM_ASYM_EDDSA_25519 || a->asym == CSPDM_ASYM_EDDSA_448;

	make_identity(a->asym, NULL, 0, 1);
	t1 = now_ms();
	rsp_config(&rc, a->asym, a->hash);
	for (t = 0; t < NTRANS; t++)
		srv[t] = srv_start(&rc, transports[t]);
	for (t = 0; t < NTRANS; t++) {
		for (i = 0; i < NVERSION; i++) {
			authenticate(srv[t], versions[i], NULL, &o);
			if (eddsa && versions[i] < CSPDM_V12) {
				/* EdDSA exists from 1.2: the responder selects nothing */
				assert_int_equal(o.st, CSPDM_E_ALGORITHM);
				assert_int_equal(o.err.code, CSPDM_E_ALGORITHM);
				assert_int_equal(o.err.request_code, SPDM_NEGOTIATE_ALGORITHMS);
				assert_int_equal(o.res.outcome, CSPDM_AUTH_FAILED);
				assert_int_equal(o.res.version, versions[i]);
				assert_int_equal(o.res.base_asym, 0);
				refused++;
				continue;
			}
			assert_trusted(&o, versions[i], a->asym, a->hash);
			assert_int_equal(o.res.slot_mask, 0x01);
			assert_chain_is(&o, &fx.id[0]);
			trusted++;
		}
		assert_int_equal(atomic_load(&srv[t]->connects), NVERSION);
		assert_int_equal(atomic_load(&srv[t]->not_ready), 0);
		/* no ERROR either: a refused cell got ALGORITHMS with no BaseAsymSel */
		assert_int_equal(atomic_load(&srv[t]->errors), 0);
	}
	assert_int_equal(trusted + refused, NTRANS * NVERSION);
	assert_int_equal(refused, eddsa ? NTRANS * 2 : 0);
	g_cells += trusted + refused;
	g_trusted += trusted;
	g_refused += refused;
	print_message("[ matrix   ] %-12s %s: %u cells, %u trusted, %u refused (below 1.2); "
		      "keygen %llu ms, authentications %llu ms\n",
		      cspdm_asym_name(a->asym), cspdm_hash_name(a->hash), trusted + refused,
		      trusted, refused, (unsigned long long)(t1 - t0),
		      (unsigned long long)(now_ms() - t1));
}

/* ---- PCIe CMA subjectAltName ----------------------------------------------------------------- */

static void test_cma_san(void **state)
{
	struct cspdm_responder_config rc;
	struct cspdm_config c;
	struct rsp_srv *v;
	struct auth_out o;

	(void)state;
	make_identity(CSPDM_ASYM_ECDSA_P256, CMA_SAN, 0, 1);
	rsp_config(&rc, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	v = srv_start(&rc, CSPDM_TRANSPORT_PCI_DOE);
	cspdm_config_defaults(&c);

	c.expected_san = CMA_SAN;
	authenticate(v, 0, &c, &o);
	assert_trusted(&o, CSPDM_V14, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);

	/* another device ID: the chain is refused on its SAN */
	c.expected_san = "Vendor=8086:Device=0b61:CC=010802:REV=01";
	authenticate(v, 0, &c, &o);
	assert_int_equal(o.st, CSPDM_E_X509_SAN);
	assert_int_equal(o.err.code, CSPDM_E_X509_SAN);
	assert_int_equal(o.res.outcome, CSPDM_AUTH_FAILED);

	/* the same IDs with a different revision */
	c.expected_san = "Vendor=8086:Device=0b60:CC=010802:REV=02";
	authenticate(v, 0, &c, &o);
	assert_int_equal(o.st, CSPDM_E_X509_SAN);

	/* no SAN asked for: the SAN does not get in the way */
	c.expected_san = NULL;
	authenticate(v, 0, &c, &o);
	assert_trusted(&o, CSPDM_V14, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
}

/* A leaf without any SAN fails a requester that asks for one. */
static void test_cma_san_missing(void **state)
{
	struct cspdm_responder_config rc;
	struct cspdm_config c;
	struct rsp_srv *v;
	struct auth_out o;

	(void)state;
	make_identity(CSPDM_ASYM_ECDSA_P256, NULL, 0, 1);
	rsp_config(&rc, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	v = srv_start(&rc, CSPDM_TRANSPORT_PCI_DOE);
	cspdm_config_defaults(&c);
	c.expected_san = CMA_SAN;
	authenticate(v, 0, &c, &o);
	assert_int_equal(o.st, CSPDM_E_X509_SAN);
	assert_int_equal(o.res.outcome, CSPDM_AUTH_FAILED);
}

/* ---- slot 1 ---------------------------------------------------------------------------------- */

static void test_slot1(void **state)
{
	struct cspdm_responder_config rc;
	struct cspdm_config c;
	struct rsp_srv *v;
	struct auth_out o;
	unsigned i;

	(void)state;
	make_identity(CSPDM_ASYM_ECDSA_P384, NULL, 0, 0);
	make_identity(CSPDM_ASYM_ECDSA_P384, NULL, 1, 1); /* the trust store holds slot 1's root */
	rsp_config(&rc, CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384);
	v = srv_start(&rc, CSPDM_TRANSPORT_MCTP);
	cspdm_config_defaults(&c);
	c.slot = 1;
	for (i = 0; i < NVERSION; i++) {
		c.max_version = versions[i];
		authenticate(v, 0, &c, &o);
		assert_trusted(&o, versions[i], CSPDM_ASYM_ECDSA_P384, CSPDM_HASH_SHA_384);
		assert_int_equal(o.res.slot, 1);
		assert_int_equal(o.res.slot_mask, 0x03);
		assert_non_null(o.res.digests[0]);
		assert_non_null(o.res.digests[1]);
		assert_memory_not_equal(o.res.digests[0], o.res.digests[1], 48);
		assert_chain_is(&o, &fx.id[1]);
	}

	/* slot 0's chain does not anchor in a store holding slot 1's root only */
	c.slot = 0;
	c.max_version = CSPDM_V14;
	authenticate(v, 0, &c, &o);
	assert_int_equal(o.st, CSPDM_E_X509_UNTRUSTED);
	assert_int_equal(o.res.outcome, CSPDM_AUTH_FAILED);

	/* an empty slot is refused by the requester before it asks for a certificate */
	c.slot = 2;
	authenticate(v, 0, &c, &o);
	assert_int_equal(o.st, CSPDM_E_SLOT);
	assert_int_equal(o.err.request_code, SPDM_GET_DIGESTS);
	assert_int_equal(o.err.response_code, SPDM_DIGESTS);
	assert_int_equal(o.res.outcome, CSPDM_AUTH_FAILED);
}

/* ---- ResponseNotReady ------------------------------------------------------------------------ */

static void test_not_ready(void **state)
{
	struct cspdm_responder_config rc;
	struct rsp_srv *v[NTRANS], *plain;
	struct auth_out o, base;
	unsigned t, i;

	(void)state;
	make_identity(CSPDM_ASYM_ECDSA_P256, NULL, 0, 1);
	rsp_config(&rc, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	plain = srv_start(&rc, CSPDM_TRANSPORT_MCTP);
	rc.not_ready_mask = (1u << (SPDM_GET_CERTIFICATE & 0x1F)) | (1u << (SPDM_CHALLENGE & 0x1F));
	rc.rdt_exponent = 1;
	for (t = 0; t < NTRANS; t++)
		v[t] = srv_start(&rc, transports[t]);
	for (i = 0; i < NVERSION; i++) {
		authenticate(plain, versions[i], NULL, &base);
		assert_trusted(&base, versions[i], CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
		for (t = 0; t < NTRANS; t++) {
			unsigned nr = atomic_load(&v[t]->not_ready);

			authenticate(v[t], versions[i], NULL, &o);
			assert_trusted(&o, versions[i], CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
			assert_chain_is(&o, &fx.id[0]);
			nr = atomic_load(&v[t]->not_ready) - nr;
			/* every GET_CERTIFICATE and the CHALLENGE were deferred once, and each
			 * deferral cost one RESPOND_IF_READY round trip */
			assert_true(nr >= 2);
			assert_int_equal(o.res.round_trips, base.res.round_trips + nr);
		}
	}
	for (t = 0; t < NTRANS; t++) {
		assert_int_equal(atomic_load(&v[t]->rir), atomic_load(&v[t]->not_ready));
		assert_int_equal(atomic_load(&v[t]->errors), 0);
	}
	assert_int_equal(atomic_load(&plain->not_ready), 0);
}

/* ---- garbage on the socket ------------------------------------------------------------------- */

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void test_garbage_then_honest(void **state)
{
	struct cspdm_responder_config rc;
	struct cspdm_emu_client *cl = NULL;
	const struct cspdm_io *io;
	struct rsp_srv *v;
	struct auth_out o;
	uint8_t msg[64], rsp[256];
	uint32_t seed = 0x5eed1234;
	size_t len, n, k;
	unsigned i, sent = 0;

	(void)state;
	make_identity(CSPDM_ASYM_ECDSA_P256, NULL, 0, 1);
	rsp_config(&rc, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	v = srv_start(&rc, CSPDM_TRANSPORT_MCTP);

	for (i = 0; i < 3; i++) {
		assert_int_equal(cspdm_emu_connect(&cl, "127.0.0.1", v->port, CSPDM_TRANSPORT_MCTP),
				 CSPDM_OK);
		io = cspdm_emu_io(cl);
		for (k = 0; k < 8; k++) {
			len = 1 + xorshift(&seed) % sizeof(msg);
			for (n = 0; n < len; n++)
				msg[n] = (uint8_t)xorshift(&seed);
			/* a well-formed GET_VERSION would be answered normally */
			if (len > 1 && msg[1] == SPDM_GET_VERSION)
				msg[1] = SPDM_GET_CERTIFICATE;
			if (k == 0 && len > 1)
				msg[1] = (uint8_t)(msg[1] & 0x7F); /* a response code */
			assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, msg, len), CSPDM_OK);
			assert_int_equal(io->recv(io->priv, rsp, sizeof(rsp), &n, NULL, 2000000),
					 CSPDM_OK);
			assert_true(n >= 4);
			assert_int_equal(rsp[0], CSPDM_V10);
			assert_int_equal(rsp[1], SPDM_ERROR);
			assert_true(rsp[2] == SPDM_ERR_INVALID_REQUEST ||
				    rsp[2] == SPDM_ERR_UNEXPECTED_REQUEST ||
				    rsp[2] == SPDM_ERR_VERSION_MISMATCH);
			sent++;
		}
		/* a GET_VERSION with trailing bytes is refused too */
		memcpy(msg, "\x10\x84\x00\x00\xAA\xBB", 6);
		assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, msg, 6), CSPDM_OK);
		assert_int_equal(io->recv(io->priv, rsp, sizeof(rsp), &n, NULL, 2000000), CSPDM_OK);
		assert_int_equal(rsp[1], SPDM_ERROR);
		assert_int_equal(rsp[2], SPDM_ERR_INVALID_REQUEST);
		sent++;
		cspdm_emu_close(cl); /* SHUTDOWN: the server keeps running */
		cl = NULL;
	}
	assert_int_equal(atomic_load(&v->errors), sent);
	assert_int_equal(atomic_load(&v->requests), sent);

	authenticate(v, CSPDM_V14, NULL, &o);
	assert_trusted(&o, CSPDM_V14, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	authenticate(v, CSPDM_V11, NULL, &o);
	assert_trusted(&o, CSPDM_V11, CSPDM_ASYM_ECDSA_P256, CSPDM_HASH_SHA_256);
	assert_int_equal(atomic_load(&v->errors), sent);
}

/* ---- the CLI --------------------------------------------------------------------------------- */

/* The CLI must have been built (exec failing would only show as exit status 127). */
static void assert_cli_built(void)
{
	if (access(CSPDM_CLI, X_OK) != 0)
		print_error("%s: %s\n", CSPDM_CLI, strerror(errno));
	assert_int_equal(access(CSPDM_CLI, X_OK), 0);
}

/* fork + exec CSPDM_CLI; out_fd >= 0 receives the child's stdout (and stderr if both). */
static pid_t spawn(char *const argv[], int out_fd, int both)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (out_fd >= 0) {
			dup2(out_fd, STDOUT_FILENO);
			if (both)
				dup2(out_fd, STDERR_FILENO);
			close(out_fd);
		}
		execv(CSPDM_CLI, argv);
		_exit(127);
	}
	return pid;
}

/* Run to completion; returns the exit status (-1 if killed), output in out (NUL-terminated). */
static int run_cli(char *const argv[], int both, char *out, size_t cap)
{
	int p[2], status;
	size_t got = 0;
	ssize_t r;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = spawn(argv, p[1], both);
	close(p[1]);
	while (got + 1 < cap && (r = read(p[0], out + got, cap - 1 - got)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		got += (size_t)r;
	}
	out[got] = 0;
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int try_connect(uint16_t port)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	rc = connect(fd, (struct sockaddr *)&a, sizeof(a));
	close(fd);
	return rc;
}

/* Wait (up to ms) for the child to exit; returns its status, or -2 if it still runs. */
static int wait_exit(pid_t pid, long ms)
{
	int status;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		assert_int_equal(r, 0);
		if (ms <= 0)
			return -2;
		sleep_ms(20);
		ms -= 20;
	}
}

static void test_cli(void **state)
{
	char port[8], connect[32], out[16384];
	char *const rsp_argv[] = {CSPDM_CLI,	   "responder", "--port",    port,
				  "--transport",   "doe",	"--pci-ids", CMA_IDS,
				  "--export-root", fx.root_dir, NULL};
	char *const auth_argv[] = {CSPDM_CLI,	  "authenticate", "--connect", connect,
				   "--transport", "doe",	  "--trust",   fx.root_dir,
				   "--pci-ids",	  CMA_IDS,	  "--json",    NULL};
	uint16_t p = tu_free_port();
	uint64_t t0;
	int st, devnull;

	(void)state;
	assert_cli_built();
	assert_int_not_equal(p, 0);
	snprintf(port, sizeof(port), "%u", p);
	snprintf(connect, sizeof(connect), "127.0.0.1:%u", p);
	snprintf(fx.root_dir, sizeof(fx.root_dir), "%s/cli-roots", g_tmpdir);

	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	assert_true(devnull >= 0);
	fx.child = spawn(rsp_argv, devnull, 0);
	close(devnull);

	/* it listens once its identity exists; our server survives a connect + close probe */
	t0 = now_ms();
	while (try_connect(p) != 0) {
		assert_int_equal(wait_exit(fx.child, 0), -2);
		assert_true(now_ms() - t0 < 30000);
		sleep_ms(20);
	}

	st = run_cli(auth_argv, 0, out, sizeof(out));
	if (st != 0 || !strstr(out, "\"outcome\": \"trusted\""))
		print_error("cspdm authenticate exited %d:\n%s\n", st, out);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "\"outcome\": \"trusted\""));
	assert_non_null(strstr(out, "\"version\": \"1.4\""));
	assert_non_null(strstr(out, "\"base_asym\": \"ECDSA_P384\""));
	assert_non_null(strstr(out, CMA_SAN));

	/* the client's SHUTDOWN ends the responder, cleanly (LSan included) */
	st = wait_exit(fx.child, 10000);
	assert_int_equal(st, 0);
	fx.child = 0;
}

static void test_cli_usage(void **state)
{
	char out[8192];
	char *const help[] = {CSPDM_CLI, "responder", "--help", NULL};
	char *const bad_asym[] = {CSPDM_CLI, "responder", "--asym", "NOPE", NULL};
	char *const bad_port[] = {CSPDM_CLI, "responder", "--port", "70000", NULL};
	int st;

	(void)state;
	assert_cli_built();
	st = run_cli(help, 0, out, sizeof(out));
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "usage: cspdm responder"));
	assert_non_null(strstr(out, "--transport"));
	assert_non_null(strstr(out, "--pci-ids"));

	st = run_cli(bad_asym, 1, out, sizeof(out));
	assert_int_equal(st, 2);
	assert_non_null(strstr(out, "NOPE"));

	st = run_cli(bad_port, 1, out, sizeof(out));
	assert_int_equal(st, 2);
}

/* ---- main ------------------------------------------------------------------------------------ */

static int group_teardown(void **state)
{
	(void)state;
	rmdir(g_tmpdir);
	print_message("[ summary  ] matrix: %u cells (%u algorithms x %u transports x %u "
		      "versions): %u trusted, %u EdDSA below 1.2 refused with "
		      "CSPDM_E_ALGORITHM\n",
		      g_cells, (unsigned)NALG, NTRANS, NVERSION, g_trusted, g_refused);
	return 0;
}

#define MATRIX(i, nm)                                                                              \
	{                                                                                          \
		"matrix_" nm, test_matrix, setup, teardown, &algs[i]                               \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    MATRIX(0, "ECDSA_P256"),
	    MATRIX(1, "ECDSA_P384"),
	    MATRIX(2, "ECDSA_P521"),
	    MATRIX(3, "RSASSA_2048"),
	    MATRIX(4, "RSASSA_3072"),
	    MATRIX(5, "RSASSA_4096"),
	    MATRIX(6, "RSAPSS_2048"),
	    MATRIX(7, "RSAPSS_3072"),
	    MATRIX(8, "RSAPSS_4096"),
	    MATRIX(9, "EDDSA_25519"),
	    MATRIX(10, "EDDSA_448"),
	    cmocka_unit_test_setup_teardown(test_cma_san, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cma_san_missing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_slot1, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_ready, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_garbage_then_honest, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cli, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cli_usage, setup, teardown),
	};

	return cmocka_run_group_tests_name("rsp_socket", tests, group_setup, group_teardown);
}
