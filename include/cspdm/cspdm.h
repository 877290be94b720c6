/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cspdm public API: context, configuration, requester flows and the error model.
 *
 * The context is caller-allocated (cspdm_context_size()); the library never allocates in the
 * protocol core. The requester is a state machine (cspdm_auth_begin / cspdm_step) with a blocking
 * wrapper (cspdm_authenticate) on top of a struct cspdm_io.
 */
#ifndef CSPDM_CSPDM_H
#define CSPDM_CSPDM_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Error model (DESIGN.md rule 4) ------------------------------------------------------- */

typedef enum cspdm_status {
	CSPDM_OK = 0,
	/* wire format, found by the codec */
	CSPDM_E_TRUNCATED,     /* message ends before a field */
	CSPDM_E_TRAILING,      /* bytes after the end of the message */
	CSPDM_E_RESPONSE_CODE, /* response code does not answer the request */
	CSPDM_E_VERSION_FIELD, /* SPDMVersion byte differs from the negotiated version */
	CSPDM_E_RESERVED,      /* a reserved field or bit is not zero */
	CSPDM_E_LENGTH,	       /* a length field disagrees with the message */
	CSPDM_E_COUNT,	       /* a count disagrees with a mask, a length or a limit */
	CSPDM_E_FIELD,	       /* a field holds a value the spec does not allow */
	/* negotiation */
	CSPDM_E_NO_COMMON_VERSION, /* VERSION lists none of the versions we offer */
	CSPDM_E_CAPABILITIES,	   /* contradictory or insufficient capability flags */
	CSPDM_E_ALGORITHM,	   /* zero, several or unoffered algorithms selected */
	/* digests and certificates */
	CSPDM_E_SLOT,		   /* slot not provisioned, or reply names another slot */
	CSPDM_E_CERT_PORTION,	   /* portion empty, or longer than requested */
	CSPDM_E_CERT_REMAINDER,	   /* remainder inconsistent with offset and earlier replies */
	CSPDM_E_CERT_TOO_LARGE,	   /* chain larger than the caller's storage */
	CSPDM_E_CERT_CHAIN_FORMAT, /* SPDM cert-chain header or DER framing is wrong */
	CSPDM_E_ROOT_HASH,	   /* RootHash differs from the hash of the first certificate */
	CSPDM_E_CHAIN_DIGEST,	   /* chain hash differs from DIGESTS or CHALLENGE_AUTH */
	/* X.509 policy */
	CSPDM_E_X509_PARSE,	/* a certificate is not valid DER X.509 */
	CSPDM_E_X509_UNTRUSTED, /* path does not anchor in the trust store */
	CSPDM_E_X509_SIGNATURE, /* a certificate signature does not verify */
	CSPDM_E_X509_VALIDITY,	/* expired or not yet valid */
	CSPDM_E_X509_CA,	/* leaf is a CA, or an issuer is not */
	CSPDM_E_X509_KEY_USAGE, /* leaf lacks digitalSignature or has keyCertSign */
	CSPDM_E_X509_SAN,	/* PCIe CMA subjectAltName missing or different */
	CSPDM_E_X509_KEY,	/* leaf key type/size does not fit the negotiated algorithm */
	CSPDM_E_X509_DEPTH,	/* chain too deep */
	/* authentication */
	CSPDM_E_SIGNATURE, /* the device's signature does not verify */
	CSPDM_E_NONCE,	   /* the device echoed or reused a nonce */
	/* verification against a reference */
	CSPDM_E_POLICY, /* measurements differ from the policy, or the policy is malformed */
	/* device errors and flow control */
	CSPDM_E_DEVICE_ERROR, /* the device answered ERROR (see device_code) */
	CSPDM_E_BUSY,	      /* Busy more often than the retry limit */
	CSPDM_E_NOT_READY,    /* ResponseNotReady more often than the limit, or bad data */
	CSPDM_E_RESYNCH,      /* RequestResynch more often than the limit */
	CSPDM_E_TIMEOUT,      /* no response within the time the spec allows */
	/* environment */
	CSPDM_E_IO,	   /* socket or device I/O failed (os_error says why) */
	CSPDM_E_RESOLVE,   /* a host name does not resolve (os_error: getaddrinfo's EAI_*) */
	CSPDM_E_TRANSPORT, /* transport framing wrong (MCTP type, DOE header, socket header) */
	CSPDM_E_BUFFER_TOO_SMALL, /* caller storage too small */
	CSPDM_E_INVALID_ARG,	  /* bad argument from the caller */
	CSPDM_E_STATE,		  /* API called in the wrong state */
	CSPDM_E_CRYPTO,		  /* crypto backend failure */
	CSPDM_E_UNSUPPORTED,	  /* a feature cspdm does not implement */
	CSPDM_E_TRANSCRIPT_FULL,  /* recorded transcript exceeds caller storage */
	/* secure sessions (DSP0274 KEY_EXCHANGE/FINISH, DSP0277 secured messages) */
	CSPDM_E_DHE_KEY,     /* the peer's DHE public value is invalid (off the curve, range) */
	CSPDM_E_VERIFY_DATA, /* RequesterVerifyData / ResponderVerifyData (HMAC) mismatch */
	CSPDM_E_DECRYPT,     /* a secured message does not open (MAC, length or padding) */
	CSPDM_E_SESSION_ID,  /* a secured message names another session, or IDs clash */
	CSPDM_E_SEQUENCE,    /* sequence number out of step, or exhausted (the session ends) */
	CSPDM_E_NOT_SECURED, /* a plaintext message where a secured one is due, or the reverse */
	/* large messages (DSP0274 1.2+ chunking) */
	CSPDM_E_CHUNK, /* chunks out of order, repeated, of another handle, or not adding up */
	CSPDM_E_MSG_TOO_LARGE, /* a message beyond a DataTransferSize, MaxSPDMmsgSize or storage */
	/* reaching a device (the I/O back-ends of cspdm/device.h; the back-end says more) */
	CSPDM_E_NO_DEVICE,     /* no such device, or no route to it */
	CSPDM_E_PERMISSION,    /* the OS refused access (config space, ioctls: root) */
	CSPDM_E_NOT_OFFERED,   /* the device or the kernel does not offer SPDM there */
	CSPDM_E_DEVICE_STATUS, /* the device failed a command (NVMe status, SCSI sense) */
	/* mutual authentication and the encapsulated flow (DSP0274 "Encapsulated request flow") */
	CSPDM_E_ENCAP_LIMIT,	  /* more encapsulated requests in a row than CSPDM_MAX_ENCAP */
	CSPDM_E_ENCAP_UNEXPECTED, /* an encapsulated request or response of a kind not answered here
				   */
	CSPDM_E_ENCAP_ID, /* a RequestID reused, or an ACK / DELIVER naming another request */
	CSPDM_E_MUT_AUTH, /* mutual authentication asked for and not given (FINISH unsigned, ...) */
	CSPDM_STATUS_COUNT
} cspdm_status;

