#!/usr/bin/env bash
# Install shopcli with its test dependencies and the tiny test model, then run the whole suite.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
# The llama.cpp plumbing tests must run, not skip, wherever this script is used (CI included).
export SHOPCLI_REQUIRE_LLM=${SHOPCLI_REQUIRE_LLM:-1}
bash scripts/install.sh --dev --no-model
.venv/bin/shop model pull smollm2-135m
exec .venv/bin/python -m pytest "$@"
