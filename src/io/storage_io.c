/* SPDX-License-Identifier: BSD-3-Clause */
/* SPDM over storage (DSP0286), shared by the NVMe and SCSI back-ends; see storage_io.h. */
#include "io/storage_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/reader.h"
#include "transport/storage.h"

#define SECP_INFO	   0x00 /* SPC: security protocol information */
#define PROTO_LIST_ALLOC   512
#define MIN_ALLOC	   32 /* some controllers stall on smaller receives */
#define SECURED_RSVD	   CSPDM_STORAGE_SECURED_RSVD
#define PENDING_DEFAULT_US 10000000u
#define PENDING_POLL_US	   1000u
#define BINDING_MAJOR(v)   ((v) >> 12)
#define OP_BIT(op)	   (1u << (op))

static cspdm_status fail(struct storage_dev *s, cspdm_status code, const char *what)
{
	return cspdm_dev_fail(s->b.err, code, what, 0);
}

static uint64_t now(const struct storage_dev *s)
{
	return s->b.sys->now_us(s->b.sys->priv);
}

static size_t alloc_for(size_t n)
{
	n = (n + 3) & ~(size_t)3;
	return n < MIN_ALLOC ? MIN_ALLOC : n;
}

/* One Security Receive of operation op into s->data. */
static cspdm_status recv_op(struct storage_dev *s, uint8_t op, size_t alloc, const char *what,
			    uint64_t timeout_us, size_t *got)
{
	struct storage_cmd c = {.secp = CSPDM_STORAGE_SECP_DMTF_SPDM,
				.spsp = cspdm_storage_spsp(op, 0),
				.what = what,
				.buf = s->data,
				.len = alloc,
				.timeout_us = timeout_us};
	cspdm_status st;

	memset(s->data, 0, alloc);
	st = s->exec(s, &c);
	*got = c.exact ? c.got : alloc;
	return st;
}

/* ---- open ----------------------------------------------------------------------------------- */

/* SPC "supported security protocol list": 6 reserved bytes, a length (BE), the protocols. */
static cspdm_status check_protocol_list(struct storage_dev *s)
{
	struct storage_cmd c = {.secp = SECP_INFO,
				.what = "Security Receive (supported security protocols)",
				.buf = s->data,
				.len = PROTO_LIST_ALLOC};
	uint16_t n;
	uint8_t p;
	struct rd r;
	cspdm_status st;

	memset(s->data, 0, PROTO_LIST_ALLOC);
	st = s->exec(s, &c);
	if (st)
		return st;
	rd_init(&r, s->data, c.exact ? c.got : PROTO_LIST_ALLOC);
	if (!rd_skip(&r, "reserved", 6) || !rd_u16be(&r, "list length", &n))
		return fail(s, CSPDM_E_TRANSPORT, "supported security protocol list too short");
	while (n-- > 0 && rd_u8(&r, "security protocol", &p))
		if (p == CSPDM_STORAGE_SECP_DMTF_SPDM)
			return CSPDM_OK;
	return fail(s, CSPDM_E_NOT_OFFERED,
		    "security protocol 0xE8 (DMTF SPDM) is not in the device's list");
}

/* DSP0286 discovery: data length, binding version, connection parameters, supported ops. */
static cspdm_status discover(struct storage_dev *s, uint8_t *ops)
{
	uint16_t dlen, ver;
	size_t got;
	struct rd r;
	cspdm_status st = recv_op(s, CSPDM_STORAGE_OP_DISCOVERY, MIN_ALLOC,
				  "Security Receive (DSP0286 discovery)", 0, &got);

	if (st)
		return st;
	rd_init(&r, s->data, got);
	if (!rd_u16le(&r, "data length", &dlen) || !rd_u16le(&r, "binding version", &ver) ||
	    !rd_skip(&r, "connection parameters", 4) || !rd_u8(&r, "supported operations", ops))
		return fail(s, CSPDM_E_TRANSPORT, "DSP0286 discovery response too short");
	if (BINDING_MAJOR(ver) != BINDING_MAJOR(CSPDM_STORAGE_BINDING_VERSION))
		return fail(s, CSPDM_E_NOT_OFFERED, "DSP0286 discovery: unknown binding version");
	if (!(*ops & OP_BIT(CSPDM_STORAGE_OP_MESSAGE)))
		return fail(s, CSPDM_E_NOT_OFFERED,
			    "DSP0286 discovery does not offer the SPDM message operation");
	return CSPDM_OK;
}

