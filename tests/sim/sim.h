/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A simulated kernel for the I/O back-ends: a syscall table (src/io/sys.h) whose files are
 * simulated devices, a virtual clock (sleeps advance it, so a 1 s timeout costs nothing), and
 * a device behind each model that is cspdm's own responder.
 *
 *  - doe_model.c: the PCIe DOE mailbox registers in a function's config space
 *  - storage_model.c: DSP0286 storage (NVMe admin passthrough, SCSI SG_IO)
 */
#ifndef CSPDM_TESTS_SIM_H
#define CSPDM_TESTS_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "cspdm/cspdm.h"
#include "cspdm/device.h"
#include "io/sys.h"

#define SIM_MAX_NODES 8
#define SIM_FD_BASE   100

struct sim_node;

/* What a node does with the calls that reach it; NULL: EINVAL. */
struct sim_node_ops {
	ssize_t (*pread)(struct sim_node *n, void *buf, size_t len, off_t off);
	ssize_t (*pwrite)(struct sim_node *n, const void *buf, size_t len, off_t off);
	int (*ioctl)(struct sim_node *n, unsigned long req, void *arg);
	/* datagram sockets (the AF_MCTP model) */
	ssize_t (*sendto)(struct sim_node *n, const void *buf, size_t len, const void *addr,
			  socklen_t alen);
	ssize_t (*recvfrom)(struct sim_node *n, void *buf, size_t len, void *addr, socklen_t *alen);
	bool (*readable)(struct sim_node *n);
};

struct sim_node {
	char path[128];
	const struct sim_node_ops *ops;
	void *priv;
	struct sim *sim;
	int open_errno; /* nonzero: open fails with it (EACCES for "not root") */
	bool is_open;
};

struct sim {
	struct cspdm_sys sys;
	uint64_t clock_us;
	struct sim_node *nodes[SIM_MAX_NODES];
	size_t n_nodes;
	unsigned opens, closes;
	/* socket(domain, ...) opens the node for that domain (none: EAFNOSUPPORT) */
	struct sim_node *socket_node[2];
	int socket_domain[2];
	/* directory listings for enumeration: path -> NUL-separated names */
	const char *dir_path[4];
	const char *dir_names[4];
};

void sim_init(struct sim *s);
void sim_add(struct sim *s, struct sim_node *n, const char *path, const struct sim_node_ops *ops,
	     void *priv);
/* Parse uri and open it through the simulated kernel. */
cspdm_status sim_device_open(struct sim *s, const char *uri, struct cspdm_device **d,
			     struct cspdm_dev_error *err);
/* Files still open (a back-end that leaks one fails its test). */
unsigned sim_open_files(const struct sim *s);

/* cspdm's responder as the device: generated ECDSA P-384 identity, SPDM up to max_version. */
struct sim_rsp;
struct sim_rsp *sim_rsp_new(uint8_t max_version);
/* The same with secure sessions (2), secured messages shaped as binding says. */
struct sim_rsp *sim_rsp_new_sessions(uint8_t max_version, const struct cspdm_secured_binding *b);
/* A secured message (DSP0277 record, opened in place): with sessions the responder answers it,
 * without, it comes back with its first byte inverted (for the transport tests). */
size_t sim_rsp_process_secured(struct sim_rsp *r, uint8_t *rec, size_t len, uint32_t max_pad,
			       uint8_t *out, size_t cap);
void sim_rsp_free(struct sim_rsp *r);
/* One request in, one response out (cspdm_responder_process). */
size_t sim_rsp_process(struct sim_rsp *r, const uint8_t *req, size_t len, uint32_t max_pad,
		       uint8_t *out, size_t cap);
void sim_rsp_reset(struct sim_rsp *r);
/* One responder for a whole cmocka group: sim_rsp_setup / sim_rsp_teardown as the group's
 * setup and teardown make sim_the_rsp (SPDM up to 1.4). */
extern struct sim_rsp *sim_the_rsp;
int sim_rsp_setup(void **state);
int sim_rsp_teardown(void **state);

/* A requester (cspdm's), at exactly one SPDM version, with its buffers. */
struct sim_req {
	struct cspdm_openssl *ossl;
	struct cspdm_context *ctx;
	void *mem;
	struct cspdm_config cfg;
	uint8_t cert[65536], rx[65536], meas[65536];
};
struct sim_req *sim_req_new(uint8_t version);
void sim_req_free(struct sim_req *q);
/* Authenticate (evidence ready: no trust store), then every measurement one by one, signed. */
cspdm_status sim_req_auth_measure(struct sim_req *q, const struct cspdm_io *io);
/* After authentication: a secure session over io (its io.secured binding), with a heartbeat,
 * both key updates, signed measurements inside, and END_SESSION. */
cspdm_status sim_req_session(struct sim_req *q, const struct cspdm_io *io);

#endif
