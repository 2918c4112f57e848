#!/usr/bin/env bash
# Whole-process benchmark of telltale, as users run it: one process per
# command, wall time and peak RSS, on the 30-column data-drift benchmark data
# (100k and 1M rows, CSV and Parquet) and on flights-3m.parquet split in
# halves, beside parquet-go's decode floor for the same halves.
#
# Run by hand, not in CI:
#
#   bench/wholeprocess.sh                 # this checkout
#   bench/wholeprocess.sh --base 829c149  # and a baseline commit, in the same session
#
# Environment: BENCH_DATA (data directory, default /work/benchdata),
# GEN_DATA (gen_data.py, default ../shared/bench/gen_data.py beside the repo),
# FLIGHTS (default ../shared/data/flights-3m.parquet beside the repo),
# RUNS (runs per case, default 5), PYTHON (default /usr/bin/python3), CASES
# (a regular expression selecting cases, default all).
#
# Needs bash 5 (EPOCHREALTIME), Go, GNU time (/usr/bin/time) and, to
# generate the data, Debian's python3-numpy and python3-pandas. Each figure
# is the median of RUNS runs with the range in brackets (wall time to the
# millisecond, from bash's clock around GNU time; CPU time and peak RSS from
# GNU time); with --base, the two builds take turns run by run and the
# medians of the run-by-run ratios are printed too. Last, the flights
# report and its floor take turns, and the median of their run-by-run
# ratios is printed (case "flights report / floor, paired"). The machine's
# load is printed first and last: measure when it is low.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-/work/benchdata}
gen=${GEN_DATA:-$repo/../shared/bench/gen_data.py}
flights=${FLIGHTS:-$repo/../shared/data/flights-3m.parquet}
runs=${RUNS:-5}
python=${PYTHON:-/usr/bin/python3}
cases=${CASES:-.}
base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install -y time" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$data"

# build DIR NAME: telltale and benchtool of the module at DIR into $work/NAME.
build() {
  local dir=$1 name=$2
  mkdir -p "$work/$name"
  (cd "$dir" && CGO_ENABLED=0 go build -o "$work/$name/telltale" ./cmd/telltale)
  # This checkout's benchtool (its floors, with its subcommands), built
  # against the telltale of DIR (its readers, for "benchtool read").
  # A base from before internal/oneshot (the commands' memory setup, which
  # "benchtool read" sets up as they do) gets this checkout's.
  if [ "$dir" != "$repo" ]; then
    mkdir -p "$dir/bench/benchtool" && cp "$repo/bench/benchtool/main.go" "$dir/bench/benchtool/"
    [ -d "$dir/internal/oneshot" ] || cp -r "$repo/internal/oneshot" "$dir/internal/"
  fi
  (cd "$dir" && CGO_ENABLED=0 go build -o "$work/$name/benchtool" ./bench/benchtool)
}

echo "== building"
build "$repo" new
sides=(new)
if [ -n "$base" ]; then
  mkdir -p "$work/src-base"
  git -C "$repo" archive "$base" | tar -x -C "$work/src-base"
  build "$work/src-base" base
  sides=(new base)
fi

echo "== data in $data"
for n in 100k 1m; do
  if [ ! -f "$data/wide_${n}_ref.csv" ] || [ ! -f "$data/wide_${n}_cur.csv" ]; then
    size=$([ "$n" = 100k ] && echo 100000 || echo 1000000)
    "$python" "$gen" --out "$data" --sets wide --sizes "$size"
  fi
  for s in ref cur; do
    [ -f "$data/wide_${n}_$s.parquet" ] || "$work/new/benchtool" csv2parquet "$data/wide_${n}_$s.csv" "$data/wide_${n}_$s.parquet"
  done
done
if [ ! -f "$data/flights-a.parquet" ] || [ ! -f "$data/flights-b.parquet" ]; then
  "$work/new/benchtool" halves "$flights" "$data/flights-a.parquet" "$data/flights-b.parquet"
fi
ls -l "$data"/wide_*.csv "$data"/wide_*.parquet "$data"/flights-?.parquet | awk '{printf "  %-40s %12d bytes\n", $9, $5}'

# stats: median [min-max] of the numbers on stdin.
stats() {
  sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    printf "%s [%s-%s]", m, v[1], v[NR]}'
}

