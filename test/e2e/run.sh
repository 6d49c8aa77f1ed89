#!/usr/bin/env bash
# npm run test:e2e — the packed package inside a real n8n 2.41.0: n8n's CLI, a running n8n, the
# editor in headless Chromium, `npm start`, and the packed package's hygiene.
# Extra arguments go to jest (CI passes --json --outputFile=...).
# First run on a machine: installs Node 24 + n8n into ~/.cache/n8n-nodes-kaizala (scripts/ensure-n8n.sh)
# and Debian's chromium when it is missing.
# test/compat/run.sh (npm run test:compat) runs a part of this suite in another n8n version through
# the same steps: KAIZALA_N8N_VERSION picks the n8n, KAIZALA_JEST_CONFIG the suites, and
# KAIZALA_E2E_BROWSER=0 skips chromium (no editor test among them).
set -euo pipefail
cd "$(dirname "$0")/../.."

name="${KAIZALA_E2E_NAME:-test:e2e}"
jest_config="${KAIZALA_JEST_CONFIG:-test/e2e/jest.config.js}"
started=$(date +%s)
n8n_version="${KAIZALA_N8N_VERSION:-2.41.0}"
cache="$(bash scripts/ensure-n8n.sh "$n8n_version" | tail -n 1)"

# The editor test drives Debian's Chromium; a new machine may not have it yet.
if [ "${KAIZALA_E2E_BROWSER:-1}" != "0" ] && [ ! -x "${KAIZALA_CHROMIUM:-/usr/bin/chromium}" ]; then
  sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo -n"
  if command -v apt-get >/dev/null; then
    echo "$name: installing chromium (Debian package)" >&2
    ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null) >&2 \
      || echo "$name: could not install chromium; the editor test will fail" >&2
  fi
fi

# The package as users get it (dist/, then npm pack), and the compiled scripts `npm start` runs.
build_log="$(mktemp)"
if ! { npm run build --silent && npx tsc -p tsconfig.scripts.json; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  echo "$name: the build failed" >&2
  exit 1
fi
rm -f "$build_log"
rm -rf .build/pack && mkdir -p .build/pack
npm pack --silent --pack-destination .build/pack >/dev/null
tarball="$(ls "$PWD"/.build/pack/n8n-nodes-kaizala-*.tgz)"
[ "${KAIZALA_E2E_BROWSER:-1}" = "0" ] || rm -rf test-artifacts/editor
echo "$name: n8n $n8n_version ready in $(( $(date +%s) - started )) s; running the suites" >&2

export KAIZALA_N8N_CACHE="$cache"
export KAIZALA_TARBALL="$tarball"
exec npx jest -c "$jest_config" "$@"
