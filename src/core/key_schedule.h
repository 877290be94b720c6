/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DSP0274 key schedule ("Key schedule" clause, 1.1-1.4): HKDF over the DHE secret and the
 * transcript hashes TH1 and TH2, with labels in BinConcat form
 *   Length (u16, little-endian) || "spdm1.N " || Label || Context
 * where 1.N is the negotiated SPDM version (1.1 writes "spdm1.1 ", 1.2 "spdm1.2 ", ...).
 *
 *   HandshakeSecret = HKDF-Extract(salt = 0^H, IKM = DHE secret)
 *   with a PSK (PSK_EXCHANGE): HKDF-Extract(salt = Salt_0, IKM = PSK), where Salt_0 is 0^H up
 *   to SPDM 1.2 and H bytes of 0xFF from 1.3 on (DSP0274 1.3 "Key schedule"; libspdm agrees)
 *   {Req,Rsp}HandshakeSecret = HKDF-Expand(HandshakeSecret, BinConcat("{req,rsp} hs data", TH1))
 *   {Req,Rsp}FinishedKey = HKDF-Expand({Req,Rsp}HandshakeSecret, BinConcat("finished"))
 *   Salt1 = HKDF-Expand(HandshakeSecret, BinConcat("derived")); MasterSecret = Extract(Salt1, 0^H)
 *   {Req,Rsp}DataSecret = HKDF-Expand(MasterSecret, BinConcat("{req,rsp} app data", TH2))
 *   ExportMasterSecret = HKDF-Expand(MasterSecret, BinConcat("exp master", TH2))
 *   key / iv of a secret: HKDF-Expand(secret, BinConcat("key"/"iv")), AEAD key and 12 bytes
 *   KEY_UPDATE: secret' = HKDF-Expand(secret, BinConcat("traffic upd"))
 * Every length is the hash size unless stated. These functions hold no state: the caller (the
 * record layer, secured.c, and the session flows) owns every secret and zeroes it.
 */
#ifndef CSPDM_KEY_SCHEDULE_H
#define CSPDM_KEY_SCHEDULE_H

#include "crypto/crypto.h"

struct ks {
	const struct cspdm_crypto_ops *ops;
	uint32_t hash;	    /* CSPDM_HASH_* */
	uint32_t hash_size; /* H */
	uint8_t version;    /* negotiated SPDM version: the label prefix */
};

/* BinConcat into out; returns its length, 0 if cap is too small. context may be NULL. */
size_t ks_bin_concat(uint8_t version, uint16_t length, const char *label, const uint8_t *context,
		     size_t context_len, uint8_t *out, size_t cap);
/* HKDF-Expand(secret, BinConcat(label, context), out_len). context: H bytes or NULL. */
cspdm_status ks_expand(const struct ks *k, const uint8_t *secret, const char *label,
		       const uint8_t *context, uint8_t *out, size_t out_len);

struct ks_handshake {
	uint8_t handshake_secret[CSPDM_MAX_HASH_SIZE];
	uint8_t req_secret[CSPDM_MAX_HASH_SIZE]; /* request-direction handshake secret */
	uint8_t rsp_secret[CSPDM_MAX_HASH_SIZE];
	uint8_t req_finished[CSPDM_MAX_HASH_SIZE];
	uint8_t rsp_finished[CSPDM_MAX_HASH_SIZE];
};

/* From the DHE secret and TH1. On failure everything in *hs is zeroed. */
cspdm_status ks_handshake(const struct ks *k, const uint8_t *dhe_secret, size_t dhe_len,
			  const uint8_t *th1, struct ks_handshake *hs);
/* The same from a PSK (the caller's bytes, read by HKDF-Extract only). */
cspdm_status ks_handshake_psk(const struct ks *k, const uint8_t *psk, size_t psk_len,
			      const uint8_t *th1, struct ks_handshake *hs);

struct ks_data {
	uint8_t req_secret[CSPDM_MAX_HASH_SIZE]; /* request-direction data secret */
	uint8_t rsp_secret[CSPDM_MAX_HASH_SIZE];
	uint8_t export_master[CSPDM_MAX_HASH_SIZE];
};

/* From the handshake secret and TH2. On failure everything in *d is zeroed. */
cspdm_status ks_data(const struct ks *k, const uint8_t *handshake_secret, const uint8_t *th2,
		     struct ks_data *d);

/* KEY_UPDATE: secret = HKDF-Expand(secret, BinConcat("traffic upd")), in place. */
cspdm_status ks_traffic_update(const struct ks *k, uint8_t *secret);

/* The AEAD key (key_len bytes) and the 12-byte IV of a secret. */
cspdm_status ks_key_iv(const struct ks *k, const uint8_t *secret, uint8_t *key, size_t key_len,
		       uint8_t *iv);

#endif
