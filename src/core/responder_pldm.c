/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A PLDM terminus inside an SPDM session: the app_message handler cspdm_responder_pldm
 * (responder.h). PLDM bytes are read only through the codec (src/codec/pldm.c).
 */
#include "cspdm/responder.h"
#include "cspdm/transport.h"

#include "codec/pldm.h"

static cspdm_status drop(cspdm_error *err, cspdm_status st, const char *field)
{
	err->code = st;
	err->field = field;
	return st;
}

/* DSP0240 "GetTID command": no request data; CompletionCode, then the TID. */
static uint8_t get_tid(const struct cspdm_rsp_pldm *t, const struct pldm_request *q, uint8_t *tid)
{
	*tid = t ? t->tid : 1;
	return q->data_len ? PLDM_CC_INVALID_LENGTH : PLDM_CC_SUCCESS;
}

cspdm_status cspdm_responder_pldm(void *priv, uint32_t session_id, uint8_t type, const uint8_t *req,
				  size_t len, uint8_t *rsp, size_t cap, size_t *rsp_len,
				  cspdm_error *err)
{
	struct pldm_request q;
	cspdm_status st;
	uint8_t cc, tid = 0;

	(void)session_id;
	if (!req || !rsp || !rsp_len || !err)
		return CSPDM_E_INVALID_ARG;
	*rsp_len = 0;
	if (type != CSPDM_MCTP_TYPE_PLDM)
		return drop(err, CSPDM_E_UNSUPPORTED, "MCTP message type");
	st = pldm_decode_request(req, len, &q, err);
	if (st)
		return st;
	if (q.datagram) /* DSP0240: an unacknowledged request gets no response */
		return drop(err, CSPDM_E_UNSUPPORTED, "D");
	if (q.type != PLDM_TYPE_CONTROL)
		cc = PLDM_CC_INVALID_PLDM_TYPE;
	else if (q.command != PLDM_CMD_GET_TID)
		cc = PLDM_CC_UNSUPPORTED_PLDM_CMD;
	else
		cc = get_tid(priv, &q, &tid);
	*rsp_len = pldm_encode_response(&q, cc, &tid, cc == PLDM_CC_SUCCESS ? 1 : 0, rsp, cap);
	return *rsp_len ? CSPDM_OK : drop(err, CSPDM_E_BUFFER_TOO_SMALL, "PLDM response");
}
