/* SPDX-License-Identifier: BSD-3-Clause */
/* The DOE mailbox register model (doe_model.h). */
#include "doe_model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cspdm/transport.h"

#define R_CAP	 0x04
#define R_CTRL	 0x08
#define R_STATUS 0x0C
#define R_WRITE	 0x10
#define R_READ	 0x14

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void ext_cap(struct doe_model *m, uint16_t off, uint16_t id, uint16_t next)
{
	put32(m->cfg + off, (uint32_t)id | 1u << 16 | (uint32_t)next << 20);
}

static void add_type(struct doe_mailbox *mb, uint16_t vendor, uint8_t type)
{
	uint8_t *t = mb->types[mb->n_types++];

	t[0] = (uint8_t)vendor;
	t[1] = (uint8_t)(vendor >> 8);
	t[2] = type;
}

/* AER at 0x100, DOE (CDAT) at 0x148, ACS at 0x180, DOE (SPDM) at 0x1A0. */
static void build(struct doe_model *m)
{
	memset(m->cfg, 0, sizeof(m->cfg));
	put32(m->cfg, 0x00101b36); /* vendor 1b36, device 0010 */
	if (m->no_doe) {
		ext_cap(m, 0x100, 0x0001, 0x180);
		ext_cap(m, 0x180, 0x000D, 0);
		return;
	}
	ext_cap(m, 0x100, 0x0001, DOE_MODEL_CAP_CDAT);
	ext_cap(m, DOE_MODEL_CAP_CDAT, 0x002E, 0x180);
	ext_cap(m, 0x180, 0x000D, DOE_MODEL_CAP_SPDM);
	ext_cap(m, DOE_MODEL_CAP_SPDM, 0x002E, 0);
	m->mb[0].cap = DOE_MODEL_CAP_CDAT;
	add_type(&m->mb[0], 0x0001, 0);
	add_type(&m->mb[0], 0x1E98, 2); /* CXL: table access (CDAT) */
	m->mb[1].cap = DOE_MODEL_CAP_SPDM;
	add_type(&m->mb[1], 0x0001, 0);
	if (!m->no_spdm)
		add_type(&m->mb[1], 0x0001, CSPDM_DOE_TYPE_SPDM);
	if (!m->no_spdm && !m->no_secured)
		add_type(&m->mb[1], 0x0001, CSPDM_DOE_TYPE_SECURED_SPDM);
}

static bool faulty(struct doe_model *m, enum doe_fault f)
{
	return m->fault == f && (m->fault_times == 0 || m->exchanges <= m->fault_times);
}

/* ---- answering a data object ---------------------------------------------------------------- */

static void respond(struct doe_mailbox *mb, uint8_t type, const uint8_t *p, size_t n)
{
	size_t len = 0;

	if (cspdm_doe_encode(type, p, n, mb->r, sizeof(mb->r) - 8, &len) != CSPDM_OK) {
		mb->error = true;
		return;
	}
	mb->r_dwords = mb->r_announced = len / 4;
	mb->r_pos = 0;
}

static void discovery(struct doe_mailbox *mb, const uint8_t *p, size_t n)
{
	uint8_t out[4], index = n >= 1 ? p[0] : 0xFF;

	if (n != 4 || index >= mb->n_types) {
		mb->error = true;
		return;
	}
	memcpy(out, mb->types[index], 3);
	out[3] = index + 1u < mb->n_types ? (uint8_t)(index + 1) : 0;
	respond(mb, CSPDM_DOE_TYPE_DISCOVERY, out, sizeof(out));
}

static void spdm(struct doe_model *m, struct doe_mailbox *mb, uint8_t type, const uint8_t *p,
		 size_t n)
{
	static uint8_t out[DOE_MODEL_MB_DW * 4];
	size_t k;

	if (type == CSPDM_DOE_TYPE_SECURED_SPDM) {
		static uint8_t rec[DOE_MODEL_MB_DW * 4];

		memcpy(rec, p, n); /* the record is opened in place */
		k = sim_rsp_process_secured(m->rsp, rec, n, 3, out, sizeof(out));
	} else {
		k = sim_rsp_process(m->rsp, p, n, 3, out, sizeof(out));
	}
	respond(mb, type, out, k);
}

static bool offers(const struct doe_mailbox *mb, uint16_t vendor, uint8_t type)
{
	unsigned i;

	for (i = 0; i < mb->n_types; i++)
		if (mb->types[i][0] == (uint8_t)vendor && mb->types[i][1] == vendor >> 8 &&
		    mb->types[i][2] == type)
			return true;
	return false;
}

static void apply_faults(struct doe_model *m, struct doe_mailbox *mb)
{
	if (faulty(m, DOE_EXTRA_DWORDS))
		mb->r_dwords += 2; /* zero dwords the header does not count */
	if (faulty(m, DOE_SHORT_RESPONSE))
		mb->r_dwords -= 1;
	if (faulty(m, DOE_HUGE_LENGTH))
		put32(mb->r + 4, 0); /* 0 means 2^18 dwords */
	if (faulty(m, DOE_BUSY_BRIEF))
		mb->busy_reads = 3;
}

