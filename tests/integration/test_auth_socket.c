/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Authentication over a real loopback socket: a server thread speaks the spdm-emu socket
 * protocol with NONE, MCTP and PCI DOE framing and answers with the scripted device. The
 * library connects with cspdm_emu_connect + cspdm_authenticate for every transport and
 * version 1.0 .. 1.3, and the CLI (CSPDM_CLI) is run against the same server.
 */
#include "testutil.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cspdm/transport.h"
#include "scripted_device.c"

#define FRAME_MAX (CSPDM_EMU_HEADER_SIZE + CSPDM_EMU_MAX_PAYLOAD)
#define RX_CAP	  8192
#define CERT_CAP  8192

/* ---- the server ------------------------------------------------------------------------------ */

struct srv {
	int lfd;
	uint16_t port;
	struct sd *d;
	pthread_t th;
	atomic_int stop;
	atomic_int conns, frames, shutdowns, bad;
	atomic_uint last_transport;
	uint8_t in[FRAME_MAX];
	uint8_t rsp[SD_MSG_MAX];
	uint8_t out[FRAME_MAX];
};

static int read_full(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, buf + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = send(fd, buf + done, len - done, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_hdr(uint8_t *p, uint32_t cmd, uint32_t transport, uint32_t size)
{
	put_be32(p, cmd);
	put_be32(p + 4, transport);
	put_be32(p + 8, size);
}

/* Socket transport type -> framing. */
static int framing_of(uint32_t emu_transport, enum cspdm_transport *t)
{
	switch (emu_transport) {
	case CSPDM_EMU_TRANSPORT_NONE:
		*t = CSPDM_TRANSPORT_NONE;
		return 0;
	case CSPDM_EMU_TRANSPORT_MCTP:
		*t = CSPDM_TRANSPORT_MCTP;
		return 0;
	case CSPDM_EMU_TRANSPORT_PCI_DOE:
		*t = CSPDM_TRANSPORT_PCI_DOE;
		return 0;
	default:
		return -1;
	}
}

/* One NORMAL frame: unwrap, ask the device, wrap the answer. */
static int serve_frame(struct srv *s, int fd, uint32_t transport, uint32_t size)
{
	enum cspdm_transport t;
	const uint8_t *msg;
	size_t msg_len, n, flen;
	uint8_t type;

	if (framing_of(transport, &t) ||
	    cspdm_transport_decode(t, s->in, size, &msg, &msg_len, &type) != CSPDM_OK)
		return -1;
	n = sd_respond(s->d, msg, msg_len, s->rsp, sizeof(s->rsp));
	if (!n || cspdm_transport_encode(t, s->rsp, n, s->out + CSPDM_EMU_HEADER_SIZE,
					 CSPDM_EMU_MAX_PAYLOAD, &flen) != CSPDM_OK)
		return -1;
	put_hdr(s->out, CSPDM_EMU_CMD_NORMAL, transport, (uint32_t)flen);
	atomic_fetch_add(&s->frames, 1);
	atomic_store(&s->last_transport, transport);
	return write_full(fd, s->out, CSPDM_EMU_HEADER_SIZE + flen);
}

static void serve_conn(struct srv *s, int fd)
{
	uint8_t h[CSPDM_EMU_HEADER_SIZE];
	uint32_t cmd, transport, size;

	while (!read_full(fd, h, sizeof(h))) {
		cmd = get_be32(h);
		transport = get_be32(h + 4);
		size = get_be32(h + 8);
		if (cmd == CSPDM_EMU_CMD_SHUTDOWN) {
			atomic_fetch_add(&s->shutdowns, 1);
			put_hdr(h, CSPDM_EMU_CMD_SHUTDOWN, transport, 0);
			(void)write_full(fd, h, sizeof(h));
			return;
		}
		if (cmd != CSPDM_EMU_CMD_NORMAL || size > CSPDM_EMU_MAX_PAYLOAD ||
		    read_full(fd, s->in, size) || serve_frame(s, fd, transport, size)) {
			atomic_fetch_add(&s->bad, 1);
			return;
		}
	}
}

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	struct pollfd p = {.fd = s->lfd, .events = POLLIN};
	int fd;

	while (!atomic_load(&s->stop)) {
		if (poll(&p, 1, 50) <= 0)
			continue;
		fd = accept(s->lfd, NULL, NULL);
		if (fd < 0)
			continue;
		atomic_fetch_add(&s->conns, 1);
		serve_conn(s, fd);
		close(fd);
	}
	return NULL;
}

static struct srv *srv_start(void)
{
	struct srv *s = calloc(1, sizeof(*s));
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int one = 1;

	assert_non_null(s);
	s->d = sd_new(NULL);
	assert_non_null(s->d);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->lfd >= 0);
	assert_int_equal(setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)), 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->lfd, 4), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->th, NULL, srv_main, s), 0);
	return s;
}

