/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PCI-SIG application protocols in the hostile catalogue (see hx_app.h): the device model's
 * configuration, the requester flows driven as `cspdm ide/tdisp/cxl-ide/cxl-tsp` drive them
 * (tools/cspdm/app.c), the hooks that answer as a lying device would, and the responder-side
 * runner. Messages are built and read with the codec (src/codec/app), so a hook's answer is a
 * well-formed message of the protocol unless the lie is in its framing.
 */
#include "hx_app.h"

#include <stdio.h>
#include <string.h>

#include "codec/app/app.h"
#include "cspdm/session.h"
#include "testutil.h"

#define MSG_CAP	   4096
#define REPORT_CAP 8192
#define AT_LENGTH  9   /* ReqLength / RespLength in VENDOR_DEFINED (DSP0274, before 1.4 Large) */
#define TD_INFO	   600 /* device information in hk_td_report's report */
#define TSP_REPORT 700 /* hk_tsp's configuration report: two portions */
#define LAST_PAGE  0x000FFFFFFFFFFFFFull /* the last 4K page of 64-bit addresses */

static uint64_t app_mem[2048]; /* the device model's state */
static uint8_t report[REPORT_CAP], req[MSG_CAP], rsp[MSG_CAP];
static size_t req_len; /* the requester's request in flight (req), for the hooks */
static uint8_t tsp_locked;

static void app_device(struct cspdm_responder_config *cfg)
{
	cfg->ide_max_port = HX_IDE_MAX_PORT;
	cfg->ide_streams = HX_IDE_STREAMS;
	cfg->tdi_count = 1;
	cfg->tdi_ids[0] = HX_TDI;
	cfg->cxl_tsp = 1;
	cfg->app_mem = app_mem;
	cfg->app_mem_len = sizeof(app_mem);
}

/* ---- messages -------------------------------------------------------------------------------- */

static int dec(const uint8_t *m, size_t len, struct app_msg *out)
{
	struct spdm_neg n;
	cspdm_error e;

	memset(&n, 0, sizeof(n));
	n.version = len ? m[0] : 0;
	return len && !app_dec(&n, m, len, out, &e) ? 0 : -1;
}

/* a encoded over m (room for HX_MSG_MAX) at version v; its length (0: it did not encode). */
static size_t enc(uint8_t v, const struct app_msg *a, uint8_t *m)
{
	static uint8_t buf[HX_MSG_MAX];
	size_t n = 0;

	if (app_enc(v, a, buf, sizeof(buf), &n))
		return 0;
	memcpy(m, buf, n);
	return n;
}

/* The hook's answer, or the message as it was (h->bad: the hook did not fit). */
static size_t answered(struct hx *h, size_t n, size_t len)
{
	if (n)
		return n;
	h->bad++;
	return len;
}

/* ---- hooks ----------------------------------------------------------------------------------- */

size_t hk_vd_payload(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	uint32_t plen = len > AT_LENGTH + 2 ? hx_get_le(m + AT_LENGTH, 2) : 0;

	if (!plen || (f->val == VP_CUT && f->n > plen) || len + f->n > HX_MSG_MAX) {
		h->bad++;
		return len;
	}
	if (f->val == VP_CUT) {
		hx_put_le(m + AT_LENGTH, 2, plen - f->n);
		return len - f->n;
	}
	memset(m + len, 0xA5, f->n);
	hx_put_le(m + AT_LENGTH, 2, plen + f->n);
	return len + f->n;
}

size_t hk_td_error(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	struct app_msg a;
	struct tdisp_msg *t = &a.u.td;
	uint32_t fid;

	if (dec(m, len, &a) || a.proto != APP_TDISP)
		return answered(h, 0, len);
	fid = t->function_id;
	memset(t, 0, sizeof(*t));
	t->version = TDISP_VERSION_10;
	t->type = TDISP_ERROR;
	t->function_id = fid;
	t->error_code = f->val;
	return answered(h, enc(m[0], &a, m), len);
}

static void put_range(uint8_t *p, uint64_t first, uint32_t pages, uint16_t id)
{
	hx_put_le(p, 4, (uint32_t)first);
	hx_put_le(p + 4, 4, (uint32_t)(first >> 32));
	hx_put_le(p + 8, 4, pages);
	hx_put_le(p + 12, 2, 0);
	hx_put_le(p + 14, 2, id);
}

