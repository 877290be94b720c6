/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Server side of the spdm-emu socket protocol and of QEMU's storage dialect; see server.h for
 * the behaviour and where it comes from. Received bytes are parsed only through the bounded
 * reader (the socket header here, the bindings in src/transport/).
 */
#include "io/server.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "codec/reader.h"
#include "codec/writer.h"
#include "io/sockutil.h"
#include "io/sys.h"
#include "transport/storage.h"
#include "transport/tcp.h"

#define POLL_SLICE_MS	 100
#define FRAME_TIMEOUT_US 10000000ull /* the rest of a frame, once it has begun */
#define SEND_TIMEOUT_S	 10
#define DIAL_RETRY_US	 10000000ull /* --dial: how long the host may take to listen */
#define MSG_CAP		 (CSPDM_EMU_MAX_PAYLOAD - CSPDM_TRANSPORT_OVERHEAD)
/* An ACK_STATUS frame and a data frame go out together. */
#define TX_CAP (2 * CSPDM_EMU_HEADER_SIZE + 2 + CSPDM_EMU_MAX_PAYLOAD)

#define NVME_STATUS_OK	CSPDM_NVME_SC_SUCCESS
#define NVME_STATUS_BAD (CSPDM_NVME_SC_INVALID_FIELD | CSPDM_NVME_DNR)

static const uint8_t server_hello[] = "Server Hello!"; /* sent with its NUL, as the reference */

enum next {
	NEXT_KEEP,     /* serve the next frame */
	NEXT_CLOSE,    /* close this connection, accept the next */
	NEXT_SHUTDOWN, /* close, and stop unless keep_running */
};

enum kind { KIND_SPDM, KIND_SECURED, KIND_DISCOVERY, KIND_OTHER };

typedef size_t (*process_fn)(void *priv, uint8_t *req, size_t len, uint8_t *rsp, size_t cap);

#define MAX_LISTENERS 4096

struct cspdm_server {
	struct cspdm_server_cfg cfg;
	struct cspdm_server_handler h;
	int lfd;   /* the first listener (lfds[0]) */
	int *lfds; /* cfg.listeners of them (one at least), or NULL (dial; a connection) */
	uint16_t *ports;
	unsigned nl; /* listeners */
	int fd;	     /* the connection being served, -1 between connections */
	/* concurrent connections (cfg.max_conns > 1): on the server, the threads that serve;
	 * on a connection's copy, parent is the server */
	pthread_mutex_t lock;
	pthread_cond_t done;
	unsigned active;
	struct cspdm_server *parent;
	bool nvme;
	uint32_t emu_transport; /* socket header transport type we speak */
	uint32_t connections;
	size_t pending_len; /* NVMe: response waiting for its IF_RECV */
	uint8_t rx[CSPDM_EMU_MAX_PAYLOAD];
	uint8_t msg[MSG_CAP];
	uint8_t pending[MSG_CAP];
	uint8_t tx[TX_CAP];
};

/* ---- small helpers -------------------------------------------------------------------------- */

static bool stopped(const struct cspdm_server *s)
{
	return s->cfg.stop && *s->cfg.stop;
}

