/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The IDE_KM and TDISP requester flows (src/core/app_flow.c) against a scripted device that
 * answers each request honestly with the codec, and then lies in one byte of one response or
 * in how it cuts the report: each ACK check with its own field (stream, key set, direction,
 * substream, port), the KP_ACK Status named, TDISP VERSION without 1.0, TDISP_ERROR named by its
 * code, a report portion beyond the LENGTH asked, a REMAINDER_LENGTH that changes.
 */
#include <string.h>

#include "testutil.h"
#include "core/app_flow.h"

#define VER	0x12
#define TDI	0xbeef
#define REPORT	700 /* two portions of APP_FLOW_PORTION at most */
#define AT_TYPE 13

struct dev {
	unsigned n;	/* responses so far */
	unsigned nth;	/* the response that lies (from 1; 0: none) */
	size_t at;	/* ... in the byte at (width 1 or 2) */
	uint16_t val;	/* ... set to val */
	uint8_t width;	/* 0: no byte changed */
	uint8_t extra;	/* ... or its report portion has this many more bytes */
	uint32_t error; /* ... or it is TDISP_ERROR with this code */
	uint8_t state;	/* the TDI's */
	uint8_t rep[1024];
};

static const uint8_t nonce[TDISP_NONCE_SIZE] = {0x4E};
static const uint8_t versions[] = {TDISP_VERSION_10};
static const uint8_t regs[8]; /* IDE Capability and Control: no streams announced */
static const uint8_t info[REPORT] = {0x49};
static uint8_t counter;

static cspdm_status d_random(void *priv, uint8_t *out, size_t n)
{
	(void)priv;
	while (n--)
		*out++ = ++counter;
	return CSPDM_OK;
}

static void ide_answer(struct ide_km_msg *q)
{
	if (q->object_id == IDE_KM_QUERY) {
		q->max_port_index = 3;
		q->tail = regs;
		q->tail_len = sizeof(regs);
	}
	q->object_id = q->object_id == IDE_KM_K_SET_STOP ? IDE_KM_K_GOSTOP_ACK
		       : q->object_id == IDE_KM_K_SET_GO ? IDE_KM_K_GOSTOP_ACK
							 : (uint8_t)(q->object_id + 1);
	q->key = q->ifv = NULL;
}

static void td_answer(struct dev *d, struct tdisp_msg *t)
{
	size_t left = REPORT - t->offset;

	t->type = (uint8_t)(t->type & 0x7F);
	if (t->type == TDISP_VERSION) {
		t->ver_count = 1;
		t->tail = versions;
		t->tail_len = 1;
	} else if (t->type == TDISP_LOCK_INTERFACE_RSP) {
		t->nonce = nonce;
		d->state = TDISP_CONFIG_LOCKED;
	} else if (t->type == TDISP_DEVICE_INTERFACE_REPORT) {
		t->portion_len = (uint16_t)((left < t->length ? left : t->length) + d->extra);
		t->remainder_len = (uint16_t)(left - t->portion_len);
		t->tail = d->rep + t->offset;
		t->tail_len = t->portion_len;
	} else if (t->type == TDISP_DEVICE_INTERFACE_STATE) {
		t->state = d->state;
	} else if (t->type == TDISP_START_INTERFACE_RSP) {
		t->nonce = NULL;
		d->state = TDISP_RUN;
	} else if (t->type == TDISP_STOP_INTERFACE_RSP) {
		d->state = TDISP_CONFIG_UNLOCKED;
	}
}