/*
 * Where a failure happened. field is static, or (where a function says so) the caller's own
 * string, such as a path it passed in.
 *
 * When a system call failed, os_error holds the OS's reason and field names what failed: an
 * errno value for CSPDM_E_IO, CSPDM_E_TIMEOUT and file errors (field: "connect", "recv", a file
 * name, ...), getaddrinfo()'s EAI_* code for CSPDM_E_RESOLVE. cspdm_os_reason() gives its text.
 */
typedef struct cspdm_error {
	cspdm_status code;
	uint8_t request_code;  /* SPDM request in flight (0 if none) */
	uint8_t response_code; /* response code received (0 if none) */
	uint8_t device_code;   /* ERROR ErrorCode, when code == CSPDM_E_DEVICE_ERROR */
	uint8_t device_data;   /* ERROR ErrorData */
	const char *field;     /* spec field name (or what failed), or NULL */
	uint32_t offset;       /* byte offset in the message */
	int32_t os_error;      /* errno, or EAI_* for CSPDM_E_RESOLVE; 0 if no system call failed */
} cspdm_error;

/* The library's version, "MAJOR.MINOR.PATCH". */
CSPDM_API const char *cspdm_version(void);

CSPDM_API const char *cspdm_strerror(cspdm_status code);
/* The OS's text for e->os_error (strerror / gai_strerror), or NULL when it is 0. */
CSPDM_API const char *cspdm_os_reason(const cspdm_error *e);
CSPDM_API const char *cspdm_status_name(cspdm_status code);
CSPDM_API const char *cspdm_request_name(uint8_t code);
CSPDM_API const char *cspdm_device_error_name(uint8_t code);

/* ---- Algorithms (DSP0274 Tables for NEGOTIATE_ALGORITHMS) ---------------------------------- */

