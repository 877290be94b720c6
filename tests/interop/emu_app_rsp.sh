#!/bin/bash
# Live (not in CI): DMTF's spdm_requester_emu --trans PCI_DOE --exe_conn DIGEST,CERT
# --exe_session KEY_EX,APP and PSK,APP against `cspdm responder --transport doe`, at 1.2, 1.3 and
# 1.4: PCIe IDE_KM, TDISP, CXL IDE_KM and CXL TSP with its secondary PSK sessions. A cell passes
# when the emulator exits 0 with no error in its log and the capture holds the whole app flow:
# at least MIN_SECURED (150) secured messages, counted by pcap-session-count.
# Usage: [PORT=N] tests/interop/emu_app_rsp.sh CLI EMU_BIN_DIR PCAP_SESSION_COUNT [NODELAY_SO]
# EMU_BIN_DIR holds spdm_requester_emu (run from there); NODELAY_SO, an LD_PRELOAD shim setting
# TCP_NODELAY. The PSK is DMTF's public sample ("TestPskData", hint "TestPskHint").
set -u
usage="usage: emu_app_rsp.sh CLI EMU_BIN_DIR PCAP_SESSION_COUNT [NODELAY_SO]"
cli=$(realpath "${1:?$usage}")
EMU_BIN=$(realpath "${2:?$usage}")
count=$(realpath "${3:?$usage}")
NODELAY=${4:-}
PSK=5465737450736b4461746100
HINT=5465737450736b48696e7400
port=${PORT:-2324}
min=${MIN_SECURED:-150}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for ver in 1.2 1.3 1.4; do
	for sess in KEY_EX,APP PSK,APP; do
		"$cli" responder --port "$port" --transport doe --ver "$ver" --psk $PSK --psk-hint $HINT \
			--pcap "$tmp/c.pcap" >"$tmp/rsp.log" 2>&1 &
		rsp=$!
		for _ in $(seq 50); do ss -ltn | grep -q ":$port " && break; sleep 0.1; done
		(cd "$EMU_BIN" && LD_PRELOAD=$NODELAY timeout 120 ./spdm_requester_emu --port "$port" \
			--trans PCI_DOE --ver "$ver" --exe_conn DIGEST,CERT --exe_session "$sess" \
			--mut_auth NO --basic_mut_auth NO >"$tmp/req.log" 2>&1)
		rc=$?
		kill "$rsp" 2>/dev/null
		wait "$rsp" 2>/dev/null
		secured=$("$count" "$tmp/c.pcap" 2>/dev/null | sed -n 's/.*secured=\([0-9]*\).*/\1/p')
		errors=$(grep -v '^\[PSK\]' "$tmp/req.log" | grep -ci 'error\|fail')
		if [ "$rc" -eq 0 ] && [ "$errors" -eq 0 ] && [ "${secured:-0}" -ge "$min" ]; then
			echo "ok   $ver $sess: exit 0, $secured secured messages"
		else
			echo "FAIL $ver $sess: exit $rc, $errors error lines, ${secured:-0} secured messages"
			tail -5 "$tmp/req.log" "$tmp/rsp.log"
			fail=1
		fi
	done
done
exit $fail
