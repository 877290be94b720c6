/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket server (src/io/server.c) on loopback: our own client for the spdm-emu bindings,
 * hand-built frames for DOE discovery, the control commands, QEMU's NVMe storage dialect and
 * hostile input.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cspdm/transport.h"
#include "io/server.h"
#include "transport/storage.h"

#define TT_NVME CSPDM_EMU_TRANSPORT_QEMU_NVME

/* ---- the server in a thread, with an echo-ish handler ---------------------------------------- */

/*
 * Tests keep their fixture static: a failed assert jumps out while the server thread still
 * reads it.
 */

struct fx {
	struct cspdm_server *s;
	pthread_t th;
	uint16_t port;
	volatile int stop;
	atomic_int done;
	atomic_int connects;
	atomic_int processed;
	cspdm_status run_st;
	/* the frame hook: the first frames seen, and which way */
	unsigned frames;
	int sent[4];
	uint8_t frame[4][32];
	size_t frame_len[4];
};

static void on_frame(void *priv, int sent, const uint8_t *frame, size_t len)
{
	struct fx *f = priv;

	if (f->frames < 4 && len <= sizeof(f->frame[0])) {
		f->sent[f->frames] = sent;
		memcpy(f->frame[f->frames], frame, len);
		f->frame_len[f->frames] = len;
	}
	f->frames++;
}

static void on_connect(void *priv)
{
	struct fx *f = priv;

	atomic_fetch_add(&f->connects, 1);
}

/* The request back, with byte 1 flipped. */
static size_t echo(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap)
{
	struct fx *f = priv;

	atomic_fetch_add(&f->processed, 1);
	if (len > cap)
		return 0;
	memcpy(rsp, req, len);
	if (len > 1)
		rsp[1] ^= 0x80;
	return len;
}

/* "S" and the record. */
static size_t echo_secured(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap)
{
	(void)priv;
	if (len + 1 > cap)
		return 0;
	rsp[0] = 'S';
	memcpy(rsp + 1, req, len);
	return len + 1;
}

static void *run_thread(void *arg)
{
	struct fx *f = arg;

	f->run_st = cspdm_server_run(f->s);
	atomic_store(&f->done, 1);
	return NULL;
}

static void start_ex(struct fx *f, int transport, int keep_running, bool secured)
{
	struct cspdm_server_cfg cfg = {
	    .bind = "127.0.0.1",
	    .transport = transport,
	    .keep_running = keep_running,
	    .stop = &f->stop,
	};
	struct cspdm_server_handler h = {
	    .priv = f,
	    .on_connect = on_connect,
	    .process = echo,
	    .process_secured = secured ? echo_secured : NULL,
	    .on_frame = on_frame,
	};

	memset(f, 0, sizeof(*f));
	assert_int_equal(cspdm_server_open(&f->s, &cfg, &h, &f->port), CSPDM_OK);
	assert_int_not_equal(f->port, 0);
	assert_int_equal(pthread_create(&f->th, NULL, run_thread, f), 0);
}

