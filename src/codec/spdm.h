/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SPDM message codec (DSP0274 1.0-1.4). Each message has a plain struct, an encoder and a
 * decoder. Decoders read only through the bounded reader, check every length and the
 * semantics of the message for the negotiated version, and fail with a specific status, the
 * field and the byte offset. Views (const uint8_t *) point into the decoded buffer.
 */
#ifndef CSPDM_CODEC_SPDM_H
#define CSPDM_CODEC_SPDM_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

/* Request and response codes (DSP0274 Table 4 / Table 5). */
enum spdm_code {
	SPDM_DIGESTS = 0x01,
	SPDM_CERTIFICATE = 0x02,
	SPDM_CHALLENGE_AUTH = 0x03,
	SPDM_VERSION = 0x04,
	SPDM_MEASUREMENTS = 0x60,
	SPDM_CAPABILITIES = 0x61,
	SPDM_ALGORITHMS = 0x63,
	SPDM_KEY_EXCHANGE_RSP = 0x64,
	SPDM_FINISH_RSP = 0x65,
	SPDM_PSK_EXCHANGE_RSP = 0x66,
	SPDM_PSK_FINISH_RSP = 0x67,
	SPDM_HEARTBEAT_ACK = 0x68,
	SPDM_KEY_UPDATE_ACK = 0x69,
	SPDM_ENCAPSULATED_REQUEST = 0x6A,
	SPDM_ENCAPSULATED_RESPONSE_ACK = 0x6B,
	SPDM_END_SESSION_ACK = 0x6C,
	SPDM_VENDOR_DEFINED_RESPONSE = 0x7E,
	SPDM_ERROR = 0x7F,
	SPDM_GET_DIGESTS = 0x81,
	SPDM_GET_CERTIFICATE = 0x82,
	SPDM_CHALLENGE = 0x83,
	SPDM_GET_VERSION = 0x84,
	SPDM_CHUNK_SEND = 0x85,
	SPDM_CHUNK_GET = 0x86,
	SPDM_GET_MEASUREMENTS = 0xE0,
	SPDM_GET_CAPABILITIES = 0xE1,
	SPDM_NEGOTIATE_ALGORITHMS = 0xE3,
	SPDM_KEY_EXCHANGE = 0xE4,
	SPDM_FINISH = 0xE5,
	SPDM_PSK_EXCHANGE = 0xE6,
	SPDM_PSK_FINISH = 0xE7,
	SPDM_HEARTBEAT = 0xE8,
	SPDM_KEY_UPDATE = 0xE9,
	SPDM_GET_ENCAPSULATED_REQUEST = 0xEA,
	SPDM_DELIVER_ENCAPSULATED_RESPONSE = 0xEB,
	SPDM_END_SESSION = 0xEC,
	SPDM_VENDOR_DEFINED_REQUEST = 0xFE,
	SPDM_RESPOND_IF_READY = 0xFF,
};

/* ERROR codes (DSP0274 Table "Error code and error data"). */
enum spdm_error_code {
	SPDM_ERR_INVALID_REQUEST = 0x01,
	SPDM_ERR_INVALID_SESSION = 0x02,
	SPDM_ERR_BUSY = 0x03,
	SPDM_ERR_UNEXPECTED_REQUEST = 0x04,
	SPDM_ERR_UNSPECIFIED = 0x05,
	SPDM_ERR_DECRYPT_ERROR = 0x06,
	SPDM_ERR_UNSUPPORTED_REQUEST = 0x07,
	SPDM_ERR_REQUEST_IN_FLIGHT = 0x08,
	SPDM_ERR_INVALID_RESPONSE_CODE = 0x09,
	SPDM_ERR_SESSION_LIMIT_EXCEEDED = 0x0A,
	SPDM_ERR_SESSION_REQUIRED = 0x0B,
	SPDM_ERR_RESET_REQUIRED = 0x0C,
	SPDM_ERR_RESPONSE_TOO_LARGE = 0x0D,
	SPDM_ERR_REQUEST_TOO_LARGE = 0x0E,
	SPDM_ERR_LARGE_RESPONSE = 0x0F,
	SPDM_ERR_MESSAGE_LOST = 0x10,
	SPDM_ERR_INVALID_POLICY = 0x11,
	SPDM_ERR_VERSION_MISMATCH = 0x41,
	SPDM_ERR_RESPONSE_NOT_READY = 0x42,
	SPDM_ERR_REQUEST_RESYNCH = 0x43,
	SPDM_ERR_OPERATION_FAILED = 0x44,
	SPDM_ERR_NO_PENDING_REQUESTS = 0x45,
	SPDM_ERR_VENDOR_DEFINED = 0xFF,
};

