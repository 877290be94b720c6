/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CXL IDE_KM and CXL TSP requester flows (app_flow.h). Message layouts: CXL 3.1 §11.4.7
 * "CXL.cachemem IDE Key Management" (QUERY, QUERY_RESP with its Caps byte, KEY_PROG with a
 * 3-DWORD IV, KP_ACK, K_SET_GO, K_SET_STOP, K_GOSTOP_ACK, GET_KEY, GET_KEY_ACK) and §11.5.4
 * "TSP Request/Response messages". The order of the requests is the one DMTF's requester
 * (spdm-emu, spdm_requester_pci_doe.c) uses, so that its device sample answers each.
 */
#include "app_flow.h"

#include <string.h>

/* QUERY_RESP Caps, KEY_PROG KeySubStream bit 3: set when the IV is not the initial one
 * (0x80000000 in its first DWORD, 0 and 1 in the others), as DMTF's requester does. */
static const uint8_t iv_initial[IDE_KM_CXL_IV_SIZE] = {0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 0, 0};

#define TSP_TE_BASE   0x100000ull /* the memory range whose TE state is set */
#define TSP_TE_LENGTH 0x10000ull

/* Offsets in the SPDM message: the vendor header (11 bytes), the protocol ID, then the
 * protocol message. */
#define AT_OBJECT    12
#define AT_TSP_BODY  14
#define AT_TSP_NSEC  44 /* NumberOfSecondarySessions in GET_CAPABILITIES_RSP */
#define AT_TSP_STATE 48 /* CurrentTSPState in GET_CONFIGURATION_RSP */

static cspdm_status fail(cspdm_error *err, cspdm_status st, const char *field, size_t off)
{
	return spdm_fail(err, st, field, off);
}

void app_flow_wipe(struct app_flow *f)
{
	cspdm_memzero(f->cxl_key, sizeof(f->cxl_key));
	cspdm_memzero(f->cxl_iv, sizeof(f->cxl_iv));
	cspdm_memzero(f->tsp_psk, sizeof(f->tsp_psk));
}

void app_flow_tsp_hint(unsigned i, uint8_t hint[APP_FLOW_TSP_HINT_LEN])
{
	static const char name[APP_FLOW_TSP_HINT_LEN] = "SECONDARY_SESSION_0_PSK";

	memcpy(hint, name, APP_FLOW_TSP_HINT_LEN);
	hint[18] = (uint8_t)('0' + (i % APP_FLOW_TSP_2ND));
}

/* ---- CXL IDE_KM ------------------------------------------------------------------------------ */

enum ci_step {
	CI_QUERY,
	CI_GET_KEY,
	CI_PROG_RX,
	CI_PROG_TX,
	CI_GO_RX,
	CI_GO_TX,
	CI_STOP_RX,
	CI_STOP_TX,
	CI_DONE
};
static const uint8_t ci_obj[] = {IDE_KM_QUERY,	    IDE_KM_GET_KEY,   IDE_KM_KEY_PROG,
				 IDE_KM_KEY_PROG,   IDE_KM_K_SET_GO,  IDE_KM_K_SET_GO,
				 IDE_KM_K_SET_STOP, IDE_KM_K_SET_STOP};
static const uint8_t ci_ack[] = {IDE_KM_QUERY_RESP,   IDE_KM_GET_KEY_ACK,  IDE_KM_KP_ACK,
				 IDE_KM_KP_ACK,	      IDE_KM_K_GOSTOP_ACK, IDE_KM_K_GOSTOP_ACK,
				 IDE_KM_K_GOSTOP_ACK, IDE_KM_K_GOSTOP_ACK};
static const uint8_t ci_dir[] = {0, 0, 0, IDE_KM_DIR_TX, 0, IDE_KM_DIR_TX, 0, IDE_KM_DIR_TX};

static struct app_msg ci_msg(struct app_flow *f, uint8_t obj, uint8_t sub)
{
	f->sub_sent = sub;
	return app_flow_ide_req(f, APP_CXL_IDE_KM, obj, sub);
}

/* KEY_PROG RX: the device's key and IV when its Caps say it generates them (GET_KEY_ACK),
 * else a fresh key and the initial IV; TX: a fresh key and the initial IV. Every copy of the
 * key is zeroed once the request is built. */
