#!/usr/bin/env bash
# Measures a suite and regenerates a results directory: the runs, the charts, its README.md
# and, for results/, the summary and lessons in the project README.
#
#   scripts/regen-results.sh                  # the standard suite into results/ (about 35 minutes on 2 cores)
#   scripts/regen-results.sh small            # a first look (about a minute) into target/first-look/
#   scripts/regen-results.sh large            # more levels and repeats (about 25 minutes) into results/
#   scripts/regen-results.sh scale            # c10k, crawl-10k and the wrk ceiling (about 26 minutes, more with the free-threaded set-up) into results/
#   scripts/regen-results.sh SUITE --into DIR # any suite into DIR instead
#
# The suites are defined in scripts/suite.sh. Nothing already in the destination is touched
# until the suite has completed: the runs are measured into a work directory under target/,
# the pages are generated there, and only then does the new directory replace the old one in
# one step. A suite stopped half-way (Ctrl-C, a failure) leaves the destination as it was and
# says where its partial runs are. `scale` keeps the other suites' runs beside its own, and the
# other suites keep its runs, so results/ can show both.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=standard
into=
while [ $# -gt 0 ]; do
  case "$1" in
    --into)
      [ $# -ge 2 ] || { echo "error: --into needs a directory" >&2; exit 2; }
      into=$2
      shift 2
      ;;
    small|standard|large|scale) suite=$1; shift ;;
    *) echo "error: unknown argument \`$1\`; allowed: small, standard, large, scale, --into DIR" >&2; exit 2 ;;
  esac
done
if [ -z "$into" ]; then
  if [ "$suite" = small ]; then into=target/first-look; else into=results; fi
fi
source scripts/suite.sh
parts_var="${suite}[@]"
repeat_var="${suite}_repeat"
parts=("${!parts_var}")
repeat=${!repeat_var}

echo "== building (release)"
cargo build --release --quiet
fanout=$PWD/target/release/fanout

work=target/regen-$suite
rm -rf "$work"
mkdir -p "$work/runs" "$work/wrk"
trap 'status=$?; if [ $status -ne 0 ]; then echo "== stopped: $into is unchanged; the runs measured so far are in $work/runs" >&2; fi' EXIT

started=$SECONDS
for index in "${!parts[@]}"; do
  read -r name args <<<"${parts[$index]}"
  if [[ "$args" == scripts/* ]]; then
    echo "== part $((index + 1)) of ${#parts[@]}: $name: $args --repeat $repeat"
    RESULTS_DIR="$work" "$args" --repeat "$repeat"
    continue
  fi
  if [[ " $args " == *" py-"* ]] && [ ! -x scripts/python/.venv/bin/python ]; then
    echo "== part $((index + 1)) of ${#parts[@]}: $name: skipped (run scripts/python/setup.sh to include the Python models)"
    continue
  fi
  if [[ "$args" =~ -(no)?gil(,|[[:space:]]|$) ]] && [ ! -x scripts/python/.venv-ft/bin/python ]; then
    # Without the free-threaded interpreter, its -gil and -nogil rows are left out of the part.
    read -r -a words <<<"$args"
    kept=
    for i in "${!words[@]}"; do
      if [ "${words[$i]}" = --models ] && [ $((i + 1)) -lt ${#words[@]} ]; then
        kept=$(tr ',' '\n' <<<"${words[$((i + 1))]}" | grep -vE -- '-(no)?gil$' | paste -sd, -)
        words[i + 1]=$kept
      fi
    done
    if [ -z "$kept" ]; then
      echo "== part $((index + 1)) of ${#parts[@]}: $name: skipped (run scripts/python/setup.sh --free-threaded to include it)"
      continue
    fi
    args="${words[*]}"
    echo "== part $((index + 1)) of ${#parts[@]}: $name: without its -gil and -nogil rows (run scripts/python/setup.sh --free-threaded to include them)"
  fi
  [[ " $args " == *" --models "* ]] || args="$args --models all"
  [[ " $args " == *" --repeat "* ]] || args="$args --repeat $repeat"
  echo "== part $((index + 1)) of ${#parts[@]}: $name: fanout run $args"
  # Exit 1 says a run failed: at scale that is a result (recorded as failed, never as fast),
  # and the suite goes on. A sweep the mock server cut short is not a result, nor is bad input
  # or an interrupt: those stop the suite.
  status=0
  # shellcheck disable=SC2086 # the arguments are words on purpose
  "$fanout" run $args --json "$work/runs/$name.json" 2> >(tee "$work/$name.stderr" >&2) || status=$?
  wait
  if [ "$status" -ne 0 ]; then
    if [ "$status" -ne 1 ] || [ ! -s "$work/runs/$name.json" ] \
      || grep -q "mock server stopped answering" "$work/$name.stderr"; then
      exit "$status"
    fi
    echo "== part $((index + 1)) of ${#parts[@]}: $name: some runs failed; they are recorded as failed"
  fi
done

# The new directory: this suite's runs, and the other suites' runs already in the destination
# (the scale suite's beside the standard one's, and the other way round).
scale_names=()
for part in "${scale[@]}"; do
  read -r name _ <<<"$part"
  scale_names+=("$name")
done
new=$work/out
mkdir -p "$new/runs" "$new/wrk"
if [ -d "$into/runs" ]; then
  for file in "$into"/runs/*.json; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .json)
    is_scale=no
    [[ " ${scale_names[*]} " == *" $name "* ]] && is_scale=yes
    if { [ "$suite" = scale ] && [ $is_scale = no ]; } || { [ "$suite" != scale ] && [ $is_scale = yes ]; }; then
      cp "$file" "$new/runs/"
    fi
  done
  if [ "$suite" != scale ] && [ -d "$into/wrk" ]; then
    cp "$into"/wrk/*.json "$new/wrk/" 2>/dev/null || true
  fi
fi
cp "$work"/runs/*.json "$new/runs/"
cp "$work"/wrk/*.json "$new/wrk/" 2>/dev/null || true

echo "== report"
wrk=()
[ -f "$new/wrk/ceiling.json" ] && wrk=(--wrk "$new/wrk/ceiling.json")
readme=()
if [ "$into" = results ]; then
  cp README.md "$work/README.md"
  readme=(--readme "$work/README.md")
fi
"$fanout" report --from "$new"/runs/*.json --out "$new" "${readme[@]}" "${wrk[@]}"

# The swap: the old directory goes only once the new one is whole.
mkdir -p "$(dirname "$into")"
if [ -d "$into" ]; then
  mv "$into" "$work/previous"
fi
mv "$new" "$into"
[ "$into" = results ] && cp "$work/README.md" README.md
rm -rf "$work"
echo "== done in $((SECONDS - started)) s: $into"
