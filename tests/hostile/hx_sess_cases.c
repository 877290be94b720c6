/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The session catalogue, requester side: a device that misbehaves inside the session protocol
 * (hx_sess.c). Columns: what happens, the session setup (HS_*), the fault, and the status the
 * requester must report (and the field, or the device's ErrorCode). The flow authenticates,
 * then opens a session and sends HEARTBEAT, KEY_UPDATE (UpdateKey, VerifyNewKey, UpdateAllKeys,
 * VerifyNewKey: the 1st to 4th KEY_UPDATE_ACK), GET_MEASUREMENTS and END_SESSION. SPDM 1.2,
 * MCTP records (header 8 bytes: SessionID, 2-byte SequenceNumber, Length; then
 * ApplicationDataLength, the message type 0x05, the message, 1-32 bytes of padding, the MAC),
 * SECP256R1 (ExchangeData 64 bytes at offset 40 of KEY_EXCHANGE_RSP), ECDSA P-256 signatures
 * (64 bytes), SHA-384 (H = 48), the handshake in the clear unless HS_ENC. Faults on secured
 * replies hit the message inside behind a valid MAC unless they say R (the record bytes) or B
 * (the whole plaintext of the record).
 */
#include "hostile.h"

/* request codes whose answers are hit */
#define KEX SPDM_KEY_EXCHANGE
#define FIN SPDM_FINISH
#define HB  SPDM_HEARTBEAT
#define KU  SPDM_KEY_UPDATE
#define ES  SPDM_END_SESSION
#define GMS SPDM_GET_MEASUREMENTS
#define GDG SPDM_GET_DIGESTS
#define REC HX_SREC

#define OPQ 104 /* KEY_EXCHANGE_RSP OpaqueDataLength */
#define SEL 116 /* ... and the SelectedVersion in its opaque data (1.2 general format) */
#define SIG 64
#define H   48

/* clang-format off */
/* Faults on the ith answer to request rq, at offset off (negative: from the end), seen at
 * layer l: M the message, R the record, B the record's whole plaintext */
#define L_M HX_L_MSG
#define L_R HX_L_RECORD
#define L_B HX_L_BODY
#define XOR(l, rq, i, off, m)	 {.kind = F_XOR, .req = (rq), .nth = (i), .at = (off), .val = (m), \
				  .layer = (l)}
#define SET(l, rq, i, w, off, v) {.kind = F_SET, .req = (rq), .nth = (i), .at = (off), .width = (w), \
				  .val = (uint32_t)(v), .layer = (l)}
#define ADD(l, rq, i, w, off, d) {.kind = F_ADD, .req = (rq), .nth = (i), .at = (off), .width = (w), \
				  .val = (uint32_t)(d), .layer = (l)}
#define TRUNC(l, rq, i, k)	 {.kind = F_TRUNC, .req = (rq), .nth = (i), .n = (k), .layer = (l)}
#define KEEP(l, rq, i, k)	 {.kind = F_KEEP, .req = (rq), .nth = (i), .n = (k), .layer = (l)}
#define APPEND(l, rq, i, k)	 {.kind = F_APPEND, .req = (rq), .nth = (i), .n = (k), .val = 0, \
				  .layer = (l)}
#define SERR(rq, i, c)		 {.kind = F_ERROR, .req = (rq), .nth = (i), .p1 = (c)}
#define KIND(rq, i)		 {.kind = F_KIND, .req = (rq), .nth = (i)}
#define DROP(rq, i)		 {.kind = F_DROP, .req = (rq), .nth = (i)}
#define LINK_IO(rq, i)		 {.kind = F_IO, .req = (rq), .nth = (i)}
#define HOOK(l, rq, i, fn, v)	 {.kind = F_HOOK, .req = (rq), .nth = (i), .hook = (fn), .val = (v), \
				  .layer = (l)}
#define NOT_READY(rq)		 {.kind = F_NOT_READY, .req = (rq), .nth = 1, .n = 1, .p2 = 4}

