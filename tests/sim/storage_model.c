/* SPDX-License-Identifier: BSD-3-Clause */
/* The DSP0286 storage device model (storage_model.h). */
#include "storage_model.h"

#include <errno.h>
#include <linux/nvme_ioctl.h>
#include <scsi/sg.h>
#include <string.h>
#include <sys/ioctl.h>

#include "transport/storage.h"

#define NVME_SC_INVALID_FIELD 0x4002 /* DNR | Invalid Field in Command */
#define ST_BAD		      (-1)

/* ---- the device ----------------------------------------------------------------------------- */

static uint8_t ops_offered(const struct storage_model *m)
{
	uint8_t ops = 1u << CSPDM_STORAGE_OP_DISCOVERY | 1u << CSPDM_STORAGE_OP_MESSAGE;

	if (m->fault != STO_NO_PENDING_INFO)
		ops |= 1u << CSPDM_STORAGE_OP_PENDING_INFO;
	if (m->fault != STO_NO_SECURED)
		ops |= 1u << CSPDM_STORAGE_OP_SECURED;
	return ops;
}

/* IF_SEND of an operation: 0 or ST_BAD. */
static int dev_send(struct storage_model *m, uint8_t secp, uint16_t spsp, const uint8_t *d,
		    size_t n)
{
	uint8_t op = (uint8_t)((spsp & 0xFF) >> 2);

	m->sends++;
	m->has_pending = false;
	if (secp != CSPDM_STORAGE_SECP_DMTF_SPDM || (spsp & 0xFF03) ||
	    m->fault == STO_STATUS_ON_SEND)
		return ST_BAD;
	if (op == CSPDM_STORAGE_OP_MESSAGE && n > 0) {
		m->pending_len = sim_rsp_process(m->rsp, d, n, 0, m->pending, sizeof(m->pending));
	} else if (op == CSPDM_STORAGE_OP_SECURED && m->fault != STO_NO_SECURED && n > 4 &&
		   !(d[0] | d[1] | d[2] | d[3])) {
		static uint8_t rec[65536];

		memcpy(rec, d + 4, n - 4); /* after the 4 reserved bytes; opened in place */
		memset(m->pending, 0, 4);
		m->pending_len = 4 + sim_rsp_process_secured(m->rsp, rec, n - 4, 0, m->pending + 4,
							     sizeof(m->pending) - 4);
	} else {
		return ST_BAD;
	}
	m->has_pending = true;
	return 0;
}

static size_t mgmt(struct storage_model *m, uint8_t op, uint8_t *out, size_t cap)
{
	size_t n = 0;
	bool pending = m->has_pending && m->fault != STO_NEVER_PENDING;
	uint32_t len = m->fault == STO_HUGE_RESPONSE ? 100000u : (uint32_t)m->pending_len;

	if (op == CSPDM_STORAGE_OP_DISCOVERY)
		(void)cspdm_storage_discovery_encode(ops_offered(m), out, cap, &n);
	else if (op == CSPDM_STORAGE_OP_PENDING_INFO && m->fault != STO_NO_PENDING_INFO)
		(void)cspdm_storage_pending_info_encode(pending, len, out, cap, &n);
	return n;
}

/* IF_RECV: the bytes to transfer (at most alloc) into out, or ST_BAD. */
static int dev_recv(struct storage_model *m, uint8_t secp, uint16_t spsp, uint8_t *out,
		    size_t alloc)
{
	uint8_t op = (uint8_t)((spsp & 0xFF) >> 2), list[10] = {0, 0, 0, 0, 0, 0, 0, 2, 0x00, 0xE8};
	size_t n;

	m->recvs++;
	m->last_alloc = (uint32_t)alloc;
	if (secp == 0 && spsp == 0) {
		if (m->fault == STO_NO_E8)
			list[7] = 1;
		n = sizeof(list) < alloc ? sizeof(list) : alloc;
		memcpy(out, list, n);
		return (int)n;
	}
	if (secp != CSPDM_STORAGE_SECP_DMTF_SPDM || (spsp & 0xFF03))
		return ST_BAD;
	if (op == CSPDM_STORAGE_OP_MESSAGE || op == CSPDM_STORAGE_OP_SECURED) {
		if (!m->has_pending)
			return ST_BAD;
		n = m->pending_len < alloc ? m->pending_len : alloc;
		if (m->fault == STO_SHORT_TRANSFER && n > 1)
			n--;
		memcpy(out, m->pending, n);
		m->has_pending = false;
		return (int)n;
	}
	n = mgmt(m, op, out, alloc);
	return n ? (int)n : ST_BAD;
}

