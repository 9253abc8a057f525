#!/usr/bin/env bash
# Runs 'framework validate' of the assembled distribution on every shipped experiment: the runnable ones must be
# valid, the paper's and the reward configs marked as needing external checkpoints (not shipped) must be refused as
# bad input naming the missing path.
set -euo pipefail
dist="$1"
configs="$2"
failed=0
# Reward configs marked 'needs-external-checkpoints' point at real checkpoints that are not shipped, like the paper's.
external=()
runnable=()
for f in "$configs"/quickstart*.yaml "$configs"/rewards/*.yaml "$configs"/studies/*-base.yaml; do
  if grep -q '^# needs-external-checkpoints' "$f"; then external+=("$f"); else runnable+=("$f"); fi
done
for f in "${runnable[@]}"; do
  if out=$("$dist/bin/framework" validate "$f" 2>&1); then
    echo "valid: $f"
  else
    echo "INVALID: $f: $out"; failed=1
  fi
done
for f in "$configs"/paper/*.yaml "${external[@]}"; do
  set +e
  out=$("$dist/bin/framework" validate "$f" 2>&1)
  code=$?
  set -e
  if [[ $code -eq 2 && $out == *"not found"* ]]; then
    echo "refused as expected (missing checkpoint): $f"
  else
    echo "UNEXPECTED (exit $code): $f: $out"; failed=1
  fi
done
exit $failed
