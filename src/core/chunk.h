/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Large SPDM messages (DSP0274 1.2+ "Large SPDM message transfer mechanism") in both roles.
 * A message larger than the receiver's DataTransferSize, or than the sender's own (cspdm uses
 * its DataTransferSize for both directions), travels in chunks when both sides set CHUNK_CAP:
 * a request as CHUNK_SEND / CHUNK_SEND_ACK, a response announced by ERROR LargeResponse and
 * fetched with CHUNK_GET / CHUNK_RESPONSE. Chunk messages belong to no transcript: the flows see
 * the large message whole, as if it had arrived in one piece. Inside a session every chunk
 * message is a secured message of its own.
 *
 * Reassembly goes into caller storage (cspdm_config.chunk_buf, cspdm_responder_config.chunk_buf)
 * and is bounded: sequence numbers step by one from 0, the handle stays, every chunk carries
 * data (all but the last in a message of 42 bytes at least), and the chunks add up to exactly
 * LargeMessageSize, which is at most the storage and our MaxSPDMmsgSize. Nothing here
 * allocates.
 */
#ifndef CSPDM_CORE_CHUNK_H
#define CSPDM_CORE_CHUNK_H

#include "cspdm/cspdm.h"
#include "codec/chunk.h"

/* A large message arriving in chunks (CHUNK_RESPONSE at the requester, CHUNK_SEND at the
 * responder). */
struct chunk_rx {
	uint32_t total; /* LargeMessageSize (0 until the first chunk) */
	uint32_t done;	/* bytes received */
	uint32_t seq;	/* the ChunkSeqNo due next */
	uint8_t handle;
	uint8_t fixed; /* the handle is known (from ERROR LargeResponse, or the first chunk) */
};

/* chunk.c: take chunk c into buf (cap bytes; at most max_total bytes in all). *complete is set
 * with the last one. A failure names the field and its offset in the chunk message. */
cspdm_status chunk_take(struct chunk_rx *x, uint8_t ver, const struct spdm_chunk *c, uint8_t *buf,
			size_t cap, uint32_t max_total, int *complete, const char **field,
			uint32_t *offset);
/* Bytes of a total-byte message, from done on, that the next chunk message of at most limit
 * bytes (>= 42) carries: LargeMessageSize takes room in the first. */
uint32_t chunk_next_size(uint32_t limit, uint32_t done, uint32_t total);
/* A message of len bytes fits the ChunkSeqNo of the version in chunks of at most limit bytes. */
int chunk_seq_fits(uint8_t ver, uint32_t limit, uint64_t len);
/* "<a><x><b><y><c>" into out (at most cap bytes, NUL included): a size error in words. */
void chunk_text(char *out, size_t cap, const char *a, uint64_t x, const char *b, uint64_t y,
		const char *c);

/* ---- the requester (requester_chunk.c) ------------------------------------------------------ */

enum req_chunk_phase {
	RCK_IDLE = 0,
	RCK_SEND, /* the large request goes out in CHUNK_SEND messages */
	RCK_GET,  /* the large response comes in with CHUNK_GET */
};

struct req_chunk {
	struct chunk_rx rx;	  /* CHUNK_GET: the response being reassembled */
	const uint8_t *msg;	  /* CHUNK_SEND: the large request (its copy in chunk storage) */
	uint64_t last_timeout_us; /* the large request's own reply timeout */
	uint32_t len;		  /* the large request's length */
	uint32_t sent;		  /* bytes of it acknowledged */
	uint32_t size;		  /* bytes of it in the chunk in flight */
	uint32_t seq;		  /* ChunkSeqNo in flight */
	uint32_t limit;		  /* the largest chunk message: both DataTransferSizes */
	uint32_t keep;		  /* chunk storage bytes that hold the request */
	uint8_t phase;		  /* enum req_chunk_phase */
	uint8_t handle;		  /* CHUNK_SEND: the handle of this request */
	uint8_t next_handle;
	uint8_t get[8]; /* CHUNK_GET */
	char why[128];	/* a size error, in words (cspdm_error.field points here) */
};

struct cspdm_context;
struct cspdm_action;
struct spdm_caps;

/* GET_CAPABILITIES: our DataTransferSize, MaxSPDMmsgSize and CHUNK_CAP. */
void req_chunk_caps(const struct cspdm_context *ctx, struct spdm_caps *c);
/* The request buf[0..len) is handed out in act: as it is, or in chunks (the first here). */
cspdm_status req_chunk_send(struct cspdm_context *ctx, const uint8_t *buf, size_t len,
			    struct cspdm_action *act);
/* A reply while a chunk transfer runs (ctx->chunk.phase). */
cspdm_status req_chunk_on_reply(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				struct cspdm_action *act);
/* ERROR LargeResponse: fetch the response with CHUNK_GET. */
cspdm_status req_chunk_get_begin(struct cspdm_context *ctx, const uint8_t *rsp, size_t len,
				 struct cspdm_action *act);
/* After Busy: the chunk message in flight again. */
cspdm_status req_chunk_resend(struct cspdm_context *ctx, struct cspdm_action *act);

/* ---- the responder (responder_chunk.c) ------------------------------------------------------- */

enum rsp_chunk_phase {
	RSC_IDLE = 0,
	RSC_RECV, /* CHUNK_SEND: a large request is arriving */
	RSC_HOLD, /* a large response waits for CHUNK_GET */
};

struct cspdm_session;

struct rsp_chunk {
	struct chunk_rx rx;	    /* CHUNK_SEND */
	struct cspdm_session *sess; /* where the transfer runs (NULL: outside sessions) */
	uint32_t held;		    /* the held response's length */
	uint32_t served;	    /* bytes of it sent */
	uint32_t seq;		    /* the ChunkSeqNo due next (CHUNK_GET) */
	uint8_t phase;		    /* enum rsp_chunk_phase */
	uint8_t handle;		    /* of the held response */
};

struct cspdm_responder;
struct spdm_hdr;
/* Answers the (plaintext) request in s (NULL: outside sessions) into out. */
typedef size_t (*rsp_inner_fn)(struct cspdm_responder *r, struct cspdm_session *s,
			       const struct spdm_hdr *h, const uint8_t *req, size_t len,
			       uint8_t *out, size_t cap);

/* The request: CHUNK_SEND and CHUNK_GET here, the rest through inner; a response too large for
 * the requester is held and ERROR LargeResponse answered instead. */
size_t rsp_chunk_serve(struct cspdm_responder *r, struct cspdm_session *s, const struct spdm_hdr *h,
		       const uint8_t *req, size_t len, uint8_t *out, size_t cap,
		       rsp_inner_fn inner);
void rsp_chunk_reset(struct cspdm_responder *r);
/* The largest response (1.2+): with chunking the requester's MaxSPDMmsgSize and our storage,
 * else both DataTransferSizes. */
uint32_t rsp_chunk_msg_max(const struct cspdm_responder *r);
struct cspdm_responder_config;
/* CHUNK_CAP when there is chunk storage; MaxSPDMmsgSize within it (DataTransferSize without). */
void rsp_chunk_config(struct cspdm_responder_config *c);

#endif
