/* SPDX-License-Identifier: BSD-3-Clause */
/* The IDE_KM and TDISP requester flows (app_flow.h). */
#include "app_flow.h"

#include <string.h>

static const uint8_t subs[APP_FLOW_SUBSTREAMS] = {IDE_KM_SUB_PR,
						  IDE_KM_SUB_NPR,
						  IDE_KM_SUB_CPL,
						  IDE_KM_SUB_PR | IDE_KM_DIR_TX,
						  IDE_KM_SUB_NPR | IDE_KM_DIR_TX,
						  IDE_KM_SUB_CPL | IDE_KM_DIR_TX};

void app_flow_init(struct app_flow *f, const struct cspdm_crypto_ops *ops, uint8_t ver,
		   enum app_flow_kind kind)
{
	memset(f, 0, sizeof(*f));
	f->ops = ops;
	f->ver = ver;
	f->kind = (uint8_t)kind;
}

static cspdm_status fail(cspdm_error *err, cspdm_status st, const char *field, size_t off)
{
	return spdm_fail(err, st, field, off);
}

static cspdm_status decode(const struct app_flow *f, const uint8_t *rsp, size_t len,
			   struct app_msg *m, cspdm_error *err)
{
	struct spdm_neg n;

	memset(&n, 0, sizeof(n));
	n.version = f->ver;
	return app_dec(&n, rsp, len, m, err);
}

/* ---- IDE_KM ---------------------------------------------------------------------------------- */

static struct app_msg ide_msg(const struct app_flow *f, uint8_t obj)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_IDE_KM;
	m.u.ide.object_id = obj;
	m.u.ide.port_index = f->port_index;
	m.u.ide.stream_id = f->stream_id;
	m.u.ide.sub_stream = (uint8_t)(subs[f->sub] | f->key_set);
	return m;
}

/* KEY_PROG with a fresh key and IFV from the CSPRNG; the flow's copy is zeroed at once. */
static cspdm_status ide_key_prog(struct app_flow *f, uint8_t *req, size_t cap, size_t *req_len)
{
	uint8_t key[IDE_KM_KEY_SIZE], ifv[IDE_KM_IFV_SIZE];
	struct app_msg m = ide_msg(f, IDE_KM_KEY_PROG);
	cspdm_status st = f->ops->random(f->ops->priv, key, sizeof(key));

	memset(ifv, 0, sizeof(ifv));
	ifv[4] = 1; /* the IFV's initial value: 1 in its upper DWORD */
	m.u.ide.key = key;
	m.u.ide.ifv = ifv;
	if (!st)
		st = app_enc(f->ver, &m, req, cap, req_len);
	cspdm_memzero(key, sizeof(key));
	return st;
}

/* An ACK for the stream, substream and port asked about. */
static cspdm_status ide_ack(const struct app_flow *f, const struct app_msg *m, uint8_t obj,
			    cspdm_error *err)
{
	const struct ide_km_msg *a = &m->u.ide;

	if (a->object_id != obj)
		return fail(err, CSPDM_E_RESPONSE_CODE, "ObjectID (another ACK)", 12);
	if (a->stream_id != f->stream_id || a->port_index != f->port_index ||
	    a->sub_stream != (uint8_t)(subs[f->sub] | f->key_set))
		return fail(err, CSPDM_E_FIELD, "ACK for another stream, substream or port", 15);
	if (obj == IDE_KM_KP_ACK && a->status)
		return fail(err, CSPDM_E_DEVICE_ERROR, "KP_ACK Status (failure)", 16);
	return CSPDM_OK;
}

static cspdm_status ide_query_resp(struct app_flow *f, const struct app_msg *m, cspdm_error *err)
{
	if (m->u.ide.object_id != IDE_KM_QUERY_RESP)
		return fail(err, CSPDM_E_RESPONSE_CODE, "ObjectID (QUERY_RESP expected)", 12);
	if (m->u.ide.port_index != f->port_index)
		return fail(err, CSPDM_E_FIELD, "PortIndex (another port)", 14);
	f->query = m->u.ide;
	f->regs_len = m->u.ide.tail_len < sizeof(f->regs) ? m->u.ide.tail_len : sizeof(f->regs);
	if (f->regs_len)
		memcpy(f->regs, m->u.ide.tail, f->regs_len);
	f->query.tail = f->regs;
	f->query.tail_len = f->regs_len;
	return CSPDM_OK;
}

