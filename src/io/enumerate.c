/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm_enumerate (cspdm/device.h): the SPDM responders this machine can reach.
 *
 *  PCI:  every /sys/bus/pci/devices/BDF, its DOE mailboxes and what their discovery offers
 *        (root only: the mailbox is written); mailboxes in use are left alone
 *  NVMe: every /sys/class/nvme/nvmeN, as /dev/nvmeN: security protocol 0xE8 and DSP0286
 *  MCTP: the kernel's MCTP routes and neighbours (rtnetlink dumps, family AF_MCTP); the
 *        kernel's replies are parsed through the bounded reader like any other input
 */
#include "io/backend.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>

#include "codec/reader.h"
#include "cspdm/transport.h"

#ifndef AF_MCTP
#define AF_MCTP 45
#endif

#define PCI_DIR	      "/sys/bus/pci/devices"
#define NVME_DIR      "/sys/class/nvme"
#define NL_BUF	      32768
#define NL_TIMEOUT_MS 1000
#define MAX_EIDS      256

struct walk {
	const struct cspdm_sys *sys;
	void (*each)(void *priv, const struct cspdm_dev_found *f);
	void (*note)(void *priv, const char *what, const char *detail);
	void *priv;
	unsigned found;
	bool noted_root;
};

static void found(struct walk *w, enum cspdm_dev_kind kind, const char *uri, const char *info)
{
	struct cspdm_dev_found f;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	(void)snprintf(f.uri, sizeof(f.uri), "%s", uri);
	(void)snprintf(f.info, sizeof(f.info), "%s", info);
	w->found++;
	w->each(w->priv, &f);
}

static void note(struct walk *w, const char *what, const char *detail)
{
	if (w->note)
		w->note(w->priv, what, detail);
}

/* Access refused: said once, not per device. */
static void refused(struct walk *w, const struct cspdm_dev_error *e, const char *where)
{
	if (e->code == CSPDM_E_PERMISSION && !w->noted_root) {
		w->noted_root = true;
		note(w, where, "not root: PCI config space and NVMe ioctls need root");
	}
}

/* ---- PCI ------------------------------------------------------------------------------------ */

static void doe_found(struct walk *w, const char *bdf, const struct cspdm_doe_mailbox *m)
{
	char uri[64], info[96], detail[96];

	(void)snprintf(uri, sizeof(uri), "pci:%s@0x%03x", bdf, (unsigned)m->offset);
	if (m->in_use) {
		(void)snprintf(detail, sizeof(detail),
			       "DOE mailbox at 0x%03x is in use: not probed", (unsigned)m->offset);
		note(w, uri, detail);
		return;
	}
	if (!(m->types & (1u << CSPDM_DOE_TYPE_SPDM)))
		return;
	(void)snprintf(
	    info, sizeof(info), "PCI DOE mailbox at 0x%03x: CMA/SPDM%s", (unsigned)m->offset,
	    (m->types & (1u << CSPDM_DOE_TYPE_SECURED_SPDM)) ? ", secured CMA/SPDM" : "");
	found(w, CSPDM_DEV_PCI_DOE, uri, info);
}

static int pci_one(void *ctx, const char *bdf)
{
	struct walk *w = ctx;
	struct cspdm_doe_mailbox mb[CSPDM_DOE_MAX_MAILBOXES];
	struct cspdm_dev_error e;
	size_t n = 0, i;

	memset(&e, 0, sizeof(e));
	if (cspdm_doe_scan(w->sys, bdf, mb, CSPDM_DOE_MAX_MAILBOXES, &n, &e) != CSPDM_OK) {
		refused(w, &e, "pci");
		if (e.code != CSPDM_E_PERMISSION && e.code != CSPDM_E_INVALID_ARG && n > 0)
			note(w, bdf, e.what ? e.what : cspdm_strerror(e.code));
	}
	for (i = 0; i < n; i++)
		doe_found(w, bdf, &mb[i]);
	return 0;
}

/* ---- NVMe ----------------------------------------------------------------------------------- */

