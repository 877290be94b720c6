/* SPDX-License-Identifier: BSD-3-Clause */
/* The simulated kernel: files are nodes, the clock is virtual. */
#include "sim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cspdm/responder.h"
#include "cspdm/session.h"
#include "crypto/crypto.h"
#include "crypto/identity.h"

static struct sim_node *node_of(struct sim *s, int fd)
{
	size_t i = (size_t)(fd - SIM_FD_BASE);

	if (fd < SIM_FD_BASE || i >= s->n_nodes || !s->nodes[i]->is_open) {
		errno = EBADF;
		return NULL;
	}
	return s->nodes[i];
}

static int sim_open(void *priv, const char *path, int flags)
{
	struct sim *s = priv;
	size_t i;

	(void)flags;
	for (i = 0; i < s->n_nodes; i++) {
		struct sim_node *n = s->nodes[i];

		if (strcmp(n->path, path) != 0)
			continue;
		if (n->open_errno) {
			errno = n->open_errno;
			return -1;
		}
		n->is_open = true;
		s->opens++;
		return SIM_FD_BASE + (int)i;
	}
	errno = ENOENT;
	return -1;
}

static int sim_close(void *priv, int fd)
{
	struct sim *s = priv;
	struct sim_node *n = node_of(s, fd);

	if (!n)
		return -1;
	n->is_open = false;
	s->closes++;
	return 0;
}

static ssize_t sim_pread(void *priv, int fd, void *buf, size_t len, off_t off)
{
	struct sim_node *n = node_of(priv, fd);

	if (!n)
		return -1;
	if (!n->ops->pread) {
		errno = EINVAL;
		return -1;
	}
	return n->ops->pread(n, buf, len, off);
}

static ssize_t sim_pwrite(void *priv, int fd, const void *buf, size_t len, off_t off)
{
	struct sim_node *n = node_of(priv, fd);

	if (!n)
		return -1;
	if (!n->ops->pwrite) {
		errno = EINVAL;
		return -1;
	}
	return n->ops->pwrite(n, buf, len, off);
}

static int sim_ioctl(void *priv, int fd, unsigned long req, void *arg)
{
	struct sim_node *n = node_of(priv, fd);

	if (!n)
		return -1;
	if (!n->ops->ioctl) {
		errno = ENOTTY;
		return -1;
	}
	return n->ops->ioctl(n, req, arg);
}

static uint64_t sim_now(void *priv)
{
	return ((struct sim *)priv)->clock_us;
}

static void sim_sleep(void *priv, uint64_t us)
{
	((struct sim *)priv)->clock_us += us;
}

static int sim_socket(void *priv, int domain, int type, int proto)
{
	struct sim *s = priv;
	size_t i, k;

	(void)type;
	(void)proto;
	for (k = 0; k < 2; k++) {
		if (!s->socket_node[k] || domain != s->socket_domain[k])
			continue;
		for (i = 0; i < s->n_nodes; i++) {
			if (s->nodes[i] != s->socket_node[k])
				continue;
			s->nodes[i]->is_open = true;
			s->opens++;
			return SIM_FD_BASE + (int)i;
		}
	}
	errno = EAFNOSUPPORT;
	return -1;
}

static ssize_t sim_sendto(void *priv, int fd, const void *buf, size_t n, int flags,
			  const struct sockaddr *a, socklen_t len)
{
	struct sim_node *node = node_of(priv, fd);

	(void)flags;
	if (!node)
		return -1;
	if (!node->ops->sendto) {
		errno = ENOTSOCK;
		return -1;
	}
	return node->ops->sendto(node, buf, n, a, len);
}

static ssize_t sim_recvfrom(void *priv, int fd, void *buf, size_t n, int flags, struct sockaddr *a,
			    socklen_t *len)
{
	struct sim_node *node = node_of(priv, fd);

	(void)flags;
	if (!node)
		return -1;
	if (!node->ops->recvfrom) {
		errno = ENOTSOCK;
		return -1;
	}
	return node->ops->recvfrom(node, buf, n, a, len);
}

/* Readable now, or after the whole timeout (the virtual clock moves on). */
static int sim_poll(void *priv, struct pollfd *p, nfds_t n, int timeout_ms)
{
	struct sim *s = priv;
	struct sim_node *node = n == 1 ? node_of(s, p->fd) : NULL;

	if (!node || !node->ops->readable)
		return -1;
	p->revents = node->ops->readable(node) ? POLLIN : 0;
	if (!p->revents && timeout_ms > 0)
		s->clock_us += (uint64_t)timeout_ms * 1000u;
	if (!p->revents && timeout_ms < 0)
		abort(); /* would wait forever: a test bug */
	return p->revents ? 1 : 0;
}

