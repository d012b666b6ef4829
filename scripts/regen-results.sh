#!/usr/bin/env bash
# Measures a suite and regenerates a results directory: the runs, the charts, its README.md
# and, for results/, the summary and lessons in the project README.
#
#   scripts/regen-results.sh                  # the standard suite into results/
#   scripts/regen-results.sh small            # a first look into target/first-look/
#   scripts/regen-results.sh large            # more levels and repeats into results/
#   scripts/regen-results.sh scale            # c10k, crawl-10k and the wrk ceiling into results/
#   scripts/regen-results.sh SUITE --into DIR # any suite into DIR instead
#
# The suites are the one list of experiments, fixtures/suites.toml (`fanout list` names them);
# each part is one `fanout run --suite SUITE.PART` into one results file. Nothing already in the destination is touched
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
    -*) echo "error: unknown argument \`$1\`; allowed: a suite's name, --into DIR" >&2; exit 2 ;;
    *) suite=$1; shift ;;
  esac
done
if [ -z "$into" ]; then
  if [ "$suite" = small ]; then into=target/first-look; else into=results; fi
fi
echo "== building (release)"
cargo build --release --quiet
fanout=$PWD/target/release/fanout
[[ "$suite" != *.* ]] || { echo "error: \`$suite\` is a part; allowed: a whole suite" >&2; exit 2; }
# Each line a part: its name, then the command of a part a script measures.
listing=$("$fanout" list --suite "$suite")
mapfile -t parts <<<"$listing"

work=target/regen-$suite
rm -rf "$work"
mkdir -p "$work/runs" "$work/wrk"
trap 'status=$?; if [ $status -ne 0 ]; then echo "== stopped: $into is unchanged; the runs measured so far are in $work/runs" >&2; fi' EXIT

started=$SECONDS
for index in "${!parts[@]}"; do
  read -r name script <<<"${parts[$index]}"
  said="part $((index + 1)) of ${#parts[@]}: $name"
  if [ -n "$script" ]; then
    echo "== $said: $script"
    # shellcheck disable=SC2086 # the script's command line is words on purpose
    RESULTS_DIR="$work" $script
    continue
  fi
  echo "== $said"
  # Exit 1 says a run failed: at scale that is a result (recorded as failed, never as fast),
  # and the suite goes on. A sweep the mock server cut short is not a result, nor is bad input
  # or an interrupt: those stop the suite.
  status=0
  "$fanout" run --suite "$suite.$name" --json "$work/runs/$name.json" 2> >(tee "$work/$name.stderr" >&2) || status=$?
  wait
  if [ "$status" -ne 0 ]; then
    if [ "$status" -ne 1 ] || [ ! -s "$work/runs/$name.json" ] \
      || grep -q "mock server stopped answering" "$work/$name.stderr"; then
      exit "$status"
    fi
    echo "== $said: some runs failed; they are recorded as failed"
  fi
done

# The new directory: this suite's runs, and the other suites' runs already in the destination
# (the scale suite's beside the standard one's, and the other way round).
scale_names=()
listing=$("$fanout" list --suite scale)
while read -r name _; do scale_names+=("$name"); done <<<"$listing"
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