/* The report of hk_td_report (TDI Report Structure): its length. */
static size_t td_report_of(unsigned content, uint8_t *buf)
{
	unsigned i, n = content == TR_MANY ? 18 : 3;
	size_t at = 16 + (size_t)n * 16;

	memset(buf, 0, 16);
	hx_put_le(buf + 12, 4, n);
	for (i = 0; i < n; i++) /* 16 pages every 256 from 0xD0000 */
		put_range(buf + 16 + i * 16, 0xD0000 + (uint64_t)i * 0x100, 16, (uint16_t)i);
	if (content == TR_OVERLAP)
		put_range(buf + 48, 0xD0008, 16, 2);
	if (content == TR_WRAP || content == TR_EDGE)
		put_range(buf + 48, LAST_PAGE, content == TR_WRAP ? 2 : 1, 2);
	if (content == TR_MANY)
		put_range(buf + 16 + 17 * 16, 0xD0000 + 16 * 0x100 + 8, 16, 17);
	if (content == TR_EMPTY)
		put_range(buf + 32, 0xD0100, 0, 1);
	hx_put_le(buf + at, 4, TD_INFO);
	memset(buf + at + 4, 0x5A, TD_INFO);
	return at + 4 + TD_INFO;
}

size_t hk_td_report(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	static uint8_t rep[1024];
	struct app_msg q, a;
	struct tdisp_msg *t = &a.u.td;
	size_t total = td_report_of(f->val & 0xFF, rep), portion;
	unsigned lie = f->val & 0xFF00;

	if (dec(req, req_len, &q) || q.proto != APP_TDISP ||
	    q.u.td.type != TDISP_GET_DEVICE_INTERFACE_REPORT)
		return len; /* not for the report: the device model's answer */
	if (q.u.td.offset >= total)
		return answered(h, 0, len);
	portion = total - q.u.td.offset;
	portion = portion < q.u.td.length ? portion : q.u.td.length;
	if (lie == TP_BEYOND)
		portion++;
	if (lie == TP_EMPTY && q.u.td.offset)
		portion = 0;
	memset(&a, 0, sizeof(a));
	a.proto = APP_TDISP;
	t->version = TDISP_VERSION_10;
	t->type = TDISP_DEVICE_INTERFACE_REPORT;
	t->function_id = q.u.td.function_id;
	t->portion_len = (uint16_t)portion;
	t->remainder_len = (uint16_t)(total - q.u.td.offset - portion);
	if (lie == TP_REMAINDER_GROWS && q.u.td.offset)
		t->remainder_len += 16;
	if (lie == TP_FIRST_SHORT && !q.u.td.offset)
		t->remainder_len -= 16;
	t->tail = rep + q.u.td.offset;
	t->tail_len = portion;
	return answered(h, enc(h->ver, &a, m), len);
}

/* The configuration report portion asked for (q) of a TSP_REPORT-byte report. */
static void tsp_portion(unsigned lie, const struct cxl_tsp_msg *q, struct cxl_tsp_msg *t)
{
	static uint8_t cfg_report[TSP_REPORT] = {0x01};
	size_t left = q->offset < TSP_REPORT ? TSP_REPORT - q->offset : 0;

	t->portion_len = (uint16_t)(left < q->length ? left : q->length);
	t->portion_len = (uint16_t)(t->portion_len + (lie == TSP_BEYOND && !q->offset));
	t->remainder_len = (uint16_t)(left - t->portion_len + (lie == TSP_REMAINDER && q->offset));
	t->tail = cfg_report + q->offset;
	t->tail_len = t->portion_len;
	if (lie == TSP_ERROR_REPORT && q->offset) {
		memset(t, 0, sizeof(*t));
		t->version = TSP_VERSION_10;
		t->opcode = TSP_ERROR_RSP;
		t->error_code = TSP_ERR_INVALID_REQUEST;
	}
}

