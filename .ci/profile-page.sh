#!/usr/bin/env bash
# Where a request's time goes, counted in instructions (valgrind's
# callgrind), which stay the same however loaded the machine is: the release
# server at the bench scale answers N requests of one path as the demo
# Partner user (AS=admin, or another demo login, to choose), then the
# functions are listed by inclusive cost.
#
#   .ci/profile-page.sh [PATH] [N]     default /areas/institutions?per=50, 50
#
# Installs valgrind from Debian when missing. SKIP_BUILD=1 reuses the last
# release build; SCALE (default 625) comes from the environment.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
path="${1:-/areas/institutions?per=50}"
n="${2:-50}"
scale="${SCALE:-625}"
password="profile password"
who="${AS:-partner}"
command -v valgrind >/dev/null || apt_install valgrind
release_build_unless_skipped

work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export CASEBOARD_DATA_DIR="$work" CASEBOARD_DEMO_PASSWORD="$password" LEPTOS_SITE_ROOT="$SITE" RUST_LOG=warn
say "Seeding the demo at scale $scale"
"$BIN" seed-demo --scale "$scale" >/dev/null
port=3481
url="http://127.0.0.1:$port"
CASEBOARD_ADDR="127.0.0.1:$port" valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
  "$BIN" serve >"$work/server.log" 2>&1 &
pid=$!
until curl -sf "$url/healthz" >/dev/null; do sleep 0.5; done
cookie=$(demo_cookie "$url" "$password" "$who")
get() { curl -s -o /dev/null -H "Cookie: $cookie" -H 'Accept: application/json' "$url$path"; }
# Warm up, then count only the measured requests.
get; get; get
callgrind_control -z "$pid" >/dev/null
for _ in $(seq 1 "$n"); do get; done
callgrind_control -d "$pid" >/dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true
pid=""
say "Instructions for $n requests of $path as $who (inclusive, top 40)"
dump="$(ls "$work"/cg.out.* | head -n 1)"
callgrind_annotate --inclusive=yes "$dump" 2>/dev/null | sed -n '/PROGRAM TOTALS/p;/file:function/,$p' | head -n 42 | cut -c1-180
