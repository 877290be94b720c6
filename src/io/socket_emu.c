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
#include "io/sockutil.h"
#include "io/sys.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codec/reader.h"
#include "codec/writer.h"

#define EMU_FRAME_MAX		 (CSPDM_EMU_HEADER_SIZE + CSPDM_EMU_MAX_PAYLOAD)
#define SHUTDOWN_ECHO_TIMEOUT_US 250000u

struct cspdm_emu_client {
	const struct cspdm_sys *sys;
	int fd;
	enum cspdm_transport transport;
	uint32_t emu_transport; /* the socket header's transport type */
	uint32_t frames_sent;
	bool broken; /* the byte stream is out of step with the frames */
	struct cspdm_io io;
	uint8_t tx[EMU_FRAME_MAX];
	uint8_t rx[CSPDM_EMU_MAX_PAYLOAD];
};

static uint64_t deadline_for(const struct cspdm_emu_client *c, uint64_t timeout_us)
{
	return timeout_us ? c->sys->now_us(c->sys->priv) + timeout_us : 0;
}

static void emu_sleep_us(void *priv, uint64_t us)
{
	const struct cspdm_emu_client *c = priv;

	c->sys->sleep_us(c->sys->priv, us);
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
	uint64_t deadline = deadline_for(c, timeout_us);
	uint8_t raw[CSPDM_EMU_HEADER_SIZE];
	struct cspdm_emu_header h;
	cspdm_status st;
	size_t got;

	st = cspdm_stream_read(c->sys, c->fd, raw, sizeof(raw), deadline, &got);
	if (st == CSPDM_E_TIMEOUT && got == 0)
		return st; /* nothing arrived: still in step */
	if (st == CSPDM_OK) {
		cspdm_emu_header_decode(raw, &h);
		st = check_header(c, &h);
	}
	if (st == CSPDM_OK)
		st = cspdm_stream_read(c->sys, c->fd, c->rx, h.size, deadline, &got);
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
		return CSPDM_E_IO;
	st =
	    cspdm_transport_encode_kind(c->transport, kind, msg, len, c->tx + CSPDM_EMU_HEADER_SIZE,
					CSPDM_EMU_MAX_PAYLOAD, &flen);
	if (st != CSPDM_OK)
		return st;
	put_header(c->tx, CSPDM_EMU_CMD_NORMAL, c->emu_transport, (uint32_t)flen);
	st = cspdm_stream_write(c->sys, c->fd, c->tx, CSPDM_EMU_HEADER_SIZE + flen);
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

cspdm_status cspdm_emu_wrap(struct cspdm_emu_client **out, const struct cspdm_sys *sys, int fd,
			    enum cspdm_transport t)
{
	struct cspdm_emu_client *c;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		sys->close(sys->priv, fd);
		return CSPDM_E_IO;
	}
	c->sys = sys;
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
	*out = c;
	return CSPDM_OK;
}

cspdm_status cspdm_emu_connect(struct cspdm_emu_client **out, const char *host, uint16_t port,
			       enum cspdm_transport t)
{
	const struct cspdm_sys *sys = cspdm_sys_os();
	cspdm_status st;
	int fd;

	if (!out || !host || !*host || port == 0 || (unsigned)t > CSPDM_TRANSPORT_TCP)
		return CSPDM_E_INVALID_ARG;
	*out = NULL;
	fd = cspdm_tcp_dial(sys, host, port, &st);
	if (fd < 0)
		return st;
	return cspdm_emu_wrap(out, sys, fd, t);
}

/* Tell the peer we are done, as spdm_requester_emu does, and wait briefly for its echo. */
static void send_shutdown(struct cspdm_emu_client *c)
{
	uint8_t hdr[CSPDM_EMU_HEADER_SIZE];
	size_t got;

	put_header(hdr, CSPDM_EMU_CMD_SHUTDOWN, c->emu_transport, 0);
	if (cspdm_stream_write(c->sys, c->fd, hdr, sizeof(hdr)) != CSPDM_OK || c->broken)
		return;
	/* The reference responder answers with SHUTDOWN; its content does not matter. */
	(void)cspdm_stream_read(c->sys, c->fd, hdr, sizeof(hdr),
				deadline_for(c, SHUTDOWN_ECHO_TIMEOUT_US), &got);
}

void cspdm_emu_close(struct cspdm_emu_client *c)
{
	if (!c)
		return;
	send_shutdown(c);
	c->sys->close(c->sys->priv, c->fd);
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
