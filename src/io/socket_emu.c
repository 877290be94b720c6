/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Client side of the spdm-emu socket protocol (DMTF spdm-emu spdm_emu_common/command.h), as
 * spoken by spdm_responder_emu and QEMU's SPDM socket: every frame is
 *   command u32 BE | transport type u32 BE | payload size u32 BE | payload
 * and the payload is a transport frame (NONE, MCTP or PCI DOE) around one SPDM message.
 *
 * Each frame goes out in one write with TCP_NODELAY set. After each read TCP_QUICKACK is set
 * again, so a peer that writes the header field by field with Nagle on does not stall on our
 * delayed ACKs. A header that does not fit (wrong command or transport type, oversized payload)
 * is rejected before the payload is read; the stream is then out of step and the connection is
 * marked broken, so later calls fail with CSPDM_E_IO instead of reading payload as a header.
 */
#include "cspdm/transport.h"
#include "io/socket_emu.h"
#include "io/sys.h"
#include "sockutil.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "codec/reader.h"
#include "codec/writer.h"

#define EMU_FRAME_MAX		 (CSPDM_EMU_HEADER_SIZE + CSPDM_EMU_MAX_PAYLOAD)
#define CONNECT_TIMEOUT_MS	 5000
#define SHUTDOWN_ECHO_TIMEOUT_US 250000u

struct cspdm_emu_client {
	int fd;
	enum cspdm_transport transport;
	uint32_t emu_transport; /* the socket header's transport type */
	uint32_t frames_sent;
	bool broken;	 /* the byte stream is out of step with the frames */
	cspdm_error err; /* why send or recv last failed (cspdm_emu_last_error) */
	struct cspdm_io io;
	uint8_t tx[EMU_FRAME_MAX];
	uint8_t rx[CSPDM_EMU_MAX_PAYLOAD];
};

/* ---- time ----------------------------------------------------------------------------------- */

/* Milliseconds for poll() until deadline_us (0 = forever: -1); 0 once it has passed. */
static int poll_ms(uint64_t deadline_us)
{
	uint64_t now, left;

	if (deadline_us == 0)
		return -1;
	now = cspdm_now_us();
	if (now >= deadline_us)
		return 0;
	left = (deadline_us - now + 999) / 1000;
	return left > 60000000u ? 60000000 : (int)left;
}

static void emu_sleep_us(void *priv, uint64_t us)
{
	const struct cspdm_sys *os = cspdm_sys_os();

	(void)priv;
	os->sleep_us(os->priv, us);
}

/* ---- socket helpers ------------------------------------------------------------------------- */

/* Record what failed: field names the call, os_error its errno (0: none). Returns st. */
static cspdm_status set_err(cspdm_error *e, cspdm_status st, const char *field, int os_error)
{
	if (e) {
		memset(e, 0, sizeof(*e));
		e->code = st;
		e->field = field;
		e->os_error = os_error;
	}
	return st;
}

static cspdm_status write_all(int fd, const uint8_t *buf, size_t len, cspdm_error *e)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = send(fd, buf + done, len - done, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return set_err(e, CSPDM_E_IO, "send", n < 0 ? errno : 0);
		done += (size_t)n;
	}
	return CSPDM_OK;
}

/* Wait until fd is readable or the deadline passes. */
static cspdm_status wait_readable(int fd, uint64_t deadline_us, cspdm_error *e)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	for (;;) {
		int r = poll(&p, 1, poll_ms(deadline_us));

		if (r > 0)
			return CSPDM_OK;
		if (r == 0)
			return set_err(e, CSPDM_E_TIMEOUT, "recv", 0);
		if (errno != EINTR)
			return set_err(e, CSPDM_E_IO, "poll", errno);
	}
}

/* Read exactly len bytes. *got tells how far it came (to tell a timeout from a torn frame). */
static cspdm_status read_all(int fd, uint8_t *buf, size_t len, uint64_t deadline_us, size_t *got,
			     cspdm_error *e)
{
	*got = 0;
	while (*got < len) {
		cspdm_status st = wait_readable(fd, deadline_us, e);
		ssize_t n;

		if (st != CSPDM_OK)
			return st;
		n = recv(fd, buf + *got, len - *got, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n < 0)
			return set_err(e, CSPDM_E_IO, "recv", errno);
		if (n == 0)
			return set_err(e, CSPDM_E_IO, "recv: the device closed the connection", 0);
		*got += (size_t)n;
		cspdm_sock_quickack(cspdm_sys_os(), fd);
	}
	return CSPDM_OK;
}

