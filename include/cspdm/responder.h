/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPDM responder: the device side of VCA, GET_DIGESTS, GET_CERTIFICATE, CHALLENGE and
 * RESPOND_IF_READY for SPDM 1.0-1.4. It shares the codec, transcript and crypto ops with the
 * requester. Caller-owned memory: the context, the certificate chains and the keys.
 * Every request gets exactly one response; a bad request gets the matching ERROR.
 */
#ifndef CSPDM_RESPONDER_H
#define CSPDM_RESPONDER_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cspdm_crypto_ops;

/* The requester's chain as validated (mutual authentication). */
struct cspdm_rsp_req_chain {
	uint8_t slot;
	uint8_t trusted;      /* anchors in req_crypto's trust store */
	const uint8_t *chain; /* the SPDM chain: header, RootHash, certificates */
	size_t chain_len;
	const uint8_t *certs; /* its DER certificates, root first (inside chain) */
	size_t certs_len;
};

struct cspdm_rsp_slot {
	const uint8_t *certs; /* DER certificates, root first (no SPDM header); NULL: empty slot */
	size_t certs_len;
	void *key; /* the leaf's private key, for the crypto ops' sign */
};

/* One measurement (DSP0274 Table 49, DMTF measurement specification). */
struct cspdm_rsp_meas {
	uint8_t index;	      /* 1 .. 0xFE */
	uint8_t type;	      /* DMTFSpecMeasurementValueType bits 6:0 (0 immutable ROM, ...) */
	uint8_t raw;	      /* 1: served as a raw bit stream; 0: as its digest */
	const uint8_t *value; /* the bit stream (digested with the measurement hash when !raw) */
	size_t value_len;
};

/* A pre-shared key, found by the PSKHint of PSK_EXCHANGE (an empty hint matches an empty
 * one). Caller memory: the responder copies neither and reads the PSK only to derive a
 * session's handshake secret. */
struct cspdm_rsp_psk {
	const uint8_t *hint;
	size_t hint_len;
	const uint8_t *psk;
	size_t psk_len;
};

