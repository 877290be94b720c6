/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The passive observer (src/core/observer.c) that `cspdm verify` and the interop tests run over
 * captures of other implementations: a conversation in both directions, each message decoded
 * and the signatures checked against the chains seen. Input: byte 0 flags (bit 0 FNV digests
 * instead of all-zero ones, bit 1 max_pad 3), then the messages, each a u16 LE length and the
 * bytes; RequestResponseCode bit 7 tells requests from responses, and a special entry
 * (FZ_MSG_SPECIAL) makes the next message a secured record.
 * Properties: statuses of the enum, no stale error in the observer's record, and after
 * cspdm_obs_deinit no hash context or key is left (nor freed twice, nor used after release).
 */
#include "fuzz_common.h"

#include "core/observer.h"

#define MAX_MESSAGES 4096

static struct cspdm_observer obs;
static uint8_t chain[65536], chunks[16384];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in;
	const uint8_t *msg;
	size_t len;
	uint8_t flags;
	uint32_t max_pad;
	int i, secured = 0;
	cspdm_status st;

	fz_in_init(&in, data, size);
	flags = fz_u8(&in);
	max_pad = (flags & 2) ? 3 : 0;
	fz_crypto_reset((flags & 1) ? FZ_HASH_FNV : FZ_HASH_ZERO, 0);
	cspdm_obs_init(&obs, fz_crypto_ops(), chain, sizeof(chain));
	cspdm_obs_chunk_storage(&obs, chunks, sizeof(chunks));
	for (i = 0; i < MAX_MESSAGES && fz_next_msg(&in, &msg, &len); i++) {
		if (len == FZ_MSG_SPECIAL) {
			secured = 1;
			continue;
		}
		st = secured ? cspdm_obs_secured(&obs, msg, len)
			     : cspdm_obs_message(&obs, msg, len, max_pad);
		secured = 0;
		FZ_ASSERT(FZ_STATUS_OK(st));
		FZ_ASSERT(obs.chain_len <= sizeof(chain));
		FZ_ASSERT(obs.nsessions <= CSPDM_OBS_MAX_SESSIONS);
		if (st) {
			/* callers stop at the first failure (cspdm verify, the interop test); the
			 * error holds it, or nothing when it came from the transcript */
			FZ_ASSERT(obs.err.code == st || obs.err.code == CSPDM_OK);
			break;
		}
	}
	cspdm_obs_deinit(&obs);
	fz_crypto_check_released();
	return 0;
}
