#!/usr/bin/env bash
# Checks the distribution's split: lib/ holds no Spark jar (the default class path does not grow by Spark), and
# lib/spark/ holds framework-spark and Spark but no jar that lib/ has already (no class twice on the class path).
set -euo pipefail
DIST="$1"
fail() { for j in "$DIST"/plugins/*.jar; do
  [[ ! -e "$DIST/lib/spark/$(basename "$j")" ]] || fail "plugin $(basename "$j") is in lib/spark/: add its artifactId to excludeArtifactIds of the lib-spark execution in distributions/pom.xml"
done
echo "check-lib-spark: $*" >&2; exit 1; }
[[ -d "$DIST/lib/spark" ]] || fail "$DIST/lib/spark is missing"
ls "$DIST/lib/spark" | grep -q '^framework-spark-' || fail "lib/spark has no framework-spark jar"
ls "$DIST/lib/spark" | grep -q '^spark-core_2.13-' || fail "lib/spark has no spark-core jar"
if ls "$DIST/lib" | grep -E '^(spark-|scala-library-|framework-spark-)'; then
  fail "lib/ holds Spark jars (above): they belong in lib/spark/"
fi
name() { sed -E 's/-[0-9][^-]*(-[a-z0-9]+)?\.jar$//' <<<"$1"; }
declare -A inLib
for j in "$DIST"/lib/*.jar; do inLib["$(name "$(basename "$j")")"]=1; done
for j in "$DIST"/lib/spark/*.jar; do
  n="$(name "$(basename "$j")")"
  [[ -z "${inLib[$n]:-}" ]] || fail "$(basename "$j") is in lib/spark/ and (another version of) it in lib/"
done
for j in "$DIST"/plugins/*.jar; do
  [[ ! -e "$DIST/lib/spark/$(basename "$j")" ]] || fail "plugin $(basename "$j") is in lib/spark/: add its artifactId to excludeArtifactIds of the lib-spark execution in distributions/pom.xml"
done
echo "check-lib-spark: lib/ $(ls "$DIST"/lib/*.jar | wc -l) jars, lib/spark/ $(ls "$DIST"/lib/spark/*.jar | wc -l) jars ($(du -sh "$DIST/lib/spark" | cut -f1)), no overlap"
