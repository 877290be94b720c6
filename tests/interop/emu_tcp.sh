#!/bin/bash
# DSP0287 against DMTF's reference emulators (not part of make test: CI has no emulators).
#   [PORT_BASE=N] tests/interop/emu_tcp.sh CLI EMU_BIN_DIR [NODELAY_SO]
# EMU_BIN_DIR holds spdm_responder_emu and spdm_requester_emu and their sample keys (they are
# run from there). NODELAY_SO, an LD_PRELOAD shim setting TCP_NODELAY, saves ~40 ms a message.
#  1. cspdm authenticate/measure --device tcp:127.0.0.1:PORT  vs  spdm_responder_emu --trans TCP,
#     SPDM 1.2, 1.3 and 1.4
#  2. cspdm authenticate --device tcp-listen:PORT  vs  spdm_responder_emu --tcp_sub RI
#  3. spdm_requester_emu --trans TCP  vs  cspdm responder --transport tcp
#  4. spdm_requester_emu --tcp_sub RI  vs  cspdm responder --transport tcp --dial 127.0.0.1:PORT
#  5. secure sessions both ways: cspdm session --device tcp:... (heartbeat, key updates,
#     measurements, chain) vs spdm_responder_emu, and spdm_requester_emu --exe_session vs
#     cspdm responder --sessions
set -u
CLI=$(realpath "${1:?usage: emu_tcp.sh CLI EMU_BIN_DIR [NODELAY_SO]}")
BIN=${2:?EMU_BIN_DIR}
PRE=${3:-}
tmp=$(mktemp -d)
fail() { echo "FAIL: $*"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
cd "$BIN" || fail "no $BIN"
emu() { LD_PRELOAD=$PRE timeout 60 "$@"; }
# PORT_BASE=N: ports N, N+1, ... (else free ones the kernel picks)
next_port() {
	if [ -n "${PORT_BASE:-}" ]; then p=$PORT_BASE; PORT_BASE=$((PORT_BASE + 1)); return; fi
	p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
}
wait_listen() { for _ in $(seq 100); do [ -n "$(ss -Hltn "sport = :$1")" ] && return 0; sleep 0.05; done; return 1; }
NOMUT="--mut_auth NO --basic_mut_auth NO"
openssl x509 -inform der -in ecp384/ca.cert.der -out "$tmp/ca.pem" || fail "sample root"
CHAIN="--cert-chain ecp384/bundle_responder.certchain.der --key ecp384/end_responder.key"

for v in 1.2 1.3 1.4; do
	for cmd in authenticate measure; do
		next_port
		emu ./spdm_responder_emu --trans TCP --ip 127.0.0.1 --port "$p" --ver $v $NOMUT \
			>"$tmp/emu.log" 2>&1 &
		wait_listen "$p" || fail "spdm_responder_emu did not listen"
		"$CLI" $cmd --device tcp:127.0.0.1:$p --trust "$tmp/ca.pem" >"$tmp/out" 2>&1 ||
			fail "$cmd --device tcp: at $v: $(cat "$tmp/out")"
		grep -q "SPDM $v" "$tmp/out" || fail "$cmd at $v: $(cat "$tmp/out")"
		wait
		echo "ok: cspdm $cmd --device tcp:127.0.0.1:$p vs spdm_responder_emu --trans TCP --ver $v"
	done
done

next_port
"$CLI" authenticate --device tcp-listen:$p --trust "$tmp/ca.pem" >"$tmp/out" 2>&1 &
req=$!
wait_listen "$p" || fail "cspdm did not listen"
echo | emu ./spdm_responder_emu --trans TCP --tcp_sub RI --port "$p" $NOMUT >"$tmp/emu.log" 2>&1
wait $req || fail "tcp-listen: $(cat "$tmp/out")"
echo "ok: cspdm authenticate --device tcp-listen:$p vs spdm_responder_emu --tcp_sub RI"

for v in 1.2 1.3 1.4; do
	next_port
	"$CLI" responder --transport tcp --port "$p" $CHAIN >"$tmp/rsp.log" 2>&1 &
	wait_listen "$p" || fail "cspdm responder did not listen"
	emu ./spdm_requester_emu --trans TCP --port "$p" --ver $v \
		--exe_conn DIGEST,CERT,CHAL,MEAS --exe_session NO_END >"$tmp/req.log" 2>&1 ||
		fail "spdm_requester_emu --ver $v: $(tail -5 "$tmp/req.log")"
	wait
	echo "ok: spdm_requester_emu --trans TCP --ver $v vs cspdm responder --transport tcp"
done

next_port
emu ./spdm_requester_emu --trans TCP --tcp_sub RI --port "$p" \
	--exe_conn DIGEST,CERT,CHAL,MEAS --exe_session NO_END >"$tmp/req.log" 2>&1 &
req=$!
wait_listen "$p" || fail "spdm_requester_emu did not listen"
"$CLI" responder --transport tcp --dial 127.0.0.1:$p $CHAIN >"$tmp/rsp.log" 2>&1 ||
	fail "cspdm responder --dial: $(cat "$tmp/rsp.log")"
wait $req || fail "spdm_requester_emu --tcp_sub RI: $(tail -5 "$tmp/req.log")"
echo "ok: spdm_requester_emu --tcp_sub RI vs cspdm responder --transport tcp --dial 127.0.0.1:$p"

for v in 1.2 1.4; do
	next_port
	emu ./spdm_responder_emu --trans TCP --ip 127.0.0.1 --port "$p" --ver $v $NOMUT \
		>"$tmp/emu.log" 2>&1 &
	wait_listen "$p" || fail "spdm_responder_emu did not listen"
	"$CLI" session --device tcp:127.0.0.1:$p --heartbeat --key-update --measure --chain \
		>"$tmp/out" 2>&1 || fail "session --device tcp: at $v: $(cat "$tmp/out")"
	wait
	echo "ok: cspdm session --device tcp:127.0.0.1:$p vs spdm_responder_emu --trans TCP --ver $v"
done

next_port
"$CLI" responder --transport tcp --port "$p" --sessions 2 --verbose $CHAIN >"$tmp/rsp.log" 2>&1 &
wait_listen "$p" || fail "cspdm responder did not listen"
emu ./spdm_requester_emu --trans TCP --port "$p" --exe_conn DIGEST,CERT,CHAL,MEAS \
	--exe_session KEY_EX,HEARTBEAT,KEY_UPDATE,MEAS >"$tmp/req.log" 2>&1 ||
	fail "spdm_requester_emu --exe_session: $(tail -5 "$tmp/req.log")"
wait
grep -q "secured END_SESSION" "$tmp/rsp.log" || fail "no session in: $(tail -5 "$tmp/rsp.log")"
echo "ok: spdm_requester_emu --trans TCP --exe_session KEY_EX,HEARTBEAT,KEY_UPDATE,MEAS vs cspdm responder --sessions 2"