static int nvme_one(void *ctx, const char *name)
{
	struct walk *w = ctx;
	struct cspdm_dev_error e;
	char path[96], uri[128], info[128];

	if (strncmp(name, "nvme", 4) != 0 || strlen(name) > 32)
		return 0;
	memset(&e, 0, sizeof(e));
	(void)snprintf(path, sizeof(path), "/dev/%s", name);
	if (cspdm_storage_probe(w->sys, path, false, &e, info, sizeof(info)) == CSPDM_OK) {
		(void)snprintf(uri, sizeof(uri), "nvme:%s", path);
		found(w, CSPDM_DEV_NVME, uri, info);
	} else {
		refused(w, &e, "nvme");
	}
	return 0;
}

/* ---- MCTP: rtnetlink dumps ------------------------------------------------------------------ */

struct eids {
	uint8_t eid[MAX_EIDS];
	uint32_t ifindex[MAX_EIDS];
	unsigned n;
};

static void add_eid(struct eids *e, uint8_t eid, uint32_t ifindex)
{
	unsigned i;

	for (i = 0; i < e->n; i++)
		if (e->eid[i] == eid)
			return;
	if (e->n < MAX_EIDS && eid != 0 && eid != 0xFF) {
		e->eid[e->n] = eid;
		e->ifindex[e->n++] = ifindex;
	}
}

/* Attributes: RTA_DST / NDA_DST (the EID) and RTA_OIF (the interface). */
static void parse_attrs(struct rd *r, uint8_t *dst, uint32_t *oif, bool *have_dst)
{
	uint16_t len, type;

	while (rd_remaining(r) >= 4 && rd_u16le(r, "rta_len", &len) &&
	       rd_u16le(r, "rta_type", &type)) {
		size_t body = len >= 4 ? (size_t)len - 4 : 0, pad = ((size_t)len + 3) / 4 * 4 - len;

		if (len < 4 || body > rd_remaining(r))
			return;
		if (type == RTA_DST && body >= 1) /* NDA_DST is 1 too */
			*have_dst = rd_u8(r, "EID", dst) && rd_skip(r, "dst", body - 1);
		else if (type == RTA_OIF && body == 4)
			(void)rd_u32le(r, "oif", oif);
		else
			(void)rd_skip(r, "attr", body);
		if (rd_remaining(r) >= pad)
			(void)rd_skip(r, "pad", pad);
	}
}

/* One RTM_NEWROUTE or RTM_NEWNEIGH body. */
static void parse_entry(uint16_t type, const uint8_t *p, size_t n, struct eids *e)
{
	uint8_t family = 0, dst_len = 0, rtype = RTN_UNICAST, dst = 0;
	uint32_t oif = 0, i;
	bool have = false;
	struct rd r;

	rd_init(&r, p, n);
	if (type == RTM_NEWROUTE) {
		if (!rd_u8(&r, "family", &family) || !rd_u8(&r, "dst_len", &dst_len) ||
		    !rd_skip(&r, "rtmsg", 5) || !rd_u8(&r, "type", &rtype) ||
		    !rd_skip(&r, "flags", 4))
			return;
	} else if (!rd_u8(&r, "family", &family) || !rd_skip(&r, "ndmsg", 3) ||
		   !rd_u32le(&r, "ifindex", &oif) || !rd_skip(&r, "state", 4)) {
		return;
	}
	parse_attrs(&r, &dst, &oif, &have);
	if (family != AF_MCTP || !have || rtype != RTN_UNICAST)
		return; /* local routes name our own EIDs */
	for (i = 0; i <= dst_len && dst + i <= 0xFE; i++)
		add_eid(e, (uint8_t)(dst + i), oif);
}

