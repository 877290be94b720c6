/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI DOE back-end: a Data Object Exchange mailbox (PCIe r6.0 6.30, registers 7.9.24) in a PCI
 * function's extended config space, reached through /sys/bus/pci/devices/BDF/config.
 *
 * Only aligned 4-byte pread/pwrite: the kernel turns them into config dword accesses, which is
 * what the mailbox registers need (the Read Data Mailbox advances on a write, so a wider or
 * split access would lose data). Values are little-endian, whatever the host.
 *
 *  send:  wait until Busy is clear (at most 1 s); an Error or a stale Data Object Ready from an
 *         earlier user is aborted first. The data object goes dword by dword into the Write
 *         Data Mailbox, then Go is set in Control.
 *  recv:  poll Status until Data Object Ready (at most 1 s after Go, the DOE timeout); Error
 *         aborts. Then read the Read Data Mailbox dword by dword, writing it after each read to
 *         advance: the header's length says how many. Ready must still be set before the last
 *         dword is taken (else the object was shorter than announced) and clear after it (else
 *         the device had more dwords than it announced). A failure or a timeout aborts the
 *         mailbox (Abort in Control, then Busy, Error and Ready clear within 1 s), so the next
 *         exchange starts clean.
 *  open:  walk the extended capability list from 0x100 for DOE (ID 0x002E), run DOE discovery
 *         (type 0) on each mailbox, and use the first that offers CMA/SPDM (vendor 0001, type
 *         1); secured CMA/SPDM (type 2) carries secured messages when offered.
 *
 * Polling sleeps 10 us at first and backs off to 1 ms: a device answers in well under a
 * millisecond (QEMU: 0.03-0.3 ms) or within the 1 s the spec allows; nothing assumes either.
 */
#include "io/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec/reader.h"
#include "codec/writer.h"
#include "cspdm/transport.h"

#define EXT_CAP_START  0x100
#define CONFIG_SIZE    4096
#define EXT_CAP_TTL    ((CONFIG_SIZE - EXT_CAP_START) / 8)
#define EXT_CAP_ID_DOE 0x002E
#define DOE_CTRL       0x08
#define DOE_STATUS     0x0C
#define DOE_WRITE      0x10
#define DOE_READ       0x14
#define CTRL_ABORT     (1u << 0)
#define CTRL_INT_EN    (1u << 1)
#define CTRL_GO	       (1u << 31)
#define ST_BUSY	       (1u << 0)
#define ST_ERROR       (1u << 2)
#define ST_READY       (1u << 31)
#define DOE_TIMEOUT_US 1000000u
#define POLL_FIRST_US  10u
#define POLL_MAX_US    1000u
#define DOE_LEN_MASK   0x3FFFFu
#define DOE_MAX_DWORDS (1u << 18)
#define DISCOVERY_MAX  256
#define DOE_OBJ_MAX    (CSPDM_EMU_MAX_PAYLOAD + CSPDM_DOE_HEADER_SIZE)
#define TYPE_BIT(t)    ((uint8_t)(1u << (t)))
#define SYSFS_PCI      "/sys/bus/pci/devices/"

struct doe {
	struct cspdm_backend b;
	int fd;
	uint16_t cap;	/* the mailbox's capability offset */
	uint64_t go_us; /* when Go was set for the request in flight */
	bool pending;	/* a request went out and its response was not read */
	uint8_t obj[DOE_OBJ_MAX];
};

static uint64_t now(const struct doe *d)
{
	return d->b.sys->now_us(d->b.sys->priv);
}

static void pause_us(const struct doe *d, uint32_t *us)
{
	d->b.sys->sleep_us(d->b.sys->priv, *us);
	*us = *us * 2 > POLL_MAX_US ? POLL_MAX_US : *us * 2;
}

static cspdm_status fail(const struct doe *d, cspdm_status code, const char *what)
{
	return cspdm_dev_fail(d->b.err, code, what, 0);
}

/* ---- config space: aligned dwords only ------------------------------------------------------ */