#define CSPDM_ASYM_RSASSA_2048 (1u << 0)
#define CSPDM_ASYM_RSAPSS_2048 (1u << 1)
#define CSPDM_ASYM_RSASSA_3072 (1u << 2)
#define CSPDM_ASYM_RSAPSS_3072 (1u << 3)
#define CSPDM_ASYM_ECDSA_P256  (1u << 4)
#define CSPDM_ASYM_RSASSA_4096 (1u << 5)
#define CSPDM_ASYM_RSAPSS_4096 (1u << 6)
#define CSPDM_ASYM_ECDSA_P384  (1u << 7)
#define CSPDM_ASYM_ECDSA_P521  (1u << 8)
#define CSPDM_ASYM_SM2_P256    (1u << 9)
#define CSPDM_ASYM_EDDSA_25519 (1u << 10)
#define CSPDM_ASYM_EDDSA_448   (1u << 11)

#define CSPDM_HASH_SHA_256  (1u << 0)
#define CSPDM_HASH_SHA_384  (1u << 1)
#define CSPDM_HASH_SHA_512  (1u << 2)
#define CSPDM_HASH_SHA3_256 (1u << 3)
#define CSPDM_HASH_SHA3_384 (1u << 4)
#define CSPDM_HASH_SHA3_512 (1u << 5)
#define CSPDM_HASH_SM3_256  (1u << 6)

#define CSPDM_MEAS_HASH_RAW	 (1u << 0)
#define CSPDM_MEAS_HASH_SHA_256	 (1u << 1)
#define CSPDM_MEAS_HASH_SHA_384	 (1u << 2)
#define CSPDM_MEAS_HASH_SHA_512	 (1u << 3)
#define CSPDM_MEAS_HASH_SHA3_256 (1u << 4)
#define CSPDM_MEAS_HASH_SHA3_384 (1u << 5)
#define CSPDM_MEAS_HASH_SHA3_512 (1u << 6)

#define CSPDM_MAX_HASH_SIZE    64
#define CSPDM_MAX_SIG_SIZE     512
#define CSPDM_NONCE_SIZE       32
#define CSPDM_REQ_CONTEXT_SIZE 8
#define CSPDM_MAX_SLOTS	       8

CSPDM_API uint32_t cspdm_hash_size(uint32_t base_hash_algo);
CSPDM_API uint32_t cspdm_sig_size(uint32_t base_asym_algo);
CSPDM_API const char *cspdm_asym_name(uint32_t base_asym_algo);
CSPDM_API const char *cspdm_hash_name(uint32_t base_hash_algo);

/* SPDM versions are encoded as 0xMN (major, minor): 0x10 .. 0x14. */
#define CSPDM_V10 0x10
#define CSPDM_V11 0x11
#define CSPDM_V12 0x12
#define CSPDM_V13 0x13
#define CSPDM_V14 0x14

/* ---- I/O: the blocking wrapper's view of a device ------------------------------------------ */

/* What a message is, for the transport binding below the I/O (MCTP message type, DOE data
 * object type, DSP0286 operation, DSP0287 message type). */
enum cspdm_msg_kind {
	CSPDM_MSG_SPDM = 0,    /* an SPDM message */
	CSPDM_MSG_SECURED = 1, /* a DSP0277 secured message, from its SessionID on */
};

/*
 * What a transport binding puts into a secured message besides SPDM's own fields (DSP0277
 * "Secured Messages" and the binding specifications: DSP0275 for MCTP, PCIe CMA for DOE).
 */
#define CSPDM_APP_PREFIX_MAX 20

struct cspdm_secured_binding {
	uint8_t seq_num_size;	/* bytes of the sequence number in the record header: MCTP 2 */
	uint8_t max_random_pad; /* random bytes at most after the message, encrypted: MCTP 32 */
	uint8_t app_prefix_len; /* bytes before the SPDM message in the application data */
	/* MCTP: its message type 0x05; DSP0287: its 4-byte header; DSP0286: the secured message
	 * descriptor (num_descriptors, reserved, then an SPDM descriptor: 20 bytes) */
	uint8_t app_prefix[CSPDM_APP_PREFIX_MAX];
	uint8_t untyped; /* NONE: secured messages are not marked; their SessionID tells them */
	/* A length field inside the prefix (little-endian, app_len_size bytes at app_len_at; size
	 * 0: none) that holds the message's length plus app_len_add: DSP0287's payload length (at
	 * 0, 2 bytes, + 2), DSP0286's descriptor length (at 8, 4 bytes, + 0). Sealing writes it;
	 * opening checks it. */
	uint8_t app_len_at, app_len_size, app_len_add;
	/* The one-byte prefix is a message type (MCTP: DSP0275 "Secured messages": the
	 * application data starts with the MCTP message type), and a session may carry other
	 * types than the prefix's SPDM one (PLDM 0x01, ...) as application messages. */
	uint8_t app_typed;
};