static void start(struct fx *f, int transport)
{
	start_ex(f, transport, 0, false);
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static bool wait_done(struct fx *f, long ms)
{
	for (; ms > 0 && !atomic_load(&f->done); ms -= 10)
		sleep_ms(10);
	return atomic_load(&f->done);
}

/* Join a run() that has ended (or is stopped now) and free the server. */
static void finish(struct fx *f)
{
	f->stop = 1;
	assert_true(wait_done(f, 2000));
	assert_int_equal(pthread_join(f->th, NULL), 0);
	assert_int_equal(f->run_st, CSPDM_OK);
	cspdm_server_close(f->s);
}

/* ---- a raw client --------------------------------------------------------------------------- */

static int raw_connect(uint16_t port)
{
	struct sockaddr_in a;
	struct timeval tv = {.tv_sec = 2};
	int one = 1;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void send_raw(int fd, const uint8_t *p, size_t n)
{
	assert_int_equal(send(fd, p, n, MSG_NOSIGNAL), (ssize_t)n);
}

static void send_frame(int fd, uint32_t cmd, uint32_t tt, const uint8_t *p, size_t n)
{
	uint8_t buf[12 + 512];

	assert_true(n <= 512);
	put32(buf, cmd);
	put32(buf + 4, tt);
	put32(buf + 8, (uint32_t)n);
	if (n)
		memcpy(buf + 12, p, n);
	send_raw(fd, buf, 12 + n);
}

/* 1: exactly n bytes; 0: the peer closed (or reset) first; -1: timeout or error. */
static int recv_exact(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = recv(fd, buf + got, n - got, 0);

		if (r == 0 || (r < 0 && errno == ECONNRESET))
			return 0;
		if (r < 0)
			return -1;
		got += (size_t)r;
	}
	return 1;
}

struct frame {
	uint32_t cmd, tt, size;
	uint8_t p[1024];
};

static void recv_frame(int fd, struct frame *fr)
{
	uint8_t h[12];

	assert_int_equal(recv_exact(fd, h, 12), 1);
	fr->cmd = get32(h);
	fr->tt = get32(h + 4);
	fr->size = get32(h + 8);
	assert_true(fr->size <= sizeof(fr->p));
	assert_int_equal(recv_exact(fd, fr->p, fr->size), 1);
}

static void expect_frame(int fd, uint32_t cmd, uint32_t tt, const uint8_t *p, size_t n)
{
	struct frame fr;

	recv_frame(fd, &fr);
	assert_int_equal(fr.cmd, cmd);
	assert_int_equal(fr.tt, tt);
	assert_int_equal(fr.size, n);
	if (n)
		assert_memory_equal(fr.p, p, n);
}

/* The server has closed the connection. */
static void expect_closed(int fd)
{
	uint8_t b;

	assert_int_equal(recv_exact(fd, &b, 1), 0);
	close(fd);
}

/* ---- the spdm-emu bindings through our own client ------------------------------------------- */

static void roundtrip(enum cspdm_transport t, const uint8_t *want, size_t want_len)
{
	static const uint8_t req[] = {0x10, 0x84, 0x00, 0x00, 0x55};
	struct cspdm_emu_client *c;
	const struct cspdm_io *io;
	uint8_t buf[64];
	size_t len = 0;
	static struct fx f;
	int i;

	start(&f, t);
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", f.port, t), CSPDM_OK);
	io = cspdm_emu_io(c);
	for (i = 0; i < 2; i++) {
		assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, req, sizeof(req)), CSPDM_OK);
		assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &len, NULL, 2000000),
				 CSPDM_OK);
		assert_int_equal(len, want_len);
		assert_memory_equal(buf, want, want_len);
	}
	cspdm_emu_close(c); /* SHUTDOWN ends run() */
	assert_true(wait_done(&f, 2000));
	assert_int_equal(atomic_load(&f.processed), 2);
	assert_int_equal(atomic_load(&f.connects), 1);
	finish(&f);
}

static void test_roundtrip_none(void **state)
{
	static const uint8_t want[] = {0x10, 0x04, 0x00, 0x00, 0x55};

	(void)state;
	roundtrip(CSPDM_TRANSPORT_NONE, want, sizeof(want));
}

static void test_roundtrip_mctp(void **state)
{
	static const uint8_t want[] = {0x10, 0x04, 0x00, 0x00, 0x55};

	(void)state;
	roundtrip(CSPDM_TRANSPORT_MCTP, want, sizeof(want));
}

static void test_roundtrip_doe(void **state)
{
	/* The data object is DWORD-padded; the client hands the padding on. */
	static const uint8_t want[] = {0x10, 0x04, 0x00, 0x00, 0x55, 0x00, 0x00, 0x00};

	(void)state;
	roundtrip(CSPDM_TRANSPORT_PCI_DOE, want, sizeof(want));
}