static cspdm_status cfg_rd(const struct doe *d, uint32_t off, uint32_t *v)
{
	uint8_t raw[4];
	ssize_t n = d->b.sys->pread(d->b.sys->priv, d->fd, raw, sizeof(raw), (off_t)off);
	struct rd r;

	*v = 0;
	if (n != (ssize_t)sizeof(raw))
		return cspdm_dev_fail(d->b.err, CSPDM_E_IO, "config space read", n < 0 ? errno : 0);
	rd_init(&r, raw, sizeof(raw));
	(void)rd_u32le(&r, "config dword", v);
	return CSPDM_OK;
}

static cspdm_status cfg_wr(const struct doe *d, uint32_t off, uint32_t v)
{
	uint8_t raw[4];
	struct wr w;
	ssize_t n;

	wr_init(&w, raw, sizeof(raw));
	wr_u32le(&w, v);
	n = d->b.sys->pwrite(d->b.sys->priv, d->fd, raw, sizeof(raw), (off_t)off);
	if (n != (ssize_t)sizeof(raw))
		return cspdm_dev_fail(d->b.err, CSPDM_E_IO, "config space write",
				      n < 0 ? errno : 0);
	return CSPDM_OK;
}

static cspdm_status status(const struct doe *d, uint32_t *st)
{
	return cfg_rd(d, d->cap + DOE_STATUS, st);
}

/* ---- mailbox control ------------------------------------------------------------------------ */

/* Poll Status (1 s at most) until the bits of mask are all clear; else code with what. */
static cspdm_status wait_clear(struct doe *d, uint32_t mask, cspdm_status code, const char *what)
{
	uint64_t deadline = now(d) + DOE_TIMEOUT_US;
	uint32_t st, us = POLL_FIRST_US;
	cspdm_status rc;

	while ((rc = status(d, &st)) == CSPDM_OK && (st & mask)) {
		if (now(d) >= deadline)
			return cspdm_dev_fail_status(d->b.err, code, what, CSPDM_DEV_STATUS_DOE,
						     st);
		pause_us(d, &us);
	}
	return rc;
}

/* Abort, then wait (1 s) until Busy, Error and Data Object Ready are all clear. */
static cspdm_status doe_abort(struct doe *d)
{
	cspdm_status rc = cfg_wr(d, d->cap + DOE_CTRL, CTRL_ABORT);

	d->pending = false;
	return rc ? rc
		  : wait_clear(d, ST_BUSY | ST_ERROR | ST_READY, CSPDM_E_IO,
			       "DOE Abort did not complete within 1 s");
}

/* Abort, keeping the first failure's report: the abort only cleans up after it (if it fails
 * too, the next request's doe_idle says so). */
static cspdm_status abort_after(struct doe *d, cspdm_status code)
{
	struct cspdm_dev_error keep = *d->b.err;

	(void)doe_abort(d);
	*d->b.err = keep;
	return code;
}

/* Ready for a request: an earlier Error or an unread object aborted, Busy clear within 1 s. */
static cspdm_status doe_idle(struct doe *d)
{
	uint32_t st;
	cspdm_status rc = status(d, &st);

	if (rc == CSPDM_OK && (d->pending || (st & (ST_ERROR | ST_READY))))
		rc = doe_abort(d);
	return rc ? rc
		  : wait_clear(d, ST_BUSY, CSPDM_E_BUSY,
			       "DOE mailbox busy: Busy stayed set for 1 s");
}

/* Write a data object (dword multiple) and set Go. */
static cspdm_status doe_put(struct doe *d, const uint8_t *obj, size_t len)
{
	uint32_t v, ctrl;
	struct rd r;
	cspdm_status rc = doe_idle(d);

	if (rc != CSPDM_OK)
		return rc;
	rd_init(&r, obj, len);
	while (rc == CSPDM_OK && rd_remaining(&r) >= 4) {
		(void)rd_u32le(&r, "data object dword", &v);
		rc = cfg_wr(d, d->cap + DOE_WRITE, v);
	}
	if (rc == CSPDM_OK)
		rc = cfg_rd(d, d->cap + DOE_CTRL, &ctrl);
	if (rc == CSPDM_OK)
		rc = cfg_wr(d, d->cap + DOE_CTRL, (ctrl & CTRL_INT_EN) | CTRL_GO);
	if (rc != CSPDM_OK)
		return abort_after(d, rc);
	d->go_us = now(d);
	d->pending = true;
	return CSPDM_OK;
}

