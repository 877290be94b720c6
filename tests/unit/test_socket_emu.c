/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The spdm-emu socket client against a scripted responder on loopback. The server thread
 * checks the client's frames byte by byte and replies with hand-built frames.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cspdm/transport.h"

/* ---- the scripted responder ----------------------------------------------------------------- */

enum scenario {
	SC_REPLY,	/* check the request, send the reply, expect SHUTDOWN */
	SC_DRIP,	/* same, reply one byte at a time */
	SC_REPLY_CLOSE, /* check the request, send the reply, close at once */
	SC_SILENT,	/* check the request, send nothing, expect SHUTDOWN */
	SC_CLOSE_ONLY,	/* expect SHUTDOWN only */
};

struct srv {
	int lfd;
	uint16_t port;
	pthread_t th;
	enum scenario sc;
	uint8_t tt; /* socket transport type the client must use */
	const uint8_t *want;
	size_t want_len;
	const uint8_t *reply;
	size_t reply_len;
	bool got_shutdown;
	char err[160];
};

static void srv_fail(struct srv *s, const char *what)
{
	if (!s->err[0])
		snprintf(s->err, sizeof(s->err), "server: %s", what);
}

static bool read_full(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = recv(fd, buf + got, n - got, 0);

		if (r <= 0)
			return false;
		got += (size_t)r;
	}
	return true;
}

static bool write_full(int fd, const uint8_t *buf, size_t n)
{
	return send(fd, buf, n, MSG_NOSIGNAL) == (ssize_t)n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static void check_request(struct srv *s, int fd)
{
	uint8_t buf[256];

	if (s->want_len > sizeof(buf))
		srv_fail(s, "request too long for the test");
	else if (!read_full(fd, buf, s->want_len))
		srv_fail(s, "request truncated");
	else if (memcmp(buf, s->want, s->want_len) != 0)
		srv_fail(s, "request bytes differ");
}

static void send_reply(struct srv *s, int fd)
{
	size_t i;

	if (s->sc != SC_DRIP) {
		if (s->reply_len && !write_full(fd, s->reply, s->reply_len))
			srv_fail(s, "reply write");
		return;
	}
	for (i = 0; i < s->reply_len; i++) {
		if (!write_full(fd, s->reply + i, 1))
			srv_fail(s, "drip write");
		sleep_ms(2);
	}
}

static void expect_shutdown(struct srv *s, int fd)
{
	uint8_t want[12] = {0x00, 0x00,	 0xff, 0xfe, 0x00, 0x00,
			    0x00, s->tt, 0x00, 0x00, 0x00, 0x00};
	uint8_t buf[12];

	if (!read_full(fd, buf, sizeof(buf))) {
		srv_fail(s, "no SHUTDOWN");
		return;
	}
	if (memcmp(buf, want, sizeof(want)) != 0) {
		srv_fail(s, "SHUTDOWN bytes differ");
		return;
	}
	s->got_shutdown = true;
	/* the reference responder echoes SHUTDOWN; the client may already be gone */
	(void)write_full(fd, want, sizeof(want));
}

static void *srv_main(void *arg)
{
	struct srv *s = arg;
	struct timeval tv = {.tv_sec = 5};
	int one = 1;
	int fd = accept(s->lfd, NULL, NULL);

	if (fd < 0) {
		srv_fail(s, "accept");
		return NULL;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0)
		srv_fail(s, "setsockopt");
	if (s->sc != SC_CLOSE_ONLY)
		check_request(s, fd);
	if (s->sc == SC_REPLY || s->sc == SC_DRIP || s->sc == SC_REPLY_CLOSE)
		send_reply(s, fd);
	if (s->sc != SC_REPLY_CLOSE)
		expect_shutdown(s, fd);
	close(fd);
	return NULL;
}

static void srv_start(struct srv *s, enum scenario sc, uint8_t tt)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);

	s->sc = sc;
	s->tt = tt;
	s->got_shutdown = false;
	s->err[0] = '\0';
	s->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(s->lfd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(listen(s->lfd, 1), 0);
	assert_int_equal(pthread_create(&s->th, NULL, srv_main, s), 0);
}

