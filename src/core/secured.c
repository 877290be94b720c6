/* SPDX-License-Identifier: BSD-3-Clause */
/* The DSP0277 record layer: see secured.h. Record bytes are read only through the reader. */
#include "secured.h"

#include <stdbool.h>
#include <string.h>

#include "codec/reader.h"

#define SEQ_LAST UINT64_MAX /* never used: the counter stops before it */

/* ---- keys ---------------------------------------------------------------------------------- */

static void drop_key(const struct cspdm_crypto_ops *ops, struct sec_dir *d)
{
	if (d->aead)
		ops->aead_free(ops->priv, d->aead);
	d->aead = NULL;
}

static cspdm_status new_key(const struct ks *k, struct sec_state *s, struct sec_dir *d)
{
	uint8_t key[CSPDM_MAX_AEAD_KEY_SIZE];
	uint32_t klen = cspdm_aead_key_size(s->aead);
	cspdm_status st;

	if (!klen)
		return CSPDM_E_ALGORITHM;
	st = ks_key_iv(k, d->secret, key, klen, d->iv);
	if (!st)
		st = k->ops->aead_new(k->ops->priv, s->aead, key, klen, &d->aead);
	cspdm_memzero(key, sizeof(key));
	d->seq = 0;
	return st;
}

cspdm_status sec_install(const struct ks *k, struct sec_state *s, enum sec_dir_id d,
			 const uint8_t *secret)
{
	struct sec_dir *sd = &s->dir[d];

	drop_key(k->ops, sd);
	memcpy(sd->secret, secret, k->hash_size);
	return new_key(k, s, sd);
}

cspdm_status sec_update(const struct ks *k, struct sec_state *s, enum sec_dir_id d)
{
	struct sec_dir *sd = &s->dir[d];
	cspdm_status st;

	drop_key(k->ops, sd);
	st = ks_traffic_update(k, sd->secret);
	return st ? st : new_key(k, s, sd);
}

void sec_wipe(const struct cspdm_crypto_ops *ops, struct sec_state *s)
{
	drop_key(ops, &s->dir[SEC_REQ]);
	drop_key(ops, &s->dir[SEC_RSP]);
	cspdm_memzero(s, sizeof(*s));
}

/* ---- layout -------------------------------------------------------------------------------- */

static size_t header_size(const struct cspdm_secured_binding *b)
{
	return 4 + (size_t)b->seq_num_size + 2;
}

size_t sec_msg_offset(const struct cspdm_secured_binding *b, int mac_only)
{
	return header_size(b) + (mac_only ? 0 : 2) + b->app_prefix_len;
}

size_t sec_tail(const struct cspdm_secured_binding *b, int mac_only)
{
	return (mac_only ? 0 : b->max_random_pad) + CSPDM_AEAD_TAG_SIZE;
}

