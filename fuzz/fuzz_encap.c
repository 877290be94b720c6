/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The decoders of the encapsulated request flow (src/codec/encap.c): the selector picks
 * GET_ENCAPSULATED_REQUEST, ENCAPSULATED_REQUEST, DELIVER_ENCAPSULATED_RESPONSE or
 * ENCAPSULATED_RESPONSE_ACK; the codec header (fuzz_common.h) sets the version and padding.
 * Properties: no read outside the message (ASan), statuses of the enum recorded in the error,
 * the carried message a view of at least a header inside the message, and a message that
 * decodes re-encodes to the same bytes.
 */
#include "fuzz_common.h"

#include <string.h>

static uint8_t enc[64];

static void get_request(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_get_encap_request(&p->neg, msg, len, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	st = spdm_enc_get_encap_request(p->neg.version, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, 4);
}

static void carrier(const struct fz_codec *p, uint8_t code, const uint8_t *msg, size_t len)
{
	struct spdm_encap_msg e;
	cspdm_error err = {0};
	size_t n = 0;
	cspdm_status st = spdm_dec_encap_carrier(&p->neg, code, msg, len, &e, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(e.msg_len >= 4 && e.msg_len + 4 == len && fz_within(msg, len, e.msg, e.msg_len));
	st = spdm_enc_encap_header(p->neg.version, code, e.request_id, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, 4);
}

static void encap_request(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	carrier(p, SPDM_ENCAPSULATED_REQUEST, msg, len);
}

static void deliver(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	carrier(p, SPDM_DELIVER_ENCAPSULATED_RESPONSE, msg, len);
}

static void ack(const struct fz_codec *p, const uint8_t *msg, size_t len)
{
	struct spdm_encap_ack a;
	cspdm_error err = {0};
	size_t n = 0, hl = spdm_encap_ack_header_len(p->neg.version);
	cspdm_status st = spdm_dec_encap_ack(&p->neg, msg, len, &a, &err);

	fz_check_status(st, &err);
	if (st)
		return;
	FZ_ASSERT(a.payload_type <= SPDM_ENCAP_PAYLOAD_REQ_SLOT);
	FZ_ASSERT(!a.msg == (a.payload_type != SPDM_ENCAP_PAYLOAD_PRESENT));
	FZ_ASSERT(!a.msg || (a.msg_len >= 4 && fz_within(msg, len, a.msg, a.msg_len) &&
			     a.msg == msg + hl && hl + a.msg_len == len));
	FZ_ASSERT(a.payload_type != SPDM_ENCAP_PAYLOAD_REQ_SLOT || a.req_slot < CSPDM_MAX_SLOTS);
	if (a.payload_type != SPDM_ENCAP_PAYLOAD_PRESENT)
		fz_check_len(&p->neg, hl + (a.payload_type == SPDM_ENCAP_PAYLOAD_REQ_SLOT), len);
	st = spdm_enc_encap_ack(p->neg.version, &a, enc, sizeof(enc), &n);
	fz_check_same(enc, st, n, msg, hl + (a.payload_type == SPDM_ENCAP_PAYLOAD_REQ_SLOT));
}

/* Indexed by the selector byte (modulo the count). */
static void (*const decoders[])(const struct fz_codec *p, const uint8_t *msg,
				size_t len) = {get_request, encap_request, deliver, ack};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_codec_run(data, size, decoders, sizeof(decoders) / sizeof(decoders[0]));
	return 0;
}
