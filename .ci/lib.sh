# Shared steps of run.sh, test.sh and .ci/run. Each step installs what it
# needs when it is missing, so a fresh Debian machine with rustup works.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SITE="$ROOT/target/site"
# Cargo's build directories; several checkouts may share one (CASEBOARD_BUILD_DIR)
# so dependencies compile once. Each checkout keeps its own site and binary.
BUILD="${CASEBOARD_BUILD_DIR:-$ROOT/target}"
BIN="$ROOT/target/bin/caseboard"
export LEPTOS_OUTPUT_NAME=caseboard
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

apt_install() {
  as_root true 2>/dev/null || die "$* is needed; install it (e.g. 'sudo apt-get install -y $*') and run again."
  say "Installing $* from Debian"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_wasm_target() {
  command -v cargo >/dev/null || die "Rust is not installed: see https://rustup.rs, then run again."
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { say "Adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
}

# rustfmt and clippy run in the test command; rustup's minimal profile lacks them.
ensure_lint_tools() {
  cargo fmt --version >/dev/null 2>&1 || { say "Adding rustfmt"; rustup component add rustfmt; }
  cargo clippy --version >/dev/null 2>&1 || { say "Adding clippy"; rustup component add clippy; }
}

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_bindgen() {
  local want have
  want="$(wasm_bindgen_version)"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  [ "$have" = "$want" ] && return 0
  say "Installing wasm-bindgen CLI $want (about 2 minutes, once)"
  local tmp; tmp="$(mktemp -d)"
  # Unpack the crate from the registry, then install only the one binary,
  # without the test runner's TLS stack; its lock names a webpki-roots
  # release the registry may lack, so pin the one before it when needed.
  mkdir -p "$tmp/fetch/src"
  printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nwasm-bindgen-cli = "=%s"\n' "$want" > "$tmp/fetch/Cargo.toml"
  echo 'fn main() {}' > "$tmp/fetch/src/main.rs"
  (cd "$tmp/fetch" && cargo fetch -q)
  local src; src="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$want" | head -n 1)"
  cp -r "$src" "$tmp/cli"
  (cd "$tmp/cli" && { cargo install --path . --locked --no-default-features --bin wasm-bindgen -q 2>/dev/null \
      || { cargo update -q -p webpki-roots --precise 1.0.10 && cargo install --path . --locked --no-default-features --bin wasm-bindgen -q; }; })
  rm -rf "$tmp"
  [ "$(wasm-bindgen --version | awk '{print $2}')" = "$want" ] || die "wasm-bindgen $want did not install"
}

ensure_node() {
  command -v npm >/dev/null || apt_install nodejs npm
}

ensure_npm_packages() {
  ensure_node
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    say "Installing npm packages (Playwright, axe-core, binaryen)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  apt_install chromium
}

# The post-link step that cuts the wasm at its lazy routes (RULES §8.1); a
# small host tool of this workspace (crate wasm-split, in server/wasm-split), built once.
SPLITTER="$BUILD/host/release/caseboard-split"
build_splitter() {
  (
    flock 9
    CARGO_TARGET_DIR="$BUILD/host" cargo build -q -p wasm-split --release
  ) 9>"$BUILD/.server.lock"
}

# Builds the hydration bundle into target/site/pkg. $1: debug | release.
# The wasm (linked with its relocations, see .cargo/config.toml) is split
# into the main module and lazily loaded ones before wasm-bindgen binds the
# main module, as cargo-leptos does; in release each is then run through
# wasm-opt. The names of the lazily loaded modules are unhashed here;
# prepare_assets names everything by content.
build_site() {
  local mode="$1" profile_flag="" dir="debug"
  ensure_wasm_target
  ensure_wasm_bindgen
  if [ "$mode" = release ]; then profile_flag="--profile wasm-release"; dir="wasm-release"; fi
  say "Building the browser bundle ($mode)"
  mkdir -p "$SITE/pkg" "$BUILD"
  build_splitter
  local pkg="$SITE/pkg" names="$BUILD/bundle-names"
  # The last build's unhashed split files: this build writes its own.
  find "$pkg" -maxdepth 1 \( -name 'split_*.wasm' -o -name 'chunk_*.wasm' -o -name '__wasm_split*' \) \
    ! -regex '.*\.[0-9a-f]\{16,22\}\.[a-z]*\(\.br\|\.gz\)\?' -delete
  # Checkouts sharing $BUILD take turns: the wasm cargo leaves there is the
  # last one built, so build, split and bind it under one lock.
  (
    flock 9
    CARGO_TARGET_DIR="$BUILD/wasm" cargo build -p frontend --lib --target wasm32-unknown-unknown $profile_flag
    local out="$BUILD/wasm/wasm32-unknown-unknown/$dir"
    "$SPLITTER" "$out/frontend.wasm" "$pkg" "$out/frontend_split.wasm"
    wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
      --out-name caseboard --out-dir "$pkg" "$out/frontend_split.wasm"
  ) 9>"$BUILD/.site.lock"
  mv -f "$pkg/caseboard_bg.wasm" "$pkg/caseboard.wasm"
  rm -rf "$names" "$BUILD/caseboard.names.wasm"
  if [ "$mode" = release ]; then
    ensure_npm_packages
    # The size report by crate reads the function names wasm-opt strips.
    mkdir -p "$names"
    local wasm
    for wasm in "$pkg/caseboard.wasm" $(find "$pkg" -maxdepth 1 \( -name 'split_*.wasm' -o -name 'chunk_*.wasm' \) ! -name '*.*.wasm'); do
      cp "$wasm" "$names/"
      # npm's binaryen: Debian's older wasm-opt produces a wasm that never hydrates.
      wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --strip-debug \
        "$wasm" -o "$wasm"
    done
  fi
  cp "$ROOT/style/main.css" "$pkg/caseboard.css"
}

# Names the bundle by content and writes its brotli and gzip copies (with a
# size report); needs the server binary (build_site and build_server first).
prepare_assets() {
  say "Preparing the bundle: content-hashed names, brotli and gzip"
  # After a release build, the size report by crate too (see build_site).
  local names="$BUILD/bundle-names"
  if [ -d "$names" ]; then
    "$BIN" prepare-assets "$SITE" --names "$names"
  else
    "$BIN" prepare-assets "$SITE"
  fi
}

# Builds the server binary. $1: debug | release.
build_server() {
  local mode="$1"
  say "Building the server ($mode)"
  mkdir -p "$(dirname "$BIN")" "$BUILD"
  (
    flock 9
    if [ "$mode" = release ]; then
      CARGO_TARGET_DIR="$BUILD/host" cargo build -p server --release
    else
      CARGO_TARGET_DIR="$BUILD/host" cargo build -p server
    fi
    cp -f "$BUILD/host/$([ "$mode" = release ] && echo release || echo debug)/caseboard" "$BIN"
  ) 9>"$BUILD/.server.lock"
}

# The benchmark scripts' release build, unless SKIP_BUILD is set and one exists.
release_build_unless_skipped() {
  [ -x "$BIN" ] && [ -n "${SKIP_BUILD:-}" ] || { build_site release; build_server release; prepare_assets; }
}

# The benchmark scripts' demo user (the Partner unless $3 names another demo
# login, e.g. admin): their session cookie at base URL $1 with demo password
# $2, and the first Institution in their list ($1, cookie).
demo_cookie() {
  local cookie
  cookie=$(curl -si --data-urlencode "email=${3:-partner}@demo.caseboard.test" --data-urlencode "password=$2" \
    "$1/api/session/sign-in" | sed -n 's/^set-cookie: \(caseboard_session=[^;]*\).*/\1/Ip' | head -1)
  [ -n "$cookie" ] || die "sign-in failed"
  echo "$cookie"
}
first_institution() {
  local id
  id=$(curl -s -H "Cookie: $2" -H 'Accept: application/json' \
    --data-urlencode kind=Institution --data-urlencode "query=per=1" "$1/api/records/list" \
    | sed -n 's/.*"rows":\[{"id":\([0-9]*\).*/\1/p')
  [ -n "$id" ] || die "no institution in the Partner's list"
  echo "$id"
}
