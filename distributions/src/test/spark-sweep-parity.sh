#!/usr/bin/env bash
# The Spark engine's promise, end to end on the assembled distribution: a shortened quickstart sweep over three betas
# with --spark-master local[2] writes the same comparison table, byte for byte, as the local engine, and the same
# evaluation.json in every run folder. Prints both wall times (the README's "Scale out" numbers come from here).
set -euo pipefail
dist="$1"
configs="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The quickstart, shortened in a copy (2 tuning steps, 8 sampling steps, 2 evaluation prompts x 2 seeds)
sed -e 's/^  steps: 60$/  steps: 2/' -e 's/^  checkpointEvery: 20$/  checkpointEvery: 2/' -e 's/^  steps: 20$/  steps: 8/' \
  -e '/^    - a square on a blue background$/d' -e '/^    - a triangle on a green background$/d' \
  -e "s#^output: .*#output: runs#" "$configs/quickstart.yaml" > "$work/quickstart.yaml"
grep -q '^  steps: 2$' "$work/quickstart.yaml" && grep -q '^  steps: 8$' "$work/quickstart.yaml" \
  || { echo "spark-sweep-parity: configs/quickstart.yaml changed shape; update the shortening"; exit 1; }
# one libtorch thread, as in the tests: bit-identical results need the same thread count in both runs
export FRAMEWORK_JAVA_OPTS="${FRAMEWORK_JAVA_OPTS:--Xmx2g -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1}"
run() {
  local out="$1"; shift
  local start end
  start=$(date +%s%N)
  # same file name in each folder: the same run names in both tables
  mkdir -p "$work/$out" && cp "$work/quickstart.yaml" "$work/$out/quickstart.yaml"
  "$dist/bin/framework" sweep "$work/$out/quickstart.yaml" --set tuner.beta=0.5,2,4 "$@" > "$work/$out.log" 2>&1 \
    || { cat "$work/$out.log"; exit 1; }
  end=$(date +%s%N)
  echo "$out: $(( (end - start) / 1000000 )) ms"
}
run local
run spark --spark-master 'local[2]'
grep -q "on the spark local\[2\] engine" "$work/spark.log" || { echo "the spark run did not use Spark"; cat "$work/spark.log"; exit 1; }
for f in sweep.md sweep.csv; do
  cmp "$work/local/runs/quickstart-sweep/$f" "$work/spark/runs/quickstart-sweep/$f" || { echo "$f differs"; diff "$work/local/runs/quickstart-sweep/$f" "$work/spark/runs/quickstart-sweep/$f"; exit 1; }
done
for run in "$work"/local/runs/quickstart-beta*; do
  other="$work/spark/runs/$(basename "$run")"
  cmp "$run/evaluation.json" "$other/evaluation.json"
  for png in "$run"/samples/*.png; do cmp "$png" "$other/samples/$(basename "$png")"; done
done
cat "$work/local/runs/quickstart-sweep/sweep.md"
echo "spark-sweep-parity: the local and the local[2] sweep wrote the same table, evaluations and samples"
