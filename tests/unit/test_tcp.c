/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DSP0287 (TCP) requester back-end over loopback, against cspdm's server and responder
 * (the code behind `cspdm responder --transport tcp`): spdm-emu frames and raw DSP0287, the
 * device listening (tcp:) or dialing in with a role inquiry (tcp-listen:), authentication and
 * measurements at SPDM 1.2-1.4, secured messages; and a scripted raw peer for the failures
 * (DSP0287 error messages, a bad header, a peer that goes away, no role inquiry, nobody
 * dialing in, nobody listening).
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cspdm/device.h"
#include "cspdm/transport.h"
#include "io/server.h"
#include "sim.h"

/* ---- cspdm's server with the responder, in a thread ---------------------------------------- */

struct srv {
	struct cspdm_server *s;
	pthread_t th;
	uint16_t port;
	volatile int stop;
	cspdm_status st;
};

static struct sim_rsp *rsp_now; /* the device behind the server */

static void on_connect(void *priv)
{
	(void)priv;
	sim_rsp_reset(rsp_now);
}

static size_t process(void *priv, uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	(void)priv;
	return sim_rsp_process(rsp_now, req, len, 0, out, cap);
}

/* With sessions the responder answers; without, the record comes back with byte 0 inverted. */
static size_t process_secured(void *priv, uint8_t *req, size_t len, uint8_t *out, size_t cap)
{
	(void)priv;
	return sim_rsp_process_secured(rsp_now, req, len, 0, out, cap);
}

static void *srv_thread(void *arg)
{
	struct srv *v = arg;

	v->st = cspdm_server_run(v->s);
	return NULL;
}

/* Listening (dial_port 0) or dialing the requester at dial_port. */
static void srv_start(struct srv *v, int raw, uint16_t dial_port)
{
	struct cspdm_server_cfg cfg = {.transport = CSPDM_TRANSPORT_TCP,
				       .tcp_raw = raw,
				       .keep_running = 1,
				       .stop = &v->stop,
				       .dial_host = dial_port ? "127.0.0.1" : NULL,
				       .dial_port = dial_port};
	struct cspdm_server_handler h = {
	    .on_connect = on_connect, .process = process, .process_secured = process_secured};

	memset(v, 0, sizeof(*v));
	if (!rsp_now)
		rsp_now = sim_the_rsp;
	assert_int_equal(cspdm_server_open(&v->s, &cfg, &h, &v->port), CSPDM_OK);
	assert_int_equal(pthread_create(&v->th, NULL, srv_thread, v), 0);
}

static void srv_stop(struct srv *v)
{
	v->stop = 1;
	pthread_join(v->th, NULL);
	cspdm_server_close(v->s);
	assert_int_equal(v->st, CSPDM_OK);
}

/* ---- helpers -------------------------------------------------------------------------------- */

static cspdm_status open_uri(const char *uri, struct cspdm_device **d, struct cspdm_dev_error *e,
			     const struct cspdm_dev_opts *o)
{
	struct cspdm_dev_addr a;

	assert_int_equal(cspdm_dev_parse(uri, &a, NULL), CSPDM_OK);
	return cspdm_device_open(d, &a, o, e);
}

static void auth_measure(struct cspdm_device *d, uint8_t version)
{
	struct sim_req *q = sim_req_new(version);

	assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(d)), CSPDM_OK);
	sim_req_free(q);
}

static void secured_roundtrip(struct cspdm_device *d)
{
	static const uint8_t rec[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x10, 0x00, 0xAA};
	const struct cspdm_io *io = cspdm_device_io(d);
	enum cspdm_msg_kind k = CSPDM_MSG_SPDM;
	uint8_t buf[32];
	size_t n = 0;

	assert_int_equal(io->has_secured, 1);
	assert_int_equal(io->secured.seq_num_size + io->secured.max_random_pad, 0);
	assert_int_equal(io->secured.app_prefix_len, CSPDM_TCP_HEADER_SIZE);
	assert_int_equal(io->secured.app_len_size, 2);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SECURED, rec, sizeof(rec)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &n, &k, 2000000), CSPDM_OK);
	assert_int_equal(k, CSPDM_MSG_SECURED);
	assert_int_equal(n, sizeof(rec));
	assert_int_equal(buf[0], 0x00);
}

/* ---- URIs ----------------------------------------------------------------------------------- */