static uint64_t deadline_for(uint64_t timeout_us)
{
	return timeout_us ? cspdm_now_us() + timeout_us : 0;
}

/* ---- frames --------------------------------------------------------------------------------- */

static void put_header(uint8_t *hdr, uint32_t command, uint32_t transport, uint32_t size)
{
	struct wr w;

	wr_init(&w, hdr, CSPDM_EMU_HEADER_SIZE);
	cspdm_emu_header_put(&w, command, transport, size);
}

static cspdm_status check_header(const struct cspdm_emu_client *c, const struct cspdm_emu_header *h)
{
	if (h->command != CSPDM_EMU_CMD_NORMAL || h->transport != c->emu_transport)
		return CSPDM_E_TRANSPORT;
	if (h->size > CSPDM_EMU_MAX_PAYLOAD)
		return CSPDM_E_TRANSPORT;
	return CSPDM_OK;
}

/* Read one NORMAL frame's payload into c->rx. */
static cspdm_status read_frame(struct cspdm_emu_client *c, uint64_t timeout_us, size_t *size)
{
	uint64_t deadline = deadline_for(timeout_us);
	uint8_t raw[CSPDM_EMU_HEADER_SIZE];
	struct cspdm_emu_header h;
	cspdm_status st;
	size_t got;

	st = read_all(c->fd, raw, sizeof(raw), deadline, &got, &c->err);
	if (st == CSPDM_E_TIMEOUT && got == 0)
		return st; /* nothing arrived: still in step */
	if (st == CSPDM_OK) {
		cspdm_emu_header_decode(raw, &h);
		st = check_header(c, &h);
		if (st != CSPDM_OK)
			set_err(&c->err, st, "spdm-emu socket header", 0);
	}
	if (st == CSPDM_OK)
		st = read_all(c->fd, c->rx, h.size, deadline, &got, &c->err);
	if (st != CSPDM_OK) {
		c->broken = true;
		return st;
	}
	*size = h.size;
	return CSPDM_OK;
}

/* ---- struct cspdm_io ------------------------------------------------------------------------ */

static cspdm_status emu_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct cspdm_emu_client *c = priv;
	size_t flen;
	cspdm_status st;

	if (c->broken)
		return CSPDM_E_IO; /* c->err still says why */
	st =
	    cspdm_transport_encode_kind(c->transport, kind, msg, len, c->tx + CSPDM_EMU_HEADER_SIZE,
					CSPDM_EMU_MAX_PAYLOAD, &flen);
	if (st != CSPDM_OK)
		return st;
	put_header(c->tx, CSPDM_EMU_CMD_NORMAL, c->emu_transport, (uint32_t)flen);
	st = write_all(c->fd, c->tx, CSPDM_EMU_HEADER_SIZE + flen, &c->err);
	if (st != CSPDM_OK) {
		c->broken = true;
		return st;
	}
	c->frames_sent++;
	return CSPDM_OK;
}

static cspdm_status emu_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			     enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct cspdm_emu_client *c = priv;
	const uint8_t *msg;
	size_t size, msg_len;
	uint8_t type;
	enum cspdm_msg_kind k;
	cspdm_status st;

	if (!buf || !len)
		return CSPDM_E_INVALID_ARG;
	if (c->broken)
		return CSPDM_E_IO;
	st = read_frame(c, timeout_us, &size);
	if (st != CSPDM_OK)
		return st;
	st = cspdm_transport_decode(c->transport, c->rx, size, &msg, &msg_len, &type);
	if (st != CSPDM_OK)
		return st;
	/* DOE discovery and other types are not ours here; nor a secured message if the
	 * caller takes SPDM messages only */
	st = cspdm_transport_kind(c->transport, type, &k);
	if (st != CSPDM_OK || (k != CSPDM_MSG_SPDM && !kind))
		return CSPDM_E_TRANSPORT;
	if (msg_len > cap)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(buf, msg, msg_len);
	*len = msg_len;
	if (kind)
		*kind = k;
	return CSPDM_OK;
}

