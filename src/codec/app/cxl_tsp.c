/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CXL TSP messages (CXL 3.1 §11.5.4 "TSP Request/Response messages"): TSPVersion, Opcode, then
 * per opcode: Get Target TSP Version (and its response with the version entries), Get Target
 * Capabilities, Set Target Configuration (with the secondary-session PSK key material: a
 * secret), Get Target Configuration (with the current TSP state), Get Target Configuration
 * Report (a portion at Offset, PortionLength, RemainderLength), Lock Target Configuration, Set
 * Target TE State (memory ranges of 16 bytes), Delayed Response, and Error Response.
 */
#include <string.h>

#include "app.h"
#include "codec/reader.h"
#include "codec/writer.h"

#define M struct cxl_tsp_msg
static const struct app_field f_hdr[] = {AF_N(M, version, "TSPVersion"), AF_N(M, opcode, "Opcode")};
static const struct app_field f_rsv[] = {AF_R(2, "Reserved")};
static const struct app_field f_version_rsp[] = {AF_R(2, "Reserved"),
						 AF_N(M, ver_count, "VersionNumberEntryCount")};
static const struct app_field f_caps_rsp[] = {
    AF_N(M, enc_features, "MemoryEncryptionFeaturesSupported"),
    AF_N(M, enc_algs, "MemoryEncryptionAlgorithmsSupported"),
    AF_N(M, range_keys, "MemoryEncryptionNumberOfRangeBasedKeys"),
    AF_R(2, "Reserved"),
    AF_N(M, te_features, "TEStateChangeAndAccessControlFeaturesSupported"),
    AF_R(2, "Reserved"),
    AF_N(M, oob_granularity, "SupportedExplicitOOBTEStateGranularity"),
    AF_N(M, ib_granularity, "SupportedExplicitIBTEStateGranularity"),
    AF_N(M, cfg_features, "ConfigurationFeaturesSupported"),
    AF_R(2, "Reserved"),
    AF_N(M, num_ckids, "NumberOfCKIDs"),
    AF_N(M, num_secondary, "NumberOfSecondarySessions"),
    AF_R(0x13, "Reserved")};
/* The configuration as set and as reported; the state byte only in the report. */
#define CFG_COMMON                                                                                 \
	AF_N(M, enc_features, "MemoryEncryptionFeaturesEnable"),                                   \
	    AF_N(M, enc_algs, "MemoryEncryptionAlgorithmSelect"), AF_R(4, "Reserved"),             \
	    AF_N(M, te_features, "TEStateChangeAndAccessControlFeaturesEnable"),                   \
	    AF_R(2, "Reserved"), AF_N(M, oob_granularity, "ExplicitOOBTEStateGranularity"),        \
	    AF_R(4, "Reserved"), AF_N(M, cfg_features, "ConfigurationFeaturesEnable"),             \
	    AF_R(2, "Reserved"), AF_N(M, ckid_base, "CKIDBase"),                                   \
	    AF_N(M, num_ckids, "NumberOfCKIDs")
static const struct app_field f_set_cfg[] = {
    CFG_COMMON,
    AF_R(0xC, "Reserved"),
    AF_V(M, ib_entries, TSP_IB_ENTRIES_SIZE, "ExplicitIBTEStateGranularityEntry"),
    AF_R(0x10, "Reserved"),
    AF_N(M, validity_flags, "ConfigurationValidityFlags"),
    AF_R(0xE, "Reserved"),
    AF_N(M, ckid_type, "SecondarySessionCKIDType"),
    AF_R(0xF, "Reserved"),
    AF_V(M, psk_material, TSP_PSK_MATERIAL_SIZE, "SecondarySessionPSKKeyMaterial")};
static const struct app_field f_get_cfg_rsp[] = {
    CFG_COMMON, AF_N(M, state, "CurrentTSPState"), AF_R(0xB, "Reserved"),
    AF_V(M, ib_entries, TSP_IB_ENTRIES_SIZE, "ExplicitIBTEStateGranularityEntry"),
    AF_R(0x10, "Reserved")};
static const struct app_field f_get_report[] = {AF_R(2, "Reserved"), AF_N(M, offset, "Offset"),
						AF_N(M, length, "Length")};