/* Carries whole SPDM messages; the transport binding is below it. */
struct cspdm_io {
	void *priv;
	cspdm_status (*send)(void *priv, enum cspdm_msg_kind kind, const uint8_t *msg, size_t len);
	/* timeout_us == 0 means wait forever. *len receives the message length, *kind (may be
	 * NULL: then only SPDM messages are accepted) what it is. */
	cspdm_status (*recv)(void *priv, uint8_t *buf, size_t cap, size_t *len,
			     enum cspdm_msg_kind *kind, uint64_t timeout_us);
	void (*sleep_us)(void *priv, uint64_t us);
	/* Bytes of zero padding the transport may leave after a message (PCI DOE: 3). */
	uint32_t max_pad;
	/* How the binding shapes secured messages; all zero when it carries none. */
	struct cspdm_secured_binding secured;
	uint8_t has_secured; /* the back-end carries secured messages */
};

/* ---- Configuration -------------------------------------------------------------------------- */

struct cspdm_crypto_ops; /* src/crypto/crypto.h */

enum cspdm_sig_kind {
	CSPDM_SIG_CHALLENGE_AUTH = 0,
	CSPDM_SIG_MEASUREMENTS = 1,
	CSPDM_SIG_KEY_EXCHANGE_RSP = 2, /* over TH: VCA, Hash(chain), KEY_EXCHANGE, the response */
	/* the requester's, checked by a responder (mutual authentication) */
	CSPDM_SIG_MUT_CHALLENGE_AUTH = 3, /* encapsulated CHALLENGE_AUTH, over the mutual M1/M2 */
	CSPDM_SIG_FINISH = 4,		  /* FINISH, over TH with Hash(requester's chain) */
};

/* One verified signature, with what a verifier needs to check it again offline. */
struct cspdm_signature_evidence {
	enum cspdm_sig_kind kind;
	uint8_t version;
	uint8_t slot;
	uint32_t base_asym, base_hash;
	const uint8_t
	    *transcript; /* the signed transcript (M1/M2 or L1/L2) if recorded, else NULL */
	size_t transcript_len;
	uint8_t transcript_hash[CSPDM_MAX_HASH_SIZE];
	const uint8_t *requester_nonce; /* 32 bytes */
	const uint8_t *responder_nonce; /* 32 bytes */
	const uint8_t *signature;
	size_t signature_len;
	const char *context; /* signing context string (1.2+), or NULL */
	/* KEY_EXCHANGE_RSP: the RandomData of both sides stand in the nonces' place */
	uint8_t combined_prefix[100]; /* 1.2+ combined SPDM prefix */
	size_t combined_prefix_len;   /* 100 from 1.2, 0 before */
};

enum cspdm_auth_outcome {
	CSPDM_AUTH_FAILED = 0,
	CSPDM_AUTH_EVIDENCE_READY, /* chain and signature consistent, root not verified */
	CSPDM_AUTH_TRUSTED,	   /* chain anchors in the caller's trust store */
};

/* Our CAPABILITIES flags for sessions (DSP0274 Table "Flag fields definitions for the
 * Requester"): ENCRYPT_CAP, MAC_CAP, KEY_EX_CAP, HBEAT_CAP, KEY_UPD_CAP and
 * HANDSHAKE_IN_THE_CLEAR_CAP. Sent from SPDM 1.1 on. */
#define CSPDM_REQ_CAPS_SESSIONS 0x0000E2C0u
/* PSK_CAP (bits 11:10 = 01): the requester can open PSK sessions; add it to req_caps. */
#define CSPDM_REQ_CAP_PSK 0x00000400u

/* DHE groups (DSP0274 Table "DHE", AlgStruct type 2) and AEAD suites (type 3). */
#define CSPDM_DHE_FFDHE_2048	     (1u << 0)
#define CSPDM_DHE_FFDHE_3072	     (1u << 1)
#define CSPDM_DHE_FFDHE_4096	     (1u << 2)
#define CSPDM_DHE_SECP256R1	     (1u << 3)
#define CSPDM_DHE_SECP384R1	     (1u << 4)
#define CSPDM_DHE_SECP521R1	     (1u << 5)
#define CSPDM_AEAD_AES_128_GCM	     (1u << 0)
#define CSPDM_AEAD_AES_256_GCM	     (1u << 1)
#define CSPDM_AEAD_CHACHA20_POLY1305 (1u << 2)
#define CSPDM_MAX_DHE_SIZE	     512 /* FFDHE 4096 public value */
#define CSPDM_AEAD_IV_SIZE	     12
#define CSPDM_AEAD_TAG_SIZE	     16
#define CSPDM_MAX_AEAD_KEY_SIZE	     32

