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
#include "cspdm/transport.h"
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
/*
 * The same for the session phases, where a message is an SPDM message or a secured one: bit 15
 * of the length says "the other kind" (*other = 1), the low 15 bits are the length.
 */
#define FZ_MSG_OTHER 0x8000u
int fz_next_msg_kind(struct fz_in *in, const uint8_t **msg, size_t *len, int *other);
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
/* A binding from two bits: MCTP, PCI DOE, NONE, MCTP. */
enum cspdm_transport fz_binding(uint8_t b);
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
/* The same with other random bytes and uncounted key pairs: the other side of a conversation
 * between two stubs (nonces that differ; the first side's public values as if alone). */
const struct cspdm_crypto_ops *fz_crypto_ops_alt(void);
/* Assert that no hash context, key (public or DHE) or AEAD handle handed out is still live. */
void fz_crypto_check_released(void);
/* A caller-owned public key (re-authentication) and responder private keys. */
void *fz_caller_pubkey(void);
void *fz_private_key(unsigned slot);

/* ---- the requester harness: header and configuration ----------------------------------------- */
/*
 *  0      flags FZ_R_*
 *  1      max_version: 0x10 + b % 5;  2  min_version: 0x10 + b % 5 (capped at max_version)
 *  3      bits 2:0 slot; bits 4:3 CHALLENGE MeasurementSummaryHashType (0, 1, 0xFF, 0);
 *         bit 5: after authentication a session (open, HEARTBEAT, KEY_UPDATE both ways, the
 *         measurements and the chain inside it, END_SESSION) instead of the measurements;
 *         bits 7:6 its binding (MCTP, PCI DOE, NONE, MCTP)
 *  4      measurement operation: < 0x80 one by one; 0x80 all; else the index b - 0x80
 *  5..12  RequesterContext
 *  13     BaseAsymAlgo offered: 0 all, else 1 << (b % 12)
 *  14     BaseHashAlgo offered: b & 0x3F (0: all)
 *  15     our DataTransferSize: 0 the default, else 42 + 16 * b
 * then the responses, each a u16 LE length and the bytes (FZ_MSG_SPECIAL: a timeout; in the
 * session, FZ_MSG_OTHER: delivered as the other kind of message than the one due).
 */
#define FZ_REQ_HDR    16
#define FZ_R3_SESSION 0x20 /* byte 3: a session after authentication */
#define FZ_R_FNV      0x01 /* FNV digests instead of all-zero ones */
#define FZ_R_RECORD   0x02 /* record the transcript into caller storage */
#define FZ_R_SIGN     0x04 /* signed measurements */
#define FZ_R_RAW      0x08 /* raw bit streams (1.3+) */
#define FZ_R_PAD      0x10 /* max_pad 3 */
#define FZ_R_TRUSTED  0x20 /* x509_validate reports a trusted root */
#define FZ_R_SMALL    0x40 /* 1 KiB storage for chain, measurements and transcript */
#define FZ_R_REAUTH   0x80 /* re-authenticate with a known key instead */

/* Storage of the requester runs (static, one run at a time). */
#define FZ_STORE_CAP   65536
#define FZ_STORE_SMALL 1024

