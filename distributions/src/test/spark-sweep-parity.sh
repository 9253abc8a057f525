#!/usr/bin/env bash
# The Spark engine's promise, end to end on the assembled distribution: a shortened quickstart sweep over three betas
# with --spark-master local[2] writes the same comparison table, byte for byte, as the local engine, and the same
# evaluation.json in every run folder. Prints both wall times (the README's "Scale out" numbers come from here).
set -euo pipefail
dist="$1"
configs="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
short=(--set tuner.steps=2 --set tuner.checkpointEvery=2 --set backbone.steps=8 --set 'evaluation.seeds=[1000, 1001]'
  --set 'prompts.eval=[a circle on a white background, a red circle on a blue background]')
export FRAMEWORK_JAVA_OPTS="${FRAMEWORK_JAVA_OPTS:--Xmx2g}"
run() {
  local out="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$dist/bin/framework" sweep "$configs/quickstart.yaml" --set tuner.beta=0.5,2,4 "${short[@]}" \
    --set "output=$work/$out" "$@" > "$work/$out.log" 2>&1 || { cat "$work/$out.log"; exit 1; }
  end=$(date +%s.%N)
  echo "$out: $(echo "$end - $start" | bc) s"
}
run local
run spark --spark-master 'local[2]'
grep -q "on the spark local\[2\] engine" "$work/spark.log" || { echo "the spark run did not use Spark"; cat "$work/spark.log"; exit 1; }
for f in sweep.md sweep.csv; do
  cmp "$work/local/quickstart-sweep/$f" "$work/spark/quickstart-sweep/$f" || { echo "$f differs"; diff "$work/local/quickstart-sweep/$f" "$work/spark/quickstart-sweep/$f"; exit 1; }
done
for run in "$work"/local/quickstart-beta*; do
  name="$(basename "$run")"
  cmp "$run/evaluation.json" "$work/spark/$name/evaluation.json"
  for png in "$run"/samples/*.png; do cmp "$png" "$work/spark/$name/samples/$(basename "$png")"; done
done
cat "$work/local/quickstart-sweep/sweep.md"
echo "spark-sweep-parity: the local and the local[2] sweep wrote the same table, evaluations and samples"
