#!/bin/bash
# What a person meets at the command line, end to end: --version; connection errors with the
# OS's reason; trust stores of DER files and the warning for a file that is not a certificate;
# policy failures, each with its own message; file errors; a responder stopped by SIGINT and
# SIGTERM; --pcap captures of authenticate, measure, revalidate and the responder, over MCTP
# and PCI DOE, that `cspdm verify --pcap` accepts; bash completion.
# Arguments: the cspdm binary, the project version, the completion script.
set -u
CLI=${1:?path to cspdm}
VERSION=${2:?project version}
COMPLETION=${3:?completion script}
. "$(dirname "$0")/lib.sh"
passed=0
ok() { passed=$((passed + 1)); }
run() { "$@" >"$tmp/out" 2>&1; }                        # exit status of the command
has() { grep -qF -- "$1" "$tmp/out" || fail "output lacks: $1"; }

# ---- --version ----
run "$CLI" --version || fail "--version"
has "cspdm $VERSION"
has "OpenSSL 3"
has "ECDSA_P384"
has "SHA_384"
ok

# ---- cspdm ide / tdisp: their own usage, options that belong to one command only ----
run "$CLI" ide --help || fail "ide --help"
has "usage: cspdm ide"
has "K_SET_GO"
ok
run "$CLI" tdisp --help || fail "tdisp --help"
has "usage: cspdm tdisp"
ok
run "$CLI" session --connect 127.0.0.1:1 --stop
[ $? -eq 2 ] || fail "session --stop: exit status"
has "cspdm session: --stream and --stop are for cspdm ide"
ok
run "$CLI" ide --connect 127.0.0.1:1 --interface 7
[ $? -eq 2 ] || fail "ide --interface: exit status"
has "--interface is for cspdm tdisp"
ok
run "$CLI" ide --connect 127.0.0.1:1 --stream 256
[ $? -eq 2 ] || fail "ide --stream 256: exit status"
has "--stream must be 0..255: 256"
ok
run "$CLI" tdisp --connect 127.0.0.1:1 --interface 0x1z
[ $? -eq 2 ] || fail "tdisp --interface 0x1z: exit status"
has "--interface must be a 32-bit FUNCTION_ID: 0x1z"
ok
# --stop after --trust keeps the trust store (it once shared --trust's option letter)
run "$CLI" ide --connect 127.0.0.1:1 --trust /nonexistent --stop
[ $? -ne 0 ] || fail "ide --trust --stop: exit status"
has "/nonexistent"
ok

# ---- connection errors ----
run "$CLI" authenticate --connect 127.0.0.1:1
[ $? -eq 1 ] || fail "refused port: exit status"
has "connect 127.0.0.1:1: Connection refused"
ok
run "$CLI" measure --connect no-such-host.invalid:2323
[ $? -eq 1 ] || fail "unresolvable host: exit status"
has "connect no-such-host.invalid:2323: host name does not resolve"
ok
# the device goes away mid-flow (a responder of another transport closes the connection): the
# OS's reason (reset) or the close itself is named
start --transport mctp
run "$CLI" authenticate --connect "127.0.0.1:$port" --transport doe
[ $? -eq 1 ] || fail "closed connection: exit status"
grep -Eq "authentication failed: recv: (Connection reset by peer|the device closed the connection)" \
	"$tmp/out" || fail "closed connection: no reason"
has "request:  GET_VERSION"
kill -INT "$rsp"
stop || fail "responder exit status after SIGINT"
ok

# ---- trust stores ----
start --transport doe --export-root "$tmp/roots" --keep-running
mkdir "$tmp/der"
openssl x509 -in "$tmp/roots/slot0.pem" -outform DER -out "$tmp/der/root.CER" ||
	fail "openssl x509"
echo "not a certificate" >"$tmp/der/notes.crt"
echo "ignored: not a certificate name" >"$tmp/der/README"
run "$CLI" authenticate --connect "127.0.0.1:$port" --transport doe --trust "$tmp/der" ||
	fail "a DER-only trust directory"