/* Walk the netlink messages in buf; true at NLMSG_DONE or an error. */
static bool parse_nl(const uint8_t *buf, size_t n, struct eids *e)
{
	struct rd r;
	uint32_t len, seq, pid;
	uint16_t type, flags;
	const uint8_t *body;

	rd_init(&r, buf, n);
	while (rd_remaining(&r) >= NLMSG_HDRLEN) {
		if (!rd_u32le(&r, "nlmsg_len", &len) || !rd_u16le(&r, "nlmsg_type", &type) ||
		    !rd_u16le(&r, "nlmsg_flags", &flags) || !rd_u32le(&r, "nlmsg_seq", &seq) ||
		    !rd_u32le(&r, "nlmsg_pid", &pid) || len < NLMSG_HDRLEN ||
		    !rd_view(&r, "nlmsg", len - NLMSG_HDRLEN, &body))
			return true;
		if (type == NLMSG_DONE || type == NLMSG_ERROR)
			return true;
		parse_entry(type, body, len - NLMSG_HDRLEN, e);
		if (rd_remaining(&r) >= (NLMSG_ALIGN(len) - len))
			(void)rd_skip(&r, "align", NLMSG_ALIGN(len) - len);
	}
	return false;
}

static void nl_dump(struct walk *w, int fd, uint16_t type, uint8_t *buf, struct eids *e)
{
	struct {
		struct nlmsghdr n;
		struct rtmsg r;
	} req;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	struct pollfd p = {.fd = fd, .events = POLLIN};
	ssize_t got;

	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(req.r));
	req.n.nlmsg_type = type;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.n.nlmsg_seq = type;
	req.r.rtm_family = AF_MCTP;
	if (w->sys->sendto(w->sys->priv, fd, &req, req.n.nlmsg_len, 0, (struct sockaddr *)&sa,
			   sizeof(sa)) < 0)
		return;
	while (w->sys->poll(w->sys->priv, &p, 1, NL_TIMEOUT_MS) > 0) {
		got = w->sys->recvfrom(w->sys->priv, fd, buf, NL_BUF, 0, NULL, NULL);
		if (got <= 0 || parse_nl(buf, (size_t)got, e))
			return;
	}
}

static void mctp_walk(struct walk *w)
{
	static uint8_t buf[NL_BUF];
	struct eids e;
	char uri[32], info[64];
	unsigned i;
	int fd = w->sys->socket(w->sys->priv, AF_MCTP, SOCK_DGRAM, 0);

	if (fd < 0) {
		note(w, "mctp",
		     errno == EAFNOSUPPORT ? "the kernel has no MCTP support (AF_MCTP)"
					   : "AF_MCTP socket failed");
		return;
	}
	w->sys->close(w->sys->priv, fd);
	fd = w->sys->socket(w->sys->priv, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	if (fd < 0) {
		note(w, "mctp", "no rtnetlink socket");
		return;
	}
	memset(&e, 0, sizeof(e));
	nl_dump(w, fd, RTM_GETROUTE, buf, &e);
	nl_dump(w, fd, RTM_GETNEIGH, buf, &e);
	w->sys->close(w->sys->priv, fd);
	for (i = 0; i < e.n; i++) {
		(void)snprintf(uri, sizeof(uri), "mctp:%u", (unsigned)e.eid[i]);
		(void)snprintf(info, sizeof(info), "MCTP endpoint, interface %u",
			       (unsigned)e.ifindex[i]);
		found(w, CSPDM_DEV_MCTP, uri, info);
	}
}

unsigned cspdm_enumerate(const struct cspdm_sys *sys,
			 void (*each)(void *priv, const struct cspdm_dev_found *f),
			 void (*note_fn)(void *priv, const char *what, const char *detail),
			 void *priv)
{
	struct walk w = {
	    .sys = sys ? sys : cspdm_sys_os(), .each = each, .note = note_fn, .priv = priv};

	if (w.sys->list_dir(w.sys->priv, PCI_DIR, pci_one, &w) != 0)
		note(&w, "pci", "no " PCI_DIR);
	if (w.sys->list_dir(w.sys->priv, NVME_DIR, nvme_one, &w) != 0)
		note(&w, "nvme", "no NVMe controllers (" NVME_DIR ")");
	mctp_walk(&w);
	return w.found;
}
