#!/usr/bin/env bash
# CI for the Python package (called by .ci/run after the Rust tests): build the abi3 wheel with
# maturin, install it into a fresh virtual environment with pyarrow, pandas and PySpark, and run
# pytest, the Spark test (local[2], Java 17) included. When PyPI cannot be reached it says so and
# exits 0; when it can, every test must run and pass.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Versions known to work with CPython 3.11 and Java 17; majors pinned.
requirements=(
  "maturin>=1.8,<2"
  "pytest>=8,<10"
  "pyarrow>=17,<27"
  "pandas>=2.2,<3"
  "pyspark>=4.0,<5"
)

"$python" -m venv "$work/venv"
bin="$work/venv/bin"
export PIP_DISABLE_PIP_VERSION_CHECK=1

# Reachability first, with a small download, so that an offline run is told apart from a broken
# install below (which must fail the build).
if ! timeout 120 "$bin/pip" download --quiet --no-deps --dest "$work/probe" "${requirements[0]}" >/dev/null 2>&1; then
  echo "note: PyPI is unreachable from this machine: the Python package (python/) was not built or tested"
  exit 0
fi

# PySpark starts a JVM: Java 17 is on this kind of machine; install it if a new one lacks it.
if ! command -v java >/dev/null 2>&1; then
  echo "java not found: installing openjdk-17-jre-headless"
  timeout 600 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

echo "python/ci.sh: installing ${requirements[*]}"
timeout 900 "$bin/pip" install --quiet "${requirements[@]}"

echo "python/ci.sh: maturin build --release"
"$bin/maturin" build --release --quiet --manifest-path python/Cargo.toml --interpreter "$bin/python" --out "$work/dist"
"$bin/pip" install --quiet --no-deps "$work"/dist/tactful-*.whl

# Run from outside the source tree, so that `import tactful` is the installed wheel and not
# python/tactful/ (which lacks the compiled extension). The Spark test reads the corpus at
# ../shared/corpora/en-support/ beside the repository (or TACTFUL_CORPUS) and says it skipped
# when it is absent.
cd "$work"
"$bin/python" -m pytest -q -p no:cacheprovider "$repo/python/tests"
