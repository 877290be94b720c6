/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The observer's view of large messages (SPDM 1.2+ chunking, chunk.h): CHUNK_SEND chunks are
 * put together into the large request, which is observed when its last CHUNK_SEND_ACK comes
 * with the response; a response announced by ERROR LargeResponse is put together from the
 * CHUNK_RESPONSEs and then observed whole. The observer's transcripts see the large messages,
 * never the chunks, as both ends' do. Without storage (cspdm_obs_chunk_storage) chunk messages
 * are not tracked.
 */
#include "observer.h"

#include <string.h>

void cspdm_obs_chunk_storage(struct cspdm_observer *o, uint8_t *buf, size_t cap)
{
	memset(&o->chunk, 0, sizeof(o->chunk));
	o->chunk.buf = buf;
	o->chunk.cap = buf ? cap : 0;
}

static cspdm_status take(struct cspdm_observer *o, uint8_t code, const uint8_t *msg, size_t len,
			 int *complete)
{
	struct cspdm_obs_chunk *k = &o->chunk;
	struct spdm_chunk c;
	const char *field = NULL;
	uint32_t off = 0;
	cspdm_status st = spdm_dec_chunk(&o->neg, code, msg, len, &c, &o->err);

	if (st)
		return st;
	st = chunk_take(&k->rx, o->neg.version, &c, k->buf, k->cap, (uint32_t)k->cap, complete,
			&field, &off);
	if (st) {
		o->err.code = st;
		o->err.field = field;
		o->err.offset = off;
	}
	return st;
}

cspdm_status obs_chunk_request(struct cspdm_observer *o, const struct spdm_hdr *h,
			       const uint8_t *msg, size_t len, uint32_t max_pad)
{
	struct cspdm_obs_chunk *k = &o->chunk;
	int complete = 0;
	cspdm_status st;

	k->pending = h->code;
	o->neg.max_pad = max_pad;
	if (h->code == SPDM_CHUNK_GET)
		return CSPDM_OK;
	if (!k->sending) /* the first chunk of a large request */
		memset(&k->rx, 0, sizeof(k->rx));
	k->sending = 1;
	st = take(o, SPDM_CHUNK_SEND, msg, len, &complete);
	k->whole = complete;
	if (st)
		k->pending = k->sending = 0;
	return st;
}

/* ERROR LargeResponse to the request observed: its chunks follow. */
cspdm_status obs_chunk_large(struct cspdm_observer *o, const uint8_t *msg, size_t len)
{
	struct cspdm_obs_chunk *k = &o->chunk;
	uint8_t handle = 0;
	cspdm_status st = spdm_dec_large_response(&o->neg, msg, len, &handle, &o->err);

	if (st)
		return st;
	memset(&k->rx, 0, sizeof(k->rx));
	k->rx.handle = handle;
	k->rx.fixed = 1;
	return CSPDM_OK;
}

/* The reply to the last CHUNK_SEND: the large request is observed, then its response. */
static cspdm_status after_send(struct cspdm_observer *o, const uint8_t *msg, size_t len,
			       uint32_t pad)
{
	struct cspdm_obs_chunk *k = &o->chunk;
	struct spdm_chunk_ack a;
	cspdm_status st;

	k->sending = k->whole = 0;
	st = cspdm_obs_request(o, k->buf, k->rx.total, 0);
	if (st || msg[1] == SPDM_ERROR) /* LargeResponse (or another ERROR) itself */
		return st ? st : cspdm_obs_response(o, msg, len, pad);
	st = spdm_dec_chunk_ack(&o->neg, msg, len, &a, &o->err);
	if (!st && a.response_len && !(a.attributes & SPDM_CHUNK_EARLY_ERROR))
		st = cspdm_obs_response(o, a.response, a.response_len, pad);
	return st;
}

cspdm_status obs_chunk_response(struct cspdm_observer *o, const uint8_t *msg, size_t len,
				uint32_t pad)
{
	struct cspdm_obs_chunk *k = &o->chunk;
	uint8_t pending = k->pending;
	int complete = 0;
	cspdm_status st;

	k->pending = 0;
	o->neg.max_pad = pad;
	if (pending == SPDM_CHUNK_SEND && k->whole)
		return after_send(o, msg, len, pad);
	if (pending == SPDM_CHUNK_SEND || msg[1] != SPDM_CHUNK_RESPONSE)
		return CSPDM_OK; /* an acknowledgement, or an ERROR to a chunk message */
	st = take(o, SPDM_CHUNK_RESPONSE, msg, len, &complete);
	if (st || !complete)
		return st;
	return cspdm_obs_response(o, k->buf, k->rx.total, 0);
}