static int sim_list_dir(void *priv, const char *path, int (*each)(void *ctx, const char *name),
			void *ctx)
{
	struct sim *s = priv;
	const char *p;
	size_t i;

	for (i = 0; i < 4 && s->dir_path[i]; i++) {
		if (strcmp(s->dir_path[i], path) != 0)
			continue;
		for (p = s->dir_names[i]; *p; p += strlen(p) + 1)
			if (each(ctx, p))
				break;
		return 0;
	}
	errno = ENOENT;
	return -1;
}

void sim_init(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	s->clock_us = 1000000;
	s->sys.priv = s;
	s->sys.open = sim_open;
	s->sys.close = sim_close;
	s->sys.pread = sim_pread;
	s->sys.pwrite = sim_pwrite;
	s->sys.ioctl = sim_ioctl;
	s->sys.socket = sim_socket;
	s->sys.sendto = sim_sendto;
	s->sys.recvfrom = sim_recvfrom;
	s->sys.poll = sim_poll;
	s->sys.now_us = sim_now;
	s->sys.sleep_us = sim_sleep;
	s->sys.list_dir = sim_list_dir;
}

void sim_add(struct sim *s, struct sim_node *n, const char *path, const struct sim_node_ops *ops,
	     void *priv)
{
	if (s->n_nodes >= SIM_MAX_NODES)
		abort();
	strncpy(n->path, path, sizeof(n->path) - 1);
	n->ops = ops;
	n->priv = priv;
	n->sim = s;
	s->nodes[s->n_nodes++] = n;
}

cspdm_status sim_device_open(struct sim *s, const char *uri, struct cspdm_device **d,
			     struct cspdm_dev_error *err)
{
	struct cspdm_dev_opts o = {.sys = &s->sys};
	struct cspdm_dev_addr a;

	if (cspdm_dev_parse(uri, &a, NULL) != CSPDM_OK)
		abort(); /* a test's URI must parse */
	return cspdm_device_open(d, &a, &o, err);
}

unsigned sim_open_files(const struct sim *s)
{
	return s->opens - s->closes;
}

/* ---- the responder behind the models -------------------------------------------------------- */

struct sim_rsp {
	struct cspdm_openssl *ossl;
	struct cspdm_identity id;
	struct cspdm_responder *r;
	void *mem;
	void *session_mem;
};

static struct sim_rsp *rsp_new(uint8_t max_version, const struct cspdm_secured_binding *b)
{
	struct sim_rsp *r = calloc(1, sizeof(*r));
	struct cspdm_responder_config rc;

	if (!r || cspdm_openssl_new(&r->ossl, NULL) != CSPDM_OK ||
	    cspdm_identity_generate(CSPDM_ASYM_ECDSA_P384, NULL, 0, &r->id) != CSPDM_OK)
		abort();
	cspdm_responder_config_defaults(&rc);
	rc.crypto = cspdm_openssl_ops(r->ossl);
	rc.max_version = max_version;
	rc.base_asym = CSPDM_ASYM_ECDSA_P384;
	rc.slots[0].certs = r->id.chain;
	rc.slots[0].certs_len = r->id.chain_len;
	rc.slots[0].key = r->id.key;
	rc.meas = cspdm_responder_default_meas(&rc.meas_count);
	if (b) {
		r->session_mem = aligned_alloc(8, 2 * ((cspdm_session_size() + 7) & ~(size_t)7));
		if (!r->session_mem)
			abort();
		rc.caps |= CSPDM_RSP_CAPS_SESSIONS;
		rc.session_mem = r->session_mem;
		rc.session_count = 2;
		rc.heartbeat_period = 30;
		rc.binding = *b;
	}
	r->mem = aligned_alloc(8, (cspdm_responder_size() + 7) & ~(size_t)7);
	if (!r->mem || cspdm_responder_init(&r->r, r->mem, cspdm_responder_size(), &rc) != CSPDM_OK)
		abort();
	return r;
}

struct sim_rsp *sim_rsp_new(uint8_t max_version)
{
	return rsp_new(max_version, NULL);
}

struct sim_rsp *sim_rsp_new_sessions(uint8_t max_version, const struct cspdm_secured_binding *b)
{
	return rsp_new(max_version, b);
}

size_t sim_rsp_process_secured(struct sim_rsp *r, uint8_t *rec, size_t len, uint32_t max_pad,
			       uint8_t *out, size_t cap)
{
	if (r->session_mem)
		return cspdm_responder_process_secured(r->r, rec, len, max_pad, out, cap);
	if (len > cap || len == 0)
		return 0;
	memcpy(out, rec, len);
	out[0] ^= 0xFF;
	return len;
}