static void tsp_answer(unsigned lie, const struct cxl_tsp_msg *q, struct cxl_tsp_msg *t)
{
	static const uint8_t v10 = TSP_VERSION_10, v20 = 0x20;

	t->version = TSP_VERSION_10;
	t->opcode = (uint8_t)(q->opcode & 0x7F);
	if (q->opcode == TSP_GET_VERSION) {
		t->ver_count = 1;
		t->tail = lie == TSP_NO_V10 ? &v20 : &v10;
		t->tail_len = 1;
		tsp_locked = lie == TSP_LOCKED;
	} else if (q->opcode == TSP_GET_CAPABILITIES) {
		t->enc_features = 0x0001;
		t->enc_algs = 0x00000003;
		t->te_features = 0x0016;
		t->cfg_features = 0x0001 | TSP_CFG_ADDITIONAL_SESSIONS;
		t->num_secondary = lie == TSP_SECONDARY_5 ? 5 : 2;
	} else if (q->opcode == TSP_GET_CONFIGURATION) {
		t->state = tsp_locked ? TSP_CONFIG_LOCKED : TSP_CONFIG_UNLOCKED;
	} else if (q->opcode == TSP_GET_CONFIGURATION_REPORT) {
		tsp_portion(lie, q, t);
	} else if (q->opcode == TSP_LOCK_CONFIGURATION) {
		tsp_locked = 1;
	}
}

size_t hk_tsp(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f)
{
	struct app_msg q, a;

	if (dec(req, req_len, &q) || q.proto != APP_CXL_TSP)
		return len; /* another protocol: the device model's answer */
	memset(&a, 0, sizeof(a));
	a.proto = APP_CXL_TSP;
	tsp_answer(f->val, &q.u.tsp, &a.u.tsp);
	return answered(h, enc(h->ver, &a, m), len);
}

/* ---- the requester side ---------------------------------------------------------------------- */

/* The flow as cli_app_run drives it; *in_session: the session refused a response. */
static cspdm_status run_flow(struct hx *h, struct cspdm_session *s, struct app_flow *f,
			     cspdm_error *err, uint8_t *in_session)
{
	size_t rsp_len = 0;
	cspdm_status st = app_flow_next(f, NULL, 0, req, sizeof(req), &req_len, err);

	*in_session = 0;
	while (!st && req_len) {
		st = cspdm_session_vendor(s, &h->io, req, req_len, rsp, sizeof(rsp), &rsp_len);
		if (st) {
			*err = *cspdm_session_last_error(s);
			*in_session = 1;
			break;
		}
		st = app_flow_next(f, rsp, rsp_len, req, sizeof(req), &req_len, err);
	}
	app_flow_wipe(f);
	memset(req, 0, sizeof(req));
	return st;
}

static const char *outcome(const struct hx_app_case *c, cspdm_status st, const cspdm_error *e,
			   uint8_t in_session)
{
	static char buf[320];

	buf[0] = 0;
	if (st != c->expect || (st && e->code != st))
		snprintf(buf, sizeof(buf), "status: expected %s, got %s",
			 cspdm_status_name(c->expect), cspdm_status_name(st));
	else if (c->field && (!e->field || strcmp(e->field, c->field)))
		snprintf(buf, sizeof(buf), "field: expected \"%s\", got \"%s\"", c->field,
			 e->field ? e->field : "-");
	else if (c->dev != e->device_code)
		snprintf(buf, sizeof(buf), "device code: expected 0x%02x, got 0x%02x", c->dev,
			 e->device_code);
	else if (st && in_session != c->in_session)
		snprintf(buf, sizeof(buf), "refused by the %s, expected the %s",
			 in_session ? "session" : "application flow",
			 c->in_session ? "session" : "application flow");
	return buf[0] ? buf : NULL;
}

/* After an application-level refusal the session is in step: HEARTBEAT, then its end. */
static const char *session_after(struct hx *h, struct cspdm_session *s, cspdm_status st,
				 uint8_t in_session)
{
	if (in_session)
		return hx_sess_after(s, st);
	if (cspdm_session_heartbeat(s, &h->io))
		return "the session does not serve a HEARTBEAT after the flow";
	if (cspdm_session_end(s, &h->io, 0))
		return "the session does not end after the flow";
	return hx_sess_after(s, CSPDM_OK);
}

static cspdm_status open_session(struct hx *h, struct cspdm_context *ctx, struct cspdm_session **s)
{
	struct cspdm_responder_config cfg;
	cspdm_status st;

	hx_rsp_config(&cfg, 0, 0);
	hx_sess_config(h, &cfg, 0);
	app_device(&cfg);
	if (hx_device(h, &cfg))
		return CSPDM_E_INVALID_ARG;
	hx_forget(h);
	st = hx_sess_new(h, ctx, 0, s);
	if (!st)
		st = cspdm_authenticate(ctx, &h->io);
	if (!st)
		st = cspdm_session_open(*s, &h->io);
	hx_clear_counts(h);
	return st;
}

