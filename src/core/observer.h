/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A passive observer of an SPDM conversation (both directions, in order): it decodes every
 * message it knows with the codec, keeps the M1/M2 and L1/L2 transcripts as the requester
 * would, and verifies each CHALLENGE_AUTH, MEASUREMENTS and KEY_EXCHANGE_RSP signature against
 * the certificate chain it saw (KEY_EXCHANGE_RSP: over TH = VCA || [1.3 multi-key: the first
 * DIGESTS] || Hash(the slot's chain) || KEY_EXCHANGE || KEY_EXCHANGE_RSP up to the signature).
 * FINISH and FINISH_RSP in the clear are decoded; their HMACs need session keys an observer does
 * not have. Secured messages are counted per session ID, not decrypted. Used to check captures of
 * other implementations (pcap) offline. Caller-owned memory, no allocation.
 */
#ifndef CSPDM_OBSERVER_H
#define CSPDM_OBSERVER_H

#include "context.h"

/* Large messages in chunks (observer_chunk.c). */
struct cspdm_obs_chunk {
	struct chunk_rx rx; /* the large request or response being put together */
	uint8_t *buf;	    /* caller storage (cspdm_obs_chunk_storage), or NULL */
	size_t cap;
	uint8_t pending; /* the chunk request whose reply is due: CHUNK_SEND, CHUNK_GET or 0 */
	uint8_t sending; /* CHUNK_SENDs of a large request seen */
	uint8_t whole;	 /* ... all of them: its reply carries the response */
};

/* The largest request the observer keeps: a KEY_EXCHANGE with the largest DHE group and
 * opaque data. */
#define CSPDM_OBS_REQ_MAX      (42 + CSPDM_MAX_DHE_SIZE + SPDM_MAX_OPAQUE)
#define CSPDM_OBS_MAX_SESSIONS 16

/* A session the capture shows: opened by a KEY_EXCHANGE_RSP seen in the clear, or known only
 * from its secured messages (a PSK session, say). */
struct cspdm_obs_session {
	uint32_t id;	      /* SessionID: ReqSessionID | RspSessionID << 16 */
	uint32_t secured;     /* secured messages with its ID, none decrypted */
	uint8_t key_exchange; /* 1: a KEY_EXCHANGE_RSP opened it */
};

/* Ordered by alignment (no padding inside). */
struct cspdm_observer {
	const struct cspdm_crypto_ops *ops;
	uint8_t *chain; /* caller storage for the certificate chain */
	size_t chain_cap;
	size_t chain_len;
	size_t req_len;	  /* 0: no request pending, or one the observer passes over */
	size_t msg_d_len; /* of msg_d */
	/* per slot, once its chain was complete: leaf key (and chain hash, slot_hash) */
	void *slot_key[CSPDM_MAX_SLOTS];
	struct cspdm_obs_chunk chunk;
	cspdm_error err;
	struct transcript tr;	/* M1/M2 */
	struct transcript tr_l; /* L1/L2 */
	struct spdm_neg neg;
	struct spdm_neg_algs_req offered;
	struct spdm_caps caps;
	struct spdm_algorithms algs;
	struct cspdm_obs_session sessions[CSPDM_OBS_MAX_SESSIONS];
	uint32_t req_caps;	      /* the requester's CAPABILITIES flags */
	uint32_t messages;	      /* messages decoded */
	uint32_t passed_over;	      /* messages of types not followed (encapsulated, PSK, ...) */
	uint32_t challenges;	      /* CHALLENGE_AUTH signatures verified */
	uint32_t measurements;	      /* MEASUREMENTS responses decoded */
	uint32_t signed_measurements; /* MEASUREMENTS signatures verified */
	uint32_t key_exchanges;	      /* KEY_EXCHANGE_RSP responses decoded */
	uint32_t kx_verified;	      /* KEY_EXCHANGE_RSP signatures verified */
	uint32_t kx_chain_not_seen;   /* KEY_EXCHANGE_RSP of a slot whose chain the capture lacks */
	uint32_t finishes;	      /* FINISH/FINISH_RSP pairs decoded (HMACs not checkable) */
	uint32_t secured;	      /* secured messages (none decrypted) */
	uint32_t nsessions;	      /* entries of sessions[] */
	uint8_t req[CSPDM_OBS_REQ_MAX];
	uint8_t slot_hash[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE];
	/* the first DIGESTS response after VCA: part of TH with 1.3 MULTI_KEY_CONN_RSP */
	uint8_t msg_d[4 + CSPDM_MAX_SLOTS * (CSPDM_MAX_HASH_SIZE + 4)];
	uint8_t req_code;
	uint8_t chain_slot;
	uint8_t l_dirty;
	uint8_t sessions_full; /* a session did not fit into sessions[] */
};

void cspdm_obs_init(struct cspdm_observer *o, const struct cspdm_crypto_ops *ops, uint8_t *chain,
		    size_t chain_cap);
void cspdm_obs_deinit(struct cspdm_observer *o);
/*
 * A slot's leaf key and chain digest known beforehand (a saved identity), for a conversation
 * that skips GET_CERTIFICATE (re-authentication): its CHALLENGE_AUTH and MEASUREMENTS
 * signatures are then verified with that key. The observer takes the key (ops->key_free).
 */
cspdm_status cspdm_obs_known_key(struct cspdm_observer *o, uint8_t slot, void *key,
				 const uint8_t *chain_hash, size_t hash_len);
/* Feed one message. max_pad: transport padding allowed (PCI DOE: 3). */
cspdm_status cspdm_obs_request(struct cspdm_observer *o, const uint8_t *msg, size_t len,
			       uint32_t max_pad);
cspdm_status cspdm_obs_response(struct cspdm_observer *o, const uint8_t *msg, size_t len,
				uint32_t max_pad);
/* Storage for large messages (SPDM 1.2+ chunks): with it they are put together and observed
 * whole; without, chunk messages are passed over. */
void cspdm_obs_chunk_storage(struct cspdm_observer *o, uint8_t *buf, size_t cap);

/* observer_chunk.c, for observer.c */
cspdm_status obs_chunk_request(struct cspdm_observer *o, const struct spdm_hdr *h,
			       const uint8_t *msg, size_t len, uint32_t max_pad);
cspdm_status obs_chunk_response(struct cspdm_observer *o, const uint8_t *msg, size_t len,
				uint32_t pad);
cspdm_status obs_chunk_large(struct cspdm_observer *o, const uint8_t *msg, size_t len);
/* Either of the two, told apart by RequestResponseCode bit 7. */
cspdm_status cspdm_obs_message(struct cspdm_observer *o, const uint8_t *msg, size_t len,
			       uint32_t max_pad);
/* A secured message (DSP0277 record, from its SessionID on): counted for its session. */
cspdm_status cspdm_obs_secured(struct cspdm_observer *o, const uint8_t *rec, size_t len);

#endif
