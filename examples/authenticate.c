/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Authenticate an SPDM device over the spdm-emu socket protocol with libcspdm's public API:
 *   authenticate HOST PORT [TRUST]      (MCTP; TRUST: a PEM/DER file or a directory of roots)
 * Prints the outcome and the subject of every certificate in the device's chain.
 * Build: cc authenticate.c $(pkg-config --cflags --libs cspdm)
 */
#include <stdio.h>
#include <stdlib.h>

#include <cspdm/cspdm.h>
#include <cspdm/transport.h>

#define CHAIN_CAP (64 * 1024)
#define RX_CAP	  (64 * 1024)

static int fail(const char *what, const cspdm_error *e)
{
	const char *reason = cspdm_os_reason(e);

	fprintf(stderr, "%s: %s (%s)%s%s%s%s\n", what, cspdm_strerror(e->code),
		cspdm_status_name(e->code), e->field ? ", " : "", e->field ? e->field : "",
		reason ? ": " : "", reason ? reason : "");
	return 1;
}

static void print_chain(const struct cspdm_result *r)
{
	char subject[256], san[512];
	const uint8_t *der;
	size_t len;
	unsigned i;

	for (i = 0; cspdm_result_cert(r, i, &der, &len) == CSPDM_OK; i++)
		if (cspdm_openssl_cert_summary(der, len, subject, sizeof(subject), san,
					       sizeof(san)) == 0)
			printf("  [%u] %s%s%s\n", i, subject, san[0] ? ", SAN " : "", san);
}

int main(int argc, char **argv)
{
	static uint8_t chain[CHAIN_CAP], rx[RX_CAP];
	struct cspdm_openssl *ossl = NULL;
	struct cspdm_emu_client *conn = NULL;
	struct cspdm_context *ctx = NULL;
	struct cspdm_config cfg;
	struct cspdm_result res;
	cspdm_error err;
	void *mem;
	int rc = 1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s HOST PORT [TRUST]\n", argv[0]);
		return 2;
	}
	if (cspdm_openssl_new_ex(&ossl, argc == 4 ? argv[3] : NULL, NULL, NULL, &err))
		return fail("trust store", &err);
	cspdm_config_defaults(&cfg);
	cfg.crypto = cspdm_openssl_ops(ossl);
	cfg.cert_buf = chain;
	cfg.cert_cap = sizeof(chain);
	cfg.rx_buf = rx;
	cfg.rx_cap = sizeof(rx);
	/* the context is the caller's memory: cspdm_context_size() bytes, 8-byte aligned */
	mem = aligned_alloc(8, (cspdm_context_size() + 7) & ~(size_t)7);
	if (!mem || cspdm_init(&ctx, mem, cspdm_context_size(), &cfg) != CSPDM_OK)
		goto out;
	if (cspdm_emu_connect_ex(&conn, argv[1], (uint16_t)atoi(argv[2]), CSPDM_TRANSPORT_MCTP,
				 &err)) {
		rc = fail("connect", &err);
		goto out;
	}
	if (cspdm_authenticate(ctx, cspdm_emu_io(conn)) != CSPDM_OK) {
		rc = fail("authentication failed", cspdm_last_error(ctx));
		goto out;
	}
	cspdm_get_result(ctx, &res);
	printf("SPDM %u.%u, %s, %s\n", res.version >> 4, res.version & 0xF,
	       cspdm_asym_name(res.base_asym), cspdm_hash_name(res.base_hash));
	print_chain(&res);
	printf("outcome: %s\n", res.outcome == CSPDM_AUTH_TRUSTED ? "trusted" : "evidence ready");
	rc = 0;
out:
	cspdm_emu_close(conn);
	if (ctx)
		cspdm_deinit(ctx);
	free(mem);
	cspdm_openssl_free(ossl);
	return rc;
}