/* Raw MCTP frame on the wire: the server's own bytes, padding and type included. */
static void test_wire_bytes_mctp_doe(void **state)
{
	static const uint8_t mctp_req[] = {0x05, 0x12, 0x81, 0x00, 0x00};
	static const uint8_t mctp_rsp[] = {0x05, 0x12, 0x01, 0x00, 0x00};
	static const uint8_t doe_req[] = {0x01, 0x00, 0x01, 0x00, 0x03, 0x00,
					  0x00, 0x00, 0x12, 0x81, 0x00, 0x00};
	static const uint8_t doe_rsp[] = {0x01, 0x00, 0x01, 0x00, 0x03, 0x00,
					  0x00, 0x00, 0x12, 0x01, 0x00, 0x00};
	static struct fx f;
	int fd;

	(void)state;
	start(&f, CSPDM_TRANSPORT_MCTP);
	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, mctp_req, sizeof(mctp_req));
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, mctp_rsp, sizeof(mctp_rsp));
	close(fd);
	finish(&f);
	/* the frame hook saw both frames, binding included, in order (captures: --pcap) */
	assert_int_equal(f.frames, 2);
	assert_int_equal(f.sent[0], 0);
	assert_int_equal(f.frame_len[0], sizeof(mctp_req));
	assert_memory_equal(f.frame[0], mctp_req, sizeof(mctp_req));
	assert_int_equal(f.sent[1], 1);
	assert_int_equal(f.frame_len[1], sizeof(mctp_rsp));
	assert_memory_equal(f.frame[1], mctp_rsp, sizeof(mctp_rsp));

	start(&f, CSPDM_TRANSPORT_PCI_DOE);
	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, doe_req, sizeof(doe_req));
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, doe_rsp, sizeof(doe_rsp));
	close(fd);
	finish(&f);
	assert_int_equal(f.frames, 2);
	assert_memory_equal(f.frame[1], doe_rsp, sizeof(doe_rsp));
}

/* ---- DOE discovery -------------------------------------------------------------------------- */

static void discovery_request(uint8_t *req, uint8_t index)
{
	static const uint8_t hdr[] = {0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00};

	memcpy(req, hdr, sizeof(hdr));
	req[8] = index;
	req[9] = 0; /* version */
	req[10] = 0;
	req[11] = 0;
}

static void test_doe_discovery(void **state)
{
	static const uint8_t want[3][12] = {
	    {0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01},
	    {0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x02},
	    {0x01, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00},
	};
	static const uint8_t spdm[] = {0x10, 0x84, 0x00, 0x00};
	struct cspdm_emu_client *c;
	const struct cspdm_io *io;
	uint8_t req[12], buf[16];
	size_t len;
	static struct fx f;
	int fd, i;

	(void)state;
	start(&f, CSPDM_TRANSPORT_PCI_DOE);
	fd = raw_connect(f.port);
	for (i = 0; i < 3; i++) {
		discovery_request(req, (uint8_t)i);
		send_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, req, sizeof(req));
		expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, want[i], sizeof(want[i]));
	}
	assert_int_equal(atomic_load(&f.processed), 0); /* answered by the server itself */
	discovery_request(req, 3);
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, req, sizeof(req));
	expect_closed(fd);

	/* The server goes on with the next peer. */
	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", f.port, CSPDM_TRANSPORT_PCI_DOE),
			 CSPDM_OK);
	io = cspdm_emu_io(c);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, spdm, sizeof(spdm)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &len, NULL, 2000000), CSPDM_OK);
	assert_int_equal(len, 4);
	assert_int_equal(buf[1], 0x04);
	cspdm_emu_close(c);
	finish(&f);
}

/* ---- control commands, connections ---------------------------------------------------------- */

static void echo_once(int fd, uint32_t tt)
{
	static const uint8_t req[] = {0x11, 0x81};
	static const uint8_t rsp[] = {0x11, 0x01};

	send_frame(fd, CSPDM_EMU_CMD_NORMAL, tt, req, sizeof(req));
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, tt, rsp, sizeof(rsp));
}

static void test_connections_and_commands(void **state)
{
	static const uint8_t client_hello[] = "Client Hello!";
	static const uint8_t server_hello[] = "Server Hello!";
	static struct fx f;
	int fd, i;

	(void)state;
	start(&f, CSPDM_TRANSPORT_NONE);
	for (i = 0; i < 3; i++) { /* peers that leave without a word */
		fd = raw_connect(f.port);
		echo_once(fd, 0);
		close(fd);
	}
	fd = raw_connect(f.port); /* CONTINUE: answered, then the next peer */
	send_frame(fd, CSPDM_EMU_CMD_CONTINUE, 0, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_CONTINUE, 0, NULL, 0);
	expect_closed(fd);
	assert_false(atomic_load(&f.done));

	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_TEST, 0, client_hello, sizeof(client_hello));
	expect_frame(fd, CSPDM_EMU_CMD_TEST, 0, server_hello, sizeof(server_hello));
	send_frame(fd, CSPDM_EMU_CMD_OOB_ENCAP_KEY_UPDATE, 0, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_UNKNOWN, 0, NULL, 0);
	echo_once(fd, 0); /* still the same connection */
	send_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, 0, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, 0, NULL, 0);
	expect_closed(fd);
	assert_true(wait_done(&f, 2000));
	assert_int_equal(atomic_load(&f.connects), 5);
	assert_int_equal(cspdm_server_connections(f.s), 5);
	finish(&f);
}