static void srv_stop(struct srv *s)
{
	atomic_store(&s->stop, 1);
	pthread_join(s->th, NULL);
	close(s->lfd);
	sd_free(s->d);
	free(s);
}

/* Wait (up to 2 s) until the server has seen n SHUTDOWNs. */
static void wait_shutdowns(struct srv *s, int n)
{
	int i;

	for (i = 0; i < 200 && atomic_load(&s->shutdowns) < n; i++)
		usleep(10000);
	assert_int_equal(atomic_load(&s->shutdowns), n);
}

/* ---- fixture ------------------------------------------------------------------------------- */

static char g_tmpdir[64];
static char g_root_pem[128];

static int group_setup(void **state)
{
	(void)state;
	snprintf(g_tmpdir, sizeof(g_tmpdir), "/tmp/cspdm-sock-XXXXXX");
	return mkdtemp(g_tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (g_root_pem[0])
		unlink(g_root_pem);
	rmdir(g_tmpdir);
	return 0;
}

static int setup(void **state)
{
	*state = srv_start();
	return 0;
}

static int teardown(void **state)
{
	srv_stop(*state);
	return 0;
}

/* ---- the library over the socket ------------------------------------------------------------ */

struct client {
	struct cspdm_openssl *ossl;
	struct cspdm_config cfg;
	struct cspdm_context *ctx;
	void *mem;
	uint8_t cert[CERT_CAP];
	uint8_t rx[RX_CAP];
};

static struct client *client_new(void)
{
	struct client *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	assert_int_equal(cspdm_openssl_new(&c->ossl, NULL), CSPDM_OK);
	c->mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	assert_non_null(c->mem);
	cspdm_config_defaults(&c->cfg);
	c->cfg.crypto = cspdm_openssl_ops(c->ossl);
	c->cfg.cert_buf = c->cert;
	c->cfg.cert_cap = sizeof(c->cert);
	c->cfg.rx_buf = c->rx;
	c->cfg.rx_cap = sizeof(c->rx);
	assert_int_equal(cspdm_init(&c->ctx, c->mem, cspdm_context_size(), &c->cfg), CSPDM_OK);
	return c;
}

static void client_free(struct client *c)
{
	cspdm_deinit(c->ctx);
	cspdm_openssl_free(c->ossl);
	free(c->mem);
	free(c);
}

static uint32_t emu_type(enum cspdm_transport t)
{
	return t == CSPDM_TRANSPORT_MCTP      ? CSPDM_EMU_TRANSPORT_MCTP
	       : t == CSPDM_TRANSPORT_PCI_DOE ? CSPDM_EMU_TRANSPORT_PCI_DOE
					      : CSPDM_EMU_TRANSPORT_NONE;
}

/* One authentication over a new connection; returns its status. */
static cspdm_status auth_once(struct srv *s, struct client *c, enum cspdm_transport t,
			      struct cspdm_result *r)
{
	struct cspdm_emu_client *ec = NULL;
	int shut = atomic_load(&s->shutdowns);
	cspdm_status st;

	assert_int_equal(cspdm_emu_connect(&ec, "127.0.0.1", s->port, t), CSPDM_OK);
	st = cspdm_authenticate(c->ctx, cspdm_emu_io(ec));
	assert_int_equal(cspdm_get_result(c->ctx, r), CSPDM_OK);
	assert_int_equal(cspdm_emu_frames_sent(ec), r->round_trips);
	cspdm_emu_close(ec);
	wait_shutdowns(s, shut + 1);
	assert_int_equal(atomic_load(&s->bad), 0);
	assert_int_equal(atomic_load(&s->last_transport), emu_type(t));
	return st;
}

static void test_transports_and_versions(void **state)
{
	static const enum cspdm_transport ts[] = {CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_MCTP,
						  CSPDM_TRANSPORT_PCI_DOE};
	struct srv *s = *state;
	struct client *c = client_new();
	struct cspdm_result r;
	unsigned i;
	uint8_t ver;
	int runs = 0;

	for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
		for (ver = CSPDM_V10; ver <= CSPDM_V13; ver++) {
			s->d->cfg.n_versions = 1;
			s->d->cfg.versions[0] = (uint16_t)(ver << 8);
			assert_int_equal(auth_once(s, c, ts[i], &r), CSPDM_OK);
			runs++;
			assert_int_equal(r.outcome, CSPDM_AUTH_EVIDENCE_READY);
			assert_int_equal(r.version, ver);
			assert_int_equal(r.base_asym, CSPDM_ASYM_ECDSA_P256);
			assert_int_equal(r.base_hash, CSPDM_HASH_SHA_384);
			assert_int_equal(r.cert_chain_len, s->d->chain_len);
			assert_memory_equal(r.cert_chain, s->d->chain, s->d->chain_len);
			assert_int_equal(r.round_trips,
					 6); /* VCA 3, DIGESTS, 1 portion, CHALLENGE */
			assert_int_equal(s->d->challenges, runs);
		}
	}
	assert_int_equal(atomic_load(&s->conns), runs);
	assert_int_equal(atomic_load(&s->shutdowns), runs);
	client_free(c);
}

