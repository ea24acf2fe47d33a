#!/usr/bin/env bash
# Load benchmark over real sockets: the release server at the bench scale
# (25k institutions, 100k Compass reports), wrk at 16 and 64 connections for
# DURATION seconds each, on five requests a Partner user makes all day. Prints
# wrk's figures (requests/s, latency percentiles); asserts nothing.
#
#   .ci/load-bench.sh sqlite            one instance on SQLite
#   .ci/load-bench.sh postgres [N...]   N instances (default 1) over one
#                                       PostgreSQL database ($CASEBOARD_BENCH_POSTGRES_URL,
#                                       default postgres://postgres@127.0.0.1:5432);
#                                       several counts (e.g. `1 2`) share one seed
#
# Installs wrk from Debian when missing. DURATION (default 20) and
# SCALE (default 625) come from the environment.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
backend="${1:-sqlite}"
shift || true
counts=("${@:-1}")
most=$(printf '%s\n' "${counts[@]}" | sort -n | tail -1)
duration="${DURATION:-20}"
scale="${SCALE:-625}"
password="load bench password"
command -v wrk >/dev/null || apt_install wrk
release_build_unless_skipped

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
export CASEBOARD_DATA_DIR="$work" CASEBOARD_DEMO_PASSWORD="$password" LEPTOS_SITE_ROOT="$SITE" RUST_LOG=warn
if [ "$backend" = postgres ]; then
  base="${CASEBOARD_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
  db="caseboard_load_$$"
  psql "$base/postgres" -qc "CREATE DATABASE $db" >/dev/null
  trap 'cleanup; psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
  export DATABASE_URL="$base/$db"
fi

say "Seeding the demo at scale $scale ($backend)"
start=$(date +%s)
"$BIN" seed-demo --scale "$scale" >/dev/null
echo "seeded in $(( $(date +%s) - start )) s"

ports=()
for i in $(seq 1 "$most"); do
  port=$((3400 + i))
  CASEBOARD_ADDR="127.0.0.1:$port" "$BIN" serve >"$work/server-$i.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.2; done
done
url="http://127.0.0.1:${ports[0]}"
cookie=$(demo_cookie "$url" "$password")
record=$(first_institution "$url" "$cookie")

post_script() { # $1 file, $2 body
  cat >"$1" <<LUA
wrk.method = "POST"
wrk.body = "$2"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
LUA
}
post_script "$work/list.lua" "kind=Institution&query=per%3D50"
post_script "$work/search.lua" "kind=Institution&query=q%3Dacademy%26per%3D50"
# The list page mix: what a Partner working a list sends, in turn — the page
# itself, the list's server function (sorting, paging), a search and a
# record opened from it.
cat >"$work/mix.lua" <<LUA
local requests
local i = 0
-- wrk's own headers (the session cookie) plus a form's.
local function form()
  local h = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json" }
  for k, v in pairs(wrk.headers) do h[k] = v end
  return h
end
request = function()
  requests = requests or {
    wrk.format("GET", "/areas/institutions?per=50"),
    wrk.format("POST", "/api/records/list", form(), "kind=Institution&query=per%3D50%26sort%3Dname"),
    wrk.format("POST", "/api/records/list", form(), "kind=Institution&query=q%3Dacademy%26per%3D50"),
    wrk.format("GET", "/areas/institutions/$record"),
  }
  i = i % #requests + 1
  return requests[i]
end
LUA

# One wrk per instance, the connections shared out; figures per process.
run() { # $1 label, $2 path, $3 connections, $4 optional lua script
  local per=$(( $3 / instances ))
  say "$1 — $3 connections, ${duration}s, $backend, $instances instance(s)"
  local wpids=()
  for port in "${ports[@]:0:instances}"; do
    wrk -t2 -c"$per" -d"${duration}s" --latency -H "Cookie: $cookie" ${4:+-s "$4"} \
      "http://127.0.0.1:$port$2" >"$work/wrk-$port.txt" &
    wpids+=($!)
  done
  wait "${wpids[@]}"
  for port in "${ports[@]:0:instances}"; do
    grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors" "$work/wrk-$port.txt" | sed "s/^/  [:$port] /"
  done
}
for instances in "${counts[@]}"; do
for c in 16 64; do
  run "List page mix (page, server function, search, record in turn)" "/" "$c" "$work/mix.lua"
  run "Server-rendered list page, 50 institutions" "/areas/institutions?per=50" "$c"
  run "List server function, 50 institutions" "/api/records/list" "$c" "$work/list.lua"
  run "Search server function (\"academy\")" "/api/records/list" "$c" "$work/search.lua"
  run "Record page (institution $record)" "/areas/institutions/$record" "$c"
  run "Sign-in page" "/login" "$c"
done
done
say "Time to first byte, one connection (server-rendered list page)"
for i in $(seq 1 50); do
  curl -s -o /dev/null -H "Cookie: $cookie" -w '%{time_starttransfer}\n' "$url/areas/institutions?per=50"
done | sort -n | awk '{ a[NR] = $1 } END { printf "  TTFB p50 %.1f ms, p90 %.1f ms over %d requests\n", a[int(NR*0.5)]*1000, a[int(NR*0.9)]*1000, NR }'
