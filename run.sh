#!/usr/bin/env bash
# Builds and runs Caseboard on SQLite (./data/) with demo data and prints the
# demo logins. `./run.sh --dev` builds unoptimised (faster to build).
source "$(dirname "$0")/.ci/lib.sh"
mode=release
[ "${1:-}" = "--dev" ] && mode=debug
cd "$ROOT"
build_site "$mode"
build_server "$mode"
prepare_assets
export LEPTOS_SITE_ROOT="$SITE"
say "Starting Caseboard"
exec "$BIN" serve --demo
