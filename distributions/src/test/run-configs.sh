#!/usr/bin/env bash
# Runs every shipped experiment that needs no external checkpoint end to end with the assembled distribution,
# shortened (2 training steps of batch 1, 4 sampling steps, one evaluation prompt and seed), so that a config that
# validates but fails while running (or after training: configs/rewards/misalignment.yaml once did) cannot ship.
# Configs whose first line is '# needs-external-checkpoints' (the marker validate-configs.sh reads) are left out, as
# are the paper's (they point at real SD checkpoints).
# Every run folder must hold its evaluation and report, a training run also its metrics (one line per step, every
# reward finite) and its final adapter; at the end every JSON/JSONL file the runs wrote is parsed with a strict
# parser (StrictJsonCheck.java: no NaN, no Infinity).
# Three of them run inside checks of what the commands promise about their arguments and their files (so that each
# config runs once):
#   - quickstart.yaml: 'sweep --set tuner.steps=2 --set tuner.beta=2,4' trains two 2-step runs (the fixed --set
#     reaches every run of the sweep);
#   - studies/toy-safety-base.yaml: 'study --set tuner.steps=2' reaches every variant;
#   - quickstart-draft.yaml: a run writes nothing outside its run folder (the tree around it is listed before and
#     after).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dist=$(cd "$1" && pwd)
configs=$(cd "$2" && pwd)
rm -rf "$3"
mkdir -p "$3"
work=$(cd "$3" && pwd)
framework="$dist/bin/framework"
failed=0
start=$SECONDS

# The shortening for a tuner plugin: training tuners get 2 steps of batch 1; reward guidance trains nothing.
shorten() {
  local tuner
  tuner=$(awk '/^tuner:/{t=1; next} t && /^[^ #]/{t=0} t && /^  plugin:/{print $2; exit}' "$1")
  case "$tuner" in
    reward-guidance) ;;
    *) echo "--set tuner.steps=2 --set tuner.batchSize=1 --set tuner.truncation=1 --set tuner.checkpointEvery=1" ;;
  esac
}
common=(--set backbone.steps=4 --set 'prompts.eval=[a circle on a white background]' --set 'evaluation.seeds=[1000]'
  --set 'evaluation.probes=[]')

# The number of lines of a run's metrics.jsonl: one per training step.
steps_of() {
  if [[ -f "$1/metrics.jsonl" ]]; then wc -l < "$1/metrics.jsonl" | tr -d ' '; else echo 0; fi
}

# What a finished run folder must hold (CONFIG names the experiment in messages; TRAINED is yes for a training tuner):
# the evaluation and the report; a training run also its metrics, with 2 steps and finite rewards, and its adapter.
check_run() {
  local config="$1" run="$2" trained="$3" f n
  local files=(evaluation.json report.html)
  if [[ $trained == yes ]]; then files+=(metrics.jsonl adapter/final.safetensors); fi
  for f in "${files[@]}"; do
    [[ -s "$run/$f" ]] || { echo "MISSING OR EMPTY: $config: $run/$f"; failed=1; }
  done
  if [[ $trained == yes ]]; then
    n=$(steps_of "$run")
    [[ $n -eq 2 ]] || { echo "TRAINED $n STEPS, NOT 2: $config: $run"; failed=1; }
    if grep -qiE '"reward" *: *(NaN|"NaN"|Infinity|-Infinity)' "$run/metrics.jsonl"; then
      echo "NON-FINITE REWARD: $config: $run/metrics.jsonl"; failed=1
    fi
  fi
}

# Whether a config trains (reward guidance does not): yes or no.
trains() {
  if [[ -n $(shorten "$1") ]]; then echo yes; else echo no; fi
}

