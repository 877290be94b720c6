/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CXL TSP target (CXL 3.1 §11.5.4 "CXL TSP"), served in sessions (responder_tsp.h):
 *  - Get Target TSP Version and Get Target Capabilities in any session;
 *  - Set Target Configuration and Lock Target Configuration in the primary session only;
 *  - Get Target Configuration, its Report (in portions) and Set Target TE State in the primary
 *    or a secondary session; another session gets NO_PRIVILEGE.
 * States (§11.5.4.2): CONFIG_UNLOCKED until a lock; the configuration cannot change once
 * locked (ALREADY_LOCKED), is locked only once set, and TE state changes need the lock
 * (INVALID_SECURITY_STATE). A configuration asking for what the capabilities do not offer is
 * INVALID_SECURITY_CONFIGURATION. The secondary sessions' PSKs come from the configuration,
 * one per ConfigurationValidityFlags bit; PSKHint "SECONDARY_SESSION_<i>_PSK" names key i.
 */
#include "responder_tsp.h"
#include "app_flow.h"
#include "session_ctx.h"

#include <string.h>

#define TSP_ROLE_OTHER	   0
#define TSP_ROLE_PRIMARY   1
#define TSP_ROLE_SECONDARY 2
#define TSP_CFG_SPM	   0x0002 /* SET: special purpose memory (not offered) */
#define TSP_REPORT_LEN	   0xDC	  /* valid fields, 3 reserved, the six structures below */
#define TSP_PORTION_MAX	   0x400
#define TSP_TE_ALIGN	   0x3Full /* 64-byte granularity */

int rsp_tsp_offers_psk(const struct cspdm_responder_config *cfg)
{
	return cfg->app_mem && cfg->cxl_tsp && cfg->tsp_secondary;
}

static uint8_t role_of(struct rsp_tsp *t, const struct cspdm_session *s)
{
	unsigned i;

	if (!s)
		return TSP_ROLE_OTHER;
	for (i = 0; i < TSP_2ND_SESSIONS; i++)
		if (((t->secondary_live >> i) & 1) && t->secondary[i] == s->session_id)
			return TSP_ROLE_SECONDARY;
	if (!t->primary_set) /* any session may configure the target: the one that does is the
			      * primary (set_cfg) */
		return TSP_ROLE_PRIMARY;
	return t->primary == s->session_id ? TSP_ROLE_PRIMARY : TSP_ROLE_OTHER;
}