/* ---- struct cspdm_io ------------------------------------------------------------------------ */

static cspdm_status st_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct storage_dev *s = priv;
	bool sec = kind == CSPDM_MSG_SECURED;
	size_t off = sec ? SECURED_RSVD : 0;
	struct storage_cmd c = {.to_device = true,
				.secp = CSPDM_STORAGE_SECP_DMTF_SPDM,
				.what = "Security Send (SPDM message)",
				.buf = s->data};

	if (sec && !s->b.io.has_secured)
		return fail(s, CSPDM_E_NOT_OFFERED,
			    "the device offers no secured message operation");
	if (len == 0 || len > STORAGE_DATA_MAX - off)
		return fail(s, CSPDM_E_INVALID_ARG, "message does not fit a Security Send");
	memset(s->data, 0, off);
	memcpy(s->data + off, msg, len);
	c.spsp = cspdm_storage_spsp(sec ? CSPDM_STORAGE_OP_SECURED : CSPDM_STORAGE_OP_MESSAGE, 0);
	c.len = off + len;
	s->secured_sent = sec;
	return s->exec(s, &c);
}

/* Pending info (flag, response length), polled until a response is pending. */
static cspdm_status pending_length(struct storage_dev *s, uint64_t timeout_us, size_t *n)
{
	uint64_t deadline = now(s) + (timeout_us ? timeout_us : PENDING_DEFAULT_US);
	uint16_t dlen, ver;
	uint32_t flag, rlen;
	size_t got;
	struct rd r;

	for (;;) {
		cspdm_status st =
		    recv_op(s, CSPDM_STORAGE_OP_PENDING_INFO, MIN_ALLOC,
			    "Security Receive (DSP0286 pending info)", timeout_us, &got);

		if (st)
			return st;
		rd_init(&r, s->data, got);
		if (!rd_u16le(&r, "data length", &dlen) || !rd_u16le(&r, "version", &ver) ||
		    !rd_u32le(&r, "pending info flag", &flag) ||
		    !rd_u32le(&r, "response length", &rlen))
			return fail(s, CSPDM_E_TRANSPORT, "DSP0286 pending info too short");
		if (flag & 1u) {
			*n = rlen;
			return CSPDM_OK;
		}
		if (now(s) >= deadline)
			return fail(s, CSPDM_E_TIMEOUT, "DSP0286: no response pending in time");
		s->b.sys->sleep_us(s->b.sys->priv, PENDING_POLL_US);
	}
}

/* The response into s->data; *n its length (reserved bytes of a secured one included). */
static cspdm_status take_response(struct storage_dev *s, size_t cap, uint64_t timeout_us, size_t *n)
{
	uint8_t op = s->secured_sent ? CSPDM_STORAGE_OP_SECURED : CSPDM_STORAGE_OP_MESSAGE;
	size_t want = 0, got = 0, alloc;
	cspdm_status st;

	if (!s->pending_info) {
		want = cap < STORAGE_DATA_MAX ? cap & ~(size_t)3 : STORAGE_DATA_MAX;
		st = recv_op(s, op, want, "Security Receive (SPDM message)", timeout_us, &got);
		*n = got;
		return st;
	}
	st = pending_length(s, timeout_us, &want);
	if (st)
		return st;
	alloc = alloc_for(want) > STORAGE_DATA_MAX ? STORAGE_DATA_MAX : alloc_for(want);
	st = recv_op(s, op, alloc, "Security Receive (SPDM message)", timeout_us, &got);
	if (st)
		return st;
	if (want > STORAGE_DATA_MAX)
		return fail(s, CSPDM_E_BUFFER_TOO_SMALL, "storage: response larger than 64 KiB");
	if (got < want)
		return fail(s, CSPDM_E_TRANSPORT, "storage: response shorter than announced");
	*n = want;
	return CSPDM_OK;
}