/* The request decoded, answered, encoded; then the lie. */
static size_t answer(struct dev *d, const uint8_t *req, size_t len, uint8_t *rsp)
{
	struct spdm_neg n = {0};
	struct app_msg m;
	cspdm_error err;
	size_t out = 0;

	n.version = VER;
	assert_int_equal(app_dec(&n, req, len, &m, &err), CSPDM_OK);
	d->n++;
	if (m.proto == APP_TDISP)
		td_answer(d, &m.u.td);
	else
		ide_answer(&m.u.ide);
	if (d->n == d->nth && d->error) { /* the header stays: version, interface */
		m.u.td.type = TDISP_ERROR;
		m.u.td.error_code = d->error;
		m.u.td.tail_len = 0;
	}
	assert_int_equal(app_enc(VER, &m, rsp, 4096, &out), CSPDM_OK);
	if (d->n == d->nth && d->width == 1)
		rsp[d->at] = (uint8_t)d->val;
	if (d->n == d->nth && d->width == 2) {
		rsp[d->at] = (uint8_t)d->val;
		rsp[d->at + 1] = (uint8_t)(d->val >> 8);
	}
	return out;
}

static cspdm_status run(struct dev *d, struct app_flow *f, enum app_flow_kind kind,
			cspdm_error *err)
{
	static struct cspdm_crypto_ops ops;
	static uint8_t req[4096], rsp[4096], report[2048];
	struct tdisp_report rep;
	size_t req_len = 0, rsp_len;
	cspdm_status st;

	memset(&rep, 0, sizeof(rep));
	rep.range_count = 1;
	rep.range[0] = (struct tdisp_mmio_range){0xD0000, 4, 0, 0};
	rep.dev_info_len = REPORT - 36;
	rep.dev_info = info;
	assert_int_equal(tdisp_enc_report(&rep, d->rep, sizeof(d->rep), &rsp_len), CSPDM_OK);
	ops.random = d_random;
	app_flow_init(f, &ops, VER, kind);
	f->function_id = TDI;
	f->report = report;
	f->report_cap = sizeof(report);
	memset(err, 0, sizeof(*err));
	st = app_flow_next(f, NULL, 0, req, sizeof(req), &req_len, err);
	while (!st && req_len) {
		rsp_len = answer(d, req, req_len, rsp);
		st = app_flow_next(f, rsp, rsp_len, req, sizeof(req), &req_len, err);
	}
	return st;
}

/* nth response, byte at set to val: the flow's status, field and offset. */
static void lie(enum app_flow_kind kind, unsigned nth, size_t at, uint8_t val, cspdm_status code,
		const char *field, uint32_t off)
{
	struct dev d = {.nth = nth, .at = at, .val = val, .width = 1};
	struct app_flow f;
	cspdm_error err;

	tu_expect_err(run(&d, &f, kind, &err), &err, code, field, off);
}

static void test_ide_setup(void **state)
{
	struct dev d = {0};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	assert_int_equal(run(&d, &f, APP_FLOW_IDE_SETUP, &err), CSPDM_OK);
	assert_int_equal(d.n, 13);
	assert_int_equal(f.programmed, 6);
	assert_int_equal(f.started, 6);
}

/* The 2nd response is the first KP_ACK, the 3rd its K_GOSTOP_ACK. */
static void test_ide_acks(void **state)
{
	(void)state;
	lie(APP_FLOW_IDE_SETUP, 2, 15, 1, CSPDM_E_FIELD, "Stream ID (another stream)", 15);
	lie(APP_FLOW_IDE_SETUP, 2, 17, 0x01, CSPDM_E_FIELD, "KeySubStream (another key set)", 17);
	lie(APP_FLOW_IDE_SETUP, 3, 17, 0x01, CSPDM_E_FIELD, "KeySubStream (another key set)", 17);
	lie(APP_FLOW_IDE_SETUP, 2, 17, 0x02, CSPDM_E_FIELD, "KeySubStream (another direction)", 17);
	lie(APP_FLOW_IDE_SETUP, 2, 17, 0x20, CSPDM_E_FIELD, "KeySubStream (not the request's)", 17);
	lie(APP_FLOW_IDE_SETUP, 3, 18, 2, CSPDM_E_FIELD, "PortIndex (another port)", 18);
	lie(APP_FLOW_IDE_SETUP, 2, 12, IDE_KM_K_GOSTOP_ACK, CSPDM_E_RESPONSE_CODE,
	    "ObjectID (another ACK)", 12);
	lie(APP_FLOW_IDE_SETUP, 1, 14, 1, CSPDM_E_FIELD, "PortIndex (another port)", 14);
	lie(APP_FLOW_IDE_SETUP, 2, 16, 1, CSPDM_E_DEVICE_ERROR, "KP_ACK Status (incorrect length)",
	    16);
	lie(APP_FLOW_IDE_SETUP, 4, 16, 2, CSPDM_E_DEVICE_ERROR,
	    "KP_ACK Status (unsupported PortIndex)", 16);
	lie(APP_FLOW_IDE_SETUP, 6, 16, 3, CSPDM_E_DEVICE_ERROR, "KP_ACK Status (unsupported value)",
	    16);
	lie(APP_FLOW_IDE_SETUP, 12, 16, 4, CSPDM_E_DEVICE_ERROR,
	    "KP_ACK Status (unspecified failure)", 16);
	lie(APP_FLOW_IDE_STOP, 7, 17, 0x23, CSPDM_E_FIELD, "KeySubStream (another key set)", 17);
}

