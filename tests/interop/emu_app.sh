#!/bin/bash
# Live (not in CI): cspdm ide, ide --stop and tdisp against DMTF's spdm_responder_emu --trans
# PCI_DOE in a KEY_EXCHANGE session, at 1.2, 1.3 and 1.4. One emulator per command (it serves
# one peer). EMU_BIN: the emulator's folder; NODELAY: the TCP_NODELAY preload.
set -u
cli=${1:-build/cspdm}
cli=$(realpath "$cli")
EMU_BIN=${EMU_BIN:-/work/scratch/emu/build/bin}
NODELAY=${NODELAY:-/work/scratch/nodelay/nodelay.so}
TRUST=${TRUST:-/work/shared/interop/certs/ecp384/ca.cert}
port=${PORT:-2323}
fail=0
for ver in 1.2 1.3 1.4; do
	for cmd in "ide" "ide --stop" "tdisp"; do
		(cd "$EMU_BIN" && LD_PRELOAD=$NODELAY timeout 60 ./spdm_responder_emu --trans PCI_DOE \
			--ver "$ver" --mut_auth NO --basic_mut_auth NO >/tmp/emu_app.$$.log 2>&1) &
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
