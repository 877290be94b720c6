/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared pieces of the cspdm command-line tool. */
#ifndef CSPDM_CLI_H
#define CSPDM_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "cspdm/cspdm.h"

int cmd_authenticate(int argc, char **argv);
int cmd_responder(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_revalidate(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* "1.0".."1.4" -> 0x10..0x14, 0 if invalid. */
uint8_t cli_parse_version(const char *s);
/* vendor:device:class:rev[:ssvid:ssid[:dsn]] (hex) -> the PCIe CMA SAN value. */
int cli_pci_ids_to_san(const char *ids, char *san, size_t cap);
/* Hex string -> bytes; exactly n bytes expected. */
int cli_parse_hex(const char *s, uint8_t *out, size_t n);
void cli_print_error(FILE *f, const char *what, const cspdm_error *e);
/* Names of the capability flags set in flags, space separated. */
void cli_caps_string(uint32_t flags, char *out, size_t cap);

#endif