/* CAPABILITIES flags (DSP0274 Table "Flag fields definitions for the Responder"). */
#define SPDM_CAP_CACHE		    (1u << 0)
#define SPDM_CAP_CERT		    (1u << 1)
#define SPDM_CAP_CHAL		    (1u << 2)
#define SPDM_CAP_MEAS_MASK	    (3u << 3)
#define SPDM_CAP_MEAS_NO_SIG	    (1u << 3)
#define SPDM_CAP_MEAS_SIG	    (2u << 3)
#define SPDM_CAP_MEAS_FRESH	    (1u << 5)
#define SPDM_CAP_ENCRYPT	    (1u << 6)
#define SPDM_CAP_MAC		    (1u << 7)
#define SPDM_CAP_MUT_AUTH	    (1u << 8)
#define SPDM_CAP_KEY_EX		    (1u << 9)
#define SPDM_CAP_PSK_MASK	    (3u << 10)
#define SPDM_CAP_ENCAP		    (1u << 12)
#define SPDM_CAP_HBEAT		    (1u << 13)
#define SPDM_CAP_KEY_UPD	    (1u << 14)
#define SPDM_CAP_HANDSHAKE_IN_CLEAR (1u << 15)
#define SPDM_CAP_PUB_KEY_ID	    (1u << 16)
#define SPDM_CAP_CHUNK		    (1u << 17)
#define SPDM_CAP_ALIAS_CERT	    (1u << 18)
#define SPDM_CAP_MULTI_KEY_MASK	    (3u << 26)
/* Bits defined for each version (responder side). */
#define SPDM_CAP_RSP_MASK_10	       0x0000003Fu
#define SPDM_CAP_RSP_MASK_11	       0x0001FFFFu
#define SPDM_CAP_RSP_MASK_12	       0x003FFFFFu
#define SPDM_CAP_RSP_MASK_13	       0x3FFFFFFFu
#define SPDM_CAP_RSP_MASK_14	       0xFFFFFFFFu
#define SPDM_CAP_REQ_MASK_11	       0x0001FFC6u
#define SPDM_CAP_REQ_MASK_12	       0x0003FFC6u
#define SPDM_CAP_REQ_MASK_13	       0x0EC3FFC6u
#define SPDM_CAP_REQ_MASK_14	       0x8EC3FFC6u
#define SPDM_MIN_DATA_TRANSFER_SIZE_12 42

/* Algorithm structure types (DSP0274 Table "Algorithm request structure"). */
#define SPDM_ALG_TYPE_DHE	    2
#define SPDM_ALG_TYPE_AEAD	    3
#define SPDM_ALG_TYPE_REQ_BASE_ASYM 4
#define SPDM_ALG_TYPE_KEY_SCHEDULE  5
#define SPDM_ALG_TYPE_KEM	    6 /* 1.4 */
#define SPDM_ALG_TYPE_REQ_PQC_ASYM  7 /* 1.4 */
#define SPDM_MEAS_SPEC_DMTF	    0x01
#define SPDM_OPAQUE_FMT_1	    0x02
#define SPDM_MULTI_KEY_CONN	    0x10

#define SPDM_MAX_VERSION_ENTRIES 32
#define SPDM_MAX_EXT_ALGS	 20
#define SPDM_MAX_OPAQUE		 1024
#define SPDM_CERT_CHAIN_HEADER	 4

/* Negotiated parameters a decoder needs to size and check fields. */
struct spdm_neg {
	uint8_t version;	 /* header SPDMVersion expected */
	uint32_t hash_size;	 /* negotiated BaseHashAlgo size */
	uint32_t sig_size;	 /* negotiated BaseAsymAlgo signature size */
	uint32_t meas_hash_size; /* size of a measurement summary hash when present */
	uint8_t multi_key;	 /* 1.3 MultiKeyConn selected */
	uint32_t max_pad;	 /* zero padding tolerated at the end (PCI DOE) */
	/* sessions */
	uint32_t dhe_size;     /* ExchangeData bytes of the negotiated DHE group */
	uint32_t req_sig_size; /* signature bytes of the negotiated ReqBaseAsymAlg */
	uint8_t hs_in_clear;   /* both sides set HANDSHAKE_IN_THE_CLEAR_CAP */
};

struct spdm_hdr {
	uint8_t version;
	uint8_t code;
	uint8_t param1;
	uint8_t param2;
};

/* GET_VERSION (Table 8) has only the header; VERSION (Table 9). */
struct spdm_version_rsp {
	size_t len; /* decoded message length, without transport padding */
	uint8_t count;
	uint16_t entries[SPDM_MAX_VERSION_ENTRIES];
};

/* GET_CAPABILITIES (Table 10) and CAPABILITIES (Table 11); 1.1 adds CTExponent and Flags,
 * 1.2 DataTransferSize and MaxSPDMmsgSize, 1.4 ExtFlags. */
struct spdm_caps {
	size_t len;
	uint8_t param1;
	uint8_t ct_exponent;
	uint16_t ext_flags;
	uint32_t flags;
	uint32_t data_transfer_size;
	uint32_t max_msg_size;
};

