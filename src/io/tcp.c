/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DSP0287 back-end: SPDM over TCP, as a requester.
 *
 *  tcp:HOST:PORT          connect to the device (DSP0287's port is 4194)
 *  tcp-listen:HOST:PORT   role inquiry: listen, accept the device's connection and read its
 *                         ROLE_INQUIRY header (bare, 4 bytes, as spdm-emu's --tcp_sub RI
 *                         sends it in both framings); then act as requester on it
 *
 * Framing: by default each DSP0287 message travels in an spdm-emu socket frame of transport
 * type 3 (the spdm-emu client, socket_emu.c, does that), which is what DMTF's emulators speak
 * with --trans TCP. With ",raw" the DSP0287 messages follow each other alone on the stream, the
 * header's payload length delimiting them; an error message from the peer (types 0xC0..) ends
 * the exchange with its name.
 */
#include "io/backend.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/transport.h"
#include "io/socket_emu.h"
#include "io/sockutil.h"
#include "transport/tcp.h"

#define RI_TIMEOUT_US 10000000u /* the device's role inquiry, once it has connected */
#define TCP_FRAME_MAX (CSPDM_TCP_HEADER_SIZE + CSPDM_TCP_MAX_MSG)

struct tcp_dev {
	struct cspdm_backend b;
	int fd;				  /* raw framing */
	struct cspdm_emu_client *emu;	  /* spdm-emu framing */
	const struct cspdm_io *emu_io;	  /* the client's io */
	bool broken;			  /* raw: the stream is out of step */
	uint8_t frame[TCP_FRAME_MAX + 1]; /* raw: one message, header included */
};

static cspdm_status fail(struct tcp_dev *t, cspdm_status code, const char *what)
{
	return cspdm_dev_fail(t->b.err, code, what, 0);
}

static uint64_t deadline_for(const struct tcp_dev *t, uint64_t timeout_us)
{
	return timeout_us ? t->b.sys->now_us(t->b.sys->priv) + timeout_us : 0;
}

/* ---- spdm-emu framing: the client does the work, failures are named here -------------------- */

static cspdm_status emu_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct tcp_dev *t = priv;
	cspdm_status st = t->emu_io->send(t->emu_io->priv, kind, msg, len);

	return st ? fail(t, st, "TCP: sending to the device failed") : CSPDM_OK;
}

static cspdm_status emu_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			     enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct tcp_dev *t = priv;
	cspdm_status st = t->emu_io->recv(t->emu_io->priv, buf, cap, len, kind, timeout_us);

	if (st == CSPDM_E_TIMEOUT)
		return fail(t, st, "TCP: no response in time");
	if (st == CSPDM_E_TRANSPORT)
		return fail(t, st, "TCP: not a DSP0287 SPDM message in an spdm-emu frame");
	return st ? fail(t, st, "TCP: the connection failed or closed") : CSPDM_OK;
}

/* ---- DSP0287 alone on the stream ------------------------------------------------------------ */

static cspdm_status raw_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct tcp_dev *t = priv;
	size_t n;
	cspdm_status st;

	if (t->broken)
		return fail(t, CSPDM_E_IO, "TCP: the stream is out of step");
	st = cspdm_transport_encode_kind(CSPDM_TRANSPORT_TCP, kind, msg, len, t->frame,
					 sizeof(t->frame), &n);
	if (st)
		return fail(t, st, "TCP: message does not fit a DSP0287 message");
	st = cspdm_stream_write(t->b.sys, t->fd, t->frame, n);
	if (st) {
		t->broken = true;
		return cspdm_dev_fail(t->b.err, st, "TCP: sending to the device failed", errno);
	}
	return CSPDM_OK;
}

/* Read one DSP0287 message into t->frame; *n its length, header included. */
static cspdm_status raw_read(struct tcp_dev *t, uint64_t deadline, size_t *n)
{
	struct cspdm_tcp_hdr h;
	size_t got, rest;
	cspdm_status st =
	    cspdm_stream_read(t->b.sys, t->fd, t->frame, CSPDM_TCP_HEADER_SIZE, deadline, &got);

	if (st == CSPDM_E_TIMEOUT && got == 0)
		return fail(t, st, "TCP: no response in time");
	if (st == CSPDM_OK && cspdm_tcp_hdr_decode(t->frame, got, &h, &rest) != CSPDM_OK) {
		t->broken = true;
		return fail(t, CSPDM_E_TRANSPORT, "TCP: malformed DSP0287 header");
	}
	if (st == CSPDM_OK)
		st = cspdm_stream_read(t->b.sys, t->fd, t->frame + CSPDM_TCP_HEADER_SIZE, rest,
				       deadline, &got);
	if (st != CSPDM_OK) {
		t->broken = true;
		return fail(t, st, "TCP: the connection failed or closed");
	}
	*n = CSPDM_TCP_HEADER_SIZE + rest;
	return CSPDM_OK;
}

