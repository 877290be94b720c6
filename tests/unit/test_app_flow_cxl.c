/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CXL IDE_KM and CXL TSP requester flows (src/core/app_flow_cxl.c) against a scripted peer
 * that decodes each request with the codec and answers it: the order of the requests, the
 * KeySubStream of each, the device's GET_KEY_ACK key used for KEY_PROG RX and zeroed, fresh
 * TX keys, SET_CONFIGURATION's PSKs for the secondary sessions the device offers, the report
 * in portions; and the peer lying: a KP_ACK failure, an ACK for another stream, a TSP Error,
 * a report whose remainder changes, a secondary session finding the configuration unlocked.
 */
#include <string.h>

#include "testutil.h"
#include "core/app_flow.h"

#define VER 0x13

struct peer {
	uint8_t caps;	     /* CXL IDE_KM QUERY_RESP Caps */
	uint8_t kp_status;   /* KP_ACK Status */
	uint8_t ack_stream;  /* added to the stream ID of K_GOSTOP_ACK */
	uint8_t tsp_state;   /* CurrentTSPState reported (before the lock) */
	uint8_t n_secondary; /* NumberOfSecondarySessions */
	uint16_t report_len;
	uint8_t lie_remainder, tsp_error; /* add 1 to the second RemainderLength; Error for it */
	uint8_t locked;
	/* what the requester sent */
	uint8_t codes[32], subs[32];
	size_t n;
	uint8_t keys[4][32], ivs[4][12];
	size_t n_keys;
	uint16_t validity, offsets[8], lengths[8];
	size_t n_portions;
	uint8_t psk[128];
};

static const uint8_t dev_key[32] = {0xAA, 0xBB, 0xCC};
static const uint8_t dev_iv[12] = {0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0};
static uint8_t report[0x1000], regs[36], counter;

static cspdm_status p_random(void *priv, uint8_t *out, size_t n)
{
	size_t i;

	(void)priv;
	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(++counter | 1);
	return CSPDM_OK;
}

static struct cspdm_crypto_ops ops;

static void ide_answer(struct peer *p, const struct ide_km_msg *q, struct app_msg *r)
{
	r->u.ide = *q;
	r->u.ide.object_id = (uint8_t)(q->object_id + 1);
	p->subs[p->n] = q->sub_stream;
	if (q->object_id == IDE_KM_QUERY) {
		r->u.ide.max_port_index = 7;
		r->u.ide.caps = p->caps;
		r->u.ide.tail = regs;
		r->u.ide.tail_len = sizeof(regs);
	} else if (q->object_id == IDE_KM_KEY_PROG) {
		memcpy(p->keys[p->n_keys], q->key, 32);
		memcpy(p->ivs[p->n_keys++], q->ifv, 12);
		r->u.ide.key = r->u.ide.ifv = NULL;
		r->u.ide.status = p->kp_status;
	} else if (q->object_id == IDE_KM_GET_KEY) {
		r->u.ide.key = dev_key;
		r->u.ide.ifv = dev_iv;
	} else {
		r->u.ide.object_id = IDE_KM_K_GOSTOP_ACK;
		r->u.ide.stream_id = (uint8_t)(q->stream_id + p->ack_stream);
	}
}

static void tsp_report(struct peer *p, const struct cxl_tsp_msg *q, struct cxl_tsp_msg *r)
{
	uint16_t left = (uint16_t)(p->report_len - q->offset);

	p->offsets[p->n_portions] = q->offset;
	p->lengths[p->n_portions++] = q->length;
	r->portion_len = left < q->length ? left : q->length;
	r->remainder_len = (uint16_t)(left - r->portion_len);
	r->remainder_len = (uint16_t)(r->remainder_len + (q->offset && p->lie_remainder));
	r->tail = report + q->offset;
	r->tail_len = r->portion_len;
}

static void tsp_answer(struct peer *p, const struct cxl_tsp_msg *q, struct app_msg *r)
{
	struct cxl_tsp_msg *t = &r->u.tsp;

	t->version = TSP_VERSION_10;
	t->opcode = (uint8_t)(q->opcode & 0x7F);
	if (q->opcode == TSP_GET_VERSION) {
		t->ver_count = 1;
		t->tail = (const uint8_t *)"\x10";
		t->tail_len = 1;
	} else if (q->opcode == TSP_GET_CAPABILITIES) {
		t->enc_features = 0x1F;
		t->enc_algs = 3;
		t->te_features = 0x3F;
		t->cfg_features = p->n_secondary ? 3 : 1;
		t->num_secondary = p->n_secondary;
	} else if (q->opcode == TSP_SET_CONFIGURATION) {
		p->validity = q->validity_flags;
		memcpy(p->psk, q->psk_material, sizeof(p->psk));
	} else if (q->opcode == TSP_GET_CONFIGURATION) {
		t->state = p->locked ? TSP_CONFIG_LOCKED : p->tsp_state;
		t->ib_entries = report;
	} else if (q->opcode == TSP_GET_CONFIGURATION_REPORT) {
		tsp_report(p, q, t);
	} else if (q->opcode == TSP_LOCK_CONFIGURATION) {
		p->locked = 1;
	}
	if (q->opcode == TSP_GET_CONFIGURATION_REPORT && q->offset && p->tsp_error) {
		memset(t, 0, sizeof(*t));
		t->version = TSP_VERSION_10;
		t->opcode = TSP_ERROR_RSP;
		t->error_code = TSP_ERR_INVALID_REQUEST;
	}
}

