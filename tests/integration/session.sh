#!/bin/bash
# Secure sessions end to end with the CLI over loopback sockets: `cspdm session` against
# `cspdm responder`, for SPDM 1.1-1.4 over NONE, MCTP and PCI DOE, the encrypted handshake,
# MAC-only records, a restricted DHE/AEAD offer, PSK sessions (with and without context, with
# and without authentication first, an unknown hint, a wrong key), and a responder that offers
# no sessions.
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
	# CTExponent 21 (2 s): the requester's wait for KEY_EXCHANGE_RSP, long enough for a
	# responder that runs under valgrind on a loaded machine (make valgrind)
	"$CLI" responder --port 0 --transport "$t" --asym ECDSA_P256 --hash SHA_256 \
		--ct-exponent 21 "$@" >"$tmp/rsp.log" 2>&1 &
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

# PSK sessions (the reference emulators' sample PSK and hint, and a second pair), every transport
# and version: VCA alone then PSK_EXCHANGE/PSK_FINISH, unsigned measurements inside
PSK=5465737450736b4461746100
HINT=5465737450736b48696e7400
for t in none mctp doe; do
	for v in 1.1 1.2 1.3 1.4; do
		start "$t" --ver "$v" --psk 00112233 --psk-hint 0a --psk "$PSK" --psk-hint "$HINT"
		session "$t" --psk "$PSK" --psk-hint "$HINT" --heartbeat --key-update --measure
		expect '"psk": true' "psk $t $v"
		expect '"handshake": "PSK_EXCHANGE, PSK_FINISH"' "psk $t $v"
		expect 'unsigned (no certificate chain)' "psk $t $v"
		stop
		n=$((n + 1))
	done
done
# the second key, PSK_CAP without context; authenticated first with --trust (signed
# measurements); the keys never printed, nor left in the responder's command line
start mctp --cap CERT,CHAL,MEAS_SIG,ENCRYPT,MAC,PSK,HBEAT,KEY_UPD --psk "$PSK" --psk 00112233 \
	--psk-hint "$HINT" --psk-hint 0a --verbose
# (under valgrind /proc shows valgrind's own arguments, which the program cannot change)
cmdline=$(tr '\0' ' ' <"/proc/$rsp/cmdline")
case $cmdline in *valgrind*) ;; *"$PSK"*) fail "the PSK is left in the command line" ;; esac
session mctp --psk 00112233 --psk-hint 0a --heartbeat --key-update
expect '"handshake": "PSK_EXCHANGE"' "PSK_CAP without context"
stop
grep -qi "$PSK\|00112233" "$tmp/rsp.log" "$tmp/out" && fail "a PSK was printed"
start doe --export-root "$tmp/roots" --psk "$PSK" --psk-hint "$HINT"
"$CLI" session --connect "127.0.0.1:$port" --transport doe --trust "$tmp/roots" --psk "$PSK" \
	--psk-hint "$HINT" --measure >"$tmp/out" 2>&1 || fail "psk after authentication"
expect 'outcome trusted' "psk after authentication"
expect 'signatures verified' "psk after authentication"
grep -qi "$PSK" "$tmp/out" && fail "the PSK was printed"
stop
# an unknown hint (ERROR Unspecified) and a wrong key (ResponderVerifyData): exit status 1
start mctp --psk "$PSK" --psk-hint "$HINT"
"$CLI" session --connect "127.0.0.1:$port" --psk "$PSK" --psk-hint 0b >"$tmp/out" 2>&1 &&
	fail "a session opened with an unknown hint"
expect "Unspecified" "unknown hint"
stop
start mctp --psk "$PSK" --psk-hint "$HINT"
"$CLI" session --connect "127.0.0.1:$port" --psk 00 --psk-hint "$HINT" >"$tmp/out" 2>&1 &&
	fail "a session opened with a wrong PSK"
expect "ResponderVerifyData" "wrong PSK"
stop
# our own PSK session captured, then opened offline: both KEY_UPDATE operations followed; a
# changed byte in a secured message fails it; the reference captures verify in full
start doe --psk "$PSK" --psk-hint "$HINT"
"$CLI" session --connect "127.0.0.1:$port" --transport doe --psk "$PSK" --psk-hint "$HINT" \
	--heartbeat --key-update --measure --pcap "$tmp/psk.pcap" >"$tmp/out" 2>&1 ||
	fail "psk session with --pcap"
stop
"$CLI" verify --pcap "$tmp/psk.pcap" --psk "$PSK" --json >"$tmp/out" 2>&1 ||
	fail "verify --pcap --psk of our own capture"
expect '"key_updates": 2' "verify --psk: UpdateKey and UpdateAllKeys"
expect '"requester_verify_data_checked": 1' "verify --psk: PSK_FINISH"
expect '"sessions_ended": 1' "verify --psk: END_SESSION"
"$CLI" verify --pcap "$tmp/psk.pcap" --psk 00 >"$tmp/out" 2>&1 && fail "verify with a wrong PSK"
python3 - "$tmp/psk.pcap" "$tmp/bad.pcap" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
o, n = 24, 0
while o + 16 <= len(d):
    incl = struct.unpack_from('<I', d, o + 8)[0]
    if d[o + 16 + 2] == 2:  # a DOE secured message: change a byte of its ciphertext
        n += 1
        if n == 5:
            d[o + 16 + 8 + 10] ^= 1
    o += 16 + incl
open(sys.argv[2], 'wb').write(d)
PY
"$CLI" verify --pcap "$tmp/bad.pcap" --psk "$PSK" >"$tmp/out" 2>&1 &&
	fail "verify of a capture with a changed secured message"
expect "DECRYPT" "a changed secured message"
for c in "${CSPDM_DATA_DIR:-$(dirname "$0")/../data}"/sessions/*psk*.pcap; do
	"$CLI" verify --pcap "$c" --psk "$PSK" --psk-hint "$HINT" >"$tmp/out" 2>&1 ||
		fail "verify --psk $(basename "$c")"
	want=1 # ... and CXL TSP's secondary session, with the PSK the primary set
	[ "$(basename "$c")" = sess_v12_pci_doe_psk_app.pcap ] && want=2
	expect "PSK_FINISH RequesterVerifyData checked: $want" "verify --psk $(basename "$c")"
	grep -q "$PSK" "$tmp/out" && fail "the PSK was printed"
	n=$((n + 1))
done
n=$((n + 3))
"$CLI" session --connect 127.0.0.1:1 --psk-hint "$HINT" >"$tmp/out" 2>&1
[ $? = 2 ] || fail "--psk-hint without --psk is a usage error"
"$CLI" session --connect 127.0.0.1:1 --psk 0g >"$tmp/out" 2>&1
[ $? = 2 ] || fail "--psk 0g is a usage error"
n=$((n + 5))

# a device without sessions: the open fails clearly, exit status 1
start mctp --no-key-ex
"$CLI" session --connect "127.0.0.1:$port" --transport mctp >"$tmp/out" 2>&1 &&
	fail "a session opened with a device that offers none"
expect "CAPABILITIES" "no KEY_EX_CAP"
expect "KEY_EX_CAP" "no KEY_EX_CAP"
stop
n=$((n + 1))
echo "session: $n passed, 0 failed"
