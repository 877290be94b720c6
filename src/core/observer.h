/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A passive observer of an SPDM conversation (both directions, in order): it decodes every
 * message it knows with the codec, keeps the M1/M2 transcript as the requester would, and
 * verifies each CHALLENGE_AUTH signature against the certificate chain it saw. Used to check
 * captures of other implementations (pcap) offline. Caller-owned memory, no allocation.
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

struct cspdm_observer {
	const struct cspdm_crypto_ops *ops;
	cspdm_error err;
	struct transcript tr;	/* M1/M2 */
	struct transcript tr_l; /* L1/L2 */
	uint8_t l_dirty;
	struct spdm_neg neg;
	struct spdm_neg_algs_req offered;
	struct spdm_caps caps;
	struct spdm_algorithms algs;
	uint8_t req[CSPDM_REQ_MAX];
	size_t req_len; /* 0: no request pending, or one we do not track */
	uint8_t req_code;
	uint8_t *chain; /* caller storage for the certificate chain */
	size_t chain_cap;
	size_t chain_len;
	uint8_t chain_slot;
	/* per slot, once its chain was complete: leaf key and chain hash */
	void *slot_key[CSPDM_MAX_SLOTS];
	uint8_t slot_hash[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE];
	uint32_t messages;	      /* messages decoded */
	uint32_t challenges;	      /* CHALLENGE_AUTH signatures verified */
	uint32_t measurements;	      /* MEASUREMENTS responses decoded */
	uint32_t signed_measurements; /* MEASUREMENTS signatures verified */
	struct cspdm_obs_chunk chunk;
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

#endif
