/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The responder's PCI-SIG device model (cfg.app_mem): VENDOR_DEFINED_REQUEST inside a session,
 * dispatched by StandardID / VendorID / protocol ID (src/codec/app/app.h) to
 *  - IDE_KM (PCIe Base 6.0 §6.33.3): QUERY -> QUERY_RESP with the port's IDE register blocks,
 *    KEY_PROG -> KP_ACK (its Status), K_SET_GO / K_SET_STOP -> K_GOSTOP_ACK; a key per port,
 *    stream, key set, direction and substream;
 *  - CXL IDE_KM (CXL 3.1 §11.4.7): the same objects for one CXL.cachemem stream, a key and IV
 *    per direction (no key or IV generation: GET_KEY is unsupported);
 *  - TDISP (PCIe Base 6.1 §11.3): each TDI's state CONFIG_UNLOCKED -> CONFIG_LOCKED -> RUN, and
 *    ERROR when the session that locked it ends; a request in the wrong state gets TDISP_ERROR
 *    INVALID_INTERFACE_STATE;
 *  - CXL TSP (CXL 3.1 §11.5.4), in responder_tsp.c, with its state kept here.
 * Requests are read by the codec (app_dec) and answered with its encoder (app_enc). Keys are
 * never logged; a slot's key is zeroed when replaced, stopped, and at reset.
 */
#include "responder_ctx.h"
#include "responder_tsp.h"
#include "session_ctx.h"
#include "codec/app/app.h"

#include <string.h>

#define APP_MAGIC	   0x6373706d61707031ull
#define KP_OK		   0x00 /* KP_ACK Status (PCIe Base 6.0 Table "KP_ACK") */
#define KP_BAD_PORT	   0x02
#define KP_BAD_VALUE	   0x03
#define SUBS_PER_STREAM	   12 /* 2 key sets x 2 directions x PR/NPR/CPL */
#define REPORT_PORTION_MAX 0x400
#define DSM_LOCK_FLAGS	   0x0005 /* NO_FW_UPDATE, LOCK_MSIX */

struct rsp_ide_key {
	uint8_t programmed, go;
	uint8_t key[IDE_KM_KEY_SIZE];
	uint8_t ifv[IDE_KM_IFV_SIZE];
};

/* CXL IDE_KM: one CXL.cachemem stream, a key and IV per direction. */
struct rsp_cxl_key {
	uint8_t programmed, go;
	uint8_t key[IDE_KM_KEY_SIZE];
	uint8_t iv[IDE_KM_CXL_IV_SIZE];
};

struct rsp_tdi {
	uint8_t state; /* enum tdisp_state */
	uint16_t lock_flags;
	uint32_t session_id; /* the session that locked it */
	uint64_t mmio_offset;
	uint8_t nonce[TDISP_NONCE_SIZE];
};

struct rsp_app {
	uint64_t magic;
	struct rsp_tdi tdi[CSPDM_RSP_TDIS];
	struct rsp_cxl_key cxl[2]; /* RX, TX */
	struct rsp_tsp tsp;
	struct rsp_ide_key key[]; /* [port][stream][SUBS_PER_STREAM] */
};

size_t cspdm_responder_app_size(uint8_t max_port, uint8_t streams)
{
	return sizeof(struct rsp_app) +
	       ((size_t)max_port + 1) * streams * SUBS_PER_STREAM * sizeof(struct rsp_ide_key);
}

int rsp_app_valid(const struct cspdm_responder_config *c)
{
	if (!c->app_mem)
		return 1;
	return !((uintptr_t)c->app_mem & 7) && c->ide_streams <= CSPDM_RSP_IDE_STREAMS &&
	       c->tdi_count <= CSPDM_RSP_TDIS && (c->ide_streams || c->tdi_count || c->cxl_tsp) &&
	       c->tsp_secondary <= TSP_2ND_SESSIONS && (c->cxl_tsp || !c->tsp_secondary) &&
	       c->app_mem_len >= cspdm_responder_app_size(c->ide_max_port, c->ide_streams);
}

