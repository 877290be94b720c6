/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Field tables for the fixed parts of the VENDOR_DEFINED protocols: one table per message,
 * read by app_rd_fields and written by app_wr_fields, so that what is decoded re-encodes byte
 * for byte. A field is an integer (little endian, 1, 2, 4 or 8 bytes, stored in a struct member
 * of that size), a reserved run (must be zero) or a view of bytes (keys, nonces, entries).
 */
#include <string.h>

#include "app.h"
#include "codec/reader.h"
#include "codec/writer.h"

static void store(void *out, const struct app_field *f, uint64_t v)
{
	uint8_t *p = (uint8_t *)out + f->off;
	uint8_t b = (uint8_t)v;
	uint16_t h = (uint16_t)v;
	uint32_t w = (uint32_t)v;

	if (f->size == 1)
		memcpy(p, &b, 1);
	else if (f->size == 2)
		memcpy(p, &h, 2);
	else if (f->size == 4)
		memcpy(p, &w, 4);
	else
		memcpy(p, &v, 8);
}

static uint64_t load(const void *in, const struct app_field *f)
{
	const uint8_t *p = (const uint8_t *)in + f->off;
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;
	uint64_t v = 0;

	if (f->size == 1)
		memcpy(&b, p, 1);
	else if (f->size == 2)
		memcpy(&h, p, 2);
	else if (f->size == 4)
		memcpy(&w, p, 4);
	else
		memcpy(&v, p, 8);
	return f->size == 1 ? b : f->size == 2 ? h : f->size == 4 ? w : v;
}

static bool rd_int(struct rd *r, const struct app_field *f, uint64_t *v)
{
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;

	if (f->size == 8)
		return rd_u64le(r, f->name, v);
	if (f->size == 4 && rd_u32le(r, f->name, &w))
		*v = w;
	else if (f->size == 2 && rd_u16le(r, f->name, &h))
		*v = h;
	else if (f->size == 1 && rd_u8(r, f->name, &b))
		*v = b;
	return !r->failed;
}

cspdm_status app_rd_fields(struct rd *r, const struct app_field *f, size_t n, void *out,
			   cspdm_error *err)
{
	const uint8_t *view = NULL;
	uint64_t v = 0;
	cspdm_status st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].kind == AF_RSV) {
			st = spdm_rd_zero(r, f[i].name, f[i].size, err);
			if (st)
				return st;
		} else if (f[i].kind == AF_VIEW) {
			if (!rd_view(r, f[i].name, f[i].size, &view))
				break;
			memcpy((uint8_t *)out + f[i].off, (const void *)&view, sizeof(view));
		} else {
			if (!rd_int(r, &f[i], &v))
				break;
			store(out, &f[i], v);
		}
	}
	return spdm_rd_status(r, err);
}

static void wr_int(struct wr *w, const struct app_field *f, uint64_t v)
{
	if (f->size == 1)
		wr_u8(w, (uint8_t)v);
	else if (f->size == 2)
		wr_u16le(w, (uint16_t)v);
	else if (f->size == 4)
		wr_u32le(w, (uint32_t)v);
	else
		wr_u64le(w, v);
}

void app_wr_fields(struct wr *w, const struct app_field *f, size_t n, const void *in)
{
	const uint8_t *view = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].kind == AF_RSV) {
			wr_zero(w, f[i].size);
		} else if (f[i].kind == AF_VIEW) {
			memcpy((void *)&view, (const uint8_t *)in + f[i].off, sizeof(view));
			if (view)
				wr_bytes(w, view, f[i].size);
			else
				wr_zero(w, f[i].size);
		} else {
			wr_int(w, &f[i], load(in, &f[i]));
		}
	}
}

static const struct app_body *body_of(const struct app_desc *d, uint8_t code)
{
	size_t i;

	for (i = 0; i < d->n_bodies; i++)
		if (d->bodies[i].code == code)
			return &d->bodies[i];
	return NULL;
}

static uint8_t byte_at(const void *m, uint16_t off)
{
	return ((const uint8_t *)m)[off];
}

cspdm_status app_rd_msg(struct rd *r, const struct app_desc *d, int request, void *m,
			const uint8_t **tail, size_t *tail_len, size_t *at, cspdm_error *err)
{
	const struct app_body *b;
	cspdm_status st;
	uint8_t code;
	size_t i;

	*at = rd_offset(r);
	st = app_rd_fields(r, d->hdr, d->n_hdr, m, err);
	if (st)
		return st;
	if (byte_at(m, d->version_off) != d->version)
		return spdm_fail(err, CSPDM_E_VERSION_FIELD, d->version_name, *at);
	code = byte_at(m, d->code_off);
	if ((code >= 0x80) != (request != 0))
		return spdm_fail(err, CSPDM_E_FIELD, d->code_name, *at + 1);
	/* the body is read where it is found: its table and its count go together */
	for (i = 0; i < d->n_bodies; i++) {
		b = &d->bodies[i];
		if (b->code != code)
			continue;
		*at = rd_offset(r);
		st = b->n ? app_rd_fields(r, b->f, b->n, m, err) : CSPDM_OK;
		if (!st && b->tail)
			app_rd_tail(r, tail, tail_len);
		return st;
	}
	return spdm_fail(err, CSPDM_E_FIELD, d->code_name, *at + 1);
}

void app_wr_msg(struct wr *w, const struct app_desc *d, const void *m, const uint8_t *tail,
		size_t tail_len)
{
	const struct app_body *b = body_of(d, byte_at(m, d->code_off));

	app_wr_fields(w, d->hdr, d->n_hdr, m);
	if (b && b->n)
		app_wr_fields(w, b->f, b->n, m);
	if (tail_len)
		wr_bytes(w, tail, tail_len);
}

void app_rd_tail(struct rd *r, const uint8_t **tail, size_t *tail_len)
{
	*tail_len = rd_remaining(r);
	*tail = NULL;
	if (*tail_len)
		rd_view(r, "payload", *tail_len, tail);
}