static void srv_finish(struct srv *s, bool want_shutdown)
{
	assert_int_equal(pthread_join(s->th, NULL), 0);
	close(s->lfd);
	if (s->err[0])
		fail_msg("%s", s->err);
	assert_int_equal(s->got_shutdown, want_shutdown);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- frames --------------------------------------------------------------------------------- */

static const uint8_t get_version[] = {0x10, 0x84, 0x00, 0x00};
static const uint8_t version_rsp[] = {0x10, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x10};

static const uint8_t req_none[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
				   0x00, 0x00, 0x00, 0x04, 0x10, 0x84, 0x00, 0x00};
static const uint8_t rsp_none[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
				   0x00, 0x08, 0x10, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x10};

static const uint8_t req_mctp[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00,
				   0x00, 0x00, 0x05, 0x05, 0x10, 0x84, 0x00, 0x00};
static const uint8_t rsp_mctp[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
				   0x09, 0x05, 0x10, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x10};

/* DOE: a 5-byte request (3 bytes padding) and a 6-byte reply (2 bytes padding). */
static const uint8_t doe_msg[] = {0x12, 0xE1, 0x00, 0x00, 0x7F};
static const uint8_t req_doe[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
				  0x00, 0x10, 0x01, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
				  0x12, 0xE1, 0x00, 0x00, 0x7F, 0x00, 0x00, 0x00};
static const uint8_t rsp_doe[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
				  0x00, 0x10, 0x01, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 0x00,
				  0x10, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
static const uint8_t doe_rsp_msg[] = {0x10, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};

struct exchange {
	enum cspdm_transport t;
	uint8_t tt;
	const uint8_t *msg;
	size_t msg_len;
	const uint8_t *req;
	size_t req_len;
};

#define EXCHANGE(tr, type, m, r)                                                                   \
	{                                                                                          \
		.t = (tr), .tt = (type), .msg = (m), .msg_len = sizeof(m), .req = (r),             \
		.req_len = sizeof(r)                                                               \
	}

static const struct exchange ex_none = EXCHANGE(CSPDM_TRANSPORT_NONE, 0, get_version, req_none);
static const struct exchange ex_mctp = EXCHANGE(CSPDM_TRANSPORT_MCTP, 1, get_version, req_mctp);
static const struct exchange ex_doe = EXCHANGE(CSPDM_TRANSPORT_PCI_DOE, 2, doe_msg, req_doe);

/*
 * Run one request against a scripted reply; returns the client's recv status. The message
 * lands in out/out_len.
 */
static cspdm_status run(const struct exchange *ex, enum scenario sc, const uint8_t *reply,
			size_t reply_len, uint64_t timeout_us, uint8_t *out, size_t cap,
			size_t *out_len)
{
	struct srv s;
	struct cspdm_emu_client *c = NULL;
	const struct cspdm_io *io;
	cspdm_status st;

	memset(&s, 0, sizeof(s));
	s.want = ex->req;
	s.want_len = ex->req_len;
	s.reply = reply;
	s.reply_len = reply_len;
	srv_start(&s, sc, ex->tt);
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", s.port, ex->t), CSPDM_OK);
	io = cspdm_emu_io(c);
	assert_non_null(io);
	assert_int_equal(io->max_pad, ex->t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, ex->msg, ex->msg_len), CSPDM_OK);
	assert_int_equal(cspdm_emu_frames_sent(c), 1);
	st = io->recv(io->priv, out, cap, out_len, NULL, timeout_us);
	if (st != CSPDM_OK && st != CSPDM_E_BUFFER_TOO_SMALL && st != CSPDM_E_TIMEOUT)
		/* a failed stream stays failed; an intact one has nothing more */
		assert_int_not_equal(io->recv(io->priv, out, cap, out_len, NULL, 50000), CSPDM_OK);
	cspdm_emu_close(c);
	srv_finish(&s, sc != SC_REPLY_CLOSE);
	return st;
}

/* ---- echo round trips ----------------------------------------------------------------------- */

static void test_echo_none(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    run(&ex_none, SC_REPLY, rsp_none, sizeof(rsp_none), 2000000, buf, sizeof(buf), &n),
	    CSPDM_OK);
	assert_int_equal(n, sizeof(version_rsp));
	assert_memory_equal(buf, version_rsp, n);
}

static void test_echo_mctp(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    run(&ex_mctp, SC_REPLY, rsp_mctp, sizeof(rsp_mctp), 2000000, buf, sizeof(buf), &n),
	    CSPDM_OK);
	assert_int_equal(n, sizeof(version_rsp));
	assert_memory_equal(buf, version_rsp, n);
}