static void logf_verbose(const struct cspdm_server *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void logf_verbose(const struct cspdm_server *s, const char *fmt, ...)
{
	va_list ap;

	if (!s->cfg.verbose)
		return;
	va_start(ap, fmt);
	(void)fputs("cspdm server: ", stderr);
	/* clang-analyzer 14 misreads va_start here (a known false positive) */
	(void)vfprintf(stderr, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
	(void)fputc('\n', stderr);
	va_end(ap);
}

/* ---- reading -------------------------------------------------------------------------------- */

/*
 * Wait until the connection is readable: 1. Returns 0 on stop or when deadline_us (0 = none)
 * passes, -1 on error. Waits in slices so that stop is noticed.
 */
static int wait_readable(const struct cspdm_server *s, uint64_t deadline_us)
{
	struct pollfd p = {.fd = s->fd, .events = POLLIN};

	for (;;) {
		int r;

		if (stopped(s) || (deadline_us && cspdm_now_us() >= deadline_us))
			return 0;
		r = poll(&p, 1, POLL_SLICE_MS);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

/*
 * Read exactly n bytes into buf. *deadline_us is 0 while the frame has not begun; the first
 * byte starts the frame clock.
 */
static bool read_exact(struct cspdm_server *s, uint8_t *buf, size_t n, uint64_t *deadline_us)
{
	uint64_t idle =
	    *deadline_us || !s->cfg.idle_timeout_us ? 0 : cspdm_now_us() + s->cfg.idle_timeout_us;
	size_t got = 0;

	while (got < n) {
		ssize_t r;

		if (wait_readable(s, *deadline_us ? *deadline_us : idle) != 1) {
			if (idle && !*deadline_us && !stopped(s))
				logf_verbose(s, "idle for %llu ms: closing",
					     (unsigned long long)(s->cfg.idle_timeout_us / 1000u));
			return false;
		}
		r = recv(s->fd, buf + got, n - got, 0);
		if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (r <= 0)
			return false; /* error, or the peer closed */
		got += (size_t)r;
		cspdm_sock_quickack(cspdm_sys_os(), s->fd);
		if (*deadline_us == 0)
			*deadline_us = cspdm_now_us() + FRAME_TIMEOUT_US;
	}
	return true;
}

/* DSP0287 alone on the stream: one message, header included, into s->rx; a NORMAL frame. */
static bool read_raw_tcp(struct cspdm_server *s, struct cspdm_emu_header *h)
{
	struct cspdm_tcp_hdr th;
	uint64_t deadline = 0;
	size_t rest;

	if (!read_exact(s, s->rx, CSPDM_TCP_HEADER_SIZE, &deadline))
		return false;
	if (cspdm_tcp_hdr_decode(s->rx, CSPDM_TCP_HEADER_SIZE, &th, &rest) != CSPDM_OK ||
	    rest > sizeof(s->rx) - CSPDM_TCP_HEADER_SIZE) {
		logf_verbose(s, "malformed DSP0287 header: closing");
		return false;
	}
	h->command = CSPDM_EMU_CMD_NORMAL;
	h->transport = s->emu_transport;
	h->size = (uint32_t)(CSPDM_TCP_HEADER_SIZE + rest); /* at most 4 + 65533 */
	return read_exact(s, s->rx + CSPDM_TCP_HEADER_SIZE, rest, &deadline);
}

/* Read one frame: header checked before the payload is read, payload into s->rx. */
static bool read_frame(struct cspdm_server *s, struct cspdm_emu_header *h)
{
	uint8_t raw[CSPDM_EMU_HEADER_SIZE];
	uint64_t deadline = 0;

	if (s->cfg.tcp_raw)
		return read_raw_tcp(s, h);
	if (!read_exact(s, raw, sizeof(raw), &deadline))
		return false;
	cspdm_emu_header_decode(raw, h);
	logf_verbose(s, "frame: command 0x%04x, transport %u, %u bytes", (unsigned)h->command,
		     (unsigned)h->transport, (unsigned)h->size);
	if (h->transport != s->emu_transport) {
		logf_verbose(s, "transport type %u, expected %u: closing", (unsigned)h->transport,
			     (unsigned)s->emu_transport);
		return false;
	}
	if (h->size > CSPDM_EMU_MAX_PAYLOAD) {
		logf_verbose(s, "payload of %u bytes is over the limit: closing",
			     (unsigned)h->size);
		return false;
	}
	return read_exact(s, s->rx, h->size, &deadline);
}

/* ---- writing -------------------------------------------------------------------------------- */

static void put_header(struct wr *w, uint32_t command, uint32_t transport, size_t size)
{
	cspdm_emu_header_put(w, command, transport, (uint32_t)size);
}

/* Send w's content (one or more frames) in one write. */
static bool flush(const struct cspdm_server *s, const struct wr *w)
{
	return wr_ok(w) && cspdm_stream_write(cspdm_sys_os(), s->fd, s->tx, w->len) == CSPDM_OK;
}

/* One frame with a raw payload. */
static bool send_frame(struct cspdm_server *s, uint32_t command, const uint8_t *p, size_t n)
{
	struct wr w;

	wr_init(&w, s->tx, sizeof(s->tx));
	put_header(&w, command, s->emu_transport, n);
	wr_bytes(&w, p, n);
	return flush(s, &w);
}

/* Bytes the binding adds around n bytes of message. */
static size_t binding_size(int transport, size_t n)
{
	switch (transport) {
	case CSPDM_TRANSPORT_MCTP:
		return 1 + n;
	case CSPDM_TRANSPORT_PCI_DOE:
		return CSPDM_DOE_HEADER_SIZE + n + ((4 - (n & 3)) & 3);
	case CSPDM_TRANSPORT_TCP:
		return CSPDM_TCP_HEADER_SIZE + n;
	}
	return n;
}

/*
 * The binding around a message of any type (cspdm_transport_encode writes SPDM messages
 * only). Frames stay far below the 2^18 DWORDs a DOE length can hold.
 */
static void put_binding(struct wr *w, int transport, uint8_t type, const uint8_t *m, size_t n)
{
	size_t total = binding_size(transport, n);

	if (transport == CSPDM_TRANSPORT_MCTP)
		wr_u8(w, type);
	if (transport == CSPDM_TRANSPORT_PCI_DOE) {
		wr_u16le(w, CSPDM_DOE_VENDOR_PCISIG);
		wr_u8(w, type);
		wr_u8(w, 0);
		wr_u32le(w, (uint32_t)(total / 4));
	}
	if (transport == CSPDM_TRANSPORT_TCP) {
		wr_u16le(w, (uint16_t)(n + 2));
		wr_u8(w, CSPDM_TCP_BINDING_VERSION);
		wr_u8(w, type);
	}
	wr_bytes(w, m, n);
	if (transport == CSPDM_TRANSPORT_PCI_DOE)
		wr_zero(w, total - CSPDM_DOE_HEADER_SIZE - n);
}

/* A NORMAL frame carrying a message of the given MCTP / DOE type. */
static enum next send_normal(struct cspdm_server *s, uint8_t type, const uint8_t *m, size_t n)
{
	struct wr w;

	wr_init(&w, s->tx, sizeof(s->tx));
	if (!s->cfg.tcp_raw)
		put_header(&w, CSPDM_EMU_CMD_NORMAL, s->emu_transport,
			   binding_size(s->cfg.transport, n));
	put_binding(&w, s->cfg.transport, type, m, n);
	if (!flush(s, &w))
		return NEXT_CLOSE;
	if (s->h.on_frame)
		s->h.on_frame(s->h.priv, 1, s->tx + CSPDM_EMU_HEADER_SIZE,
			      w.len - CSPDM_EMU_HEADER_SIZE);
	return NEXT_KEEP;
}

/* ---- NORMAL: the spdm-emu bindings ---------------------------------------------------------- */

static enum kind classify(int transport, uint8_t type)
{
	if (transport == CSPDM_TRANSPORT_NONE)
		return KIND_SPDM;
	if (transport == CSPDM_TRANSPORT_MCTP || transport == CSPDM_TRANSPORT_TCP) {
		enum cspdm_msg_kind k;

		if (cspdm_transport_kind((enum cspdm_transport)transport, type, &k) != CSPDM_OK)
			return KIND_OTHER;
		return k == CSPDM_MSG_SPDM ? KIND_SPDM : KIND_SECURED;
	}
	switch (type) {
	case CSPDM_DOE_TYPE_SPDM:
		return KIND_SPDM;
	case CSPDM_DOE_TYPE_SECURED_SPDM:
		return KIND_SECURED;
	case CSPDM_DOE_TYPE_DISCOVERY:
		return KIND_DISCOVERY;
	}
	return KIND_OTHER;
}

/* Hand one message to the handler and send its answer, if any. */
static enum next answer(struct cspdm_server *s, process_fn fn, uint8_t type, const uint8_t *m,
			size_t n)
{
	size_t out;

	if (n == 0)
		return NEXT_CLOSE; /* an empty message: nothing to process */
	/* m is a view into rx: the handler gets it writable (records open in place) */
	out = fn(s->h.priv, s->rx + (m - s->rx), n, s->msg, sizeof(s->msg));
	if (out > sizeof(s->msg))
		return NEXT_CLOSE; /* a handler bug; never send past the buffer */
	if (out == 0)
		return NEXT_KEEP;
	return send_normal(s, type, s->msg, out);
}

/*
 * DOE discovery (PCIe r6.1 6.30.1.1): the request is one DWORD, index (u8), version (u8) and
 * two reserved bytes (unchecked, as by the reference). The answer names the data object type
 * at that index and the next index, 0 after the last.
 */
static enum next discovery(struct cspdm_server *s, const uint8_t *m, size_t n)
{
	static const uint8_t types[] = {CSPDM_DOE_TYPE_DISCOVERY, CSPDM_DOE_TYPE_SPDM,
					CSPDM_DOE_TYPE_SECURED_SPDM};
	uint8_t rsp[4], index;
	struct rd r;
	struct wr w;

	rd_init(&r, m, n);
	if (n != 4 || !rd_u8(&r, "discovery index", &index))
		return NEXT_CLOSE;
	if (index >= sizeof(types))
		return NEXT_CLOSE; /* the reference gives up on the connection too */
	wr_init(&w, rsp, sizeof(rsp));
	wr_u16le(&w, CSPDM_DOE_VENDOR_PCISIG);
	wr_u8(&w, types[index]);
	wr_u8(&w, index + 1u < sizeof(types) ? (uint8_t)(index + 1) : 0);
	return send_normal(s, CSPDM_DOE_TYPE_DISCOVERY, rsp, sizeof(rsp));
}

static enum next on_normal(struct cspdm_server *s, size_t size)
{
	const uint8_t *m;
	size_t n;
	uint8_t type = 0;

	if (s->h.on_frame)
		s->h.on_frame(s->h.priv, 0, s->rx, size);
	if (cspdm_transport_decode(s->cfg.transport, s->rx, size, &m, &n, &type) != CSPDM_OK) {
		logf_verbose(s, "malformed transport frame: closing");
		return NEXT_CLOSE;
	}
	switch (classify(s->cfg.transport, type)) {
	case KIND_SPDM:
		return answer(s, s->h.process, type, m, n);
	case KIND_SECURED:
		if (s->h.process_secured)
			return answer(s, s->h.process_secured, type, m, n);
		break;
	case KIND_DISCOVERY:
		return discovery(s, m, n);
	case KIND_OTHER:
		break;
	}
	logf_verbose(s, "message type 0x%02x not handled: closing", type);
	return NEXT_CLOSE;
}

/* ---- QEMU storage (NVMe) -------------------------------------------------------------------- */

static void put_ack(struct wr *w, uint32_t transport, uint16_t status)
{
	put_header(w, CSPDM_EMU_CMD_STORAGE_ACK_STATUS, transport, 2);
	wr_u16be(w, status);
}

static enum next send_ack(struct cspdm_server *s, uint16_t status)
{
	struct wr w;

	wr_init(&w, s->tx, sizeof(s->tx));
	put_ack(&w, s->emu_transport, status);
	return flush(s, &w) ? NEXT_KEEP : NEXT_CLOSE;
}

/* A successful IF_RECV: the ack, then the data, in one write. */
static enum next send_ack_data(struct cspdm_server *s, const uint8_t *d, size_t n)
{
	struct wr w;

	wr_init(&w, s->tx, sizeof(s->tx));
	put_ack(&w, s->emu_transport, NVME_STATUS_OK);
	put_header(&w, CSPDM_EMU_CMD_STORAGE_IF_RECV, s->emu_transport, n);
	wr_bytes(&w, d, n);
	return flush(s, &w) ? NEXT_KEEP : NEXT_CLOSE;
}

/* Run the handler on an IF_SEND message; its answer waits for the IF_RECV. */
/*
 * Run the handler on an IF_SEND message; its answer waits for the IF_RECV. A secured message
 * (DSP0286, as libspdm frames it) has 4 reserved bytes before the record, both ways: rsvd
 * of them are checked and dropped before the handler, and put before its answer.
 */
static uint16_t storage_process(struct cspdm_server *s, process_fn fn, const uint8_t *d, size_t n,
				size_t rsvd)
{
	size_t out, bad;
	struct rd r;

	s->pending_len = 0;
	rd_init(&r, d, n);
	if (!fn || n <= rsvd || !rd_zero(&r, "reserved", rsvd, &bad))
		return NVME_STATUS_BAD;
	memset(s->pending, 0, rsvd);
	out = fn(s->h.priv, s->rx + (d - s->rx) + rsvd, n - rsvd, s->pending + rsvd,
		 sizeof(s->pending) - rsvd);
	if (out > sizeof(s->pending) - rsvd)
		return NVME_STATUS_BAD;
	s->pending_len = out ? rsvd + out : 0;
	return NVME_STATUS_OK;
}

static uint16_t storage_send(struct cspdm_server *s, size_t size)
{
	struct cspdm_storage_hdr h;
	const uint8_t *d;
	size_t n;

	if (cspdm_storage_hdr_decode(s->rx, size, &h, &d, &n) != CSPDM_OK || h.conn_id != 0 ||
	    h.length != n)
		return NVME_STATUS_BAD;
	switch (h.op) {
	case CSPDM_STORAGE_OP_MESSAGE:
		return storage_process(s, s->h.process, d, n, 0);
	case CSPDM_STORAGE_OP_SECURED:
		return storage_process(s, s->h.process_secured, d, n, CSPDM_STORAGE_SECURED_RSVD);
	case CSPDM_STORAGE_OP_DISCOVERY:
	case CSPDM_STORAGE_OP_PENDING_INFO:
		return NVME_STATUS_OK; /* valid, nothing to do: the data comes with IF_RECV */
	}
	return NVME_STATUS_BAD;
}

static uint8_t storage_ops(const struct cspdm_server *s)
{
	uint8_t ops = (1u << CSPDM_STORAGE_OP_DISCOVERY) | (1u << CSPDM_STORAGE_OP_PENDING_INFO) |
		      (1u << CSPDM_STORAGE_OP_MESSAGE);

	if (s->h.process_secured)
		ops |= 1u << CSPDM_STORAGE_OP_SECURED;
	return ops;
}

/* What an IF_RECV of operation op returns, in *d and *n; false for nothing. */
static bool storage_data(struct cspdm_server *s, uint8_t op, uint8_t *mgmt, size_t cap,
			 const uint8_t **d, size_t *n)
{
	bool pending = s->pending_len > 0;

	*d = mgmt;
	switch (op) {
	case CSPDM_STORAGE_OP_DISCOVERY:
		return cspdm_storage_discovery_encode(storage_ops(s), mgmt, cap, n) == CSPDM_OK;
	case CSPDM_STORAGE_OP_PENDING_INFO:
		return cspdm_storage_pending_info_encode(pending, (uint32_t)s->pending_len, mgmt,
							 cap, n) == CSPDM_OK;
	case CSPDM_STORAGE_OP_MESSAGE:
	case CSPDM_STORAGE_OP_SECURED:
		*d = s->pending;
		*n = s->pending_len;
		s->pending_len = 0;
		return pending;
	}
	return false;
}

static enum next on_if_send(struct cspdm_server *s, size_t size)
{
	return send_ack(s, storage_send(s, size));
}

static enum next on_if_recv(struct cspdm_server *s, size_t size)
{
	uint8_t mgmt[CSPDM_STORAGE_DISCOVERY_SIZE];
	struct cspdm_storage_hdr h;
	const uint8_t *d;
	size_t n;

	/* QEMU sends the header alone; its length field is the allocation length. */
	if (cspdm_storage_hdr_decode(s->rx, size, &h, &d, &n) != CSPDM_OK || n != 0 ||
	    h.conn_id != 0 || h.length == 0)
		return send_ack(s, NVME_STATUS_BAD);
	if (!storage_data(s, h.op, mgmt, sizeof(mgmt), &d, &n))
		return send_ack(s, NVME_STATUS_BAD);
	/* QEMU reads at most the allocation length: more would leave it out of step. */
	if (n > h.length)
		n = h.length;
	return send_ack_data(s, d, n);
}

/* ---- one frame, one connection -------------------------------------------------------------- */

static enum next reply(struct cspdm_server *s, uint32_t command, const uint8_t *p, size_t n,
		       enum next then)
{
	return send_frame(s, command, p, n) ? then : NEXT_CLOSE;
}

static enum next dispatch(struct cspdm_server *s, const struct cspdm_emu_header *h)
{
	switch (h->command) {
	case CSPDM_EMU_CMD_NORMAL:
		if (!s->nvme)
			return on_normal(s, h->size);
		break;
	case CSPDM_EMU_CMD_STORAGE_IF_SEND:
		if (s->nvme)
			return on_if_send(s, h->size);
		break;
	case CSPDM_EMU_CMD_STORAGE_IF_RECV:
		if (s->nvme)
			return on_if_recv(s, h->size);
		break;
	case CSPDM_EMU_CMD_TEST:
		return reply(s, h->command, server_hello, sizeof(server_hello), NEXT_KEEP);
	case CSPDM_EMU_CMD_CONTINUE:
		return reply(s, h->command, NULL, 0, NEXT_CLOSE);
	case CSPDM_EMU_CMD_SHUTDOWN:
		return reply(s, h->command, NULL, 0, NEXT_SHUTDOWN);
	case CSPDM_EMU_CMD_OOB_ENCAP_KEY_UPDATE:
	case CSPDM_EMU_CMD_OOB_ENCAP_ENDPOINT_INFO:
		/* the handler's out-of-band hook starts what was asked: answered in kind */
		if (s->h.oob && s->h.oob(s->h.priv, h->command, s->rx, h->size) == 0)
			return reply(s, h->command, NULL, 0, NEXT_KEEP);
		return reply(s, CSPDM_EMU_CMD_UNKNOWN, NULL, 0, NEXT_KEEP);
	}
	logf_verbose(s, "command 0x%04x not handled: closing", (unsigned)h->command);
	return reply(s, CSPDM_EMU_CMD_UNKNOWN, NULL, 0, NEXT_CLOSE);
}

static enum next serve_connection(struct cspdm_server *s)
{
	struct cspdm_emu_header h;
	enum next n = NEXT_KEEP;

	if (s->parent) {
		pthread_mutex_lock(&s->parent->lock);
		s->connections = ++s->parent->connections;
		pthread_mutex_unlock(&s->parent->lock);
	} else {
		s->connections++;
	}
	s->pending_len = 0;
	logf_verbose(s, "connection %u", (unsigned)s->connections);
	if (s->h.on_connect)
		s->h.on_connect(s->h.priv);
	while (n == NEXT_KEEP && !stopped(s))
		n = read_frame(s, &h) ? dispatch(s, &h) : NEXT_CLOSE;
	close(s->fd);
	s->fd = -1;
	logf_verbose(s, "connection %u closed%s", (unsigned)s->connections,
		     n == NEXT_SHUTDOWN ? " (shutdown)" : "");
	return n;
}

/* ---- accept --------------------------------------------------------------------------------- */

static void tune_connection(int fd)
{
	struct timeval tv = {.tv_sec = SEND_TIMEOUT_S};
	int one = 1;

	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* A peer that stops reading must not hold the server forever. */
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static bool accept_retryable(int err)
{
	return err == EINTR || err == EAGAIN || err == EWOULDBLOCK || err == ECONNABORTED ||
	       err == EPROTO;
}

/* 1: *fd is a new connection (to listener *which); 0: stop; -1: accept failed for good. */
static int accept_any(struct cspdm_server *s, int *fd, unsigned *which)
{
	struct pollfd p[MAX_LISTENERS];
	unsigned i;

	for (i = 0; i < s->nl; i++) {
		p[i].fd = s->lfds[i];
		p[i].events = POLLIN;
	}
	while (!stopped(s)) {
		int r = poll(p, s->nl, POLL_SLICE_MS);

		if (r < 0 && errno != EINTR)
			return -1;
		for (i = 0; r > 0 && i < s->nl; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			*fd = accept(s->lfds[i], NULL, NULL);
			if (*fd >= 0) {
				tune_connection(*fd);
				*which = i;
				return 1;
			}
			if (!accept_retryable(errno))
				return -1;
		}
	}
	return 0;
}

static int accept_one(struct cspdm_server *s)
{
	unsigned which;

	return accept_any(s, &s->fd, &which);
}

/* ---- concurrent connections ------------------------------------------------------------------ */

/* A connection's copy is done with: its handler state released, one fewer served. */
static void conn_end(struct cspdm_server *s, struct cspdm_server *c)
{
	if (s->h.conn_close)
		s->h.conn_close(s->h.priv, c->h.priv);
	free(c);
	pthread_mutex_lock(&s->lock);
	s->active--;
	pthread_cond_signal(&s->done);
	pthread_mutex_unlock(&s->lock);
}

static void *conn_thread(void *arg)
{
	struct cspdm_server *c = arg;

	(void)serve_connection(c);
	conn_end(c->parent, c);
	return NULL;
}

/* Wait for a connection to end, in slices so that stop is noticed (the lock held). */
static void cond_wait_slice(struct cspdm_server *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += POLL_SLICE_MS * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	(void)pthread_cond_timedwait(&s->done, &s->lock, &ts);
}

/* A copy of the server for connection fd to listener `device`, served on a thread. */
static void spawn(struct cspdm_server *s, int fd, unsigned device)
{
	struct cspdm_server *c = malloc(sizeof(*c));
	pthread_attr_t at;
	pthread_t t;

	if (c) {
		memcpy(c, s, offsetof(struct cspdm_server, rx));
		c->lfd = -1;
		c->lfds = NULL;
		c->nl = 0;
		c->fd = fd;
		c->parent = s;
		c->pending_len = 0;
		c->h.priv = s->h.conn_open ? s->h.conn_open(s->h.priv, device) : s->h.priv;
	}
	if (!c || !c->h.priv) {
		logf_verbose(s, "no state for a new connection: closing it");
		free(c);
		close(fd);
		return;
	}
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	pthread_mutex_lock(&s->lock);
	s->active++;
	pthread_mutex_unlock(&s->lock);
	if (pthread_create(&t, &at, conn_thread, c) != 0) {
		close(fd);
		logf_verbose(s, "pthread_create failed: connection closed");
		conn_end(s, c);
	}
	pthread_attr_destroy(&at);
}

/* Accept while fewer than max_conns are served; on stop, wait for them all. */
static cspdm_status run_concurrent(struct cspdm_server *s)
{
	unsigned which = 0;
	int fd = -1, r = 1;

	while (r > 0) {
		pthread_mutex_lock(&s->lock);
		while (s->active >= s->cfg.max_conns && !stopped(s))
			cond_wait_slice(s);
		pthread_mutex_unlock(&s->lock);
		r = stopped(s) ? 0 : accept_any(s, &fd, &which);
		if (r > 0)
			spawn(s, fd, which);
	}
	pthread_mutex_lock(&s->lock);
	while (s->active)
		cond_wait_slice(s);
	pthread_mutex_unlock(&s->lock);
	return r == 0 ? CSPDM_OK : CSPDM_E_IO;
}

/*
 * DSP0287 role inquiry, as spdm-emu's --tcp_sub RI does it: the device dials the host, sends
 * the bare 4-byte ROLE_INQUIRY header (in either framing), then serves as responder. The host
 * may not be listening yet: retry for a while.
 */
static cspdm_status dial(struct cspdm_server *s)
{
	const struct cspdm_sys *sys = cspdm_sys_os();
	uint8_t ri[CSPDM_TCP_HEADER_SIZE];
	uint64_t until = cspdm_now_us() + DIAL_RETRY_US;
	cspdm_status st;

	for (;;) {
		s->fd = cspdm_tcp_dial(sys, s->cfg.dial_host, s->cfg.dial_port, &st);
		if (s->fd >= 0 || stopped(s) || cspdm_now_us() >= until)
			break;
		sys->sleep_us(sys->priv, 100000);
	}
	if (s->fd < 0)
		return stopped(s) ? CSPDM_OK : st;
	logf_verbose(s, "connected to %s port %u: role inquiry", s->cfg.dial_host,
		     (unsigned)s->cfg.dial_port);
	cspdm_tcp_header_only_encode(CSPDM_TCP_TYPE_ROLE_INQUIRY, ri);
	if (cspdm_stream_write(sys, s->fd, ri, sizeof(ri)) != CSPDM_OK) {
		close(s->fd);
		s->fd = -1;
		return CSPDM_E_IO;
	}
	(void)serve_connection(s);
	return CSPDM_OK;
}

cspdm_status cspdm_server_run(struct cspdm_server *s)
{
	if (s && s->cfg.dial_host)
		return dial(s);
	if (!s || s->lfd < 0)
		return CSPDM_E_INVALID_ARG;
	if (s->cfg.max_conns > 1)
		return run_concurrent(s);
	for (;;) {
		int r = accept_one(s);

		if (r <= 0)
			return r == 0 ? CSPDM_OK : CSPDM_E_IO;
		if (serve_connection(s) == NEXT_SHUTDOWN && !s->cfg.keep_running)
			return CSPDM_OK;
	}
}

/* ---- open / close --------------------------------------------------------------------------- */

static bool emu_transport_of(int transport, uint32_t *tt)
{
	if (transport == CSPDM_SERVER_NVME) {
		*tt = CSPDM_EMU_TRANSPORT_QEMU_NVME;
		return true;
	}
	if (transport < 0 || transport > CSPDM_TRANSPORT_TCP)
		return false;
	*tt = cspdm_emu_transport_type((enum cspdm_transport)transport);
	return true;
}

/* n sockets on consecutive ports from port (0: the first one picked free). */
static cspdm_status try_listeners(struct cspdm_server *s, unsigned n, uint16_t port)
{
	for (; s->nl < n; s->nl++) {
		s->lfds[s->nl] =
		    cspdm_tcp_listen(cspdm_sys_os(), s->cfg.bind, port, &s->ports[s->nl]);
		if (s->lfds[s->nl] < 0)
			return CSPDM_E_IO;
		port = (uint16_t)(s->ports[s->nl] + 1);
		if (!port && s->nl + 1 < n)
			return CSPDM_E_INVALID_ARG;
	}
	s->lfd = s->lfds[0];
	return CSPDM_OK;
}

/* cfg.listeners sockets; with port 0, another free start when a port after it is taken. */
static cspdm_status open_listeners(struct cspdm_server *s)
{
	unsigned n = s->cfg.listeners ? s->cfg.listeners : 1, tries;
	cspdm_status st = CSPDM_E_IO;

	if (n > MAX_LISTENERS || (s->cfg.port && (unsigned)s->cfg.port + n - 1 > 0xFFFF))
		return CSPDM_E_INVALID_ARG;
	s->lfds = calloc(n, sizeof(*s->lfds));
	s->ports = calloc(n, sizeof(*s->ports));
	if (!s->lfds || !s->ports)
		return CSPDM_E_IO;
	for (tries = 0; tries < 32; tries++) {
		st = try_listeners(s, n, s->cfg.port);
		if (st == CSPDM_OK || s->cfg.port)
			break;
		while (s->nl)
			close(s->lfds[--s->nl]);
	}
	return st;
}

cspdm_status cspdm_server_open(struct cspdm_server **out, const struct cspdm_server_cfg *cfg,
			       const struct cspdm_server_handler *h, uint16_t *bound_port)
{
	struct cspdm_server *s;
	uint32_t tt;

	if (!out || !cfg || !h || !h->process || !emu_transport_of(cfg->transport, &tt))
		return CSPDM_E_INVALID_ARG;
	if ((cfg->tcp_raw || cfg->dial_host) &&
	    (cfg->transport != CSPDM_TRANSPORT_TCP || (cfg->dial_host && !cfg->dial_port)))
		return CSPDM_E_INVALID_ARG;
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return CSPDM_E_IO;
	s->cfg = *cfg;
	s->h = *h;
	s->fd = -1;
	s->emu_transport = tt;
	s->nvme = cfg->transport == CSPDM_SERVER_NVME;
	s->lfd = -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->done, NULL);
	if (!cfg->dial_host && open_listeners(s) != CSPDM_OK) {
		cspdm_server_close(s);
		return CSPDM_E_IO;
	}
	if (bound_port)
		*bound_port = s->nl ? s->ports[0] : 0;
	*out = s;
	return CSPDM_OK;
}

void cspdm_server_close(struct cspdm_server *s)
{
	unsigned i;

	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	for (i = 0; i < s->nl; i++)
		close(s->lfds[i]);
	free(s->lfds);
	free(s->ports);
	pthread_cond_destroy(&s->done);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

uint16_t cspdm_server_port(const struct cspdm_server *s, unsigned i)
{
	return s && i < s->nl ? s->ports[i] : 0;
}

uint32_t cspdm_server_connections(const struct cspdm_server *s)
{
	return s ? s->connections : 0;
}

cspdm_status cspdm_server_listen(const struct cspdm_server_cfg *cfg,
				 const struct cspdm_server_handler *h)
{
	struct cspdm_server *s;
	uint16_t port = 0;
	cspdm_status st = cspdm_server_open(&s, cfg, h, &port);

	if (st != CSPDM_OK)
		return st;
	logf_verbose(s, "listening on %s port %u", cfg->bind ? cfg->bind : "127.0.0.1",
		     (unsigned)port);
	st = cspdm_server_run(s);
	cspdm_server_close(s);
	return st;
}
