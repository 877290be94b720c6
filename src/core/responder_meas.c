/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Responder measurements: GET_MEASUREMENTS / MEASUREMENTS (DSP0274 Tables 45-49), the L1/L2
 * transcript and its signature ("responder-measurements signing" from 1.2), and the
 * measurement summary hash of CHALLENGE_AUTH (all blocks, or the TCB ones: immutable ROM).
 */
#include "responder_ctx.h"

#include "codec/writer.h"

#include <string.h>

#define MEAS_CONTEXT	   "responder-measurements signing"
#define DMTF_RAW	   0x80
#define TYPE_IMMUTABLE_ROM 0
#define SLOT_PUBKEY	   0x0F

static const uint8_t rom[] = "cspdm emulated device: boot ROM";
static const uint8_t fw[] = "cspdm emulated device: firmware 1.0.0";
static const uint8_t hw_cfg[] = "cspdm emulated device: hardware configuration";
static const uint8_t fw_cfg[] = "cspdm emulated device: firmware configuration";
static const uint8_t mode[4] = {0x00, 0x00, 0x00, 0x00}; /* no debug mode, operational */
static const uint8_t version[] = "1.0.0";
static const uint8_t svn[8] = {0x01};

static const struct cspdm_rsp_meas default_meas[] = {
    {1, 0, 0, rom, sizeof(rom) - 1},	   {2, 1, 0, fw, sizeof(fw) - 1},
    {3, 2, 0, hw_cfg, sizeof(hw_cfg) - 1}, {4, 3, 0, fw_cfg, sizeof(fw_cfg) - 1},
    {5, 5, 1, mode, sizeof(mode)},	   {6, 6, 1, version, sizeof(version) - 1},
    {7, 7, 1, svn, sizeof(svn)},
};

const struct cspdm_rsp_meas *cspdm_responder_default_meas(uint8_t *count)
{
	*count = (uint8_t)(sizeof(default_meas) / sizeof(default_meas[0]));
	return default_meas;
}

/* The measurement hash that goes with a base hash (bit i -> bit i + 1). */
uint32_t rsp_meas_hash_for(uint32_t base_hash);
uint32_t rsp_meas_hash_for(uint32_t base_hash)
{
	return base_hash << 1;
}

/* One block (Table 48 + 49) written to w. */
static cspdm_status write_block(struct cspdm_responder *r, const struct cspdm_rsp_meas *m,
				int raw_requested, struct wr *w)
{
	uint8_t digest[CSPDM_MAX_HASH_SIZE];
	const uint8_t *v = m->value;
	size_t vlen = m->value_len;
	int raw = m->raw || raw_requested;
	cspdm_status st;

	if (!raw) {
		st = cspdm_hash_oneshot(r->cfg.crypto, r->algs.base_hash, m->value, m->value_len,
					digest);
		if (st)
			return st;
		v = digest;
		vlen = r->neg.hash_size;
	}
	if (vlen > 0xFFFF - 3)
		return CSPDM_E_BUFFER_TOO_SMALL;
	wr_u8(w, m->index);
	wr_u8(w, SPDM_MEAS_SPEC_DMTF);
	wr_u16le(w, (uint16_t)(3 + vlen));
	wr_u8(w, (uint8_t)((m->type & 0x7F) | (raw ? DMTF_RAW : 0)));
	wr_u16le(w, (uint16_t)vlen);
	wr_bytes(w, v, vlen);
	return wr_ok(w) ? CSPDM_OK : CSPDM_E_BUFFER_TOO_SMALL;
}

/* Blocks for an operation (0xFF all, or one index) into r->record; *count blocks. */
static cspdm_status build_record(struct cspdm_responder *r, uint8_t op, int raw, size_t *len,
				 uint8_t *count)
{
	struct wr w;
	uint8_t i;
	cspdm_status st;

	wr_init(&w, r->record, sizeof(r->record));
	*count = 0;
	for (i = 0; i < r->cfg.meas_count; i++) {
		if (op != SPDM_MEAS_OP_ALL && r->cfg.meas[i].index != op)
			continue;
		st = write_block(r, &r->cfg.meas[i], raw, &w);
		if (st)
			return st;
		(*count)++;
	}
	*len = w.len;
	return *count ? CSPDM_OK : CSPDM_E_FIELD;
}

