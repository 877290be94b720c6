/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm_enumerate (cspdm list) on a simulated machine: PCI functions with and without DOE (one
 * mailbox in use), an NVMe controller, and the kernel's MCTP routes and neighbours served by a
 * scripted rtnetlink socket; then a machine without any, where only notes come back; and the
 * real one, which must not fail.
 */
#include "testutil.h"

#include <errno.h>
#include <linux/mctp.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/device.h"
#include "doe_model.h"
#include "mctp_model.h"
#include "storage_model.h"

/* ---- a scripted rtnetlink socket ------------------------------------------------------------ */

struct nl_model {
	struct sim_node node;
	uint8_t out[512];
	size_t out_len;
	bool pending;
};

static size_t put_nlmsg(uint8_t *p, uint16_t type, const uint8_t *body, size_t n)
{
	uint32_t len = (uint32_t)(NLMSG_HDRLEN + n);
	struct nlmsghdr h = {.nlmsg_len = len, .nlmsg_type = type, .nlmsg_flags = NLM_F_MULTI};

	memcpy(p, &h, sizeof(h));
	memcpy(p + NLMSG_HDRLEN, body, n);
	return NLMSG_ALIGN(len);
}

/* A route to EIDs eid..eid+range (or a local one), on interface 3. */
static size_t route(uint8_t *p, uint8_t eid, uint8_t range, uint8_t rtype)
{
	uint8_t b[12 + 8 + 8] = {AF_MCTP, range, 0, 0, 0, 0, 0, rtype};

	b[12] = 5; /* RTA_DST, u8 */
	b[14] = RTA_DST;
	b[16] = eid;
	b[20] = 8; /* RTA_OIF, u32 */
	b[22] = RTA_OIF;
	b[24] = 3;
	return put_nlmsg(p, RTM_NEWROUTE, b, sizeof(b));
}

static size_t neighbour(uint8_t *p, uint8_t eid)
{
	uint8_t b[12 + 8] = {AF_MCTP, 0, 0, 0, 4};

	b[12] = 5;
	b[14] = NDA_DST;
	b[16] = eid;
	return put_nlmsg(p, RTM_NEWNEIGH, b, sizeof(b));
}

static ssize_t nl_sendto(struct sim_node *n, const void *buf, size_t len, const void *addr,
			 socklen_t alen)
{
	struct nl_model *m = n->priv;
	const struct nlmsghdr *h = buf;
	const struct rtmsg *r = (const void *)((const uint8_t *)buf + NLMSG_HDRLEN);
	uint8_t done[4] = {0};

	(void)addr;
	(void)alen;
	if (len < NLMSG_LENGTH(sizeof(*r)) || !(h->nlmsg_flags & NLM_F_DUMP) ||
	    r->rtm_family != AF_MCTP) {
		errno = EINVAL;
		return -1;
	}
	m->out_len = 0;
	if (h->nlmsg_type == RTM_GETROUTE) {
		m->out_len += route(m->out, 8, 2, RTN_UNICAST);
		m->out_len += route(m->out + m->out_len, 30, 0, RTN_LOCAL); /* our own EID */
	} else {
		m->out_len += neighbour(m->out, 20);
		m->out_len += neighbour(m->out + m->out_len, 9); /* also routed: listed once */
	}
	m->out_len += put_nlmsg(m->out + m->out_len, NLMSG_DONE, done, sizeof(done));
	m->pending = true;
	return (ssize_t)len;
}

static ssize_t nl_recvfrom(struct sim_node *n, void *buf, size_t len, void *addr, socklen_t *alen)
{
	struct nl_model *m = n->priv;

	(void)addr;
	(void)alen;
	if (!m->pending || len < m->out_len) {
		errno = EAGAIN;
		return -1;
	}
	m->pending = false;
	memcpy(buf, m->out, m->out_len);
	return (ssize_t)m->out_len;
}

static bool nl_readable(struct sim_node *n)
{
	return ((struct nl_model *)n->priv)->pending;
}

static const struct sim_node_ops nl_ops = {
    .sendto = nl_sendto, .recvfrom = nl_recvfrom, .readable = nl_readable};

/* ---- collecting what cspdm_enumerate says --------------------------------------------------- */

struct seen {
	char lines[16][512];
	unsigned n;
	char notes[8][200];
	unsigned n_notes;
};

static void on_found(void *priv, const struct cspdm_dev_found *f)
{
	struct seen *s = priv;

	if (s->n < 16)
		snprintf(s->lines[s->n++], sizeof(s->lines[0]), "%s | %s", f->uri, f->info);
}

static void on_note(void *priv, const char *what, const char *detail)
{
	struct seen *s = priv;

	if (s->n_notes < 8)
		snprintf(s->notes[s->n_notes++], sizeof(s->notes[0]), "%s: %s", what, detail);
}