static cspdm_status ci_key_prog(struct app_flow *f, uint8_t *req, size_t cap, size_t *req_len)
{
	uint8_t key[IDE_KM_KEY_SIZE], iv[IDE_KM_CXL_IV_SIZE], sub;
	int rx = f->step == CI_PROG_RX;
	cspdm_status st = CSPDM_OK;
	struct app_msg m;

	if (rx && (f->query.caps & IDE_KM_CXL_CAP_KEY_GEN))
		memcpy(key, f->cxl_key, sizeof(key));
	else
		st = f->ops->random(f->ops->priv, key, sizeof(key));
	memcpy(iv, rx && (f->query.caps & IDE_KM_CXL_CAP_IV_GEN) ? f->cxl_iv : iv_initial,
	       sizeof(iv));
	sub = (uint8_t)(IDE_KM_SUB_CXL | ci_dir[f->step] |
			(memcmp(iv, iv_initial, 4) ? IDE_KM_CXL_IV_DEFAULT : 0));
	m = ci_msg(f, IDE_KM_KEY_PROG, sub);
	m.u.ide.key = key;
	m.u.ide.ifv = iv;
	if (!st)
		st = app_enc(f->ver, &m, req, cap, req_len);
	cspdm_memzero(key, sizeof(key));
	cspdm_memzero(iv, sizeof(iv));
	cspdm_memzero(f->cxl_key, sizeof(f->cxl_key));
	cspdm_memzero(f->cxl_iv, sizeof(f->cxl_iv));
	return st;
}

/* An ACK for the stream, KeySubStream and port of the request; GET_KEY_ACK's key and IV are
 * kept (secret) for KEY_PROG RX. */
static cspdm_status ci_check(struct app_flow *f, const struct app_msg *m, cspdm_error *err)
{
	const struct ide_km_msg *a = &m->u.ide;
	cspdm_status st;

	if (a->object_id != ci_ack[f->step])
		return fail(err, CSPDM_E_RESPONSE_CODE, "ObjectID (another response)", AT_OBJECT);
	if (f->step == CI_QUERY)
		return app_flow_query_resp(f, m, err);
	st = app_flow_ack(f, a, f->sub_sent, 1, err);
	if (st)
		return st;
	if (a->object_id == IDE_KM_GET_KEY_ACK) {
		memcpy(f->cxl_key, a->key, sizeof(f->cxl_key));
		memcpy(f->cxl_iv, a->ifv, sizeof(f->cxl_iv));
	}
	f->programmed += a->object_id == IDE_KM_KP_ACK;
	f->started += a->object_id == IDE_KM_K_GOSTOP_ACK;
	return CSPDM_OK;
}

static uint8_t ci_after(const struct app_flow *f)
{
	uint8_t caps = f->query.caps;

	if (f->step == CI_QUERY && f->kind == APP_FLOW_CXL_IDE_STOP)
		return caps & IDE_KM_CXL_CAP_K_SET_STOP ? CI_STOP_RX : CI_DONE;
	if (f->step == CI_QUERY)
		return caps & (IDE_KM_CXL_CAP_IV_GEN | IDE_KM_CXL_CAP_KEY_GEN) ? CI_GET_KEY
									       : CI_PROG_RX;
	if (f->step == CI_GO_TX || f->step == CI_STOP_TX)
		return CI_DONE;
	return (uint8_t)(f->step + 1);
}

cspdm_status app_flow_cxl_ide(struct app_flow *f, const struct app_msg *m, uint8_t *req, size_t cap,
			      size_t *req_len, cspdm_error *err)
{
	struct app_msg q;
	cspdm_status st;

	f->step = m ? f->step : CI_QUERY;
	if (m) {
		st = ci_check(f, m, err);
		if (st)
			return st;
		f->step = ci_after(f);
	}
	if (f->step == CI_DONE)
		return CSPDM_OK;
	if (f->step == CI_PROG_RX || f->step == CI_PROG_TX)
		return ci_key_prog(f, req, cap, req_len);
	q = ci_msg(f, ci_obj[f->step], (uint8_t)(IDE_KM_SUB_CXL | ci_dir[f->step]));
	return app_enc(f->ver, &q, req, cap, req_len);
}

/* ---- CXL TSP --------------------------------------------------------------------------------- */

