/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What both roles share of chunking (chunk.h): the bounded reassembly of a large message, the
 * size of the next chunk to send, and size errors in words.
 */
#include "chunk.h"

#include <string.h>

#define OFF_PARAM1 2
#define OFF_HANDLE 3
#define OFF_SEQ	   4
#define OFF_SIZE   8
#define OFF_LMS	   12

static cspdm_status bad(const char **field, uint32_t *offset, cspdm_status st, const char *what,
			uint32_t at)
{
	*field = what;
	*offset = at;
	return st;
}

/* The first chunk: ChunkSeqNo 0 and a LargeMessageSize we can hold. */
static cspdm_status take_first(struct chunk_rx *x, const struct spdm_chunk *c, size_t cap,
			       uint32_t max_total, const char **field, uint32_t *offset)
{
	if (!c->large_size)
		return bad(field, offset, CSPDM_E_CHUNK, "LargeMessageSize (0)", OFF_LMS);
	if (c->large_size > max_total || c->large_size > cap)
		return bad(field, offset, CSPDM_E_MSG_TOO_LARGE,
			   "LargeMessageSize (beyond our MaxSPDMmsgSize or chunk storage)",
			   OFF_LMS);
	x->total = c->large_size;
	if (!x->fixed)
		x->handle = c->handle;
	x->fixed = 1;
	return CSPDM_OK;
}

/* Where the chunk goes: its number, its handle and the bytes it adds up to. */
static cspdm_status check_place(const struct chunk_rx *x, uint8_t ver, const struct spdm_chunk *c,
				const char **field, uint32_t *offset)
{
	uint64_t end = (uint64_t)x->done + c->size;
	int last = (c->attributes & SPDM_CHUNK_LAST) != 0;

	if (c->handle != x->handle)
		return bad(field, offset, CSPDM_E_CHUNK, "Param2 (Handle changed)", OFF_HANDLE);
	if (!c->size)
		return bad(field, offset, CSPDM_E_CHUNK,
			   "ChunkSize (0: the transfer would not end)", OFF_SIZE);
	if (end > x->total)
		return bad(field, offset, CSPDM_E_CHUNK, "ChunkSize (beyond LargeMessageSize)",
			   OFF_SIZE);
	if (last && end != x->total)
		return bad(field, offset, CSPDM_E_CHUNK, "LastChunk (before LargeMessageSize)",
			   OFF_PARAM1);
	if (!last && end == x->total)
		return bad(field, offset, CSPDM_E_CHUNK, "LastChunk (missing at LargeMessageSize)",
			   OFF_PARAM1);
	/* every chunk but the last fills a message of at least the smallest DataTransferSize:
	 * a transfer takes at most LargeMessageSize / 26 round trips */
	if (!last && c->len < SPDM_MIN_DATA_TRANSFER_SIZE_12)
		return bad(field, offset, CSPDM_E_CHUNK,
			   "ChunkSize (a short chunk that is not the last)", OFF_SIZE);
	if (!last && x->seq == SPDM_CHUNK_SEQ_MAX(ver))
		return bad(field, offset, CSPDM_E_CHUNK, "ChunkSeqNo (would wrap)", OFF_SEQ);
	return CSPDM_OK;
}

cspdm_status chunk_take(struct chunk_rx *x, uint8_t ver, const struct spdm_chunk *c, uint8_t *buf,
			size_t cap, uint32_t max_total, int *complete, const char **field,
			uint32_t *offset)
{
	cspdm_status st;

	*complete = 0;
	if (c->seq != x->seq)
		return bad(field, offset, CSPDM_E_CHUNK, "ChunkSeqNo (out of order or repeated)",
			   OFF_SEQ);
	if (c->seq == 0) {
		st = take_first(x, c, cap, max_total, field, offset);
		if (st)
			return st;
	}
	st = check_place(x, ver, c, field, offset);
	if (st)
		return st;
	memcpy(buf + x->done, c->data, c->size);
	x->done += c->size;
	x->seq++;
	*complete = x->done == x->total;
	return CSPDM_OK;
}

uint32_t chunk_next_size(uint32_t limit, uint32_t done, uint32_t total)
{
	uint32_t room = limit - SPDM_CHUNK_HDR - (done == 0 ? SPDM_CHUNK_LMS : 0);

	return total - done < room ? total - done : room;
}

int chunk_seq_fits(uint8_t ver, uint32_t limit, uint64_t len)
{
	uint64_t per = limit - SPDM_CHUNK_HDR;

	return ver >= CSPDM_V14 ||
	       len <= per * ((uint64_t)SPDM_CHUNK_SEQ_MAX_13 + 1) - SPDM_CHUNK_LMS;
}

/* Decimal digits of v at out, at most room of them; returns how many. */
static size_t put_num(char *out, size_t room, uint64_t v)
{
	char tmp[20];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n && i < room; i++)
		out[i] = tmp[n - 1 - i];
	return i;
}

static size_t put_str(char *out, size_t room, const char *s)
{
	size_t i;

	for (i = 0; i < room && s[i]; i++)
		out[i] = s[i];
	return i;
}

void chunk_text(char *out, size_t cap, const char *a, uint64_t x, const char *b, uint64_t y,
		const char *c)
{
	size_t n = 0;

	if (!cap)
		return;
	cap--; /* the NUL */
	n += put_str(out + n, cap - n, a);
	n += put_num(out + n, cap - n, x);
	n += put_str(out + n, cap - n, b);
	n += put_num(out + n, cap - n, y);
	n += put_str(out + n, cap - n, c);
	out[n] = 0;
}