has "outcome       trusted"
has "warning: --trust: skipping $tmp/der/notes.crt: not a PEM or DER certificate"
grep -q README "$tmp/out" && fail "a file without a certificate name was read"
ok
run "$CLI" authenticate --connect "127.0.0.1:$port" --transport doe --trust "$tmp/der/root.CER" ||
	fail "a DER trust file"
has "outcome       trusted"
ok
run "$CLI" authenticate --connect "127.0.0.1:$port" --trust "$tmp/nonexistent"
[ $? -eq 1 ] || fail "missing --trust: exit status"
has "--trust $tmp/nonexistent: No such file or directory"
ok

# ---- file errors ----
run "$CLI" authenticate --connect "127.0.0.1:$port" --transport doe --evidence /etc/hostname/ev
[ $? -eq 1 ] || fail "unwritable --evidence: exit status"
has "/etc/hostname: Not a directory"
ok
run "$CLI" authenticate --connect "127.0.0.1:$port" --transport doe --pcap "$tmp/nodir/x.pcap"
[ $? -eq 1 ] || fail "unwritable --pcap: exit status"
has "--pcap $tmp/nodir/x.pcap: No such file or directory"
ok

# ---- policy failures ----
run "$CLI" measure --connect "127.0.0.1:$port" --transport doe --evidence "$tmp/ev" ||
	fail "measure --evidence"
