#!/usr/bin/env bash
# Build llama-cpp-python once per (version, build flags, CPU) and install it into the given Python.
# Usage: bash scripts/build_llama.sh PYTHON
#
# Why not plain `pip install llama-cpp-python`:
# - llama.cpp compiles for the build machine (-march=native). On CPUs that report AMX (Xeon Sapphire
#   Rapids and later), its AMX kernels died with "Illegal instruction" in the first decode here, while
#   the same build without them ran. So the default flags leave AMX out; AVX-512/AVX2 stay.
# - pip's wheel cache ignores CMAKE_ARGS and the CPU, so a wheel built with other flags (a CUDA build,
#   an AMX build, another machine's) would be reused silently. The wheel is kept under a key of all three.
set -euo pipefail
PY=${1:?usage: build_llama.sh PYTHON}
VERSION=0.3.36  # keep equal to the pin in pyproject.toml (a test checks)
NO_AMX="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
# Your own CMAKE_ARGS (a CUDA build, say) get the same no-AMX flags, unless they set the C/C++ flags.
case "${CMAKE_ARGS:-}" in
  *CMAKE_C_FLAGS*|*CMAKE_CXX_FLAGS*) ;;
  *) if [ "$(uname -m)" = x86_64 ]; then
       export CMAKE_ARGS="${CMAKE_ARGS:+$CMAKE_ARGS }-DCMAKE_C_FLAGS='$NO_AMX' -DCMAKE_CXX_FLAGS='$NO_AMX'"
     fi ;;
esac
cpu=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null || uname -m)
key=$(printf '%s\n%s\n%s\n' "$VERSION" "${CMAKE_ARGS:-}" "$cpu" | sha256sum | cut -c1-16)
wheels="${XDG_CACHE_HOME:-$HOME/.cache}/shopcli/wheels/llama-$VERSION-$key"
if ! ls "$wheels"/llama_cpp_python-*.whl >/dev/null 2>&1; then
  echo "Building llama-cpp-python $VERSION from source (about 7 minutes on 2 cores; once per machine)..." >&2
  rm -rf "$wheels.tmp"
  "$PY" -m pip wheel --quiet --no-deps --no-cache-dir -w "$wheels.tmp" "llama-cpp-python==$VERSION"
  rm -rf "$wheels" && mv "$wheels.tmp" "$wheels"
fi
"$PY" -m pip install --quiet --no-deps --force-reinstall "$wheels"/llama_cpp_python-*.whl
# its own dependencies (numpy, diskcache, jinja2, typing-extensions) come from the index as usual
"$PY" -m pip install --quiet "llama-cpp-python==$VERSION" --find-links "$wheels"