static void test_keep_running(void **state)
{
	static struct fx f;
	int fd;

	(void)state;
	start_ex(&f, CSPDM_TRANSPORT_MCTP, 1, false);
	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, 1, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, 1, NULL, 0);
	expect_closed(fd);
	sleep_ms(200);
	assert_false(atomic_load(&f.done));

	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, (const uint8_t[]){0x05, 0x12, 0x81}, 3);
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, (const uint8_t[]){0x05, 0x12, 0x01}, 3);
	/* stop ends run() even with an idle peer connected */
	f.stop = 1;
	assert_true(wait_done(&f, 1000));
	expect_closed(fd);
	finish(&f);
}

/* ---- broken peers --------------------------------------------------------------------------- */

static void header_only(int fd, uint32_t cmd, uint32_t tt, uint32_t size)
{
	uint8_t h[12];

	put32(h, cmd);
	put32(h + 4, tt);
	put32(h + 8, size);
	send_raw(fd, h, sizeof(h));
}

static void test_broken_frames(void **state)
{
	static const uint8_t other_type[] = {0x7E, 0x10, 0x84};
	static const uint8_t secured[] = {0x06, 0xAA, 0xBB, 0xCC, 0xDD, 0x01};
	static struct fx f;
	int fd;

	(void)state;
	start(&f, CSPDM_TRANSPORT_MCTP);
	fd = raw_connect(f.port); /* a 16 MiB claim: closed, never read */
	header_only(fd, CSPDM_EMU_CMD_NORMAL, 1, 16u << 20);
	expect_closed(fd);
	fd = raw_connect(f.port);
	header_only(fd, CSPDM_EMU_CMD_NORMAL, 1, CSPDM_EMU_MAX_PAYLOAD + 1);
	expect_closed(fd);
	fd = raw_connect(f.port); /* another transport type */
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, other_type, sizeof(other_type));
	expect_closed(fd);
	fd = raw_connect(f.port); /* an MCTP message type that is not SPDM */
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, other_type, sizeof(other_type));
	expect_closed(fd);
	fd = raw_connect(f.port); /* secured, and no session layer */
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, secured, sizeof(secured));
	expect_closed(fd);
	fd = raw_connect(f.port); /* no MCTP type byte */
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, NULL, 0);
	expect_closed(fd);
	fd = raw_connect(f.port); /* an unknown command */
	send_frame(fd, 0x1234, 1, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_UNKNOWN, 1, NULL, 0);
	expect_closed(fd);
	fd = raw_connect(f.port); /* a header cut short */
	send_raw(fd, (const uint8_t[]){0x00, 0x00, 0x00}, 3);
	shutdown(fd, SHUT_WR);
	expect_closed(fd);
	assert_int_equal(atomic_load(&f.processed), 0);

	fd = raw_connect(f.port); /* and the next peer is served */
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, (const uint8_t[]){0x05, 0x12, 0x81}, 3);
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, (const uint8_t[]){0x05, 0x12, 0x01}, 3);
	close(fd);
	assert_int_equal(atomic_load(&f.connects), 9);
	finish(&f);
}

static void test_secured_hook(void **state)
{
	static const uint8_t req[] = {0x06, 0xAA, 0xBB, 0xCC, 0xDD, 0x01};
	static const uint8_t rsp[] = {0x06, 'S', 0xAA, 0xBB, 0xCC, 0xDD, 0x01};
	static const uint8_t doe_req[] = {0x01, 0x00, 0x02, 0x00, 0x03, 0x00,
					  0x00, 0x00, 0xAA, 0xBB, 0xCC, 0xDD};
	static const uint8_t doe_rsp[] = {0x01, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00,
					  'S',	0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x00, 0x00};
	static struct fx f;
	int fd;

	(void)state;
	start_ex(&f, CSPDM_TRANSPORT_MCTP, 0, true);
	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, req, sizeof(req));
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 1, rsp, sizeof(rsp));
	close(fd);
	finish(&f);

	start_ex(&f, CSPDM_TRANSPORT_PCI_DOE, 0, true);
	fd = raw_connect(f.port);
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, doe_req, sizeof(doe_req));
	expect_frame(fd, CSPDM_EMU_CMD_NORMAL, 2, doe_rsp, sizeof(doe_rsp));
	close(fd);
	finish(&f);
}

