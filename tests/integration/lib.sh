# Helpers for the CLI's shell tests (sourced): a temporary directory, a responder on a free
# loopback port read back from its log, and failures that show the last output.
# The caller sets CLI (the cspdm binary) before sourcing.
tmp=$(mktemp -d)
rsp=
port=
fail() {
	echo "FAIL: $*"
	[ -f "$tmp/out" ] && cat "$tmp/out"
	exit 1
}
cleanup() {
	[ -n "$rsp" ] && kill "$rsp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

start() { # responder options...: any free port, read back from its log
	"$CLI" responder --port 0 "$@" >"$tmp/rsp.log" 2>&1 &
	rsp=$!
	for _ in $(seq 1 200); do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/rsp.log")
		[ -n "$port" ] && [ -n "$(ss -Hltn "sport = :$port")" ] && return 0
		kill -0 "$rsp" 2>/dev/null || fail "responder did not start: $(cat "$tmp/rsp.log")"
		sleep 0.05
	done
	fail "responder not listening"
}
stop() {
	wait "$rsp" 2>/dev/null
	local rc=$?
	rsp=
	return $rc
}
