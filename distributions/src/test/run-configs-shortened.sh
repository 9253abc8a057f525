#!/usr/bin/env bash
# Runs shipped experiments end to end with the assembled distribution, shortened (2 training steps, 4 sampling
# steps, one evaluation prompt and seed), then parses every JSON/JSONL file the runs wrote with a strict parser.
# A config that trains but fails afterwards (configs/rewards/misalignment.yaml once did) cannot ship again.
set -euo pipefail
dist="$1"
configs="$2"
work="$3"
rm -rf "$work"
mkdir -p "$work"
failed=0
for f in "$configs"/rewards/misalignment.yaml; do
  set +e
  out=$("$dist/bin/framework" run "$f" --set tuner.steps=2 --set tuner.checkpointEvery=1 --set tuner.batchSize=1 --set tuner.truncation=1 \
      --set backbone.steps=4 \
      --set 'prompts.eval=[a circle on a white background]' --set 'evaluation.seeds=[1000]' \
      --set "output=$work" 2>&1)
  code=$?
  set -e
  if [[ $code -eq 0 ]]; then
    echo "ran: $f"
  else
    echo "FAILED (exit $code): $f: $out"; failed=1
  fi
done
if [[ $failed -eq 0 ]]; then
  java -cp "$dist/lib/*" "$(dirname "$0")/StrictJsonCheck.java" "$work" || failed=1
fi
exit $failed