/* ---- QEMU NVMe storage ---------------------------------------------------------------------- */

/* Virtual header: SECP, SPSP (LE), length (LE). */
static size_t storage_hdr(uint8_t *p, uint8_t secp, uint8_t spsp0, uint8_t spsp1, uint32_t len)
{
	p[0] = secp;
	p[1] = spsp0;
	p[2] = spsp1;
	p[3] = (uint8_t)len;
	p[4] = (uint8_t)(len >> 8);
	p[5] = (uint8_t)(len >> 16);
	p[6] = (uint8_t)(len >> 24);
	return 7;
}

static const uint8_t ack_ok[] = {0x00, 0x00};
static const uint8_t ack_bad[] = {0x40, 0x02};

/* IF_SEND of data with the given header fields; expect the ack. */
static void if_send(int fd, uint8_t secp, uint8_t spsp0, uint8_t spsp1, uint32_t len_field,
		    const uint8_t *d, size_t n, const uint8_t *ack)
{
	uint8_t p[64];
	size_t h = storage_hdr(p, secp, spsp0, spsp1, len_field);

	assert_true(h + n <= sizeof(p));
	if (n)
		memcpy(p + h, d, n);
	send_frame(fd, CSPDM_EMU_CMD_STORAGE_IF_SEND, TT_NVME, p, h + n);
	expect_frame(fd, CSPDM_EMU_CMD_STORAGE_ACK_STATUS, TT_NVME, ack, 2);
}

/* IF_RECV; expect the ack, and (if want) the data frame. */
static void if_recv(int fd, uint8_t spsp0, uint32_t alloc, const uint8_t *ack, const uint8_t *want,
		    size_t want_len)
{
	uint8_t p[7];

	storage_hdr(p, 0xE8, spsp0, 0, alloc);
	send_frame(fd, CSPDM_EMU_CMD_STORAGE_IF_RECV, TT_NVME, p, sizeof(p));
	expect_frame(fd, CSPDM_EMU_CMD_STORAGE_ACK_STATUS, TT_NVME, ack, 2);
	if (want)
		expect_frame(fd, CSPDM_EMU_CMD_STORAGE_IF_RECV, TT_NVME, want, want_len);
}

#define SPSP0_DISCOVERY 0x04 /* operation 1 << 2 */
#define SPSP0_PENDING	0x08 /* operation 2 << 2 */
#define SPSP0_MESSAGE	0x14 /* operation 5 << 2 */

