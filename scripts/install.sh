#!/usr/bin/env bash
# Set up shopcli in ./.venv: the package, llama-cpp-python (built from source the first time,
# about 10 minutes on 2 cores; pip caches the wheel), and the default model in ./models.
# Usage: bash scripts/install.sh [--dev] [--no-model]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="llm"
pull_model=1
for arg in "$@"; do
  case "$arg" in
    --dev) extras="llm,dev" ;;
    --no-model) pull_model=0 ;;
    *) echo "install.sh: unknown option $arg (use --dev, --no-model)" >&2; exit 2 ;;
  esac
done
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$extras" != "" ]; then
  bash scripts/build_llama.sh .venv/bin/python
fi
echo "Installing shopcli[$extras]..." >&2
.venv/bin/python -m pip install --quiet -e ".[$extras]"
if [ "$pull_model" = 1 ]; then
  .venv/bin/shop model pull "${SHOPCLI_MODEL_NAME:-qwen2.5-coder-1.5b}"
fi
echo "Ready: .venv/bin/shop --help" >&2