static void go(struct doe_model *m, struct doe_mailbox *mb)
{
	const uint8_t *p;
	size_t n;
	uint8_t type;

	m->gos++;
	m->exchanges++;
	if (cspdm_transport_decode(CSPDM_TRANSPORT_PCI_DOE, mb->w, mb->w_len, &p, &n, &type) ||
	    !offers(mb, (uint16_t)get32(mb->w), type) || faulty(m, DOE_ERROR_ON_GO))
		mb->error = true;
	else if (type == CSPDM_DOE_TYPE_DISCOVERY)
		discovery(mb, p, n);
	else
		spdm(m, mb, type, p, n);
	mb->w_len = 0;
	if (mb->error)
		return;
	mb->ready_at = faulty(m, DOE_NEVER_READY) ? UINT64_MAX : m->sim->clock_us + m->latency_us;
	apply_faults(m, mb);
}

/* ---- registers ------------------------------------------------------------------------------ */

static bool ready(const struct doe_model *m, const struct doe_mailbox *mb)
{
	return mb->r_pos < mb->r_dwords && m->sim->clock_us >= mb->ready_at;
}

static uint32_t status(struct doe_model *m, struct doe_mailbox *mb)
{
	uint32_t st = 0;

	if (mb->busy_forever || (mb->r_pos < mb->r_dwords && !ready(m, mb)))
		st |= 1u; /* Busy: working on the request */
	if (mb->busy_reads) {
		mb->busy_reads--;
		st |= 1u;
	}
	if (mb->error)
		st |= 1u << 2;
	if (ready(m, mb) && !(st & 1u))
		st |= 1u << 31;
	return st;
}

static uint32_t reg_read(struct doe_model *m, struct doe_mailbox *mb, uint32_t reg)
{
	switch (reg) {
	case R_STATUS:
		return status(m, mb);
	case R_READ:
		return ready(m, mb) ? get32(mb->r + 4 * mb->r_pos) : 0;
	}
	return reg == 0 ? get32(m->cfg + mb->cap) : 0;
}

static void reg_write(struct doe_model *m, struct doe_mailbox *mb, uint32_t reg, uint32_t v)
{
	if (reg == R_WRITE) {
		if (mb->w_len + 4 > sizeof(mb->w)) {
			mb->error = true;
		} else {
			put32(mb->w + mb->w_len, v);
			mb->w_len += 4;
		}
	} else if (reg == R_READ && ready(m, mb)) {
		mb->r_pos++;
	} else if (reg == R_CTRL && (v & 1u)) {
		m->aborts++;
		mb->error = false;
		mb->w_len = mb->r_dwords = mb->r_pos = 0;
		mb->busy_reads = 0;
	} else if (reg == R_CTRL && (v & (1u << 31)) && !mb->busy_forever) {
		go(m, mb);
	}
}

static struct doe_mailbox *mailbox_at(struct doe_model *m, uint32_t off, uint32_t *reg)
{
	unsigned i;

	for (i = 0; i < 2; i++) {
		if (m->mb[i].cap && off >= m->mb[i].cap && off < m->mb[i].cap + 0x18u) {
			*reg = off - m->mb[i].cap;
			return &m->mb[i];
		}
	}
	return NULL;
}

static bool aligned(struct doe_model *m, size_t len, off_t off)
{
	if (len == 4 && off >= 0 && (off & 3) == 0)
		return true;
	m->bad_access++;
	errno = EINVAL;
	return false;
}

/* An aligned dword of config space: 1 and the mailbox register (*mb NULL: plain config), 0
 * past the end, -1 refused. */
static int locate(struct doe_model *m, size_t len, off_t off, struct doe_mailbox **mb,
		  uint32_t *reg)
{
	if (!aligned(m, len, off))
		return -1;
	if ((size_t)off >= m->cfg_size)
		return 0;
	*mb = mailbox_at(m, (uint32_t)off, reg);
	if (*mb && *reg == 0)
		*mb = NULL; /* the capability header itself */
	return 1;
}

/* One access: a read into rbuf, or a write of wbuf. */
static ssize_t cfg_access(struct sim_node *n, void *rbuf, const void *wbuf, size_t len, off_t off)
{
	struct doe_model *m = n->priv;
	struct doe_mailbox *mb = NULL;
	uint32_t reg = 0;
	int r = locate(m, len, off, &mb, &reg);

	if (r <= 0)
		return r;
	if (mb && wbuf)
		reg_write(m, mb, reg, get32(wbuf));
	else if (mb)
		put32(rbuf, reg_read(m, mb, reg));
	else if (!wbuf)
		memcpy(rbuf, m->cfg + off, 4);
	return 4;
}

static ssize_t cfg_pread(struct sim_node *n, void *buf, size_t len, off_t off)
{
	return cfg_access(n, buf, NULL, len, off);
}

static ssize_t cfg_pwrite(struct sim_node *n, const void *buf, size_t len, off_t off)
{
	return cfg_access(n, NULL, buf, len, off);
}

static const struct sim_node_ops cfg_ops = {.pread = cfg_pread, .pwrite = cfg_pwrite};

void doe_model_init(struct doe_model *m, struct sim *s, const char *bdf, struct sim_rsp *rsp)
{
	char path[128];

	m->sim = s;
	m->rsp = rsp;
	if (!m->cfg_size)
		m->cfg_size = sizeof(m->cfg);
	build(m);
	if (m->fault == DOE_BUSY_FOREVER)
		m->mb[1].busy_forever = true;
	if (m->fault == DOE_STALE_READY)
		respond(&m->mb[1], CSPDM_DOE_TYPE_SPDM, (const uint8_t *)"\x12\x04\x00\x00", 4);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/config", bdf);
	sim_add(s, &m->node, path, &cfg_ops, m);
}