static uint8_t negotiated(const struct cspdm_context *ctx)
{
	struct cspdm_result r;

	return cspdm_get_result(ctx, &r) ? 0 : r.version;
}

const char *hx_app_case(struct hx *h, const struct hx_app_case *c, struct cspdm_context *ctx,
			char *detail, size_t cap)
{
	struct cspdm_session *s = NULL;
	cspdm_error err = {0};
	struct app_flow f;
	uint8_t in_session = 0;
	const char *why;
	cspdm_status st = open_session(h, ctx, &s);

	if (st)
		return "the session did not open";
	app_flow_init(&f, hx_env.req_ops, negotiated(ctx), (enum app_flow_kind)c->flow);
	f.report = report;
	f.report_cap = sizeof(report);
	f.stream_id = c->flow == APP_FLOW_TDISP ? 0 : (uint8_t)c->arg;
	f.function_id = c->flow == APP_FLOW_TDISP && c->arg ? c->arg : HX_TDI;
	h->f = &c->f;
	st = run_flow(h, s, &f, &err, &in_session);
	h->f = NULL;
	snprintf(detail, cap, "%s (field %s, offset %u, device 0x%02x%s, %u replies hit)",
		 cspdm_status_name(st), err.field ? err.field : "-", err.offset, err.device_code,
		 in_session ? ", in the session" : "", h->fired);
	why = outcome(c, st, &err, in_session);
	if (!why && c->f.kind != F_NONE && !h->fired)
		why = "the fault never fired";
	if (!why && h->bad)
		why = "the fault did not fit the message";
	if (!why)
		why = session_after(h, s, st, in_session);
	cspdm_session_deinit(s);
	return why;
}

/* ---- the responder side ---------------------------------------------------------------------- */

static uint8_t nonce[TDISP_NONCE_SIZE]; /* of the last LOCK_INTERFACE_RESPONSE */

static void ide_req(struct app_msg *m, enum app_proto p, uint8_t obj, uint8_t sub)
{
	static const uint8_t key[IDE_KM_KEY_SIZE] = {0x4B},
			     ifv[IDE_KM_CXL_IV_SIZE] = {0, 0, 0, 0, 1};

	m->proto = p;
	m->u.ide.object_id = obj;
	m->u.ide.sub_stream = sub;
	m->u.ide.key = key;
	m->u.ide.ifv = ifv;
}

static void td_req(struct app_msg *m, uint8_t type)
{
	m->proto = APP_TDISP;
	m->u.td.version = TDISP_VERSION_10;
	m->u.td.type = type;
	m->u.td.function_id = HX_TDI;
	m->u.td.lock_flags = 0x0001; /* NO_FW_UPDATE, which the device offers */
	m->u.td.length = APP_FLOW_PORTION;
	m->u.td.nonce = nonce;
}

static void tsp_req(struct app_msg *m, uint8_t op)
{
	static const uint8_t ib[TSP_IB_ENTRIES_SIZE], psk[TSP_PSK_MATERIAL_SIZE];
	static uint8_t range[TSP_RANGE_SIZE] = {0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 1};

	m->proto = APP_CXL_TSP;
	m->u.tsp.version = TSP_VERSION_10;
	m->u.tsp.opcode = op;
	m->u.tsp.enc_features = TSP_ENC_ENABLE;
	m->u.tsp.enc_algs = TSP_ALG_AES_XTS_256;
	m->u.tsp.ib_entries = ib;
	m->u.tsp.psk_material = psk;
	if (op == TSP_SET_TE_STATE) {
		m->u.tsp.te_state = 1;
		m->u.tsp.num_ranges = 1;
		m->u.tsp.tail = range;
		m->u.tsp.tail_len = sizeof(range);
	}
}