/* Extended algorithm (Table "Extended Asymmetric Key Signature Algorithm"). */
struct spdm_ext_alg {
	uint8_t registry;
	uint16_t alg_id;
};

/* NEGOTIATE_ALGORITHMS (Table 15). */
struct spdm_neg_algs_req {
	size_t len;
	uint8_t meas_spec;
	uint8_t other_params;
	uint8_t mel_spec;
	uint32_t base_asym;
	uint32_t base_hash;
	uint32_t pqc_asym; /* 1.4 */
	uint8_t ext_asym_count;
	uint8_t ext_hash_count;
	struct spdm_ext_alg ext_asym[SPDM_MAX_EXT_ALGS];
	struct spdm_ext_alg ext_hash[SPDM_MAX_EXT_ALGS];
	uint16_t dhe, aead, req_asym, key_schedule; /* 1.1+ AlgStructs, 0 if absent */
	uint16_t kem, req_pqc_asym;		    /* 1.4 */
	uint8_t struct_count;
};

/* ALGORITHMS (Table 16). */
struct spdm_algorithms {
	size_t len;
	uint8_t meas_spec;
	uint8_t other_params;
	uint8_t mel_spec;
	uint32_t meas_hash;
	uint32_t base_asym;
	uint32_t base_hash;
	uint32_t pqc_asym;
	uint8_t ext_asym_count;
	uint8_t ext_hash_count;
	struct spdm_ext_alg ext_asym;
	struct spdm_ext_alg ext_hash;
	uint16_t dhe, aead, req_asym, key_schedule;
	uint16_t kem, req_pqc_asym;
	uint8_t struct_count;
};

/* DIGESTS (Table 24; 1.3 adds SupportedSlotMask and the multi-key arrays). */
struct spdm_digests {
	size_t len;
	uint8_t supported_mask;
	uint8_t provisioned_mask;
	uint8_t count;
	const uint8_t *digest[CSPDM_MAX_SLOTS]; /* indexed by slot, NULL if absent */
	uint8_t key_pair_id[CSPDM_MAX_SLOTS];
	uint8_t cert_info[CSPDM_MAX_SLOTS];
	uint16_t key_usage[CSPDM_MAX_SLOTS];
};

/* GET_CERTIFICATE (Table 27) and CERTIFICATE (Table 28); 1.4 LargeCertChain adds 32-bit
 * LargeOffset/LargeLength and LargePortionLength/LargeRemainderLength. */
struct spdm_get_cert {
	size_t len;
	uint8_t slot;
	uint8_t attributes;
	uint8_t large;
	uint32_t offset;
	uint32_t length;
};

struct spdm_cert_rsp {
	size_t len;
	uint8_t slot;
	uint8_t cert_info;
	uint8_t large;
	uint32_t portion_len;
	uint32_t remainder_len;
	const uint8_t *portion;
};

/* CHALLENGE (Table 31) and CHALLENGE_AUTH (Table 33). */
struct spdm_challenge {
	size_t len;
	uint8_t slot;
	uint8_t meas_summary_type;
	uint8_t nonce[CSPDM_NONCE_SIZE];
	uint8_t req_context[CSPDM_REQ_CONTEXT_SIZE];
};

struct spdm_challenge_auth {
	size_t len;
	uint8_t slot;
	uint8_t basic_mut_auth;
	uint8_t slot_mask;
	const uint8_t *cert_chain_hash; /* hash_size bytes */
	const uint8_t *nonce;		/* 32 bytes */
	const uint8_t *meas_summary;	/* meas_hash_size bytes, or NULL */
	uint16_t opaque_len;
	const uint8_t *opaque;
	const uint8_t *req_context; /* 8 bytes, 1.3+ */
	const uint8_t *signature;   /* sig_size bytes */
	size_t signed_len;	    /* bytes before the signature (the transcript part) */
};

/* ERROR (Table 57) with ResponseNotReady extended data (Table 59). */
struct spdm_error_rsp {
	uint8_t code;
	uint8_t data;
	uint8_t has_not_ready;
	uint8_t rdt_exponent;
	uint8_t request_code;
	uint8_t token;
	uint8_t rdtm;
	size_t ext_len;
};

/* RESPOND_IF_READY (Table 61). */
struct spdm_respond_if_ready {
	uint8_t request_code;
	uint8_t token;
};

/* GET_MEASUREMENTS (Table 45) and MEASUREMENTS (Table 47). */
#define SPDM_MEAS_ATTR_SIGNATURE 0x01
#define SPDM_MEAS_ATTR_RAW	 0x02 /* 1.3 RawBitStreamRequested */
#define SPDM_MEAS_ATTR_NEW	 0x04 /* 1.3 NewMeasurementRequested */
#define SPDM_MEAS_OP_COUNT	 0x00
#define SPDM_MEAS_OP_ALL	 0xFF
#define SPDM_MEAS_MAX_BLOCKS	 255