/* ---- NVMe: the admin passthrough ioctl ------------------------------------------------------ */

static int nvme_admin(struct storage_model *m, struct nvme_admin_cmd *c)
{
	uint8_t secp = (uint8_t)(c->cdw10 >> 24);
	uint16_t spsp = (uint16_t)(c->cdw10 >> 8);
	uint8_t *buf = (uint8_t *)(uintptr_t)c->addr;
	int r;

	m->last_nsid = c->nsid;
	if ((c->opcode != 0x81 && c->opcode != 0x82) || c->data_len != c->cdw11 || !buf ||
	    (c->cdw10 & 0xFF)) {
		m->bad_cmds++;
		return NVME_SC_INVALID_FIELD;
	}
	r = c->opcode == 0x81 ? dev_send(m, secp, spsp, buf, c->data_len)
			      : dev_recv(m, secp, spsp, buf, c->data_len);
	return r == ST_BAD ? NVME_SC_INVALID_FIELD : 0;
}

/* ---- SCSI: SG_IO ---------------------------------------------------------------------------- */

static void check_condition(sg_io_hdr_t *h)
{
	static const uint8_t sense[18] = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x24, 0x00};
	size_t n = h->mx_sb_len < sizeof(sense) ? h->mx_sb_len : sizeof(sense);

	h->status = 0x02;
	h->masked_status = 0x01;
	h->info = 1;
	memcpy(h->sbp, sense, n);
	h->sb_len_wr = (unsigned char)n;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int sg_io(struct storage_model *m, sg_io_hdr_t *h)
{
	const uint8_t *cdb = h->cmdp;
	uint16_t spsp = (uint16_t)(cdb[2] << 8 | cdb[3]);
	bool out = cdb[0] == 0xB5;
	int r;

	if (h->interface_id != 'S' || h->cmd_len != 12 || (cdb[0] != 0xA2 && !out) || cdb[4] ||
	    be32(cdb + 6) != h->dxfer_len ||
	    h->dxfer_direction != (out ? SG_DXFER_TO_DEV : SG_DXFER_FROM_DEV)) {
		m->bad_cmds++;
		check_condition(h);
		return 0;
	}
	if (m->fault == STO_TIMEOUT) {
		h->host_status = 0x03; /* DID_TIME_OUT */
		h->info = 1;
		return 0;
	}
	r = out ? dev_send(m, cdb[1], spsp, h->dxferp, h->dxfer_len)
		: dev_recv(m, cdb[1], spsp, h->dxferp, h->dxfer_len);
	if (r == ST_BAD)
		check_condition(h);
	else
		h->resid = out ? 0 : (int)(h->dxfer_len - (unsigned)r);
	return 0;
}

static int model_ioctl(struct sim_node *n, unsigned long req, void *arg)
{
	struct storage_model *m = n->priv;
	size_t len = strlen(n->path);

	if (m->fault == STO_NOT_STORAGE || m->fault == STO_KERNEL_EIO) {
		errno = m->fault == STO_KERNEL_EIO ? EIO : ENOTTY;
		return -1;
	}
	if (!m->scsi && req == NVME_IOCTL_ID) {
		if (len > 2 && n->path[len - 2] == 'n')
			return n->path[len - 1] - '0';
		errno = ENOTTY;
		return -1;
	}
	if (!m->scsi && req == NVME_IOCTL_ADMIN_CMD) {
		if (m->fault == STO_TIMEOUT) {
			errno = EINTR;
			return -1;
		}
		return nvme_admin(m, arg);
	}
	if (m->scsi && req == SG_IO)
		return sg_io(m, arg);
	errno = ENOTTY;
	return -1;
}

static const struct sim_node_ops storage_ops = {.ioctl = model_ioctl};

void storage_model_init(struct storage_model *m, struct sim *s, const char *path, bool scsi,
			struct sim_rsp *rsp)
{
	m->scsi = scsi;
	m->rsp = rsp;
	sim_add(s, &m->node, path, &storage_ops, m);
}