/* Poll until Data Object Ready, at most 1 s after Go. */
static cspdm_status doe_wait_ready(struct doe *d)
{
	uint32_t st, us = POLL_FIRST_US;
	cspdm_status rc;

	while ((rc = status(d, &st)) == CSPDM_OK) {
		if (st & ST_ERROR)
			return abort_after(d, cspdm_dev_fail_status(
						  d->b.err, CSPDM_E_IO,
						  "DOE Error: the device refused the data object",
						  CSPDM_DEV_STATUS_DOE, st));
		if (st & ST_READY)
			return CSPDM_OK;
		if (now(d) - d->go_us >= DOE_TIMEOUT_US)
			return abort_after(
			    d, cspdm_dev_fail_status(d->b.err, CSPDM_E_TIMEOUT,
						     "DOE timeout: no Data Object Ready within 1 s",
						     CSPDM_DEV_STATUS_DOE, st));
		pause_us(d, &us);
	}
	return abort_after(d, rc);
}

/* One dword of the Read Data Mailbox, and the write that advances it. */
static cspdm_status take_dword(struct doe *d, uint32_t *v)
{
	cspdm_status rc = cfg_rd(d, d->cap + DOE_READ, v);

	return rc == CSPDM_OK ? cfg_wr(d, d->cap + DOE_READ, 0) : rc;
}

/* The object's length in dwords, from its second header dword (0 means 2^18). */
static cspdm_status object_dwords(struct doe *d, uint32_t dw1, uint32_t *dwords)
{
	*dwords = dw1 & DOE_LEN_MASK;
	if (*dwords == 0)
		*dwords = DOE_MAX_DWORDS;
	if (*dwords < 2)
		return fail(d, CSPDM_E_TRANSPORT, "DOE: data object length below its header");
	if ((uint64_t)*dwords * 4 > sizeof(d->obj)) {
		/* drain it, so that the mailbox is ready for the next request */
		uint32_t i, v;
		cspdm_status rc = CSPDM_OK;

		for (i = 2; i < *dwords && rc == CSPDM_OK; i++)
			rc = take_dword(d, &v);
		return rc ? rc
			  : fail(d, CSPDM_E_BUFFER_TOO_SMALL,
				 "DOE: data object larger than 64 KiB");
	}
	return CSPDM_OK;
}

/* Read the whole data object into d->obj; *len: its bytes. */
static cspdm_status doe_take(struct doe *d, size_t *len)
{
	uint32_t v = 0, st = 0, dwords = 0, i;
	struct wr w;
	cspdm_status rc = take_dword(d, &v);

	wr_init(&w, d->obj, sizeof(d->obj));
	wr_u32le(&w, v);
	if (rc == CSPDM_OK)
		rc = take_dword(d, &v);
	if (rc == CSPDM_OK)
		rc = object_dwords(d, v, &dwords);
	wr_u32le(&w, v);
	for (i = 2; rc == CSPDM_OK && i < dwords; i++) {
		rc = cfg_rd(d, d->cap + DOE_READ, &v);
		if (rc == CSPDM_OK && i + 1 == dwords && (rc = status(d, &st)) == CSPDM_OK &&
		    !(st & ST_READY))
			rc = fail(d, CSPDM_E_TRANSPORT, "DOE: data object shorter than its length");
		if (rc == CSPDM_OK)
			rc = cfg_wr(d, d->cap + DOE_READ, 0);
		wr_u32le(&w, v);
	}
	if (rc == CSPDM_OK && (rc = status(d, &st)) == CSPDM_OK && (st & (ST_READY | ST_ERROR)))
		rc = cspdm_dev_fail_status(
		    d->b.err, (st & ST_ERROR) ? CSPDM_E_IO : CSPDM_E_TRANSPORT,
		    (st & ST_ERROR) ? "DOE Error while reading the response"
				    : "DOE: more dwords than the data object announced",
		    CSPDM_DEV_STATUS_DOE, st);
	if (rc != CSPDM_OK)
		return abort_after(d, rc);
	d->pending = false;
	*len = w.len;
	return CSPDM_OK;
}

