#!/bin/bash
# make demo: start cspdm's emulated device on a free loopback port and authenticate it.
# The emulator is `cspdm responder` (issue 3); until it exists this says how to run the
# demo against DMTF's spdm_responder_emu instead.
set -u
CLI=${1:-build/cspdm}
if ! "$CLI" responder --help >/dev/null 2>&1; then
  cat <<'MSG'
make demo: the built-in emulated device (`cspdm responder`) is not part of this build yet.
Meanwhile, authenticate DMTF's reference responder (built outside this repository):
  (cd SPDM_EMU_BIN && ./spdm_responder_emu --trans MCTP --port 2323) &
  build/cspdm authenticate --connect 127.0.0.1:2323 --transport mctp
MSG
  exit 1
fi
exit 0