runnable=()
for f in "$configs"/quickstart*.yaml "$configs"/rewards/*.yaml "$configs"/studies/*-base.yaml; do
  if ! head -n 1 "$f" | grep -q '^# needs-external-checkpoints'; then runnable+=("$f"); fi
done
# These two must stay runnable here: nsfwjs runs a real TF.js network natively, misalignment once failed after training.
for required in rewards/nsfwjs.yaml rewards/misalignment.yaml; do
  if [[ ! " ${runnable[*]} " == *" $configs/$required "* ]]; then
    echo "NOT RUN: $configs/$required (marked as needing external checkpoints, or missing)"; failed=1
  fi
done
for f in "${runnable[@]}"; do
  case "$f" in
    */quickstart.yaml|*/quickstart-draft.yaml|*/studies/toy-safety-base.yaml) continue ;; # run by the checks below
  esac
  t0=$SECONDS
  # each config its own output folder, so that its run folder is the one folder in it
  output="$work/runs/$(basename "$(dirname "$f")")-$(basename "$f" .yaml)"
  # shellcheck disable=SC2046
  if out=$("$framework" run "$f" $(shorten "$f") "${common[@]}" --set "output=$output" 2>&1); then
    echo "ran ($((SECONDS - t0)) s): $f"
    check_run "$f" "$(find "$output" -mindepth 1 -maxdepth 1 -type d | head -n 1)" "$(trains "$f")"
  else
    echo "FAILED: $f: $out"; failed=1
  fi
done

# sweep: the fixed --set values reach every run of the sweep.
t0=$SECONDS
if out=$("$framework" sweep "$configs/quickstart.yaml" --set tuner.steps=2 --set tuner.beta=2,4 --set tuner.batchSize=1 \
    --set tuner.truncation=1 --set tuner.checkpointEvery=1 "${common[@]}" --set "output=$work/sweep" 2>&1); then
  for beta in 2 4; do
    n=$(steps_of "$work/sweep/quickstart-beta$beta")
    if [[ $n -eq 2 ]]; then echo "sweep run beta=$beta trained 2 steps"; else
      echo "SWEEP IGNORED --set tuner.steps=2: quickstart-beta$beta trained $n steps"; failed=1; fi
    check_run "$configs/quickstart.yaml" "$work/sweep/quickstart-beta$beta" yes
  done
  echo "sweep ($((SECONDS - t0)) s)"
else
  echo "SWEEP FAILED: $out"; failed=1
fi

# study --set: applied to every variant, after the variant's own replacements (here a 60-step tuner section).
cat > "$work/study.yaml" <<YAML
name: short-study
experiment: $configs/studies/toy-safety-base.yaml
runs:
  - name: fnf
    set:
      tuner: {plugin: focus-n-fix, beta: 4.0, truncation: 1, steps: 60, batchSize: 1, checkpointEvery: 1}
YAML
t0=$SECONDS
if out=$("$framework" study "$work/study.yaml" --set tuner.steps=2 "${common[@]}" --set "output=$work/study" 2>&1); then
  n=$(steps_of "$work/study/short-study-fnf")
  if [[ $n -eq 2 ]]; then echo "study --set: the variant trained 2 steps ($((SECONDS - t0)) s)"; else
    echo "STUDY IGNORED --set tuner.steps=2: the variant trained $n steps"; failed=1; fi
  check_run "$work/study.yaml" "$work/study/short-study-fnf" yes
else
  echo "STUDY FAILED: $out"; failed=1
fi

# Confinement: a run whose experiment lies in a tree with other files writes only inside its run folder.
tree="$work/tree"
mkdir -p "$tree/configs" "$tree/runs/other-run"
cp "$configs/quickstart-draft.yaml" "$tree/configs/"
echo "keep" > "$tree/runs/other-run/file.txt"
echo "keep" > "$tree/neighbour.txt"
listing() { (cd "$tree" && find . -printf '%y %p %s %T@\n' | sort); }
listing > "$work/before.txt"
if out=$(cd "$tree" && "$framework" run configs/quickstart-draft.yaml $(shorten "$tree/configs/quickstart-draft.yaml") \
    "${common[@]}" --set output=../runs --set name=confined 2>&1); then
  listing > "$work/after.txt"
  outside=$(diff "$work/before.txt" "$work/after.txt" | grep '^[<>]' | grep -v ' \./runs/confined' \
      | grep -v '^[<>] d \./runs [0-9]* ' || true)
  if [[ -z "$outside" ]]; then echo "confined: the run wrote only under runs/confined/"; else
    echo "WROTE OUTSIDE THE RUN FOLDER:"; echo "$outside"; failed=1; fi
  check_run "$configs/quickstart-draft.yaml" "$tree/runs/confined" yes
else
  echo "CONFINEMENT RUN FAILED: $out"; failed=1
fi

# Every JSON/JSONL file any of the runs above wrote, parsed strictly (with Gson from the distribution's lib/).
java -cp "$dist/lib/*" "$here/StrictJsonCheck.java" "$work" || failed=1
echo "run-configs: $((SECONDS - start)) s"
exit $failed