static cspdm_status raw_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			     enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct tcp_dev *t = priv;
	size_t n = 0;
	cspdm_status st;

	if (t->broken)
		return fail(t, CSPDM_E_IO, "TCP: the stream is out of step");
	st = raw_read(t, deadline_for(t, timeout_us), &n);
	if (st)
		return st;
	if (t->frame[3] >= CSPDM_TCP_TYPE_ERROR_TOO_LARGE) /* the peer's DSP0287 error */
		return fail(t, CSPDM_E_DEVICE_STATUS, cspdm_tcp_type_name(t->frame[3]));
	return cspdm_dev_unframe(t->b.err, CSPDM_TRANSPORT_TCP, t->frame, n,
				 "TCP: not an SPDM message", buf, cap, len, kind);
}

/* ---- connecting ----------------------------------------------------------------------------- */

/* tcp-listen: the device's connection, announced by its ROLE_INQUIRY. */
static int accept_device(struct tcp_dev *t, const struct cspdm_dev_addr *a,
			 const struct cspdm_dev_opts *o)
{
	uint8_t ri[CSPDM_TCP_HEADER_SIZE];
	struct cspdm_tcp_hdr h;
	uint16_t port = 0;
	size_t got, rest;
	cspdm_status st;
	int lfd = cspdm_tcp_listen(t->b.sys, a->path, a->port, &port), fd;

	if (lfd < 0) {
		cspdm_dev_fail_errno(t->b.err, "TCP: cannot listen there", errno);
		return -1;
	}
	if (o && o->on_listen)
		o->on_listen(o->on_listen_priv, port);
	fd = cspdm_tcp_accept(t->b.sys, lfd, deadline_for(t, o ? o->listen_timeout_us : 0), &st);
	t->b.sys->close(t->b.sys->priv, lfd);
	if (fd < 0) {
		fail(t, st, "TCP: no device dialed in");
		return -1;
	}
	st = cspdm_stream_read(t->b.sys, fd, ri, sizeof(ri), deadline_for(t, RI_TIMEOUT_US), &got);
	if (st || cspdm_tcp_hdr_decode(ri, sizeof(ri), &h, &rest) ||
	    h.type != CSPDM_TCP_TYPE_ROLE_INQUIRY) {
		fail(t, st ? st : CSPDM_E_TRANSPORT, "TCP: the device sent no ROLE_INQUIRY");
		t->b.sys->close(t->b.sys->priv, fd);
		return -1;
	}
	return fd;
}

static int connect_device(struct tcp_dev *t, const struct cspdm_dev_addr *a,
			  const struct cspdm_dev_opts *o)
{
	cspdm_status st;
	int fd;

	if (a->kind == CSPDM_DEV_TCP_LISTEN)
		return accept_device(t, a, o);
	fd = cspdm_tcp_dial(t->b.sys, a->path, a->port, &st);
	if (fd < 0)
		cspdm_dev_fail(t->b.err, st == CSPDM_E_IO ? CSPDM_E_NO_DEVICE : st,
			       "TCP: cannot connect to the device", errno);
	return fd;
}

static void tcp_close(struct cspdm_backend *b)
{
	struct tcp_dev *t = (struct tcp_dev *)b;

	cspdm_emu_close(t->emu);
	if (t->fd >= 0)
		t->b.sys->close(t->b.sys->priv, t->fd);
	free(t);
}

/* The io over the connected fd, in the framing asked for. */
static cspdm_status attach(struct tcp_dev *t, int fd, const struct cspdm_dev_addr *a)
{
	cspdm_status st;

	cspdm_transport_secured_binding(CSPDM_TRANSPORT_TCP, &t->b.io.secured);
	t->b.io.has_secured = 1;
	(void)snprintf(t->b.desc, sizeof(t->b.desc), "DSP0287 %s %.64s port %u%s",
		       a->kind == CSPDM_DEV_TCP_LISTEN ? "role inquiry from" : "device at", a->path,
		       (unsigned)a->port, a->tcp_raw ? " (raw)" : " (spdm-emu frames)");
	if (a->tcp_raw) {
		t->fd = fd;
		t->b.io.send = raw_send;
		t->b.io.recv = raw_recv;
		return CSPDM_OK;
	}
	st = cspdm_emu_wrap(&t->emu, fd, CSPDM_TRANSPORT_TCP);
	if (st)
		return fail(t, st, "out of memory");
	t->emu_io = cspdm_emu_io(t->emu);
	t->b.io.send = emu_send;
	t->b.io.recv = emu_recv;
	return CSPDM_OK;
}

cspdm_status cspdm_tcp_open(const struct cspdm_dev_addr *a, const struct cspdm_dev_opts *opts,
			    struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	struct tcp_dev *t = calloc(1, sizeof(*t));
	cspdm_status st;
	int fd;

	*out = NULL;
	if (!t)
		return cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM);
	cspdm_backend_init(&t->b, opts && opts->sys ? opts->sys : cspdm_sys_os(), err, tcp_close,
			   raw_send, raw_recv);
	t->fd = -1;
	fd = connect_device(t, a, opts);
	if (fd < 0) {
		free(t);
		return err->code;
	}
	st = attach(t, fd, a);
	if (st) {
		free(t);
		return st;
	}
	*out = &t->b;
	return CSPDM_OK;
}
