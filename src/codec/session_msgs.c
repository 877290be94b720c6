/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The header-only session messages (DSP0274 1.1+): HEARTBEAT / HEARTBEAT_ACK (tables
 * "HEARTBEAT request message format" / "HEARTBEAT_ACK response message format"), KEY_UPDATE /
 * KEY_UPDATE_ACK ("KEY_UPDATE request message format", "KEY_UPDATE_ACK response message
 * format"; Param1 KeyOperation, Param2 Tag), END_SESSION / END_SESSION_ACK ("END_SESSION
 * request message format": Param1 bit 0 NegotiatedStateClearing). They exist from 1.1: a
 * decoder refuses a 1.0 message with CSPDM_E_VERSION_FIELD (spdm_rd_session_header).
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#define KEY_OP_UPDATE_KEY     1
#define KEY_OP_VERIFY_NEW_KEY 3

static int is_simple(uint8_t code)
{
	return code == SPDM_HEARTBEAT || code == SPDM_HEARTBEAT_ACK || code == SPDM_END_SESSION_ACK;
}

/* Any header-only message (END_SESSION too: p1 is its NegotiatedStateClearing bit). */
cspdm_status spdm_enc_simple(uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2, uint8_t *buf,
			     size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, code, p1, p2);
	return spdm_wr_done(&w, out_len);
}

/* The header of a session message with its Param1 and Param2 checked by the caller. */
static cspdm_status rd_session_hdr(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
				   size_t len, struct rd *r, struct spdm_hdr *h, cspdm_error *err)
{
	rd_init(r, msg, len);
	return spdm_rd_session_header(r, n, code, h, err);
}

cspdm_status spdm_dec_simple(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len,
			     cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	if (!is_simple(code))
		return spdm_fail(err, CSPDM_E_INVALID_ARG, "RequestResponseCode", 1);
	st = rd_session_hdr(n, code, msg, len, &r, &h, err);
	if (!st)
		st = spdm_check_params_reserved(&h, err);
	return st ? st : spdm_rd_end(&r, n->max_pad, err);
}

cspdm_status spdm_enc_key_update(uint8_t ver, uint8_t code, const struct spdm_key_update *k,
				 uint8_t *buf, size_t cap, size_t *out_len)
{
	if (code != SPDM_KEY_UPDATE && code != SPDM_KEY_UPDATE_ACK)
		return CSPDM_E_INVALID_ARG;
	return spdm_enc_simple(ver, code, k->operation, k->tag, buf, cap, out_len);
}

/* KeyOperation 1 UpdateKey, 2 UpdateAllKeys, 3 VerifyNewKey; the Tag is any value. The ACK
 * echoes both (the caller compares them with its request). */
cspdm_status spdm_dec_key_update(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
				 size_t len, struct spdm_key_update *k, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	if (code != SPDM_KEY_UPDATE && code != SPDM_KEY_UPDATE_ACK)
		return spdm_fail(err, CSPDM_E_INVALID_ARG, "RequestResponseCode", 1);
	st = rd_session_hdr(n, code, msg, len, &r, &h, err);
	if (st)
		return st;
	if (h.param1 < KEY_OP_UPDATE_KEY || h.param1 > KEY_OP_VERIFY_NEW_KEY)
		return spdm_fail(err, CSPDM_E_FIELD, "Param1 (KeyOperation)", 2);
	k->operation = h.param1;
	k->tag = h.param2;
	return spdm_rd_end(&r, n->max_pad, err);
}

cspdm_status spdm_dec_end_session(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				  uint8_t *clear_state, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st = rd_session_hdr(n, SPDM_END_SESSION, msg, len, &r, &h, err);

	if (st)
		return st;
	if (h.param1 & ~SPDM_END_SESSION_CLEAR_STATE)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if (h.param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	*clear_state = h.param1 & SPDM_END_SESSION_CLEAR_STATE;
	return spdm_rd_end(&r, n->max_pad, err);
}