struct cspdm_responder_config {
	const struct cspdm_crypto_ops *crypto;
	uint8_t min_version;	     /* default 0x10 */
	uint8_t max_version;	     /* default 0x14 */
	uint32_t base_asym;	     /* the algorithm the slot keys serve (one bit) */
	uint32_t base_hash;	     /* hashes offered, in order SHA-384, SHA-256, SHA-512, SHA3 */
	uint32_t caps;		     /* CAPABILITIES flags (default CERT | CHAL) */
	uint8_t ct_exponent;	     /* default 12 */
	uint32_t data_transfer_size; /* 1.2+ (default 4096) */
	uint32_t max_msg_size; /* 1.2+ (default 4096; with chunk storage, at most chunk_cap) */
	/* 1.2+ chunking: storage for a large request being reassembled or a large response
	 * waiting for CHUNK_GET; with it CAPABILITIES offers CHUNK_CAP (without, MaxSPDMmsgSize
	 * is DataTransferSize). Messages larger than the requester's DataTransferSize or ours go
	 * in chunks. */
	uint8_t *chunk_buf;
	size_t chunk_cap;
	struct cspdm_rsp_slot slots[CSPDM_MAX_SLOTS];
	/* ResponseNotReady: a mask of request codes (bit = code & 0x1F, for codes 0x81..0x9F
	 * and 0xE0..0xFF) answered first with ResponseNotReady; 0 disables. Responses larger
	 * than 4160 bytes are sent at once. */
	uint32_t not_ready_mask;
	uint8_t rdt_exponent; /* default 10 (1 ms) */
	/* measurements, served when caps has MEAS_CAP; ascending unique indices */
	const struct cspdm_rsp_meas *meas;
	uint8_t meas_count;
	/* Secure sessions (caps with KEY_EX_CAP and ENCRYPT_CAP and/or MAC_CAP, from 1.1). The
	 * caller gives the memory: session_count objects of cspdm_session_size() bytes each, so
	 * the responder does not grow with them; KEY_EXCHANGE beyond gets SessionLimitExceeded. */
	void *session_mem;	  /* aligned for uint64_t */
	uint8_t session_count;	  /* 0: no sessions */
	uint16_t dhe;		  /* DHE groups served (CSPDM_DHE_*; default all six) */
	uint16_t aead;		  /* AEAD suites served (CSPDM_AEAD_*; default all three) */
	uint8_t sm_versions;	  /* secured-message versions (CSPDM_SM_V*; 0: all) */
	uint8_t heartbeat_period; /* seconds, sent in KEY_EXCHANGE_RSP with HBEAT_CAP */
	/* how the transport shapes secured messages (cspdm_transport_secured_binding) */
	struct cspdm_secured_binding binding;
	/*
	 * Mutual authentication (caps with MUT_AUTH_CAP and ENCAP_CAP; a requester offering
	 * MUT_AUTH_CAP, ENCAP_CAP, CERT_CAP, CHAL_CAP and a ReqBaseAsymAlg). The requester's
	 * chain is fetched with the encapsulated flow into req_cert_buf, validated with
	 * req_crypto's x509_validate (its trust store; the PCIe CMA SAN is not required) and its
	 * signatures verified; a failure ends the flow, and the session it was asked for.
	 */
	uint8_t mut_auth;  /* CSPDM_MUT_BASIC, and/or one of CSPDM_MUT_ENCAP, _WO_ENCAP, _DIGESTS */
	uint8_t req_slot;  /* the requester's slot asked for, 0..7 */
	uint32_t req_asym; /* ReqBaseAsymAlg accepted (CSPDM_ASYM_*; 0: all supported) */
	const struct cspdm_crypto_ops *req_crypto; /* the requester's trust (NULL: crypto) */
	uint8_t *req_cert_buf;			   /* storage for the requester's SPDM chain */
	size_t req_cert_cap;
	/* the requester's chain known in advance (DER certificates, root first), for
	 * CSPDM_MUT_WO_ENCAP; without it (and none learned on the connection) the responder
	 * asks with the encapsulated flow instead */
	const uint8_t *req_certs;
	size_t req_certs_len;
	/* called with the requester's chain once validated, and with each of its signatures
	 * once verified (kind CSPDM_SIG_MUT_CHALLENGE_AUTH or CSPDM_SIG_FINISH; no transcript
	 * is recorded); may be NULL */
	void (*on_req_chain)(void *priv, const struct cspdm_rsp_req_chain *c);
	void (*on_req_signature)(void *priv, const struct cspdm_signature_evidence *ev);
	void *on_req_priv;
	/* PSK sessions (PSK_EXCHANGE / PSK_FINISH), in the session memory above: caps get
	 * PSK_CAP with context (CSPDM_RSP_CAP_PSK_CTX) unless they name a PSK_CAP already. With
	 * PSKs the slots may be empty (a device without certificates: no CERT_CAP then). */
	const struct cspdm_rsp_psk *psks;
	uint8_t psk_count;
	/*
	 * Application messages other than SPDM in an established session, on a binding whose
	 * secured messages name a message type (binding.app_typed: MCTP, where DSP0275 lets a
	 * secured message carry any MCTP message type). Called with the session (ReqSessionID |
	 * RspSessionID << 16), the MCTP message type and the message after it; on CSPDM_OK the
	 * *rsp_len (> 0) bytes written to rsp go back sealed, with the same type. Any other
	 * status drops the record unanswered, the session kept: cspdm_responder_last_error()
	 * gives the status and what the handler put in err (field "application message" if
	 * nothing). NULL: every such message is dropped, CSPDM_E_UNSUPPORTED.
	 * cspdm_responder_pldm answers PLDM.
	 */
	cspdm_status (*app_message)(void *priv, uint32_t session_id, uint8_t type,
				    const uint8_t *req, size_t len, uint8_t *rsp, size_t cap,
				    size_t *rsp_len, cspdm_error *err);
	void *app_priv;
	/*
	 * The PCI-SIG device model, served in sessions only (VENDOR_DEFINED_REQUEST, StandardID
	 * PCI-SIG, VendorID 0x0001; in the clear SessionRequired, UnsupportedRequest before 1.2):
	 * IDE_KM (PCIe Base 6.0 §6.33.3) for ports 0..ide_max_port with ide_streams Selective IDE
	 * Streams each (IDs 0..ide_streams-1), and TDISP (PCIe Base 6.1 §11.3) for the interfaces
	 * tdi_ids[0..tdi_count-1]. Its state (keys per stream, key set, direction and substream;
	 * each TDI's state and nonce) lives in app_mem, cspdm_responder_app_size() bytes aligned
	 * for uint64_t; NULL: not served. Keys are zeroed when replaced, stopped, at reset.
	 */
	void *app_mem;
	size_t app_mem_len;
	uint8_t ide_max_port;
	uint8_t ide_streams; /* 0: no IDE_KM; at most CSPDM_RSP_IDE_STREAMS */
	uint8_t tdi_count;   /* 0: no TDISP; at most CSPDM_RSP_TDIS */
	uint32_t tdi_ids[4]; /* INTERFACE_ID.FUNCTION_ID of each TDI */
	/*
	 * CXL TSP (CXL 3.1 §11.5.4) in the same memory: 1 serves it. tsp_secondary (0..4) is the
	 * NumberOfSecondarySessions offered: PSK sessions with the PSKs the primary session sets
	 * in Set Target Configuration, named by PSKHint "SECONDARY_SESSION_<i>_PSK" (and its NUL),
	 * so PSK_CAP is offered with them even without cfg.psks; they need a session slot each
	 * beside the primary's.
	 */
	uint8_t cxl_tsp;
	uint8_t tsp_secondary;
};

