#!/usr/bin/env bash
# scripts/k8s-validate.sh — schema check of deploy/kubernetes/ without a cluster.
#
#   scripts/k8s-validate.sh [FILE...]      default: deploy/kubernetes/*.yaml
#
# Validates every resource, strictly (unknown fields are errors), against the
# Kubernetes API schemas bundled in the PyPI package kubernetes-validate (no
# network at validation time), for the oldest and newest versions in K8S_VERSIONS.
# The package is installed, pinned, into target/testenv/k8s-venv (a venv of
# Debian's python3; scripts/testenv.sh installs python3-venv) and reused.
# No cluster runs here: this proves the manifests are well-formed, not that
# they run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VERSION="1.37.0"
K8S_VERSIONS=(1.29.0 1.37.0)
VENV="${TQ_K8S_VENV:-$ROOT/target/testenv/k8s-venv}"
BIN="$VENV/bin/kubernetes-validate"

log() { printf 'k8s-validate: %s\n' "$*" >&2; }

ensure_validator() {
  if [[ -x "$BIN" ]] && [[ "$("$BIN" --version 2>/dev/null)" == *"$VERSION"* ]]; then
    return 0
  fi
  log "installing kubernetes-validate $VERSION into $VENV"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "kubernetes-validate==$VERSION"
}

main() {
  local files=("$@") k rc=0
  ((${#files[@]})) || files=("$ROOT"/deploy/kubernetes/*.yaml)
  ensure_validator
  for k in "${K8S_VERSIONS[@]}"; do
    "$BIN" --strict --quiet -k "$k" "${files[@]}" || rc=1
  done
  ((rc == 0)) && log "${#files[@]} file(s) valid for Kubernetes ${K8S_VERSIONS[*]}"
  return "$rc"
}

main "$@"