static void test_uris(void **state)
{
	static const char *const bad[] = {
	    "tcp:host",	   "tcp:host:0",       "tcp:h:1,rawx",	"tcp:h:1,",	"tcp::1:2",
	    "tcp-listen:", "tcp-listen:99999", "tcp-listen:x:", "tcp:[::1]4194"};
	struct cspdm_dev_addr a;
	size_t i;

	(void)state;
	assert_int_equal(cspdm_dev_parse("tcp:127.0.0.1:4194", &a, NULL), CSPDM_OK);
	assert_int_equal(a.kind, CSPDM_DEV_TCP);
	assert_string_equal(a.path, "127.0.0.1");
	assert_int_equal(a.port, 4194);
	assert_int_equal(a.tcp_raw, 0);
	assert_int_equal(cspdm_dev_parse("tcp:[::1]:7,raw", &a, NULL), CSPDM_OK);
	assert_string_equal(a.path, "::1");
	assert_int_equal(a.tcp_raw, 1);
	assert_int_equal(cspdm_dev_parse("tcp-listen:7000", &a, NULL), CSPDM_OK);
	assert_int_equal(a.kind, CSPDM_DEV_TCP_LISTEN);
	assert_string_equal(a.path, "127.0.0.1");
	assert_int_equal(a.port, 7000);
	assert_int_equal(cspdm_dev_parse("tcp-listen:0.0.0.0:0,raw", &a, NULL), CSPDM_OK);
	assert_string_equal(a.path, "0.0.0.0");
	assert_int_equal(a.port, 0);
	assert_int_equal(a.tcp_raw, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(cspdm_dev_parse(bad[i], &a, NULL), CSPDM_E_INVALID_ARG);
}

/* ---- the device listens --------------------------------------------------------------------- */

static void connect_case(int raw)
{
	static const uint8_t versions[] = {CSPDM_V12, CSPDM_V13, CSPDM_V14};
	struct srv v;
	char uri[64];
	size_t i;

	srv_start(&v, raw, 0);
	snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%u%s", (unsigned)v.port, raw ? ",raw" : "");
	for (i = 0; i < sizeof(versions); i++) {
		struct cspdm_device *d = NULL;
		struct cspdm_dev_error e;

		assert_int_equal(open_uri(uri, &d, &e, NULL), CSPDM_OK);
		auth_measure(d, versions[i]);
		secured_roundtrip(d);
		cspdm_device_close(d);
	}
	srv_stop(&v);
}

static void test_connect(void **state)
{
	(void)state;
	connect_case(0);
	connect_case(1);
}

/* ---- the device dials in (role inquiry) ----------------------------------------------------- */

struct dialer {
	struct srv v;
	int raw;
	atomic_int started;
};

static void on_listen(void *priv, uint16_t port)
{
	struct dialer *d = priv;

	srv_start(&d->v, d->raw, port);
	atomic_store(&d->started, 1);
}

static void role_inquiry_case(int raw)
{
	struct dialer dl = {.raw = raw};
	struct cspdm_dev_opts o = {
	    .listen_timeout_us = 10000000, .on_listen = on_listen, .on_listen_priv = &dl};
	struct cspdm_device *d = NULL;
	struct cspdm_dev_error e;

	assert_int_equal(
	    open_uri(raw ? "tcp-listen:127.0.0.1:0,raw" : "tcp-listen:127.0.0.1:0", &d, &e, &o),
	    CSPDM_OK);
	assert_true(atomic_load(&dl.started));
	auth_measure(d, CSPDM_V13);
	secured_roundtrip(d);
	cspdm_device_close(d); /* the device's connection ends: its server returns */
	pthread_join(dl.v.th, NULL);
	cspdm_server_close(dl.v.s);
	assert_int_equal(dl.v.st, CSPDM_OK);
}

static void test_role_inquiry(void **state)
{
	(void)state;
	role_inquiry_case(0);
	role_inquiry_case(1);
}

/* ---- failures ------------------------------------------------------------------------------- */

static void test_nobody_there(void **state)
{
	struct cspdm_dev_opts o = {.listen_timeout_us = 200000};
	struct cspdm_device *d = NULL;
	struct cspdm_dev_error e;
	char uri[64];

	(void)state;
	snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%u", (unsigned)tu_free_port());
	assert_int_equal(open_uri(uri, &d, &e, NULL), CSPDM_E_NO_DEVICE);
	assert_string_equal(e.what, "TCP: cannot connect to the device");
	assert_int_equal(open_uri("tcp-listen:127.0.0.1:0", &d, &e, &o), CSPDM_E_TIMEOUT);
	assert_string_equal(e.what, "TCP: no device dialed in");
}

/* A raw peer: accepts (or dials), reads one message, writes the reply bytes, closes. */
struct peer {
	int lfd;
	uint16_t port, dial_port;
	const uint8_t *reply;
	size_t reply_len;
	pthread_t th;
};

static int peer_connect(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void *peer_thread(void *arg)
{
	struct peer *p = arg;
	uint8_t buf[256];
	int fd = p->dial_port ? peer_connect(p->dial_port) : accept(p->lfd, NULL, NULL);

	if (fd < 0)
		return NULL;
	if (!p->dial_port)
		(void)!recv(fd, buf, sizeof(buf), 0);
	if (p->reply_len)
		(void)!send(fd, p->reply, p->reply_len, MSG_NOSIGNAL);
	usleep(20000);
	close(fd);
	return NULL;
}

static void peer_start(struct peer *p, const uint8_t *reply, size_t n)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t al = sizeof(a);

	memset(p, 0, sizeof(*p));
	p->reply = reply;
	p->reply_len = n;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	p->lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(p->lfd >= 0);
	assert_int_equal(bind(p->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(p->lfd, 1), 0);
	assert_int_equal(getsockname(p->lfd, (struct sockaddr *)&a, &al), 0);
	p->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&p->th, NULL, peer_thread, p), 0);
}