static cspdm_status st_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			    enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct storage_dev *s = priv;
	size_t off = s->secured_sent ? SECURED_RSVD : 0, n = 0, bad;
	struct rd r;
	cspdm_status st;

	st = take_response(s, cap + off, timeout_us, &n);
	if (st)
		return st;
	rd_init(&r, s->data, n);
	if (n < off || !rd_zero(&r, "reserved", off, &bad))
		return fail(s, CSPDM_E_TRANSPORT,
			    "storage: secured response without its reserved bytes");
	return cspdm_dev_deliver(s->b.err, s->data + off, n - off,
				 s->secured_sent ? CSPDM_MSG_SECURED : CSPDM_MSG_SPDM, buf, cap,
				 len, kind);
}

/* ---- life cycle ----------------------------------------------------------------------------- */

static void st_close(struct cspdm_backend *b)
{
	cspdm_storage_free((struct storage_dev *)b);
}

struct storage_dev *cspdm_storage_new(const struct cspdm_sys *sys, struct cspdm_dev_error *err)
{
	struct storage_dev *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->data = aligned_alloc(4096, (STORAGE_DATA_MAX + 4095) & ~(size_t)4095);
	if (!s->data) {
		free(s);
		return NULL;
	}
	s->fd = -1;
	cspdm_backend_init(&s->b, sys, err, st_close, st_send, st_recv);
	return s;
}

void cspdm_storage_free(struct storage_dev *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		s->b.sys->close(s->b.sys->priv, s->fd);
	free(s->data);
	free(s);
}

cspdm_status cspdm_storage_open_node(struct storage_dev *s, const char *path)
{
	s->fd = s->b.sys->open(s->b.sys->priv, path, O_RDWR);
	if (s->fd >= 0)
		return CSPDM_OK;
	if (errno == EACCES || errno == EPERM)
		return cspdm_dev_fail(s->b.err, CSPDM_E_PERMISSION,
				      "the device node needs root (or its group)", errno);
	return cspdm_dev_fail_errno(s->b.err, "no such device node", errno);
}

cspdm_status cspdm_storage_attach(struct storage_dev *s)
{
	uint8_t ops = 0;
	cspdm_status st = check_protocol_list(s);

	if (!st)
		st = discover(s, &ops);
	if (st)
		return st;
	s->pending_info = (ops & OP_BIT(CSPDM_STORAGE_OP_PENDING_INFO)) != 0;
	s->b.io.has_secured = (ops & OP_BIT(CSPDM_STORAGE_OP_SECURED)) != 0;
	cspdm_storage_secured_binding(&s->b.io.secured);
	/* without pending info NVMe cannot tell a response's length: the buffer is zero past it,
	 * and the SPDM layer takes the zeros as padding */
	s->b.io.max_pad = s->pending_info || s->exact_len ? 0 : STORAGE_DATA_MAX;
	(void)snprintf(s->b.desc, sizeof(s->b.desc), "%s security protocol 0xE8 (DSP0286%s%s)",
		       s->bus, s->pending_info ? ", pending info" : "",
		       s->b.io.has_secured ? ", secured messages" : "");
	return CSPDM_OK;
}

cspdm_status cspdm_storage_probe(const struct cspdm_sys *sys, const char *path, bool scsi,
				 struct cspdm_dev_error *err, char *info, size_t info_cap)
{
	struct cspdm_dev_addr a;
	struct cspdm_backend *b = NULL;
	cspdm_status st;

	memset(&a, 0, sizeof(a));
	a.kind = scsi ? CSPDM_DEV_SCSI : CSPDM_DEV_NVME;
	if (strlen(path) >= sizeof(a.path))
		return CSPDM_E_INVALID_ARG;
	(void)snprintf(a.path, sizeof(a.path), "%s", path);
	st = scsi ? cspdm_scsi_open(&a, sys, err, &b) : cspdm_nvme_open(&a, sys, err, &b);
	if (st)
		return st;
	(void)snprintf(info, info_cap, "%s", b->desc);
	b->close(b);
	return CSPDM_OK;
}
