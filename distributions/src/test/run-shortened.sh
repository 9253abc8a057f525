#!/usr/bin/env bash
# Runs a shipped experiment end to end with the assembled distribution, shortened to one training step of one image,
# 4 sampling steps and one evaluation image, and checks that the run folder holds its evaluation and report and that
# the training step's reward was finite. Usage: run-shortened.sh DIST EXPERIMENT.yaml OUTPUT_DIR
set -euo pipefail
dist="$1"
experiment="$2"
output="$3"
rm -rf "$output"
"$dist/bin/framework" run "$experiment" \
  --set tuner.steps=1 --set tuner.batchSize=1 --set tuner.checkpointEvery=0 --set backbone.steps=4 \
  --set evaluation.seeds=[1000] --set 'prompts.eval=[a circle on a white background]' --set "output=$output"
run=$(find "$output" -mindepth 1 -maxdepth 1 -type d | head -n 1)
for f in evaluation.json report.html metrics.jsonl adapter/final.safetensors; do
  [[ -s "$run/$f" ]] || { echo "run-shortened: $experiment: $run/$f is missing or empty"; exit 1; }
done
if grep -qiE '"reward" *: *(NaN|"NaN"|Infinity|-Infinity)' "$run/metrics.jsonl"; then
  echo "run-shortened: $experiment: non-finite reward in $run/metrics.jsonl"; exit 1
fi
echo "ran end to end: $experiment -> $run"