/* Exchange data (public value) bytes: ECDHE X||Y, FFDHE the size of p; 0 if unknown. */
CSPDM_API uint32_t cspdm_dhe_size(uint16_t dhe);
/* Shared secret bytes: ECDHE the X coordinate, FFDHE the size of p. */
CSPDM_API uint32_t cspdm_dhe_secret_size(uint16_t dhe);
CSPDM_API uint32_t cspdm_aead_key_size(uint16_t aead);
CSPDM_API const char *cspdm_dhe_name(uint16_t dhe);
CSPDM_API const char *cspdm_aead_name(uint16_t aead);

/*
 * The requester's own identity, for mutual authentication; all zero: none. With one, from SPDM
 * 1.1 the requester offers MUT_AUTH_CAP, ENCAP_CAP, CERT_CAP and CHAL_CAP and ReqBaseAsymAlg =
 * asym, answers the device's encapsulated GET_DIGESTS and GET_CERTIFICATE from this chain (and
 * CHALLENGE after a CHALLENGE_AUTH with BasicMutAuthReq, KEY_UPDATE inside a session), and signs
 * the encapsulated CHALLENGE_AUTH and, when KEY_EXCHANGE_RSP asks for it, FINISH. Without one a
 * device asking for mutual authentication is refused (CSPDM_E_FIELD).
 */
struct cspdm_req_identity {
	const uint8_t *certs; /* DER certificates, root first, no SPDM header (as a slot's) */
	size_t certs_len;
	void *key;     /* the leaf's private key, for the crypto ops' sign */
	uint32_t asym; /* CSPDM_ASYM_*: the one algorithm key serves */
	uint8_t slot;  /* the slot the chain is served in, 0..7 */
	/* storage for DELIVER_ENCAPSULATED_RESPONSE (at least CSPDM_ENCAP_TX_MIN bytes) */
	uint8_t *tx_buf;
	size_t tx_cap;
};

#define CSPDM_ENCAP_TX_MIN 1024
#define CSPDM_MAX_ENCAP	   64 /* encapsulated requests answered in one flow, at most */

struct cspdm_config {
	const struct cspdm_crypto_ops *crypto;
	uint8_t min_version;  /* lowest version accepted, default 0x10 */
	uint8_t max_version;  /* highest version offered, default 0x14 */
	uint8_t slot;	      /* certificate slot to authenticate, 0..7 */
	uint8_t meas_summary; /* CHALLENGE Param2: 0 none, 1 TCB, 0xFF all */
	uint8_t ct_exponent;  /* our CTExponent */
	uint32_t base_asym;   /* offered BaseAsymAlgo (0: all supported) */
	uint32_t base_hash;   /* offered BaseHashAlgo (0: all supported) */
	uint32_t req_caps;    /* our CAPABILITIES flags (defaults: CSPDM_REQ_CAPS_SESSIONS) */
	uint16_t dhe;	      /* offered DHE groups (0: all supported) */
	uint16_t aead;	      /* offered AEAD suites (0: all supported) */
	uint32_t data_transfer_size; /* ours, 1.2+ (0: 4096; at least 42, the spec's minimum) */
	uint32_t max_msg_size;	     /* our MaxSPDMmsgSize with chunk storage (0: chunk_cap) */
	uint32_t rtt_us;	     /* transport round-trip allowance (0: 1 s) */
	uint32_t max_pad;	     /* zero padding the transport leaves after messages (DOE: 3) */
	uint8_t busy_retries;	     /* default 3 */
	uint8_t not_ready_retries;   /* default 8 */
	uint8_t resynch_retries;     /* default 2 */
	uint8_t have_nonce;	     /* use nonce[] instead of the CSPRNG */
	uint8_t nonce[CSPDM_NONCE_SIZE];
	uint8_t req_context[CSPDM_REQ_CONTEXT_SIZE]; /* 1.3+ RequesterContext */
	/* caller storage for the SPDM certificate chain (header included) */
	uint8_t *cert_buf;
	size_t cert_cap;
	/* receive buffer for the blocking wrapper (cspdm_authenticate) */
	uint8_t *rx_buf;
	size_t rx_cap;
	/* optional: record the raw transcript (M1/M2) here; NULL keeps it hash-only */
	uint8_t *transcript_buf;
	size_t transcript_cap;
	/* optional, 1.2+: storage for large messages; with it we offer CHUNK_CAP. Requests larger
	 * than a DataTransferSize go out in chunks (a copy of the request is kept here), large
	 * responses are reassembled here; one that does not fit is CSPDM_E_MSG_TOO_LARGE */
	uint8_t *chunk_buf;
	size_t chunk_cap;
	/* X.509 policy, passed to the crypto backend */
	const char *expected_san; /* PCIe CMA SAN string, or NULL */
	/* caller storage for measurement blocks (the MeasurementRecords received) */
	uint8_t *meas_buf;
	size_t meas_cap;
	/* called after each verified signature (evidence export); may be NULL */
	void (*on_signature)(void *priv, const struct cspdm_signature_evidence *ev);
	void *on_signature_priv;
	/* mutual authentication: the requester's identity (none when certs is NULL) */
	struct cspdm_req_identity req_id;
};