#define ANY 0xFF
struct tsp_step {
	uint8_t op;
	uint8_t state; /* GET_CONFIGURATION: the CurrentTSPState expected, or ANY */
};
static const struct tsp_step tsp_primary[] = {
    {TSP_GET_VERSION, ANY},
    {TSP_GET_CAPABILITIES, ANY},
    {TSP_SET_CONFIGURATION, ANY},
    {TSP_GET_CONFIGURATION, TSP_CONFIG_UNLOCKED},
    {TSP_GET_CONFIGURATION_REPORT, ANY},
    {TSP_LOCK_CONFIGURATION, ANY},
    {TSP_GET_CONFIGURATION, TSP_CONFIG_LOCKED},
    {TSP_SET_TE_STATE, ANY},
    {TSP_SET_TE_STATE, ANY},
};
static const struct tsp_step tsp_secondary[] = {
    {TSP_GET_VERSION, ANY},
    {TSP_GET_CAPABILITIES, ANY},
    {TSP_GET_CONFIGURATION, TSP_CONFIG_LOCKED},
    {TSP_GET_CONFIGURATION_REPORT, ANY},
    {TSP_GET_CONFIGURATION, TSP_CONFIG_LOCKED},
    {TSP_SET_TE_STATE, ANY},
    {TSP_SET_TE_STATE, ANY},
};