static void test_echo_doe(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    run(&ex_doe, SC_REPLY, rsp_doe, sizeof(rsp_doe), 2000000, buf, sizeof(buf), &n),
	    CSPDM_OK);
	/* the message with its padding: the SPDM decoder skips up to io->max_pad zeros */
	assert_int_equal(n, sizeof(doe_rsp_msg));
	assert_memory_equal(buf, doe_rsp_msg, n);
}

static void test_echo_no_timeout(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    run(&ex_mctp, SC_REPLY, rsp_mctp, sizeof(rsp_mctp), 0, buf, sizeof(buf), &n), CSPDM_OK);
	assert_memory_equal(buf, version_rsp, n);
}

static void test_drip(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    run(&ex_doe, SC_DRIP, rsp_doe, sizeof(rsp_doe), 5000000, buf, sizeof(buf), &n),
	    CSPDM_OK);
	assert_int_equal(n, sizeof(doe_rsp_msg));
	assert_memory_equal(buf, doe_rsp_msg, n);
}

static void test_buffer_too_small(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp_mctp, sizeof(rsp_mctp), 2000000, buf,
			     sizeof(version_rsp) - 1, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
}

/* ---- hostile replies ------------------------------------------------------------------------ */

static void test_huge_payload_claim(void **state)
{
	/* 16 MiB claimed, nothing follows: must be refused from the header alone */
	static const uint8_t rsp[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
				      0x00, 0x01, 0x01, 0x00, 0x00, 0x00};
	uint8_t buf[64];
	size_t n = 0;
	uint64_t t0 = mono_ms();

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp, sizeof(rsp), 5000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
	assert_true(mono_ms() - t0 < 1000);
}

static void test_one_over_max_payload(void **state)
{
	/* 64 KiB + 1 */
	static const uint8_t rsp[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
				      0x00, 0x01, 0x00, 0x01, 0x00, 0x01};
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp, sizeof(rsp), 5000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
}

static void test_wrong_transport_type(void **state)
{
	/* an MCTP client gets a frame marked PCI DOE */
	uint8_t rsp[sizeof(rsp_mctp)];
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	memcpy(rsp, rsp_mctp, sizeof(rsp));
	rsp[7] = 0x02;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
}

static void test_wrong_command(void **state)
{
	static const uint8_t cmds[][2] = {{0xff, 0xfd}, {0xff, 0xfe}, {0xff, 0xff}, {0xde, 0xad}};
	uint8_t rsp[sizeof(rsp_mctp)];
	uint8_t buf[64];
	size_t n = 0, i;

	(void)state;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		memcpy(rsp, rsp_mctp, sizeof(rsp));
		rsp[2] = cmds[i][0];
		rsp[3] = cmds[i][1];
		assert_int_equal(
		    run(&ex_mctp, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
		    CSPDM_E_TRANSPORT);
	}
}

