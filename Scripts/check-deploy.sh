#!/usr/bin/env bash
# Checks the deployment files in Deploy/ without a container engine or a cluster:
#   (a) systemd-analyze verify on the units, and the worker unit's stop settings
#   (b) every YAML file parses and has what compose and Kubernetes need
#   (c) every --flag used there exists for its presswork subcommand
#   (d) Deploy/presswork.toml documents every option of coordinator and worker
#   (e) presswork accepts every key (--print-config), once the binary has it
# The binary: $PRESSWORK_BIN, else one already built in .build, else `swift build --product presswork`.
# Exits 1 on any failure; optional extras (compose config, kustomize) run when their tools exist.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

bin=$(Scripts/presswork-bin.sh built) || { echo "FAIL no presswork binary" >&2; exit 1; }
echo "binary: $bin ($("$bin" --version))"

# PyYAML: from PyPI into the python3 on PATH, else Debian's package into the system Python.
python=python3
if ! $python -c 'import yaml, tomllib' 2>/dev/null; then
  pip install --quiet pyyaml 2>/dev/null || true
  if ! $python -c 'import yaml, tomllib' 2>/dev/null; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-yaml >/dev/null
    python=/usr/bin/python3
  fi
fi

failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# (a) verify wants ExecStart to exist: the units are checked with the binary's real path.
if command -v systemd-analyze >/dev/null; then
  for unit in Deploy/systemd/*.service; do
    sed "s#/usr/local/bin/presswork#$bin#g" "$unit" >"$work/$(basename "$unit")"
  done
  # A template is verified through an instance.
  mv "$work/presswork-worker@.service" "$work/presswork-worker@1.service"
  # verify exits 0 on unknown keys and bad values; any line about our units is a failure.
  output=$(cd "$work" && systemd-analyze verify --man=no ./*.service 2>&1) || true
  ours=$(grep -i presswork <<<"$output" || true)
  if [ -z "$ours" ]; then
    echo "ok   (a) systemd-analyze verify: $(ls "$work" | tr '\n' ' ')"
  else
    echo "FAIL (a) systemd-analyze verify"
    sed 's/^/     - /' <<<"$ours"
    failed=1
  fi
else
  echo "skip (a) systemd-analyze verify: systemd-analyze is not installed"
fi

# (a) to (e): the rest is in Python.
$python Scripts/check_deploy.py "$repo" "$bin" || failed=1

# Extras, when the tools are there.
if docker compose version >/dev/null 2>&1; then
  # compose.yaml alone: the CURVE override needs the key files it names.
  if docker compose -f Deploy/container/compose.yaml config -q 2>"$work/compose.err"; then
    echo "ok   docker compose config"
  else
    echo "FAIL docker compose config"; sed 's/^/     - /' "$work/compose.err"; failed=1
  fi
else
  echo "skip docker compose config: no docker compose"
fi
if command -v kubectl >/dev/null && kubectl kustomize Deploy/kubernetes >"$work/kustomized.yaml" 2>"$work/kustomize.err"; then
  echo "ok   kubectl kustomize Deploy/kubernetes: $(grep -c '^kind:' "$work/kustomized.yaml") objects"
elif command -v kubectl >/dev/null; then
  echo "FAIL kubectl kustomize Deploy/kubernetes"; sed 's/^/     - /' "$work/kustomize.err"; failed=1
else
  echo "skip kubectl kustomize: no kubectl"
fi

if [ "$failed" -ne 0 ]; then
  echo "check-deploy: FAILED" >&2
  exit 1
fi
echo "check-deploy: all checks passed"
