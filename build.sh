#!/usr/bin/env bash
# Vínculo's one build script.
#
#   ./build.sh          install what is missing (idempotent), build the extension into dist/chrome
#   ./build.sh test     build, then run every test: cargo test, clippy, fmt, wasm-level tests,
#                       browser end-to-end tests in Debian's headless Chromium
#   ./build.sh checks   only what needs no browser: fmt, clippy, cargo test, the fuzz smoke
#   ./build.sh bench    build, then print the benchmark figures (wasm size, content-script cost
#                       per batch, page time with and without the extension, core timings)
#   ./build.sh package  store zips dist/vinculo-<browser>-<version>.zip from clean trees
#   ./build.sh demo     serve the demo pages as the site and open Chromium with the extension
#                       (headed with a display, else headless), screenshots into dist/demo/
#   ./build.sh fuzz [SECONDS]
#                       coverage-guided fuzzing (cargo fuzz) of every parser that sees outside
#                       input, SECONDS per target (60 by default); `test` runs each briefly
#
# Pipeline (as Ruffle does it): cargo build --locked --target wasm32-unknown-unknown
#   --features worker|pages → wasm-bindgen --target web → wasm-opt (-Oz --converge for the
#   worker, -O3 for the pages) → dist/<browser>/pkg/.
# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in Cargo.lock; it is
# read from there, so the pin lives in one place (Cargo.toml's `wasm-bindgen = "=…"`).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
DIST="$ROOT/dist"
WASM_TARGET=wasm32-unknown-unknown
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

# Each step is headed with the seconds since the script started: where CI's time goes.
log() { printf '\n== [%ss] %s\n' "$SECONDS" "$*"; }

version() { sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1; }

# --- tools -------------------------------------------------------------------------------------

apt_install() {
  # Debian packages, installed only when the command they provide is missing.
  local missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# `cargo install` for the build's own tools. Their optimisation does not change what they
# make (wasm-bindgen's output is byte for byte the same), so they are compiled for compile
# time — unoptimised, many codegen units, no LTO — and only the binaries the build runs:
# wasm-bindgen-cli installs in 99 s on a clean 2-core machine (206 s at opt-level 1; the
# default release build took minutes more), and then takes 1–1.5 s per module, not 0.4 s.
install_tool() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install "$@"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    log "rustup target add $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  [ -f Cargo.lock ] || cargo generate-lockfile
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    # Not --locked: a dependency pinned by the CLI's lockfile is missing from the registry.
    # Only the `wasm-bindgen` binary, without the test runner's TLS stack (default features).
    log "cargo install wasm-bindgen-cli $want (was: ${have:-none}; takes ~2 min once)"
    install_tool wasm-bindgen-cli --version "$want" --no-default-features --bin wasm-bindgen
  fi
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package.json -nt node_modules/.installed ]; then
    log "npm ci (binaryen's wasm-opt, playwright-core, test tools)"
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules/.installed
  fi
}

# The browsers the tests drive, Debian's (test tools must not download browsers of their own:
# no network here), and openssl for the fixture server's certificate. Downloading and
# unpacking them takes a minute or two on a clean machine: it runs in the background while
# the build compiles, and `test_packages_ready` waits for it.
TEST_PACKAGES_PID=
start_test_packages() {
  mkdir -p "$ROOT/target"
  apt_install chromium:chromium openssl:openssl firefox-esr:firefox-esr >"$ROOT/target/apt.log" 2>&1 &
  TEST_PACKAGES_PID=$!
}

test_packages_ready() {
  [ -n "$TEST_PACKAGES_PID" ] || return 0
  local status=0
  wait "$TEST_PACKAGES_PID" || status=$?
  TEST_PACKAGES_PID=
  cat "$ROOT/target/apt.log"
  [ "$status" -eq 0 ] || { echo "installing the test browsers failed (exit $status)" >&2; return 1; }
}

ensure_check_tools() {
  ensure_wasm_target
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
}

