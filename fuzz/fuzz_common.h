/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the libFuzzer harnesses and the seed tool (seed_from_pcap.c):
 *  - the parameter headers at the start of each fuzz input (their layout is fixed: the seed
 *    corpus in fuzz/corpus/ is written in it),
 *  - a cursor over the fuzz input and the length-prefixed message lists of the stateful
 *    harnesses,
 *  - a stub crypto ops table: cheap deterministic hashes, fixed random bytes, signatures and
 *    certificates that always verify, stand-ins for the session ops (DHE, HMAC/HKDF, AEAD:
 *    keyed FNV mixing and copies, not cryptography), and bookkeeping of every hash, key and
 *    AEAD handle so a harness can assert that none leaks, is used after release or is
 *    released twice.
 * No allocation: everything is static (the core allocates nothing either).
 */
#ifndef CSPDM_FUZZ_COMMON_H
#define CSPDM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"
#include "cspdm/responder.h"
#include "codec/spdm.h"
#include "crypto/crypto.h"

/* A property that must hold failed: abort, libFuzzer saves the input. */
#define FZ_ASSERT(cond)                                                                            \
	do {                                                                                       \
		if (!(cond))                                                                       \
			fz_fail(__FILE__, __LINE__, #cond);                                        \
	} while (0)
__attribute__((noreturn)) void fz_fail(const char *file, int line, const char *what);

/* The status is one of the enum's values. */
#define FZ_STATUS_OK(st) ((unsigned)(st) < (unsigned)CSPDM_STATUS_COUNT)

/* ---- the fuzz input -------------------------------------------------------------------------- */

struct fz_in {
	const uint8_t *d;
	size_t n;
	size_t off;
};

void fz_in_init(struct fz_in *in, const uint8_t *d, size_t n);
/* Next byte, or 0 past the end. */
uint8_t fz_u8(struct fz_in *in);
uint16_t fz_u16(struct fz_in *in);
uint32_t fz_u32(struct fz_in *in);
/* The rest of the input. */
const uint8_t *fz_rest(struct fz_in *in, size_t *len);
/*
 * Next message of a list: a u16 LE length, then that many bytes (fewer if the input ends).
 * Returns 0 when the input is exhausted. *len == FZ_MSG_SPECIAL marks a special entry (no
 * bytes follow): the stateful harnesses give it a meaning (responder: reset the connection).
 */
#define FZ_MSG_SPECIAL 0xFFFFu
int fz_next_msg(struct fz_in *in, const uint8_t **msg, size_t *len);
/* Write a seed file dir/harness/<FNV-1a of d> (the seed tools); 0 when it exists already.
 * Exits on a write error. */
int fz_write_seed(const char *dir, const char *harness, const uint8_t *d, size_t n);
/* Append a list entry to buf (seed tool): returns the new length, or 0 if it does not fit. */
size_t fz_put_msg(uint8_t *buf, size_t cap, size_t at, const uint8_t *msg, size_t len);

/* [p, p + n) lies inside [base, base + len). */
int fz_within(const uint8_t *base, size_t len, const uint8_t *p, size_t n);

/* ---- codec parameters: the 16-byte header of the codec harnesses ----------------------------- */
/*
 *  0      selector (which decoder: modulo the harness's count)
 *  1      SPDMVersion: 0x10 + b % 5
 *  2      bits 1:0 hash size (32, 48, 64, 32); bit 2: a measurement summary hash is present
 *  3      signature size: b % 7 of 64, 96, 132, 114, 256, 384, 512
 *  4      flags FZ_F_*
 *  5      asked SlotID (GET_CERTIFICATE / GET_MEASUREMENTS)
 *  6      asked measurement operation
 *  7      sessions: bits 2:0 DHE ExchangeData size (64, 96, 132, 256, 384, 512, 64, 96);
 *         bit 3 handshake in the clear; bits 6:4 requester signature size (as byte 3, b % 7);
 *         bit 7 opaque data in the 1.2+ general format (OPAQUE_FMT_1)
 *  8..11  asked certificate Length (u32 LE; the low 16 bits unless LargeCertChain)
 *  12..15 the responder's CAPABILITIES flags (u32 LE, for the ALGORITHMS checks)
 */
#define FZ_CODEC_HDR   16
#define FZ_F_PAD       0x01 /* max_pad 3 (PCI DOE) */
#define FZ_F_MULTI_KEY 0x02 /* MultiKeyConn (1.3+) */
#define FZ_F_SIGNED    0x04 /* asked GET_MEASUREMENTS with a signature */
#define FZ_F_LARGE     0x08 /* asked GET_CERTIFICATE with LargeCertChain (1.4) */
#define FZ_F_RAW       0x10 /* asked GET_MEASUREMENTS RawBitStreamRequested (1.3+) */
#define FZ_S_IN_CLEAR  0x08 /* byte 7: HANDSHAKE_IN_THE_CLEAR on both sides */
#define FZ_S_GENERAL   0x80 /* byte 7: the general opaque data format */

struct fz_codec {
	uint8_t sel;
	uint8_t opaque_general; /* byte 7 bit 7 */
	struct spdm_neg neg;
	struct spdm_get_cert cert;
	struct spdm_get_meas meas;
	uint32_t rsp_caps;
};

/* Parse the header (missing bytes read as 0). */
void fz_codec_parse(struct fz_in *in, struct fz_codec *p);
/* A codec harness's input: the header, then the message for table[selector % count]. */
typedef void (*fz_codec_fn)(const struct fz_codec *p, const uint8_t *msg, size_t len);
void fz_codec_run(const uint8_t *data, size_t size, const fz_codec_fn *table, size_t count);
uint8_t fz_hash_index(uint32_t hash_size);
uint8_t fz_sig_index(uint32_t sig_size);
uint8_t fz_dhe_index(uint32_t dhe_size);
/* What NEGOTIATE_ALGORITHMS offers for a version (as the requester's fill_offer). */
void fz_offer(uint8_t version, struct spdm_neg_algs_req *a);

/* ---- stub crypto ----------------------------------------------------------------------------- */

enum fz_hash_mode {
	FZ_HASH_ZERO = 0, /* every digest, HMAC and AEAD tag is all zeros: checks pass for free */
	FZ_HASH_FNV = 1,  /* FNV-1a over the data, expanded to the digest size */
};

/* Start a run: forget all handles, choose the hash mode and what x509_validate reports. */
void fz_crypto_reset(enum fz_hash_mode mode, int trusted);
const struct cspdm_crypto_ops *fz_crypto_ops(void);
/* From now on until the next reset, each random call gives other bytes (two parties of one
 * run choose different nonces; deterministic still). */
void fz_crypto_vary_random(void);
/* Assert that no hash context, key (public or DHE) or AEAD handle handed out is still live. */
void fz_crypto_check_released(void);
/* A caller-owned public key (re-authentication) and responder private keys. */
void *fz_caller_pubkey(void);
void *fz_private_key(unsigned slot);

/* ---- the requester harness: header and configuration ----------------------------------------- */
/*
 *  0      flags FZ_R_*
 *  1      max_version: 0x10 + b % 5;  2  min_version: 0x10 + b % 5 (capped at max_version)
 *  3      bits 2:0 slot; bits 4:3 CHALLENGE MeasurementSummaryHashType (0, 1, 0xFF, 0)
 *  4      measurement operation: < 0x80 one by one; 0x80 all; else the index b - 0x80
 *  5..12  RequesterContext
 *  13     BaseAsymAlgo offered: 0 all, else 1 << (b % 12)
 *  14     BaseHashAlgo offered: b & 0x3F (0: all)
 *  15     our DataTransferSize: 0 the default, else 42 + 16 * b
 * then the responses, each a u16 LE length and the bytes (FZ_MSG_SPECIAL: a timeout).
 */
#define FZ_REQ_HDR   16
#define FZ_R_FNV     0x01 /* FNV digests instead of all-zero ones */
#define FZ_R_RECORD  0x02 /* record the transcript into caller storage */
#define FZ_R_SIGN    0x04 /* signed measurements */
#define FZ_R_RAW     0x08 /* raw bit streams (1.3+) */
#define FZ_R_PAD     0x10 /* max_pad 3 */
#define FZ_R_TRUSTED 0x20 /* x509_validate reports a trusted root */
#define FZ_R_SMALL   0x40 /* 1 KiB storage for chain, measurements and transcript */
#define FZ_R_REAUTH  0x80 /* re-authenticate with a known key instead */

/* Storage of the requester runs (static, one run at a time). */
#define FZ_STORE_CAP   65536
#define FZ_STORE_SMALL 1024

struct fz_requester {
	uint8_t flags;
	struct cspdm_config cfg;
	struct cspdm_meas_query q;
	struct cspdm_known_device known;
};

/*
 * Parse the requester header into a configuration with the stub crypto (the caller resets it
 * with fz_crypto_reset(flags & FZ_R_FNV, flags & FZ_R_TRUSTED)) and static storage.
 */
void fz_requester_parse(struct fz_in *in, struct fz_requester *r);

/* ---- the responder harness: header ----------------------------------------------------------- */
/*
 *  0      flags FZ_S_*
 *  1      min_version: 0x10 + b % 5;  2  max_version: 0x10 + b % 5 (swapped if below min)
 *  3      BaseAsymAlgo: 1 << (b % 12)
 *  4      BaseHashAlgo: b & 0x3F (0: SHA-384)
 *  5..8   CAPABILITIES flags (u32 LE)
 *  9..12  not_ready_mask (u32 LE)
 *  13     provisioned slots (0: slot 0)
 *  14..15 DataTransferSize (u16 LE; < 42: 4096); MaxSPDMmsgSize is 4096 or more
 * then the requests, each a u16 LE length and the bytes (FZ_MSG_SPECIAL: a new connection).
 */
#define FZ_RSP_HDR     16
#define FZ_S_PAD       0x01 /* max_pad 3 */
#define FZ_S_BIG_MEAS  0x02 /* large raw measurements (the record nearly fills its buffer) */
#define FZ_S_BIG_CHAIN 0x04 /* slot certificates of several KiB (several portions) */
#define FZ_S_RDT_MASK  0xF8 /* RDTExponent = b >> 3 */

/* ---- fuzz_mutual (and its seeds, seed_mutual.c) ------------------------------------------- */

/* A requester identity on c: a stand-in chain, stub key 0, 1 << (asym % 12), slot & 7;
 * slot bit 7: the smallest DELIVER buffer allowed. */
void fz_mutual_identity(struct cspdm_config *c, uint8_t asym, uint8_t slot);
/* Our responder asking for mut (CSPDM_MUT_*) of the requester's slot, up to version ver,
 * BaseAsymAlgo asym, two slots, two sessions in sess_mem (2 x 4096 bytes, NONE binding);
 * known: the requester's chain (fz_mutual_identity's) given in advance. */
void fz_mutual_responder(struct cspdm_responder_config *c, uint8_t ver, uint32_t asym, uint8_t mut,
			 uint8_t slot, int known, void *sess_mem);

/* Checks shared by the codec harnesses. */
void fz_check_status(cspdm_status st, const cspdm_error *err);
/* A decoded message of dec_len bytes followed by at most max_pad zero bytes. */
void fz_check_len(const struct spdm_neg *n, size_t dec_len, size_t len);
/* The encoder's output enc reproduces the first n bytes of msg. */
void fz_check_same(const uint8_t *enc, cspdm_status st, size_t enc_len, const uint8_t *msg,
		   size_t n);
/*
 * A header-only session message of this code (HEARTBEAT(_ACK), KEY_UPDATE(_ACK), END_SESSION,
 * END_SESSION_ACK) that decodes has its defined parameters and re-encodes to the same 4 bytes.
 */
void fz_check_session_header(const struct spdm_neg *n, uint8_t code, const uint8_t *msg,
			     size_t len);
/*
 * Secured-message opaque data (spdm_dec_opaque_sm) that decodes is well formed, and a lone
 * secured-message element (it has one encoding) re-encodes to the same bytes.
 */
void fz_check_opaque(uint8_t general, const uint8_t *opaque, size_t len);
/*
 * The same for the LargeCertChain form (1.4): its 16-bit offset/length fields are ignored by
 * the decoder (as in libspdm; the encoder writes zeros), so they are not compared.
 */
void fz_check_same_large(const uint8_t *enc, cspdm_status st, size_t enc_len, const uint8_t *msg,
			 size_t n);

#endif