struct spdm_get_meas {
	size_t len;
	uint8_t attributes;
	uint8_t operation;
	uint8_t nonce[CSPDM_NONCE_SIZE];	     /* when signed */
	uint8_t slot;				     /* 1.1+, when signed */
	uint8_t req_context[CSPDM_REQ_CONTEXT_SIZE]; /* 1.3+ */
};

struct spdm_meas_rsp {
	size_t len;
	uint8_t total;		 /* Param1 for operation 0 */
	uint8_t slot;		 /* Param2 bits 3:0 when signed */
	uint8_t content_changed; /* Param2 bits 5:4, 1.2+ */
	uint8_t num_blocks;
	uint32_t record_len;
	const uint8_t *record;
	const uint8_t *nonce;
	uint16_t opaque_len;
	const uint8_t *opaque;
	const uint8_t *req_context; /* 1.3+ */
	const uint8_t *signature;   /* NULL when not signed */
	size_t signed_len;
};

/* A measurement block (Table 48) with its DMTF measurement (Table 49). */
struct spdm_meas_block {
	uint8_t index;
	uint8_t spec;
	uint16_t size;	   /* MeasurementSize */
	uint8_t dmtf_type; /* DMTFSpecMeasurementValueType (bit 7: raw bit stream) */
	uint16_t value_size;
	const uint8_t *value;
	const uint8_t *block; /* the whole block, for summary hashes */
	size_t block_len;
};

/* ---- Sessions (DSP0274 1.1+ "Session" messages) ------------------------------------------ */

#define SPDM_RANDOM_SIZE		32
#define SPDM_KEY_EX_SESSION_POLICY_MASK 0x03 /* 1.3: TerminationPolicy, EventAllPolicy */
#define SPDM_MUT_AUTH_REQUESTED		0x01 /* KEY_EXCHANGE_RSP MutAuthRequested bits */
#define SPDM_MUT_AUTH_WITH_ENCAP	0x02
#define SPDM_MUT_AUTH_WITH_GET_DIGESTS	0x04
#define SPDM_FINISH_SIG_INCLUDED	0x01 /* FINISH Param1 */
#define SPDM_END_SESSION_CLEAR_STATE	0x01 /* END_SESSION Param1: NegotiatedStateClearing */

/* KEY_EXCHANGE (Table "KEY_EXCHANGE request message format"). */
struct spdm_key_exchange {
	size_t len;
	uint8_t meas_summary_type; /* Param1: 0, 1 (TCB) or 0xFF (all) */
	uint8_t slot;		   /* Param2: 0..7, or 0xFF (pre-provisioned public key) */
	uint16_t req_session_id;
	uint8_t session_policy; /* 1.2+; reserved before */
	uint8_t random[SPDM_RANDOM_SIZE];
	const uint8_t *exchange; /* neg.dhe_size bytes */
	uint16_t opaque_len;
	const uint8_t *opaque;
};

/* KEY_EXCHANGE_RSP (Table "Successful KEY_EXCHANGE_RSP response message format"). The
 * decoder needs neg.dhe_size, neg.meas_hash_size (0 unless the request asked for a summary),
 * neg.sig_size, neg.hash_size and neg.hs_in_clear (ResponderVerifyData absent). */
struct spdm_key_exchange_rsp {
	size_t len;
	uint8_t heartbeat_period; /* Param1 */
	uint16_t rsp_session_id;
	uint8_t mut_auth;	     /* MutAuthRequested: 0 or exactly one of bits 0..2 */
	uint8_t req_slot;	     /* ReqSlotIDParam (bits 3:0) */
	const uint8_t *random;	     /* 32 bytes */
	const uint8_t *exchange;     /* neg.dhe_size bytes */
	const uint8_t *meas_summary; /* neg.meas_hash_size bytes, or NULL */
	uint16_t opaque_len;
	const uint8_t *opaque;
	const uint8_t *signature;   /* neg.sig_size bytes */
	const uint8_t *verify_data; /* neg.hash_size bytes, NULL when in the clear */
	size_t signed_len;	    /* bytes before the signature */
};

/* FINISH (Table "FINISH request message format"); 1.4 adds OpaqueDataLength/OpaqueData. The
 * Signature (neg.req_sig_size bytes) is present when Param1 bit 0 is set. */
struct spdm_finish {
	size_t len;
	uint8_t sig_included;
	uint8_t req_slot; /* Param2 */
	uint16_t opaque_len;
	const uint8_t *opaque;
	const uint8_t *signature;   /* or NULL */
	const uint8_t *verify_data; /* RequesterVerifyData, neg.hash_size bytes */
	size_t signed_len;	    /* bytes before the signature */
	size_t hmac_off;	    /* bytes before RequesterVerifyData */
};