static void put_le(uint8_t *p, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The per-record IV: the direction's IV with the sequence number XORed in, little-endian. */
static void record_iv(const struct sec_dir *d, uint8_t *iv)
{
	size_t i;

	memcpy(iv, d->iv, CSPDM_AEAD_IV_SIZE);
	for (i = 0; i < 8; i++)
		iv[i] ^= (uint8_t)(d->seq >> (8 * i));
}

/* ---- seal ---------------------------------------------------------------------------------- */

static cspdm_status pad_size(const struct cspdm_crypto_ops *ops,
			     const struct cspdm_secured_binding *b, size_t *pad)
{
	uint8_t r = 0;
	cspdm_status st;

	*pad = 0;
	if (!b->max_random_pad)
		return CSPDM_OK;
	st = ops->random(ops->priv, &r, 1);
	*pad = (size_t)(r % b->max_random_pad) + 1; /* 1 .. max, as libspdm sends */
	return st;
}

static void put_header(uint8_t *buf, uint32_t session_id, const struct cspdm_secured_binding *b,
		       uint64_t seq, size_t length)
{
	put_le(buf, session_id, 4);
	put_le(buf + 4, seq, b->seq_num_size);
	put_le(buf + 4 + b->seq_num_size, length, 2);
}

/* A binding's fields fit: its length field inside its prefix, a typed prefix one bare byte. */
static bool binding_ok(const struct cspdm_secured_binding *b)
{
	if (b->seq_num_size > 8 || b->app_prefix_len > sizeof(b->app_prefix))
		return false;
	if (b->app_typed && (b->app_prefix_len != 1 || b->app_len_size))
		return false;
	return b->app_len_size == 0 ||
	       (b->app_len_size <= 4 &&
		(size_t)b->app_len_at + b->app_len_size <= b->app_prefix_len);
}

/* The binding's prefix before a message of msg_len bytes, its length field filled in; on a
 * typed binding a type other than SEC_APP_SPDM replaces the prefix's type byte. */
static void put_prefix(const struct cspdm_secured_binding *b, uint16_t type, uint8_t *p,
		       size_t msg_len)
{
	memcpy(p, b->app_prefix, b->app_prefix_len);
	if (b->app_len_size)
		put_le(p + b->app_len_at, (uint64_t)msg_len + b->app_len_add, b->app_len_size);
	if (b->app_typed && type != SEC_APP_SPDM)
		p[0] = (uint8_t)type;
}

cspdm_status sec_seal(const struct cspdm_crypto_ops *ops, struct sec_state *s, enum sec_dir_id d,
		      uint32_t session_id, const struct cspdm_secured_binding *b, uint8_t *buf,
		      size_t cap, size_t msg_len, size_t *rec_len)
{
	return sec_seal_app(ops, s, d, session_id, b, SEC_APP_SPDM, buf, cap, msg_len, rec_len);
}

cspdm_status sec_seal_app(const struct cspdm_crypto_ops *ops, struct sec_state *s,
			  enum sec_dir_id d, uint32_t session_id,
			  const struct cspdm_secured_binding *b, uint16_t type, uint8_t *buf,
			  size_t cap, size_t msg_len, size_t *rec_len)
{
	struct sec_dir *sd = &s->dir[d];
	size_t hdr = header_size(b), app = (size_t)b->app_prefix_len + msg_len, pad = 0, body;
	uint8_t iv[CSPDM_AEAD_IV_SIZE];
	cspdm_status st;

	if (!sd->aead || !binding_ok(b) || (type != SEC_APP_SPDM && (!b->app_typed || type > 0xFF)))
		return CSPDM_E_STATE;
	if (sd->seq == SEQ_LAST)
		return CSPDM_E_SEQUENCE;
	st = s->mac_only ? CSPDM_OK : pad_size(ops, b, &pad);
	if (st)
		return st;
	body = s->mac_only ? app : 2 + app + pad;
	if (app > 0xFFFF || body + CSPDM_AEAD_TAG_SIZE > 0xFFFF ||
	    (uint64_t)hdr + body + CSPDM_AEAD_TAG_SIZE > cap)
		return CSPDM_E_BUFFER_TOO_SMALL;
	put_header(buf, session_id, b, sd->seq, body + CSPDM_AEAD_TAG_SIZE);
	put_prefix(b, type, buf + sec_msg_offset(b, s->mac_only) - b->app_prefix_len, msg_len);
	if (!s->mac_only) {
		put_le(buf + hdr, app, 2);
		st = ops->random(ops->priv, buf + hdr + 2 + app, pad);
	}
	record_iv(sd, iv);
	if (!st && s->mac_only)
		st = ops->aead_seal(ops->priv, sd->aead, iv, buf, hdr + body, NULL, 0, NULL,
				    buf + hdr + body);
	else if (!st)
		st = ops->aead_seal(ops->priv, sd->aead, iv, buf, hdr, buf + hdr, body, buf + hdr,
				    buf + hdr + body);
	if (st)
		return st;
	sd->seq++;
	*rec_len = hdr + body + CSPDM_AEAD_TAG_SIZE;
	return CSPDM_OK;
}

/* ---- open ---------------------------------------------------------------------------------- */

static cspdm_status open_fail(cspdm_error *err, cspdm_status st, const char *field, size_t off)
{
	err->code = st;
	err->field = field;
	err->offset = (uint32_t)off;
	return st;
}

/* SessionID, SequenceNumber and Length; *body = Length, checked against the record. */
static cspdm_status read_header(struct rd *r, const struct sec_dir *sd, uint32_t session_id,
				const struct cspdm_secured_binding *b, uint32_t max_pad,
				size_t *body, cspdm_error *err)
{
	uint32_t id = 0;
	uint16_t length = 0;
	uint8_t seq[8] = {0}, want[8] = {0};
	struct rd tail;

	if (!rd_u32le(r, "SessionID", &id) ||
	    !rd_bytes(r, "SequenceNumber", seq, b->seq_num_size) || !rd_u16le(r, "Length", &length))
		return open_fail(err, CSPDM_E_TRUNCATED, r->fail_field, r->fail_off);
	if (id != session_id)
		return open_fail(err, CSPDM_E_SESSION_ID, "SessionID", 0);
	put_le(want, sd->seq, b->seq_num_size);
	if (memcmp(seq, want, b->seq_num_size) != 0)
		return open_fail(err, CSPDM_E_SEQUENCE, "SequenceNumber", 4);
	if (length < CSPDM_AEAD_TAG_SIZE)
		return open_fail(err, CSPDM_E_LENGTH, "Length", 4 + b->seq_num_size);
	if (length > rd_remaining(r))
		return open_fail(err, CSPDM_E_TRUNCATED, "Length", 4 + b->seq_num_size);
	tail = *r;
	if (!rd_skip(&tail, "MAC", length) || !rd_at_end(&tail, max_pad))
		return open_fail(err, CSPDM_E_TRAILING, "MAC", rd_offset(r) + length);
	*body = length - CSPDM_AEAD_TAG_SIZE;
	return CSPDM_OK;
}

/*
 * What the MAC covered: [ApplicationDataLength] | prefix | message [| padding]. The prefix is
 * the binding's exactly, or, when type is not NULL on a typed binding, any type byte.
 */
static cspdm_status read_app(const struct sec_state *s, const struct cspdm_secured_binding *b,
			     const uint8_t *plain, size_t len, uint16_t *type, const uint8_t **msg,
			     size_t *msg_len, cspdm_error *err)
{
	struct rd r;
	uint16_t app = (uint16_t)len;
	uint8_t prefix[sizeof(b->app_prefix)], want[sizeof(b->app_prefix)];

	rd_init(&r, plain, len);
	if (!s->mac_only && !rd_u16le(&r, "ApplicationDataLength", &app))
		return open_fail(err, CSPDM_E_DECRYPT, "ApplicationDataLength", 0);
	if (app > rd_remaining(&r) || app < b->app_prefix_len ||
	    !rd_bytes(&r, "ApplicationData", prefix, b->app_prefix_len))
		return open_fail(err, CSPDM_E_DECRYPT, "ApplicationData", 0);
	*msg_len = (size_t)app - b->app_prefix_len;
	put_prefix(b, SEC_APP_SPDM, want, *msg_len); /* its length field naming this message */
	if (type)
		*type = SEC_APP_SPDM;
	if (type && b->app_typed && prefix[0] != want[0])
		*type = prefix[0]; /* another MCTP message type (DSP0275) */
	else if (memcmp(prefix, want, b->app_prefix_len) != 0)
		return open_fail(err, CSPDM_E_DECRYPT, "ApplicationData", 0);
	if (!rd_view(&r, "ApplicationData", *msg_len, msg))
		return open_fail(err, CSPDM_E_DECRYPT, "ApplicationData", 0);
	return CSPDM_OK;
}

static cspdm_status open_rec(const struct cspdm_crypto_ops *ops, struct sec_state *s,
			     enum sec_dir_id d, uint32_t session_id,
			     const struct cspdm_secured_binding *b, uint32_t max_pad, uint8_t *rec,
			     size_t len, uint16_t *type, const uint8_t **msg, size_t *msg_len,
			     cspdm_error *err)
{
	struct sec_dir *sd = &s->dir[d];
	uint8_t iv[CSPDM_AEAD_IV_SIZE];
	struct rd r;
	size_t hdr, body = 0;
	cspdm_status st;

	if (!sd->aead || !binding_ok(b))
		return open_fail(err, CSPDM_E_STATE, NULL, 0);
	if (sd->seq == SEQ_LAST)
		return open_fail(err, CSPDM_E_SEQUENCE, "SequenceNumber", 4);
	rd_init(&r, rec, len);
	st = read_header(&r, sd, session_id, b, max_pad, &body, err);
	if (st)
		return st;
	hdr = rd_offset(&r);
	record_iv(sd, iv);
	if (s->mac_only)
		st = ops->aead_open(ops->priv, sd->aead, iv, rec, hdr + body, NULL, 0,
				    rec + hdr + body, NULL);
	else
		st = ops->aead_open(ops->priv, sd->aead, iv, rec, hdr, rec + hdr, body,
				    rec + hdr + body, rec + hdr);
	if (st)
		return open_fail(err, st == CSPDM_E_DECRYPT ? st : CSPDM_E_CRYPTO, "MAC",
				 hdr + body);
	st = read_app(s, b, rec + hdr, body, type, msg, msg_len, err);
	if (!st)
		sd->seq++;
	return st;
}

cspdm_status sec_open(const struct cspdm_crypto_ops *ops, struct sec_state *s, enum sec_dir_id d,
		      uint32_t session_id, const struct cspdm_secured_binding *b, uint32_t max_pad,
		      uint8_t *rec, size_t len, const uint8_t **msg, size_t *msg_len,
		      cspdm_error *err)
{
	return open_rec(ops, s, d, session_id, b, max_pad, rec, len, NULL, msg, msg_len, err);
}

cspdm_status sec_open_app(const struct cspdm_crypto_ops *ops, struct sec_state *s,
			  enum sec_dir_id d, uint32_t session_id,
			  const struct cspdm_secured_binding *b, uint32_t max_pad, uint8_t *rec,
			  size_t len, uint16_t *type, const uint8_t **msg, size_t *msg_len,
			  cspdm_error *err)
{
	uint16_t t = SEC_APP_SPDM;
	cspdm_status st =
	    open_rec(ops, s, d, session_id, b, max_pad, rec, len, &t, msg, msg_len, err);

	if (type)
		*type = st ? SEC_APP_SPDM : t;
	return st;
}

int sec_peek_session_id(const uint8_t *rec, size_t len, uint32_t *session_id)
{
	struct rd r;

	rd_init(&r, rec, len);
	return rd_u32le(&r, "SessionID", session_id);
}