ensure_test_tools() {
  start_test_packages
  ensure_check_tools
}

# --- build -------------------------------------------------------------------------------------

# One crate, two wasm modules (cargo features): `worker`, what the service worker loads (scans,
# activity, the summary, merging an import), and `pages`, what the extension pages load (the
# archive reader, the exports). Each goes through wasm-bindgen and wasm-opt into dist/pkg/ as
# vinculo_<module>.js and vinculo_<module>_bg.wasm.
WASM_MODULES=(worker pages)
# Each module's own cargo build directory: cargo locks a build directory for each command, so
# the two modules build at once (below), and `./build.sh test` builds them while its native
# checks use target/ (see run_tests).
WASM_BUILD_DIR="$ROOT/target/wasm"

# One module: cargo build, wasm-bindgen, wasm-opt, into dist/pkg/.
build_module() {
  local module=$1 out="$DIST/pkg" profile opt=() dir="$WASM_BUILD_DIR/$1"
  # The worker's module is optimised for size (it loads with every service worker start);
  # the pages' module for speed (an archive import is timed; only extension pages load
  # it): Cargo.toml's `release-pages` profile, and wasm-opt -O3. `--converge` repeats -Oz
  # while it still shrinks the module (1.9 KB gzipped fewer than one pass). Rebuilding the
  # control flow from scratch (`--flatten --rereloop`, then -Oz) and merging the functions
  # that then differ only in constants or callees (`--merge-similar-functions`) save 1 KB
  # gzipped more, for about 20 s more of wasm-opt.
  # `--low-memory-unused` (1.2 KB gzipped) lets wasm-opt fold `load(p + c)` into a load at
  # offset c from p, which differs only when p + c wraps past 4 GiB to an address below
  # 1 KiB: then the fold traps where the original read the lowest KiB. Rust's wasm32 layout
  # (`--stack-first`) puts the 1 MiB stack at the bottom of memory, growing down to 0, and
  # statics and the heap above it: the lowest KiB is used only by a stack within 1 KiB of
  # overflowing, and the worker's deepest calls (JSON nested 128 deep) stay far from that.
  case $module in
    pages) profile=release-pages opt=(-O3) ;;
    *)
      profile=release
      opt=(--low-memory-unused -Oz --flatten --rereloop -Oz --merge-similar-functions -Oz --converge)
      ;;
  esac
  log "cargo build --profile $profile --target $WASM_TARGET --features $module"
  cargo build --locked --profile "$profile" --target "$WASM_TARGET" --features "$module" --target-dir "$dir"
  # Its TypeScript declarations are for `tsc --checkJs` only: not copied into the packages.
  log "wasm-bindgen, wasm-opt ${opt[*]}: $module"
  wasm-bindgen --target web --out-dir "$out" --out-name "vinculo_$module" \
    "$dir/$WASM_TARGET/$profile/vinculo.wasm"
  # binaryen from npm: Debian's binaryen 108 is too old for rustc 1.95's output.
  wasm-opt "${opt[@]}" --strip-debug --strip-producers "$out/vinculo_${module}_bg.wasm" -o "$out/vinculo_${module}_bg.opt.wasm"
  mv "$out/vinculo_${module}_bg.opt.wasm" "$out/vinculo_${module}_bg.wasm"
}

# Both modules at once, each logged to target/wasm-<module>.log and printed when both end: a
# module's build ends in single-threaded LTO and wasm-opt, while the other one compiles.
build_wasm() {
  local module pid status=0 pids=()
  rm -rf "$DIST/pkg" && mkdir -p "$DIST/pkg" "$ROOT/target"
  for module in "${WASM_MODULES[@]}"; do
    build_module "$module" >"$ROOT/target/wasm-$module.log" 2>&1 &
    pids+=($!)
  done
  log "building the wasm modules (${WASM_MODULES[*]}) at once"
  for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
  done
  for module in "${WASM_MODULES[@]}"; do
    log "the $module module's build log"
    cat "$ROOT/target/wasm-$module.log"
  done
  [ "$status" -eq 0 ] || { echo "building the wasm modules failed (exit $status): see their logs above" >&2; return 1; }
}