/* Steps: 0 QUERY sent; setup: 1 KEY_PROG sent, 2 K_SET_GO sent; stop: 3 K_SET_STOP sent. */
static cspdm_status ide_next(struct app_flow *f, const struct app_msg *m, uint8_t *req, size_t cap,
			     size_t *req_len, cspdm_error *err)
{
	cspdm_status st = CSPDM_OK;
	struct app_msg q;

	if (!m) {
		q = ide_msg(f, IDE_KM_QUERY);
		f->step = 0;
		return app_enc(f->ver, &q, req, cap, req_len);
	}
	if (f->step == 0)
		st = ide_query_resp(f, m, err);
	else if (f->step == 1)
		st = ide_ack(f, m, IDE_KM_KP_ACK, err);
	else if (f->step >= 2)
		st = ide_ack(f, m, IDE_KM_K_GOSTOP_ACK, err);
	if (st)
		return st;
	if (f->step == 1)
		f->programmed++;
	if (f->step >= 2) {
		f->started++;
		if (++f->sub == APP_FLOW_SUBSTREAMS)
			return CSPDM_OK; /* *req_len 0: done */
	}
	if (f->kind == APP_FLOW_IDE_STOP) {
		q = ide_msg(f, IDE_KM_K_SET_STOP);
		f->step = 3;
		return app_enc(f->ver, &q, req, cap, req_len);
	}
	if (f->step == 1) {
		q = ide_msg(f, IDE_KM_K_SET_GO);
		f->step = 2;
		return app_enc(f->ver, &q, req, cap, req_len);
	}
	f->step = 1;
	return ide_key_prog(f, req, cap, req_len);
}

/* ---- TDISP ----------------------------------------------------------------------------------- */

enum td_step {
	TD_VERSION,
	TD_CAPS,
	TD_STATE0,
	TD_LOCK,
	TD_STATE1,
	TD_REPORT,
	TD_START,
	TD_STATE2,
	TD_STOP,
	TD_STATE3,
	TD_DONE
};
static const uint8_t td_rsp[] = {TDISP_VERSION,
				 TDISP_CAPABILITIES,
				 TDISP_DEVICE_INTERFACE_STATE,
				 TDISP_LOCK_INTERFACE_RSP,
				 TDISP_DEVICE_INTERFACE_STATE,
				 TDISP_DEVICE_INTERFACE_REPORT,
				 TDISP_START_INTERFACE_RSP,
				 TDISP_DEVICE_INTERFACE_STATE,
				 TDISP_STOP_INTERFACE_RSP,
				 TDISP_DEVICE_INTERFACE_STATE};
static const uint8_t td_state_want[] = {TDISP_CONFIG_UNLOCKED, TDISP_CONFIG_LOCKED, TDISP_RUN,
					TDISP_CONFIG_UNLOCKED};

static struct app_msg td_msg(const struct app_flow *f, uint8_t type)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_TDISP;
	m.u.td.version = TDISP_VERSION_10;
	m.u.td.type = type;
	m.u.td.function_id = f->function_id;
	return m;
}

static cspdm_status td_report(struct app_flow *f, const struct tdisp_msg *t, cspdm_error *err)
{
	if ((uint64_t)f->report_len + t->portion_len > f->report_cap)
		return fail(err, CSPDM_E_BUFFER_TOO_SMALL, "interface report", 0);
	if (!t->portion_len && t->remainder_len)
		return fail(err, CSPDM_E_LENGTH, "PORTION_LENGTH (empty, with a remainder)", 28);
	if (t->portion_len)
		memcpy(f->report + f->report_len, t->tail, t->portion_len);
	f->report_len += t->portion_len;
	if ((uint64_t)f->report_len + t->remainder_len > f->report_cap)
		return fail(err, CSPDM_E_LENGTH, "REMAINDER_LENGTH (beyond the report)", 30);
	if (!t->remainder_len)
		return tdisp_dec_report(f->report, f->report_len, &f->rep, err);
	f->step = TD_STATE1; /* one more portion: TD_REPORT again */
	return CSPDM_OK;
}