/* FINISH_RSP (Table "Successful FINISH_RSP response message format"). ResponderVerifyData
 * only when the handshake is in the clear (neg.hs_in_clear); 1.4 adds OpaqueData. */
struct spdm_finish_rsp {
	size_t len;
	uint16_t opaque_len;
	const uint8_t *opaque;
	const uint8_t *verify_data; /* or NULL */
	size_t hmac_off;
};

/* PSK_EXCHANGE (Table "PSK_EXCHANGE request message format"). */
#define SPDM_PSK_MIN_CONTEXT 32 /* RequesterContext, and ResponderContext when present */
struct spdm_psk_exchange {
	size_t len;
	uint8_t meas_summary_type; /* Param1: 0, 1 (TCB) or 0xFF (all) */
	uint8_t session_policy;	   /* Param2, 1.2+; reserved before */
	uint16_t req_session_id;
	uint16_t hint_len;
	uint16_t context_len; /* at least SPDM_PSK_MIN_CONTEXT */
	uint16_t opaque_len;
	const uint8_t *hint; /* PSKHint, or NULL when empty */
	const uint8_t *context;
	const uint8_t *opaque;
};

/* PSK_EXCHANGE_RSP (Table "PSK_EXCHANGE_RSP response message format"). The decoder needs
 * neg.meas_hash_size (0 unless the request asked for a summary) and neg.hash_size. */
struct spdm_psk_exchange_rsp {
	size_t len;
	uint8_t heartbeat_period; /* Param1 */
	uint16_t rsp_session_id;
	uint16_t context_len; /* 0, or at least SPDM_PSK_MIN_CONTEXT */
	uint16_t opaque_len;
	const uint8_t *meas_summary; /* neg.meas_hash_size bytes, or NULL */
	const uint8_t *context;	     /* ResponderContext, or NULL when empty */
	const uint8_t *opaque;
	const uint8_t *verify_data; /* ResponderVerifyData, neg.hash_size bytes */
	size_t hmac_off;	    /* bytes before ResponderVerifyData */
};

/* PSK_FINISH (Table "PSK_FINISH request message format"); 1.4 adds OpaqueData. */
struct spdm_psk_finish {
	size_t len;
	uint16_t opaque_len;
	const uint8_t *opaque;
	const uint8_t *verify_data; /* RequesterVerifyData, neg.hash_size bytes */
	size_t hmac_off;	    /* bytes before RequesterVerifyData */
};

/* PSK_FINISH_RSP (Table "PSK_FINISH_RSP response message format"); 1.4 adds OpaqueData. */
struct spdm_psk_finish_rsp {
	size_t len;
	uint16_t opaque_len;
	const uint8_t *opaque;
};

/* KEY_UPDATE / KEY_UPDATE_ACK (Tables "KEY_UPDATE request" / "KEY_UPDATE_ACK response"). */
struct spdm_key_update {
	uint8_t operation; /* 1 UpdateKey, 2 UpdateAllKeys, 3 VerifyNewKey */
	uint8_t tag;
};

/*
 * Secured-message opaque data (DSP0277 "Secured Messages using SPDM opaque data"): a
 * SupportedVersionList in KEY_EXCHANGE / PSK_EXCHANGE, a SelectedVersion in the responses.
 * Two containers carry it: before 1.2 (or without OPAQUE_FMT_1) DSP0277's own table with
 * SpecID 0x444D5446; from 1.2 with OtherParams OPAQUE_FMT_1, DSP0274's general opaque data
 * table. Elements of other registries or vendors are skipped; their framing is still checked.
 */
#define SPDM_SM_MAX_VERSIONS 8
struct spdm_opaque_sm {
	uint8_t general; /* the 1.2+ general format (else DSP0277's table) */
	uint8_t elements;
	uint8_t has_selection;
	uint16_t selected; /* VersionNumberEntry */
	uint8_t has_supported;
	uint8_t count;
	uint16_t supported[SPDM_SM_MAX_VERSIONS];
};