/* Rows: name, session setup, fault, expected status (and field, or ErrorCode). */
#define SS(name, sess, fault, st) \
	{name, HX_SESS, 0, 0, fault, CSPDM_##st, NULL, 0, sess}
#define SSF(name, sess, fault, st, field) \
	{name, HX_SESS, 0, 0, fault, CSPDM_##st, field, 0, sess}
#define SSD(name, sess, fault, dev) \
	{name, HX_SESS, 0, 0, fault, CSPDM_E_DEVICE_ERROR, "ErrorCode", dev, sess}
/* clang-format on */

#define ENC   HS_ENC
#define SWEEP HS_SWEEP

const struct hx_scenario hx_sess_cases[] = {
    /* ---- KEY_EXCHANGE_RSP (in the clear) ------------------------------------------------- */
    SSF("KEY_EXCHANGE_RSP signature flipped", 0, XOR(L_M, KEX, 1, -1, 0x01), E_SIGNATURE,
	"Signature"),
    SSF("KEY_EXCHANGE_RSP RandomData flipped", 0, XOR(L_M, KEX, 1, 8, 0x01), E_SIGNATURE,
	"Signature"),
    SSF("KEY_EXCHANGE_RSP ExchangeData flipped (signed over)", 0, XOR(L_M, KEX, 1, 41, 0x01),
	E_SIGNATURE, "Signature"),
    SSF("KEY_EXCHANGE_RSP RspSessionID changed (signed over)", 0, XOR(L_M, KEX, 1, 4, 0x01),
	E_SIGNATURE, "Signature"),
    /* control: the new signature verifies; the device's TH has its own, so FINISH fails */
    SSD("KEY_EXCHANGE_RSP signed again unchanged", 0, HOOK(L_M, KEX, 1, hk_ke_resign, KE_HONEST),
	SPDM_ERR_DECRYPT_ERROR),
    SSF("DHE point off the curve, signed again", 0, HOOK(L_M, KEX, 1, hk_ke_resign, KE_OFF_CURVE),
	E_DHE_KEY, "ExchangeData"),
    SSF("DHE point all zeros, signed again", 0, HOOK(L_M, KEX, 1, hk_ke_resign, KE_ZERO_DHE),
	E_DHE_KEY, "ExchangeData"),
    SS("KEY_EXCHANGE_RSP cut to 0..47 bytes, then every 5th length", SWEEP, KEEP(L_M, KEX, 1, 0),
       E_TRUNCATED),
    SS("KEY_EXCHANGE_RSP without its signature", 0, TRUNC(L_M, KEX, 1, SIG), E_TRUNCATED),
    SS("KEY_EXCHANGE_RSP with a trailing byte", 0, APPEND(L_M, KEX, 1, 1), E_TRAILING),
    SSF("OpaqueDataLength beyond the message", 0, SET(L_M, KEX, 1, 2, OPQ, 0x200), E_TRUNCATED,
	"OpaqueData"),
    SSF("OpaqueDataLength over 1024", 0, SET(L_M, KEX, 1, 2, OPQ, 0xFFFF), E_LENGTH,
	"OpaqueDataLength"),
    SSF("no opaque data", 0, HOOK(L_M, KEX, 1, hk_ke_no_opaque, 0), E_LENGTH, "TotalElements"),
    SSF("MutAuthRequested with two bits", 0, SET(L_M, KEX, 1, 1, 6, 0x03), E_FIELD,
	"MutAuthRequested"),
    SSF("MutAuthRequested with three bits", 0, SET(L_M, KEX, 1, 1, 6, 0x07), E_FIELD,
	"MutAuthRequested"),
    SSF("MutAuthRequested reserved bit 3", 0, SET(L_M, KEX, 1, 1, 6, 0x08), E_RESERVED,
	"MutAuthRequested"),
    SSF("MutAuthRequested reserved bit 7", 0, SET(L_M, KEX, 1, 1, 6, 0x80), E_RESERVED,
	"MutAuthRequested"),
    SSF("MutAuthRequested bit 0, never offered", 0, SET(L_M, KEX, 1, 1, 6, 0x01), E_FIELD,
	"MutAuthRequested"),
    SSF("MutAuthRequested bit 1 (encapsulated), never offered", 0, SET(L_M, KEX, 1, 1, 6, 0x02),
	E_FIELD, "MutAuthRequested"),
    SSF("MutAuthRequested bit 2 (GET_DIGESTS), never offered", 0, SET(L_M, KEX, 1, 1, 6, 0x04),
	E_FIELD, "MutAuthRequested"),
    SSF("ReqSlotIDParam reserved bits", 0, SET(L_M, KEX, 1, 1, 7, 0x10), E_RESERVED,
	"ReqSlotIDParam"),
    SSF("KEY_EXCHANGE_RSP Param2 set", 0, SET(L_M, KEX, 1, 1, 3, 0x01), E_RESERVED, "Param2"),
    SSF("SelectedVersion 1.2, only 1.1 offered", HS_SM11, SET(L_M, KEX, 1, 2, SEL, 0x1200), E_FIELD,
	"OpaqueData.SelectedVersion"),
    SSF("SelectedVersion 1.3, never offered", 0, SET(L_M, KEX, 1, 2, SEL, 0x1300), E_FIELD,
	"OpaqueData.SelectedVersion"),
    SS("KEY_EXCHANGE_RSP with the FINISH_RSP code", 0, SET(L_M, KEX, 1, 1, 1, 0x65),
       E_RESPONSE_CODE),
    SS("KEY_EXCHANGE_RSP with SPDMVersion 1.1", 0, SET(L_M, KEX, 1, 1, 0, 0x11), E_VERSION_FIELD),
    SSD("ERROR InvalidRequest instead of KEY_EXCHANGE_RSP", 0,
	SERR(KEX, 1, SPDM_ERR_INVALID_REQUEST), SPDM_ERR_INVALID_REQUEST),
    SSD("ERROR SessionLimitExceeded instead of KEY_EXCHANGE_RSP", 0,
	SERR(KEX, 1, SPDM_ERR_SESSION_LIMIT_EXCEEDED), SPDM_ERR_SESSION_LIMIT_EXCEEDED),
    SSF("HeartbeatPeriod without HBEAT_CAP", HS_NO_HBEAT, SET(L_M, KEX, 1, 1, 2, 30), E_FIELD,
	"Param1 (HeartbeatPeriod without HBEAT_CAP)"),
    SSF("KEY_EXCHANGE_RSP as a secured message", 0, KIND(KEX, 1), E_NOT_SECURED,
	"secured message (a plaintext one is due)"),
    SS("no KEY_EXCHANGE_RSP", 0, DROP(KEX, 1), E_TIMEOUT),
    SS("ResponseNotReady, then KEY_EXCHANGE_RSP (control)", 0, NOT_READY(KEX), OK),

    /* ---- KEY_EXCHANGE_RSP with the handshake encrypted ---------------------------------- */
    SSF("ResponderVerifyData flipped", ENC, XOR(L_M, KEX, 1, -1, 0x01), E_VERIFY_DATA,
	"ResponderVerifyData"),
    SS("ResponderVerifyData missing", ENC, TRUNC(L_M, KEX, 1, H), E_TRUNCATED),
    SSF("signature flipped (verify data after it)", ENC, XOR(L_M, KEX, 1, -H - 1, 0x01),
	E_SIGNATURE, "Signature"),

    /* ---- FINISH_RSP ---------------------------------------------------------------------- */
    SSF("FINISH_RSP ResponderVerifyData flipped", 0, XOR(L_M, FIN, 1, -1, 0x01), E_VERIFY_DATA,
	"ResponderVerifyData"),
    SSF("FINISH_RSP ResponderVerifyData first byte flipped", 0, XOR(L_M, FIN, 1, 4, 0x80),
	E_VERIFY_DATA, "ResponderVerifyData"),
    SS("FINISH_RSP cut to every length (0..47, then every 5th)", SWEEP, KEEP(L_M, FIN, 1, 0),
       E_TRUNCATED),
    SS("FINISH_RSP without ResponderVerifyData", 0, KEEP(L_M, FIN, 1, 4), E_TRUNCATED),
    SS("FINISH_RSP with a trailing byte", 0, APPEND(L_M, FIN, 1, 1), E_TRAILING),
    SS("FINISH_RSP with Param1 set", 0, SET(L_M, FIN, 1, 1, 2, 0x01), E_RESERVED),
    SS("FINISH_RSP with the KEY_EXCHANGE_RSP code", 0, SET(L_M, FIN, 1, 1, 1, 0x64),
       E_RESPONSE_CODE),
    SSD("ERROR DecryptError instead of FINISH_RSP", 0, SERR(FIN, 1, SPDM_ERR_DECRYPT_ERROR),
	SPDM_ERR_DECRYPT_ERROR),
    SS("FINISH_RSP as a secured message", 0, KIND(FIN, 1), E_NOT_SECURED),
    SS("no FINISH_RSP", 0, DROP(FIN, 1), E_TIMEOUT),

    /* ---- FINISH_RSP with the handshake encrypted ----------------------------------------- */
    SS("FINISH_RSP opened and sealed again (control)", ENC, XOR(L_M, FIN, 1, 0, 0x00), OK),
    SSF("FINISH_RSP record MAC flipped", ENC, XOR(L_R, FIN, 1, -1, 0x80), E_DECRYPT, "MAC"),
    SSF("FINISH_RSP record ciphertext flipped", ENC, XOR(L_R, FIN, 1, 9, 0x01), E_DECRYPT, "MAC"),
    SSF("FINISH_RSP in the clear (a secured one is due)", ENC, KIND(FIN, 1), E_NOT_SECURED,
	"plaintext message (a secured one is due)"),
    SS("FINISH_RSP with verify data it must not have", ENC, APPEND(L_M, FIN, 1, H), E_TRAILING),
    SS("FINISH_RSP with the HEARTBEAT_ACK code", ENC, SET(L_M, FIN, 1, 1, 1, 0x68),
       E_RESPONSE_CODE),

    /* ---- secured records: the record layer ----------------------------------------------- */
    SS("HEARTBEAT_ACK opened and sealed again (control)", 0, XOR(L_M, HB, 1, 0, 0x00), OK),
    SS("record plaintext rebuilt and sealed again (control)", 0, XOR(L_B, HB, 1, 0, 0x00), OK),
    SS("UpdateAllKeys ACK opened with the new key and sealed again (control)", 0,
       XOR(L_M, KU, 3, 0, 0x00), OK),
    SSF("HEARTBEAT_ACK record MAC flipped", 0, XOR(L_R, HB, 1, -1, 0x80), E_DECRYPT, "MAC"),
    SSF("HEARTBEAT_ACK record ciphertext flipped", 0, XOR(L_R, HB, 1, 10, 0x01), E_DECRYPT, "MAC"),
    SSF("HEARTBEAT_ACK record ApplicationDataLength flipped", 0, XOR(L_R, HB, 1, 8, 0x01),
	E_DECRYPT, "MAC"),
    SSF("record naming another session", 0, XOR(L_R, HB, 1, 2, 0x01), E_SESSION_ID, "SessionID"),
    SSF("record naming our half only", 0, SET(L_R, HB, 1, 2, 2, 0), E_SESSION_ID, "SessionID"),
    SSF("record SequenceNumber changed", 0, XOR(L_R, HB, 1, 4, 0x01), E_SEQUENCE, "SequenceNumber"),
    SSF("record SequenceNumber high byte changed", 0, XOR(L_R, KU, 2, 5, 0x01), E_SEQUENCE,
	"SequenceNumber"),
    SSF("KEY_UPDATE_ACK replaced by the HEARTBEAT_ACK before it", 0,
	HOOK(L_R, KU, 1, hk_prev_record, 0), E_SEQUENCE, "SequenceNumber"),
    SSF("record Length one more than the record", 0, ADD(L_R, HB, 1, 2, 6, 1), E_TRUNCATED,
	"Length"),
    SSF("record Length one less than the record", 0, ADD(L_R, HB, 1, 2, 6, -1), E_TRAILING, "MAC"),
    SSF("record Length 15 (less than a MAC)", 0, SET(L_R, HB, 1, 2, 6, 15), E_LENGTH, "Length"),
    SSF("record Length 0xFFFF", 0, SET(L_R, HB, 1, 2, 6, 0xFFFF), E_TRUNCATED, "Length"),
    SSF("record MAC truncated by a byte", 0, TRUNC(L_R, HB, 1, 1), E_TRUNCATED, "Length"),
    SSF("record without its MAC", 0, TRUNC(L_R, HB, 1, 16), E_TRUNCATED, "Length"),
    SSF("a bare record header", 0, KEEP(L_R, HB, 1, 8), E_TRUNCATED, "Length"),
    SS("records cut to every length (0..47, then every 5th)", SWEEP, KEEP(L_R, HB, 1, 0),
       E_TRUNCATED),
    SS("a record with a trailing byte", 0, APPEND(L_R, HB, 1, 1), E_TRAILING),
    SSF("the 3rd secured record's MAC flipped", 0, XOR(L_R, REC, 3, -1, 0x01), E_DECRYPT, "MAC"),
    SSF("the 6th secured record's MAC flipped", 0, XOR(L_R, REC, 6, -1, 0x01), E_DECRYPT, "MAC"),
    SSF("ApplicationDataLength beyond the plaintext (valid MAC)", 0, SET(L_B, HB, 1, 2, 0, 0x200),
	E_DECRYPT, "ApplicationData"),
    SSF("ApplicationDataLength 0 (valid MAC)", 0, SET(L_B, HB, 1, 2, 0, 0), E_DECRYPT,
	"ApplicationData"),
    SSF("MCTP message type 0x06 inside the record (valid MAC)", 0, SET(L_B, HB, 1, 1, 2, 0x06),
	E_DECRYPT, "ApplicationData"),
    SSF("a plaintext HEARTBEAT_ACK where a secured one is due", 0, KIND(HB, 1), E_NOT_SECURED,
	"plaintext message (a secured one is due)"),
    SS("a plaintext MEASUREMENTS where a secured one is due", 0, KIND(GMS, 1), E_NOT_SECURED),
    SS("no answer to HEARTBEAT", 0, DROP(HB, 1), E_TIMEOUT),
    SS("no answer to VerifyNewKey", 0, DROP(KU, 2), E_TIMEOUT),
    SS("the link fails at KEY_UPDATE", 0, LINK_IO(KU, 1), E_IO),
    SS("the link fails at END_SESSION", 0, LINK_IO(ES, 1), E_IO),

    /* ---- secured records: the messages inside, behind a valid MAC ------------------------- */
    SS("HEARTBEAT_ACK with Param1 set", 0, SET(L_M, HB, 1, 1, 2, 0x01), E_RESERVED),
    SS("HEARTBEAT_ACK with Param2 set", 0, SET(L_M, HB, 1, 1, 3, 0x80), E_RESERVED),
    SS("HEARTBEAT_ACK truncated", 0, KEEP(L_M, HB, 1, 3), E_TRUNCATED),
    SS("HEARTBEAT_ACK with a trailing byte", 0, APPEND(L_M, HB, 1, 1), E_TRAILING),
    SS("HEARTBEAT_ACK with the KEY_UPDATE_ACK code", 0, SET(L_M, HB, 1, 1, 1, 0x69),
       E_RESPONSE_CODE),
    SS("HEARTBEAT_ACK with SPDMVersion 1.3", 0, SET(L_M, HB, 1, 1, 0, 0x13), E_VERSION_FIELD),
    SS("an empty message inside the record", 0, KEEP(L_M, HB, 1, 0), E_TRUNCATED),
    SSD("HEARTBEAT answered by a sealed ERROR", 0, SERR(HB, 1, SPDM_ERR_UNEXPECTED_REQUEST),
	SPDM_ERR_UNEXPECTED_REQUEST),
    SS("HEARTBEAT answered Busy once (retried)", 0, SERR(HB, 1, SPDM_ERR_BUSY), OK),
    SSF("KEY_UPDATE_ACK with the wrong Tag", 0, XOR(L_M, KU, 1, 3, 0x01), E_FIELD, "Param2 (Tag)"),
    SSF("VerifyNewKey ACK with the wrong Tag", 0, XOR(L_M, KU, 2, 3, 0x40), E_FIELD,
	"Param2 (Tag)"),
    SSF("KEY_UPDATE_ACK for UpdateAllKeys", 0, SET(L_M, KU, 1, 1, 2, 2), E_FIELD,
	"Param1 (KeyOperation)"),
    SSF("KEY_UPDATE_ACK for VerifyNewKey instead of UpdateKey", 0, SET(L_M, KU, 1, 1, 2, 3),
	E_FIELD, "Param1 (KeyOperation)"),
    SSF("UpdateAllKeys ACK for UpdateKey", 0, SET(L_M, KU, 3, 1, 2, 1), E_FIELD,
	"Param1 (KeyOperation)"),
    SSF("KEY_UPDATE_ACK with KeyOperation 0", 0, SET(L_M, KU, 1, 1, 2, 0), E_FIELD,
	"Param1 (KeyOperation)"),
    SSF("KEY_UPDATE_ACK with KeyOperation 4", 0, SET(L_M, KU, 2, 1, 2, 4), E_FIELD,
	"Param1 (KeyOperation)"),
    SS("KEY_UPDATE_ACK truncated", 0, KEEP(L_M, KU, 1, 2), E_TRUNCATED),
    SS("MEASUREMENTS in the session truncated", 0, TRUNC(L_M, GMS, 1, 1), E_TRUNCATED),
    SSF("MEASUREMENTS in the session, signature flipped", 0, XOR(L_M, GMS, 1, -1, 0x01),
	E_SIGNATURE, "Signature"),
    SSF("MEASUREMENTS record MAC flipped", 0, XOR(L_R, GMS, 1, -1, 0x01), E_DECRYPT, "MAC"),
    SS("END_SESSION_ACK truncated", 0, KEEP(L_M, ES, 1, 3), E_TRUNCATED),
    SS("END_SESSION_ACK with a trailing byte", 0, APPEND(L_M, ES, 1, 2), E_TRAILING),
    SS("END_SESSION_ACK with Param1 set", 0, SET(L_M, ES, 1, 1, 2, 0x01), E_RESERVED),
    SSF("END_SESSION_ACK record MAC flipped", 0, XOR(L_R, ES, 1, -1, 0x01), E_DECRYPT, "MAC"),
    SS("no END_SESSION_ACK", 0, DROP(ES, 1), E_TIMEOUT),

    /* ---- other shapes: MAC-only records, PCI DOE records, the chain inside ---------------- */
    SS("MAC-only: sealed again (control)", HS_MAC_ONLY, XOR(L_M, HB, 1, 0, 0x00), OK),
    SSF("MAC-only: a byte of the message flipped", HS_MAC_ONLY, XOR(L_R, HB, 1, 9, 0x01), E_DECRYPT,
	"MAC"),
    SSF("MAC-only: the MCTP type inside changed (valid MAC)", HS_MAC_ONLY,
	SET(L_B, HB, 1, 1, 0, 0x06), E_DECRYPT, "ApplicationData"),
    SS("MAC-only: HEARTBEAT_ACK with Param1 set", HS_MAC_ONLY, SET(L_M, HB, 1, 1, 2, 0x01),
       E_RESERVED),
    SS("PCI DOE: sealed again (control)", HS_DOE, XOR(L_M, HB, 1, 0, 0x00), OK),
    SSF("PCI DOE: record MAC flipped", HS_DOE, XOR(L_R, HB, 1, -1, 0x01), E_DECRYPT, "MAC"),
    SSF("PCI DOE: the HEARTBEAT_ACK replayed", HS_DOE, HOOK(L_R, KU, 1, hk_prev_record, 0),
	E_DECRYPT, "MAC"),
    SSF("PCI DOE: record Length one more", HS_DOE, ADD(L_R, HB, 1, 2, 4, 1), E_TRUNCATED, "Length"),
    SS("the chain inside the session (control)", HS_CHAIN, XOR(L_M, GDG, 2, 0, 0x00), OK),
    SS("DIGESTS inside the session truncated", HS_CHAIN, TRUNC(L_M, GDG, 2, 1), E_TRUNCATED),
};

const size_t hx_n_sess_cases = sizeof(hx_sess_cases) / sizeof(hx_sess_cases[0]);

/* ---- the responder side: hostile session requests ---------------------------------------- */

/* clang-format off */
#define NOFAULT		{.kind = F_NONE}
#define Q_FILL(off, k, b) {.kind = F_FILL, .at = (off), .n = (k), .val = (b)}
#define Q_XOR(off, m)	 {.kind = F_XOR, .at = (off), .val = (m)}
#define Q_TRUNC(k)	 {.kind = F_TRUNC, .n = (k)}
#define Q_SET8(off, v)	 {.kind = F_SET, .at = (off), .width = 1, .val = (v)}
/* on the record */
#define QR_XOR(off, m)	 {.kind = F_XOR, .at = (off), .val = (m), .layer = HX_L_RECORD}
#define QR_ADD16(off, d) {.kind = F_ADD, .at = (off), .width = 2, .val = (uint32_t)(d), \
			  .layer = HX_L_RECORD}

/* Rows: name, stage, session setup, the request (base, hex), its fault, sealed (1) or in the
 * clear (0), the ERROR (code, data; -1: no answer), sessions open and handshaking afterwards. */
#define RQ(name, stage, sess, base, hex, fault, sealed, err, data, open, hs) \
	{name, stage, 0, sess, base, hex, fault, sealed, 0, err, data, open, hs, CSPDM_OK, 0, 0}
/* the same request twice: the second is the one checked */
#define RQ2(name, stage, sess, base, hex, sealed, err, data, open, hs) \
	{name, stage, 0, sess, base, hex, NOFAULT, sealed, 1, err, data, open, hs, CSPDM_OK, 0, 0}
/* at version ver, authenticated, in the clear */
#define RQ_V(name, ver, hex, err) \
	{name, SS_AUTHED, ver, 0, SQ_RAW, hex, NOFAULT, 0, 0, err, 0, 0, 0, CSPDM_OK, 0, 0}
/* raw bytes inside the open session, which must survive them */
#define IN_SESS(name, hex, err) IN_SESS_S(name, hex, err, OK)
/* ... and the responder's last error is CSPDM_<st> */
#define IN_SESS_S(name, hex, err, st) \
	{name, SS_OPEN, 0, 0, SQ_RAW, hex, NOFAULT, 1, 0, err, 0, 1, 0, CSPDM_##st, 0, 0}
/* an application message of MCTP type `type` in the open session: dropped, the session kept */
#define IN_SESS_APP(name, type, hex, st) \
	{name, SS_OPEN, 0, 0, SQ_RAW, hex, NOFAULT, 1, 0, HX_NO_ANSWER, 0, 1, 0, CSPDM_##st, 1, type}
/* clang-format on */

#define INVALID	   SPDM_ERR_INVALID_REQUEST
#define UNEXPECTED SPDM_ERR_UNEXPECTED_REQUEST
#define DECRYPT	   SPDM_ERR_DECRYPT_ERROR
#define MISMATCH   SPDM_ERR_VERSION_MISMATCH
#define NONE	   HX_NO_ANSWER
#define Z16	   "00000000000000000000000000000000"
#define PSK_FIN	   "12 e7 00 00" Z16 Z16 Z16 /* PSK_FINISH with 48 bytes of verify data */
#define KE_DHE	   40			     /* KEY_EXCHANGE ExchangeData */

const struct hx_rsp_sess_case hx_rsp_sess_cases[] = {
    /* ---- KEY_EXCHANGE ------------------------------------------------------------------- */
    RQ("KEY_EXCHANGE, honest (control)", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL, NOFAULT, 0, HX_ANSWER,
       0, 0, 1),
    RQ("KEY_EXCHANGE with a DHE point off the curve", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL,
       Q_FILL(KE_DHE, 64, 0x01), 0, INVALID, 0, 0, 0),
    RQ("KEY_EXCHANGE with an all-zero DHE point", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL,
       Q_FILL(KE_DHE, 64, 0x00), 0, INVALID, 0, 0, 0),
    RQ("KEY_EXCHANGE with X = p (out of range)", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL,
       Q_FILL(KE_DHE, 32, 0xFF), 0, INVALID, 0, 0, 0),
    RQ("KEY_EXCHANGE without its opaque data", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL, Q_TRUNC(20), 0,
       INVALID, 0, 0, 0),
    RQ("KEY_EXCHANGE with a reserved SessionPolicy bit", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL,
       Q_SET8(6, 0x80), 0, INVALID, 0, 0, 0),
    RQ("KEY_EXCHANGE for an empty slot", SS_AUTHED, 0, SQ_KEY_EXCHANGE, NULL, Q_SET8(3, 5), 0,
       INVALID, 0, 0, 0),
    RQ("KEY_EXCHANGE at the session limit", SS_OPEN, HS_LIMIT1, SQ_KEY_EXCHANGE, NULL, NOFAULT, 0,
       SPDM_ERR_SESSION_LIMIT_EXCEEDED, 0, 1, 0),
    RQ("KEY_EXCHANGE inside the session", SS_OPEN, 0, SQ_KEY_EXCHANGE, NULL, NOFAULT, 1, UNEXPECTED,
       0, 1, 0),

    /* ---- FINISH ------------------------------------------------------------------------- */
    RQ("FINISH with a bad RequesterVerifyData (in the clear)", SS_HANDSHAKE, 0, SQ_FINISH, NULL,
       Q_XOR(-1, 0x01), 0, DECRYPT, 0, 0, 0),
    RQ("FINISH with a bad RequesterVerifyData (encrypted)", SS_HANDSHAKE, HS_ENC, SQ_FINISH, NULL,
       Q_XOR(-1, 0x01), 1, DECRYPT, 0, 0, 0),
    RQ("FINISH in a record with a flipped MAC (encrypted)", SS_HANDSHAKE, HS_ENC, SQ_FINISH, NULL,
       QR_XOR(-1, 0x01), 1, DECRYPT, 0, 0, 0),
    RQ("FINISH truncated", SS_HANDSHAKE, 0, SQ_FINISH, NULL, Q_TRUNC(1), 0, INVALID, 0, 0, 1),
    RQ("FINISH asking for a signature (the handshake ends)", SS_HANDSHAKE, 0, SQ_FINISH, NULL,
       Q_SET8(2, 0x01), 0, INVALID, 0, 0, 0),
    RQ2("FINISH twice", SS_HANDSHAKE, 0, SQ_FINISH, NULL, 0, UNEXPECTED, 0, 1, 0),
    RQ("FINISH in the clear for an encrypted handshake", SS_HANDSHAKE, HS_ENC, SQ_FINISH, NULL,
       NOFAULT, 0, UNEXPECTED, 0, 0, 1),
    RQ("FINISH again inside the session", SS_OPEN, 0, SQ_RAW, "12 e5 00 00" Z16 Z16 Z16, NOFAULT, 1,
       UNEXPECTED, 0, 1, 0),
    RQ("HEARTBEAT inside the handshake", SS_HANDSHAKE, HS_ENC, SQ_RAW, "12 e8 00 00", NOFAULT, 1,
       UNEXPECTED, 0, 0, 1),

    /* ---- PSK_FINISH after KEY_EXCHANGE (libspdm's CVE-2023-31127) ----------------------- */
    RQ("KEY_EXCHANGE, then PSK_FINISH in the clear", SS_HANDSHAKE, 0, SQ_RAW, PSK_FIN, NOFAULT, 0,
       SPDM_ERR_UNSUPPORTED_REQUEST, SPDM_PSK_FINISH, 0, 1),
    RQ("KEY_EXCHANGE, then PSK_FINISH inside the handshake", SS_HANDSHAKE, HS_ENC, SQ_RAW, PSK_FIN,
       NOFAULT, 1, UNEXPECTED, 0, 0, 1),
    IN_SESS("PSK_FINISH inside the session", PSK_FIN, UNEXPECTED),
    IN_SESS("PSK_EXCHANGE inside the session", "12 e6 00 00 0000", UNEXPECTED),

    /* ---- session requests outside a session --------------------------------------------- */
    RQ_V("HEARTBEAT outside a session (1.2)", CSPDM_V12, "12 e8 00 00", SPDM_ERR_SESSION_REQUIRED),
    RQ_V("KEY_UPDATE outside a session (1.2)", CSPDM_V12, "12 e9 01 01", SPDM_ERR_SESSION_REQUIRED),
    RQ_V("END_SESSION outside a session (1.2)", CSPDM_V12, "12 ec 00 00",
	 SPDM_ERR_SESSION_REQUIRED),
    RQ_V("HEARTBEAT outside a session (1.3)", CSPDM_V13, "13 e8 00 00", SPDM_ERR_SESSION_REQUIRED),
    RQ_V("HEARTBEAT outside a session (1.1)", CSPDM_V11, "11 e8 00 00", UNEXPECTED),
    RQ_V("KEY_UPDATE outside a session (1.1)", CSPDM_V11, "11 e9 01 01", UNEXPECTED),
    RQ_V("END_SESSION outside a session (1.1)", CSPDM_V11, "11 ec 00 00", UNEXPECTED),

    /* ---- inside the session ------------------------------------------------------------- */
    IN_SESS("VerifyNewKey without a preceding update", "12 e9 03 05", UNEXPECTED),
    IN_SESS("KEY_UPDATE with KeyOperation 4", "12 e9 04 00", INVALID),
    IN_SESS("KEY_UPDATE with KeyOperation 0", "12 e9 00 00", INVALID),
    IN_SESS("HEARTBEAT with Param1 set", "12 e8 01 00", INVALID),
    IN_SESS("HEARTBEAT with a trailing byte", "12 e8 00 00 00", INVALID),
    IN_SESS("END_SESSION with a reserved bit", "12 ec 02 00", INVALID),
    IN_SESS("GET_VERSION inside the session", "10 84 00 00", MISMATCH),
    IN_SESS("CHALLENGE inside the session", "12 83 00 00" Z16 Z16, UNEXPECTED),
    IN_SESS("HEARTBEAT 1.3 in a 1.2 session", "13 e8 00 00", MISMATCH),
    IN_SESS_S("a response code inside the session", "12 68 00 00", INVALID, E_RESPONSE_CODE),
    IN_SESS_S("an empty message inside the session", "", INVALID, E_TRUNCATED),
    IN_SESS_S("three bytes inside the session", "12 e8 00", INVALID, E_TRUNCATED),
    RQ2("END_SESSION twice", SS_OPEN, 0, SQ_RAW, "12 ec 00 00", 1, NONE, 0, 0, 0),

    /* ---- application messages of other MCTP types (DSP0275) ------------------------------ */
    IN_SESS_APP("PLDM GetTID in the session, no handler", 0x01, "80 00 02", E_UNSUPPORTED),
    IN_SESS_APP("MCTP control (type 0) in the session, no handler", 0x00, "80 02", E_UNSUPPORTED),
    {"PLDM GetTID inside the handshake", SS_HANDSHAKE, 0, HS_ENC, SQ_RAW, "80 00 02", NOFAULT, 1, 0,
     NONE, 0, 0, 1, CSPDM_E_STATE, 1, 0x01},

    /* ---- records -------------------------------------------------------------------------- */
    RQ("a record for an unknown session", SS_OPEN, 0, SQ_RAW, "12 e8 00 00", QR_XOR(0, 0x01), 1,
       NONE, 0, 1, 0),
    RQ("a record with a flipped MAC", SS_OPEN, 0, SQ_RAW, "12 e8 00 00", QR_XOR(-1, 0x01), 1,
       DECRYPT, 0, 0, 0),
    RQ("a record with a flipped ciphertext byte", SS_OPEN, 0, SQ_RAW, "12 e8 00 00",
       QR_XOR(10, 0x01), 1, DECRYPT, 0, 0, 0),
    RQ("a record with the next sequence number", SS_OPEN, 0, SQ_RAW, "12 e8 00 00", QR_XOR(4, 0x01),
       1, DECRYPT, 0, 0, 0),
    RQ("a record with Length one more", SS_OPEN, 0, SQ_RAW, "12 e8 00 00", QR_ADD16(6, 1), 1,
       DECRYPT, 0, 0, 0),
    RQ("a record with Length one less", SS_OPEN, 0, SQ_RAW, "12 e8 00 00", QR_ADD16(6, -1), 1,
       DECRYPT, 0, 0, 0),
};

const size_t hx_n_rsp_sess_cases = sizeof(hx_rsp_sess_cases) / sizeof(hx_rsp_sess_cases[0]);