/* An honest request of kind base at version v into buf (HX_MSG_MAX); its length. */
static size_t build(uint8_t base, const char *hex, uint8_t v, uint8_t *buf)
{
	static const uint8_t types[] = {TDISP_GET_VERSION,
					TDISP_LOCK_INTERFACE_REQ,
					TDISP_GET_DEVICE_INTERFACE_REPORT,
					TDISP_GET_DEVICE_INTERFACE_STATE,
					TDISP_START_INTERFACE_REQ,
					TDISP_STOP_INTERFACE_REQ};
	static const uint8_t objs[] = {IDE_KM_QUERY, IDE_KM_KEY_PROG, IDE_KM_K_SET_GO,
				       IDE_KM_K_SET_STOP};
	static const uint8_t tsp_ops[] = {TSP_GET_VERSION, TSP_SET_CONFIGURATION,
					  TSP_LOCK_CONFIGURATION, TSP_GET_CONFIGURATION,
					  TSP_SET_TE_STATE};
	struct app_msg m;
	int k;

	memset(&m, 0, sizeof(m));
	if (base == AQ_RAW) {
		k = tu_hex(hex, buf, HX_MSG_MAX);
		return k < 0 ? 0 : (size_t)k;
	}
	if (base >= AQ_QUERY && base <= AQ_STOP)
		ide_req(&m, APP_IDE_KM, objs[base - AQ_QUERY], IDE_KM_SUB_PR);
	else if (base >= AQ_CXL_QUERY && base <= AQ_CXL_GET_KEY)
		ide_req(&m, APP_CXL_IDE_KM,
			base == AQ_CXL_GET_KEY ? IDE_KM_GET_KEY : objs[base - AQ_CXL_QUERY],
			IDE_KM_SUB_CXL);
	else if (base >= AQ_TD_VERSION && base <= AQ_TD_STOP)
		td_req(&m, types[base - AQ_TD_VERSION]);
	else if (base >= AQ_TSP_VERSION && base <= AQ_TSP_TE)
		tsp_req(&m, tsp_ops[base - AQ_TSP_VERSION]);
	return enc(v, &m, buf);
}

/* msg sealed in the open session s; the device's answer opened with s's keys. */
static const char *sealed(struct hx *h, struct cspdm_session *s, const uint8_t *msg, size_t len,
			  const uint8_t **reply, size_t *rlen)
{
	static uint8_t rec[HX_MSG_MAX];
	const struct cspdm_crypto_ops *ops = s->ks.ops;
	size_t off = sec_msg_offset(&s->cfg.binding, s->sec.mac_only), n = 0;
	cspdm_error err = {0};

	if (off + len > sizeof(rec))
		return "the request does not fit a record";
	memcpy(rec + off, msg, len);
	if (sec_seal(ops, &s->sec, SEC_REQ, s->session_id, &s->cfg.binding, rec, sizeof(rec), len,
		     &n))
		return "could not seal the request";
	*rlen = cspdm_responder_process_secured(h->rsp, rec, n, 0, h->out, HX_MSG_MAX);
	if (!*rlen)
		return "the device did not answer";
	if (sec_open(ops, &s->sec, SEC_RSP, s->session_id, &s->cfg.binding, 0, h->out, *rlen, reply,
		     rlen, &err))
		return "the answer did not open with the session's key";
	return NULL;
}

/* The honest requests before the case's, each answered without an error. */
static const char *prelude(struct hx *h, const struct hx_rsp_app_case *rc, struct cspdm_session *s,
			   uint8_t v)
{
	static uint8_t msg[HX_MSG_MAX];
	const uint8_t *r = NULL;
	struct app_msg a;
	size_t i, n;

	memset(nonce, 0, sizeof(nonce));
	for (i = 0; i < sizeof(rc->pre) && rc->pre[i]; i++) {
		n = build(rc->pre[i], NULL, v, msg);
		if (!n || sealed(h, s, msg, n, &r, &n) || dec(r, n, &a) ||
		    (a.proto == APP_TDISP && a.u.td.type == TDISP_ERROR) ||
		    (a.proto == APP_IDE_KM && a.u.ide.object_id == IDE_KM_KP_ACK &&
		     a.u.ide.status) ||
		    (a.proto == APP_CXL_TSP && a.u.tsp.opcode == TSP_ERROR_RSP))
			return "an honest request before the case's was refused";
		if (a.proto == APP_TDISP && a.u.td.type == TDISP_LOCK_INTERFACE_RSP)
			memcpy(nonce, a.u.td.nonce, sizeof(nonce));
	}
	return NULL;
}