static void test_doe_discovery_reply(void **state)
{
	uint8_t rsp[sizeof(rsp_doe)];
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	memcpy(rsp, rsp_doe, sizeof(rsp));
	rsp[14] = CSPDM_DOE_TYPE_DISCOVERY;
	assert_int_equal(run(&ex_doe, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
	rsp[14] = CSPDM_DOE_TYPE_SECURED_SPDM;
	assert_int_equal(run(&ex_doe, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
}

static void test_doe_bad_length_reply(void **state)
{
	uint8_t rsp[sizeof(rsp_doe)];
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	memcpy(rsp, rsp_doe, sizeof(rsp));
	rsp[16] = 0x05; /* 5 DWORDs in a 4-DWORD object */
	assert_int_equal(run(&ex_doe, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
}

static void test_mctp_other_type_reply(void **state)
{
	uint8_t rsp[sizeof(rsp_mctp)];
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	memcpy(rsp, rsp_mctp, sizeof(rsp));
	rsp[12] = CSPDM_MCTP_TYPE_SECURED;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
}

static void test_mctp_empty_reply(void **state)
{
	static const uint8_t rsp[] = {0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
				      0x00, 0x01, 0x00, 0x00, 0x00, 0x00};
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp, sizeof(rsp), 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_TRANSPORT);
}

static void test_close_mid_payload(void **state)
{
	/* 9 bytes announced, 5 sent, then the peer closes */
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(
	    run(&ex_mctp, SC_REPLY_CLOSE, rsp_mctp, 12 + 5, 2000000, buf, sizeof(buf), &n),
	    CSPDM_E_IO);
}

static void test_close_mid_header(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_REPLY_CLOSE, rsp_mctp, 7, 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_IO);
}

static void test_close_without_reply(void **state)
{
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(run(&ex_none, SC_REPLY_CLOSE, NULL, 0, 2000000, buf, sizeof(buf), &n),
			 CSPDM_E_IO);
}

static void test_timeout(void **state)
{
	uint8_t buf[64];
	size_t n = 0;
	uint64_t t0 = mono_ms(), dt;

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_SILENT, NULL, 0, 100000, buf, sizeof(buf), &n),
			 CSPDM_E_TIMEOUT);
	dt = mono_ms() - t0;
	assert_true(dt >= 100);
	assert_true(dt < 2000);
}

static void test_timeout_mid_frame(void **state)
{
	/* header arrives, payload never does: a timeout, and the stream is unusable after it */
	uint8_t buf[64];
	size_t n = 0;

	(void)state;
	assert_int_equal(run(&ex_mctp, SC_REPLY, rsp_mctp, 12, 100000, buf, sizeof(buf), &n),
			 CSPDM_E_TIMEOUT);
}

/* ---- connect and close ---------------------------------------------------------------------- */

static void close_only(enum cspdm_transport t, uint8_t tt, const char *host)
{
	struct srv s;
	struct cspdm_emu_client *c = NULL;

	memset(&s, 0, sizeof(s));
	srv_start(&s, SC_CLOSE_ONLY, tt);
	assert_int_equal(cspdm_emu_connect(&c, host, s.port, t), CSPDM_OK);
	assert_int_equal(cspdm_emu_frames_sent(c), 0);
	cspdm_emu_close(c);
	srv_finish(&s, true);
}

static void test_close_sends_shutdown(void **state)
{
	(void)state;
	close_only(CSPDM_TRANSPORT_NONE, 0, "127.0.0.1");
	close_only(CSPDM_TRANSPORT_MCTP, 1, "127.0.0.1");
	close_only(CSPDM_TRANSPORT_PCI_DOE, 2, "localhost");
	cspdm_emu_close(NULL);
	assert_null(cspdm_emu_io(NULL));
	assert_int_equal(cspdm_emu_frames_sent(NULL), 0);
}

static void test_send_too_large(void **state)
{
	struct srv s;
	struct cspdm_emu_client *c = NULL;
	const struct cspdm_io *io;
	static uint8_t big[CSPDM_EMU_MAX_PAYLOAD];

	(void)state;
	memset(&s, 0, sizeof(s));
	srv_start(&s, SC_CLOSE_ONLY, 1);
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", s.port, CSPDM_TRANSPORT_MCTP),
			 CSPDM_OK);
	io = cspdm_emu_io(c);
	/* MCTP adds a byte: the frame would not fit in one socket payload */
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, big, sizeof(big)),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_emu_frames_sent(c), 0);
	cspdm_emu_close(c);
	srv_finish(&s, true);
}

static void test_connect_errors(void **state)
{
	static int sentinel;
	struct cspdm_emu_client *c = (struct cspdm_emu_client *)(void *)&sentinel;
	uint16_t port = tu_free_port();

	(void)state;
	assert_true(port != 0);
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", port, CSPDM_TRANSPORT_MCTP),
			 CSPDM_E_IO);
	assert_null(c);
	assert_int_equal(cspdm_emu_connect(NULL, "127.0.0.1", port, CSPDM_TRANSPORT_MCTP),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_emu_connect(&c, NULL, port, CSPDM_TRANSPORT_MCTP),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", 0, CSPDM_TRANSPORT_MCTP),
			 CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", port, (enum cspdm_transport)5),
			 CSPDM_E_INVALID_ARG);
}