#define CSPDM_RSP_IDE_STREAMS 8
#define CSPDM_RSP_TDIS	      4
/* The device model's memory for ports 0..max_port with streams streams each. */
CSPDM_API size_t cspdm_responder_app_size(uint8_t max_port, uint8_t streams);

/* A PLDM terminus behind cspdm_responder_config.app_message (app_priv points at it). */
struct cspdm_rsp_pldm {
	uint8_t tid; /* the Terminus ID that GetTID reports (DSP0240), e.g. 1 */
};

/*
 * An app_message handler for PLDM over MCTP (MCTP message type 0x01, DSP0240/DSP0241): GetTID
 * (PLDM type 0, command 0x02) is answered with SUCCESS and the TID; other commands of type 0
 * get ERROR_UNSUPPORTED_PLDM_CMD, other PLDM types ERROR_INVALID_PLDM_TYPE. Dropped (no
 * response; the status says why): other MCTP message types (CSPDM_E_UNSUPPORTED), PLDM
 * responses and malformed headers (the decoder's error), unacknowledged requests (D set:
 * CSPDM_E_UNSUPPORTED, field "D"), a response that does not fit (CSPDM_E_BUFFER_TOO_SMALL).
 */
CSPDM_API cspdm_status cspdm_responder_pldm(void *priv, uint32_t session_id, uint8_t type,
					    const uint8_t *req, size_t len, uint8_t *rsp,
					    size_t cap, size_t *rsp_len, cspdm_error *err);

/* cspdm_responder_config.mut_auth */
#define CSPDM_MUT_BASIC                                                                            \
	0x01 /* CHALLENGE_AUTH BasicMutAuthReq: encapsulated GET_DIGESTS,                          \
		GET_CERTIFICATE, CHALLENGE */
#define CSPDM_MUT_ENCAP                                                                            \
	0x02			/* KEY_EXCHANGE_RSP: encapsulated GET_DIGESTS, GET_CERTIFICATE,    \
				   then FINISH signed */
