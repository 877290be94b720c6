/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The encapsulated request flow (DSP0274 1.1+, "GET_ENCAPSULATED_REQUEST request and
 * ENCAPSULATED_REQUEST response messages", "DELIVER_ENCAPSULATED_RESPONSE request and
 * ENCAPSULATED_RESPONSE_ACK response messages"): the Responder's requests to the Requester,
 * carried inside the Requester's messages.
 *
 *  GET_ENCAPSULATED_REQUEST:      header (Param1, Param2 reserved)
 *  ENCAPSULATED_REQUEST:          header (Param1 RequestID, Param2 reserved), the request
 *  DELIVER_ENCAPSULATED_RESPONSE: header (Param1 RequestID, Param2 reserved), the response
 *  ENCAPSULATED_RESPONSE_ACK:     header (Param1 RequestID of the next request, Param2
 *                                 PayloadType), [1.2+: AckRequestID(1), Reserved(3)], then
 *                                 by PayloadType: nothing (0), the next request (1), or
 *                                 ReqSlotNumber(1) (2)
 *
 * The message carried inside is at least an SPDM header; its own decoder reads the rest. Over a
 * transport that pads (PCI DOE) the padding ends the carried message, where that decoder
 * tolerates it as it would at the end of a message of its own.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#define ACK_EXTRA_12 4 /* AckRequestID and three reserved bytes, from 1.2 */

size_t spdm_encap_ack_header_len(uint8_t ver)
{
	return ver >= CSPDM_V12 ? 4u + ACK_EXTRA_12 : 4u;
}

cspdm_status spdm_enc_get_encap_request(uint8_t ver, uint8_t *buf, size_t cap, size_t *out_len)
{
	if (ver < CSPDM_V11)
		return CSPDM_E_INVALID_ARG;
	return spdm_enc_simple(ver, SPDM_GET_ENCAPSULATED_REQUEST, 0, 0, buf, cap, out_len);
}

cspdm_status spdm_dec_get_encap_request(const struct spdm_neg *n, const uint8_t *msg, size_t len,
					cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_GET_ENCAPSULATED_REQUEST, &h, err);
	if (!st)
		st = spdm_check_params_reserved(&h, err);
	return st ? st : spdm_rd_end(&r, n->max_pad, err);
}

/* ENCAPSULATED_REQUEST and DELIVER_ENCAPSULATED_RESPONSE: the header before the message. */
cspdm_status spdm_enc_encap_header(uint8_t ver, uint8_t code, uint8_t request_id, uint8_t *buf,
				   size_t cap, size_t *out_len)
{
	if (ver < CSPDM_V11 ||
	    (code != SPDM_ENCAPSULATED_REQUEST && code != SPDM_DELIVER_ENCAPSULATED_RESPONSE))
		return CSPDM_E_INVALID_ARG;
	return spdm_enc_simple(ver, code, request_id, 0, buf, cap, out_len);
}

/* The carried message: the rest, at least an SPDM header. */
static cspdm_status rd_carried(struct rd *r, const char *field, const uint8_t **msg,
			       size_t *msg_len, cspdm_error *err)
{
	size_t at = rd_offset(r);

	*msg_len = rd_remaining(r);
	if (*msg_len < 4)
		return spdm_fail(err, CSPDM_E_TRUNCATED, field, at + *msg_len);
	rd_view(r, field, *msg_len, msg);
	return spdm_rd_status(r, err);
}

cspdm_status spdm_dec_encap_carrier(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
				    size_t len, struct spdm_encap_msg *e, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	if (code != SPDM_ENCAPSULATED_REQUEST && code != SPDM_DELIVER_ENCAPSULATED_RESPONSE)
		return spdm_fail(err, CSPDM_E_INVALID_ARG, "RequestResponseCode", 1);
	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, code, &h, err);
	if (st)
		return st;
	if (h.param2)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param2", 3);
	e->request_id = h.param1;
	st = rd_carried(
	    &r, code == SPDM_ENCAPSULATED_REQUEST ? "EncapsulatedRequest" : "EncapsulatedResponse",
	    &e->msg, &e->msg_len, err);
	e->len = len;
	return st;
}

cspdm_status spdm_enc_encap_ack(uint8_t ver, const struct spdm_encap_ack *a, uint8_t *buf,
				size_t cap, size_t *out_len)
{
	struct wr w;

	if (ver < CSPDM_V11 || a->payload_type > SPDM_ENCAP_PAYLOAD_REQ_SLOT)
		return CSPDM_E_INVALID_ARG;
	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_ENCAPSULATED_RESPONSE_ACK, a->request_id, a->payload_type);
	if (ver >= CSPDM_V12) {
		wr_u8(&w, a->ack_request_id);
		wr_zero(&w, 3);
	}
	if (a->payload_type == SPDM_ENCAP_PAYLOAD_REQ_SLOT)
		wr_u8(&w, a->req_slot);
	return spdm_wr_done(&w, out_len); /* PRESENT: the caller appends the request */
}

/* What follows the ACK header, by PayloadType. */
static cspdm_status rd_ack_payload(struct rd *r, const struct spdm_neg *n, struct spdm_encap_ack *a,
				   cspdm_error *err)
{
	size_t at = rd_offset(r);

	switch (a->payload_type) {
	case SPDM_ENCAP_PAYLOAD_ABSENT:
		return spdm_rd_end(r, n->max_pad, err);
	case SPDM_ENCAP_PAYLOAD_PRESENT:
		return rd_carried(r, "EncapsulatedRequest", &a->msg, &a->msg_len, err);
	default:
		rd_u8(r, "ReqSlotNumber", &a->req_slot);
		if (!r->failed && a->req_slot >= CSPDM_MAX_SLOTS)
			return spdm_fail(err, CSPDM_E_SLOT, "ReqSlotNumber", at);
		return spdm_rd_end(r, n->max_pad, err);
	}
}

cspdm_status spdm_dec_encap_ack(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_encap_ack *a, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_session_header(&r, n, SPDM_ENCAPSULATED_RESPONSE_ACK, &h, err);
	if (st)
		return st;
	if (h.param2 > SPDM_ENCAP_PAYLOAD_REQ_SLOT)
		return spdm_fail(err, CSPDM_E_FIELD, "Param2 (PayloadType)", 3);
	a->request_id = h.param1;
	a->payload_type = h.param2;
	a->ack_request_id = 0;
	a->req_slot = 0;
	a->msg = NULL;
	a->msg_len = 0;
	if (n->version >= CSPDM_V12) {
		rd_u8(&r, "AckRequestID", &a->ack_request_id);
		st = spdm_rd_zero(&r, "Reserved", 3, err);
		if (st)
			return st;
	}
	a->len = len;
	return rd_ack_payload(&r, n, a, err);
}
