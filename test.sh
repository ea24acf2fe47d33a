#!/usr/bin/env bash
# Runs every test: the shared crate's unit and permission-oracle tests, the
# server's integration tests on SQLite and PostgreSQL, and the browser tests
# in Chromium. PostgreSQL tests run when a server answers at
# CASEBOARD_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# CASEBOARD_REQUIRE_POSTGRES=1 makes its absence a failure (CI sets it).
source "$(dirname "$0")/.ci/lib.sh"
cd "$ROOT"
export CASEBOARD_TEST_POSTGRES_URL="${CASEBOARD_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

say "Formatting and lints (server and browser builds)"
ensure_lint_tools
cargo fmt --all --check
CARGO_TARGET_DIR="$BUILD/host" cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
ensure_wasm_target
CARGO_TARGET_DIR="$BUILD/wasm" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "Rust tests (shared crate, server integration on SQLite and PostgreSQL)"
CARGO_TARGET_DIR="$BUILD/host" cargo test --workspace --exclude frontend 2>&1 | tee -a "$log"

say "Whole-process tests: kill -9 under write load; two instances over one PostgreSQL"
# The same package set as the step above, so nothing is rebuilt for it.
CARGO_TARGET_DIR="$BUILD/host" cargo test --workspace --exclude frontend --test integration -- --ignored crash two_instances 2>&1 | tee -a "$log"

say "Browser tests"
build_site debug
build_server debug
prepare_assets
ensure_npm_packages
ensure_chromium
(cd end2end && CASEBOARD_BIN="$BIN" LEPTOS_SITE_ROOT="$SITE" \
  npx playwright test --reporter=list) 2>&1 | tee -a "$log"

passed=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^passed/) s += $i } END { print s + 0 }' "$log")
failed=$(awk '/^test result:/ { for (i = 1; i <= NF; i++) if ($(i+1) ~ /^failed/) s += $i } END { print s + 0 }' "$log")
e2e_passed=$(awk '/^ +[0-9]+ passed/ { s += $1 } END { print s + 0 }' "$log")
e2e_failed=$(awk '/^ +[0-9]+ failed/ { s += $1 } END { print s + 0 }' "$log")
echo
echo "Total: $((passed + e2e_passed)) passed, $((failed + e2e_failed)) failed"