#define CSPDM_MUT_WO_ENCAP 0x04 /* KEY_EXCHANGE_RSP names the requester's slot; FINISH signed */
#define CSPDM_MUT_DIGESTS  0x08 /* as ENCAP, the first GET_DIGESTS implied (RequestID 0) */

/* PSK_CAP (bits 11:10): 01 PSK without context (no PSK_FINISH), 10 with context. */
#define CSPDM_RSP_CAP_PSK     0x00000400u
#define CSPDM_RSP_CAP_PSK_CTX 0x00000800u

/* CAPABILITIES flags for sessions: ENCRYPT, MAC, KEY_EX, HBEAT, KEY_UPD, HANDSHAKE_IN_THE_CLEAR */
#define CSPDM_RSP_CAPS_SESSIONS 0x0000E2C0u

/* A small built-in measurement set (ROM, firmware, configuration, mode, version, SVN). */
CSPDM_API const struct cspdm_rsp_meas *cspdm_responder_default_meas(uint8_t *count);

CSPDM_API void cspdm_responder_config_defaults(struct cspdm_responder_config *cfg);

struct cspdm_responder;
CSPDM_API size_t cspdm_responder_size(void);
/* mem must be cspdm_responder_size() bytes, aligned for uint64_t. */
CSPDM_API cspdm_status cspdm_responder_init(struct cspdm_responder **out, void *mem, size_t mem_len,
					    const struct cspdm_responder_config *cfg);
/* A new connection: forget the negotiated state and the transcript. */
CSPDM_API void cspdm_responder_reset(struct cspdm_responder *r);
CSPDM_API void cspdm_responder_deinit(struct cspdm_responder *r);
/*
 * Answer one request. max_pad: zero padding the transport may leave after the request.
 * Returns the response length written to out (always > 0 unless cap is too small).
 */
CSPDM_API size_t cspdm_responder_process(struct cspdm_responder *r, const uint8_t *req, size_t len,
					 uint32_t max_pad, uint8_t *out, size_t cap);
/*
 * Answer one secured message (DSP0277 record, from its SessionID on). The record is opened in
 * place (rec is overwritten), the SPDM request in it answered, and the answer sealed into out.
 * A record that does not open gets a sealed ERROR DecryptError and ends its session; a record
 * for no session of ours gets no answer (0). An application message of another type goes to
 * cfg.app_message (0 when it is dropped; the session stays).
 */
CSPDM_API size_t cspdm_responder_process_secured(struct cspdm_responder *r, uint8_t *rec,
						 size_t len, uint32_t max_pad, uint8_t *out,
						 size_t cap);
/* Over a binding that does not mark secured messages (NONE): is msg a record of one of our
 * sessions (its first four bytes name it)? */
CSPDM_API int cspdm_responder_is_secured(const struct cspdm_responder *r, const uint8_t *msg,
					 size_t len);
/* Sessions established or being established. */
CSPDM_API unsigned cspdm_responder_sessions(const struct cspdm_responder *r);
/*
 * Start a KEY_UPDATE of our direction through the encapsulated flow in the established session
 * session_id (ReqSessionID | RspSessionID << 16): the requester's next GET_ENCAPSULATED_REQUEST
 * in that session gets KEY_UPDATE (UpdateKey), then VerifyNewKey under the new key. As
 * spdm_responder_emu does on the socket command OOB_ENCAP_KEY_UPDATE. CSPDM_E_STATE when no
 * such session is open, KEY_UPD_CAP or ENCAP_CAP is not shared, or a flow is pending.
 */
CSPDM_API cspdm_status cspdm_responder_encap_key_update(struct cspdm_responder *r,
							uint32_t session_id);
