/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutual authentication seen passively (next to observer.c, which follows the device's side):
 * fed every plaintext message of a conversation in order, it assembles the requester's chain
 * from the encapsulated flow (DELIVER_ENCAPSULATED_RESPONSE carrying DIGESTS and CERTIFICATE),
 * validates it with the crypto ops' trust store, and verifies the requester's signatures that
 * travel in the clear: the encapsulated CHALLENGE_AUTH over the mutual M1/M2 (VCA from 1.2,
 * then the encapsulated GET_DIGESTS .. CHALLENGE_AUTH without its signature), and FINISH over
 * TH = VCA || [1.3 MultiKeyConn of the device: its first DIGESTS] || Hash(the device's chain)
 * || KEY_EXCHANGE || KEY_EXCHANGE_RSP || [MultiKeyConn of the requester: its DIGESTS of the
 * handshake's encapsulated flow] || Hash(the requester's chain) || FINISH up to its
 * signature. Caller storage for both chains.
 */
#ifndef CSPDM_OBS_MUTUAL_H
#define CSPDM_OBS_MUTUAL_H

#include "codec/spdm.h"
#include "crypto/crypto.h"
#include "transcript.h"

#define CSPDM_OBS_MUT_REQ_MAX (42 + CSPDM_MAX_DHE_SIZE + SPDM_MAX_OPAQUE)

struct obs_chain {
	uint8_t *buf;
	size_t cap, len;
	struct spdm_get_cert asked; /* the GET_CERTIFICATE in flight */
};

struct cspdm_obs_mutual {
	const struct cspdm_crypto_ops *ops;
	cspdm_error err;
	struct transcript vca;
	struct spdm_neg neg;
	struct spdm_neg_algs_req offered;
	struct spdm_algorithms algs;
	uint32_t rsp_caps, req_caps;
	uint8_t multi_key_rsp, multi_key_req; /* 1.3 MultiKeyConn of each side */
	/* 1.3 multi-key: the device's first DIGESTS after VCA, and the requester's in the
	 * handshake's encapsulated flow (both join TH then) */
	uint8_t msg_d[4 + CSPDM_MAX_SLOTS * (CSPDM_MAX_HASH_SIZE + 4)];
	uint8_t encap_d[4 + CSPDM_MAX_SLOTS * (CSPDM_MAX_HASH_SIZE + 4)];
	size_t msg_d_len, encap_d_len;
	struct obs_chain dev, req; /* the device's chain (one slot at a time), the requester's */
	uint8_t dev_hash[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE];
	uint8_t dev_known;					 /* slots whose hash is known */
	uint8_t req_hash[CSPDM_MAX_HASH_SIZE];			 /* Hash(Cm) */
	uint8_t announced[CSPDM_MAX_SLOTS][CSPDM_MAX_HASH_SIZE]; /* the requester's DIGESTS */
	void *req_key; /* the requester's leaf key, once validated */
	uint8_t req_trusted, mut_live, th_live, mut_auth, in_clear;
	struct cspdm_hash mut, th;
	uint8_t encap[64]; /* the encapsulated request in flight (the device's) */
	size_t encap_len;
	uint8_t last[CSPDM_OBS_MUT_REQ_MAX]; /* the requester's request in flight */
	size_t last_len;
	uint32_t req_chains;	    /* the requester's chains validated */
	uint32_t mut_signatures;    /* encapsulated CHALLENGE_AUTH signatures verified */
	uint32_t finish_signatures; /* FINISH signatures verified */
};

void cspdm_obs_mut_init(struct cspdm_obs_mutual *o, const struct cspdm_crypto_ops *ops,
			uint8_t *dev_chain, size_t dev_cap, uint8_t *req_chain, size_t req_cap);
void cspdm_obs_mut_deinit(struct cspdm_obs_mutual *o);
/* One plaintext SPDM message, a request or a response (RequestResponseCode bit 7). */
cspdm_status cspdm_obs_mut_message(struct cspdm_obs_mutual *o, const uint8_t *msg, size_t len,
				   uint32_t max_pad);

#endif