static struct rsp_app *app_of(const struct cspdm_responder *r)
{
	return r->cfg.app_mem;
}

struct rsp_tsp *rsp_app_tsp(const struct cspdm_responder *r)
{
	return r->cfg.app_mem && r->cfg.cxl_tsp ? &app_of(r)->tsp : NULL;
}

void rsp_app_reset(struct cspdm_responder *r)
{
	struct rsp_app *a = app_of(r);

	if (!a)
		return;
	cspdm_memzero(a, cspdm_responder_app_size(r->cfg.ide_max_port, r->cfg.ide_streams));
	a->magic = APP_MAGIC;
}

/* The session ends: a TDI it locked (CONFIG_LOCKED or RUN) goes to ERROR. */
void rsp_app_session_gone(struct cspdm_responder *r, uint32_t session_id)
{
	struct rsp_app *a = app_of(r);
	unsigned i;

	if (a)
		rsp_tsp_session_gone(&a->tsp, session_id);
	for (i = 0; a && i < r->cfg.tdi_count; i++)
		if (a->tdi[i].session_id == session_id &&
		    (a->tdi[i].state == TDISP_CONFIG_LOCKED || a->tdi[i].state == TDISP_RUN))
			a->tdi[i].state = TDISP_STATE_ERROR;
}

