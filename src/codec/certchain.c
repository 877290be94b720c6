/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM certificate chain format (DSP0274 Table "Certificate chain format"): Length (u16,
 * u32 from 1.4), Reserved (u16 before 1.4), RootHash[H], then DER certificates, root first.
 * Also the DER framing of one certificate (X.690: SEQUENCE with a definite length).
 */
#include "certchain.h"

#include "reader.h"

#define DER_SEQUENCE 0x30

/*
 * The header of one DER TLV for a SEQUENCE, read from r: *body receives its content length.
 * Error offsets are relative to where the TLV starts.
 */
static cspdm_status rd_der_seq(struct rd *r, uint64_t *body, cspdm_error *err)
{
	size_t at = rd_offset(r);
	uint8_t tag, l0, b;
	unsigned i;

	rd_u8(r, "Certificate.tag", &tag);
	rd_u8(r, "Certificate.length", &l0);
	if (r->failed)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, r->fail_field, r->fail_off - at);
	if (tag != DER_SEQUENCE)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.tag", 0);
	*body = l0;
	if (l0 < 0x80)
		return CSPDM_OK;
	/* long form: 1..4 length bytes, no leading zero, not encodable in short form */
	if (l0 == 0x80 || l0 > 0x84)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", 1);
	*body = 0;
	for (i = 0; i < (unsigned)(l0 & 0x7F); i++) {
		if (!rd_u8(r, "Certificate.length", &b))
			return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, r->fail_field,
					 r->fail_off - at);
		if (i == 0 && b == 0)
			return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", 2);
		*body = (*body << 8) | b;
	}
	if (*body < 0x80)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", 1);
	return CSPDM_OK;
}

/* The SEQUENCE at the reader's offset: *total is its whole length, header included. */
static cspdm_status rd_der_cert(struct rd *r, size_t *total, cspdm_error *err)
{
	size_t at = rd_offset(r);
	uint64_t body = 0;
	cspdm_status st = rd_der_seq(r, &body, err);

	if (st)
		return st;
	if (body > rd_remaining(r))
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "Certificate.length", 1);
	*total = rd_offset(r) - at + (size_t)body;
	return CSPDM_OK;
}

cspdm_status spdm_der_cert_len(const uint8_t *buf, size_t len, size_t *total, cspdm_error *err)
{
	struct rd r;

	rd_init(&r, buf, len);
	return rd_der_cert(&r, total, err);
}

cspdm_status spdm_dec_cert_chain(uint8_t version, uint32_t hash_size, const uint8_t *chain,
				 size_t len, struct spdm_cert_chain *c, cspdm_error *err)
{
	struct rd r;
	uint16_t len16 = 0, reserved = 0;
	uint32_t len32 = 0;
	cspdm_status st;
	size_t certs_len;

	rd_init(&r, chain, len);
	if (version >= CSPDM_V14) {
		rd_u32le(&r, "CertChain.Length", &len32);
	} else {
		rd_u16le(&r, "CertChain.Length", &len16);
		rd_u16le(&r, "CertChain.Reserved", &reserved);
		len32 = len16;
	}
	rd_view(&r, "CertChain.RootHash", hash_size, &c->root_hash);
	if (r.failed)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, r.fail_field, r.fail_off);
	if (reserved)
		return spdm_fail(err, CSPDM_E_RESERVED, "CertChain.Reserved", 2);
	if (len32 != len)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Length", 0);
	certs_len = rd_remaining(&r);
	if (certs_len == 0)
		return spdm_fail(err, CSPDM_E_CERT_CHAIN_FORMAT, "CertChain.Certificates",
				 rd_offset(&r));
	/* where the certificates start; the root's DER header is read from the chain itself */
	rd_view(&r, "CertChain.Certificates", 0, &c->certs);
	c->certs_len = certs_len;
	st = rd_der_cert(&r, &c->root_len, err);
	if (st && err)
		err->offset += (uint32_t)(SPDM_CERT_CHAIN_HEADER + hash_size);
	return st;
}

cspdm_status spdm_chain_cert(const struct spdm_cert_chain *c, unsigned index, const uint8_t **der,
			     size_t *len)
{
	const uint8_t *rest;
	struct rd r, probe;
	size_t n = 0;
	unsigned i;

	rd_init(&r, c->certs, c->certs_len);
	for (i = 0; rd_remaining(&r) > 0; i++) {
		probe = r;
		if (!rd_view(&probe, "CertChain.Certificates", rd_remaining(&r), &rest) ||
		    spdm_der_cert_len(rest, rd_remaining(&r), &n, NULL) != CSPDM_OK ||
		    !rd_view(&r, "Certificate", n, der))
			return CSPDM_E_CERT_CHAIN_FORMAT;
		if (i == index) {
			*len = n;
			return CSPDM_OK;
		}
	}
	return CSPDM_E_INVALID_ARG;
}
