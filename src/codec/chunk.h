/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The large-message transfer messages of DSP0274 1.2+ ("Large SPDM message transfer
 * mechanism"): CHUNK_SEND / CHUNK_SEND_ACK carry a large request in chunks, CHUNK_GET /
 * CHUNK_RESPONSE fetch a large response that ERROR LargeResponse announced. Before 1.4
 * ChunkSeqNo is 16 bits (CHUNK_SEND and CHUNK_RESPONSE follow it with 16 reserved bits); 1.4
 * widens it to 32 bits. LargeMessageSize is present in the first chunk (ChunkSeqNo 0) only.
 */
#ifndef CSPDM_CODEC_CHUNK_H
#define CSPDM_CODEC_CHUNK_H

#include "spdm.h"

#define SPDM_CHUNK_SEND_ACK	0x05
#define SPDM_CHUNK_RESPONSE	0x06
#define SPDM_CHUNK_LAST		0x01 /* ChunkSenderAttributes: LastChunk */
#define SPDM_CHUNK_EARLY_ERROR	0x01 /* ChunkReceiverAttributes: EarlyErrorDetected */
#define SPDM_CHUNK_HDR		12u  /* CHUNK_SEND / CHUNK_RESPONSE up to SPDMchunk */
#define SPDM_CHUNK_LMS		4u   /* LargeMessageSize, in the first chunk */
#define SPDM_LARGE_RESPONSE_LEN 5u   /* ERROR LargeResponse with its Handle */
#define SPDM_CHUNK_SEQ_MAX_13	0xFFFFu
#define SPDM_CHUNK_ACK_HDR(ver) ((ver) >= CSPDM_V14 ? 8u : 6u)
#define SPDM_CHUNK_GET_LEN(ver) SPDM_CHUNK_ACK_HDR(ver)
#define SPDM_CHUNK_SEQ_MAX(ver) ((ver) >= CSPDM_V14 ? 0xFFFFFFFFu : SPDM_CHUNK_SEQ_MAX_13)

/* CHUNK_SEND (Table "CHUNK_SEND request message format") and CHUNK_RESPONSE ("CHUNK_RESPONSE
 * response message format"): the same layout. */
struct spdm_chunk {
	size_t len;	     /* message length, without transport padding */
	uint8_t attributes;  /* Param1: ChunkSenderAttributes (bit 0 LastChunk) */
	uint8_t handle;	     /* Param2 */
	uint32_t seq;	     /* ChunkSeqNo */
	uint32_t size;	     /* ChunkSize */
	uint32_t large_size; /* LargeMessageSize: the first chunk only (else 0) */
	const uint8_t *data; /* SPDMchunk, size bytes */
};

/* CHUNK_SEND_ACK ("CHUNK_SEND_ACK response message format"). */
struct spdm_chunk_ack {
	uint8_t attributes; /* Param1: ChunkReceiverAttributes (bit 0 EarlyErrorDetected) */
	uint8_t handle;	    /* Param2 */
	uint32_t seq;	    /* ChunkSeqNo */
	/* ResponseToLargeRequest (with the last chunk, or an ERROR with EarlyErrorDetected):
	 * the rest of the message, transport padding included */
	const uint8_t *response;
	size_t response_len;
};

/* CHUNK_GET ("CHUNK_GET request message format"). */
struct spdm_chunk_get {
	uint8_t handle; /* Param2 */
	uint32_t seq;	/* ChunkSeqNo */
};

/* code: SPDM_CHUNK_SEND or SPDM_CHUNK_RESPONSE; LargeMessageSize is written when seq is 0. */
cspdm_status spdm_enc_chunk(uint8_t ver, uint8_t code, const struct spdm_chunk *c, uint8_t *buf,
			    size_t cap, size_t *out_len);
cspdm_status spdm_dec_chunk(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len,
			    struct spdm_chunk *c, cspdm_error *err);
/* The response (may be NULL, 0) follows the header. */
cspdm_status spdm_enc_chunk_ack(uint8_t ver, const struct spdm_chunk_ack *a, uint8_t *buf,
				size_t cap, size_t *out_len);
cspdm_status spdm_dec_chunk_ack(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_chunk_ack *a, cspdm_error *err);
cspdm_status spdm_enc_chunk_get(uint8_t ver, const struct spdm_chunk_get *g, uint8_t *buf,
				size_t cap, size_t *out_len);
cspdm_status spdm_dec_chunk_get(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_chunk_get *g, cspdm_error *err);
/* ERROR LargeResponse (ErrorCode 0x0F, ErrorData reserved) with ExtendedErrorData = Handle. */
cspdm_status spdm_enc_large_response(uint8_t ver, uint8_t handle, uint8_t *buf, size_t cap,
				     size_t *out_len);
cspdm_status spdm_dec_large_response(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				     uint8_t *handle, cspdm_error *err);

#endif