cspdm_status rsp_meas_summary(struct cspdm_responder *r, uint8_t type, uint8_t *out)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	struct cspdm_hash h;
	struct wr w;
	uint8_t i;
	cspdm_status st = ops->hash_init(ops->priv, &h, r->algs.base_hash);

	if (st)
		return st; /* h was never set up: nothing to free */
	for (i = 0; !st && i < r->cfg.meas_count; i++) {
		if (type != SPDM_MEAS_OP_ALL && r->cfg.meas[i].type != TYPE_IMMUTABLE_ROM)
			continue;
		wr_init(&w, r->record, sizeof(r->record));
		st = write_block(r, &r->cfg.meas[i], 0, &w);
		if (!st)
			st = ops->hash_update(ops->priv, &h, r->record, w.len);
	}
	if (st) {
		ops->hash_free(ops->priv, &h);
		return st;
	}
	return ops->hash_final(ops->priv, &h, out);
}

static cspdm_status check_meas_request(const struct cspdm_responder *r,
				       const struct spdm_get_meas *g)
{
	if (!(r->cfg.caps & SPDM_CAP_MEAS_MASK) || !r->algs.meas_spec)
		return CSPDM_E_UNSUPPORTED;
	if ((g->attributes & SPDM_MEAS_ATTR_SIGNATURE) &&
	    (!(r->cfg.caps & SPDM_CAP_MEAS_SIG) || !r->algs.base_asym))
		return CSPDM_E_FIELD;
	if ((g->attributes & SPDM_MEAS_ATTR_SIGNATURE) &&
	    (g->slot == SLOT_PUBKEY || !((r->provisioned >> g->slot) & 1)))
		return CSPDM_E_SLOT;
	return CSPDM_OK;
}

static size_t encode_meas(struct cspdm_responder *r, const struct spdm_get_meas *g, uint8_t *out,
			  size_t cap)
{
	const struct cspdm_crypto_ops *ops = r->cfg.crypto;
	struct spdm_meas_rsp m;
	uint8_t nonce[CSPDM_NONCE_SIZE];
	size_t rec_len = 0, n = 0;
	int is_signed = (g->attributes & SPDM_MEAS_ATTR_SIGNATURE) != 0;

	memset(&m, 0, sizeof(m));
	if (g->operation == SPDM_MEAS_OP_COUNT)
		m.total = r->cfg.meas_count;
	else if (build_record(r, g->operation, (g->attributes & SPDM_MEAS_ATTR_RAW) != 0, &rec_len,
			      &m.num_blocks))
		return 0;
	m.record = r->record;
	m.record_len = (uint32_t)rec_len;
	m.slot = is_signed && r->neg.version >= CSPDM_V11 ? g->slot : 0;
	m.nonce = nonce;
	m.req_context = g->req_context;
	if (ops->random(ops->priv, nonce, sizeof(nonce)) ||
	    spdm_enc_meas(&r->neg, &m, out, cap, &n) || (is_signed && cap - n < r->neg.sig_size))
		return 0;
	return n;
}

size_t rsp_measurements(struct cspdm_responder *r, const uint8_t *req, size_t len, uint8_t *out,
			size_t cap)
{
	struct spdm_get_meas g;
	size_t n;
	cspdm_status st = spdm_dec_get_meas(&r->neg, req, len, &g, &r->err);

	/* L1/L2 belongs to the connection or to one session: moving between them restarts it */
	if (r->l_owner != r->cur && r->algs.base_hash) {
		r->l_dirty = 0;
		if (tr_restart(&r->tr_l, r->algs.base_hash))
			return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	}
	r->l_owner = r->cur;

	if (!st)
		st = check_meas_request(r, &g);
	if (st == CSPDM_E_UNSUPPORTED)
		r->err.request_code = SPDM_GET_MEASUREMENTS;
	n = st ? 0 : encode_meas(r, &g, out, cap);
	if (!n) {
		/* an ERROR ends the measurement sequence: L1/L2 starts again, as in libspdm */
		r->l_dirty = 0;
		if (r->algs.base_hash && tr_restart(&r->tr_l, r->algs.base_hash))
			return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
		return rsp_refuse(r, st ? st : CSPDM_E_FIELD, out, cap); /* or no such index */
	}
	r->l_dirty = 1;
	if (tr_append(&r->tr_l, req, g.len) || tr_append(&r->tr_l, out, n))
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	if (!(g.attributes & SPDM_MEAS_ATTR_SIGNATURE))
		return n;
	st = rsp_sign(r, &r->tr_l, g.slot, MEAS_CONTEXT, out + n);
	r->l_dirty = 0;
	if (tr_restart(&r->tr_l, r->algs.base_hash) || st)
		return rsp_error(r, SPDM_ERR_UNSPECIFIED, 0, out, cap);
	return n + r->neg.sig_size;
}