/* Decode the request, answer it. */
static void answer(struct peer *p, const uint8_t *req, size_t len, uint8_t *rsp, size_t *rsp_len)
{
	struct spdm_neg n = {0};
	struct app_msg q, r;
	cspdm_error err;

	n.version = VER;
	assert_int_equal(app_dec(&n, req, len, &q, &err), CSPDM_OK);
	assert_true(p->n < sizeof(p->codes));
	p->codes[p->n] = app_code(&q);
	memset(&r, 0, sizeof(r));
	r.proto = q.proto;
	if (q.proto == APP_CXL_IDE_KM)
		ide_answer(p, &q.u.ide, &r);
	else
		tsp_answer(p, &q.u.tsp, &r);
	p->n++;
	assert_int_equal(app_enc(VER, &r, rsp, 4096, rsp_len), CSPDM_OK);
}

static cspdm_status run(struct peer *p, struct app_flow *f, enum app_flow_kind kind,
			cspdm_error *err)
{
	static uint8_t req[4096], rsp[4096];
	size_t req_len = 0, rsp_len = 0;
	cspdm_status st;

	ops.random = p_random;
	app_flow_init(f, &ops, VER, kind);
	f->report = report;
	f->report_cap = sizeof(report);
	memset(err, 0, sizeof(*err));
	st = app_flow_next(f, NULL, 0, req, sizeof(req), &req_len, err);
	while (!st && req_len) {
		answer(p, req, req_len, rsp, &rsp_len);
		st = app_flow_next(f, rsp, rsp_len, req, sizeof(req), &req_len, err);
	}
	return st;
}

static int all_zero(const uint8_t *b, size_t n)
{
	while (n--)
		if (*b++)
			return 0;
	return 1;
}

/* A device that generates keys and IVs: GET_KEY, its key and IV for RX (bit 3: not the
 * initial IV), a fresh key and the initial IV for TX, K_SET_GO RX and TX. */
static void test_cxl_ide_setup_device_keys(void **state)
{
	static const uint8_t want[] = {IDE_KM_QUERY,	IDE_KM_GET_KEY,	 IDE_KM_KEY_PROG,
				       IDE_KM_KEY_PROG, IDE_KM_K_SET_GO, IDE_KM_K_SET_GO};
	static const uint8_t iv0[12] = {0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 0, 0};
	struct peer p = {.caps = 0x71};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	assert_int_equal(run(&p, &f, APP_FLOW_CXL_IDE_SETUP, &err), CSPDM_OK);
	assert_int_equal(p.n, sizeof(want));
	assert_memory_equal(p.codes, want, sizeof(want));
	assert_int_equal(p.subs[2], 0x88);
	assert_int_equal(p.subs[3], 0x82);
	assert_int_equal(p.subs[4], 0x80);
	assert_int_equal(p.subs[5], 0x82);
	assert_memory_equal(p.keys[0], dev_key, 32);
	assert_memory_equal(p.ivs[0], dev_iv, 12);
	assert_memory_not_equal(p.keys[1], dev_key, 32);
	assert_memory_equal(p.ivs[1], iv0, 12);
	assert_int_equal(f.programmed, 2);
	assert_int_equal(f.started, 2);
	assert_true(all_zero(f.cxl_key, sizeof(f.cxl_key)) && all_zero(f.cxl_iv, 12));
}

/* No generation: no GET_KEY, two fresh keys, the initial IV both ways. */
static void test_cxl_ide_setup_host_keys(void **state)
{
	struct peer p = {.caps = 0x01};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	assert_int_equal(run(&p, &f, APP_FLOW_CXL_IDE_SETUP, &err), CSPDM_OK);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.codes[1], IDE_KM_KEY_PROG);
	assert_int_equal(p.subs[1], 0x80);
	assert_false(all_zero(p.keys[0], 32));
	assert_memory_not_equal(p.keys[0], p.keys[1], 32);
}

static void test_cxl_ide_stop(void **state)
{
	struct peer p = {.caps = 0x41}, q = {.caps = 0x01};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	assert_int_equal(run(&p, &f, APP_FLOW_CXL_IDE_STOP, &err), CSPDM_OK);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.codes[1], IDE_KM_K_SET_STOP);
	assert_int_equal(p.subs[2], 0x82);
	assert_int_equal(f.started, 2);
	assert_int_equal(run(&q, &f, APP_FLOW_CXL_IDE_STOP, &err), CSPDM_OK); /* no K_SET_STOP */
	assert_int_equal(q.n, 1);
	assert_int_equal(f.started, 0);
}

