/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hostile-device catalogue (DESIGN.md, tests/hostile/). Our responder (cspdm/responder.h)
 * runs behind a test-only hook that replaces, mutates, delays or drops any response; each
 * scenario of the table is a name, a fault and the status the requester must report. After
 * every scenario the same requester context authenticates an honest device. Faults on the
 * connection itself (dripped bytes, a drop mid-message, a 16 MiB socket header) go over a real
 * loopback socket to a crafted server thread. A second table sends hostile requests to our
 * responder, which must answer the right ERROR and keep serving.
 *
 * Files: test_hostile.c (main, the runner), hx_harness.c (the in-process device and its
 * faults), hx_hooks.c (faults that need code: re-signing, replays, certificate lengths),
 * hx_chains.c (X.509 chains built with OpenSSL), hx_wire.c (the socket server), hx_count.c
 * (the requester's crypto handles, counted),
 * hx_cases.c (the requester-side catalogue), hx_rsp_cases.c (the responder-side one),
 * hx_sess.c (secure sessions: faults in records and behind a valid MAC, the checks after a
 * session fails, hostile requests inside sessions), hx_sess_cases.c (both session tables),
 * hx_chunk_cases.c (large messages in chunks, both sides), hx_app.c and hx_app_cases.c (the
 * PCI-SIG application protocols in a session, both sides; hx_app.h).
 */
#ifndef CSPDM_HOSTILE_H
#define CSPDM_HOSTILE_H

#include <stddef.h>
#include <stdint.h>

#include "cspdm/cspdm.h"
#include "cspdm/responder.h"
#include "codec/spdm.h"
#include "crypto/identity.h"

#define HX_MSG_MAX   (64u * 1024u)
#define HX_TR_MAX    (32u * 1024u)
#define HX_MAX_SENDS 2000u	   /* a flow that needs more has not terminated */
#define HX_CHUNK_CAP (16u * 1024u) /* the chunk storage of each side (HX_CHUNK_ON) */
#define HX_SAVED_MAX 16
#define HX_CMA_SAN   "Vendor=8086:Device=0b60:CC=010802:REV=01"
#define HX_DEFAULT_V CSPDM_V12
#define HX_SESSIONS  2	  /* sessions the device serves at once */
#define HX_SREC	     0x01 /* hx_fault.req: the nth secured record, whatever it answers */

enum hx_cat {
	HX_EVERY,    /* each response truncated, over-long, wrong code/version, reserved, garbage */
	HX_VCA,	     /* VERSION and CAPABILITIES */
	HX_ALGS,     /* ALGORITHMS selections and lengths */
	HX_DIGESTS,  /* DIGESTS slot masks */
	HX_CERT,     /* CERTIFICATE portions and the chain format */
	HX_X509,     /* certificate chains built by the test */
	HX_CHAL,     /* CHALLENGE_AUTH */
	HX_MEAS,     /* MEASUREMENTS */
	HX_ERRORS,   /* ERROR storms, drops and delays */
	HX_CONN,     /* the socket itself */
	HX_CHUNK,    /* large messages in chunks (1.2+), requester and responder side */
	HX_RSP,	     /* hostile requests to our responder */
	HX_SESS,     /* a device that misbehaves inside the session protocol */
	HX_RSP_SESS, /* hostile session requests and records to our responder */
	HX_APP,	     /* IDE_KM, TDISP, CXL IDE_KM and TSP devices that misbehave (hx_app.h) */
	HX_RSP_APP,  /* hostile IDE_KM, TDISP and CXL requests to our device model */
	HX_CAT_COUNT
};

enum hx_kind {
	F_NONE = 0,
	F_TRUNC,     /* drop the last n bytes */
	F_KEEP,	     /* keep the first n bytes */
	F_APPEND,    /* append n bytes of val */
	F_SET,	     /* write val (width bytes, little endian) at the offset */
	F_ADD,	     /* add (int32_t)val to the width-byte field at the offset */
	F_XOR,	     /* the byte at the offset ^= val */
	F_FILL,	     /* n bytes at the offset = val */
	F_INSERT,    /* insert n bytes of val at the offset */
	F_CUT,	     /* remove n bytes at the offset */
	F_REPLACE,   /* answer hex instead */
	F_DROP,	     /* no answer: the wait times out */
	F_DELAY,     /* the answer takes val microseconds */
	F_ERROR,     /* ERROR(p1, p2) instead */
	F_NOT_READY, /* ResponseNotReady n times (0: forever), then the answer */
	F_HOOK,	     /* hook(msg) */
	F_KIND,	     /* deliver as the other kind (a secured reply opened: its plaintext) */
	F_IO,	     /* the receive fails: the link is gone */
	/* the socket server misbehaves (HX_CONN) */
	W_DRIP,	       /* the frame one byte at a time, val microseconds apart */
	W_SPLIT,       /* header, val microseconds, then the payload */
	W_CUT_PAYLOAD, /* header and half the payload, then close */
	W_CUT_HEADER,  /* half a header, then close */
	W_CLOSE,       /* close instead of answering */
	W_SILENT,      /* never answer */
	W_SIZE,	       /* a header claiming val payload bytes */
	W_COMMAND,     /* a header with command val */
	W_TRANSPORT,   /* a header with transport type val */
};

struct hx;
struct hx_fault;
/* A fault that needs code: rewrite msg (len bytes, room for HX_MSG_MAX); returns the length. */
typedef size_t (*hx_hook)(struct hx *h, uint8_t *msg, size_t len, const struct hx_fault *f);

struct hx_fault {
	enum hx_kind kind;
	uint8_t req;	 /* request code whose response is hit (0: any) */
	uint8_t nth;	 /* the nth such response, from 1; 0: every one */
	int16_t at;	 /* offset; negative: from the end */
	uint8_t nh;	 /* ... plus nh times the negotiated hash size */
	uint8_t width;	 /* F_SET, F_ADD: 1 .. 4 bytes */
	uint32_t val;	 /* value, XOR mask, fill byte, microseconds, hook variant */
	uint32_t n;	 /* byte count; F_NOT_READY: how often (0: forever) */
	uint8_t p1, p2;	 /* F_ERROR: code, data; F_NOT_READY: RequestCode (0: the real one), RDT */
	const char *hex; /* F_REPLACE */
	hx_hook hook;
	uint8_t layer; /* secured replies: HX_L_* (what the fault sees) */
};

/* What a fault on a secured message sees: the SPDM message inside (opened and sealed again
 * with the session's keys, so the MAC is valid), the record bytes, or the record's whole
 * plaintext (ApplicationDataLength, the binding's prefix, the message, no padding). */
enum hx_layer { HX_L_MSG = 0, HX_L_RECORD, HX_L_BODY };

/* Setup flags: how the requester and the device are set up for one scenario. */
#define HX_SLOT1       (1u << 0)  /* the requester authenticates slot 1 */
#define HX_SAN	       (1u << 1)  /* the requester expects HX_CMA_SAN */
#define HX_SMALL_DTS   (1u << 2)  /* requester DataTransferSize 256: certificate in portions */
#define HX_SUMMARY     (1u << 3)  /* CHALLENGE asks for the summary of all measurements */
#define HX_MIN_12      (1u << 4)  /* the requester accepts 1.2 and later only */
#define HX_PAD3	       (1u << 5)  /* the transport may pad 3 zero bytes (PCI DOE) */
#define HX_P256_ONLY   (1u << 6)  /* the requester offers ECDSA P-256 only */
#define HX_FAST	       (1u << 7)  /* transport round trip allowance 100 ms */
#define HX_MEAS_EACH   (1u << 8)  /* then measure one by one, signed */
#define HX_MEAS_ALL    (1u << 9)  /* then measure all at once, signed */
#define HX_PRIME       (1u << 10) /* an honest run first (for replays) */
#define HX_REQCTX      (1u << 11) /* a RequesterContext (1.3+) */
#define HX_DEV_NR_CHAL (1u << 12) /* the device answers CHALLENGE with ResponseNotReady first */
#define HX_DEV_NR_CERT (1u << 13) /* ... and every GET_CERTIFICATE */
#define HX_DEV_NO_MEAS (1u << 14) /* the device has no MEAS_CAP */
#define HX_DEV_KEY_EX  (1u << 15) /* the device claims KEY_EX, ENCRYPT and MAC */
#define HX_DEV_MAX_11  (1u << 16) /* the device speaks 1.0 and 1.1 only */
#define HX_DEV_NO_CHAL (1u << 17) /* the device has no CHAL_CAP */
#define HX_DEV_NO_CERT (1u << 18) /* the device has no CERT_CAP */
#define HX_DEV_MAX_12  (1u << 19) /* the device speaks up to 1.2 */
#define HX_MEAS_NOSIG  (1u << 20) /* then measure one by one, unsigned */
#define HX_P256_DHE    (1u << 21) /* the requester offers SECP256R1 and AES-256-GCM only */
#define HX_SESS_DEV                                                                                \
	(1u << 22)		 /* hx_rsp_cases: the device serves sessions, GET_CAPABILITIES     \
				    asks for them */
#define HX_OFFER_P384 (1u << 23) /* hx_rsp_cases: NEGOTIATE_ALGORITHMS offers ECDSA P-384 only */
#define HX_CHUNK_ON   (1u << 24) /* both sides DataTransferSize 42 with chunk storage */
#define HX_DEV_CHUNK  (1u << 25) /* the device has chunk storage (DataTransferSize 4096) */
#define HX_MEAS_ANY   (HX_MEAS_EACH | HX_MEAS_ALL | HX_MEAS_NOSIG)
/* bits 27-31: the chain slot 0 serves (hx_chains.c; CH_COUNT is at most 32) */
#define HX_CHAIN(id)   ((uint32_t)(id) << 27)
#define HX_CHAIN_OF(s) ((s) >> 27)

struct hx_scenario {
	const char *name;
	enum hx_cat cat;
	uint8_t ver;	/* the requester's highest version (0: HX_DEFAULT_V) */
	uint32_t setup; /* HX_* */
	struct hx_fault f;
	cspdm_status expect;
	const char *field; /* cspdm_error.field expected, or NULL */
	uint8_t dev;	   /* cspdm_error.device_code expected, or 0 */
	uint32_t sess;	   /* HX_SESS: HS_* */
};

/* Session setup (hx_scenario.sess, hx_rsp_sess_case.sess) */
#define HS_ENC	    (1u << 0) /* the handshake is encrypted (no HANDSHAKE_IN_THE_CLEAR) */
#define HS_NO_HBEAT (1u << 1) /* the device has no HBEAT_CAP */
#define HS_SM11	    (1u << 2) /* the requester offers secured-message version 1.1 only */
#define HS_MAC_ONLY (1u << 3) /* MAC_CAP without ENCRYPT_CAP */
#define HS_DOE	    (1u << 4) /* PCI DOE records (no sequence number, no padding) */
#define HS_SWEEP    (1u << 5) /* the fault again with n = 1, 2, ... while it fits */
#define HS_LIMIT1   (1u << 6) /* the device serves one session at a time */
#define HS_CHAIN    (1u << 7) /* the flow also fetches the chain inside the session */

/* The shared environment: crypto and the honest identity. */
struct hx_env {
	struct cspdm_openssl *req_ossl, *rsp_ossl, *wire_ossl;
	const struct cspdm_crypto_ops *req_ops, *rsp_ops, *wire_ops;
	struct cspdm_identity honest; /* P-256, with HX_CMA_SAN */
	void *other_key;	      /* an unrelated P-256 key */
	char trust_dir[64];
};

extern struct hx_env hx_env;

/* The in-process device: our responder, the active fault, and what it has seen. */
struct hx_saved {
	uint8_t code, nth;
	size_t len;
	uint8_t *msg;
};

struct hx {
	const struct hx_fault *f; /* NULL: honest */
	struct cspdm_responder *rsp;
	void *rsp_mem;
	struct cspdm_responder_config rcfg;
	struct cspdm_io io;
	uint16_t count[256]; /* responses per request code */
	unsigned sends, sleeps, fired, bad;
	uint64_t slept_us; /* simulated waiting: sleeps, delays, timeouts */
	uint8_t req[512];
	size_t req_len;
	uint8_t *out; /* the response to deliver (HX_MSG_MAX) */
	size_t out_len;
	uint8_t drop;
	uint64_t delay_us;
	/* ResponseNotReady of the harness: the held answer */
	uint8_t *held;
	size_t held_len;
	uint8_t holding, token;
	unsigned nr_sent;
	/* negotiated, as learned from the device's answers */
	uint8_t ver;
	uint32_t asym, hash, hsize, ssize;
	/* M1/M2 so far (VCA, digests, certificates), for re-signing */
	uint8_t *tr;
	size_t tr_len, vca_len;
	/* responses of an honest run, for replays */
	struct hx_saved saved[HX_SAVED_MAX];
	unsigned n_saved;
	uint8_t saving;
	/* sessions (hx_sess.c): the device's session memory, the reply's kind, the record
	 * before the last one (replays), the fault's link failure, the session keys as they
	 * were before the request */
	void *sess_mem;
	enum cspdm_msg_kind out_kind;
	uint8_t *prev_rec, *scratch;
	size_t prev_len;
	uint8_t io_fail;
	struct hx_sess_snap *snap;
};

struct hx_sess_snap;

/* hx_harness.c */
void hx_init(struct hx *h);
void hx_free(struct hx *h);
/* (Re)start the device with cfg; the fault stays NULL until set. */
int hx_device(struct hx *h, const struct cspdm_responder_config *cfg);
void hx_clear_counts(struct hx *h);
/* Drop the answers saved by an honest run. */
void hx_forget(struct hx *h);
/* Apply a byte-level fault to msg (len, room for cap); returns the new length, sets h->bad. */
size_t hx_mutate(struct hx *h, const struct hx_fault *f, uint8_t *msg, size_t len, size_t cap);
size_t hx_offset(const struct hx *h, const struct hx_fault *f, size_t len, int *ok);
void hx_put_le(uint8_t *p, unsigned width, uint32_t v);
uint32_t hx_get_le(const uint8_t *p, unsigned width);
/* The device's responder configuration for a scenario's setup (honest: the honest device). */
void hx_rsp_config(struct cspdm_responder_config *cfg, uint32_t setup, int honest);
/* Does fault f hit this response (code: the request's, or HX_SREC)? */
int hx_matches(const struct hx *h, const struct hx_fault *f, uint8_t code);
/* An ERROR(code, data) of version v into h->out. */
void hx_error(struct hx *h, uint8_t v, uint8_t code, uint8_t data);
/* out (n bytes) is ERROR code with ErrorData data (-1: any): NULL, else what it is. */
const char *hx_error_answer(uint8_t code, int16_t data, const uint8_t *out, size_t n);

/* hx_hooks.c */
size_t hk_resign(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_replay(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_echo_nonce(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_summary(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_cert_empty(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_ext_asym(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_meas_pad(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_meas_dup(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_two_digests(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
/* Sign digest as the device would (1.2+: with the combined prefix for context). */
cspdm_status hx_sign_digest(struct hx *h, uint32_t variant, const char *context,
			    const uint8_t *digest, uint8_t *sig);

/* hk_resign variants (f->val bits) */
#define RS_HONEST     0u
#define RS_NO_VCA     (1u << 0) /* the transcript without VCA */
#define RS_NO_PREFIX  (1u << 1) /* 1.2+: the bare hash, without the combined prefix */
#define RS_MEAS_CTX   (1u << 2) /* the measurements signing context */
#define RS_OTHER_KEY  (1u << 3) /* an unrelated key */
#define RS_V13_PREFIX (1u << 4) /* the prefix of another version */
#define RS_OPAQUE     (1u << 5) /* add 8 bytes of opaque data first */
/* hk_summary variants */
#define SUM_SHORT   1 /* 16 bytes fewer than the hash */
#define SUM_LONG    2 /* 16 bytes more */
#define SUM_ABSENT  3 /* none, though asked for */
#define SUM_PRESENT 4 /* one, though not asked for */

/* hx_count.c: the requester's crypto ops, counting what is live */
struct hx_live {
	int hashes, keys, aeads; /* keys: public keys and ephemeral DHE keys */
};
const struct cspdm_crypto_ops *hx_counted_ops(const struct cspdm_crypto_ops *ops);
struct hx_live hx_live_handles(void);

/* hx_sess.c: the device's sessions */
void hx_sess_init(struct hx *h);
void hx_sess_free(struct hx *h);
/* A secured request: our responder answers it, the fault hits the reply (h->out). */
cspdm_status hx_sess_send(struct hx *h, const uint8_t *rec, size_t len);
/* The device of a session scenario: cfg (from hx_rsp_config) serves sessions (HS_*). */
void hx_sess_config(struct hx *h, struct cspdm_responder_config *cfg, uint32_t sess);
struct cspdm_session;
/* The flow of a session scenario: authentication, then a session that opens, sends HEARTBEAT,
 * both KEY_UPDATEs, measurements, [the chain,] END_SESSION. *s: the session. */
cspdm_status hx_sess_flow(struct hx *h, struct cspdm_context *ctx, uint32_t sess,
			  struct cspdm_session **s);
/* After the flow ended with st: FAILED (ENDED if st is OK), no key material, no handle. */
const char *hx_sess_after(const struct cspdm_session *s, cspdm_status st);
/* The same context against an honest device: authentication, a session, HEARTBEAT, its end. */
const char *hx_sess_honest(struct hx *h, struct cspdm_context *ctx, uint32_t sess);
/* The same against the device as it is. */
const char *hx_sess_serve(struct hx *h, struct cspdm_context *ctx);
size_t hk_ke_resign(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_prev_record(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
size_t hk_ke_no_opaque(struct hx *h, uint8_t *m, size_t len, const struct hx_fault *f);
/* hk_ke_resign variants */
#define KE_HONEST    0 /* signed again as it was (control) */
#define KE_ZERO_DHE  1 /* ExchangeData all zeros */
#define KE_OFF_CURVE 2 /* ExchangeData with Y changed: a point off the curve */

/* hx_chains.c: X.509 chains for slot 0 (HX_CHAIN(id)) */
enum hx_chain_id {
	CH_HONEST = 0, /* the honest identity */
	CH_GOOD,
	CH_EXPIRED,
	CH_NOT_YET,
	CH_INTER_EXPIRED,
	CH_LEAF_CA,
	CH_LEAF_CERTSIGN,
	CH_LEAF_NO_DIGSIG,
	CH_LEAF_NO_KU,
	CH_INTER_NOT_CA,
	CH_INTER_NO_CERTSIGN,
	CH_ROOT_NOT_CA,
	CH_NO_SAN,
	CH_SAN_CASE,
	CH_SAN_OID,
	CH_SAN_IA5,
	CH_SAN_DNS,
	CH_SAN_NUL,
	CH_SAN_TWO,
	CH_RSA1024,
	CH_RSA1024_INTER,
	CH_P384_LEAF,
	CH_DEEP20,
	CH_DEEP9,
	CH_DEEP8,
	CH_BAD_SIG,
	CH_UNTRUSTED,
	CH_MALFORMED,
	CH_BOMB_LEN_LEAF,
	CH_BOMB_NEST_LEAF,
	CH_BOMB_LEN_ROOT,
	CH_TRAILING,
	CH_COUNT
};
_Static_assert(CH_COUNT <= 32, "HX_CHAIN holds chain ids in 5 bits");

struct hx_chain {
	uint8_t *der;
	size_t len;
	void *key;     /* EVP_PKEY * for the slot (the leaf's, or a stand-in) */
	uint32_t asym; /* what the device serves */
};

/* Build every chain and write the trusted roots (honest_root_pem first) into dir. */
int hx_chains_init(const char *dir);
const struct hx_chain *hx_chain(unsigned id);
void hx_chains_free(void);
void *hx_new_p256(void);
void hx_key_free(void *key);

/* hx_wire.c: one socket scenario; the requester context runs cspdm_authenticate over it.
 * h->fired counts the server's faults. */
cspdm_status hx_wire_run(struct hx *h, const struct hx_scenario *sc, struct cspdm_context *ctx,
			 uint64_t *elapsed_us);

/* hx_cases.c, hx_rsp_cases.c */
extern const struct hx_scenario hx_cases[];
extern const size_t hx_n_cases;

struct hx_rsp_case {
	const char *name;
	uint8_t stage;	   /* RS_IDLE .. RS_AUTHED: how far an honest requester got */
	uint8_t ver;	   /* version of the conversation (0: HX_DEFAULT_V) */
	uint8_t base;	   /* the honest request it starts from (RQ_*) */
	const char *hex;   /* RQ_RAW: the request */
	struct hx_fault f; /* applied to the request */
	uint8_t expect;	   /* ErrorCode */
	int16_t data;	   /* ErrorData (-1: any) */
	uint32_t setup;	   /* HX_DEV_* */
	uint8_t pre;	   /* a request sent first (RQ_*, 0: none); its answer is not checked */
};

enum hx_stage { RS_IDLE, RS_VERSIONED, RS_CAPS, RS_VCA, RS_AUTHED };
enum hx_base {
	RQ_NONE,
	RQ_RAW,
	RQ_GET_VERSION,
	RQ_GET_CAPS,
	RQ_NEG_ALGS,
	RQ_GET_DIGESTS,
	RQ_GET_CERT,
	RQ_CHALLENGE,
	RQ_GET_MEAS,
	RQ_GET_MEAS_SIGNED,
	RQ_KEY_EXCHANGE,
	RQ_CHUNK_FIRST, /* the first CHUNK_SEND of a 100-byte message: handle 3, 26 bytes */
};

extern const struct hx_rsp_case hx_rsp_cases[];
extern const size_t hx_n_rsp_cases;

/* hx_chunk_cases.c: the chunk scenarios of both sides (category HX_CHUNK) */
extern const struct hx_scenario hx_chunk_cases[];
extern const size_t hx_n_chunk_cases;
extern const struct hx_rsp_case hx_chunk_rsp_cases[];
extern const size_t hx_n_chunk_rsp_cases;
/* Hostile session requests to our responder (hx_rsp_sess.c): an honest requester gets as far
 * as the stage, then the request goes out (in the clear, or sealed in the stage's session). */
enum hx_sess_stage {
	SS_AUTHED,    /* authenticated, no session */
	SS_HANDSHAKE, /* KEY_EXCHANGE answered; the requester's FINISH is built, not sent */
	SS_OPEN,      /* a session is open */
};
enum hx_sess_base { SQ_RAW, SQ_KEY_EXCHANGE, SQ_FINISH };

struct hx_rsp_sess_case {
	const char *name;
	uint8_t stage;	   /* SS_* */
	uint8_t ver;	   /* 0: HX_DEFAULT_V */
	uint32_t sess;	   /* HS_ENC, HS_LIMIT1 */
	uint8_t base;	   /* SQ_RAW (hex), an honest KEY_EXCHANGE, the requester's FINISH */
	const char *hex;   /* SQ_RAW */
	struct hx_fault f; /* on the request (layer HX_L_RECORD: on its record) */
	uint8_t sealed;	   /* sent in the stage's session */
	uint8_t twice;	   /* sent once unchanged first (that answer is not checked) */
	int16_t expect;	   /* ErrorCode; HX_NO_ANSWER, HX_ANSWER (not an ERROR) */
	int16_t data;	   /* ErrorData; -1: any */
	int8_t open, hs;   /* sessions OPEN / HANDSHAKING on the responder afterwards (-1: any) */
	cspdm_status why;  /* cspdm_responder_last_error, if not CSPDM_OK */
	uint8_t app;	   /* sealed as an application message of MCTP type app_type (DSP0275) */
	uint8_t app_type;
};

#define HX_NO_ANSWER (-1)
#define HX_ANSWER    (-2)

/* An honest KEY_EXCHANGE for what the device negotiated (its DHE group, the opaque data
 * format); 0 when nothing was. */
size_t hx_key_exchange(struct hx *h, uint8_t *buf, size_t cap);

/* One case: the stage, the request, the answer, the sessions left; NULL if all as expected.
 * The stage's session must still serve a HEARTBEAT if it is still open. */
const char *hx_rsp_sess_case(struct hx *h, const struct hx_rsp_sess_case *rc,
			     struct cspdm_context *ctx, char *detail, size_t cap);

/* hx_sess_cases.c */
extern const struct hx_scenario hx_sess_cases[];
extern const size_t hx_n_sess_cases;
extern const struct hx_rsp_sess_case hx_rsp_sess_cases[];
extern const size_t hx_n_rsp_sess_cases;

#endif
