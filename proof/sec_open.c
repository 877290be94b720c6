/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A DSP0277 secured message record (src/core/secured.c sec_open): the record header, the MAC's
 * place and, after the AEAD, the application data, for every binding cspdm has (none, MCTP,
 * PCI DOE, DSP0287 TCP, DSP0286 storage), encrypted or MAC-only, in either direction, at any
 * sequence number, with or without a key. The AEAD is a stub: it checks that what it is given
 * lies in the record, leaves the bytes as they are (unknown, so any plaintext), and may fail.
 */
#include "proof.h"

#include "core/secured.h"
#include "crypto/crypto.h"
#include "transport/storage.h"

static int handle;

static cspdm_status aead_open(void *priv, void *h, const uint8_t *iv, const uint8_t *aad,
			      size_t aad_len, const uint8_t *in, size_t len, const uint8_t *tag,
			      uint8_t *out)
{
	volatile uint8_t sink;

	(void)priv;
	(void)h;
	sink = iv[CSPDM_AEAD_IV_SIZE - 1];
	if (aad_len)
		sink = aad[aad_len - 1];
	if (len) {
		sink = in[len - 1];
		sink = out[len - 1];
	}
	sink = tag[CSPDM_AEAD_TAG_SIZE - 1];
	(void)sink;
	return Frama_C_nondet(CSPDM_OK, Frama_C_nondet(CSPDM_E_DECRYPT, CSPDM_E_CRYPTO));
}

/* The binding of a transport (0 .. TCP), or the storage one's (TCP + 1). */
static void binding(struct cspdm_secured_binding *b)
{
	int k = proof_choose(CSPDM_TRANSPORT_NONE, CSPDM_TRANSPORT_TCP + 1);

	if (k > CSPDM_TRANSPORT_TCP)
		cspdm_storage_secured_binding(b);
	else
		cspdm_transport_secured_binding((enum cspdm_transport)k, b);
}

void main(void)
{
	static struct cspdm_crypto_ops ops;
	struct sec_state s;
	struct cspdm_secured_binding b;
	cspdm_error err;
	const uint8_t *msg;
	size_t len, msg_len;
	uint8_t *rec = (uint8_t *)proof_msg(PROOF_MAX_FRAME, &len);

	ops.aead_open = aead_open;
	proof_unknown(&s, sizeof(s));
	s.dir[SEC_REQ].aead = proof_or_null(&handle);
	s.dir[SEC_RSP].aead = proof_or_null(&handle);
	s.mac_only = (uint8_t)Frama_C_interval(0, 1);
	binding(&b);
	sec_open(&ops, &s, (enum sec_dir_id)Frama_C_interval(SEC_REQ, SEC_RSP), proof_u32(), &b,
		 proof_max_pad(), rec, len, &msg, &msg_len, &err);
}
