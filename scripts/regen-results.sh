#!/usr/bin/env bash
# Measures a suite and regenerates results/: the runs, the charts, results/README.md and the
# summary at the top of the project README.
#
#   scripts/regen-results.sh            # the standard suite (about 10 minutes on 2 cores)
#   scripts/regen-results.sh small      # a first look (about a minute)
#   scripts/regen-results.sh large      # more levels and repeats (about 25 minutes)
#   scripts/regen-results.sh scale      # c10k, crawl-10k and the wrk ceiling (about 22 minutes)
#
# The suites are defined in scripts/suite.sh. `scale` keeps its results beside the others':
# running it leaves the standard suite's files alone, and the other suites leave its files
# alone, so results/ can show both.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-standard}
source scripts/suite.sh
case "$suite" in
  small|standard|large|scale) ;;
  *) echo "error: unknown suite \`$suite\`; allowed: small, standard, large, scale" >&2; exit 2 ;;
esac
parts_var="${suite}[@]"
repeat_var="${suite}_repeat"
parts=("${!parts_var}")
repeat=${!repeat_var}

echo "== building (release)"
cargo build --release --quiet
fanout=target/release/fanout

# This suite's files go; the scale suite's stay unless it is the one being measured.
scale_files=()
for part in "${scale[@]}"; do
  read -r name _ <<<"$part"
  scale_files+=("results/runs/$name.json")
done
if [ "$suite" = scale ]; then
  rm -f "${scale_files[@]}" results/wrk/*.json
else
  for file in results/runs/*.json; do
    [[ " ${scale_files[*]} " == *" $file "* ]] || rm -f "$file"
  done
fi
rm -f results/*.svg
mkdir -p results/runs
started=$SECONDS
for index in "${!parts[@]}"; do
  read -r name args <<<"${parts[$index]}"
  if [[ "$args" == scripts/* ]]; then
    echo "== part $((index + 1)) of ${#parts[@]}: $name: $args --repeat $repeat"
    "$args" --repeat "$repeat"
    continue
  fi
  if [[ " $args " == *" py-"* ]] && [ ! -x scripts/python/.venv/bin/python ]; then
    echo "== part $((index + 1)) of ${#parts[@]}: $name: skipped (run scripts/python/setup.sh to include the Python models)"
    continue
  fi
  [[ " $args " == *" --models "* ]] || args="$args --models all"
  [[ " $args " == *" --repeat "* ]] || args="$args --repeat $repeat"
  echo "== part $((index + 1)) of ${#parts[@]}: $name: fanout run $args"
  # shellcheck disable=SC2086 # the arguments are words on purpose
  "$fanout" run $args --json "results/runs/$name.json"
done
echo "== report"
wrk=()
[ -f results/wrk/ceiling.json ] && wrk=(--wrk results/wrk/ceiling.json)
"$fanout" report --from results/runs/*.json --out results --readme README.md "${wrk[@]}"
echo "== done in $((SECONDS - started)) s"