static size_t answer(struct cspdm_responder *r, const struct app_msg *m, uint8_t *out, size_t cap)
{
	size_t n = 0;

	if (app_enc(r->neg.version, m, out, cap, &n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n;
}

/* The TSP Error Response (CXL 3.1 Table 11-"Error Response"), its code in the log too. */
static size_t tsp_error(struct cspdm_responder *r, struct app_msg *m, uint8_t code, const char *why,
			uint8_t *out, size_t cap)
{
	memset(&m->u.tsp, 0, sizeof(m->u.tsp));
	m->u.tsp.version = TSP_VERSION_10;
	m->u.tsp.opcode = TSP_ERROR_RSP;
	m->u.tsp.error_code = code;
	r->err.code = CSPDM_E_DEVICE_ERROR;
	r->err.device_code = code;
	r->err.field = why;
	return answer(r, m, out, cap);
}

/* What this target offers (Get Target Capabilities Response). */
static void caps_of(const struct cspdm_responder *r, struct cxl_tsp_msg *c)
{
	c->enc_features = TSP_ENC_ENABLE;
	c->enc_algs = TSP_ALG_AES_XTS_256;
	c->range_keys = 0;
	c->te_features = TSP_TE_WANTED;
	c->oob_granularity = 0;
	c->ib_granularity = TSP_IB_GRANULARITY_64B;
	c->cfg_features =
	    TSP_CFG_LOCKED_FW_UPDATE | (r->cfg.tsp_secondary ? TSP_CFG_ADDITIONAL_SESSIONS : 0);
	c->num_ckids = 0;
	c->num_secondary = r->cfg.tsp_secondary;
}

/* A configuration within the capabilities: the reason it is not, or NULL. */
static const char *cfg_refusal(const struct cspdm_responder *r, const struct cxl_tsp_msg *q)
{
	struct cxl_tsp_msg c;

	memset(&c, 0, sizeof(c));
	caps_of(r, &c);
	if (q->enc_features & ~c.enc_features)
		return "MemoryEncryptionFeaturesEnable (not supported)";
	if (q->enc_algs & (q->enc_algs - 1) || q->enc_algs & ~c.enc_algs ||
	    (q->enc_features && !q->enc_algs))
		return "MemoryEncryptionAlgorithmSelect (not one supported algorithm)";
	if (q->te_features & ~c.te_features)
		return "TEStateChangeAndAccessControlFeaturesEnable (not supported)";
	if (q->oob_granularity & ~c.oob_granularity)
		return "ExplicitOOBTEStateGranularity (not supported)";
	if (q->cfg_features & ~(uint16_t)TSP_CFG_LOCKED_FW_UPDATE)
		return "ConfigurationFeaturesEnable (not supported)";
	if ((uint64_t)q->ckid_base + q->num_ckids > c.num_ckids)
		return "CKIDBase/NumberOfCKIDs (beyond NumberOfCKIDs)";
	if (q->validity_flags & ~((1u << r->cfg.tsp_secondary) - 1))
		return "ConfigurationValidityFlags (more secondary sessions than offered)";
	return NULL;
}

static size_t set_cfg(struct cspdm_responder *r, struct rsp_tsp *t, struct app_msg *m, uint8_t *out,
		      size_t cap)
{
	struct cxl_tsp_msg *q = &m->u.tsp;
	const char *why = cfg_refusal(r, q);
	unsigned i;

	if (t->state != TSP_CONFIG_UNLOCKED)
		return tsp_error(r, m, TSP_ERR_ALREADY_LOCKED, "configuration locked", out, cap);
	if (why)
		return tsp_error(r, m, TSP_ERR_INVALID_SECURITY_CONFIG, why, out, cap);
	cspdm_memzero(t->psk, sizeof(t->psk));
	for (i = 0; i < TSP_2ND_SESSIONS; i++)
		if ((q->validity_flags >> i) & 1)
			memcpy(t->psk[i], q->psk_material + (size_t)i * TSP_2ND_PSK_SIZE,
			       TSP_2ND_PSK_SIZE);
	memcpy(t->ib, q->ib_entries, TSP_IB_ENTRIES_SIZE);
	t->cfg = *q;
	t->cfg.ib_entries = t->cfg.psk_material = t->cfg.tail = NULL;
	t->cfg.tail_len = 0;
	t->validity = q->validity_flags;
	t->configured = 1;
	t->primary_set = 1;
	t->primary = r->cur->session_id; /* rsp_tsp: only in a session */
	memset(q, 0, sizeof(*q));
	q->version = TSP_VERSION_10;
	q->opcode = TSP_SET_CONFIGURATION_RSP;
	return answer(r, m, out, cap);
}

static size_t get_cfg(struct cspdm_responder *r, struct rsp_tsp *t, struct app_msg *m, uint8_t *out,
		      size_t cap)
{
	static const uint8_t unset[TSP_IB_ENTRIES_SIZE];
	struct cxl_tsp_msg *q = &m->u.tsp;

	*q = t->cfg;
	q->version = TSP_VERSION_10;
	q->opcode = TSP_GET_CONFIGURATION_RSP;
	q->state = t->state;
	q->ib_entries = t->configured ? t->ib : unset;
	return answer(r, m, out, cap);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	unsigned i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The Target Configuration Report (CXL 3.1 §11.5.4.4.5): ValidTSPReportFields, then the PCIe
 * DVSEC for CXL Devices (0x3C: Mem_Capable and IO_Capable), the DVSEC for Flex Bus Port
 * (0x20), the CXL Link Capability (0x38), Timeout and Isolation (0x10), HDM Decoder Capability
 * (0x10, no decoders after it) and the CXL IDE Capability (0x24: CXL IDE capable). */
static void report_of(uint8_t rep[TSP_REPORT_LEN])
{
	static const uint16_t at[] = {4, 4 + 0x3C};
	static const uint16_t len[] = {0x3C, 0x20}, id[] = {0x0000, 0x0007};
	unsigned i;

	memset(rep, 0, TSP_REPORT_LEN);
	rep[0] = 0x01;
	for (i = 0; i < 2; i++) {
		put_le32(rep + at[i], 0x00010023u); /* Designated Vendor-Specific, version 1 */
		put_le32(rep + at[i] + 4, 0x1E98u | (1u << 16) | ((uint32_t)len[i] << 20));
		rep[at[i] + 8] = (uint8_t)id[i];
	}
	rep[4 + 0x0A] = 0x06; /* CXL Capability: IO_Capable, Mem_Capable */
	rep[TSP_REPORT_LEN - 0x24] = 0x01;
}

static size_t get_report(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	uint8_t rep[TSP_REPORT_LEN];
	struct cxl_tsp_msg *q = &m->u.tsp;
	size_t portion;

	if (q->offset >= sizeof(rep) || !q->length)
		return tsp_error(r, m, TSP_ERR_INVALID_REQUEST, "Offset or Length", out, cap);
	report_of(rep);
	portion = sizeof(rep) - q->offset;
	portion = portion > q->length ? q->length : portion;
	portion = portion > TSP_PORTION_MAX ? TSP_PORTION_MAX : portion;
	q->opcode = TSP_GET_CONFIGURATION_REPORT_RSP;
	q->portion_len = (uint16_t)portion;
	q->remainder_len = (uint16_t)(sizeof(rep) - q->offset - portion);
	q->tail = rep + q->offset;
	q->tail_len = portion;
	portion = answer(r, m, out, cap);
	q->tail = NULL;
	return portion;
}

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Set Target TE State: the lock first; each range 64-byte aligned, not empty, not wrapping. */
static size_t set_te(struct cspdm_responder *r, struct rsp_tsp *t, struct app_msg *m, uint8_t *out,
		     size_t cap)
{
	const struct cxl_tsp_msg *q = &m->u.tsp;
	uint64_t base, len;
	size_t i;

	if (t->state != TSP_CONFIG_LOCKED)
		return tsp_error(r, m, TSP_ERR_INVALID_SECURITY_STATE, "configuration not locked",
				 out, cap);
	if (q->te_state > 1 || !q->num_ranges)
		return tsp_error(r, m, TSP_ERR_INVALID_REQUEST, "TEState or NumberOfMemoryRanges",
				 out, cap);
	for (i = 0; i < q->num_ranges; i++) {
		base = le64_at(q->tail + i * TSP_RANGE_SIZE);
		len = le64_at(q->tail + i * TSP_RANGE_SIZE + 8);
		if (!len || ((base | len) & TSP_TE_ALIGN) || base + len < base)
			return tsp_error(r, m, TSP_ERR_INVALID_REQUEST,
					 "memory range (empty, unaligned or wrapping)", out, cap);
	}
	memset(&m->u.tsp, 0, sizeof(m->u.tsp));
	m->u.tsp.version = TSP_VERSION_10;
	m->u.tsp.opcode = TSP_SET_TE_STATE_RSP;
	return answer(r, m, out, cap);
}

static size_t lock_cfg(struct cspdm_responder *r, struct rsp_tsp *t, struct app_msg *m,
		       uint8_t *out, size_t cap)
{
	if (t->state == TSP_CONFIG_LOCKED)
		return tsp_error(r, m, TSP_ERR_ALREADY_LOCKED, "configuration locked", out, cap);
	if (!t->configured)
		return tsp_error(r, m, TSP_ERR_INVALID_SECURITY_STATE, "no configuration set", out,
				 cap);
	t->state = TSP_CONFIG_LOCKED;
	m->u.tsp.opcode = TSP_LOCK_CONFIGURATION_RSP;
	return answer(r, m, out, cap);
}

static size_t simple(struct cspdm_responder *r, struct app_msg *m, uint8_t *out, size_t cap)
{
	static const uint8_t versions[] = {TSP_VERSION_10};
	struct cxl_tsp_msg *q = &m->u.tsp;

	if (q->opcode == TSP_GET_VERSION) {
		q->ver_count = 1;
		q->tail = versions;
		q->tail_len = sizeof(versions);
	} else {
		caps_of(r, q);
	}
	q->opcode = (uint8_t)(q->opcode & 0x7F);
	return answer(r, m, out, cap);
}

/* The roles each request is allowed in: bit 0 other, 1 primary, 2 secondary. */
static uint8_t roles_for(uint8_t op)
{
	if (op == TSP_SET_CONFIGURATION || op == TSP_LOCK_CONFIGURATION)
		return 1u << TSP_ROLE_PRIMARY;
	if (op == TSP_GET_VERSION || op == TSP_GET_CAPABILITIES)
		return 0x7;
	return (1u << TSP_ROLE_PRIMARY) | (1u << TSP_ROLE_SECONDARY);
}

size_t rsp_tsp(struct cspdm_responder *r, struct rsp_tsp *t, struct app_msg *m, uint8_t *out,
	       size_t cap)
{
	uint8_t op = m->u.tsp.opcode;

	if (!((roles_for(op) >> role_of(t, r->cur)) & 1))
		return tsp_error(r, m, TSP_ERR_NO_PRIVILEGE, "session (not allowed this request)",
				 out, cap);
	switch (op) {
	case TSP_SET_CONFIGURATION:
		return set_cfg(r, t, m, out, cap);
	case TSP_GET_CONFIGURATION:
		return get_cfg(r, t, m, out, cap);
	case TSP_GET_CONFIGURATION_REPORT:
		return get_report(r, m, out, cap);
	case TSP_LOCK_CONFIGURATION:
		return lock_cfg(r, t, m, out, cap);
	case TSP_SET_TE_STATE:
		return set_te(r, t, m, out, cap);
	default: /* GET_VERSION, GET_CAPABILITIES: the codec lets no other request through */
		return simple(r, m, out, cap);
	}
}

/* A TSP request the codec refused: the Error Response a TSP target answers (VERSION_MISMATCH
 * for another TSPVersion, UNSUPPORTED_REQUEST for an opcode that is no request, else
 * INVALID_REQUEST); p, n: the TSP message. */
size_t rsp_tsp_refuse(struct cspdm_responder *r, struct app_msg *m, const uint8_t *p, size_t n,
		      uint8_t *out, size_t cap)
{
	static const uint8_t ops[] = {
	    TSP_GET_VERSION,	   TSP_GET_CAPABILITIES,	 TSP_SET_CONFIGURATION,
	    TSP_GET_CONFIGURATION, TSP_GET_CONFIGURATION_REPORT, TSP_LOCK_CONFIGURATION,
	    TSP_SET_TE_STATE};
	uint8_t code = n >= 2 ? TSP_ERR_UNSUPPORTED_REQUEST : TSP_ERR_INVALID_REQUEST;
	size_t i;

	for (i = 0; n >= 2 && i < sizeof(ops); i++)
		if (p[1] == ops[i])
			code = TSP_ERR_INVALID_REQUEST;
	if (n >= 1 && p[0] != TSP_VERSION_10)
		code = TSP_ERR_VERSION_MISMATCH;
	return tsp_error(r, m, code, r->err.field, out, cap);
}

/* ---- secondary sessions ---------------------------------------------------------------------- */

const struct cspdm_rsp_psk *rsp_tsp_psk(const struct cspdm_responder *r, const uint8_t *hint,
					size_t hint_len)
{
	struct rsp_tsp *t = rsp_app_tsp(r);
	unsigned i;

	if (!t || !r->cfg.tsp_secondary || hint_len != RSP_TSP_HINT_LEN)
		return NULL;
	for (i = 0; i < TSP_2ND_SESSIONS; i++) {
		app_flow_tsp_hint(i, t->hint[i]);
		if (((t->validity >> i) & 1) && !memcmp(hint, t->hint[i], RSP_TSP_HINT_LEN)) {
			t->found.hint = t->hint[i];
			t->found.hint_len = RSP_TSP_HINT_LEN;
			t->found.psk = t->psk[i];
			t->found.psk_len = TSP_2ND_PSK_SIZE;
			return &t->found;
		}
	}
	return NULL;
}

void rsp_tsp_psk_session(struct cspdm_responder *r, const struct cspdm_rsp_psk *key,
			 uint32_t session_id)
{
	struct rsp_tsp *t = rsp_app_tsp(r);
	size_t i;

	if (!t || key != &t->found)
		return;
	i = (size_t)(key->hint - t->hint[0]) / RSP_TSP_HINT_LEN;
	t->secondary[i] = session_id;
	t->secondary_live |= (uint8_t)(1u << i);
}

void rsp_tsp_session_gone(struct rsp_tsp *t, uint32_t session_id)
{
	unsigned i;

	for (i = 0; i < TSP_2ND_SESSIONS; i++)
		if (t->secondary[i] == session_id)
			t->secondary_live &= (uint8_t) ~(1u << i);
	if (t->primary_set && t->primary == session_id)
		t->primary_set = 0;
}
