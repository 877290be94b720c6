#!/bin/bash
# Live (not in CI): cspdm ide, ide --stop, tdisp, cxl-ide, cxl-ide --stop and cxl-tsp (with its
# secondary PSK sessions) against DMTF's spdm_responder_emu --trans
# PCI_DOE in a KEY_EXCHANGE session, at 1.2, 1.3 and 1.4. One emulator per command (it serves
# one peer).
# Usage: [PORT=N] tests/interop/emu_app.sh CLI EMU_BIN_DIR [NODELAY_SO]
# EMU_BIN_DIR holds spdm_responder_emu (run from there); NODELAY_SO, an LD_PRELOAD shim setting
# TCP_NODELAY; the trust anchor is the emulator's sample root in the repo's test data.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cli=$(realpath "${1:?usage: emu_app.sh CLI EMU_BIN_DIR [NODELAY_SO]}")
EMU_BIN=$(realpath "${2:?usage: emu_app.sh CLI EMU_BIN_DIR [NODELAY_SO]}")
NODELAY=${3:-}
TRUST=${TRUST:-$here/../data/certs/ecp384/ca.cert}
port=${PORT:-2323}
fail=0
for ver in 1.2 1.3 1.4; do
	for cmd in "ide" "ide --stop" "tdisp" "cxl-ide" "cxl-ide --stop" "cxl-tsp"; do
		(cd "$EMU_BIN" && LD_PRELOAD=$NODELAY timeout 60 ./spdm_responder_emu --trans PCI_DOE \
			--ver "$ver" --mut_auth NO --basic_mut_auth NO --port "$port" >/tmp/emu_app.$$.log 2>&1) &
		for _ in $(seq 50); do ss -ltn | grep -q ":$port " && break; sleep 0.2; done
		if timeout 40 "$cli" $cmd --connect 127.0.0.1:$port --transport doe --trust "$TRUST" \
			>/tmp/emu_app_out.$$ 2>&1; then
			echo "ok   $ver $cmd"
		else
			echo "FAIL $ver $cmd"; cat /tmp/emu_app_out.$$; fail=1
		fi
		wait
	done
done
rm -f /tmp/emu_app.$$.log /tmp/emu_app_out.$$
exit $fail