/* Wait for the response to the request in flight and read it. */
static cspdm_status doe_get(struct doe *d, size_t *len)
{
	cspdm_status rc;

	if (!d->pending)
		return fail(d, CSPDM_E_STATE, "DOE: no request in flight");
	rc = doe_wait_ready(d);
	return rc == CSPDM_OK ? doe_take(d, len) : rc;
}

/* ---- struct cspdm_io ------------------------------------------------------------------------ */

static cspdm_status doe_send(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len)
{
	struct doe *d = priv;
	size_t n;
	cspdm_status rc;

	if (kind == CSPDM_MSG_SECURED && !d->b.io.has_secured)
		return fail(d, CSPDM_E_NOT_OFFERED, "DOE: secured CMA/SPDM (type 2) not offered");
	rc = cspdm_transport_encode_kind(CSPDM_TRANSPORT_PCI_DOE, kind, msg, len, d->obj,
					 sizeof(d->obj), &n);
	if (rc != CSPDM_OK)
		return fail(d, rc, "DOE: message does not fit a data object");
	return doe_put(d, d->obj, n);
}

static cspdm_status doe_recv(void *priv, uint8_t *buf, size_t cap, size_t *len,
			     enum cspdm_msg_kind *kind, uint64_t timeout_us)
{
	struct doe *d = priv;
	size_t n = 0;
	cspdm_status rc = doe_get(d, &n);

	(void)timeout_us; /* the DOE timeout (1 s) governs the mailbox */
	if (rc != CSPDM_OK)
		return rc;
	return cspdm_dev_unframe(d->b.err, CSPDM_TRANSPORT_PCI_DOE, d->obj, n,
				 "DOE: response is not a CMA/SPDM data object", buf, cap, len,
				 kind);
}

/* ---- discovery and the capability list ------------------------------------------------------ */

/* DOE discovery (PCIe r6.0 6.30.1.1) of one index: the type offered there and the next index. */
static cspdm_status discover_one(struct doe *d, uint8_t index, uint16_t *vendor, uint8_t *type,
				 uint8_t *next)
{
	const uint8_t req[4] = {index, 0, 0, 0}; /* index, discovery version 0, reserved */
	const uint8_t *p;
	size_t n, plen;
	uint8_t ty;
	struct rd r;
	cspdm_status rc = cspdm_doe_encode(CSPDM_DOE_TYPE_DISCOVERY, req, sizeof(req), d->obj,
					   sizeof(d->obj), &n);

	if (rc == CSPDM_OK)
		rc = doe_put(d, d->obj, n);
	if (rc == CSPDM_OK)
		rc = doe_get(d, &n);
	if (rc != CSPDM_OK)
		return rc;
	if (cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, d->obj, n, &p, &plen, &ty) ||
	    ty != CSPDM_DOE_TYPE_DISCOVERY)
		return fail(d, CSPDM_E_TRANSPORT, "DOE discovery: response is not discovery");
	rd_init(&r, p, plen);
	if (!rd_u16le(&r, "discovery vendor ID", vendor) || !rd_u8(&r, "discovery type", type) ||
	    !rd_u8(&r, "discovery next index", next))
		return fail(d, CSPDM_E_TRANSPORT, "DOE discovery: response too short");
	return CSPDM_OK;
}

