/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * make bench: the requester context size, and the cost of decoding a reference capture and
 * verifying its CHALLENGE_AUTH and MEASUREMENTS signatures (codec + transcripts + crypto), per
 * capture, in microseconds.
 * Usage: bench_decode [ROUNDS] (captures from tests/data).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture/pcap_file.h"
#include "core/observer.h"
#include "cspdm/transport.h"
#include "crypto/crypto.h"

struct msg {
	uint8_t *data;
	size_t len;
	uint32_t pad;
};

static size_t load(const char *path, struct msg *out, size_t cap)
{
	const uint8_t *pkt, *m;
	size_t n = 0, ml, len;
	uint32_t pad;
	struct cspdm_pcap *p = NULL;
	int lt = -1;

	if (cspdm_pcap_open(&p, path, &lt, NULL, NULL, 0))
		return 0;
	while (n < cap && cspdm_pcap_next(p, &pkt, &len) == 1) {
		if (cspdm_capture_message(lt, pkt, len, &m, &ml, &pad))
			continue;
		out[n].data = malloc(ml);
		memcpy(out[n].data, m, ml);
		out[n].len = ml;
		out[n++].pad = pad;
	}
	cspdm_pcap_close(p);
	return n;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int replay(const struct cspdm_crypto_ops *ops, struct msg *m, size_t n, uint8_t *chain)
{
	struct cspdm_observer o;
	size_t i;
	int ok = 1;

	cspdm_obs_init(&o, ops, chain, 65536);
	for (i = 0; i < n && ok; i++)
		ok = !(m[i].len >= 2 && (m[i].data[1] & 0x80)
			   ? cspdm_obs_request(&o, m[i].data, m[i].len, m[i].pad)
			   : cspdm_obs_response(&o, m[i].data, m[i].len, m[i].pad));
	ok = ok && o.challenges == 1;
	cspdm_obs_deinit(&o);
	return ok;
}

int main(int argc, char **argv)
{
	static const char *const caps[] = {"v10_mctp_p384",	  "v12_mctp_p256",
					   "v12_pci_doe_p521",	  "v13_mctp_ed25519",
					   "v13_mctp_rsapss3072", "v14_mctp_p384"};
	static struct msg msgs[1024];
	static uint8_t chain[65536];
	int rounds = argc > 1 ? atoi(argv[1]) : 50, r;
	struct cspdm_openssl *ossl;
	char path[512];
	size_t c, n, i;
	double t0;

	printf("requester context: %zu bytes (cspdm_context_size)\n", cspdm_context_size());
	printf("observer context:  %zu bytes\n", sizeof(struct cspdm_observer));
	if (cspdm_openssl_new(&ossl, NULL))
		return 1;
	for (c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		snprintf(path, sizeof(path), "%s/%s.pcap", CSPDM_DATA_DIR, caps[c]);
		n = load(path, msgs, 1024);
		t0 = now_us();
		for (r = 0; r < rounds; r++)
			if (!replay(cspdm_openssl_ops(ossl), msgs, n, chain))
				return fprintf(stderr, "%s: replay failed\n", caps[c]), 1;
		printf("%-22s %4zu messages: %8.1f us per capture (decode, transcripts, chains, "
		       "every signature)\n",
		       caps[c], n, (now_us() - t0) / rounds);
		for (i = 0; i < n; i++)
			free(msgs[i].data);
	}
	cspdm_openssl_free(ossl);
	return 0;
}