static const struct app_field f_report_rsp[] = {AF_R(2, "Reserved"),
						AF_N(M, portion_len, "PortionLength"),
						AF_N(M, remainder_len, "RemainderLength")};
static const struct app_field f_te_state[] = {AF_N(M, te_state, "TEState"),
					      AF_N(M, num_ranges, "NumberOfMemoryRanges"),
					      AF_R(0xC, "Reserved")};
static const struct app_field f_error[] = {AF_R(2, "Reserved"), AF_N(M, error_code, "ErrorCode"),
					   AF_N(M, error_data, "ErrorData")};
static const struct app_field f_delayed[] = {AF_R(2, "Reserved"), AF_N(M, delay, "DelayTime")};
#undef M
#undef CFG_COMMON
#define N(t) (sizeof(t) / sizeof((t)[0]))

static const struct app_body bodies[] = {
    {TSP_GET_VERSION, N(f_rsv), 0, f_rsv},
    {TSP_GET_VERSION_RSP, N(f_version_rsp), 1, f_version_rsp},
    {TSP_GET_CAPABILITIES, N(f_rsv), 0, f_rsv},
    {TSP_GET_CAPABILITIES_RSP, N(f_caps_rsp), 0, f_caps_rsp},
    {TSP_SET_CONFIGURATION, N(f_set_cfg), 0, f_set_cfg},
    {TSP_SET_CONFIGURATION_RSP, N(f_rsv), 0, f_rsv},
    {TSP_GET_CONFIGURATION, N(f_rsv), 0, f_rsv},
    {TSP_GET_CONFIGURATION_RSP, N(f_get_cfg_rsp), 0, f_get_cfg_rsp},
    {TSP_GET_CONFIGURATION_REPORT, N(f_get_report), 0, f_get_report},
    {TSP_GET_CONFIGURATION_REPORT_RSP, N(f_report_rsp), 1, f_report_rsp},
    {TSP_LOCK_CONFIGURATION, N(f_rsv), 0, f_rsv},
    {TSP_LOCK_CONFIGURATION_RSP, N(f_rsv), 0, f_rsv},
    {TSP_SET_TE_STATE, N(f_te_state), 1, f_te_state},
    {TSP_SET_TE_STATE_RSP, N(f_rsv), 0, f_rsv},
    {TSP_DELAYED_RSP, N(f_delayed), 0, f_delayed},
    {TSP_ERROR_RSP, N(f_error), 1, f_error},
};

static const struct app_desc desc = {f_hdr,
				     N(f_hdr),
				     TSP_VERSION_10,
				     offsetof(struct cxl_tsp_msg, version),
				     offsetof(struct cxl_tsp_msg, opcode),
				     "TSPVersion",
				     "Opcode",
				     bodies,
				     N(bodies)};

static cspdm_status check(const struct cxl_tsp_msg *m, size_t at, cspdm_error *err)
{
	if (m->opcode == TSP_GET_VERSION_RSP && (!m->ver_count || m->tail_len != m->ver_count))
		return spdm_fail(err, CSPDM_E_COUNT, "VersionNumberEntryCount", at + 2);
	if (m->opcode == TSP_GET_CONFIGURATION_REPORT_RSP && m->tail_len != m->portion_len)
		return spdm_fail(err, CSPDM_E_LENGTH, "PortionLength", at + 2);
	if (m->opcode == TSP_SET_TE_STATE &&
	    (uint64_t)m->num_ranges * TSP_RANGE_SIZE != m->tail_len)
		return spdm_fail(err, CSPDM_E_COUNT, "NumberOfMemoryRanges", at + 1);
	if (m->opcode == TSP_GET_CONFIGURATION_RSP && m->state > TSP_STATE_ERROR)
		return spdm_fail(err, CSPDM_E_FIELD, "CurrentTSPState", at + 34);
	return CSPDM_OK;
}

cspdm_status tsp_dec(struct rd *r, int request, struct cxl_tsp_msg *m, cspdm_error *err)
{
	size_t at = 0;
	cspdm_status st;

	memset(m, 0, sizeof(*m));
	st = app_rd_msg(r, &desc, request, m, &m->tail, &m->tail_len, &at, err);
	return st ? st : check(m, at, err);
}

void tsp_enc(struct wr *w, const struct cxl_tsp_msg *m)
{
	app_wr_msg(w, &desc, m, m->tail, m->tail_len);
}