/* ---- tests ---------------------------------------------------------------------------------- */

struct machine {
	struct sim sim;
	struct doe_model spdm, busy, plain;
	struct storage_model nvme;
	struct mctp_model mctp;
	struct nl_model nl;
	struct sim_rsp *rsp;
};

static void test_machine_with_devices(void **state)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct seen s = {0};

	(void)state;
	assert_non_null(m);
	m->rsp = sim_rsp_new(CSPDM_V13);
	sim_init(&m->sim);
	doe_model_init(&m->spdm, &m->sim, "0000:03:00.0", m->rsp);
	m->busy.fault = DOE_STALE_READY; /* someone's unread response: leave it */
	doe_model_init(&m->busy, &m->sim, "0000:04:00.0", m->rsp);
	m->plain.no_doe = true;
	doe_model_init(&m->plain, &m->sim, "0000:00:02.0", m->rsp);
	storage_model_init(&m->nvme, &m->sim, "/dev/nvme0", false, m->rsp);
	mctp_model_init(&m->mctp, &m->sim, 1, 8, m->rsp);
	sim_add(&m->sim, &m->nl.node, "socket:netlink", &nl_ops, &m->nl);
	m->sim.socket_node[1] = &m->nl.node;
	m->sim.socket_domain[1] = AF_NETLINK;
	m->sim.dir_path[0] = "/sys/bus/pci/devices";
	m->sim.dir_names[0] = "0000:00:02.0\0"
			      "0000:03:00.0\0"
			      "0000:04:00.0\0"
			      "0000:00:1f.0\0";
	m->sim.dir_path[1] = "/sys/class/nvme";
	m->sim.dir_names[1] = "nvme0\0";
	assert_int_equal(cspdm_enumerate(&m->sim.sys, on_found, on_note, &s), 6);
	assert_string_equal(s.lines[0], "pci:0000:03:00.0@0x1a0 | PCI DOE mailbox at 0x1a0: "
					"CMA/SPDM, secured CMA/SPDM");
	assert_string_equal(s.lines[1], "nvme:/dev/nvme0 | NVMe security protocol 0xE8 "
					"(DSP0286, pending info, secured messages)");
	assert_string_equal(s.lines[2], "mctp:8 | MCTP endpoint, interface 3");
	assert_string_equal(s.lines[3], "mctp:9 | MCTP endpoint, interface 3");
	assert_string_equal(s.lines[4], "mctp:10 | MCTP endpoint, interface 3");
	assert_string_equal(s.lines[5], "mctp:20 | MCTP endpoint, interface 4");
	assert_int_equal(s.n_notes, 1);
	assert_string_equal(s.notes[0],
			    "pci:0000:04:00.0@0x1a0: DOE mailbox at 0x1a0 is in use: not probed");
	assert_int_equal(m->busy.aborts, 0); /* left alone */
	assert_int_equal(sim_open_files(&m->sim), 0);
	assert_int_equal(m->spdm.bad_access + m->busy.bad_access + m->plain.bad_access, 0);
	sim_rsp_free(m->rsp);
	free(m);
}

static void test_machine_without_any(void **state)
{
	struct sim sim;
	struct doe_model *pci = calloc(1, sizeof(*pci));
	struct seen s = {0};

	(void)state;
	assert_non_null(pci);
	sim_init(&sim);
	pci->node.open_errno = EACCES; /* not root */
	pci->cfg_size = 256;
	doe_model_init(pci, &sim, "0000:00:00.0", NULL);
	sim.dir_path[0] = "/sys/bus/pci/devices";
	sim.dir_names[0] = "0000:00:00.0\0";
	assert_int_equal(cspdm_enumerate(&sim.sys, on_found, on_note, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.n_notes, 3);
	assert_string_equal(s.notes[0],
			    "pci: not root: PCI config space and NVMe ioctls need root");
	assert_string_equal(s.notes[1], "nvme: no NVMe controllers (/sys/class/nvme)");
	assert_string_equal(s.notes[2], "mctp: the kernel has no MCTP support (AF_MCTP)");
	free(pci);
}

static void test_this_machine(void **state)
{
	struct seen s = {0};
	unsigned n;

	(void)state;
	n = cspdm_enumerate(NULL, on_found, on_note, &s);
	assert_int_equal(n, s.n);
	printf("test_enumerate: this machine: %u device%s, %u note%s\n", n, n == 1 ? "" : "s",
	       s.n_notes, s.n_notes == 1 ? "" : "s");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_machine_with_devices),
	    cmocka_unit_test(test_machine_without_any),
	    cmocka_unit_test(test_this_machine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