/* Small portions, a Busy and a ResponseNotReady, over PCI DOE. */
static void test_doe_flow_control(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new();
	struct sd_fault busy = {.req_code = SPDM_GET_DIGESTS,
				.nth = 1,
				.kind = SD_FAULT_ERROR,
				.err_code = SPDM_ERR_BUSY};
	struct sd_fault nr = {.req_code = SPDM_CHALLENGE,
			      .nth = 1,
			      .kind = SD_FAULT_ERROR,
			      .err_code = SPDM_ERR_RESPONSE_NOT_READY,
			      .rdt_exponent = 4,
			      .token = 0x33};
	struct cspdm_result r;

	s->d->cfg.max_portion = 101; /* odd sizes exercise the DOE padding */
	assert_int_equal(sd_add_fault(s->d, &busy), 0);
	assert_int_equal(sd_add_fault(s->d, &nr), 0);
	assert_int_equal(auth_once(s, c, CSPDM_TRANSPORT_PCI_DOE, &r), CSPDM_OK);
	assert_int_equal(r.outcome, CSPDM_AUTH_EVIDENCE_READY);
	assert_int_equal(r.round_trips, 3 + 1 + 1 + (s->d->chain_len + 100) / 101 + 1 + 1);
	assert_int_equal(sd_requests(s->d, SPDM_RESPOND_IF_READY), 1);
	client_free(c);
}

static void test_hostile_over_socket(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new();
	struct sd_fault f = {
	    .req_code = SPDM_CHALLENGE, .kind = SD_FAULT_MUTATE, .from_end = 1, .xor_mask = 0x01};
	struct cspdm_result r;

	assert_int_equal(sd_add_fault(s->d, &f), 0);
	assert_int_equal(auth_once(s, c, CSPDM_TRANSPORT_MCTP, &r), CSPDM_E_SIGNATURE);
	assert_int_equal(r.outcome, CSPDM_AUTH_FAILED);
	assert_int_equal(cspdm_last_error(c->ctx)->request_code, SPDM_CHALLENGE);
	sd_clear(s->d);
	assert_int_equal(auth_once(s, c, CSPDM_TRANSPORT_MCTP, &r), CSPDM_OK);
	client_free(c);
}

/* The server went away: connecting fails cleanly. */
static void test_connect_refused(void **state)
{
	struct cspdm_emu_client *ec = NULL;
	uint16_t port = tu_free_port();

	(void)state;
	assert_true(port != 0);
	assert_int_equal(cspdm_emu_connect(&ec, "127.0.0.1", port, CSPDM_TRANSPORT_MCTP),
			 CSPDM_E_IO);
	assert_null(ec);
}