# measure NAME CMD...: run CMD $runs times on each side, the sides taking
# turns run by run (so the machine's drift, up to a third between hours
# here, falls on both alike); @BIN@ in CMD is the side's directory of
# binaries. For each side it prints the median wall seconds, CPU seconds
# (user + system: what the process itself used, less disturbed by other
# work on a shared machine than wall time) and peak RSS (MB), each with its
# range; with a base, the medians of the run-by-run ratios new/base too.
measure() {
  local name=$1; shift
  [[ "$name" =~ $cases ]] || return 0
  local side r
  for side in "${sides[@]}"; do : > "$work/m.$side"; done
  for r in $(seq "$runs"); do
    for side in "${sides[@]}"; do
      local cmd=("${@//@BIN@/$work/$side}")
      local t0=$EPOCHREALTIME
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${cmd[@]}" > /dev/null 2> "$work/err" || {
        echo "  $side $name: failed:"; cat "$work/err"; return 0; }
      local t1=$EPOCHREALTIME
      read -r _ u s m < "$work/time"
      # Wall time from bash's microsecond clock (GNU time's %e counts in
      # hundredths, too coarse for the flights report beside its floor).
      echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}') $(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') $((m / 1024))" >> "$work/m.$side"
    done
  done
  for side in "${sides[@]}"; do
    printf "  %-50s %-24s %-24s %s\n" "$side $name" "$(cut -d' ' -f1 "$work/m.$side" | stats) s" \
      "$(cut -d' ' -f2 "$work/m.$side" | stats) cpu-s" "$(cut -d' ' -f3 "$work/m.$side" | stats) MB"
  done
  if [ ${#sides[@]} -eq 2 ]; then
    printf "  %-50s wall %s, cpu %s (medians of the %d run-by-run ratios)\n" "new/base $name" \
      "$(paste -d' ' "$work/m.new" "$work/m.base" | awk '{printf "%.3f\n", $1 / $4}' | stats | cut -d' ' -f1)" \
      "$(paste -d' ' "$work/m.new" "$work/m.base" | awk '{printf "%.3f\n", $2 / $5}' | stats | cut -d' ' -f1)" "$runs"
  fi
}

echo "== load: $(uptime)"
echo "== $runs runs a case and side: median [min-max] wall time, CPU time (user+system), peak RSS"
for n in 100k 1m; do
  ref=$data/wide_${n}_ref cur=$data/wide_${n}_cur
  for f in csv parquet; do
    measure "read $n $f (ref, benchtool read)" @BIN@/benchtool read "$ref.$f"
    measure "read $n $f (ref, benchtool read --bare)" @BIN@/benchtool read --bare "$ref.$f"
    measure "inspect $n $f (ref+cur)" @BIN@/telltale inspect "$ref.$f" "$cur.$f"
    measure "report data-drift $n $f" @BIN@/telltale report --reference "$ref.$f" --current "$cur.$f" \
      --preset data-drift --html "$work/r.html" --json "$work/r.json"
  done
done
measure "report data-drift flights halves" @BIN@/telltale report --reference "$data/flights-a.parquet" \
  --current "$data/flights-b.parquet" --preset data-drift --html "$work/r.html" --json "$work/r.json"
measure "parquet-go decode floor, flights halves" @BIN@/benchtool decode "$data/flights-a.parquet" "$data/flights-b.parquet"
# The same decoding with every value kept in memory until the end, as a
# reader that holds the data must (telltale's frames): the cost of memory
# first touched, which the floor, a page at a time, does not pay.
measure "parquet-go decode floor kept in memory, flights halves" @BIN@/benchtool decode --keep "$data/flights-a.parquet" "$data/flights-b.parquet"
# The flights report against its floor, run by run: the report and the
# floor taking turns, so that the machine's drift falls on both, and the
# median of the run-by-run ratios (issue 15 asks for at most 2).
flights_ratio() {
  [[ "flights report / floor, paired" =~ $cases ]] || return 0
  local side r
  for side in "${sides[@]}"; do
    : > "$work/p.$side"
    for r in $(seq "$runs"); do
      local t0=$EPOCHREALTIME
      "$work/$side/telltale" report --reference "$data/flights-a.parquet" --current "$data/flights-b.parquet" \
        --preset data-drift --html "$work/r.html" --json "$work/r.json" > /dev/null
      local t1=$EPOCHREALTIME
      "$work/$side/benchtool" decode "$data/flights-a.parquet" "$data/flights-b.parquet" > /dev/null
      local t2=$EPOCHREALTIME
      awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {printf "%.3f\n", (b - a) / (c - b)}' >> "$work/p.$side"
    done
    printf "  %-50s %s (median [min-max] of %d run-by-run ratios)\n" "$side flights report / floor, paired" \
      "$(stats < "$work/p.$side")" "$runs"
  done
}
flights_ratio

csv=$(stat -c %s "$data/wide_1m_ref.csv")
echo "== wide_1m_ref.csv is $((csv / 1000000)) MB: CSV read MB/s = that / the 'read 1m csv' time"
echo "== load: $(uptime)"
