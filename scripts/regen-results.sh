#!/usr/bin/env bash
# Measures a suite and regenerates results/: the runs, the charts, results/README.md and the
# summary at the top of the project README.
#
#   scripts/regen-results.sh            # the standard suite (about 9 minutes on 2 cores)
#   scripts/regen-results.sh small      # a first look (about a minute)
#   scripts/regen-results.sh large      # more levels and repeats (about 25 minutes)
#
# The suites are defined in scripts/suite.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=${1:-standard}
source scripts/suite.sh
case "$suite" in
  small|standard|large) ;;
  *) echo "error: unknown suite \`$suite\`; allowed: small, standard, large" >&2; exit 2 ;;
esac
parts_var="${suite}[@]"
repeat_var="${suite}_repeat"
parts=("${!parts_var}")
repeat=${!repeat_var}

echo "== building (release)"
cargo build --release --quiet
fanout=target/release/fanout

rm -f results/runs/*.json results/*.svg
mkdir -p results/runs
started=$SECONDS
for index in "${!parts[@]}"; do
  read -r name args <<<"${parts[$index]}"
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
"$fanout" report --from results/runs/*.json --out results --readme README.md
echo "== done in $((SECONDS - started)) s"