/* ---- the CLI ------------------------------------------------------------------------------------
 */

struct cli_run {
	int status;
	char out[16384];
	char err[4096];
};

static void slurp(FILE *f, char *buf, size_t cap)
{
	size_t n = fread(buf, 1, cap - 1, f);

	buf[n] = 0;
}

static void run_cli(struct srv *s, const char *extra, struct cli_run *r)
{
	char cmd[1024], errpath[128];
	FILE *p, *e;

	snprintf(errpath, sizeof(errpath), "%s/stderr.txt", g_tmpdir);
	snprintf(cmd, sizeof(cmd), "%s authenticate --connect 127.0.0.1:%u %s 2>%s", CSPDM_CLI,
		 (unsigned)s->port, extra, errpath);
	p = popen(cmd, "r");
	assert_non_null(p);
	slurp(p, r->out, sizeof(r->out));
	r->status = pclose(p);
	e = fopen(errpath, "r");
	assert_non_null(e);
	slurp(e, r->err, sizeof(r->err));
	fclose(e);
	unlink(errpath);
	assert_true(WIFEXITED(r->status));
	r->status = WEXITSTATUS(r->status);
}

static void test_cli_evidence_ready(void **state)
{
	struct srv *s = *state;
	struct cli_run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	run_cli(s, "--transport mctp --json", r);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "\"outcome\": \"evidence ready\""));
	assert_non_null(strstr(r->out, "\"version\": \"1.3\""));
	assert_non_null(strstr(r->out, "cspdm scripted leaf"));
	assert_null(strstr(r->out, "\"error\""));
	wait_shutdowns(s, 1);
	assert_int_equal(s->d->challenges, 1);
	free(r);
}

static void test_cli_trusted(void **state)
{
	struct srv *s = *state;
	struct cli_run *r = calloc(1, sizeof(*r));
	char extra[256];

	assert_non_null(r);
	snprintf(g_root_pem, sizeof(g_root_pem), "%s/root.pem", g_tmpdir);
	assert_int_equal(sd_write_root_pem(s->d, g_root_pem), 0);
	snprintf(extra, sizeof(extra), "--transport doe --json --trust %s", g_root_pem);
	run_cli(s, extra, r);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "\"outcome\": \"trusted\""));
	assert_non_null(strstr(r->out, "\"transport\": \"pci_doe\""));
	/* human output too */
	snprintf(extra, sizeof(extra), "--transport none --trust %s", g_root_pem);
	run_cli(s, extra, r);
	assert_int_equal(r->status, 0);
	assert_non_null(strstr(r->out, "outcome       trusted"));
	wait_shutdowns(s, 2);
	free(r);
}

static void test_cli_hostile(void **state)
{
	struct srv *s = *state;
	struct cli_run *r = calloc(1, sizeof(*r));
	struct sd_fault f = {
	    .req_code = SPDM_CHALLENGE, .kind = SD_FAULT_MUTATE, .from_end = 1, .xor_mask = 0x01};

	assert_non_null(r);
	assert_int_equal(sd_add_fault(s->d, &f), 0);
	run_cli(s, "--transport mctp --json", r);
	assert_int_equal(r->status, 1);
	assert_non_null(strstr(r->out, "\"outcome\": \"failed\""));
	assert_non_null(strstr(r->out, "\"code\": \"SIGNATURE\""));
	assert_non_null(strstr(r->out, "\"field\": \"Signature\""));
	/* without --json the failure goes to stderr */
	run_cli(s, "--transport mctp", r);
	assert_int_equal(r->status, 1);
	assert_non_null(strstr(r->err, "authentication failed: SIGNATURE"));
	assert_non_null(strstr(r->err, "field:    Signature"));
	assert_string_equal(r->out, "");
	wait_shutdowns(s, 2);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_transports_and_versions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_doe_flow_control, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_hostile_over_socket, setup, teardown),
	    cmocka_unit_test(test_connect_refused),
	    cmocka_unit_test_setup_teardown(test_cli_evidence_ready, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cli_trusted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_cli_hostile, setup, teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
