/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM certificate chain (header, RootHash, DER certificates) and the DER framing of one
 * certificate. Input: byte 0 the version (0x10 + b % 5), byte 1 the hash size index (32, 48,
 * 64, 32), then the chain as the requester assembles it from CERTIFICATE portions.
 */
#include "fuzz_common.h"

#include "codec/certchain.h"

static const uint32_t hash_sizes[4] = {32, 48, 64, 32};

static void check_status(cspdm_status st, const cspdm_error *err)
{
	FZ_ASSERT(FZ_STATUS_OK(st));
	if (st)
		FZ_ASSERT(err->code == st);
}

/* Walk the certificates one DER SEQUENCE at a time, as a verifier would. */
static void walk_certs(const uint8_t *certs, size_t len)
{
	cspdm_error err = {0};
	size_t off = 0, total = 0;
	cspdm_status st;

	while (off < len) {
		st = spdm_der_cert_len(certs + off, len - off, &total, &err);
		check_status(st, &err);
		if (st)
			return;
		FZ_ASSERT(total >= 2 && total <= len - off);
		off += total;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	struct spdm_cert_chain c;
	cspdm_error err = {0};
	uint8_t ver;
	uint32_t hs;
	const uint8_t *chain;
	size_t len, total = 0;
	cspdm_status st;

	fz_in_init(&in, data, size);
	ver = (uint8_t)(CSPDM_V10 + fz_u8(&in) % 5);
	hs = hash_sizes[fz_u8(&in) & 3];
	chain = fz_rest(&in, &len);

	st = spdm_der_cert_len(chain, len, &total, &err);
	check_status(st, &err);
	if (!st)
		FZ_ASSERT(total >= 2 && total <= len);

	st = spdm_dec_cert_chain(ver, hs, chain, len, &c, &err);
	check_status(st, &err);
	if (st)
		return 0;
	FZ_ASSERT(len >= SPDM_CERT_CHAIN_HEADER + hs);
	FZ_ASSERT(fz_within(chain, len, c.root_hash, hs));
	FZ_ASSERT(c.certs_len >= 1 && fz_within(chain, len, c.certs, c.certs_len));
	FZ_ASSERT(c.certs_len == len - SPDM_CERT_CHAIN_HEADER - hs);
	FZ_ASSERT(c.root_len >= 2 && c.root_len <= c.certs_len);
	walk_certs(c.certs, c.certs_len);
	return 0;
}