static void test_nvme_storage(void **state)
{
	static const uint8_t req[] = {0x10, 0x84, 0x00, 0x00, 0x55};
	static const uint8_t rsp[] = {0x10, 0x04, 0x00, 0x00, 0x55};
	static const uint8_t pending[] = {0x0c, 0x00, 0x00, 0x10, 0x01, 0x00,
					  0x00, 0x00, 0x05, 0x00, 0x00, 0x00};
	static const uint8_t none_pending[] = {0x0c, 0x00, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0, 0};
	uint8_t disco[32] = {0x20, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x26};
	static struct fx f;
	int fd;

	(void)state;
	start(&f, CSPDM_SERVER_NVME);
	fd = raw_connect(f.port);
	if_recv(fd, SPSP0_DISCOVERY, 32, ack_ok, disco, sizeof(disco));
	if_recv(fd, SPSP0_PENDING, 12, ack_ok, none_pending, sizeof(none_pending));
	if_send(fd, 0xE8, SPSP0_MESSAGE, 0, sizeof(req), req, sizeof(req), ack_ok);
	assert_int_equal(atomic_load(&f.processed), 1);
	if_recv(fd, SPSP0_PENDING, 12, ack_ok, pending, sizeof(pending));
	if_recv(fd, SPSP0_MESSAGE, 0x1000, ack_ok, rsp, sizeof(rsp));
	/* nothing pending: an error status and no data frame (the next frame is an ack) */
	if_recv(fd, SPSP0_MESSAGE, 0x1000, ack_bad, NULL, 0);
	if_recv(fd, SPSP0_DISCOVERY, 8, ack_ok, disco, 8); /* cut to the allocation length */

	/* cut to the allocation length, and the rest is gone */
	if_send(fd, 0xE8, SPSP0_MESSAGE, 0, sizeof(req), req, sizeof(req), ack_ok);
	if_recv(fd, SPSP0_MESSAGE, 2, ack_ok, rsp, 2);
	if_recv(fd, SPSP0_MESSAGE, 0x1000, ack_bad, NULL, 0);

	if_send(fd, 0xE8, SPSP0_DISCOVERY, 0, 0, NULL, 0, ack_ok); /* valid, nothing to do */
	if_send(fd, 0xEA, SPSP0_MESSAGE, 0, sizeof(req), req, sizeof(req), ack_bad);
	if_send(fd, 0xE8, SPSP0_MESSAGE, 1, sizeof(req), req, sizeof(req), ack_bad);
	if_send(fd, 0xE8, SPSP0_MESSAGE | 1, 0, sizeof(req), req, sizeof(req), ack_bad);
	if_send(fd, 0xE8, 0x0C, 0, sizeof(req), req, sizeof(req), ack_bad);
	if_send(fd, 0xE8, SPSP0_MESSAGE, 0, sizeof(req) + 1, req, sizeof(req), ack_bad);
	if_send(fd, 0xE8, SPSP0_MESSAGE, 0, 0, NULL, 0, ack_bad);
	if_send(fd, 0xE8, 0x18, 0, sizeof(req), req, sizeof(req), ack_bad); /* no secured layer */
	if_recv(fd, SPSP0_MESSAGE, 0, ack_bad, NULL, 0);
	send_frame(fd, CSPDM_EMU_CMD_STORAGE_IF_SEND, TT_NVME, req, 3); /* short header */
	expect_frame(fd, CSPDM_EMU_CMD_STORAGE_ACK_STATUS, TT_NVME, ack_bad, 2);
	assert_int_equal(atomic_load(&f.processed), 2);

	/* NORMAL is not part of this dialect */
	send_frame(fd, CSPDM_EMU_CMD_NORMAL, TT_NVME, req, sizeof(req));
	expect_frame(fd, CSPDM_EMU_CMD_UNKNOWN, TT_NVME, NULL, 0);
	expect_closed(fd);

	fd = raw_connect(f.port); /* a new connection forgets what was pending */
	if_send(fd, 0xE8, SPSP0_MESSAGE, 0, sizeof(req), req, sizeof(req), ack_ok);
	close(fd);
	fd = raw_connect(f.port);
	if_recv(fd, SPSP0_MESSAGE, 0x1000, ack_bad, NULL, 0);
	send_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, TT_NVME, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, TT_NVME, NULL, 0);
	expect_closed(fd);
	assert_true(wait_done(&f, 2000));
	finish(&f);
}

/* DSP0286 secured messages: 4 reserved bytes before the record, both ways (as libspdm). */
static void test_nvme_secured(void **state)
{
	static const uint8_t rec[] = {0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07};
	static const uint8_t want[] = {0, 0, 0, 0, 'S', 0xFF, 0xFF, 0xFF, 0xFF, 0x07};
	static const uint8_t bad_rsvd[] = {0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x07};
	static struct fx f;
	int fd;

	(void)state;
	start_ex(&f, CSPDM_SERVER_NVME, 0, true);
	fd = raw_connect(f.port);
	if_send(fd, 0xE8, 0x18, 0, sizeof(rec), rec, sizeof(rec), ack_ok);
	if_recv(fd, 0x18, 0x1000, ack_ok, want, sizeof(want));
	if_send(fd, 0xE8, 0x18, 0, sizeof(bad_rsvd), bad_rsvd, sizeof(bad_rsvd), ack_bad);
	if_send(fd, 0xE8, 0x18, 0, 4, rec, 4, ack_bad); /* the reserved bytes and no record */
	send_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, TT_NVME, NULL, 0);
	expect_frame(fd, CSPDM_EMU_CMD_SHUTDOWN, TT_NVME, NULL, 0);
	expect_closed(fd);
	assert_true(wait_done(&f, 2000));
	finish(&f);
}

