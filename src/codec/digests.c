/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * GET_DIGESTS (DSP0274 Table 23) and DIGESTS (Table 24). The number of digests is the
 * popcount of the provisioned slot mask; 1.3 adds SupportedSlotMask and, with MultiKeyConn,
 * KeyPairID/CertificateInfo/KeyUsageMask arrays.
 */
#include "spdm.h"

#include "reader.h"
#include "writer.h"

#include <string.h>

cspdm_status spdm_enc_get_digests(uint8_t ver, uint8_t *buf, size_t cap, size_t *out_len)
{
	struct wr w;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, ver, SPDM_GET_DIGESTS, 0, 0);
	return spdm_wr_done(&w, out_len);
}

cspdm_status spdm_dec_get_digests(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				  cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_GET_DIGESTS, &h, err);
	if (st)
		return st;
	st = spdm_check_params_reserved(&h, err);
	if (st)
		return st;
	return spdm_rd_end(&r, n->max_pad, err);
}

cspdm_status spdm_enc_digests(const struct spdm_neg *n, const struct spdm_digests *d, uint8_t *buf,
			      size_t cap, size_t *out_len)
{
	struct wr w;
	unsigned s;

	wr_init(&w, buf, cap);
	spdm_wr_header(&w, n->version, SPDM_DIGESTS,
		       n->version >= CSPDM_V13 ? d->supported_mask : 0, d->provisioned_mask);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1) {
			if (!d->digest[s])
				return CSPDM_E_INVALID_ARG;
			wr_bytes(&w, d->digest[s], n->hash_size);
		}
	for (s = 0; n->multi_key && s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1)
			wr_u8(&w, d->key_pair_id[s]);
	for (s = 0; n->multi_key && s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1)
			wr_u8(&w, d->cert_info[s]);
	for (s = 0; n->multi_key && s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1)
			wr_u16le(&w, d->key_usage[s]);
	return spdm_wr_done(&w, out_len);
}

static void rd_multi_key(struct rd *r, struct spdm_digests *d)
{
	unsigned s;

	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1)
			rd_u8(r, "KeyPairID", &d->key_pair_id[s]);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1)
			rd_u8(r, "CertificateInfo", &d->cert_info[s]);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		if ((d->provisioned_mask >> s) & 1)
			rd_u16le(r, "KeyUsageMask", &d->key_usage[s]);
}

cspdm_status spdm_dec_digests(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			      struct spdm_digests *d, cspdm_error *err)
{
	struct rd r;
	struct spdm_hdr h;
	cspdm_status st;
	unsigned s;

	rd_init(&r, msg, len);
	st = spdm_rd_header(&r, n->version, SPDM_DIGESTS, &h, err);
	if (st)
		return st;
	memset(d, 0, sizeof(*d));
	d->supported_mask = h.param1;
	d->provisioned_mask = h.param2;
	d->count = (uint8_t)spdm_popcount8(h.param2);
	if (n->version < CSPDM_V13 && h.param1)
		return spdm_fail(err, CSPDM_E_RESERVED, "Param1", 2);
	if (n->version >= CSPDM_V13 && (h.param2 & ~h.param1))
		return spdm_fail(err, CSPDM_E_SLOT, "Param2 (ProvisionedSlotMask)", 3);
	for (s = 0; s < CSPDM_MAX_SLOTS; s++)
		if ((h.param2 >> s) & 1)
			rd_view(&r, "Digest", n->hash_size, &d->digest[s]);
	if (n->multi_key)
		rd_multi_key(&r, d);
	return spdm_rd_end_len(&r, n->max_pad, &d->len, err);
}