static void raw_peer_case(const uint8_t *reply, size_t n, cspdm_status code, const char *what,
			  bool broken)
{
	static const uint8_t getver[] = {0x10, 0x84, 0x00, 0x00};
	struct cspdm_device *d = NULL;
	struct cspdm_dev_error e;
	const struct cspdm_io *io;
	struct peer p;
	uint8_t buf[64];
	size_t len;
	char uri[64];

	peer_start(&p, reply, n);
	snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%u,raw", (unsigned)p.port);
	assert_int_equal(open_uri(uri, &d, &e, NULL), CSPDM_OK);
	io = cspdm_device_io(d);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, getver, sizeof(getver)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &len, NULL, 2000000), code);
	assert_string_equal(cspdm_device_error(d)->what, what);
	/* after a torn or malformed message the stream is out of step: later calls fail */
	if (broken)
		assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, getver, 4), CSPDM_E_IO);
	cspdm_device_close(d);
	pthread_join(p.th, NULL);
	close(p.lfd);
}

static void test_raw_peer_failures(void **state)
{
	static const uint8_t err_unsupported[] = {0x00, 0x00, 0x01, 0xC1};
	static const uint8_t bad_version[] = {0x06, 0x00, 0x02, 0x05, 0x10, 0x04, 0x00, 0x00};
	static const uint8_t ri_late[] = {0x00, 0x00, 0x01, 0xBF};

	(void)state;
	raw_peer_case(err_unsupported, sizeof(err_unsupported), CSPDM_E_DEVICE_STATUS,
		      "error: not supported", false);
	raw_peer_case(bad_version, sizeof(bad_version), CSPDM_E_TRANSPORT,
		      "TCP: malformed DSP0287 header", true);
	raw_peer_case(ri_late, sizeof(ri_late), CSPDM_E_TRANSPORT, "TCP: not an SPDM message",
		      false);
	raw_peer_case(NULL, 0, CSPDM_E_IO, "TCP: the connection failed or closed", true);
}

struct bad_dialer {
	struct peer p;
	const uint8_t *first;
};

static void on_listen_bad(void *priv, uint16_t port)
{
	struct bad_dialer *b = priv;

	memset(&b->p, 0, sizeof(b->p));
	b->p.dial_port = port;
	b->p.reply = b->first;
	b->p.reply_len = 8;
	assert_int_equal(pthread_create(&b->p.th, NULL, peer_thread, &b->p), 0);
}

static void test_no_role_inquiry(void **state)
{
	static const uint8_t getver[] = {0x06, 0x00, 0x01, 0x05, 0x10, 0x84, 0x00, 0x00};
	struct bad_dialer b = {.first = getver};
	struct cspdm_dev_opts o = {
	    .listen_timeout_us = 5000000, .on_listen = on_listen_bad, .on_listen_priv = &b};
	struct cspdm_device *d = NULL;
	struct cspdm_dev_error e;

	(void)state;
	assert_int_equal(open_uri("tcp-listen:127.0.0.1:0", &d, &e, &o), CSPDM_E_TRANSPORT);
	assert_string_equal(e.what, "TCP: the device sent no ROLE_INQUIRY");
	pthread_join(b.p.th, NULL);
}

/* Secure sessions over DSP0287 (type 0x06, no sequence number, no padding), both framings. */
static void test_sessions(void **state)
{
	struct cspdm_secured_binding b;
	int raw;

	(void)state;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_TCP, &b);
	rsp_now = sim_rsp_new_sessions(CSPDM_V14, &b);
	for (raw = 0; raw < 2; raw++) {
		struct cspdm_device *d = NULL;
		struct cspdm_dev_error e;
		struct sim_req *q = sim_req_new(CSPDM_V14);
		struct srv v;
		char uri[64];

		srv_start(&v, raw, 0);
		snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%u%s", (unsigned)v.port,
			 raw ? ",raw" : "");
		assert_int_equal(open_uri(uri, &d, &e, NULL), CSPDM_OK);
		assert_int_equal(sim_req_auth_measure(q, cspdm_device_io(d)), CSPDM_OK);
		assert_int_equal(sim_req_session(q, cspdm_device_io(d)), CSPDM_OK);
		cspdm_device_close(d);
		sim_req_free(q);
		srv_stop(&v);
	}
	sim_rsp_free(rsp_now);
	rsp_now = sim_the_rsp;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uris),
	    cmocka_unit_test(test_connect),
	    cmocka_unit_test(test_role_inquiry),
	    cmocka_unit_test(test_nobody_there),
	    cmocka_unit_test(test_raw_peer_failures),
	    cmocka_unit_test(test_no_role_inquiry),
	    cmocka_unit_test(test_sessions),
	};

	return cmocka_run_group_tests(tests, sim_rsp_setup, sim_rsp_teardown);
}
