#!/usr/bin/env bash
# Load benchmark of the web application (not part of CI): the `--scale large`
# demo served on loopback, 100 concurrent connections signed in as the demo
# social worker, first on the caseload page, then on child pages (each view
# writes its audit entry, as in use) while two managers load their team page
# in a loop, one request after another (two sessions of the demo team manager:
# the demo has one manager account). Prints wrk's latency percentiles, the team
# pages' times, and a p50/p99 summary against the goal (p99 under 100 ms).
#
#   bash scripts/load-test.sh [SECONDS]        (default 30 per page; CONNECTIONS=N to change 100)
#
# Needs wrk (Debian's package; installed here if missing) and python3. Builds
# the release binary; the demo database is made once in target/load-test/ and
# reused (delete it to regenerate).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_PAGE="${1:-30}"
CONNECTIONS="${CONNECTIONS:-100}"
AS_OF=2026-03-31

if ! command -v wrk >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
# NO_BUILD=1 measures the release binary already built.
[ -n "${NO_BUILD:-}" ] || cargo build --release -q -p carefile
# BIN=PATH measures another build (e.g. a copy of an earlier one, for a before-and-after).
BIN="${BIN:-target/release/carefile}"
DIR=target/load-test
mkdir -p "$DIR"
DB="$DIR/large.db"
if [ ! -f "$DB" ] || [ ! -f "$DIR/users.txt" ]; then
    rm -f "$DB"
    echo "load-test: generating the large demo (once)"
    "$BIN" demo --scale large --db "$DB" --as-of "$AS_OF" | tee "$DIR/users.txt"
fi
PASSWORD=$(awk '$1 == "demo-social-worker" { print $2 }' "$DIR/users.txt")
[ -n "$PASSWORD" ] || { echo "load-test: no demo-social-worker password in $DIR/users.txt" >&2; exit 1; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
"$BIN" serve --db "$DB" --addr "127.0.0.1:$PORT" --as-of "$AS_OF" --insecure-cookies 2>"$DIR/serve.log" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fs "$BASE/healthz" >/dev/null || { echo "load-test: the server did not start (see $DIR/serve.log)" >&2; exit 1; }

# Sign in through the page, as a browser does: cookie and CSRF token from the form.
# sign_in USER PASSWORD JAR: leaves the session's cookie in JAR.
sign_in() {
    rm -f "$3"
    local csrf
    csrf=$(curl -fs -c "$3" "$BASE/signin" | python3 -c 'import re,sys; print(re.search(r"name=\"csrf\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')
    curl -fs -b "$3" -c "$3" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=$1" \
        --data-urlencode "password=$2" "$BASE/signin"
    grep -q carefile_session "$3" || { echo "load-test: sign-in of $1 failed" >&2; exit 1; }
}
JAR="$DIR/cookies.txt"
sign_in demo-social-worker "$PASSWORD" "$JAR"
SESSION=$(awk '$6 == "carefile_session" { print $7 }' "$JAR")
MANAGER_PASSWORD=$(awk '$1 == "demo-team-manager" { print $2 }' "$DIR/users.txt")
for m in 1 2; do sign_in demo-team-manager "$MANAGER_PASSWORD" "$DIR/manager$m.txt"; done

# The children on the caseload (not the restricted one, which needs break glass: its name is not given).
IDS=$(curl -fs -b "$JAR" "$BASE/api/v1/caseload" | python3 -c '
import json, sys
ids = sorted(c["id"] for c in json.load(sys.stdin) if c["name"] is not None)
print(",".join("\"%s\"" % i for i in ids))')
[ -n "$IDS" ] || { echo "load-test: the caseload is empty" >&2; exit 1; }

LUA="$DIR/pages.lua"
cat >"$LUA" <<LUA
local ids = { $IDS }
local n = 0
request = function()
  n = n + 1
  local path = os.getenv("PAGE") == "child" and ("/children/" .. ids[(n % #ids) + 1]) or "/caseload"
  return wrk.format("GET", path, { ["Cookie"] = "carefile_session=$SESSION" })
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %s p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    os.getenv("PAGE"), latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

echo "load-test: $(nproc) cores, $CONNECTIONS connections, ${SECONDS_PER_PAGE}s per page, $(echo "$IDS" | tr ',' '\n' | wc -l) children on the caseload"
# team_loop N: manager N loads the team page again and again until stopped; one time (s) per line.
team_loop() {
    while :; do
        curl -fs -b "$DIR/manager$1.txt" -o /dev/null -w '%{time_total}\n' "$BASE/team" || echo failed
    done >"$DIR/team$1.txt"
}
for page in caseload child; do
    LOOPS=()
    if [ "$page" = child ]; then
        team_loop 1 & LOOPS+=($!)
        team_loop 2 & LOOPS+=($!)
    fi
    PAGE=$page wrk -t"$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))" -c"$CONNECTIONS" -d"${SECONDS_PER_PAGE}s" --latency -s "$LUA" "$BASE" | tee "$DIR/wrk-$page.txt"
    for l in "${LOOPS[@]}"; do kill "$l" 2>/dev/null || true; wait "$l" 2>/dev/null || true; done
done
echo
echo "summary (goal: p99 under 100 ms):"
grep -h '^RESULT' "$DIR"/wrk-caseload.txt "$DIR"/wrk-child.txt | while read -r _ page p50 p99 rest; do
    ms=${p99#p99_ms=}
    verdict=$(python3 -c "print('met' if $ms < 100 else 'missed')")
    echo "  $page: ${p50/_ms=/ } ms, ${p99/_ms=/ } ms ($rest) goal $verdict"
done
cat "$DIR/team1.txt" "$DIR/team2.txt" | python3 -c '
import sys
lines = [l.strip() for l in sys.stdin if l.strip()]
times = sorted(float(l) * 1000 for l in lines if l != "failed")
failed = len(lines) - len(times)
if times:
    print("  team pages during the child run (two managers): n=%d median %.0f ms max %.0f ms failed=%d"
          % (len(times), times[len(times) // 2], times[-1], failed))
else:
    print("  team pages during the child run: none completed, failed=%d" % failed)'
