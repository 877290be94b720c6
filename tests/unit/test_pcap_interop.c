/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every capture of DMTF's reference requester and responder in tests/data goes through
 * our decoders and transcript rules (the passive observer), and every CHALLENGE_AUTH signature
 * in it must verify. Captures are read with libpcap: link type 291 is MCTP (4-byte transport
 * header, then the message type byte), 292 is PCI DOE (8-byte data object header).
 * tests/data/chunks: cspdm against the reference emulators at DataTransferSize 42, where large
 * messages travel in chunks; the observer puts them together and verifies them whole.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "capture/pcap_file.h"
#include "core/observer.h"
#include "cspdm/transport.h"
#include "crypto/crypto.h"

#define MAX_CAPTURES 64
#define N_CAPTURES   31 /* in tests/data */
#define N_CHUNKED    4	/* in tests/data/chunks */

struct capture_stats {
	unsigned packets, spdm, challenges, measurements, signed_measurements, chunks;
	/* tampering: flip byte flip_at (from the end if negative) of the first message with
	 * code flip_code; expect expect_status from the observer at that message */
	uint8_t flip_code;
	int flip_at;
	cspdm_status expect_status;
	cspdm_status got_status;
};

/* The SPDM message inside one captured packet, or NULL for non-SPDM (DOE discovery). */
static const uint8_t *spdm_in_packet(int linktype, const uint8_t *pkt, size_t len, size_t *out,
				     uint32_t *pad)
{
	const uint8_t *msg;

	return cspdm_capture_message(linktype, pkt, len, &msg, out, pad) ? NULL : msg;
}

/* Returns 1 if this message is the one to tamper with; copies and flips it. */
static int tamper(struct capture_stats *s, const uint8_t *msg, size_t len, uint8_t *copy)
{
	size_t at;

	if (!s->flip_code || len < 2 || msg[1] != s->flip_code || len > 8192)
		return 0;
	at = s->flip_at >= 0 ? (size_t)s->flip_at : len - (size_t)(-s->flip_at);
	memcpy(copy, msg, len);
	copy[at] ^= 0x01;
	s->flip_code = 0;
	return 1;
}

static void replay(const char *path, struct capture_stats *s)
{
	static uint8_t copy[8192];
	struct cspdm_openssl *ossl = NULL;
	struct cspdm_observer obs;
	static uint8_t chain[65536], chunks[65536];
	const uint8_t *pkt, *msg;
	size_t len, mlen;
	uint32_t pad;
	cspdm_status st;
	struct cspdm_pcap *p = NULL;
	int lt = -1, armed = 0;

	assert_int_equal(cspdm_pcap_open(&p, path, &lt, NULL, NULL, 0), CSPDM_OK);
	assert_true(lt == CSPDM_LINKTYPE_MCTP || lt == CSPDM_LINKTYPE_PCI_DOE);
	assert_int_equal(cspdm_openssl_new(&ossl, NULL), CSPDM_OK);
	cspdm_obs_init(&obs, cspdm_openssl_ops(ossl), chain, sizeof(chain));
	cspdm_obs_chunk_storage(&obs, chunks, sizeof(chunks));
	while (cspdm_pcap_next(p, &pkt, &len) == 1) {
		s->packets++;
		msg = spdm_in_packet(lt, pkt, len, &mlen, &pad);
		if (!msg)
			continue;
		s->spdm++;
		s->chunks += mlen >= 2 && (msg[1] & 0x7F) >= SPDM_CHUNK_SEND_ACK &&
			     (msg[1] & 0x7F) <= SPDM_CHUNK_RESPONSE;
		if (tamper(s, msg, mlen, copy)) {
			s->got_status = cspdm_obs_message(&obs, copy, mlen, pad);
			if (s->got_status || !(copy[1] & 0x80))
				break;
			armed = 1; /* a request: its response shows the damage */
			continue;
		}
		st = cspdm_obs_message(&obs, msg, mlen, pad);
		if (armed) {
			s->got_status = st;
			break;
		}
		if (st)
			fprintf(stderr, "%s: packet %u: %s (%s) field %s offset %u req 0x%02x\n",
				path, s->packets, cspdm_status_name(st), cspdm_strerror(st),
				obs.err.field ? obs.err.field : "-", obs.err.offset,
				obs.err.request_code);
		assert_int_equal(st, CSPDM_OK);
	}
	s->challenges = obs.challenges;
	s->measurements = obs.measurements;
	s->signed_measurements = obs.signed_measurements;
	cspdm_obs_deinit(&obs);
	cspdm_openssl_free(ossl);
	cspdm_pcap_close(p);
}

static char captures[MAX_CAPTURES][512];
static unsigned ncaptures;

/* A conversation of the reference emulators: signatures verified, measurements decoded; or
 * (chunked) one of cspdm with them: chunks on the wire, CHALLENGE_AUTH verified over the whole. */