/* The requester's side of mutual authentication on this connection. */
struct cspdm_rsp_mutual_info {
	uint8_t chain_known;	/* its chain is validated (learned or provided) */
	uint8_t trusted;	/* ... and anchors in req_crypto's trust store */
	uint8_t challenge_auth; /* its encapsulated CHALLENGE_AUTH verified */
	uint32_t finishes;	/* signed FINISH messages verified */
	uint32_t encap_requests;
	uint32_t key_updates; /* encapsulated KEY_UPDATE flows completed */
};
CSPDM_API cspdm_status cspdm_responder_mutual_info(const struct cspdm_responder *r,
						   struct cspdm_rsp_mutual_info *i);

/* Why the last request was refused (CSPDM_OK if it was answered normally). */
CSPDM_API const cspdm_error *cspdm_responder_last_error(const struct cspdm_responder *r);

/* ---- Device identities (the OpenSSL backend's helper) ---------------------------------------
 *
 * A slot's certificate chain (root CA -> intermediate CA -> leaf) and the leaf's private key,
 * as struct cspdm_rsp_slot wants them. Generated certificates follow the profile cspdm's own
 * requester policy, PCIe CMA and the Linux kernel expect (src/crypto/identity.h says more).
 */

/* One slot's identity. */
struct cspdm_identity {
	uint32_t asym;	/* CSPDM_ASYM_* the key serves */
	uint8_t *chain; /* DER certificates concatenated, root first (malloc'd) */
	size_t chain_len;
	void *key; /* EVP_PKEY * private key of the leaf (usable with the ops' sign) */
};

/*
 * Generate a fresh root CA -> intermediate CA -> leaf chain and leaf key for asym (ECDSA
 * P-256/P-384/P-521, RSASSA/RSAPSS 2048/3072/4096, EdDSA Ed25519/Ed448; RSA keys are plain
 * rsaEncryption keys, the signature scheme is chosen when signing). cma_san, when not NULL,
 * becomes the leaf's PCIe CMA subjectAltName; slot (0..7) names the leaf.
 * Returns CSPDM_E_UNSUPPORTED for other algorithms, CSPDM_E_CRYPTO if OpenSSL fails.
 * On failure *out is zeroed.
 */
CSPDM_API cspdm_status cspdm_identity_generate(uint32_t asym, const char *cma_san, uint8_t slot,
					       struct cspdm_identity *out);

/*
 * Load a device's own identity. chain_file: certificates as concatenated DER or PEM, root
 * first; key_file: the leaf's private key, PEM or DER. The key must match the leaf's public
 * key (else CSPDM_E_X509_KEY). out->asym is derived from the key (EC curve, RSA size as
 * RSASSA, RSA-PSS key as RSAPSS, Ed25519/Ed448) unless asym_hint is nonzero, in which case
 * the key must fit asym_hint (CSPDM_E_X509_KEY otherwise); an RSA key serves RSASSA or RSAPSS
 * and the hint picks. Errors: CSPDM_E_IO (a file can't be read), CSPDM_E_X509_PARSE (chain
 * is not certificates), CSPDM_E_INVALID_ARG (key file is not a private key).
 */
CSPDM_API cspdm_status cspdm_identity_load(const char *chain_file, const char *key_file,
					   uint32_t asym_hint, struct cspdm_identity *out);

/* The certificates alone (a peer's chain known in advance: cspdm_responder_config.req_certs),
 * as DER, root first; out->key stays NULL. Errors as cspdm_identity_load. */
CSPDM_API cspdm_status cspdm_identity_load_certs(const char *chain_file,
						 struct cspdm_identity *out);

/* Write the chain's root (first) certificate as PEM to path (a requester's trust store). */
CSPDM_API cspdm_status cspdm_identity_export_root(const struct cspdm_identity *id,
						  const char *path);

/* Free the chain and the key and zero the struct; NULL and zeroed structs are fine. */
CSPDM_API void cspdm_identity_free(struct cspdm_identity *id);

#ifdef __cplusplus
}
#endif
#endif
