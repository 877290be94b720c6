/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TDISP messages (PCIe Base 6.1 §11.3 "TDISP Messages"): a 16-byte header (TDISPVersion,
 * MessageType, 2 reserved bytes, INTERFACE_ID = FUNCTION_ID and 8 reserved bytes), then per
 * message (§11.3.1 .. §11.3.17): GET_VERSION/VERSION, GET_TDISP_CAPABILITIES/TDISP_CAPABILITIES,
 * LOCK_INTERFACE_REQUEST/RESPONSE (with START_INTERFACE_NONCE), GET_DEVICE_INTERFACE_REPORT/
 * DEVICE_INTERFACE_REPORT (a portion of the report at OFFSET, PORTION_LENGTH and
 * REMAINDER_LENGTH), GET_DEVICE_INTERFACE_STATE/DEVICE_INTERFACE_STATE, START_INTERFACE_
 * REQUEST/RESPONSE, STOP_INTERFACE_REQUEST/RESPONSE, and TDISP_ERROR (ERROR_CODE, ERROR_DATA,
 * extended error data).
 */
#include <string.h>

#include "app.h"
#include "codec/reader.h"
#include "codec/writer.h"

#define M struct tdisp_msg
static const struct app_field f_hdr[] = {
    AF_N(M, version, "TDISPVersion"), AF_N(M, type, "MessageType"), AF_R(2, "Reserved"),
    AF_N(M, function_id, "INTERFACE_ID.FUNCTION_ID"), AF_R(8, "INTERFACE_ID.Reserved")};
static const struct app_field f_version[] = {AF_N(M, ver_count, "VERSION_NUM_COUNT")};
static const struct app_field f_get_caps[] = {AF_N(M, tsm_caps, "TSM_CAPS")};
static const struct app_field f_caps[] = {
    AF_N(M, dsm_caps, "DSM_CAPS"),
    AF_V(M, req_msg_supported, TDISP_REQ_MSG_SUPPORTED_SIZE, "REQ_MSGS_SUPPORTED"),
    AF_N(M, lock_flags_supported, "LOCK_INTERFACE_FLAGS_SUPPORTED"),
    AF_R(3, "Reserved"),
    AF_N(M, dev_addr_width, "DEV_ADDR_WIDTH"),
    AF_N(M, num_req_this, "NUM_REQ_THIS"),
    AF_N(M, num_req_all, "NUM_REQ_ALL")};
static const struct app_field f_lock[] = {
    AF_N(M, lock_flags, "FLAGS"), AF_N(M, default_stream_id, "DEFAULT_STREAM_ID"),
    AF_R(1, "Reserved"), AF_N(M, mmio_reporting_offset, "MMIO_REPORTING_OFFSET"),
    AF_N(M, bind_p2p_mask, "BIND_P2P_ADDRESS_MASK")};
static const struct app_field f_nonce[] = {
    AF_V(M, nonce, TDISP_NONCE_SIZE, "START_INTERFACE_NONCE")};
static const struct app_field f_get_report[] = {AF_N(M, offset, "OFFSET"),
						AF_N(M, length, "LENGTH")};
static const struct app_field f_report[] = {AF_N(M, portion_len, "PORTION_LENGTH"),
					    AF_N(M, remainder_len, "REMAINDER_LENGTH")};
static const struct app_field f_state[] = {AF_N(M, state, "TDI_STATE")};
static const struct app_field f_error[] = {AF_N(M, error_code, "ERROR_CODE"),
					   AF_N(M, error_data, "ERROR_DATA")};
#undef M
#define N(t) (sizeof(t) / sizeof((t)[0]))

static const struct app_body bodies[] = {
    {TDISP_GET_VERSION, 0, 0, NULL},
    {TDISP_VERSION, N(f_version), 1, f_version},
    {TDISP_GET_CAPABILITIES, N(f_get_caps), 0, f_get_caps},
    {TDISP_CAPABILITIES, N(f_caps), 0, f_caps},
    {TDISP_LOCK_INTERFACE_REQ, N(f_lock), 0, f_lock},
    {TDISP_LOCK_INTERFACE_RSP, N(f_nonce), 0, f_nonce},
    {TDISP_GET_DEVICE_INTERFACE_REPORT, N(f_get_report), 0, f_get_report},
    {TDISP_DEVICE_INTERFACE_REPORT, N(f_report), 1, f_report},
    {TDISP_GET_DEVICE_INTERFACE_STATE, 0, 0, NULL},
    {TDISP_DEVICE_INTERFACE_STATE, N(f_state), 0, f_state},
    {TDISP_START_INTERFACE_REQ, N(f_nonce), 0, f_nonce},
    {TDISP_START_INTERFACE_RSP, 0, 0, NULL},
    {TDISP_STOP_INTERFACE_REQ, 0, 0, NULL},
    {TDISP_STOP_INTERFACE_RSP, 0, 0, NULL},
    {TDISP_ERROR, N(f_error), 1, f_error},
};

static const struct app_desc desc = {f_hdr,
				     N(f_hdr),
				     TDISP_VERSION_10,
				     offsetof(struct tdisp_msg, version),
				     offsetof(struct tdisp_msg, type),
				     "TDISPVersion",
				     "MessageType",
				     bodies,
				     N(bodies)};

/* The semantics of a decoded message; at: the offset of its body. */
static cspdm_status check(const struct tdisp_msg *m, size_t at, cspdm_error *err)
{
	if (m->type == TDISP_VERSION && (!m->ver_count || m->tail_len != m->ver_count))
		return spdm_fail(err, CSPDM_E_COUNT, "VERSION_NUM_COUNT", at);
	if (m->type == TDISP_DEVICE_INTERFACE_REPORT && m->tail_len != m->portion_len)
		return spdm_fail(err, CSPDM_E_LENGTH, "PORTION_LENGTH", at);
	if (m->type == TDISP_LOCK_INTERFACE_REQ && (m->lock_flags & ~TDISP_LOCK_FLAGS_MASK))
		return spdm_fail(err, CSPDM_E_RESERVED, "FLAGS", at);
	if (m->type == TDISP_CAPABILITIES && (m->lock_flags_supported & ~TDISP_LOCK_FLAGS_MASK))
		return spdm_fail(err, CSPDM_E_RESERVED, "LOCK_INTERFACE_FLAGS_SUPPORTED", at + 20);
	if (m->type == TDISP_DEVICE_INTERFACE_STATE && m->state > TDISP_STATE_ERROR)
		return spdm_fail(err, CSPDM_E_FIELD, "TDI_STATE", at);
	return CSPDM_OK;
}

cspdm_status tdisp_dec(struct rd *r, int request, struct tdisp_msg *m, cspdm_error *err)
{
	size_t at = 0;
	cspdm_status st;

	memset(m, 0, sizeof(*m));
	st = app_rd_msg(r, &desc, request, m, &m->tail, &m->tail_len, &at, err);
	return st ? st : check(m, at, err);
}

void tdisp_enc(struct wr *w, const struct tdisp_msg *m)
{
	app_wr_msg(w, &desc, m, m->tail, m->tail_len);
}