/* ---- connect / close ------------------------------------------------------------------------ */

static cspdm_status set_nonblock(int fd, bool on, cspdm_error *e)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl >= 0) {
		fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
		if (fcntl(fd, F_SETFL, fl) == 0)
			return CSPDM_OK;
	}
	return set_err(e, CSPDM_E_IO, "fcntl", errno);
}

static cspdm_status finish_connect(int fd, cspdm_error *e)
{
	struct pollfd p = {.fd = fd, .events = POLLOUT};
	uint64_t deadline = cspdm_now_us() + (uint64_t)CONNECT_TIMEOUT_MS * 1000u;
	int err = 0;
	socklen_t el = sizeof(err);
	int r;

	for (;;) {
		r = poll(&p, 1, poll_ms(deadline));
		if (r >= 0 || errno != EINTR)
			break;
	}
	if (r == 0)
		return set_err(e, CSPDM_E_TIMEOUT, "connect", ETIMEDOUT);
	if (r < 0)
		return set_err(e, CSPDM_E_IO, "poll", errno);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
		return set_err(e, CSPDM_E_IO, "getsockopt", errno);
	return err ? set_err(e, CSPDM_E_IO, "connect", err) : CSPDM_OK;
}

/* Connect one address with a timeout; returns the blocking fd or -1 (*e says why). */
static int connect_one(const struct addrinfo *ai, cspdm_error *e)
{
	int one = 1;
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	cspdm_status st;

	if (fd < 0) {
		set_err(e, CSPDM_E_IO, "socket", errno);
		return -1;
	}
	st = set_nonblock(fd, true, e);
	if (st == CSPDM_OK && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0)
		st = errno == EINPROGRESS ? finish_connect(fd, e)
					  : set_err(e, CSPDM_E_IO, "connect", errno);
	if (st == CSPDM_OK)
		st = set_nonblock(fd, false, e);
	if (st == CSPDM_OK && setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) != 0)
		st = set_err(e, CSPDM_E_IO, "setsockopt", errno);
	if (st != CSPDM_OK) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Every address of host in turn; *e says why the last one failed. */
static int connect_host(const char *host, uint16_t port, cspdm_error *e)
{
	struct addrinfo hints, *res, *ai;
	char serv[8];
	int fd = -1, rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	(void)snprintf(serv, sizeof(serv), "%u", (unsigned)port);
	rc = getaddrinfo(host, serv, &hints, &res);
	if (rc != 0) {
		if (rc == EAI_SYSTEM)
			set_err(e, CSPDM_E_IO, "getaddrinfo", errno);
		else
			set_err(e, CSPDM_E_RESOLVE, "getaddrinfo", rc);
		return -1;
	}
	set_err(e, CSPDM_E_RESOLVE, "getaddrinfo", EAI_NONAME); /* no address at all */
	for (ai = res; ai && fd < 0; ai = ai->ai_next)
		fd = connect_one(ai, e);
	freeaddrinfo(res);
	return fd;
}

/* The client around a connected fd (which it owns from now on). */
static void client_init(struct cspdm_emu_client *c, int fd, enum cspdm_transport t)
{
	c->fd = fd;
	c->transport = t;
	c->emu_transport = cspdm_emu_transport_type(t);
	c->io.priv = c;
	c->io.send = emu_send;
	c->io.recv = emu_recv;
	c->io.sleep_us = emu_sleep_us;
	c->io.max_pad = t == CSPDM_TRANSPORT_PCI_DOE ? 3 : 0;
	cspdm_transport_secured_binding(t, &c->io.secured);
	c->io.has_secured = 1;
}

cspdm_status cspdm_emu_wrap(struct cspdm_emu_client **out, int fd, enum cspdm_transport t)
{
	struct cspdm_emu_client *c = calloc(1, sizeof(*c));

	*out = c;
	if (!c) {
		close(fd);
		return CSPDM_E_IO;
	}
	client_init(c, fd, t);
	return CSPDM_OK;
}

