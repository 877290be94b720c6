/* SPDX-License-Identifier: BSD-3-Clause */
/* cspdm list: the SPDM responders this machine can reach, one line each (or JSON). */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cspdm/device.h"

struct list_out {
	int json;
	json_t *devices, *notes;
};

static void list_usage(FILE *f)
{
	fprintf(f, "usage: cspdm list [--json]\n\n"
		   "The SPDM responders this machine can reach, with the --device URI for each:\n"
		   "PCI functions whose DOE mailbox offers CMA/SPDM, NVMe controllers that answer\n"
		   "security protocol 0xE8 (DSP0286), and the MCTP endpoints the kernel knows.\n"
		   "Probing PCI config space and NVMe needs root; what could not be looked at is\n"
		   "said on stderr. A DOE mailbox in use (by the kernel) is left alone.\n\n"
		   "options:\n"
		   "  --json       print a JSON object {devices: [...], notes: [...]}\n"
		   "  -h, --help   this text\n\n"
		   "exit status: 0 (also when none is found), 2 usage error\n");
}

static void on_found(void *priv, const struct cspdm_dev_found *f)
{
	struct list_out *o = priv;

	if (o->json)
		json_array_append_new(o->devices,
				      json_pack("{s:s, s:s}", "device", f->uri, "info", f->info));
	else
		printf("%-40s %s\n", f->uri, f->info);
}

static void on_note(void *priv, const char *what, const char *detail)
{
	struct list_out *o = priv;

	if (o->json)
		json_array_append_new(o->notes,
				      json_pack("{s:s, s:s}", "where", what, "note", detail));
	else
		fprintf(stderr, "cspdm list: %s: %s\n", what, detail);
}

static int parse_args(struct list_out *o, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			list_usage(stdout);
			return -1;
		}
		if (c != 'j') {
			fprintf(stderr, "Try 'cspdm list --help'.\n");
			return 2;
		}
		o->json = 1;
	}
	if (optind < argc) {
		fprintf(stderr, "cspdm list: unexpected argument: %s\n", argv[optind]);
		return 2;
	}
	return 0;
}

int cmd_list(int argc, char **argv)
{
	struct list_out o = {0};
	unsigned n;
	char *s;
	int rc = parse_args(&o, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	o.devices = json_array();
	o.notes = json_array();
	n = cspdm_enumerate(NULL, on_found, on_note, &o);
	if (o.json) {
		json_t *root = json_pack("{s:o, s:o, s:i}", "devices", o.devices, "notes", o.notes,
					 "count", (int)n);

		s = json_dumps(root, JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
		json_decref(root);
		return 0;
	}
	if (n == 0)
		printf("none found\n");
	json_decref(o.devices);
	json_decref(o.notes);
	return 0;
}
