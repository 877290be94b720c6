/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm: the command-line tool. One file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: cspdm <command> [options]\n\n"
		"commands:\n"
		"  authenticate   authenticate an SPDM device (VCA, digests, certificates,\n"
		"                 challenge, signature) and print what was learned\n"
		"  measure        authenticate, then read and verify signed measurements\n"
		"  revalidate     after a reset: is it the same device as a saved identity?\n"
		"  session        open a secure session (KEY_EXCHANGE, FINISH) and use it:\n"
		"                 heartbeat, key update, measurements, END_SESSION\n"
		"  ide            program PCIe IDE stream keys (IDE_KM) inside a session\n"
		"  tdisp          lock, report, start and stop a TDISP interface in a session\n"
		"  verify         re-check an evidence bundle or a capture offline\n"
		"  list           the SPDM devices this machine can reach (PCI DOE, NVMe, MCTP)\n"
		"  responder      an emulated SPDM device (spdm-emu / QEMU socket protocol)\n\n"
		"Run 'cspdm <command> --help' for the options of a command,\n"
		"'cspdm --version' for the version and the algorithms supported.\n");
}

/* Names of the bits set in mask, as name() gives them, space separated. */
static void print_names(const char *label, const char *first, uint32_t mask,
			const char *(*name)(uint32_t))
{
	uint32_t bit;

	printf("%-12s%s%s", label, first ? " " : "", first ? first : "");
	for (bit = 1; bit && bit <= mask; bit <<= 1)
		if (mask & bit)
			printf(" %s", name(bit));
	printf("\n");
}

static int version(void)
{
	uint32_t asym = 0, hash = 0;

	cspdm_openssl_algorithms(&asym, &hash);
	printf("cspdm %s\n", cspdm_version());
	printf("%-12s %s\n", "crypto", cspdm_openssl_version());
	printf("%-12s 1.0 1.1 1.2 1.3 1.4\n", "SPDM");
	printf("%-12s none mctp doe tcp (responder: nvme too)\n", "transports");
	printf("%-12s pci nvme scsi mctp tcp tcp-listen\n", "devices");
	print_names("asymmetric", NULL, asym, cspdm_asym_name);
	print_names("hash", NULL, hash, cspdm_hash_name);
	print_names("measurement", "raw", hash, cspdm_hash_name);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))
		return version();
	if (!strcmp(argv[1], "authenticate"))
		return cmd_authenticate(argc - 1, argv + 1);
	if (!strcmp(argv[1], "responder"))
		return cmd_responder(argc - 1, argv + 1);
	if (!strcmp(argv[1], "measure"))
		return cmd_measure(argc - 1, argv + 1);
	if (!strcmp(argv[1], "revalidate"))
		return cmd_revalidate(argc - 1, argv + 1);
	if (!strcmp(argv[1], "verify"))
		return cmd_verify(argc - 1, argv + 1);
	if (!strcmp(argv[1], "session"))
		return cmd_session(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ide"))
		return cmd_ide(argc - 1, argv + 1);
	if (!strcmp(argv[1], "tdisp"))
		return cmd_tdisp(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	fprintf(stderr, "cspdm: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