value=$(python3 -c "
import json, sys
print([m['value'] for m in json.load(open(sys.argv[1]))['measurements'] if m['index'] == 2][0])
" "$tmp/ev/evidence.json")
[ -n "$value" ] || fail "no measurement 2 in the bundle"
echo "{\"2\": \"$value\"}" >"$tmp/good.json"
run "$CLI" verify "$tmp/ev" --policy "$tmp/good.json" --trust "$tmp/der" || fail "a matching policy"
has "policy index 2: matches"
ok
other=$(tr 0-9a-f 1-9a-f0 <<<"$value")
echo "{\"2\": \"$other\"}" >"$tmp/mismatch.json"
run "$CLI" verify "$tmp/ev" --policy "$tmp/mismatch.json"
[ $? -eq 1 ] || fail "policy mismatch: exit status"
has "POLICY: measurements differ from the reference policy"
has "policy index 2: expected ${other:0:40}"
has "measured ${value:0:40}"
has "they differ from byte 0"
ok
printf '{"2": "%s",\n  "3" "00"}\n' "$value" >"$tmp/broken.json"
run "$CLI" verify "$tmp/ev" --policy "$tmp/broken.json"
[ $? -eq 1 ] || fail "broken policy: exit status"
has "POLICY:"
has "policy $tmp/broken.json: line 2, column"
has "':' expected"
ok
echo '{"2": "12zz"}' >"$tmp/nothex.json"
run "$CLI" verify "$tmp/ev" --policy "$tmp/nothex.json"
[ $? -eq 1 ] || fail "non-hex policy value: exit status"
has "POLICY:"
has "policy index 2: \"12zz\" is not hex: 'z' at character 3"
ok
run "$CLI" verify "$tmp/ev" --policy "$tmp/nonexistent.json"
[ $? -eq 1 ] || fail "missing policy: exit status"
has "policy $tmp/nonexistent.json: No such file or directory"
ok

# ---- SIGINT and SIGTERM stop the responder ----
exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "connecting to the responder"
t0=$(date +%s%N)
kill -INT "$rsp"
stop || fail "SIGINT: the --keep-running responder did not exit 0"
ms=$((($(date +%s%N) - t0) / 1000000))
exec 3<&-
[ "$ms" -lt 2000 ] || fail "SIGINT: took $ms ms"
grep -q "SIGINT: stopped" "$tmp/rsp.log" || fail "SIGINT: not said"
ok
start --transport mctp
kill -TERM "$rsp"
stop || fail "SIGTERM: the responder did not exit 0"
ok

# ---- captures ----
linktype() { od -An -tu4 -j20 -N4 "$1" | tr -d ' '; }
for t in mctp doe; do
	lt=291
	[ $t = doe ] && lt=292
	start --transport $t --pcap "$tmp/rsp-$t.pcap" --export-root "$tmp/roots-$t" --state "$tmp/st" \
		--keep-running
	run "$CLI" authenticate --connect "127.0.0.1:$port" --transport $t --pcap "$tmp/auth-$t.pcap" \
		--save-identity "$tmp/id-$t.json" || fail "authenticate --pcap ($t)"
	run "$CLI" measure --connect "127.0.0.1:$port" --transport $t --pcap "$tmp/meas-$t.pcap" ||
		fail "measure --pcap ($t)"
	run "$CLI" revalidate --connect "127.0.0.1:$port" --transport $t --identity "$tmp/id-$t.json" \
		--pcap "$tmp/reval-$t.pcap" || fail "revalidate --pcap ($t)"
	kill -INT "$rsp"
	stop || fail "responder --pcap ($t) exit status"
	for c in auth meas reval rsp; do
		[ "$(linktype "$tmp/$c-$t.pcap")" = $lt ] || fail "$c-$t.pcap: link type, not $lt"
	done
	for c in auth meas rsp; do
		run "$CLI" verify --pcap "$tmp/$c-$t.pcap" --certs "$tmp/roots-$t" ||
			fail "cspdm verify --pcap $c-$t.pcap"
		has "result: verified, chains trusted"
	done
	# revalidate skips GET_CERTIFICATE: the saved identity has the key
	run "$CLI" verify --pcap "$tmp/reval-$t.pcap" && fail "a capture without its chain verified"
	run "$CLI" verify --pcap "$tmp/reval-$t.pcap" --identity "$tmp/id-$t.json" ||
		fail "cspdm verify --pcap reval-$t.pcap --identity"
	has "CHALLENGE_AUTH signatures verified: 1"
	has "result: verified with the key of the saved identity"
	# the responder saw the three conversations, in the order sent
	n=0
	for c in auth meas reval; do
		run "$CLI" verify --pcap "$tmp/$c-$t.pcap"
		n=$((n + $(sed -n 's/^capture .*: \([0-9]*\) packets.*/\1/p' "$tmp/out")))
	done
	run "$CLI" verify --pcap "$tmp/rsp-$t.pcap"
	has "capture $tmp/rsp-$t.pcap: $n packets"
	ok
done
run "$CLI" authenticate --connect 127.0.0.1:1 --transport none --pcap "$tmp/none.pcap"
[ $? -eq 2 ] || fail "--pcap with NONE: exit status"
has "the NONE transport has no pcap link type"
[ -e "$tmp/none.pcap" ] && fail "--pcap with NONE wrote a file"
run "$CLI" responder --transport none --pcap "$tmp/none.pcap"
[ $? -eq 2 ] || fail "responder --pcap with NONE: exit status"
ok
# libpcap is loaded only when a capture is written or read: the CLI does not link it, and
# without it --pcap fails with what was tried
ldd "$CLI" | grep -q libpcap && fail "the CLI links libpcap"
start --transport mctp
run env CSPDM_LIBPCAP=/nonexistent/libpcap.so.0.8 "$CLI" authenticate \
	--connect "127.0.0.1:$port" --pcap "$tmp/nolib.pcap"
[ $? -eq 1 ] || fail "--pcap without libpcap: exit status"
has "captures need libpcap (/nonexistent/libpcap.so.0.8)"
stop
ok

# ---- bash completion ----
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	_cspdm
	echo "${COMPREPLY[*]}"
}
. "$COMPLETION"
[ "$(complete_words "$CLI" au)" = authenticate ] || fail "completion: commands"
[[ " $(complete_words "$CLI" "") " == *" responder "* ]] || fail "completion: all commands"
[[ " $(complete_words "$CLI" measure --pc) " == *" --pcap "* ]] || fail "completion: options"
[ "$(complete_words "$CLI" authenticate --transport m)" = mctp ] || fail "completion: values"
ok

echo "cli: $passed passed, 0 failed"