/* The PCI-SIG data object types the mailbox at d->cap offers, a bit each (types below 8). */
static cspdm_status discover(struct doe *d, uint8_t *types)
{
	unsigned index = 0, steps;
	uint16_t vendor = 0;
	uint8_t type = 0, next = 0;
	cspdm_status rc = CSPDM_OK;

	*types = 0;
	for (steps = 0; steps < DISCOVERY_MAX && rc == CSPDM_OK; steps++) {
		rc = discover_one(d, (uint8_t)index, &vendor, &type, &next);
		if (rc == CSPDM_OK && vendor == CSPDM_DOE_VENDOR_PCISIG && type < 8)
			*types |= TYPE_BIT(type);
		if (rc != CSPDM_OK || next == 0 || next <= index)
			break; /* the last index, or a list that would not end */
		index = next;
	}
	return rc;
}

/* The next extended capability after the header at off: 0 at the end of the list. */
static uint16_t next_cap(uint32_t hdr)
{
	return (uint16_t)((hdr >> 20) & 0xFFCu);
}

/* Walk the extended capabilities: the offsets of the DOE ones. A function without extended
 * config space (a short read at 0x100) has none. */
static cspdm_status find_does(struct doe *d, uint16_t *offs, size_t cap, size_t *n)
{
	uint32_t hdr = 0, off = EXT_CAP_START;
	unsigned ttl;

	*n = 0;
	for (ttl = 0; ttl < EXT_CAP_TTL && off >= EXT_CAP_START && off < CONFIG_SIZE; ttl++) {
		if (cfg_rd(d, off, &hdr) != CSPDM_OK) {
			if (off == EXT_CAP_START && d->b.err->os_errno == 0)
				return CSPDM_OK; /* conventional config space only */
			return d->b.err->code;
		}
		if (hdr == 0 || hdr == 0xFFFFFFFFu)
			break;
		if ((hdr & 0xFFFFu) == EXT_CAP_ID_DOE && *n < cap)
			offs[(*n)++] = (uint16_t)off;
		off = next_cap(hdr);
	}
	return CSPDM_OK;
}

/* ---- open / close --------------------------------------------------------------------------- */

static bool bdf_ok(const char *bdf)
{
	static const char shape[] = "hhhh:hh:hh.h";
	size_t i;

	for (i = 0; shape[i]; i++) {
		char c = bdf[i];
		bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');

		if (shape[i] == 'h' ? !hex : c != shape[i])
			return false;
	}
	return bdf[i] == '\0';
}

static cspdm_status open_config(struct doe *d, const char *bdf, int flags)
{
	char path[sizeof(SYSFS_PCI) + 32];

	if (!bdf_ok(bdf))
		return fail(d, CSPDM_E_INVALID_ARG,
			    "PCI address is not DDDD:BB:DD.F (lower-case hex)");
	(void)snprintf(path, sizeof(path), SYSFS_PCI "%s/config", bdf);
	d->fd = d->b.sys->open(d->b.sys->priv, path, flags);
	if (d->fd >= 0)
		return CSPDM_OK;
	if (errno == EACCES || errno == EPERM)
		return cspdm_dev_fail(d->b.err, CSPDM_E_PERMISSION,
				      "PCI config space is writable by root only", errno);
	return cspdm_dev_fail_errno(d->b.err, "no such PCI function", errno);
}

static void doe_free(struct doe *d)
{
	if (d->fd >= 0)
		d->b.sys->close(d->b.sys->priv, d->fd);
	free(d);
}

static void doe_close(struct cspdm_backend *b)
{
	struct doe *d = (struct doe *)b;

	if (d->pending)
		(void)doe_abort(d);
	doe_free(d);
}

static struct doe *doe_new(const struct cspdm_sys *sys, struct cspdm_dev_error *err)
{
	struct doe *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	cspdm_backend_init(&d->b, sys, err, doe_close, doe_send, doe_recv);
	d->fd = -1;
	d->b.io.max_pad = 3;
	cspdm_transport_secured_binding(CSPDM_TRANSPORT_PCI_DOE, &d->b.io.secured);
	return d;
}