void sim_rsp_free(struct sim_rsp *r)
{
	if (!r)
		return;
	cspdm_responder_deinit(r->r);
	free(r->session_mem);
	free(r->mem);
	cspdm_identity_free(&r->id);
	cspdm_openssl_free(r->ossl);
	free(r);
}

size_t sim_rsp_process(struct sim_rsp *r, const uint8_t *req, size_t len, uint32_t max_pad,
		       uint8_t *out, size_t cap)
{
	return cspdm_responder_process(r->r, req, len, max_pad, out, cap);
}

void sim_rsp_reset(struct sim_rsp *r)
{
	cspdm_responder_reset(r->r);
}

struct sim_rsp *sim_the_rsp;

int sim_rsp_setup(void **state)
{
	(void)state;
	sim_the_rsp = sim_rsp_new(CSPDM_V14);
	return 0;
}

int sim_rsp_teardown(void **state)
{
	(void)state;
	sim_rsp_free(sim_the_rsp);
	sim_the_rsp = NULL;
	return 0;
}

/* ---- the requester in front of them --------------------------------------------------------- */

struct sim_req *sim_req_new(uint8_t version)
{
	struct sim_req *q = calloc(1, sizeof(*q));

	if (!q || cspdm_openssl_new(&q->ossl, NULL) != CSPDM_OK)
		abort();
	cspdm_config_defaults(&q->cfg);
	q->cfg.crypto = cspdm_openssl_ops(q->ossl);
	q->cfg.min_version = q->cfg.max_version = version;
	q->cfg.cert_buf = q->cert;
	q->cfg.cert_cap = sizeof(q->cert);
	q->cfg.rx_buf = q->rx;
	q->cfg.rx_cap = sizeof(q->rx);
	q->cfg.meas_buf = q->meas;
	q->cfg.meas_cap = sizeof(q->meas);
	q->mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	if (!q->mem || cspdm_init(&q->ctx, q->mem, cspdm_context_size(), &q->cfg) != CSPDM_OK)
		abort();
	return q;
}

void sim_req_free(struct sim_req *q)
{
	if (!q)
		return;
	cspdm_deinit(q->ctx);
	free(q->mem);
	cspdm_openssl_free(q->ossl);
	free(q);
}

cspdm_status sim_req_auth_measure(struct sim_req *q, const struct cspdm_io *io)
{
	struct cspdm_meas_query mq = {.operation = CSPDM_MEAS_ONE_BY_ONE, .sign = 1};
	struct cspdm_result res;
	struct cspdm_meas_result mr;
	cspdm_status st = cspdm_authenticate(q->ctx, io);

	if (st == CSPDM_OK &&
	    (cspdm_get_result(q->ctx, &res) != CSPDM_OK ||
	     res.outcome != CSPDM_AUTH_EVIDENCE_READY || res.version != q->cfg.max_version))
		return CSPDM_E_STATE;
	if (st == CSPDM_OK)
		st = cspdm_measure(q->ctx, io, &mq);
	if (st == CSPDM_OK && (cspdm_get_meas_result(q->ctx, &mr) != CSPDM_OK || mr.blocks == 0 ||
			       mr.signatures != mr.blocks))
		return CSPDM_E_STATE;
	return st;
}

cspdm_status sim_req_session(struct sim_req *q, const struct cspdm_io *io)
{
	struct cspdm_meas_query mq = {.operation = CSPDM_MEAS_ONE_BY_ONE, .sign = 1};
	struct cspdm_session_config sc;
	struct cspdm_session *s = NULL;
	static uint8_t tx[65536];
	void *mem = aligned_alloc(8, (cspdm_session_size() + 7) & ~(size_t)7);
	cspdm_status st;

	cspdm_session_config_defaults(&sc);
	sc.binding = io->secured;
	sc.tx_buf = tx;
	sc.tx_cap = sizeof(tx);
	st = mem ? cspdm_session_init(&s, mem, cspdm_session_size(), q->ctx, &sc) : CSPDM_E_IO;
	if (!st)
		st = cspdm_session_open(s, io);
	if (!st)
		st = cspdm_session_heartbeat(s, io);
	if (!st)
		st = cspdm_session_key_update(s, io, CSPDM_KEY_UPDATE_KEY);
	if (!st)
		st = cspdm_session_key_update(s, io, CSPDM_KEY_UPDATE_ALL_KEYS);
	if (!st)
		st = cspdm_session_measure(s, io, &mq);
	if (!st)
		st = cspdm_session_end(s, io, 0);
	cspdm_session_deinit(s);
	free(mem);
	return st;
}