struct fz_requester {
	uint8_t flags;
	uint8_t session;		      /* byte 3 bit 5 */
	struct cspdm_secured_binding binding; /* byte 3 bits 7:6 */
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
 *  0      flags FZ_S_* (bit 7: PCI DOE records, else MCTP)
 *  1      min_version: 0x10 + b % 5;  2  max_version: 0x10 + b % 5 (swapped if below min)
 *  3      BaseAsymAlgo: 1 << (b % 12)
 *  4      BaseHashAlgo: b & 0x3F (0: SHA-384); bit 6: all-zero digests, MACs and tags (else
 *         FNV); bit 7: an honest session first (our requester opens it; the capabilities get
 *         KEY_EX, MAC, HBEAT and KEY_UPD, the fuzzed ENCRYPT and HANDSHAKE_IN_THE_CLEAR stay)
 *  5..8   CAPABILITIES flags (u32 LE)
 *  9..12  not_ready_mask (u32 LE)
 *  13     provisioned slots (0: slot 0)
 *  14..15 DataTransferSize (u16 LE; < 42: 4096); MaxSPDMmsgSize is 4096 or more
 * then the requests, each a u16 LE length and the bytes (FZ_MSG_SPECIAL: a new connection;
 * FZ_MSG_OTHER: a secured message, for cspdm_responder_process_secured).
 */
#define FZ_RSP_HDR     16
#define FZ_S_PAD       0x01 /* max_pad 3 */
#define FZ_S_BIG_MEAS  0x02 /* large raw measurements (the record nearly fills its buffer) */
#define FZ_S_BIG_CHAIN 0x04 /* slot certificates of several KiB (several portions) */
#define FZ_S_RDT_MASK  0x78 /* RDTExponent = (b & mask) >> 3 */
#define FZ_S_DOE       0x80 /* PCI DOE records (else MCTP) */
#define FZ_S4_ZERO     0x40 /* byte 4 */
#define FZ_S4_SESSION  0x80 /* byte 4 */

/* ---- an honest requester on an in-process connection (fuzz_responder, the seed tool) ------- */

#define FZ_LINK_CAP 16384
/* Sees every message on the link (the seed tool records them). */
typedef void (*fz_tap)(void *priv, int response, enum cspdm_msg_kind kind, const uint8_t *msg,
		       size_t len);

struct fz_link {
	struct cspdm_responder *rsp;
	struct cspdm_io io;
	uint8_t req[FZ_LINK_CAP], reply[FZ_LINK_CAP];
	size_t reply_len;
	enum cspdm_msg_kind reply_kind;
	fz_tap tap;
	void *tap_priv;
};

/* The link to rsp over binding b: SPDM messages to cspdm_responder_process, secured ones to
 * cspdm_responder_process_secured. */
void fz_link_init(struct fz_link *l, struct cspdm_responder *rsp,
		  const struct cspdm_secured_binding *b);

struct cspdm_session;
/* Our requester (ops, NULL: the stub crypto; static storage, every version and algorithm
 * offered) and a session object on it: *ctx and *s. */
void fz_honest_start(struct cspdm_context **ctx, struct cspdm_session **s,
		     const struct cspdm_secured_binding *b, const struct cspdm_crypto_ops *ops);
/* Both, on a link to rsp, and the session opened over it (VCA and the chain first). */
cspdm_status fz_honest_open(struct fz_link *l, struct cspdm_responder *rsp,
			    const struct cspdm_secured_binding *b, struct cspdm_context **ctx,
			    struct cspdm_session **s);
void fz_honest_stop(struct cspdm_context *ctx, struct cspdm_session *s);

/* Seed tools: write d as DIR/harness/<FNV-1a of d>; 1 if written, 0 if it was there. */
int fz_write_seed(const char *dir, const char *harness, const uint8_t *d, size_t n);

/* Parse the responder header into a configuration with the stub crypto, tiny chains, the
 * default or a large measurement set and two sessions in static memory, over PCI DOE the
 * device model in static memory too; *flags: byte 0, *sess: byte 4. */
#define FZ_RSP_SESSIONS 2
void fz_responder_parse(struct fz_in *in, struct cspdm_responder_config *c, uint8_t *flags,
			uint8_t *sess);
struct cspdm_session;
const struct cspdm_session *fz_responder_session(unsigned i);
/* After the responder's deinit: nothing but the device model's magic is left in its memory
 * (no IDE key, TDI nonce or CXL TSP PSK). */
int fz_app_mem_clear(void);

/* ---- fuzz_mutual (and its seeds, seed_mutual.c) ------------------------------------------- */

/* A requester identity on c: a stand-in chain, stub key 0, 1 << (asym % 12), slot & 7;
 * slot bit 7: the smallest DELIVER buffer allowed. */
void fz_mutual_identity(struct cspdm_config *c, uint8_t asym, uint8_t slot);
/* Our responder (fz_crypto_ops_alt: the other side) asking for mut (CSPDM_MUT_*) of the
 * requester's slot, up to version ver,
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