/* The response to step f->step. */
static cspdm_status td_check(struct app_flow *f, const struct app_msg *m, cspdm_error *err)
{
	const struct tdisp_msg *t = &m->u.td;

	if (t->type == TDISP_ERROR) {
		err->device_code = (uint8_t)t->error_code;
		return fail(err, CSPDM_E_DEVICE_ERROR, "TDISP_ERROR", 28);
	}
	if (t->type != td_rsp[f->step])
		return fail(err, CSPDM_E_RESPONSE_CODE, "MessageType (another response)", 13);
	if (t->function_id != f->function_id)
		return fail(err, CSPDM_E_FIELD, "INTERFACE_ID (another interface)", 16);
	if (t->type == TDISP_DEVICE_INTERFACE_STATE) {
		f->states[f->n_states] = t->state;
		if (t->state != td_state_want[f->n_states++])
			return fail(err, CSPDM_E_FIELD, "TDI_STATE (not the state expected)", 28);
	}
	if (t->type == TDISP_CAPABILITIES) {
		f->dsm_caps = t->dsm_caps;
		f->lock_flags = t->lock_flags_supported;
	}
	if (t->type == TDISP_LOCK_INTERFACE_RSP)
		memcpy(f->nonce, t->nonce, TDISP_NONCE_SIZE);
	return t->type == TDISP_DEVICE_INTERFACE_REPORT ? td_report(f, t, err) : CSPDM_OK;
}

static cspdm_status td_build(struct app_flow *f, uint8_t *req, size_t cap, size_t *req_len)
{
	static const uint8_t types[] = {TDISP_GET_VERSION,
					TDISP_GET_CAPABILITIES,
					TDISP_GET_DEVICE_INTERFACE_STATE,
					TDISP_LOCK_INTERFACE_REQ,
					TDISP_GET_DEVICE_INTERFACE_STATE,
					TDISP_GET_DEVICE_INTERFACE_REPORT,
					TDISP_START_INTERFACE_REQ,
					TDISP_GET_DEVICE_INTERFACE_STATE,
					TDISP_STOP_INTERFACE_REQ,
					TDISP_GET_DEVICE_INTERFACE_STATE};
	struct app_msg m = td_msg(f, types[f->step]);

	m.u.td.lock_flags = f->lock_flags & TDISP_LOCK_FLAGS_MASK;
	m.u.td.mmio_reporting_offset = 0xD0000000ull;
	m.u.td.nonce = f->nonce;
	m.u.td.offset = (uint16_t)f->report_len;
	m.u.td.length = APP_FLOW_PORTION;
	return app_enc(f->ver, &m, req, cap, req_len);
}

static cspdm_status td_next(struct app_flow *f, const struct app_msg *m, uint8_t *req, size_t cap,
			    size_t *req_len, cspdm_error *err)
{
	cspdm_status st;

	if (m) {
		st = td_check(f, m, err);
		if (st)
			return st;
		f->step++;
	}
	if (f->step >= TD_DONE) {
		*req_len = 0;
		return CSPDM_OK;
	}
	return td_build(f, req, cap, req_len);
}

cspdm_status app_flow_next(struct app_flow *f, const uint8_t *rsp, size_t rsp_len, uint8_t *req,
			   size_t cap, size_t *req_len, cspdm_error *err)
{
	struct app_msg m;
	cspdm_status st;

	*req_len = 0;
	if (rsp) {
		st = decode(f, rsp, rsp_len, &m, err);
		if (st)
			return st;
	}
	if (f->kind == APP_FLOW_TDISP)
		return td_next(f, rsp ? &m : NULL, req, cap, req_len, err);
	return ide_next(f, rsp ? &m : NULL, req, cap, req_len, err);
}