static const char *check_answer(const struct hx_rsp_app_case *rc, const uint8_t *r, size_t n)
{
	static char buf[160];
	struct app_msg a;

	if (rc->answer == AA_SPDM)
		return hx_error_answer((uint8_t)rc->code, rc->data, r, n);
	if (dec(r, n, &a))
		snprintf(buf, sizeof(buf), "the answer does not decode (%zu bytes, code 0x%02x)", n,
			 n > 1 ? r[1] : 0);
	else if (rc->answer == AA_TDISP && (a.proto != APP_TDISP || a.u.td.type != TDISP_ERROR ||
					    a.u.td.error_code != rc->code))
		snprintf(buf, sizeof(buf), "expected TDISP_ERROR 0x%04x, got %s 0x%04x", rc->code,
			 app_code_name(a.proto, app_code(&a)), a.u.td.error_code);
	else if (rc->answer == AA_KP_ACK &&
		 (a.proto != APP_IDE_KM || a.u.ide.object_id != IDE_KM_KP_ACK ||
		  a.u.ide.status != rc->code))
		snprintf(buf, sizeof(buf), "expected KP_ACK Status %u, got %s Status %u", rc->code,
			 app_code_name(a.proto, app_code(&a)), a.u.ide.status);
	else if (rc->answer == AA_TSP &&
		 (a.proto != APP_CXL_TSP || a.u.tsp.opcode != TSP_ERROR_RSP ||
		  a.u.tsp.error_code != rc->code))
		snprintf(buf, sizeof(buf), "expected TSP ErrorCode 0x%02x, got %s 0x%02x", rc->code,
			 app_code_name(a.proto, app_code(&a)), (unsigned)a.u.tsp.error_code);
	else
		return NULL;
	return buf;
}

/* The answer due, or for a known bug (rc->now) the ERROR it gives instead. */
static const char *answer_as(const struct hx_rsp_app_case *rc, const uint8_t *r, size_t n,
			     int *known)
{
	const char *due = check_answer(rc, r, n);

	if (!rc->now)
		return due;
	if (!due)
		return "answers as it should now: the known responder bug is fixed, drop its mark";
	*known = 1;
	return hx_error_answer(rc->now, 0, r, n);
}

static const char *send_case(struct hx *h, const struct hx_rsp_app_case *rc,
			     struct cspdm_session *s, uint8_t v, int *known, char *detail,
			     size_t cap)
{
	static uint8_t msg[HX_MSG_MAX], before[sizeof(app_mem)];
	const uint8_t *r = h->out;
	const cspdm_error *e = cspdm_responder_last_error(h->rsp);
	size_t n = build(rc->base, rc->hex, v, msg);
	const char *why = NULL;

	if (!n)
		return "could not build the request";
	if (rc->f.kind != F_NONE)
		n = hx_mutate(h, &rc->f, msg, n, sizeof(msg));
	if (h->bad)
		return "the fault did not fit the request";
	memcpy(before, app_mem, sizeof(app_mem));
	if (rc->clear)
		n = cspdm_responder_process(h->rsp, msg, n, 0, h->out, HX_MSG_MAX);
	else
		why = sealed(h, s, msg, n, &r, &n);
	snprintf(detail, cap, "%zu bytes %02x %02x %02x %02x (%s, field %s)", n, n > 0 ? r[0] : 0,
		 n > 1 ? r[1] : 0, n > 2 ? r[2] : 0, n > 3 ? r[3] : 0, cspdm_status_name(e->code),
		 e->field ? e->field : "-");
	if (!why)
		why = answer_as(rc, r, n, known);
	if (!why && memcmp(before, app_mem, sizeof(app_mem)))
		why = "the device's state changed (keys, key sets, TDI state or nonce)";
	return why;
}

const char *hx_rsp_app_case(struct hx *h, const struct hx_rsp_app_case *rc,
			    struct cspdm_context *ctx, int *known, char *detail, size_t cap)
{
	struct cspdm_session *s = NULL;
	const char *why = NULL;
	uint8_t v;

	if (open_session(h, ctx, &s))
		why = "the session did not open";
	v = negotiated(ctx);
	if (!why)
		why = prelude(h, rc, s, v);
	if (!why)
		why = send_case(h, rc, s, v, known, detail, cap);
	if (!why && cspdm_session_heartbeat(s, &h->io))
		why = "the session does not serve a HEARTBEAT afterwards";
	if (!why && cspdm_session_end(s, &h->io, 0))
		why = "the session does not end afterwards";
	cspdm_session_deinit(s);
	return why;
}