static void test_cxl_ide_hostile(void **state)
{
	struct peer p = {.caps = 0x01, .kp_status = 1}, q = {.caps = 0x01, .ack_stream = 1};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	tu_expect_err(run(&p, &f, APP_FLOW_CXL_IDE_SETUP, &err), &err, CSPDM_E_DEVICE_ERROR,
		      "KP_ACK Status (failure)", 16);
	tu_expect_err(run(&q, &f, APP_FLOW_CXL_IDE_SETUP, &err), &err, CSPDM_E_FIELD,
		      "Stream ID (another stream)", 15);
}

/* The primary flow: its order, the configuration set with PSKs for two secondary sessions,
 * a report of 700 bytes in two portions, CONFIG_UNLOCKED then CONFIG_LOCKED. */
static void test_cxl_tsp_primary(void **state)
{
	static const uint8_t want[] = {
	    TSP_GET_VERSION,	    TSP_GET_CAPABILITIES,	  TSP_SET_CONFIGURATION,
	    TSP_GET_CONFIGURATION,  TSP_GET_CONFIGURATION_REPORT, TSP_GET_CONFIGURATION_REPORT,
	    TSP_LOCK_CONFIGURATION, TSP_GET_CONFIGURATION,	  TSP_SET_TE_STATE,
	    TSP_SET_TE_STATE};
	struct peer p = {.n_secondary = 2, .report_len = 700};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	tu_fill(report, 700, 1);
	assert_int_equal(run(&p, &f, APP_FLOW_CXL_TSP, &err), CSPDM_OK);
	assert_int_equal(p.n, sizeof(want));
	assert_memory_equal(p.codes, want, sizeof(want));
	assert_int_equal(p.validity, 3);
	assert_int_equal(f.tsp_valid, 3);
	assert_false(all_zero(p.psk, 64));
	assert_true(all_zero(p.psk + 64, 64));
	assert_memory_equal(p.psk, f.tsp_psk, 64);
	assert_int_equal(p.offsets[1], 0x200);
	assert_int_equal(p.lengths[0], 0x200);
	assert_int_equal(p.lengths[1], 700 - 0x200);
	assert_int_equal(f.report_len, 700);
	assert_int_equal(f.states[0], TSP_CONFIG_UNLOCKED);
	assert_int_equal(f.states[1], TSP_CONFIG_LOCKED);
	assert_int_equal(f.te_states, 2);
	app_flow_wipe(&f);
	assert_true(all_zero(f.tsp_psk, sizeof(f.tsp_psk)));
}

static void test_cxl_tsp_secondary(void **state)
{
	struct peer p = {.locked = 1, .report_len = 16}, q = {.report_len = 16};
	struct app_flow f;
	cspdm_error err;
	uint8_t hint[APP_FLOW_TSP_HINT_LEN];

	(void)state;
	assert_int_equal(run(&p, &f, APP_FLOW_CXL_TSP_2ND, &err), CSPDM_OK);
	assert_int_equal(p.n, 7);
	assert_int_equal(p.codes[2], TSP_GET_CONFIGURATION);
	assert_int_equal(f.tsp_valid, 0);
	tu_expect_err(run(&q, &f, APP_FLOW_CXL_TSP_2ND, &err), &err, CSPDM_E_FIELD,
		      "CurrentTSPState (not the state expected)", 48);
	app_flow_tsp_hint(2, hint);
	assert_memory_equal(hint, "SECONDARY_SESSION_2_PSK", APP_FLOW_TSP_HINT_LEN);
}

static void test_cxl_tsp_hostile(void **state)
{
	struct peer p = {.report_len = 700, .lie_remainder = 1};
	struct peer q = {.report_len = 700, .tsp_error = 1};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	tu_expect_err(run(&p, &f, APP_FLOW_CXL_TSP, &err), &err, CSPDM_E_LENGTH,
		      "RemainderLength (not what the portions add to)", 18);
	tu_expect_err(run(&q, &f, APP_FLOW_CXL_TSP, &err), &err, CSPDM_E_DEVICE_ERROR,
		      "TSP Error Response", 16);
	assert_int_equal(err.device_code, TSP_ERR_INVALID_REQUEST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cxl_ide_setup_device_keys),
	    cmocka_unit_test(test_cxl_ide_setup_host_keys),
	    cmocka_unit_test(test_cxl_ide_stop),
	    cmocka_unit_test(test_cxl_ide_hostile),
	    cmocka_unit_test(test_cxl_tsp_primary),
	    cmocka_unit_test(test_cxl_tsp_secondary),
	    cmocka_unit_test(test_cxl_tsp_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
