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
		"  verify         re-check an evidence bundle or a capture offline\n"
		"  list           the SPDM devices this machine can reach (PCI DOE, NVMe, MCTP)\n"
		"  responder      an emulated SPDM device (spdm-emu / QEMU socket protocol)\n\n"
		"Run 'cspdm <command> --help' for the options of a command.\n");
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
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	fprintf(stderr, "cspdm: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