static void test_storage_codec(void **state)
{
	static const uint8_t want[] = {0xE8, 0x14, 0x00, 0x05, 0x00, 0x00, 0x00};
	struct cspdm_storage_hdr h = {.secp = 0xE8, .op = 5, .conn_id = 0, .length = 5};
	uint8_t buf[40];
	const uint8_t *d;
	size_t n;

	(void)state;
	assert_int_equal(cspdm_storage_spsp(5, 1), 0x15);
	assert_int_equal(cspdm_storage_hdr_encode(&h, buf, sizeof(buf), &n), CSPDM_OK);
	assert_int_equal(n, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	assert_int_equal(cspdm_storage_hdr_encode(&h, buf, 6, &n), CSPDM_E_BUFFER_TOO_SMALL);
	memset(&h, 0, sizeof(h));
	buf[7] = 0x42;
	assert_int_equal(cspdm_storage_hdr_decode(buf, 8, &h, &d, &n), CSPDM_OK);
	assert_int_equal(h.op, 5);
	assert_int_equal(h.length, 5);
	assert_int_equal(n, 1);
	assert_int_equal(d[0], 0x42);
	assert_int_equal(cspdm_storage_hdr_decode(buf, 6, &h, &d, &n), CSPDM_E_TRANSPORT);
	assert_int_equal(cspdm_storage_hdr_decode(NULL, 0, &h, &d, &n), CSPDM_E_TRANSPORT);
	assert_int_equal(cspdm_storage_discovery_encode(0x26, buf, 31, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
	assert_int_equal(cspdm_storage_pending_info_encode(true, 7, buf, 11, &n),
			 CSPDM_E_BUFFER_TOO_SMALL);
}

/* ---- garbage -------------------------------------------------------------------------------- */

static uint32_t rng_state = 0x2545F491u;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void fill(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static const uint32_t commands[] = {
    CSPDM_EMU_CMD_NORMAL,
    CSPDM_EMU_CMD_STORAGE_IF_SEND,
    CSPDM_EMU_CMD_STORAGE_IF_RECV,
    CSPDM_EMU_CMD_TEST,
    CSPDM_EMU_CMD_CONTINUE,
    CSPDM_EMU_CMD_OOB_ENCAP_KEY_UPDATE,
    CSPDM_EMU_CMD_STORAGE_ACK_STATUS,
    0x00000000,
};

/* A binding or storage header that parses, then random bytes. */
static size_t plausible_payload(uint32_t tt, uint8_t *p, size_t n)
{
	fill(p, n);
	if (tt == CSPDM_EMU_TRANSPORT_MCTP && n > 0)
		p[0] = (const uint8_t[]){0x05, 0x06, 0x7E, 0x00}[rnd() % 4];
	if (tt == CSPDM_EMU_TRANSPORT_PCI_DOE && n >= 8) {
		n &= ~(size_t)3;
		p[0] = 1;
		p[1] = 0;
		p[2] = (uint8_t)(rnd() % 4);
		p[3] = 0;
		p[4] = (uint8_t)(n / 4);
		p[5] = p[6] = p[7] = 0;
	}
	if (tt == TT_NVME && n >= 7) {
		p[0] = 0xE8;
		p[2] = 0;
	}
	return n;
}

/* One connection's worth of hostile bytes: random, or a good header over random payload. */
static size_t garbage(uint32_t tt, uint8_t *buf, size_t cap)
{
	size_t n = 1 + rnd() % 200, want;

	if (rnd() % 3 == 0) {
		fill(buf, n);
		buf[0] = 0x5A; /* never a command we know, SHUTDOWN above all */
		return n;
	}
	put32(buf, commands[rnd() % (sizeof(commands) / sizeof(commands[0]))]);
	put32(buf + 4, tt);
	want = plausible_payload(tt, buf + 12, n);
	/* Sometimes claim more than is sent: the server meets EOF mid-frame. */
	put32(buf + 8, (uint32_t)(want + (rnd() % 4 == 0 ? rnd() % 64 : 0)));
	assert_true(12 + want <= cap);
	return 12 + want;
}

/* A good exchange through our client, which ends with SHUTDOWN. */
static void emu_echo(uint16_t port, enum cspdm_transport t)
{
	static const uint8_t req[] = {0x11, 0x81, 0x00, 0x00};
	struct cspdm_emu_client *c;
	const struct cspdm_io *io;
	uint8_t buf[16];
	size_t len = 0;

	assert_int_equal(cspdm_emu_connect(&c, "127.0.0.1", port, t), CSPDM_OK);
	io = cspdm_emu_io(c);
	assert_int_equal(io->send(io->priv, CSPDM_MSG_SPDM, req, sizeof(req)), CSPDM_OK);
	assert_int_equal(io->recv(io->priv, buf, sizeof(buf), &len, NULL, 2000000), CSPDM_OK);
	assert_int_equal(len, sizeof(req));
	assert_int_equal(buf[1], 0x01);
	cspdm_emu_close(c);
}

static void pound(int transport, uint32_t tt, int rounds)
{
	uint8_t buf[256], sink[512];
	static struct fx f;
	int i, fd;

	start(&f, transport);
	for (i = 0; i < rounds; i++) {
		size_t n = garbage(tt, buf, sizeof(buf));
		ssize_t r;

		fd = raw_connect(f.port);
		send_raw(fd, buf, n);
		shutdown(fd, SHUT_WR);
		do /* whatever the server says, it must end by closing */
			r = recv(fd, sink, sizeof(sink), 0);
		while (r > 0);
		assert_true(r == 0 || errno == ECONNRESET);
		close(fd);
	}
	assert_false(atomic_load(&f.done));
	if (transport == CSPDM_SERVER_NVME) {
		fd = raw_connect(f.port);
		if_send(fd, 0xE8, SPSP0_MESSAGE, 0, 2, (const uint8_t[]){0x11, 0x81}, 2, ack_ok);
		if_recv(fd, SPSP0_MESSAGE, 64, ack_ok, (const uint8_t[]){0x11, 0x01}, 2);
		close(fd);
	} else {
		emu_echo(f.port, (enum cspdm_transport)transport);
	}
	finish(&f);
}

static void test_garbage(void **state)
{
	(void)state;
	pound(CSPDM_TRANSPORT_NONE, CSPDM_EMU_TRANSPORT_NONE, 150);
	pound(CSPDM_TRANSPORT_MCTP, CSPDM_EMU_TRANSPORT_MCTP, 150);
	pound(CSPDM_TRANSPORT_PCI_DOE, CSPDM_EMU_TRANSPORT_PCI_DOE, 150);
	pound(CSPDM_SERVER_NVME, TT_NVME, 150);
}

/* ---- open ----------------------------------------------------------------------------------- */

static void test_open_errors(void **state)
{
	struct cspdm_server_handler h = {.process = echo};
	struct cspdm_server_cfg cfg = {.transport = CSPDM_TRANSPORT_NONE};
	struct cspdm_server *s, *s2;
	uint16_t port = 0;

	(void)state;
	cfg.transport = 5;
	assert_int_equal(cspdm_server_open(&s, &cfg, &h, &port), CSPDM_E_INVALID_ARG);
	cfg.transport = CSPDM_TRANSPORT_NONE;
	h.process = NULL;
	assert_int_equal(cspdm_server_open(&s, &cfg, &h, &port), CSPDM_E_INVALID_ARG);
	h.process = echo;
	cfg.bind = "256.1.1.1";
	assert_int_equal(cspdm_server_open(&s, &cfg, &h, &port), CSPDM_E_IO);
	cfg.bind = NULL; /* 127.0.0.1 */
	assert_int_equal(cspdm_server_open(&s, &cfg, &h, &port), CSPDM_OK);
	cfg.port = port; /* taken */
	assert_int_equal(cspdm_server_open(&s2, &cfg, &h, NULL), CSPDM_E_IO);
	cspdm_server_close(s);
	cspdm_server_close(NULL);
	cfg.port = 0;
	cfg.bind = "[::1]"; /* IPv6 loopback, where the machine has it */
	if (cspdm_server_open(&s, &cfg, &h, &port) == CSPDM_OK) {
		assert_int_not_equal(port, 0);
		cspdm_server_close(s);
	}
	assert_int_equal(cspdm_server_run(NULL), CSPDM_E_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip_none), cmocka_unit_test(test_roundtrip_mctp),
	    cmocka_unit_test(test_roundtrip_doe),  cmocka_unit_test(test_wire_bytes_mctp_doe),
	    cmocka_unit_test(test_doe_discovery),  cmocka_unit_test(test_connections_and_commands),
	    cmocka_unit_test(test_keep_running),   cmocka_unit_test(test_broken_frames),
	    cmocka_unit_test(test_secured_hook),   cmocka_unit_test(test_nvme_storage),
	    cmocka_unit_test(test_nvme_secured),   cmocka_unit_test(test_storage_codec),
	    cmocka_unit_test(test_garbage),	   cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