/* general: 1 for the 1.2+ general format (OtherParams OPAQUE_FMT_1 negotiated). */
cspdm_status spdm_enc_opaque_sm_supported(uint8_t general, const uint16_t *vers, uint8_t count,
					  uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_enc_opaque_sm_selection(uint8_t general, uint16_t selected, uint8_t *buf,
					  size_t cap, size_t *out_len);
cspdm_status spdm_dec_opaque_sm(uint8_t general, const uint8_t *opaque, size_t len,
				struct spdm_opaque_sm *o, cspdm_error *err);

cspdm_status spdm_enc_key_exchange(const struct spdm_neg *n, const struct spdm_key_exchange *k,
				   uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_dec_key_exchange(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				   struct spdm_key_exchange *k, cspdm_error *err);
/* Encodes everything up to the signature; *out_len = signed part. The caller appends the
 * signature and, unless in the clear, ResponderVerifyData. */
cspdm_status spdm_enc_key_exchange_rsp(const struct spdm_neg *n,
				       const struct spdm_key_exchange_rsp *k, uint8_t *buf,
				       size_t cap, size_t *out_len);
cspdm_status spdm_dec_key_exchange_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				       struct spdm_key_exchange_rsp *k, cspdm_error *err);
/* Encodes up to the signature (or the verify data when none): *out_len = that part. */
cspdm_status spdm_enc_finish(const struct spdm_neg *n, const struct spdm_finish *f, uint8_t *buf,
			     size_t cap, size_t *out_len);
cspdm_status spdm_dec_finish(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			     struct spdm_finish *f, cspdm_error *err);
/* Encodes up to ResponderVerifyData: *out_len = that part. */
cspdm_status spdm_enc_finish_rsp(const struct spdm_neg *n, const struct spdm_finish_rsp *f,
				 uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_dec_finish_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				 struct spdm_finish_rsp *f, cspdm_error *err);
cspdm_status spdm_enc_psk_exchange(const struct spdm_neg *n, const struct spdm_psk_exchange *p,
				   uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_dec_psk_exchange(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				   struct spdm_psk_exchange *p, cspdm_error *err);
/* Encodes up to ResponderVerifyData: *out_len = that part; the caller appends the HMAC. */
cspdm_status spdm_enc_psk_exchange_rsp(const struct spdm_neg *n,
				       const struct spdm_psk_exchange_rsp *p, uint8_t *buf,
				       size_t cap, size_t *out_len);
cspdm_status spdm_dec_psk_exchange_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				       struct spdm_psk_exchange_rsp *p, cspdm_error *err);
/* Encodes up to RequesterVerifyData: *out_len = that part. */
cspdm_status spdm_enc_psk_finish(const struct spdm_neg *n, const struct spdm_psk_finish *f,
				 uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_dec_psk_finish(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				 struct spdm_psk_finish *f, cspdm_error *err);
cspdm_status spdm_enc_psk_finish_rsp(const struct spdm_neg *n, const struct spdm_psk_finish_rsp *f,
				     uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_dec_psk_finish_rsp(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				     struct spdm_psk_finish_rsp *f, cspdm_error *err);
/* HEARTBEAT, HEARTBEAT_ACK, END_SESSION_ACK: the header alone (Param1/Param2 reserved). */
cspdm_status spdm_enc_simple(uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2, uint8_t *buf,
			     size_t cap, size_t *out_len);
cspdm_status spdm_dec_simple(const struct spdm_neg *n, uint8_t code, const uint8_t *msg, size_t len,
			     cspdm_error *err);
cspdm_status spdm_enc_key_update(uint8_t ver, uint8_t code, const struct spdm_key_update *k,
				 uint8_t *buf, size_t cap, size_t *out_len);
/* code: SPDM_KEY_UPDATE or SPDM_KEY_UPDATE_ACK. */
cspdm_status spdm_dec_key_update(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
				 size_t len, struct spdm_key_update *k, cspdm_error *err);
/* END_SESSION: *clear_state receives Param1 bit 0. */
cspdm_status spdm_dec_end_session(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				  uint8_t *clear_state, cspdm_error *err);

/* ---- The encapsulated request flow (1.1+, src/codec/encap.c) ---------------------------- */

#define SPDM_ENCAP_PAYLOAD_ABSENT   0 /* ENCAPSULATED_RESPONSE_ACK Param2: the flow ends */
#define SPDM_ENCAP_PAYLOAD_PRESENT  1 /* ... the next encapsulated request follows */
#define SPDM_ENCAP_PAYLOAD_REQ_SLOT 2 /* ... the flow ends; the slot for FINISH follows */

/* ENCAPSULATED_REQUEST or DELIVER_ENCAPSULATED_RESPONSE: a RequestID and the message carried
 * (a view, at least its 4-byte header; the carried message's decoder reads the rest). */
struct spdm_encap_msg {
	size_t len;
	uint8_t request_id;
	const uint8_t *msg;
	size_t msg_len;
};

/* ENCAPSULATED_RESPONSE_ACK. */
struct spdm_encap_ack {
	size_t len;
	uint8_t request_id;	/* Param1: the next request's RequestID (PRESENT) */
	uint8_t payload_type;	/* Param2: SPDM_ENCAP_PAYLOAD_* */
	uint8_t ack_request_id; /* 1.2+: the RequestID of the response acknowledged */
	uint8_t req_slot;	/* REQ_SLOT: ReqSlotNumber, 0..7 */
	const uint8_t *msg;	/* PRESENT: the next request (view), or NULL */
	size_t msg_len;
};

/* Bytes of an ENCAPSULATED_RESPONSE_ACK before its payload: 4, and 8 from 1.2. */
size_t spdm_encap_ack_header_len(uint8_t ver);
cspdm_status spdm_enc_get_encap_request(uint8_t ver, uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_dec_get_encap_request(const struct spdm_neg *n, const uint8_t *msg, size_t len,
					cspdm_error *err);
/* The 4-byte header of ENCAPSULATED_REQUEST or DELIVER_ENCAPSULATED_RESPONSE (code); the
 * caller writes the message carried after it. */
cspdm_status spdm_enc_encap_header(uint8_t ver, uint8_t code, uint8_t request_id, uint8_t *buf,
				   size_t cap, size_t *out_len);
/* code: SPDM_ENCAPSULATED_REQUEST or SPDM_DELIVER_ENCAPSULATED_RESPONSE. */
cspdm_status spdm_dec_encap_carrier(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
				    size_t len, struct spdm_encap_msg *e, cspdm_error *err);
/* The header (and ReqSlotNumber with REQ_SLOT); with PRESENT the caller appends the request. */
cspdm_status spdm_enc_encap_ack(uint8_t ver, const struct spdm_encap_ack *a, uint8_t *buf,
				size_t cap, size_t *out_len);
cspdm_status spdm_dec_encap_ack(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_encap_ack *a, cspdm_error *err);

/* ---- Header ---- */
cspdm_status spdm_peek_header(const uint8_t *msg, size_t len, struct spdm_hdr *h, cspdm_error *err);

/* ---- Encoders: return CSPDM_E_BUFFER_TOO_SMALL or CSPDM_OK with *out_len ---- */
cspdm_status spdm_enc_get_version(uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_enc_version(const struct spdm_version_rsp *v, uint8_t *buf, size_t cap,
			      size_t *out_len);
cspdm_status spdm_enc_get_caps(uint8_t ver, const struct spdm_caps *c, uint8_t *buf, size_t cap,
			       size_t *out_len);
cspdm_status spdm_enc_caps(uint8_t ver, const struct spdm_caps *c, uint8_t *buf, size_t cap,
			   size_t *out_len);
cspdm_status spdm_enc_neg_algs(uint8_t ver, const struct spdm_neg_algs_req *a, uint8_t *buf,
			       size_t cap, size_t *out_len);
cspdm_status spdm_enc_algorithms(uint8_t ver, const struct spdm_algorithms *a, uint8_t *buf,
				 size_t cap, size_t *out_len);
cspdm_status spdm_enc_get_digests(uint8_t ver, uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_enc_digests(const struct spdm_neg *n, const struct spdm_digests *d, uint8_t *buf,
			      size_t cap, size_t *out_len);
cspdm_status spdm_enc_get_cert(uint8_t ver, const struct spdm_get_cert *g, uint8_t *buf, size_t cap,
			       size_t *out_len);
cspdm_status spdm_enc_cert(uint8_t ver, const struct spdm_cert_rsp *c, uint8_t *buf, size_t cap,
			   size_t *out_len);
cspdm_status spdm_enc_challenge(uint8_t ver, const struct spdm_challenge *c, uint8_t *buf,
				size_t cap, size_t *out_len);
/* Encodes everything but the signature; *out_len = signed part; the caller appends it. */
cspdm_status spdm_enc_challenge_auth(const struct spdm_neg *n, const struct spdm_challenge_auth *a,
				     uint8_t *buf, size_t cap, size_t *out_len);
cspdm_status spdm_enc_error(uint8_t ver, const struct spdm_error_rsp *e, uint8_t *buf, size_t cap,
			    size_t *out_len);
cspdm_status spdm_enc_respond_if_ready(uint8_t ver, const struct spdm_respond_if_ready *r,
				       uint8_t *buf, size_t cap, size_t *out_len);

/* ---- Decoders ---- */
cspdm_status spdm_dec_get_version(const uint8_t *msg, size_t len, uint32_t max_pad,
				  cspdm_error *err);
cspdm_status spdm_dec_version(const uint8_t *msg, size_t len, uint32_t max_pad,
			      struct spdm_version_rsp *v, cspdm_error *err);
cspdm_status spdm_dec_get_caps(const uint8_t *msg, size_t len, uint32_t max_pad,
			       struct spdm_caps *c, uint8_t *ver, cspdm_error *err);
cspdm_status spdm_dec_caps(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			   struct spdm_caps *c, cspdm_error *err);
cspdm_status spdm_dec_neg_algs(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_neg_algs_req *a, cspdm_error *err);
/* req: what was offered; the selection is checked against it. */
cspdm_status spdm_dec_algorithms(const struct spdm_neg *n, const struct spdm_neg_algs_req *req,
				 uint32_t rsp_caps, const uint8_t *msg, size_t len,
				 struct spdm_algorithms *a, cspdm_error *err);
cspdm_status spdm_dec_get_digests(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				  cspdm_error *err);
cspdm_status spdm_dec_digests(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			      struct spdm_digests *d, cspdm_error *err);
cspdm_status spdm_dec_get_cert(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_get_cert *g, cspdm_error *err);
/* asked: the request; the portion may not exceed its length, the form must match. */
cspdm_status spdm_dec_cert(const struct spdm_neg *n, const struct spdm_get_cert *asked,
			   const uint8_t *msg, size_t len, struct spdm_cert_rsp *c,
			   cspdm_error *err);
cspdm_status spdm_dec_challenge(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				struct spdm_challenge *c, cspdm_error *err);
cspdm_status spdm_dec_challenge_auth(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				     struct spdm_challenge_auth *a, cspdm_error *err);
cspdm_status spdm_dec_error(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			    struct spdm_error_rsp *e, cspdm_error *err);
cspdm_status spdm_dec_respond_if_ready(const struct spdm_neg *n, const uint8_t *msg, size_t len,
				       struct spdm_respond_if_ready *r, cspdm_error *err);

/* signed: the request asked for a signature (the response then carries one). */
cspdm_status spdm_enc_get_meas(uint8_t ver, const struct spdm_get_meas *g, uint8_t *buf, size_t cap,
			       size_t *out_len);
cspdm_status spdm_dec_get_meas(const struct spdm_neg *n, const uint8_t *msg, size_t len,
			       struct spdm_get_meas *g, cspdm_error *err);
/* Encodes all but the signature (appended by the caller when signed). */
cspdm_status spdm_enc_meas(const struct spdm_neg *n, const struct spdm_meas_rsp *m, uint8_t *buf,
			   size_t cap, size_t *out_len);
cspdm_status spdm_dec_meas(const struct spdm_neg *n, const struct spdm_get_meas *asked,
			   const uint8_t *msg, size_t len, struct spdm_meas_rsp *m,
			   cspdm_error *err);
/* Walk a MeasurementRecord: *off is advanced; returns CSPDM_OK with a block. */
cspdm_status spdm_next_meas_block(const uint8_t *record, size_t len, size_t *off,
				  struct spdm_meas_block *b, cspdm_error *err);
/* Checks NumberOfBlocks against the record and every block's sizes (DMTF ones too). */
cspdm_status spdm_check_meas_record(const struct spdm_meas_rsp *m, cspdm_error *err);

/* Helpers shared by the codec files (codec.c). */
struct rd;
struct wr;
cspdm_status spdm_fail(cspdm_error *err, cspdm_status code, const char *field, size_t offset);
cspdm_status spdm_rd_status(const struct rd *r, cspdm_error *err);
cspdm_status spdm_rd_header(struct rd *r, uint8_t ver, uint8_t code, struct spdm_hdr *h,
			    cspdm_error *err);
cspdm_status spdm_rd_end(const struct rd *r, uint32_t max_pad, cspdm_error *err);
/* As spdm_rd_end, and stores the message length (without padding) in *len. */
cspdm_status spdm_rd_end_len(const struct rd *r, uint32_t max_pad, size_t *len, cspdm_error *err);
cspdm_status spdm_rd_zero(struct rd *r, const char *field, size_t n, cspdm_error *err);
/* Param1 and Param2 both reserved: CSPDM_E_RESERVED naming the first that is not zero. */
cspdm_status spdm_check_params_reserved(const struct spdm_hdr *h, cspdm_error *err);
/* OpaqueDataLength and OpaqueData: more than SPDM_MAX_OPAQUE bytes is CSPDM_E_LENGTH. */
cspdm_status spdm_rd_opaque(struct rd *r, uint16_t *len, const uint8_t **opaque, cspdm_error *err);
/* spdm_rd_header, and the version has session messages (1.1+; else CSPDM_E_VERSION_FIELD). */
cspdm_status spdm_rd_session_header(struct rd *r, const struct spdm_neg *n, uint8_t code,
				    struct spdm_hdr *h, cspdm_error *err);
void spdm_wr_header(struct wr *w, uint8_t ver, uint8_t code, uint8_t p1, uint8_t p2);
void spdm_wr_opaque(struct wr *w, uint16_t len, const uint8_t *opaque);
cspdm_status spdm_wr_done(const struct wr *w, size_t *out_len);
int spdm_popcount8(uint8_t v);
/* SessionPolicy bits a version defines (KEY_EXCHANGE, PSK_EXCHANGE): none before 1.2. */
uint8_t spdm_session_policy_mask(uint8_t ver);
/* MeasurementSummaryHashType 0, 1 (TCB) or 0xFF (all). */
int spdm_valid_summary_type(uint8_t t);
/* BaseAsymAlgo bits defined by a version: SM2 and EdDSA arrive with 1.2. */
uint32_t spdm_asym_for_version(uint8_t ver);
int spdm_single_bit(uint32_t v);

#endif