CSPDM_API void cspdm_config_defaults(struct cspdm_config *cfg);

/* ---- Context and requester flow -------------------------------------------------------------- */

struct cspdm_context;

CSPDM_API size_t cspdm_context_size(void);
/* mem must be cspdm_context_size() bytes, aligned for uint64_t. */
CSPDM_API cspdm_status cspdm_init(struct cspdm_context **ctx, void *mem, size_t mem_len,
				  const struct cspdm_config *cfg);
CSPDM_API void cspdm_deinit(struct cspdm_context *ctx);

enum cspdm_action_kind {
	CSPDM_ACT_SEND,	 /* send req[0..req_len) and feed the reply to cspdm_step */
	CSPDM_ACT_DELAY, /* wait delay_us, then call cspdm_step with no reply */
	CSPDM_ACT_DONE,	 /* finished: see cspdm_result / the returned status */
};

struct cspdm_action {
	enum cspdm_action_kind kind;
	const uint8_t *req;
	size_t req_len;
	enum cspdm_msg_kind msg_kind; /* for SEND: send req as this kind (sessions: secured) */
	uint64_t timeout_us;	      /* for SEND: how long the reply may take */
	uint64_t delay_us;	      /* for DELAY */
};

CSPDM_API cspdm_status cspdm_auth_begin(struct cspdm_context *ctx);
/* Feed the reply to the last SEND (or NULL,0 after DELAY / at the start). */
CSPDM_API cspdm_status cspdm_step(struct cspdm_context *ctx, const uint8_t *rsp, size_t rsp_len,
				  struct cspdm_action *act);
/* Tell the state machine the reply did not arrive in time. */
CSPDM_API cspdm_status cspdm_step_timeout(struct cspdm_context *ctx, struct cspdm_action *act);

/* Blocking wrapper: runs the whole authentication over io. */
CSPDM_API cspdm_status cspdm_authenticate(struct cspdm_context *ctx, const struct cspdm_io *io);
/* Blocking: drive the steps of a flow already begun (auth or measurements) to the end. */
CSPDM_API cspdm_status cspdm_run(struct cspdm_context *ctx, const struct cspdm_io *io);

CSPDM_API const cspdm_error *cspdm_last_error(const struct cspdm_context *ctx);

/* What was learned. Pointers refer to caller storage or the context: copy what you need
 * before cspdm_deinit or before the context memory is reused. */
struct cspdm_result {
	enum cspdm_auth_outcome outcome;
	uint8_t version;
	uint8_t rsp_ct_exponent;
	uint32_t rsp_caps;
	uint32_t rsp_data_transfer_size;
	uint32_t rsp_max_msg_size;
	uint8_t meas_spec;
	uint8_t other_params;
	uint32_t meas_hash;
	uint32_t base_asym;
	uint32_t base_hash;
	uint16_t dhe, aead, req_asym, key_schedule;
	uint8_t slot_mask;
	uint8_t slot;
	const uint8_t *digests[CSPDM_MAX_SLOTS]; /* NULL for unprovisioned slots */
	const uint8_t *cert_chain;		 /* SPDM chain, header included */
	size_t cert_chain_len;
	const uint8_t *transcript; /* recorded transcript, if storage was given */
	size_t transcript_len;
	uint8_t requester_nonce[CSPDM_NONCE_SIZE];
	uint8_t responder_nonce[CSPDM_NONCE_SIZE];
	uint8_t signature[CSPDM_MAX_SIG_SIZE];
	uint32_t signature_len;
	uint8_t meas_summary_hash[CSPDM_MAX_HASH_SIZE];
	uint32_t meas_summary_len;
	uint32_t round_trips;
	/* basic mutual authentication: the encapsulated flow after CHALLENGE_AUTH ended (1), and
	 * the device's CHALLENGE in it was answered (2) */
	uint8_t mutual;
	uint8_t encap_requests; /* encapsulated requests answered in the last flow */
};

