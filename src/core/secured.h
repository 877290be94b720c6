/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DSP0277 record layer: the only code that touches session keys and sequence numbers.
 *
 * A secured message (DSP0277 "Secured message format", with the binding's fields):
 *   SessionID (u32 LE) | SequenceNumber (binding: MCTP 2 bytes LE, DOE none) | Length (u16 LE)
 *   | encrypted { ApplicationDataLength (u16 LE) | binding prefix (MCTP 0x05) | SPDM message |
 *                 random padding (binding: MCTP 1..32 bytes) }
 *   | MAC (16)
 * Length counts everything after it. The AAD is the header (SessionID .. Length); the IV is the
 * direction's 12-byte IV with the 64-bit sequence number XORed into its first 8 bytes, little-
 * endian (DSP0277 1.2 says little-endian; libspdm uses it for 1.0 and 1.1 too). MAC-only
 * sessions (MAC_CAP without ENCRYPT_CAP) send the binding prefix and message in the clear with
 * no ApplicationDataLength and no padding, and authenticate header and message as AAD.
 *
 * Sequence numbers are 64-bit per direction, start at 0 with each key, and are never reused:
 * the last value is refused (CSPDM_E_SEQUENCE) and the caller ends the session. A record that
 * does not open gives one error and is not retried.
 */
#ifndef CSPDM_SECURED_H
#define CSPDM_SECURED_H

#include "key_schedule.h"

enum sec_dir_id {
	SEC_REQ = 0, /* requester to responder */
	SEC_RSP = 1, /* responder to requester */
};

struct sec_dir {
	void *aead;   /* backend handle on the direction's current key */
	uint64_t seq; /* the next sequence number */
	uint8_t iv[CSPDM_AEAD_IV_SIZE];
	uint8_t secret[CSPDM_MAX_HASH_SIZE]; /* the direction's secret, for KEY_UPDATE */
};

struct sec_state {
	struct sec_dir dir[2];
	uint16_t aead; /* CSPDM_AEAD_* */
	uint8_t mac_only;
};

/* Keys of one direction from its secret (kept for KEY_UPDATE); the sequence number restarts. */
cspdm_status sec_install(const struct ks *k, struct sec_state *s, enum sec_dir_id d,
			 const uint8_t *secret);
/* KEY_UPDATE of one direction: secret' = HKDF-Expand(secret, "traffic upd"), then install. */
cspdm_status sec_update(const struct ks *k, struct sec_state *s, enum sec_dir_id d);
/* Free the key handles and zero every secret. */
void sec_wipe(const struct cspdm_crypto_ops *ops, struct sec_state *s);

/* Where the SPDM message goes in a buffer that sec_seal turns into a record in place. */
size_t sec_msg_offset(const struct cspdm_secured_binding *b, int mac_only);
/* Bytes a record adds after the message: padding (at most) and the MAC. */
size_t sec_tail(const struct cspdm_secured_binding *b, int mac_only);

/*
 * Seal the msg_len-byte message at buf + sec_msg_offset() into a record that starts at buf.
 * *rec_len receives its length (at most offset + msg_len + sec_tail()).
 */
cspdm_status sec_seal(const struct cspdm_crypto_ops *ops, struct sec_state *s, enum sec_dir_id d,
		      uint32_t session_id, const struct cspdm_secured_binding *b, uint8_t *buf,
		      size_t cap, size_t msg_len, size_t *rec_len);

/*
 * Application messages of other types (DSP0275: over MCTP a secured message's application data
 * is an MCTP message, its first byte the MCTP message type). SEC_APP_SPDM names the binding's
 * own SPDM message; a type 0x00..0xFF is another message type, on bindings with app_typed only.
 */
#define SEC_APP_SPDM 0x100u

/* sec_seal of a message of the given type (SEC_APP_SPDM, or a type byte: CSPDM_E_STATE on a
 * binding without app_typed). */
cspdm_status sec_seal_app(const struct cspdm_crypto_ops *ops, struct sec_state *s,
			  enum sec_dir_id d, uint32_t session_id,
			  const struct cspdm_secured_binding *b, uint16_t type, uint8_t *buf,
			  size_t cap, size_t msg_len, size_t *rec_len);

/*
 * Open the record in rec (in place: rec is overwritten with plaintext). max_pad zero bytes may
 * follow it (PCI DOE DWORD padding). *msg / *msg_len receive the SPDM message, inside rec.
 * Errors: CSPDM_E_TRUNCATED / CSPDM_E_LENGTH / CSPDM_E_TRAILING (framing), CSPDM_E_SESSION_ID,
 * CSPDM_E_SEQUENCE, CSPDM_E_DECRYPT (MAC, or what the MAC covers is malformed).
 */
cspdm_status sec_open(const struct cspdm_crypto_ops *ops, struct sec_state *s, enum sec_dir_id d,
		      uint32_t session_id, const struct cspdm_secured_binding *b, uint32_t max_pad,
		      uint8_t *rec, size_t len, const uint8_t **msg, size_t *msg_len,
		      cspdm_error *err);

/*
 * sec_open that takes application messages of any type on an app_typed binding: *type receives
 * SEC_APP_SPDM for the binding's SPDM message, else the message type byte, and *msg the message
 * after it. On other bindings it is sec_open (*type SEC_APP_SPDM).
 */
cspdm_status sec_open_app(const struct cspdm_crypto_ops *ops, struct sec_state *s,
			  enum sec_dir_id d, uint32_t session_id,
			  const struct cspdm_secured_binding *b, uint32_t max_pad, uint8_t *rec,
			  size_t len, uint16_t *type, const uint8_t **msg, size_t *msg_len,
			  cspdm_error *err);

/* The session ID a record names (its first 4 bytes), for dispatch; 0 if too short. */
int sec_peek_session_id(const uint8_t *rec, size_t len, uint32_t *session_id);

#endif
