#!/bin/bash
# make valgrind: memcheck over the integration tests and the CLI end to end (a build without
# sanitizers). Any error or definite leak fails. test_rsp_socket is left out: its RSA-4096 key
# generation takes about ten minutes under valgrind (it passed clean when run by hand).
set -u
build=${1:-build}
cd "$(dirname "$0")/.."
vg=(valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite)
fail=0
tests=(test_auth_socket test_verify_cli test_pcap_interop test_requester test_server test_capture
	test_socket_emu test_session test_crypto_session test_pcap_sessions test_doe_sysfs
	test_storage_io test_mctp_sock test_tcp test_enumerate test_observer_psk test_hostile_psk
	test_mutual test_hostile_mutual test_pcap_mutual test_codec_encap test_chunk)
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	if "${vg[@]}" "$build/tests/$t" >"/tmp/cspdm-vg-$t.log" 2>&1; then
		echo "valgrind: $t clean"
	else
		echo "valgrind: $t FAILED (log /tmp/cspdm-vg-$t.log)"
		fail=1
	fi
done
# the CLI itself (responder and requester) under memcheck, through the revalidate, session,
# mutual and chunk scenarios (each takes the test data folder as its second argument, or ignores it)
wrap=$(mktemp)
printf '#!/bin/bash\nexec valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite %q "$@"\n' \
	"$(realpath "$build/cspdm")" >"$wrap"
chmod +x "$wrap"
for script in revalidate session mutual chunk; do
	n=$((n + 1))
	if bash "tests/integration/$script.sh" "$wrap" tests/data >"/tmp/cspdm-vg-$script.log" 2>&1; then
		echo "valgrind: CLI through tests/integration/$script.sh clean"
	else
		echo "valgrind: CLI through $script.sh FAILED (log /tmp/cspdm-vg-$script.log)"
		fail=1
	fi
done
rm -f "$wrap"
[ $fail -eq 0 ] && echo "valgrind: $n passed, 0 failed"
exit $fail