CSPDM_API cspdm_status cspdm_get_result(const struct cspdm_context *ctx, struct cspdm_result *res);
/* Certificate index (0: the root) of the chain in res, as DER inside res->cert_chain;
 * CSPDM_E_INVALID_ARG past the last one, or when res holds no chain. */
CSPDM_API cspdm_status cspdm_result_cert(const struct cspdm_result *res, unsigned index,
					 const uint8_t **der, size_t *len);

/* ---- Re-authentication after reset or resume, without a verifier --------------------------- */

/* What identified the device last time (see the CLI's --save-identity). */
struct cspdm_known_device {
	uint8_t slot;
	uint32_t base_asym, base_hash;
	uint8_t chain_digest[CSPDM_MAX_HASH_SIZE]; /* the slot's digest from DIGESTS */
	void *pubkey; /* the leaf's public key (crypto backend handle, owned by the caller) */
};

/*
 * VCA, GET_DIGESTS and CHALLENGE with a fresh nonce, verified against the known public key:
 * the digest must be exactly the saved one, so GET_CERTIFICATE is skipped. A difference fails
 * with CSPDM_E_CHAIN_DIGEST or CSPDM_E_ALGORITHM, field "... (changed)".
 */
CSPDM_API cspdm_status cspdm_reauth_begin(struct cspdm_context *ctx,
					  const struct cspdm_known_device *k);
CSPDM_API cspdm_status cspdm_reauthenticate(struct cspdm_context *ctx, const struct cspdm_io *io,
					    const struct cspdm_known_device *k);

/* ---- Measurements (after a successful authentication, on the same connection) --------------- */

#define CSPDM_MEAS_ONE_BY_ONE 0x100 /* the count, then every index one by one */

struct cspdm_meas_query {
	uint16_t operation; /* 1..0xFE one index, 0xFF all at once, or CSPDM_MEAS_ONE_BY_ONE */
	uint8_t sign;	    /* ask for signatures (one by one: every block is signed) */
	uint8_t raw;	    /* 1.3+ RawBitStreamRequested */
};

CSPDM_API cspdm_status cspdm_meas_begin(struct cspdm_context *ctx,
					const struct cspdm_meas_query *q);
/* Blocking: cspdm_meas_begin and the steps over io. */
CSPDM_API cspdm_status cspdm_measure(struct cspdm_context *ctx, const struct cspdm_io *io,
				     const struct cspdm_meas_query *q);

struct cspdm_meas_result {
	uint8_t total;	       /* the device's number of measurements (one by one) */
	uint8_t blocks;	       /* blocks received */
	const uint8_t *record; /* the blocks, concatenated (caller storage) */
	size_t record_len;
	uint8_t content_changed; /* 1.2+ Param2 bits 5:4 of the last signed response */
	uint32_t signatures;	 /* signatures verified */
	uint32_t round_trips;
};

CSPDM_API cspdm_status cspdm_get_meas_result(const struct cspdm_context *ctx,
					     struct cspdm_meas_result *res);

/* ---- The OpenSSL crypto backend (src/crypto/openssl.c) -------------------------------------- */

/* A backend instance: its ops table goes into cspdm_config.crypto. */
struct cspdm_openssl;

/* Told about each file of a trust directory that was skipped, and why. */
typedef void (*cspdm_trust_warn_fn)(void *priv, const char *path, const char *why);

/*
 * A backend whose trusted roots come from trust_path (NULL: none; an authentication is then at
 * best CSPDM_AUTH_EVIDENCE_READY). trust_path is a file of PEM certificates, a file of DER
 * certificates (one, or several concatenated), or a directory, as distributions' trust stores
 * are: there every file named *.pem, *.crt, *.cer, *.cert or *.der (in any case) is read as PEM
 * or DER, one that holds no certificate is skipped and named to warn (which may be NULL), and
 * other files (OpenSSL's hash links, keys, READMEs) are ignored.
 * Errors, in *err (may be NULL) with field = trust_path: CSPDM_E_IO when it cannot be read
 * (os_error), CSPDM_E_X509_PARSE when it holds no certificate.
 */