cspdm_status cspdm_emu_connect_ex(struct cspdm_emu_client **out, const char *host, uint16_t port,
				  enum cspdm_transport t, cspdm_error *err)
{
	struct cspdm_emu_client *c;
	cspdm_error local = {0};
	cspdm_error *e = err ? err : &local;
	int fd;

	set_err(e, CSPDM_OK, NULL, 0);
	if (!out || !host || !*host || port == 0 || (unsigned)t > CSPDM_TRANSPORT_TCP)
		return set_err(e, CSPDM_E_INVALID_ARG, NULL, 0);
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return set_err(e, CSPDM_E_IO, "calloc", errno);
	fd = connect_host(host, port, e);
	if (fd < 0) {
		free(c);
		return e->code;
	}
	set_err(e, CSPDM_OK, NULL, 0);
	client_init(c, fd, t);
	*out = c;
	return CSPDM_OK;
}

cspdm_status cspdm_emu_connect(struct cspdm_emu_client **out, const char *host, uint16_t port,
			       enum cspdm_transport t)
{
	return cspdm_emu_connect_ex(out, host, port, t, NULL);
}

const cspdm_error *cspdm_emu_last_error(const struct cspdm_emu_client *c)
{
	return c ? &c->err : NULL;
}

/* Tell the peer we are done, as spdm_requester_emu does, and wait briefly for its echo. */
static void send_shutdown(struct cspdm_emu_client *c)
{
	uint8_t hdr[CSPDM_EMU_HEADER_SIZE];
	size_t got;

	put_header(hdr, CSPDM_EMU_CMD_SHUTDOWN, c->emu_transport, 0);
	if (write_all(c->fd, hdr, sizeof(hdr), NULL) != CSPDM_OK || c->broken)
		return;
	/* The reference responder answers with SHUTDOWN; its content does not matter. */
	(void)read_all(c->fd, hdr, sizeof(hdr), deadline_for(SHUTDOWN_ECHO_TIMEOUT_US), &got, NULL);
}

void cspdm_emu_close(struct cspdm_emu_client *c)
{
	if (!c)
		return;
	send_shutdown(c);
	close(c->fd);
	free(c);
}

const struct cspdm_io *cspdm_emu_io(struct cspdm_emu_client *c)
{
	return c ? &c->io : NULL;
}

uint32_t cspdm_emu_frames_sent(const struct cspdm_emu_client *c)
{
	return c ? c->frames_sent : 0;
}

/* ---- HOST:PORT ------------------------------------------------------------------------------ */

static cspdm_status parse_port(const char *s, uint16_t *port)
{
	uint32_t v = 0;
	size_t i;

	if (!*s)
		return CSPDM_E_INVALID_ARG;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 5)
			return CSPDM_E_INVALID_ARG;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v == 0 || v > 65535)
		return CSPDM_E_INVALID_ARG;
	*port = (uint16_t)v;
	return CSPDM_OK;
}

static cspdm_status copy_host(const char *s, size_t n, char *host, size_t host_cap)
{
	if (n == 0)
		return CSPDM_E_INVALID_ARG;
	if (n >= host_cap)
		return CSPDM_E_BUFFER_TOO_SMALL;
	memcpy(host, s, n);
	host[n] = '\0';
	return CSPDM_OK;
}

cspdm_status cspdm_parse_hostport(const char *s, char *host, size_t host_cap, uint16_t *port)
{
	const char *colon, *end;
	uint16_t p;
	cspdm_status st;

	if (!s || !host || !port)
		return CSPDM_E_INVALID_ARG;
	if (s[0] == '[') {
		end = strchr(s, ']');
		if (!end || end[1] != ':')
			return CSPDM_E_INVALID_ARG;
		s++;
		colon = end + 1;
	} else {
		colon = strchr(s, ':');
		/* A bare IPv6 address needs brackets. */
		if (!colon || strchr(colon + 1, ':'))
			return CSPDM_E_INVALID_ARG;
		end = colon;
	}
	st = parse_port(colon + 1, &p);
	if (st == CSPDM_OK)
		st = copy_host(s, (size_t)(end - s), host, host_cap);
	if (st == CSPDM_OK)
		*port = p;
	return st;
}