/* What failed, and the OS's reason: a refused port, a name that does not resolve. */
static void test_connect_error_detail(void **state)
{
	struct cspdm_emu_client *c = NULL;
	uint16_t port = tu_free_port();
	cspdm_error err;

	(void)state;
	assert_int_equal(cspdm_emu_connect_ex(&c, "127.0.0.1", port, CSPDM_TRANSPORT_MCTP, &err),
			 CSPDM_E_IO);
	assert_int_equal(err.code, CSPDM_E_IO);
	assert_string_equal(err.field, "connect");
	assert_int_equal(err.os_error, ECONNREFUSED);
	assert_string_equal(cspdm_os_reason(&err), strerror(ECONNREFUSED));
	assert_int_equal(
	    cspdm_emu_connect_ex(&c, "no-such-host.invalid", port, CSPDM_TRANSPORT_MCTP, &err),
	    CSPDM_E_RESOLVE);
	assert_string_equal(err.field, "getaddrinfo");
	assert_true(err.os_error != 0);
	assert_non_null(cspdm_os_reason(&err));
	assert_null(c);
	err.os_error = 0;
	assert_null(cspdm_os_reason(&err));
	assert_null(cspdm_emu_last_error(NULL));
}

/* ---- HOST:PORT ------------------------------------------------------------------------------ */

static void expect_hostport(const char *s, const char *host, uint16_t port)
{
	char h[64];
	uint16_t p = 0;

	assert_int_equal(cspdm_parse_hostport(s, h, sizeof(h), &p), CSPDM_OK);
	assert_string_equal(h, host);
	assert_int_equal(p, port);
}

static void expect_hostport_bad(const char *s, cspdm_status want)
{
	char h[64];
	uint16_t p = 7;

	assert_int_equal(cspdm_parse_hostport(s, h, sizeof(h), &p), want);
	assert_int_equal(p, 7);
}

static void test_parse_hostport(void **state)
{
	char small[9];
	uint16_t p = 0;

	(void)state;
	expect_hostport("127.0.0.1:2323", "127.0.0.1", 2323);
	expect_hostport("localhost:2323", "localhost", 2323);
	expect_hostport("[::1]:2323", "::1", 2323);
	expect_hostport("[fe80::1%eth0]:1", "fe80::1%eth0", 1);
	expect_hostport("h:65535", "h", 65535);
	expect_hostport("h:02323", "h", 2323);
	expect_hostport_bad("127.0.0.1", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:0", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:65536", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:99999999999", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:23a", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:-1", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1:+23", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("127.0.0.1: 23", CSPDM_E_INVALID_ARG);
	expect_hostport_bad(":2323", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("[]:2323", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("::1:2323", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("[::1]2323", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("[::1:2323", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("[::1]", CSPDM_E_INVALID_ARG);
	expect_hostport_bad("", CSPDM_E_INVALID_ARG);
	expect_hostport_bad(NULL, CSPDM_E_INVALID_ARG);
	/* host_cap counts the NUL: 8 characters fit in 9 bytes, 9 do not */
	assert_int_equal(cspdm_parse_hostport("12345678:1", small, sizeof(small), &p), CSPDM_OK);
	assert_string_equal(small, "12345678");
	assert_int_equal(cspdm_parse_hostport("123456789:1", small, sizeof(small), &p),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_parse_hostport("[::ffff:1.2.3.4]:1", small, sizeof(small), &p),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_parse_hostport("h:1", NULL, 0, &p), CSPDM_E_INVALID_ARG);
	assert_int_equal(cspdm_parse_hostport("h:1", small, sizeof(small), NULL),
			 CSPDM_E_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_echo_none),
	    cmocka_unit_test(test_echo_mctp),
	    cmocka_unit_test(test_echo_doe),
	    cmocka_unit_test(test_echo_no_timeout),
	    cmocka_unit_test(test_drip),
	    cmocka_unit_test(test_buffer_too_small),
	    cmocka_unit_test(test_huge_payload_claim),
	    cmocka_unit_test(test_one_over_max_payload),
	    cmocka_unit_test(test_wrong_transport_type),
	    cmocka_unit_test(test_wrong_command),
	    cmocka_unit_test(test_doe_discovery_reply),
	    cmocka_unit_test(test_doe_bad_length_reply),
	    cmocka_unit_test(test_mctp_other_type_reply),
	    cmocka_unit_test(test_mctp_empty_reply),
	    cmocka_unit_test(test_close_mid_payload),
	    cmocka_unit_test(test_close_mid_header),
	    cmocka_unit_test(test_close_without_reply),
	    cmocka_unit_test(test_timeout),
	    cmocka_unit_test(test_timeout_mid_frame),
	    cmocka_unit_test(test_close_sends_shutdown),
	    cmocka_unit_test(test_send_too_large),
	    cmocka_unit_test(test_connect_errors),
	    cmocka_unit_test(test_connect_error_detail),
	    cmocka_unit_test(test_parse_hostport),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
