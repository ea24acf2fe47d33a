#!/usr/bin/env bash
# Lighthouse mobile scores (simulated slow 4G, 4x CPU slowdown) for the
# sign-in page, a list and a record page, against the release server on
# SQLite with the demo data. Prints each page's performance score and key
# timings; asserts nothing.
#
#   .ci/lighthouse.sh
#
# Installs Lighthouse from npm into target/lighthouse (once) and uses
# Debian's chromium. SKIP_BUILD=1 reuses the last release build.
#
# By default Lighthouse simulates the slow network and CPU from one
# unthrottled load (its "simulate" method), as PageSpeed Insights does; the
# "observed" line is that load's own paints. THROTTLING=devtools throttles
# the load itself instead (slower, but the timings are the page's own).
# See docs/RULES.md §8.2 for how the two differ on our pages.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_chromium
ensure_node
tools="$ROOT/target/lighthouse"
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  say "Installing Lighthouse from npm (once)"
  mkdir -p "$tools"
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error lighthouse@12 >/dev/null)
fi
release_build_unless_skipped

work="$(mktemp -d)"
password="lighthouse password"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export CASEBOARD_DATA_DIR="$work" CASEBOARD_DEMO_PASSWORD="$password" LEPTOS_SITE_ROOT="$SITE" RUST_LOG=warn
"$BIN" seed-demo >/dev/null
port=3471
CASEBOARD_ADDR="127.0.0.1:$port" "$BIN" serve >"$work/server.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$port"
until curl -sf "$url/healthz" >/dev/null; do sleep 0.2; done
cookie=$(demo_cookie "$url" "$password")
record=$(first_institution "$url" "$cookie")

audit() { # $1 label, $2 path, $3 "signed-in" or empty
  local headers=()
  [ -n "${3:-}" ] && headers=(--extra-headers "{\"Cookie\": \"$cookie\"}")
  CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$url$2" \
    --only-categories=performance,accessibility --form-factor=mobile --quiet \
    --throttling-method="${THROTTLING:-simulate}" \
    --chrome-flags="--headless=new --no-sandbox" "${headers[@]}" \
    --output=json --output-path="$work/lh.json" >/dev/null 2>"$work/lh.err" \
    || { cat "$work/lh.err"; die "lighthouse failed on $2"; }
  node -e '
    const r = require(process.argv[1]); const a = r.audits;
    const ms = k => a[k] ? (a[k].numericValue / 1000).toFixed(2) + " s" : "-";
    console.log(`  ${process.argv[2].padEnd(24)} performance ${Math.round(r.categories.performance.score * 100)}, ` +
      `accessibility ${Math.round(r.categories.accessibility.score * 100)}; FCP ${ms("first-contentful-paint")}, ` +
      `LCP ${ms("largest-contentful-paint")}, TTI ${ms("interactive")}, TBT ${Math.round(a["total-blocking-time"].numericValue)} ms`);
    // The load the figures come from: its own paints, and how much of the
    // WebAssembly had arrived by its largest paint (the simulation charges
    // every download finished by then to LCP, needed for the paint or not).
    const m = a.metrics?.details?.items?.[0];
    const net = a["network-requests"]?.details;
    if (m && net) {
      const shift = (net.debugData.networkStartTimeTs - m.observedTimeOriginTs) / 1000;
      const wasm = net.items.filter(q => /\.wasm$/.test(new URL(q.url).pathname));
      const early = wasm.filter(q => q.networkEndTime + shift <= m.observedLargestContentfulPaint);
      const kb = qs => Math.round(qs.reduce((s, q) => s + q.transferSize, 0) / 1024);
      console.log(`    observed: FCP ${m.observedFirstContentfulPaint} ms, LCP ${m.observedLargestContentfulPaint} ms; ` +
        `WebAssembly in by then: ${early.length} of ${wasm.length} modules, ${kb(early)} of ${kb(wasm)} KB`);
    }
    // Which element was the largest paint, to see why it came when it did.
    const lcp = a["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node;
    if (lcp) console.log(`    largest paint: ${lcp.nodeLabel} (${lcp.selector})`);
  ' "$work/lh.json" "$1"
}
say "Lighthouse, mobile"
audit "Sign-in page" "/login"
audit "Institution list" "/areas/institutions" signed-in
audit "Institution record" "/areas/institutions/$record" signed-in
