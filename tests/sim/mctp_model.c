/* SPDX-License-Identifier: BSD-3-Clause */
/* The MCTP endpoint model (mctp_model.h). */
#include "mctp_model.h"

#include <errno.h>
#include <string.h>

#include "cspdm/transport.h"

static void enqueue(struct mctp_model *m, const uint8_t *p, size_t n, uint32_t net, uint8_t eid,
		    uint8_t type, uint8_t tag)
{
	unsigned i = (m->q_head + m->q_n) % 4;

	if (m->q_n == 4 || n > sizeof(m->q[0]))
		return;
	memcpy(m->q[i], p, n);
	m->q_len[i] = n;
	memset(&m->q_from[i], 0, sizeof(m->q_from[i]));
	m->q_from[i].smctp_family = AF_MCTP;
	m->q_from[i].smctp_network = net;
	m->q_from[i].smctp_addr.s_addr = eid;
	m->q_from[i].smctp_type = type;
	m->q_from[i].smctp_tag = tag;
	m->q_n++;
}

static void answer(struct mctp_model *m, const uint8_t *p, size_t n)
{
	static uint8_t out[65600];
	size_t k = 0;

	out[0] = p[0];
	if (p[0] == CSPDM_MCTP_TYPE_SECURED) {
		static uint8_t rec[65600];

		memcpy(rec, p + 1, n - 1);
		k = 1 + sim_rsp_process_secured(m->rsp, rec, n - 1, 0, out + 1, sizeof(out) - 1);
	} else {
		k = 1 + sim_rsp_process(m->rsp, p + 1, n - 1, 0, out + 1, sizeof(out) - 1);
	}
	if (m->noise) {
		static const uint8_t other[] = {0x00, 0x81, 0x02};

		enqueue(m, out, k, m->net, (uint8_t)(m->eid + 1), p[0], m->next_tag);
		enqueue(m, other, sizeof(other), m->net, m->eid, 0x00, m->next_tag);
		enqueue(m, out, k, m->net, m->eid, p[0], MCTP_TAG_OWNER | 3u);
	}
	enqueue(m, out, k, m->net, m->eid, p[0], m->next_tag);
	m->next_tag = (uint8_t)((m->next_tag + 1) & MCTP_TAG_MASK);
}

static ssize_t model_sendto(struct sim_node *n, const void *buf, size_t len, const void *addr,
			    socklen_t alen)
{
	struct mctp_model *m = n->priv;
	const struct sockaddr_mctp *a = addr;
	const uint8_t *p = buf;

	m->sends++;
	if (!a || alen < (socklen_t)sizeof(*a) || a->smctp_family != AF_MCTP || len < 2 ||
	    a->smctp_type != p[0] || a->smctp_tag != MCTP_TAG_OWNER) {
		m->bad_addr++;
		errno = EINVAL;
		return -1;
	}
	m->last_to = *a;
	m->last_type = p[0];
	if (m->route_errno || a->smctp_addr.s_addr != m->eid ||
	    (a->smctp_network && a->smctp_network != m->net)) {
		errno = m->route_errno ? m->route_errno : ENETUNREACH;
		return -1;
	}
	if (!m->silent)
		answer(m, p, len);
	return (ssize_t)len;
}

static ssize_t model_recvfrom(struct sim_node *n, void *buf, size_t len, void *addr,
			      socklen_t *alen)
{
	struct mctp_model *m = n->priv;
	unsigned i = m->q_head;
	size_t k;

	if (!m->q_n) {
		errno = EAGAIN;
		return -1;
	}
	k = m->q_len[i] < len ? m->q_len[i] : len;
	memcpy(buf, m->q[i], k);
	if (addr && alen && *alen >= (socklen_t)sizeof(m->q_from[i])) {
		memcpy(addr, &m->q_from[i], sizeof(m->q_from[i]));
		*alen = sizeof(m->q_from[i]);
	}
	m->q_head = (m->q_head + 1) % 4;
	m->q_n--;
	return (ssize_t)k;
}

static bool model_readable(struct sim_node *n)
{
	return ((struct mctp_model *)n->priv)->q_n > 0;
}

static const struct sim_node_ops mctp_ops = {
    .sendto = model_sendto, .recvfrom = model_recvfrom, .readable = model_readable};

void mctp_model_init(struct mctp_model *m, struct sim *s, uint32_t net, uint8_t eid,
		     struct sim_rsp *rsp)
{
	m->rsp = rsp;
	m->net = net;
	m->eid = eid;
	m->next_tag = 5;
	sim_add(s, &m->node, "socket:AF_MCTP", &mctp_ops, m);
	s->socket_node[0] = &m->node;
	s->socket_domain[0] = AF_MCTP;
}