# dist/<browser>/ = extension/ + the wasm package + generated adapter data + patched manifest.
assemble() {
  local browser=$1 dir="$DIST/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  cp -R extension/. "$dir/"
  cp -R "$DIST/pkg" "$dir/pkg"
  rm -f "$dir"/pkg/*.d.ts
  node tools/assemble.mjs "$browser" "$(version)" "$dir"
}

build() {
  ensure_build_tools
  build_wasm
  assemble chrome
  assemble firefox
  package
  log "built $DIST/chrome (chrome://extensions → Load unpacked) and $DIST/firefox"
}

# Store packages: the assembled trees hold only what ships (no sources, maps or tests).
package() {
  local v
  # One apt at a time: the test browsers' install, when it runs, finishes first.
  test_packages_ready
  apt_install zip:zip
  v=$(version)
  for browser in chrome firefox; do
    rm -f "$DIST/vinculo-$browser-$v.zip"
    (cd "$DIST/$browser" && zip -qrX "$DIST/vinculo-$browser-$v.zip" .)
    echo "package: $DIST/vinculo-$browser-$v.zip"
  done
}

# --- test --------------------------------------------------------------------------------------

# The checks that need neither the built extension nor a browser: formatting, clippy, the
# native tests, the fuzz smoke. `./build.sh checks` runs them alone.
run_checks() {
  log "cargo fmt --check"
  cargo fmt --all -- --check
  log "cargo clippy -D warnings (native and wasm32)"
  cargo clippy --locked --all-targets -- -D warnings
  for module in "${WASM_MODULES[@]}"; do
    cargo clippy --locked --target "$WASM_TARGET" --lib --features "$module" -- -D warnings
  done
  log "cargo test (native core, adapter fixtures, property tests)"
  cargo test --locked
  log "fuzz smoke: every target briefly (./build.sh fuzz runs them longer)"
  run_fuzz 5 smoke
}

# Everything, in two lanes: the checks in the background at the lowest CPU priority (their
# log is printed when they end), beside the build, whose wasm modules end in single-threaded
# LTO and wasm-opt. On a clean 2-core machine the build ends at about 530 s and the checks at
# about 575 s (beside the first browser tests, at their low priority), where one after the
# other took about 980 s.
CHECKS_PID=
# Browser tests timed against the page or the worker: a post's badges drawn before it scrolls
# on screen; the worker stopped every 250–1000 ms while five tabs record.
E2E_ALONE=(tests/e2e/long-feed.test.mjs tests/e2e/soak.test.mjs)
run_tests() {
  ensure_test_tools
  mkdir -p "$ROOT/target"
  log "checks (fmt, clippy, cargo test, fuzz smoke) in the background: target/checks.log"
  # Its own session, so that it can be stopped whole if the foreground fails.
  setsid -w nice -n 19 "$ROOT/build.sh" checks >"$ROOT/target/checks.log" 2>&1 &
  CHECKS_PID=$!
  trap 'if [ -n "$CHECKS_PID" ]; then kill -- -"$CHECKS_PID" 2>/dev/null || true; fi' EXIT
  build
  log "tsc --checkJs (the protocol's message shapes: the worker, the pages, the content scripts)"
  tsc -p tsconfig.json
  log "JS unit tests (locales, protocol) and wasm-level tests (the built package in Node)"
  node --test tests/unit/ tests/wasm/
  log "web-ext lint dist/firefox"
  web-ext lint --source-dir "$DIST/firefox" --output=text
  # Two files at a time (each has its own browser, profile and server; they wait on pages and
  # frames about half the time), but those whose assertions are timed run alone afterwards.
  local file beside=()
  for file in tests/e2e/*.test.mjs; do
    [[ " ${E2E_ALONE[*]} " == *" $file "* ]] || beside+=("$file")
  done
  log "browser end-to-end tests (headless Chromium and Firefox ESR, strict CSP), two files at a time"
  node --test --test-concurrency=2 "${beside[@]}"
  log "timed browser end-to-end tests, alone: ${E2E_ALONE[*]}"
  node --test --test-concurrency=1 "${E2E_ALONE[@]}"
  log "waiting for the checks"
  local status=0
  wait "$CHECKS_PID" || status=$?
  CHECKS_PID=
  log "checks' log"
  cat "$ROOT/target/checks.log"
  [ "$status" -eq 0 ] || { echo "the checks failed (exit $status): see their log above" >&2; return 1; }
  log "every test passed"
}

# --- fuzz --------------------------------------------------------------------------------------

# fuzz/Cargo.toml's targets: counts, depth, the archive (CSV reader, dates and references, CSV
# files, ZIP), the JSON backup, the store loaded from any stored keys, page scans and activity.
FUZZ_TARGETS=(count depth archive_csv archive_text archive_files archive_zip backup store_load page_scan activity)
FUZZ_CORPUS="$ROOT/target/fuzz-corpus"

ensure_fuzz_tools() {
  command -v cargo-fuzz >/dev/null 2>&1 || { log "cargo install cargo-fuzz (once)"; install_tool cargo-fuzz --locked; }
  # libFuzzer's instrumentation needs unstable compiler flags: the nightly toolchain when it is
  # installed, else the stable one allowed them (no toolchain can be fetched on every machine).
  if rustup toolchain list | grep -q '^nightly'; then
    FUZZ_CARGO=(cargo +nightly)
  else
    FUZZ_CARGO=(env RUSTC_BOOTSTRAP=1 cargo)
  fi
}

# Runs every target for $1 seconds from the fixtures' seeds (and what earlier runs found), and
# prints each one's executions. A crash stops the run; its input is under fuzz/artifacts/.
# `run_fuzz SECONDS smoke`, the tests' short run, builds the targets unoptimised and without
# AddressSanitizer: half the compile time of the optimised ASan build (75 s against 160 s on a
# clean 2-core machine) for a few seconds per target, still with libFuzzer's coverage
# guidance, debug assertions and overflow checks. The crate has no `unsafe` code, so ASan
# watches only its dependencies; the longer runs keep it.
run_fuzz() {
  local seconds=$1 target out runs summary=() build=()
  [ "${2:-}" = smoke ] && build=(--dev --sanitizer none)
  ensure_fuzz_tools
  python3 tools/fuzz_seeds.py "$FUZZ_CORPUS"
  log "cargo fuzz build ${build[*]} (${FUZZ_TARGETS[*]})"
  "${FUZZ_CARGO[@]}" fuzz build "${build[@]}"
  for target in "${FUZZ_TARGETS[@]}"; do
    log "cargo fuzz run $target (${seconds}s)"
    out="$ROOT/target/fuzz-$target.log"
    if ! "${FUZZ_CARGO[@]}" fuzz run "${build[@]}" "$target" "$FUZZ_CORPUS/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 >"$out" 2>&1; then
      tail -n 40 "$out"
      echo "fuzz: $target crashed; the input is under fuzz/artifacts/$target/ (log: $out)" >&2
      return 1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    summary+=("$target: ${runs:-?} executions in ${seconds}s, no crash")
  done
  log "fuzz summary"
  printf '%s\n' "${summary[@]}"
}

run_bench() {
  ensure_test_tools
  build
  node tests/bench/run.mjs
}

run_demo() {
  ensure_test_tools
  build
  node tools/demo.mjs
}

case "${1:-build}" in
  build) build ;;
  test) run_tests ;;
  checks) ensure_check_tools; run_checks ;;
  bench) run_bench ;;
  package) build ;;
  demo) run_demo ;;
  fuzz) run_fuzz "${2:-60}" ;;
  *) echo "usage: $0 [build|test|checks|bench|package|demo|fuzz [SECONDS]]" >&2; exit 2 ;;
esac
