/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PLDM request headers and responses (src/codec/pldm.c): DSP0240 "PLDM message fields" (Rq,
 * D, Instance ID, Hdr Ver, PLDM Type, PLDM Command Code) and the completion code that starts
 * a response's data; the GetTID request (type 0, command 0x02) as spdm_requester_emu sends it.
 */
#include "testutil.h"

#include <string.h>

#include "codec/pldm.h"

static struct pldm_request g_req;

static cspdm_status dec(const uint8_t *msg, size_t len, uint32_t max_pad, cspdm_error *err)
{
	(void)max_pad;
	memset(&g_req, 0xA5, sizeof(g_req));
	return pldm_decode_request(msg, len, &g_req, err);
}

static void test_get_tid_request(void **state)
{
	static const uint8_t get_tid[] = {0x80 | 0x07, 0x00, 0x02};
	cspdm_error err;

	(void)state;
	assert_int_equal(tu_run(dec, get_tid, sizeof(get_tid), 0, &err), CSPDM_OK);
	assert_int_equal(g_req.datagram, 0);
	assert_int_equal(g_req.instance_id, 7);
	assert_int_equal(g_req.type, PLDM_TYPE_CONTROL);
	assert_int_equal(g_req.command, PLDM_CMD_GET_TID);
	assert_int_equal(g_req.data_len, 0);
	tu_check_truncations(dec, get_tid, sizeof(get_tid));
}

static void test_request_data_and_datagram(void **state)
{
	static const uint8_t req[] = {0xC0 | 0x1F, 0x3F, 0x11, 0xAA, 0xBB};

	(void)state;
	tu_decode_ok(dec, req, sizeof(req)); /* the data is a view into req */
	assert_int_equal(g_req.datagram, 1);
	assert_int_equal(g_req.instance_id, 0x1F);
	assert_int_equal(g_req.type, 0x3F); /* OEM */
	assert_int_equal(g_req.command, 0x11);
	assert_int_equal(g_req.data_len, 2);
	assert_ptr_equal(g_req.data, req + PLDM_HDR_SIZE);
}

static void test_header_rules(void **state)
{
	static const uint8_t get_tid[] = {0x80, 0x00, 0x02};

	(void)state;
	/* Rq = 0: a response, not answered */
	tu_expect_at(dec, get_tid, sizeof(get_tid), 0, 0x00, CSPDM_E_FIELD, "Rq", 0);
	/* byte 1 bit 5 is reserved */
	tu_expect_at(dec, get_tid, sizeof(get_tid), 0, 0xA0, CSPDM_E_RESERVED, "Instance ID", 0);
	/* Hdr Ver other than 00b */
	tu_expect_at(dec, get_tid, sizeof(get_tid), 1, 0x40, CSPDM_E_VERSION_FIELD, "HdrVer", 1);
	tu_expect_at(dec, get_tid, sizeof(get_tid), 1, 0xC0, CSPDM_E_VERSION_FIELD, "HdrVer", 1);
}

static void test_response(void **state)
{
	static const uint8_t want[] = {0x07, 0x00, 0x02, PLDM_CC_SUCCESS, 0x2A};
	static const uint8_t want_err[] = {0x1F, 0x3F, 0x11, PLDM_CC_INVALID_PLDM_TYPE};
	struct pldm_request q = {0, 7, PLDM_TYPE_CONTROL, PLDM_CMD_GET_TID, NULL, 0};
	uint8_t out[8], tid = 0x2A;

	(void)state;
	assert_int_equal(pldm_encode_response(&q, PLDM_CC_SUCCESS, &tid, 1, out, sizeof(out)),
			 sizeof(want));
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(pldm_encode_response(&q, PLDM_CC_SUCCESS, &tid, 1, out, 4), 0);
	q.instance_id = 0x1F;
	q.type = 0x3F;
	q.command = 0x11;
	assert_int_equal(
	    pldm_encode_response(&q, PLDM_CC_INVALID_PLDM_TYPE, NULL, 0, out, sizeof(out)), 4);
	assert_memory_equal(out, want_err, sizeof(want_err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_tid_request),
	    cmocka_unit_test(test_request_data_and_datagram),
	    cmocka_unit_test(test_header_rules),
	    cmocka_unit_test(test_response),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
