/* SPDX-License-Identifier: BSD-3-Clause */
/* The IDE_KM and TDISP requester flows (app_flow.h); the CXL ones are in app_flow_cxl.c. */
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

struct app_msg app_flow_ide_req(const struct app_flow *f, enum app_proto proto, uint8_t obj,
				uint8_t sub)
{
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = proto;
	m.u.ide.object_id = obj;
	m.u.ide.port_index = f->port_index;
	m.u.ide.stream_id = f->stream_id;
	m.u.ide.sub_stream = sub;
	return m;
}

static struct app_msg ide_msg(const struct app_flow *f, uint8_t obj)
{
	return app_flow_ide_req(f, APP_IDE_KM, obj, (uint8_t)(subs[f->sub] | f->key_set));
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

/* Offsets in the SPDM message: the vendor header (11 bytes), the protocol ID, then the IDE_KM
 * object: ObjectID, 2 reserved bytes, Stream ID, Status (KP_ACK), KeySubStream, PortIndex. */
#define AT_OBJECT 12
#define AT_STREAM 15
#define AT_STATUS 16
#define AT_SUB	  17
#define AT_PORT	  18

/* KP_ACK Status (PCIe Base 6.0 Table "KP_ACK"); CXL defines one failure (1). */
static const char *const kp_status[] = {
    NULL, "KP_ACK Status (incorrect length)", "KP_ACK Status (unsupported PortIndex)",
    "KP_ACK Status (unsupported value)", "KP_ACK Status (unspecified failure)"};

cspdm_status app_flow_ack(const struct app_flow *f, const struct ide_km_msg *a, uint8_t sub,
			  int cxl, cspdm_error *err)
{
	if (a->stream_id != f->stream_id)
		return fail(err, CSPDM_E_FIELD, "Stream ID (another stream)", AT_STREAM);
	if ((a->sub_stream ^ sub) & IDE_KM_KEY_SET_K1)
		return fail(err, CSPDM_E_FIELD, "KeySubStream (another key set)", AT_SUB);
	if ((a->sub_stream ^ sub) & IDE_KM_DIR_TX)
		return fail(err, CSPDM_E_FIELD, "KeySubStream (another direction)", AT_SUB);
	if (a->sub_stream != sub)
		return fail(err, CSPDM_E_FIELD, "KeySubStream (not the request's)", AT_SUB);
	if (a->port_index != f->port_index)
		return fail(err, CSPDM_E_FIELD, "PortIndex (another port)", AT_PORT);
	if (a->object_id == IDE_KM_KP_ACK && a->status)
		return fail(err, CSPDM_E_DEVICE_ERROR,
			    cxl || a->status >= sizeof(kp_status) / sizeof(kp_status[0])
				? "KP_ACK Status (failure)"
				: kp_status[a->status],
			    AT_STATUS);
	return CSPDM_OK;
}

/* The ACK object asked for, for the stream, substream and port asked about. */
static cspdm_status ide_ack(const struct app_flow *f, const struct app_msg *m, uint8_t obj,
			    cspdm_error *err)
{
	if (m->u.ide.object_id != obj)
		return fail(err, CSPDM_E_RESPONSE_CODE, "ObjectID (another ACK)", AT_OBJECT);
	return app_flow_ack(f, &m->u.ide, (uint8_t)(subs[f->sub] | f->key_set), 0, err);
}

cspdm_status app_flow_query_resp(struct app_flow *f, const struct app_msg *m, cspdm_error *err)
{
	if (m->u.ide.object_id != IDE_KM_QUERY_RESP)
		return fail(err, CSPDM_E_RESPONSE_CODE, "ObjectID (QUERY_RESP expected)",
			    AT_OBJECT);
	if (m->u.ide.port_index != f->port_index)
		return fail(err, CSPDM_E_FIELD, "PortIndex (another port)", AT_OBJECT + 2);
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
		st = app_flow_query_resp(f, m, err);
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
#define TD_ANY 0xFF

static uint8_t td_steps(const struct app_flow *f)
{
	return f->td_steps ? f->td_steps : APP_TD_ALL;
}

/* The state a DEVICE_INTERFACE_STATE must report at step (the first: unlocked when a lock
 * follows, else any). */
static uint8_t td_state_want(const struct app_flow *f)
{
	if (f->step == TD_STATE0)
		return (td_steps(f) & APP_TD_LOCK) ? TDISP_CONFIG_UNLOCKED : TD_ANY;
	if (f->step == TD_STATE1)
		return TDISP_CONFIG_LOCKED;
	return f->step == TD_STATE2 ? TDISP_RUN : TDISP_CONFIG_UNLOCKED;
}

/* Past the steps not asked for (a lock, a start, a stop: with the state read after it). */
static void td_skip(struct app_flow *f)
{
	static const uint8_t need[TD_DONE] = {0,
					      0,
					      0,
					      APP_TD_LOCK,
					      APP_TD_LOCK,
					      APP_TD_REPORT,
					      APP_TD_START,
					      APP_TD_START,
					      APP_TD_STOP,
					      APP_TD_STOP};

	while (f->step < TD_DONE && need[f->step] && !(td_steps(f) & need[f->step]))
		f->step++;
}

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

/* Offsets in the SPDM message: the TDISP header's MessageType and INTERFACE_ID, the body after
 * it, and REMAINDER_LENGTH in DEVICE_INTERFACE_REPORT (after PORTION_LENGTH). */
#define AT_TD_TYPE	13
#define AT_TD_ID	16
#define AT_TD_BODY	28
#define AT_TD_REMAINDER 30

/* A portion within the LENGTH asked for, its REMAINDER_LENGTH adding up with the portions
 * before it to the length the first one announced; the report decoded once it is whole. */
static cspdm_status td_report(struct app_flow *f, const struct tdisp_msg *t, cspdm_error *err)
{
	uint64_t total = (uint64_t)f->report_len + t->portion_len + t->remainder_len;

	if (t->portion_len > APP_FLOW_PORTION)
		return fail(err, CSPDM_E_LENGTH, "PORTION_LENGTH (beyond LENGTH)", AT_TD_BODY);
	if (!t->portion_len && t->remainder_len)
		return fail(err, CSPDM_E_LENGTH, "PORTION_LENGTH (empty, with a remainder)",
			    AT_TD_BODY);
	if (f->report_len && total != f->report_total)
		return fail(err, CSPDM_E_LENGTH, "REMAINDER_LENGTH (not what the portions add to)",
			    AT_TD_REMAINDER);
	if ((uint64_t)f->report_len + t->portion_len > f->report_cap)
		return fail(err, CSPDM_E_BUFFER_TOO_SMALL, "interface report", 0);
	if (total > f->report_cap)
		return fail(err, CSPDM_E_LENGTH, "REMAINDER_LENGTH (beyond the report)",
			    AT_TD_REMAINDER);
	f->report_total = (size_t)total;
	if (t->portion_len)
		memcpy(f->report + f->report_len, t->tail, t->portion_len);
	f->report_len += t->portion_len;
	if (!t->remainder_len)
		return tdisp_dec_report(f->report, f->report_len, &f->rep, err);
	f->step = TD_STATE1; /* one more portion: TD_REPORT again */
	return CSPDM_OK;
}

/* TDISP ERROR codes (PCIe Base 6.1 Table "ERROR Code and ERROR Data"), named in the error. */
static const char *td_error_field(uint32_t code)
{
	static const struct {
		uint32_t code;
		const char *field;
	} names[] = {
	    {TDISP_ERR_INVALID_REQUEST, "TDISP_ERROR (INVALID_REQUEST)"},
	    {TDISP_ERR_BUSY, "TDISP_ERROR (BUSY)"},
	    {TDISP_ERR_INVALID_INTERFACE_STATE, "TDISP_ERROR (INVALID_INTERFACE_STATE)"},
	    {TDISP_ERR_UNSPECIFIED, "TDISP_ERROR (UNSPECIFIED)"},
	    {TDISP_ERR_UNSUPPORTED_REQUEST, "TDISP_ERROR (UNSUPPORTED_REQUEST)"},
	    {TDISP_ERR_VERSION_MISMATCH, "TDISP_ERROR (VERSION_MISMATCH)"},
	    {TDISP_ERR_VENDOR_SPECIFIC, "TDISP_ERROR (VENDOR_SPECIFIC_ERROR)"},
	    {TDISP_ERR_INVALID_INTERFACE, "TDISP_ERROR (INVALID_INTERFACE)"},
	    {TDISP_ERR_INVALID_NONCE, "TDISP_ERROR (INVALID_NONCE)"},
	    {TDISP_ERR_INSUFFICIENT_ENTROPY, "TDISP_ERROR (INSUFFICIENT_ENTROPY)"},
	    {TDISP_ERR_INVALID_DEVICE_CONFIGURATION, "TDISP_ERROR (INVALID_DEVICE_CONFIGURATION)"},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].code == code)
			return names[i].field;
	return "TDISP_ERROR (an ERROR_CODE TDISP does not define)";
}

/* VERSION lists TDISP 1.0 (what every request is sent as). */
static cspdm_status td_version(const struct tdisp_msg *t, cspdm_error *err)
{
	size_t i;

	for (i = 0; i < t->tail_len; i++)
		if (t->tail[i] == TDISP_VERSION_10)
			return CSPDM_OK;
	return fail(err, CSPDM_E_NO_COMMON_VERSION, "VERSION_NUM_ENTRY (no TDISP 1.0)",
		    AT_TD_BODY + 1);
}

/* The response to step f->step. */
static cspdm_status td_check(struct app_flow *f, const struct app_msg *m, cspdm_error *err)
{
	const struct tdisp_msg *t = &m->u.td;

	if (t->type == TDISP_ERROR) {
		err->device_code = (uint8_t)t->error_code; /* the field names all 32 bits */
		return fail(err, CSPDM_E_DEVICE_ERROR, td_error_field(t->error_code), AT_TD_BODY);
	}
	if (t->type != td_rsp[f->step])
		return fail(err, CSPDM_E_RESPONSE_CODE, "MessageType (another response)",
			    AT_TD_TYPE);
	if (t->function_id != f->function_id)
		return fail(err, CSPDM_E_FIELD, "INTERFACE_ID (another interface)", AT_TD_ID);
	if (t->type == TDISP_DEVICE_INTERFACE_STATE) {
		if (f->n_states < sizeof(f->states))
			f->states[f->n_states++] = t->state;
		if (td_state_want(f) != TD_ANY && t->state != td_state_want(f))
			return fail(err, CSPDM_E_FIELD, "TDI_STATE (not the state expected)",
				    AT_TD_BODY);
	}
	if (t->type == TDISP_VERSION)
		return td_version(t, err);
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

	if ((td_steps(f) & APP_TD_START) && !(td_steps(f) & APP_TD_LOCK))
		return fail(err, CSPDM_E_INVALID_ARG, "TDISP steps (start needs the lock's nonce)",
			    0);
	if (m) {
		st = td_check(f, m, err);
		if (st)
			return st;
		f->step++;
	}
	td_skip(f);
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
	if (f->kind == APP_FLOW_CXL_IDE_SETUP || f->kind == APP_FLOW_CXL_IDE_STOP)
		return app_flow_cxl_ide(f, rsp ? &m : NULL, req, cap, req_len, err);
	if (f->kind == APP_FLOW_CXL_TSP || f->kind == APP_FLOW_CXL_TSP_2ND)
		return app_flow_cxl_tsp(f, rsp ? &m : NULL, req, cap, req_len, err);
	return ide_next(f, rsp ? &m : NULL, req, cap, req_len, err);
}
