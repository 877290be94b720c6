/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AF_MCTP back-end: the kernel's MCTP stack (Linux mctp(7), DSP0236, DSP0275).
 *
 * One datagram socket; a request goes with sendto() to { network, EID, message type 5 (SPDM)
 * or 6 (secured SPDM), tag = MCTP_TAG_OWNER }: the kernel allocates the tag and routes the
 * response (same tag, TO clear) back to this socket. The datagram is the MCTP message body,
 * message type byte first, which is exactly the MCTP transport binding of src/transport.
 *
 * A response must come from the EID asked (and network, unless any) with message type 5 or 6;
 * anything else on the socket is dropped. Leftovers of an earlier exchange (a late response to
 * a request that timed out) are drained before each request. Errors: no AF_MCTP in the kernel
 * (EAFNOSUPPORT), no route to the EID (ENETUNREACH, EHOSTUNREACH), a timeout.
 */
#include "io/backend.h"

#include <errno.h>
#include <linux/mctp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/transport.h"

#ifndef AF_MCTP
#define AF_MCTP 45
#endif

#define MCTP_MSG_MAX (CSPDM_EMU_MAX_PAYLOAD + 1)

struct mctp_dev {
	struct cspdm_backend b;
	int fd;
	uint32_t net;
	uint8_t eid;
	uint8_t buf[MCTP_MSG_MAX];
};

static cspdm_status fail(struct mctp_dev *m, cspdm_status code, const char *what)
{
	return cspdm_dev_fail(m->b.err, code, what, 0);
}

static void mctp_addr(const struct mctp_dev *m, uint8_t type, struct sockaddr_mctp *a)
{
	memset(a, 0, sizeof(*a));
	a->smctp_family = AF_MCTP;
	a->smctp_network = m->net;
	a->smctp_addr.s_addr = m->eid;
	a->smctp_type = type;
	a->smctp_tag = MCTP_TAG_OWNER;
}

/* Drop whatever is queued (responses that came too late for their request). */
static void drain(struct mctp_dev *m)
{
	struct pollfd p = {.fd = m->fd, .events = POLLIN};
	unsigned i;

	for (i = 0; i < 64 && m->b.sys->poll(m->b.sys->priv, &p, 1, 0) > 0; i++)
		if (m->b.sys->recvfrom(m->b.sys->priv, m->fd, m->buf, sizeof(m->buf), 0, NULL,
				       NULL) < 0)
			break;
}

static cspdm_status mctp_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct mctp_dev *m = priv;
	struct sockaddr_mctp a;
	size_t n;
	ssize_t r;
	cspdm_status st = cspdm_transport_encode_kind(CSPDM_TRANSPORT_MCTP, kind, msg, len, m->buf,
						      sizeof(m->buf), &n);

	if (st)
		return fail(m, st, "MCTP: message too large");
	drain(m);
	mctp_addr(m, m->buf[0], &a);
	r = m->b.sys->sendto(m->b.sys->priv, m->fd, m->buf, n, 0, (const struct sockaddr *)&a,
			     sizeof(a));
	if (r == (ssize_t)n)
		return CSPDM_OK;
	if (r < 0 && (errno == ENETUNREACH || errno == EHOSTUNREACH || errno == EADDRNOTAVAIL))
		return cspdm_dev_fail(m->b.err, CSPDM_E_NO_DEVICE, "MCTP: no route to the EID",
				      errno);
	return cspdm_dev_fail_errno(m->b.err, "MCTP: sendto failed", r < 0 ? errno : EIO);
}

/* A datagram from our peer, of an SPDM type: true (else it is dropped). */
static bool from_peer(const struct mctp_dev *m, const struct sockaddr_mctp *a, socklen_t alen)
{
	if (alen < (socklen_t)sizeof(*a) || a->smctp_family != AF_MCTP ||
	    a->smctp_addr.s_addr != m->eid || (m->net && a->smctp_network != m->net))
		return false;
	if (a->smctp_tag & MCTP_TAG_OWNER)
		return false; /* a request to us, not a response */
	return a->smctp_type == CSPDM_MCTP_TYPE_SPDM || a->smctp_type == CSPDM_MCTP_TYPE_SECURED;
}

/* Wait for one response datagram into m->buf. */
static cspdm_status wait_datagram(struct mctp_dev *m, uint64_t deadline, size_t *n)
{
	struct pollfd p = {.fd = m->fd, .events = POLLIN};
	struct sockaddr_mctp a;
	socklen_t alen;
	ssize_t r;

	for (;;) {
		int pr =
		    m->b.sys->poll(m->b.sys->priv, &p, 1, cspdm_sys_poll_ms(m->b.sys, deadline));

		if (pr == 0)
			return fail(m, CSPDM_E_TIMEOUT, "MCTP: no response in time");
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return cspdm_dev_fail_errno(m->b.err, "MCTP: poll failed", errno);
		alen = sizeof(a);
		memset(&a, 0, sizeof(a));
		r = m->b.sys->recvfrom(m->b.sys->priv, m->fd, m->buf, sizeof(m->buf), 0,
				       (struct sockaddr *)&a, &alen);
		if (r < 0 && errno != EINTR && errno != EAGAIN)
			return cspdm_dev_fail_errno(m->b.err, "MCTP: recvfrom failed", errno);
		if (r > 0 && from_peer(m, &a, alen) && m->buf[0] == a.smctp_type) {
			*n = (size_t)r;
			return CSPDM_OK;
		}
	}
}

static cspdm_status mctp_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			      enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct mctp_dev *m = priv;
	uint64_t deadline = timeout_us ? m->b.sys->now_us(m->b.sys->priv) + timeout_us : 0;
	size_t n = 0;
	cspdm_status st = wait_datagram(m, deadline, &n);

	if (st)
		return st;
	return cspdm_dev_unframe(m->b.err, CSPDM_TRANSPORT_MCTP, m->buf, n,
				 "MCTP: not an SPDM message", buf, cap, len, kind);
}

static void mctp_close(struct cspdm_backend *b)
{
	struct mctp_dev *m = (struct mctp_dev *)b;

	m->b.sys->close(m->b.sys->priv, m->fd);
	free(m);
}

cspdm_status cspdm_mctp_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			     struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	struct mctp_dev *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m)
		return cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM);
	cspdm_backend_init(&m->b, sys, err, mctp_close, mctp_send, mctp_recv);
	m->net = a->mctp_net;
	m->eid = a->mctp_eid;
	m->fd = sys->socket(sys->priv, AF_MCTP, SOCK_DGRAM, 0);
	if (m->fd < 0) {
		int e = errno;

		free(m);
		if (e == EAFNOSUPPORT)
			return cspdm_dev_fail(err, CSPDM_E_NOT_OFFERED,
					      "the kernel has no MCTP support (AF_MCTP)", e);
		return cspdm_dev_fail_errno(err, "MCTP: socket failed", e);
	}
	m->b.io.has_secured = 1;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_MCTP, &m->b.io.secured);
	(void)snprintf(m->b.desc, sizeof(m->b.desc), "MCTP network %u%s, EID %u", (unsigned)m->net,
		       m->net ? "" : " (any)", (unsigned)m->eid);
	*out = &m->b;
	return CSPDM_OK;
}