/* A mailbox someone else may be using: an exchange in flight, or its result unread. */
static bool in_use(struct doe *d)
{
	uint32_t st;

	return status(d, &st) != CSPDM_OK || (st & (ST_BUSY | ST_ERROR | ST_READY));
}

/* Discovery on each DOE capability (or the one at want); mb[] gets what each offers. Gentle
 * (for cspdm list): a mailbox in use is not touched. */
static cspdm_status scan(struct doe *d, int32_t want, bool gentle, struct cspdm_doe_mailbox *mb,
			 size_t cap, size_t *n)
{
	uint16_t offs[CSPDM_DOE_MAX_MAILBOXES];
	size_t found, i;
	cspdm_status rc = find_does(d, offs, CSPDM_DOE_MAX_MAILBOXES, &found);

	*n = 0;
	for (i = 0; rc == CSPDM_OK && i < found && *n < cap; i++) {
		if (want != CSPDM_DOE_ANY && offs[i] != want)
			continue;
		d->cap = offs[i];
		memset(&mb[*n], 0, sizeof(mb[*n]));
		mb[*n].offset = offs[i];
		mb[*n].in_use = gentle && in_use(d);
		if (!mb[*n].in_use)
			rc = discover(d, &mb[*n].types);
		(*n)++;
	}
	return rc;
}

cspdm_status cspdm_doe_scan(const struct cspdm_sys *sys, const char *bdf,
			    struct cspdm_doe_mailbox *mb, size_t cap, size_t *n,
			    struct cspdm_dev_error *err)
{
	struct doe *d = doe_new(sys, err);
	cspdm_status rc;

	*n = 0;
	if (!d)
		return cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM);
	rc = open_config(d, bdf, O_RDWR);
	if (rc == CSPDM_OK)
		rc = scan(d, CSPDM_DOE_ANY, true, mb, cap, n);
	doe_free(d);
	return rc;
}

/* The mailbox to use: the first offering CMA/SPDM, or exactly the one asked for. */
static cspdm_status choose(struct doe *d, int32_t want)
{
	struct cspdm_doe_mailbox mb[CSPDM_DOE_MAX_MAILBOXES];
	size_t n, i;
	cspdm_status rc = scan(d, want, false, mb, CSPDM_DOE_MAX_MAILBOXES, &n);

	if (rc != CSPDM_OK)
		return rc;
	if (n == 0)
		return fail(d, CSPDM_E_NOT_OFFERED,
			    want == CSPDM_DOE_ANY ? "no DOE capability (extended capability 0x002E)"
						  : "no DOE capability at that offset");
	for (i = 0; i < n && !(mb[i].types & TYPE_BIT(CSPDM_DOE_TYPE_SPDM)); i++)
		;
	if (i == n)
		return fail(d, CSPDM_E_NOT_OFFERED,
			    "DOE discovery does not offer CMA/SPDM (vendor 0001, type 1)");
	d->cap = mb[i].offset;
	d->b.io.has_secured = (mb[i].types & TYPE_BIT(CSPDM_DOE_TYPE_SECURED_SPDM)) != 0;
	(void)snprintf(d->b.desc, sizeof(d->b.desc), "PCI DOE mailbox at 0x%03x (CMA/SPDM%s)",
		       (unsigned)d->cap, d->b.io.has_secured ? ", secured CMA/SPDM" : "");
	return CSPDM_OK;
}

cspdm_status cspdm_doe_open(const struct cspdm_dev_addr *a, const struct cspdm_sys *sys,
			    struct cspdm_dev_error *err, struct cspdm_backend **out)
{
	struct doe *d = doe_new(sys, err);
	cspdm_status rc;

	*out = NULL;
	if (!d)
		return cspdm_dev_fail(err, CSPDM_E_IO, "out of memory", ENOMEM);
	rc = open_config(d, a->path, O_RDWR);
	if (rc == CSPDM_OK)
		rc = choose(d, a->doe_offset);
	if (rc != CSPDM_OK) {
		doe_free(d);
		return rc;
	}
	*out = &d->b;
	return CSPDM_OK;
}
