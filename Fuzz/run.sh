#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for a bounded time.
#
#     Fuzz/run.sh [SECONDS] [HARNESS...]
#
# SECONDS: how long each harness runs (default 600). HARNESS: frontend, bundle or receipt
# (default all three, one after the other). Each harness starts from a fresh corpus seeded from
# the repository (promos/ and stdlib/ sources, the bundle `promo build` makes of promos/, the
# receipts of Tests/ and Examples/) and from the cases kept in Fuzz/Corpus/<harness>/.
#
# Environment: PROMO, the `promo` executable to build the seed bundle with (default: built
# from the main package); WORK, the folder for corpora, logs and crash files (default: a new
# temporary folder, kept). Exit status: 0 when no harness crashed, 1 when one did, 2 on a
# usage or build problem.
set -u

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds="${1:-600}"
[ $# -gt 0 ] && shift
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(frontend bundle receipt)
case "$seconds" in ''|*[!0-9]*) echo "run.sh: SECONDS must be a whole number, not \`$seconds\`" >&2; exit 2 ;; esac
for h in "${harnesses[@]}"; do
    case "$h" in frontend|bundle|receipt) ;; *) echo "run.sh: no harness \`$h\` (frontend, bundle, receipt)" >&2; exit 2 ;; esac
done

scratch="$here/.build-fuzz"
echo "== building the harnesses (release, -sanitize=fuzzer) in $scratch"
(cd "$here" && nice -n 10 swift build -c release --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld) || { echo "run.sh: the build failed" >&2; exit 2; }
bin="$scratch/release"

work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/promo-fuzz.XXXXXX")}"
mkdir -p "$work"
echo "== corpora, logs and crash files in $work"

# Copies the files given into folder $1 under names that keep them apart.
seed() {
    local into="$1"; shift
    mkdir -p "$into"
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "$into/$(echo "${f#"$root"/}" | tr '/' '_')"
    done
}

seed_frontend() {
    seed "$1" "$root"/promos/*.promo "$root"/stdlib/*.promo "$here"/Corpus/frontend/*
}

seed_bundle() {
    local promo="${PROMO:-}"
    if [ -z "$promo" ]; then
        echo "== building promo (to compile the seed bundle)"
        (cd "$root" && nice -n 10 swift build --product promo >&2) || { echo "run.sh: cannot build promo" >&2; exit 2; }
        promo="$(cd "$root" && swift build --show-bin-path)/promo"
    fi
    mkdir -p "$1"
    "$promo" build "$root/promos" -o "$1/promos.bundle" --color never >/dev/null 2>&1 \
        || { echo "run.sh: \`promo build promos\` failed" >&2; exit 2; }
    seed "$1" "$here"/Corpus/bundle/*
}

seed_receipt() {
    seed "$1" "$root"/Tests/PromoVMTests/Cases/*/receipt.json "$here"/Corpus/receipt/*
    # One file per line of the example till's receipts.
    local n=0 line
    while IFS= read -r line; do
        n=$((n + 1)); printf '%s\n' "$line" > "$1/Examples_pos-c_receipts_$n.json"
    done < "$root/Examples/pos-c/receipts.jsonl"
}

status=0
summary=""
for h in "${harnesses[@]}"; do
    case "$h" in
        frontend) exe="$bin/FuzzFrontend"; dict=(-dict="$here/promo.dict") ;;
        bundle) exe="$bin/FuzzBundle"; dict=() ;;
        receipt) exe="$bin/FuzzReceipt"; dict=(-dict="$here/receipt.dict") ;;
    esac
    corpus="$work/corpus-$h"; artifacts="$work/crashes-$h/"; log="$work/$h.log"
    rm -rf "$corpus"; mkdir -p "$artifacts"
    "seed_$h" "$corpus"
    echo "== $h: $(ls "$corpus" | wc -l) seeds, $seconds s"
    PROMO_ROOT="$root" nice -n 10 "$exe" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        ${dict[@]+"${dict[@]}"} -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1
    code=$?
    runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
    speed="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)"
    crashes="$(ls "$artifacts" | wc -l)"
    line="$h: ${runs:-?} executions in ${seconds} s (${speed:-?} exec/s), corpus $(ls "$corpus" | wc -l) files, exit $code"
    echo "   $line"
    if [ "$code" -ne 0 ] || [ "$crashes" -gt 0 ]; then
        status=1
        echo "   $h CRASHED; the log: $log"
        for f in "$artifacts"*; do [ -f "$f" ] && echo "   crash file: $f"; done
        grep -m 5 -E 'fuzz:|Fatal error|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/   /'
    fi
    summary+="$line"$'\n'
done
echo "== summary"
printf '%s' "$summary"
exit $status