static void check_capture(const char *path, int chunked)
{
	struct capture_stats s = {0};

	replay(path, &s);
	printf("  %s: %u packets, %u SPDM messages (%u chunk messages), %u CHALLENGE_AUTH "
	       "verified, %u MEASUREMENTS decoded, %u signed ones verified\n",
	       strrchr(path, '/') + 1, s.packets, s.spdm, s.chunks, s.challenges, s.measurements,
	       s.signed_measurements);
	assert_true(s.spdm > 10);
	assert_true(s.challenges >= 1);
	assert_true(chunked ? s.chunks > 10 : s.measurements >= 1 && s.signed_measurements >= 1);
}

static void test_capture(void **state)
{
	check_capture(*state, 0);
}

static void test_chunked_capture(void **state)
{
	check_capture(*state, 1);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The captures in tests/data/sub, added to captures[]: how many. */
static unsigned find_captures(const char *sub)
{
	const char *dir = tu_data_path(sub);
	unsigned first = ncaptures;
	struct dirent *de;
	DIR *d = opendir(dir);
	size_t n;

	if (!d)
		return 0;
	while ((de = readdir(d)) && ncaptures < MAX_CAPTURES) {
		n = strlen(de->d_name);
		if (n > 5 && !strcmp(de->d_name + n - 5, ".pcap"))
			snprintf(captures[ncaptures++], sizeof(captures[0]), "%s/%s", dir,
				 de->d_name);
	}
	closedir(d);
	qsort(captures[first], ncaptures - first, sizeof(captures[0]), by_name);
	return ncaptures - first;
}

/* Flipping one bit of a signed message must be caught with its specific error. */
static void expect_tamper(const char *capture, uint8_t code, int at, cspdm_status want)
{
	struct capture_stats s = {0};
	char path[512];

	snprintf(path, sizeof(path), "%s", tu_data_path(capture));
	s.flip_code = code;
	s.flip_at = at;
	replay(path, &s);
	if (s.got_status != want)
		fprintf(stderr, "%s: flipping code 0x%02x at %d gave %s, expected %s\n", capture,
			code, at, cspdm_status_name(s.got_status), cspdm_status_name(want));
	assert_int_equal(s.got_status, want);
}

static void test_tampered_captures_fail(void **state)
{
	(void)state;
	/* last signature byte (ECDSA s), MCTP and DOE (DOE: before the padding) */
	expect_tamper("v12_mctp_p384.pcap", 0x03, -1, CSPDM_E_SIGNATURE);
	expect_tamper("v13_mctp_ed25519.pcap", 0x03, -1, CSPDM_E_SIGNATURE);
	expect_tamper("v13_mctp_rsapss3072.pcap", 0x03, -1, CSPDM_E_SIGNATURE);
	expect_tamper("v10_mctp_p384.pcap", 0x03, -1, CSPDM_E_SIGNATURE);
	/* the responder nonce (signed part of CHALLENGE_AUTH) */
	expect_tamper("v12_mctp_p384.pcap", 0x03, 4 + 48 + 3, CSPDM_E_SIGNATURE);
	/* the requester's nonce in CHALLENGE: a different transcript */
	expect_tamper("v13_mctp_p384.pcap", 0x83, 10, CSPDM_E_SIGNATURE);
	/* the cert chain hash in CHALLENGE_AUTH */
	expect_tamper("v12_mctp_p384.pcap", 0x03, 6, CSPDM_E_CHAIN_DIGEST);
	/* signed MEASUREMENTS: a measurement value byte, and the signature */
	expect_tamper("v12_mctp_p384_measraw.pcap", 0x60, 20, CSPDM_E_SIGNATURE);
	expect_tamper("v11_mctp_p256_measall.pcap", 0x60, -1, CSPDM_E_SIGNATURE);
	/* NumberOfBlocks disagreeing with the record */
	expect_tamper("v12_mctp_p384_measraw.pcap", 0x60, 4, CSPDM_E_COUNT);
	/* a byte of ALGORITHMS' reserved area */
	expect_tamper("v12_mctp_p384.pcap", 0x63, 22, CSPDM_E_RESERVED);
	/* chunks: the handle, and LastChunk, of the first CHUNK_RESPONSE */
	expect_tamper("chunks/cspdm_req_v12_mctp_dts42.pcap", 0x06, 3, CSPDM_E_CHUNK);
	expect_tamper("chunks/cspdm_rsp_v13_pci_doe_dts42.pcap", 0x06, 2, CSPDM_E_CHUNK);
}

int main(void)
{
	struct CMUnitTest tests[MAX_CAPTURES + 1];
	unsigned i;

	if (find_captures("") != N_CAPTURES || find_captures("chunks") != N_CHUNKED) {
		fprintf(stderr, "expected %u captures in %s and %u in chunks/, found %u\n",
			N_CAPTURES, tu_data_path(""), N_CHUNKED, ncaptures);
		return 1;
	}
	for (i = 0; i < ncaptures; i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(
		    i < N_CAPTURES ? test_capture : test_chunked_capture, captures[i]);

		t.name = strrchr(captures[i], '/') + 1;
		tests[i] = t;
	}
	tests[ncaptures] = (struct CMUnitTest)cmocka_unit_test(test_tampered_captures_fail);
	return _cmocka_run_group_tests("pcap_interop", tests, ncaptures + 1, NULL, NULL);
}