static size_t answer(struct cspdm_responder *r, const struct app_msg *m, uint8_t *out, size_t cap)
{
	size_t n = 0;

	if (app_enc(r->neg.version, m, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n;
}

/* What the device does not serve: UnsupportedRequest naming VENDOR_DEFINED_REQUEST. */
static size_t unsupported(struct cspdm_responder *r, uint8_t *out, size_t cap)
{
	r->err.code = CSPDM_E_UNSUPPORTED;
	return rsp_error(r, SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_VENDOR_DEFINED_REQUEST, out, cap);
}

/* Answer m, whose view points into the caller's stack: it is cleared after. */
static size_t answer_view(struct cspdm_responder *r, struct app_msg *m, const uint8_t **view,
			  uint8_t *out, size_t cap)
{
	size_t n = answer(r, m, out, cap);

	*view = NULL;
	return n;
}

/* ---- IDE_KM ---------------------------------------------------------------------------------- */

/* The key slot of a KeySubStream (NULL: no such port or stream). */
static struct rsp_ide_key *slot_of(struct cspdm_responder *r, const struct ide_km_msg *q)
{
	size_t sub = (size_t)((q->sub_stream & IDE_KM_SUB_MASK) >> 4) * 4 +
		     (q->sub_stream & (IDE_KM_KEY_SET_K1 | IDE_KM_DIR_TX));

	if (q->port_index > r->cfg.ide_max_port || q->stream_id >= r->cfg.ide_streams)
		return NULL;
	return &app_of(r)->key[((size_t)q->port_index * r->cfg.ide_streams + q->stream_id) *
				   SUBS_PER_STREAM +
			       sub];
}

/* PCIe Base 6.0 §7.9.26 "IDE Extended Capability": the IDE Capability register (Selective IDE
 * Streams supported, their count - 1 in bits 23:16), IDE Control, then per stream its
 * Capability (one Address Association block), Control (enable, Stream ID in bits 31:24),
 * Status (state in bits 3:0: 2 secure), RID Association 1 and 2, and the address block. */
static size_t ide_regs(struct cspdm_responder *r, uint8_t port, uint8_t *buf, size_t cap)
{
	size_t dw = 0, s, k, need = 2 + (size_t)r->cfg.ide_streams * 8;
	uint32_t v[2 + CSPDM_RSP_IDE_STREAMS * 8];
	struct ide_km_msg q;
	unsigned live;

	if (need * 4 > cap)
		return 0;
	memset(v, 0, sizeof(v));
	v[dw++] = 0x2u | ((uint32_t)(r->cfg.ide_streams - 1) << 16);
	dw++;
	memset(&q, 0, sizeof(q));
	q.port_index = port;
	for (s = 0; s < r->cfg.ide_streams; s++, dw += 8) {
		q.stream_id = (uint8_t)s;
		for (k = live = 0; k < SUBS_PER_STREAM; k++)
			live += slot_of(r, &q)[k].go;
		v[dw] = 1;
		v[dw + 1] = ((uint32_t)s << 24) | (live ? 1u : 0u);
		v[dw + 2] = live ? 2u : 0u;
	}
	for (k = 0; k < need * 4; k++)
		buf[k] = (uint8_t)(v[k / 4] >> (8 * (k % 4)));
	return need * 4;
}

static size_t ide_query(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	uint8_t regs[4 * (2 + CSPDM_RSP_IDE_STREAMS * 8)];
	struct ide_km_msg *q = &m->u.ide;

	if (q->port_index > r->cfg.ide_max_port) {
		r->err.code = CSPDM_E_FIELD;
		r->err.field = "PortIndex (beyond MaxPortIndex)";
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	}
	q->object_id = IDE_KM_QUERY_RESP;
	q->max_port_index = r->cfg.ide_max_port;
	q->dev_func = 0;
	q->bus = 0;
	q->segment = 0;
	q->tail = regs;
	q->tail_len = ide_regs(r, q->port_index, regs, sizeof(regs));
	return answer_view(r, m, &q->tail, out, cap);
}

/* KEY_PROG: the key replaces (and zeroes) the slot's; KP_ACK Status names a port or stream
 * the device lacks. */
static size_t ide_key_prog(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	struct ide_km_msg *q = &m->u.ide;
	struct rsp_ide_key *k = slot_of(r, q);

	q->status = q->port_index > r->cfg.ide_max_port ? KP_BAD_PORT : !k ? KP_BAD_VALUE : KP_OK;
	if (k) {
		cspdm_memzero(k, sizeof(*k));
		memcpy(k->key, q->key, IDE_KM_KEY_SIZE);
		memcpy(k->ifv, q->ifv, IDE_KM_IFV_SIZE);
		k->programmed = 1;
	}
	if (q->status) {
		r->err.code = CSPDM_E_FIELD;
		r->err.field = q->status == KP_BAD_PORT ? "PortIndex" : "Stream ID";
	}
	q->object_id = IDE_KM_KP_ACK;
	q->key = q->ifv = NULL;
	return answer(r, m, out, cap);
}

/* K_SET_GO needs a programmed key set (K_GOSTOP_ACK has no Status: a refusal is an ERROR);
 * the other key set of the substream stops being used. K_SET_STOP zeroes the key. */
static size_t ide_go_stop(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	struct ide_km_msg *q = &m->u.ide;
	struct rsp_ide_key *k = slot_of(r, q);
	int go = q->object_id == IDE_KM_K_SET_GO;

	r->err.code = CSPDM_E_FIELD;
	r->err.field = !k ? "PortIndex or Stream ID (not of this device)"
			  : "KeySubStream (key set never programmed)";
	if (!k || (go && !k->programmed))
		return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
	r->err.code = CSPDM_OK;
	r->err.field = NULL;
	if (go) {
		k[(q->sub_stream & IDE_KM_KEY_SET_K1) ? -1 : 1].go = 0;
		k->go = 1;
	} else {
		cspdm_memzero(k, sizeof(*k));
	}
	q->object_id = IDE_KM_K_GOSTOP_ACK;
	return answer(r, m, out, cap);
}

/* ---- CXL IDE_KM (CXL 3.1 §11.4.7) ------------------------------------------------------------ */

#define CXL_CAPS (IDE_KM_CXL_CAP_K_SET_STOP | 0x01) /* version 1; no key or IV generation */

static size_t cxl_refuse(struct cspdm_responder *r, const char *why, uint8_t *out, size_t cap)
{
	r->err.code = CSPDM_E_FIELD;
	r->err.field = why;
	return rsp_error(r, SPDM_ERR_INVALID_REQUEST, 0, out, cap);
}

/* QUERY_RESP with the CXL IDE Capability Structure (CXL 3.1 §8.2.4.22: Capability, Control,
 * Status; "CXL IDE capable" set); the keys of the single stream by direction. */
static size_t cxl_ide_km(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	static const uint8_t regs[12] = {0x01};
	struct ide_km_msg *q = &m->u.ide;
	struct rsp_cxl_key *k = &app_of(r)->cxl[(q->sub_stream & IDE_KM_DIR_TX) ? 1 : 0];

	if (q->port_index > r->cfg.ide_max_port || (q->object_id != IDE_KM_QUERY && q->stream_id))
		return cxl_refuse(r, "PortIndex or Stream ID (not of this device)", out, cap);
	if (q->object_id == IDE_KM_QUERY) {
		q->object_id = IDE_KM_QUERY_RESP;
		q->max_port_index = r->cfg.ide_max_port;
		q->caps = CXL_CAPS;
		q->tail = regs;
		q->tail_len = sizeof(regs);
	} else if (q->object_id == IDE_KM_KEY_PROG) {
		cspdm_memzero(k, sizeof(*k));
		memcpy(k->key, q->key, IDE_KM_KEY_SIZE);
		memcpy(k->iv, q->ifv, IDE_KM_CXL_IV_SIZE);
		k->programmed = 1;
		q->object_id = IDE_KM_KP_ACK;
		q->status = KP_OK;
		q->key = q->ifv = NULL;
	} else if (q->object_id == IDE_KM_K_SET_GO) {
		if (!k->programmed)
			return cxl_refuse(r, "KeySubStream (key never programmed)", out, cap);
		k->go = 1;
		q->object_id = IDE_KM_K_GOSTOP_ACK;
	} else if (q->object_id == IDE_KM_K_SET_STOP) {
		cspdm_memzero(k, sizeof(*k));
		q->object_id = IDE_KM_K_GOSTOP_ACK;
	} else { /* GET_KEY: no KEY_GEN_CAP */
		return unsupported(r, out, cap);
	}
	return answer(r, m, out, cap);
}

static size_t ide_km(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	if (r->cfg.ide_streams && m->proto == APP_CXL_IDE_KM)
		return cxl_ide_km(r, m, out, cap);
	if (!r->cfg.ide_streams)
		return unsupported(r, out, cap);
	switch (m->u.ide.object_id) {
	case IDE_KM_QUERY:
		return ide_query(r, m, out, cap);
	case IDE_KM_KEY_PROG:
		return ide_key_prog(r, m, out, cap);
	default: /* K_SET_GO, K_SET_STOP: the codec lets no other request through */
		return ide_go_stop(r, m, out, cap);
	}
}

/* ---- TDISP ----------------------------------------------------------------------------------- */

/* PCIe Base 6.1 §11.2 "TDISP Rules", the states each request is allowed in (bit per state:
 * 1 CONFIG_UNLOCKED, 2 CONFIG_LOCKED, 4 RUN, 8 ERROR); others get INVALID_INTERFACE_STATE. */
static uint8_t allowed_states(uint8_t type)
{
	switch (type) {
	case TDISP_LOCK_INTERFACE_REQ:
		return 0x1;
	case TDISP_GET_DEVICE_INTERFACE_REPORT:
		return 0x6;
	case TDISP_START_INTERFACE_REQ:
		return 0x2;
	case TDISP_STOP_INTERFACE_REQ:
		return 0xE;
	default: /* GET_VERSION, GET_CAPABILITIES, GET_DEVICE_INTERFACE_STATE */
		return 0xF;
	}
}

static size_t td_error(struct cspdm_responder *r, struct app_msg *m, uint32_t code, uint8_t *out,
		       size_t cap)
{
	struct tdisp_msg *t = &m->u.td;
	uint32_t fid = t->function_id;

	memset(t, 0, sizeof(*t));
	t->version = TDISP_VERSION_10;
	t->type = TDISP_ERROR;
	t->function_id = fid;
	t->error_code = code;
	r->err.code = CSPDM_E_DEVICE_ERROR;
	r->err.device_code = (uint8_t)code;
	return answer(r, m, out, cap);
}

/* The interface report (PCIe Base 6.1 Table "TDI Report Structure"): an MSI-X table page, two
 * TEE ranges and a non-TEE one, each offset by the lock's MMIO_REPORTING_OFFSET. */
static cspdm_status td_report(const struct rsp_tdi *d, uint8_t *buf, size_t cap, size_t *len)
{
	static const uint8_t info[] = "cspdm-tdi";
	static const struct tdisp_mmio_range ranges[] = {{0x0000, 1, 0x0001, 0},
							 {0x0010, 4, 0x0008, 1},
							 {0x0100, 16, 0, 2},
							 {0x0200, 1, 0x0004, 3}};
	struct tdisp_report rep;
	size_t i;

	memset(&rep, 0, sizeof(rep));
	rep.interface_info = 0x0002; /* no updates after CONFIG_LOCKED */
	rep.range_count = sizeof(ranges) / sizeof(ranges[0]);
	for (i = 0; i < rep.range_count; i++) {
		rep.range[i] = ranges[i];
		rep.range[i].first_page += d->mmio_offset >> TDISP_PAGE_SHIFT;
	}
	rep.dev_info = info;
	rep.dev_info_len = sizeof(info);
	return tdisp_enc_report(&rep, buf, cap, len);
}

static size_t td_get_report(struct cspdm_responder *r, struct rsp_tdi *d, struct app_msg *m,
			    uint8_t *out, size_t cap)
{
	uint8_t rep[256];
	size_t len = 0, portion;
	struct tdisp_msg *t = &m->u.td;

	if (td_report(d, rep, sizeof(rep), &len))
		return td_error(r, m, TDISP_ERR_UNSPECIFIED, out, cap);
	if (t->offset >= len || !t->length)
		return td_error(r, m, TDISP_ERR_INVALID_REQUEST, out, cap);
	portion = len - t->offset;
	portion = portion > t->length ? t->length : portion;
	portion = portion > REPORT_PORTION_MAX ? REPORT_PORTION_MAX : portion;
	t->type = TDISP_DEVICE_INTERFACE_REPORT;
	t->portion_len = (uint16_t)portion;
	t->remainder_len = (uint16_t)(len - t->offset - portion);
	t->tail = rep + t->offset;
	t->tail_len = portion;
	return answer_view(r, m, &t->tail, out, cap);
}

static size_t td_lock(struct cspdm_responder *r, struct rsp_tdi *d, struct app_msg *m, uint8_t *out,
		      size_t cap)
{
	struct tdisp_msg *t = &m->u.td;

	if (t->lock_flags & ~DSM_LOCK_FLAGS)
		return td_error(r, m, TDISP_ERR_INVALID_REQUEST, out, cap);
	if (r->cfg.crypto->random(r->cfg.crypto->priv, d->nonce, sizeof(d->nonce)))
		return td_error(r, m, TDISP_ERR_INSUFFICIENT_ENTROPY, out, cap);
	d->state = TDISP_CONFIG_LOCKED;
	d->lock_flags = t->lock_flags;
	d->mmio_offset = t->mmio_reporting_offset;
	d->session_id = r->cur ? r->cur->session_id : 0;
	t->type = TDISP_LOCK_INTERFACE_RSP;
	t->nonce = d->nonce;
	return answer(r, m, out, cap);
}

static size_t td_start(struct cspdm_responder *r, struct rsp_tdi *d, struct app_msg *m,
		       uint8_t *out, size_t cap)
{
	if (!cspdm_ct_equal(m->u.td.nonce, d->nonce, TDISP_NONCE_SIZE))
		return td_error(r, m, TDISP_ERR_INVALID_NONCE, out, cap);
	d->state = TDISP_RUN;
	m->u.td.type = TDISP_START_INTERFACE_RSP;
	m->u.td.nonce = NULL;
	return answer(r, m, out, cap);
}

static size_t td_simple(struct cspdm_responder *r, struct rsp_tdi *d, struct app_msg *m,
			uint8_t *out, size_t cap)
{
	static const uint8_t versions[] = {TDISP_VERSION_10};
	static const uint8_t supported[TDISP_REQ_MSG_SUPPORTED_SIZE] = {0xFE};
	struct tdisp_msg *t = &m->u.td;

	t->type = (uint8_t)(t->type & 0x7F);
	if (t->type == TDISP_VERSION) {
		t->ver_count = 1;
		t->tail = versions;
		t->tail_len = sizeof(versions);
	} else if (t->type == TDISP_CAPABILITIES) {
		t->dsm_caps = 0;
		t->req_msg_supported = supported;
		t->lock_flags_supported = DSM_LOCK_FLAGS;
		t->dev_addr_width = 52;
	} else if (t->type == TDISP_DEVICE_INTERFACE_STATE) {
		t->state = d->state;
	} else { /* STOP_INTERFACE_RESPONSE */
		d->state = TDISP_CONFIG_UNLOCKED;
		cspdm_memzero(d->nonce, sizeof(d->nonce));
	}
	return answer(r, m, out, cap);
}

static size_t tdisp(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	struct rsp_tdi *d = NULL;
	uint8_t type = m->u.td.type;
	unsigned i;

	for (i = 0; i < r->cfg.tdi_count; i++)
		if (r->cfg.tdi_ids[i] == m->u.td.function_id)
			d = &app_of(r)->tdi[i];
	if (!d)
		return td_error(r, m, TDISP_ERR_INVALID_INTERFACE, out, cap);
	if (!((allowed_states(type) >> d->state) & 1))
		return td_error(r, m, TDISP_ERR_INVALID_INTERFACE_STATE, out, cap);
	if (type == TDISP_LOCK_INTERFACE_REQ)
		return td_lock(r, d, m, out, cap);
	if (type == TDISP_GET_DEVICE_INTERFACE_REPORT)
		return td_get_report(r, d, m, out, cap);
	if (type == TDISP_START_INTERFACE_REQ)
		return td_start(r, d, m, out, cap);
	return td_simple(r, d, m, out, cap);
}

/* ---- requests the codec refused ------------------------------------------------------------- */

#define KEY_PROG_LEN  (7 + IDE_KM_KEY_SIZE + IDE_KM_IFV_SIZE) /* PCIe Base 6.0 "KEY_PROG" */
#define KP_BAD_LENGTH 0x01				      /* KP_ACK Status: incorrect length */

static uint32_t le32_at(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A TDISP request the decoder refused gets TDISP_ERROR (PCIe Base 6.1 §11.3.17), as a TDISP
 * device answers: VERSION_MISMATCH for another TDISPVersion, UNSUPPORTED_REQUEST for a
 * MessageType that is no request of TDISP 1.0, INVALID_REQUEST for the rest (a length,
 * reserved bits or bytes, a value out of range). */
static size_t td_refuse(struct cspdm_responder *r, struct app_msg *m, const uint8_t *p, size_t n,
			uint8_t *out, size_t cap)
{
	uint32_t code = TDISP_ERR_INVALID_REQUEST;

	m->u.td.function_id = n >= 8 ? le32_at(p + 4) : 0;
	if (n >= 1 && p[0] != TDISP_VERSION_10)
		code = TDISP_ERR_VERSION_MISMATCH;
	else if (n >= 2 && (p[1] < TDISP_GET_VERSION || p[1] > TDISP_STOP_INTERFACE_REQ))
		code = TDISP_ERR_UNSUPPORTED_REQUEST;
	return td_error(r, m, code, out, cap);
}

/* A KEY_PROG whose fixed fields are there but whose length is not KEY_PROG's: KP_ACK with
 * Status Incorrect Length for its stream, substream and port (nothing is programmed). */
static size_t kp_bad_length(struct cspdm_responder *r, struct app_msg *m, const uint8_t *p,
			    uint8_t *out, size_t cap)
{
	struct ide_km_msg *q = &m->u.ide;

	memset(q, 0, sizeof(*q));
	q->object_id = IDE_KM_KP_ACK;
	q->stream_id = p[3];
	q->sub_stream = p[5];
	q->port_index = p[6];
	q->status = KP_BAD_LENGTH;
	r->err.code = CSPDM_E_LENGTH;
	r->err.field = "KEY_PROG (not its length)";
	return answer(r, m, out, cap);
}

/* The refusal of a request of a protocol served: the protocol's own answer where it has one,
 * else the SPDM ERROR for st. */
static size_t app_refuse(struct cspdm_responder *r, struct app_msg *m, cspdm_status st,
			 uint8_t *out, size_t cap)
{
	const uint8_t *p = m->v.msg + m->v.payload_off + 1; /* after the protocol ID */
	size_t n = m->v.payload_len - 1u;		    /* app_dec: payload_len >= 1 */

	if (m->proto == APP_TDISP && r->cfg.tdi_count && n >= 2)
		return td_refuse(r, m, p, n, out, cap);
	if (m->proto == APP_CXL_TSP && r->cfg.cxl_tsp && n >= 2)
		return rsp_tsp_refuse(r, m, p, n, out, cap);
	if (m->proto == APP_IDE_KM && r->cfg.ide_streams && n >= 7 && n != KEY_PROG_LEN &&
	    p[0] == IDE_KM_KEY_PROG)
		return kp_bad_length(r, m, p, out, cap);
	return rsp_refuse(r, st, out, cap);
}

/* ---- dispatch -------------------------------------------------------------------------------- */

/* VENDOR_DEFINED_REQUEST in session s (NULL: in the clear, refused: keys never travel there). */
size_t rsp_vendor(struct cspdm_responder *r, struct cspdm_session *s, const uint8_t *req,
		  size_t len, uint8_t *out, size_t cap)
{
	struct app_msg m;
	cspdm_status st;

	if (!r->cfg.app_mem) /* a device without the model: as before it, not decoded */
		return unsupported(r, out, cap);
	if (!s)
		return rsp_session_required(r, SPDM_VENDOR_DEFINED_REQUEST, out, cap);
	st = spdm_dec_vendor(&r->neg, SPDM_VENDOR_DEFINED_REQUEST, req, len, &m.v, &r->err);
	if (st)
		return rsp_refuse(r, st, out, cap);
	m.proto = app_proto_of(&m.v);
	if (m.proto == APP_NONE || (m.proto == APP_CXL_TSP && !r->cfg.cxl_tsp))
		return unsupported(r, out, cap);
	st = app_dec(&r->neg, req, len, &m, &r->err);
	if (st && m.proto != APP_NONE)
		return app_refuse(r, &m, st, out, cap);
	if (st)
		return rsp_refuse(r, st, out, cap);
	if (m.proto == APP_CXL_TSP)
		return rsp_tsp(r, &app_of(r)->tsp, &m, out, cap);
	if (m.proto == APP_TDISP && !r->cfg.tdi_count)
		return unsupported(r, out, cap);
	return m.proto == APP_TDISP ? tdisp(r, &m, out, cap) : ide_km(r, &m, out, cap);
}