CSPDM_API cspdm_status cspdm_openssl_new_ex(struct cspdm_openssl **out, const char *trust_path,
					    cspdm_trust_warn_fn warn, void *warn_priv,
					    cspdm_error *err);
/* cspdm_openssl_new_ex with no warnings and no error detail. */
CSPDM_API cspdm_status cspdm_openssl_new(struct cspdm_openssl **out, const char *trust_path);
CSPDM_API void cspdm_openssl_free(struct cspdm_openssl *o);
CSPDM_API const struct cspdm_crypto_ops *cspdm_openssl_ops(struct cspdm_openssl *o);
/* "OpenSSL 3.0.x ..." as the libcrypto in use reports it. */
CSPDM_API const char *cspdm_openssl_version(void);
/* The BaseAsymAlgo and BaseHashAlgo bits (CSPDM_ASYM_*, CSPDM_HASH_*) this backend supports. */
CSPDM_API void cspdm_openssl_algorithms(uint32_t *base_asym, uint32_t *base_hash);

/*
 * Describe the first DER certificate in der: its subject (RFC 2253) and its subjectAltName
 * ("otherName:2.23.147;Vendor=...", "DNS:host", entries joined by ", "; empty if none).
 * Device-controlled bytes are escaped to printable ASCII; output is truncated to fit.
 * Returns 0 on success, -1 if der does not start with a certificate.
 */
CSPDM_API int cspdm_openssl_cert_summary(const uint8_t *der, size_t len, char *subject,
					 size_t subject_cap, char *san, size_t san_cap);

/*
 * ---- Many devices: certificate work done once (the OpenSSL backend) ----
 *
 * A certificate cache is the caller's object, attached to one backend or several
 * (cspdm_openssl_set_cache); the library keeps no certificate state of its own. It holds
 * parsed certificates by the SHA-256 of their DER encoding, and for each one the SHA-256 of
 * the issuers whose signature on it has been verified. When many devices present the same
 * root and intermediate, each CA certificate is then parsed once, and its signature by the
 * same issuer is checked once: a CA certificate whose digest and issuer's digest are already
 * known verified is not verified again. Everything else is still checked for every chain:
 * path building and trust, validity times, the CA and key-usage rules, the leaf's own
 * signature (never taken from the cache), and every CHALLENGE_AUTH and MEASUREMENTS
 * signature. A certificate of another content (a different key, or one byte changed) has
 * another digest, so the cache cannot change a result, only spare work.
 *
 * One cache may serve backends used from many threads at once (a mutex guards it); a backend
 * object itself may be used from several threads at once, its algorithms and roots being read
 * only after cspdm_openssl_new. At most max_entries certificates are kept, the least recently
 * used leaving first (0: 1024).
 */
struct cspdm_x509_cache;

CSPDM_API cspdm_status cspdm_x509_cache_new(struct cspdm_x509_cache **out, size_t max_entries);
/* NULL is fine. Not while a backend it is attached to is in use. */
CSPDM_API void cspdm_x509_cache_free(struct cspdm_x509_cache *c);
/* Attach the cache to the backend (NULL detaches it); it must outlive the backend's use. */
CSPDM_API void cspdm_openssl_set_cache(struct cspdm_openssl *o, struct cspdm_x509_cache *c);

struct cspdm_x509_cache_stats {
	uint64_t parsed;       /* certificates parsed, not found in the cache */
	uint64_t parse_hits;   /* certificates found in the cache, already parsed */
	uint64_t sig_verified; /* CA certificate signatures verified */
	uint64_t sig_hits;     /* CA certificate signatures known verified, not checked again */
	size_t entries;	       /* certificates held now */
};

CSPDM_API void cspdm_x509_cache_get_stats(struct cspdm_x509_cache *c,
					  struct cspdm_x509_cache_stats *s);
/*
 * cspdm_openssl_cert_summary of the certificate that starts der, from the cache's parsed copy
 * when it holds one (after the chain was validated with the cache attached, it does: the
 * certificate is not parsed again); otherwise parsed and kept. c NULL: no cache.
 */
CSPDM_API int cspdm_x509_cache_cert_summary(struct cspdm_x509_cache *c, const uint8_t *der,
					    size_t len, char *subject, size_t subject_cap,
					    char *san, size_t san_cap);

#ifdef __cplusplus
}
#endif
#endif
