/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the Frama-C drivers (make prove). Compiled only by Frama-C, never by the build.
 *
 * A driver calls one decoder entry point on a message of fully unknown bytes whose length is
 * any value of one length range, with every negotiated parameter the decoder accepts. The
 * ranges (see proof.c) cover 0 .. max: each length up to PROOF_EXACT on its own, then ranges
 * that double. Eva analyses each range separately (-eva-partition-value proof_range).
 */
#ifndef CSPDM_PROOF_H
#define CSPDM_PROOF_H

#include "__fc_builtin.h"

#include <stddef.h>
#include <stdint.h>

#include "codec/spdm.h"
#include "cspdm/transport.h"

/*
 * The largest message a decoder is given. A frame from a back-end is at most
 * CSPDM_EMU_MAX_PAYLOAD plus its binding's header, 64 bytes at most (src/io/socket_emu.c,
 * server.c, doe_sysfs.c, mctp_sock.c, tcp.c, storage_io.h), and a binding only removes bytes;
 * but a message reassembled from chunks (DSP0274 1.2+ CHUNK_SEND, CHUNK_GET) is as long as its
 * LargeMessageSize, a u32, within caller storage (src/core/chunk.c). So: UINT32_MAX.
 */
#define PROOF_MAX_MSG UINT32_MAX
/* The largest frame a back-end hands to a binding (transport decoders, the record layer). */
#define PROOF_MAX_FRAME (CSPDM_EMU_MAX_PAYLOAD + 64u)
/*
 * Captured packets (cspdm verify --pcap) come from libpcap, which refuses a packet longer than
 * its MAXIMUM_SNAPLEN (262144) for these link types.
 */
#define PROOF_MAX_PACKET 262144u

/* Lengths 0 .. PROOF_EXACT are analysed one by one (make prove PRECISION=...). */
#ifndef PROOF_EXACT
#define PROOF_EXACT 63
#endif
/* Above, each range is 2^PROOF_GROWTH times the one before. */
#ifndef PROOF_GROWTH
#define PROOF_GROWTH 1
#endif

/* The length range under analysis; Eva keeps one state per value. */
extern size_t proof_range;
/* A driver's choice among a few configurations (proof_choose); Eva keeps one state per value. */
extern int proof_case;

/* Any of lo .. hi, each analysed on its own (a configuration, not an input byte). */
int proof_choose(int lo, int hi);

/*
 * A message of *len unknown bytes, *len any value of the current range of 0 .. max. The
 * message is an object of its own, as long as the range's largest length: an access before it
 * or past that length is out of bounds, and for a range of one length that is exactly the
 * message. An empty message may be NULL.
 */
const uint8_t *proof_msg(size_t max, size_t *len);
/* As proof_msg, or NULL with any length of the range (callers that check their arguments). */
const uint8_t *proof_msg_or_null(size_t max, size_t *len);
/* p or NULL. */
#define proof_or_null(p) ((__typeof__(p))Frama_C_nondet_ptr((void *)(p), NULL))
/*
 * Every SPDM version, hash, signature and measurement hash size, multi-key or not, any pad;
 * for sessions every DHE exchange size, requester signature size, handshake in the clear or not.
 */
void proof_neg(struct spdm_neg *n);
/*
 * The zero padding a transport leaves after a message: PCI DOE pads to a DWORD, every other
 * binding adds none (struct cspdm_io max_pad, cspdm_capture_message). The reader's own driver
 * takes any value.
 */
#define PROOF_MAX_PAD 3
/* Any padding a decoder may be told to tolerate: 0 .. PROOF_MAX_PAD. */
uint32_t proof_max_pad(void);
/* An error record, or NULL (every decoder accepts both). */
cspdm_error *proof_err(void);
/* n unknown bytes at p (a struct of any contents: what was asked, what was offered). */
void proof_unknown(void *p, size_t n);
/* Any value of the type (fully unknown). */
uint8_t proof_u8(void);
uint32_t proof_u32(void);

#endif
