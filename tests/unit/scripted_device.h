/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scripted device: a test-only, in-process SPDM responder model built on the codec encoders
 * and the OpenSSL backend. At creation it generates a root CA and an ECDSA leaf at runtime and
 * answers GET_VERSION, GET_CAPABILITIES, NEGOTIATE_ALGORITHMS, GET_DIGESTS, GET_CERTIFICATE,
 * CHALLENGE and RESPOND_IF_READY, keeping its own transcript (VCA || B || C) to sign
 * CHALLENGE_AUTH. A fault table replaces or damages chosen responses.
 *
 * Test files use it with #include "scripted_device.c" (tests/CMakeLists.txt builds each test
 * from one source file); the file name keeps it out of the test_*.c glob.
 */
#ifndef CSPDM_TEST_SCRIPTED_DEVICE_H
#define CSPDM_TEST_SCRIPTED_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"
#include "crypto/crypto.h"

#define SD_MAX_FAULTS	  8
#define SD_MAX_VERSIONS	  8
#define SD_MSG_MAX	  8192
#define SD_REQ_MAX	  256
#define SD_CHAIN_MAX	  4096
#define SD_DER_MAX	  1024
#define SD_TRANSCRIPT_MAX 16384
#define SD_LOG_MAX	  256

struct sd;

enum sd_fault_kind {
	SD_FAULT_ERROR = 1,    /* answer ERROR(err_code, err_data) instead */
	SD_FAULT_MUTATE,       /* out[at] ^= xor_mask (at counted from the end if from_end) */
	SD_FAULT_TRUNCATE,     /* keep the first len bytes */
	SD_FAULT_APPEND,       /* append len garbage bytes (0xA5) */
	SD_FAULT_CERT_LENGTHS, /* CERTIFICATE: rewrite PortionLength/RemainderLength */
	SD_FAULT_SLOT,	       /* CERTIFICATE/CHALLENGE_AUTH: name another slot in Param1 */
	SD_FAULT_REPLACE,      /* answer bytes[0..len) instead */
	SD_FAULT_ECHO_NONCE,   /* CHALLENGE_AUTH: copy the requester's nonce into Nonce */
	SD_FAULT_HOOK,	       /* call hook on the honest response */
};

#define SD_SET_PORTION	 1u
#define SD_SET_REMAINDER 2u

typedef size_t (*sd_hook_fn)(struct sd *d, uint8_t *out, size_t len, size_t cap, void *arg);

struct sd_fault {
	uint8_t req_code; /* the request whose response is affected */
	uint16_t nth;	  /* 1: the first response to req_code, ...; 0: every response */
	uint16_t period;  /* with nth: also every period-th response after it */
	enum sd_fault_kind kind;
	/* ERROR; with ResponseNotReady (0x42) also the extended data */
	uint8_t err_code, err_data;
	uint8_t rdt_exponent, token;
	uint8_t nr_req_code; /* RequestCode in ResponseNotReady; 0: req_code */
	/* MUTATE */
	size_t at;
	uint8_t xor_mask;
	uint8_t from_end;
	/* TRUNCATE, APPEND, REPLACE */
	size_t len;
	const uint8_t *bytes;
	/* CERT_LENGTHS */
	unsigned set;		 /* SD_SET_PORTION | SD_SET_REMAINDER */
	uint16_t portion_len;	 /* with SD_SET_PORTION */
	uint16_t remainder_len;	 /* with SD_SET_REMAINDER */
	int32_t remainder_delta; /* added to the remainder (after any SET) */
	/* SLOT */
	uint8_t slot;
	/* HOOK */
	sd_hook_fn hook;
	void *arg;
};

struct sd_config {
	uint32_t asym;			    /* CSPDM_ASYM_ECDSA_P256 or CSPDM_ASYM_ECDSA_P384 */
	uint32_t hash;			    /* preferred CSPDM_HASH_SHA_256 / _384, if offered */
	uint8_t n_versions;		    /* VERSION entries */
	uint16_t versions[SD_MAX_VERSIONS]; /* VersionNumberEntry values, e.g. 0x1200 */
	uint32_t max_portion;		    /* largest CERTIFICATE portion; 0: as requested */
	uint8_t ct_exponent;
	uint32_t data_transfer_size; /* 1.2+ DataTransferSize and MaxSPDMmsgSize */
	const char *root_cn;	     /* root subject CN; NULL: "cspdm scripted root" */
};

struct sd {
	struct sd_config cfg;
	struct cspdm_openssl *ossl;
	const struct cspdm_crypto_ops *ops;
	void *root_key, *leaf_key; /* EVP_PKEY * */
	uint8_t root_der[SD_DER_MAX], leaf_der[SD_DER_MAX];
	size_t root_len, leaf_len;

	/* negotiated */
	uint8_t version;
	uint32_t asym, hash, hash_size, sig_size;
	uint8_t chain[SD_CHAIN_MAX];
	size_t chain_len;
	uint8_t digest[CSPDM_MAX_HASH_SIZE];

	/* transcript: VCA, then B and C until CHALLENGE_AUTH */
	uint8_t tr[SD_TRANSCRIPT_MAX];
	size_t tr_len, vca_len;

	/* ResponseNotReady: the response held back for RESPOND_IF_READY */
	uint8_t pending[SD_MSG_MAX];
	uint8_t pending_req[SD_REQ_MAX]; /* its request (for SD_FAULT_ECHO_NONCE) */
	size_t pending_len;
	uint8_t pending_code;

	struct sd_fault faults[SD_MAX_FAULTS];
	unsigned n_faults;
	uint16_t count[256]; /* responses given per request code */

	/* what happened */
	uint8_t log[SD_LOG_MAX]; /* request codes received, in order */
	unsigned n_log;
	uint8_t last_rsp[SD_MSG_MAX];
	size_t last_rsp_len;
	uint8_t challenges; /* CHALLENGE_AUTHs signed */
};

/* Defaults: P-256, SHA-384 preferred, versions 1.0..1.3, no portion limit, DTS 4096. */
void sd_config_defaults(struct sd_config *cfg);
/* cfg NULL: defaults. Returns NULL on failure. */
struct sd *sd_new(const struct sd_config *cfg);
void sd_free(struct sd *d);
/* Forget faults, counts, the log and any held response (keys and cfg stay). */
void sd_clear(struct sd *d);
int sd_add_fault(struct sd *d, const struct sd_fault *f);
/* The device's answer to req (len bytes) in out; returns its length (0: no answer). */
size_t sd_respond(struct sd *d, const uint8_t *req, size_t len, uint8_t *out, size_t cap);
/* Write the root certificate as PEM; 0 on success. */
int sd_write_root_pem(const struct sd *d, const char *path);
/* How many requests with this code the device has received. */
unsigned sd_requests(const struct sd *d, uint8_t code);

#endif