static void test_tdisp(void **state)
{
	struct dev d = {0};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	assert_int_equal(run(&d, &f, APP_FLOW_TDISP, &err), CSPDM_OK);
	assert_int_equal(d.n, 11); /* the report in two portions */
	assert_int_equal(f.report_len, REPORT);
	assert_int_equal(f.rep.range_count, 1);
	assert_int_equal(f.n_states, 4);
}

/* Responses: 1 VERSION, 2 CAPABILITIES, 3 state, 4 LOCK, 5 state, 6 and 7 the report. */
static void test_tdisp_hostile(void **state)
{
	struct dev big = {.nth = 6, .extra = 1};
	struct dev nonce_err = {.nth = 8, .error = TDISP_ERR_INVALID_NONCE};
	struct dev odd_err = {.nth = 1, .error = 0x9999};
	struct app_flow f;
	cspdm_error err;

	(void)state;
	lie(APP_FLOW_TDISP, 1, 29, 0x20, CSPDM_E_NO_COMMON_VERSION,
	    "VERSION_NUM_ENTRY (no TDISP 1.0)", 29);
	lie(APP_FLOW_TDISP, 7, 30, 1, CSPDM_E_LENGTH,
	    "REMAINDER_LENGTH (not what the portions add to)", 30);
	lie(APP_FLOW_TDISP, 6, 30, 187, CSPDM_E_LENGTH,
	    "REMAINDER_LENGTH (not what the portions add to)", 30);
	lie(APP_FLOW_TDISP, 5, 28, TDISP_CONFIG_UNLOCKED, CSPDM_E_FIELD,
	    "TDI_STATE (not the state expected)", 28);
	lie(APP_FLOW_TDISP, 8, 16, 0xEE, CSPDM_E_FIELD, "INTERFACE_ID (another interface)", 16);
	lie(APP_FLOW_TDISP, 10, AT_TYPE, TDISP_START_INTERFACE_RSP, CSPDM_E_RESPONSE_CODE,
	    "MessageType (another response)", AT_TYPE);
	tu_expect_err(run(&big, &f, APP_FLOW_TDISP, &err), &err, CSPDM_E_LENGTH,
		      "PORTION_LENGTH (beyond LENGTH)", 28);
	tu_expect_err(run(&nonce_err, &f, APP_FLOW_TDISP, &err), &err, CSPDM_E_DEVICE_ERROR,
		      "TDISP_ERROR (INVALID_NONCE)", 28);
	assert_int_equal(err.device_code, 0x02);
	tu_expect_err(run(&odd_err, &f, APP_FLOW_TDISP, &err), &err, CSPDM_E_DEVICE_ERROR,
		      "TDISP_ERROR (an ERROR_CODE TDISP does not define)", 28);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ide_setup),
	    cmocka_unit_test(test_ide_acks),
	    cmocka_unit_test(test_tdisp),
	    cmocka_unit_test(test_tdisp_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
