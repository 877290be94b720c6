#!/bin/bash
# Secure sessions end to end with the CLI over loopback sockets: `cspdm session` against
# `cspdm responder`, for SPDM 1.1-1.4 over NONE, MCTP and PCI DOE, the encrypted handshake,
# MAC-only records, a restricted DHE/AEAD offer, and a responder that offers no sessions.
set -u
CLI=${1:?path to cspdm}
tmp=$(mktemp -d)
rsp=
port=
fail() { echo "FAIL: $*"; [ -f "$tmp/out" ] && cat "$tmp/out"; [ -f "$tmp/rsp.log" ] && tail -5 "$tmp/rsp.log"; exit 1; }
cleanup() { [ -n "$rsp" ] && kill "$rsp" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

start() { # transport, responder options...: any free port, read back from its log
	local t=$1
	shift
	"$CLI" responder --port 0 --transport "$t" --asym ECDSA_P256 --hash SHA_256 "$@" \
		>"$tmp/rsp.log" 2>&1 &
	rsp=$!
	for _ in $(seq 1 400); do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/rsp.log")
		[ -n "$port" ] && [ -n "$(ss -Hltn "sport = :$port")" ] && return 0
		kill -0 "$rsp" 2>/dev/null || fail "responder did not start: $(cat "$tmp/rsp.log")"
		sleep 0.05
	done
	fail "responder not listening"
}
stop() { wait "$rsp" 2>/dev/null; rsp=; }
expect() { grep -q "$1" "$tmp/out" || fail "$2: no '$1' in the output"; }

session() { # transport, cspdm session options...: must succeed with every step
	local t=$1
	shift
	"$CLI" session --connect "127.0.0.1:$port" --transport "$t" --json "$@" >"$tmp/out" 2>&1 ||
		fail "cspdm session $t $*"
	expect '"result": "ok"' "session $t $*"
	expect '"step": "end session"' "session $t $*"
	! grep -q '"result": "failed"' "$tmp/out" || fail "a step failed: $t $*"
}

n=0
for t in none mctp doe; do
	for v in 1.1 1.2 1.3 1.4; do
		start "$t" --ver "$v"
		session "$t" --heartbeat --key-update --measure --chain
		expect "\"secured_message_version\": \"1.2\"" "$t $v"
		expect '"handshake": "in the clear"' "$t $v"
		stop
		n=$((n + 1))
	done
done

# the encrypted handshake; MAC-only records; one DHE group and AEAD; an older secured version
start mctp --no-handshake-in-clear
session mctp --heartbeat --key-update --measure
expect '"handshake": "encrypted"' "encrypted handshake"
stop
start doe --no-encrypt
session doe --heartbeat --key-update
expect '"mac_only": true' "MAC only"
stop
start mctp
session mctp --dhe FFDHE_2048 --aead CHACHA20_POLY1305 --sec-ver 1.1 --heartbeat
expect '"dhe": "FFDHE_2048"' "FFDHE-2048"
expect '"aead": "CHACHA20_POLY1305"' "ChaCha20"
expect '"secured_message_version": "1.1"' "secured messages 1.1"
stop
start mctp --no-handshake-in-clear --no-encrypt --dhe SECP_521_R1 --aead AES_128_GCM
session mctp --no-auth --heartbeat --key-update
expect '"dhe": "SECP_521_R1"' "P-521"
stop
n=$((n + 4))

# a device without sessions: the open fails clearly, exit status 1
start mctp --no-key-ex
"$CLI" session --connect "127.0.0.1:$port" --transport mctp >"$tmp/out" 2>&1 &&
	fail "a session opened with a device that offers none"
expect "CAPABILITIES" "no KEY_EX_CAP"
expect "KEY_EX_CAP" "no KEY_EX_CAP"
stop
n=$((n + 1))
echo "session: $n passed, 0 failed"