static const struct tsp_step *tsp_steps(const struct app_flow *f, size_t *n)
{
	if (f->kind == APP_FLOW_CXL_TSP_2ND) {
		*n = sizeof(tsp_secondary) / sizeof(tsp_secondary[0]);
		return tsp_secondary;
	}
	*n = sizeof(tsp_primary) / sizeof(tsp_primary[0]);
	return tsp_primary;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	unsigned i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* What the capabilities offer of what DMTF's requester enables; a fresh PSK for each secondary
 * session the device offers (kept for them, secret). */
static cspdm_status tsp_set_cfg(struct app_flow *f, struct cxl_tsp_msg *t, uint8_t *ib,
				cspdm_error *err)
{
	const struct cxl_tsp_msg *c = &f->tsp_caps;
	unsigned i, n = c->num_secondary;

	t->enc_features = c->enc_features & TSP_ENC_ENABLE;
	t->enc_algs = c->enc_algs & TSP_ALG_AES_XTS_256 ? TSP_ALG_AES_XTS_256
							: c->enc_algs & TSP_ALG_AES_XTS_128;
	t->te_features = c->te_features & TSP_TE_WANTED;
	t->cfg_features = c->cfg_features & TSP_CFG_LOCKED_FW_UPDATE;
	memset(ib, 0, TSP_IB_ENTRIES_SIZE);
	for (i = 1; i < TSP_IB_ENTRIES_SIZE / TSP_IB_ENTRY_SIZE; i++)
		ib[i * TSP_IB_ENTRY_SIZE + 8] = TSP_IB_UNUSED; /* LengthIndex */
	t->ib_entries = ib;
	t->psk_material = f->tsp_psk;
	if (!(c->cfg_features & TSP_CFG_ADDITIONAL_SESSIONS))
		return CSPDM_OK;
	if (n < 1 || n > APP_FLOW_TSP_2ND)
		return fail(err, CSPDM_E_FIELD, "NumberOfSecondarySessions", AT_TSP_NSEC);
	f->tsp_valid = (uint16_t)((1u << n) - 1);
	t->validity_flags = f->tsp_valid;
	return f->ops->random(f->ops->priv, f->tsp_psk, (size_t)n * APP_FLOW_TSP_PSK);
}

/* The Length of the next GET_CONFIGURATION_REPORT: a portion, no more than what remains. */
static uint16_t tsp_portion(const struct app_flow *f)
{
	size_t left = f->report_total - f->report_len;

	return (uint16_t)(f->report_len && left < APP_FLOW_PORTION ? left : APP_FLOW_PORTION);
}

static cspdm_status tsp_build(struct app_flow *f, uint8_t op, uint8_t *req, size_t cap,
			      size_t *req_len, cspdm_error *err)
{
	uint8_t range[TSP_RANGE_SIZE], ib[TSP_IB_ENTRIES_SIZE];
	cspdm_status st = CSPDM_OK;
	struct app_msg m;

	memset(&m, 0, sizeof(m));
	m.proto = APP_CXL_TSP;
	m.u.tsp.version = TSP_VERSION_10;
	m.u.tsp.opcode = op;
	if (op == TSP_SET_CONFIGURATION)
		st = tsp_set_cfg(f, &m.u.tsp, ib, err);
	m.u.tsp.offset = (uint16_t)f->report_len;
	m.u.tsp.length = tsp_portion(f);
	if (op == TSP_SET_TE_STATE) {
		m.u.tsp.te_state = f->te_states ? 0 : 1;
		m.u.tsp.num_ranges = 1;
		put_le64(range, TSP_TE_BASE);
		put_le64(range + 8, TSP_TE_LENGTH);
		m.u.tsp.tail = range;
		m.u.tsp.tail_len = sizeof(range);
	}
	if (!st)
		st = app_enc(f->ver, &m, req, cap, req_len);
	return st;
}

/* A portion at the offset asked for, within the Length asked for, adding up with the others. */
static cspdm_status tsp_report(struct app_flow *f, const struct cxl_tsp_msg *t, cspdm_error *err)
{
	uint64_t total = (uint64_t)f->report_len + t->portion_len + t->remainder_len;

	if (t->portion_len > tsp_portion(f))
		return fail(err, CSPDM_E_LENGTH, "PortionLength (beyond Length)", AT_TSP_BODY + 2);
	if (!t->portion_len && t->remainder_len)
		return fail(err, CSPDM_E_LENGTH, "PortionLength (empty, with a remainder)",
			    AT_TSP_BODY + 2);
	if (f->report_len && total != f->report_total)
		return fail(err, CSPDM_E_LENGTH, "RemainderLength (not what the portions add to)",
			    AT_TSP_BODY + 4);
	if (total > f->report_cap)
		return fail(err, CSPDM_E_BUFFER_TOO_SMALL, "configuration report", 0);
	f->report_total = (size_t)total;
	if (t->portion_len)
		memcpy(f->report + f->report_len, t->tail, t->portion_len);
	f->report_len += t->portion_len;
	return CSPDM_OK;
}

static cspdm_status tsp_version(struct app_flow *f, const struct cxl_tsp_msg *t, cspdm_error *err)
{
	size_t i;

	for (i = 0; i < t->tail_len; i++)
		f->tsp_ver = t->tail[i] > f->tsp_ver ? t->tail[i] : f->tsp_ver;
	for (i = 0; i < t->tail_len; i++)
		if (t->tail[i] == TSP_VERSION_10)
			return CSPDM_OK;
	return fail(err, CSPDM_E_NO_COMMON_VERSION, "VersionNumberEntry (no TSP 1.0)",
		    AT_TSP_BODY + 3);
}

static cspdm_status tsp_config(struct app_flow *f, const struct tsp_step *s,
			       const struct cxl_tsp_msg *t, cspdm_error *err)
{
	if (f->n_states < sizeof(f->states))
		f->states[f->n_states++] = t->state;
	if (f->n_states == 1) {
		f->tsp_cfg = *t;
		f->tsp_cfg.ib_entries = NULL;
		f->tsp_cfg.tail = NULL;
		f->tsp_cfg.tail_len = 0;
	}
	if (s->state != ANY && t->state != s->state)
		return fail(err, CSPDM_E_FIELD, "CurrentTSPState (not the state expected)",
			    AT_TSP_STATE);
	return CSPDM_OK;
}

static cspdm_status tsp_check(struct app_flow *f, const struct tsp_step *s, const struct app_msg *m,
			      cspdm_error *err)
{
	const struct cxl_tsp_msg *t = &m->u.tsp;

	if (t->opcode == TSP_ERROR_RSP) {
		err->device_code = (uint8_t)t->error_code;
		return fail(err, CSPDM_E_DEVICE_ERROR, "TSP Error Response", AT_TSP_BODY + 2);
	}
	if (t->opcode != (s->op & 0x7F))
		return fail(err, CSPDM_E_RESPONSE_CODE, "Opcode (another response)", AT_OBJECT + 1);
	if (t->opcode == TSP_GET_VERSION_RSP)
		return tsp_version(f, t, err);
	if (t->opcode == TSP_GET_CONFIGURATION_RSP)
		return tsp_config(f, s, t, err);
	if (t->opcode == TSP_GET_CONFIGURATION_REPORT_RSP)
		return tsp_report(f, t, err);
	if (t->opcode == TSP_GET_CAPABILITIES_RSP) {
		f->tsp_caps = *t;
		f->tsp_caps.tail = NULL;
		f->tsp_caps.tail_len = 0;
	}
	f->te_states += t->opcode == TSP_SET_TE_STATE_RSP;
	return CSPDM_OK;
}

cspdm_status app_flow_cxl_tsp(struct app_flow *f, const struct app_msg *m, uint8_t *req, size_t cap,
			      size_t *req_len, cspdm_error *err)
{
	size_t n = 0;
	const struct tsp_step *s = tsp_steps(f, &n);
	cspdm_status st;

	if (m) {
		st = tsp_check(f, &s[f->step], m, err);
		if (st)
			return st;
		if (s[f->step].op != TSP_GET_CONFIGURATION_REPORT ||
		    f->report_len >= f->report_total)
			f->step++;
	}
	if (f->step >= n)
		return CSPDM_OK;
	return tsp_build(f, s[f->step].op, req, cap, req_len, err);
}
