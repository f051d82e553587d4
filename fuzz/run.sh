#!/usr/bin/env bash
# Builds every fuzz target and runs each, one after another, for N seconds.
#
#   fuzz/run.sh            # 60 s per target
#   fuzz/run.sh 300        # 5 min per target
#   fuzz/run.sh 300 money  # one target
#
# Stable Rust is enough: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly
# flags. Environment: CARGO_TARGET_DIR (default /work/target-fuzz, away from
# the main build), SANITIZER (address | none; default address), MAX_LEN.
# Each target runs as one libFuzzer process on one core. The corpus grows in
# fuzz/corpus/<target> (git-ignored), seeded from fuzz/seeds/<target>;
# crashes land in fuzz/artifacts/<target>/, the log in fuzz/artifacts/<target>.log.
set -euo pipefail

secs="${1:-60}"
shift || true

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-fuzz}"
sanitizer="${SANITIZER:-address}"

command -v cargo-fuzz >/dev/null || {
    echo "cargo-fuzz is missing: cargo install cargo-fuzz --locked" >&2
    exit 2
}

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# -a: debug assertions and overflow checks on, so an overflow is a crash.
cargo fuzz build -a -s "$sanitizer" --codegen-units 16

mkdir -p fuzz/artifacts
status=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    log="fuzz/artifacts/$t.log"
    echo "== $t: ${secs}s" >&2
    args=(
        -max_total_time="$secs"
        -timeout=10            # one input taking >10 s is a hang
        -rss_limit_mb=2048     # unbounded allocation is a crash
        -malloc_limit_mb=1024
        -print_final_stats=1
    )
    [ -n "${MAX_LEN:-}" ] && args+=(-max_len="$MAX_LEN")
    if cargo fuzz run -a -s "$sanitizer" --codegen-units 16 "$t" \
        "fuzz/corpus/$t" "fuzz/seeds/$t" -- "${args[@]}" 2>"$log"; then
        result="ok"
    else
        result="CRASH (see $log and fuzz/artifacts/$t/)"
        status=1
    fi
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    summary+=("$t: ${secs}s, ${execs:-?} execs, $result")
done

printf '%s\n' "${summary[@]}"
exit "$status"
