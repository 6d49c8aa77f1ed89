#!/usr/bin/env bash
# npm run test:e2e — the packed package inside a real n8n 2.41.0: n8n's CLI, a running n8n, the
# editor in headless Chromium, `npm start`, and the packed package's hygiene.
# Extra arguments go to jest (CI passes --json --outputFile=...).
# First run on a machine: installs Node 24 + n8n into ~/.cache/n8n-nodes-kaizala (scripts/ensure-n8n.sh)
# and Debian's chromium when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$(date +%s)
cache="$(bash scripts/ensure-n8n.sh | tail -n 1)"

# The editor test drives Debian's Chromium; a new machine may not have it yet.
if [ ! -x "${KAIZALA_CHROMIUM:-/usr/bin/chromium}" ]; then
  sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo -n"
  if command -v apt-get >/dev/null; then
    echo "test:e2e: installing chromium (Debian package)" >&2
    ($sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null) >&2 \
      || echo "test:e2e: could not install chromium; the editor test will fail" >&2
  fi
fi

# The package as users get it (dist/, then npm pack), and the compiled scripts `npm start` runs.
build_log="$(mktemp)"
if ! { npm run build --silent && npx tsc -p tsconfig.scripts.json; } >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  echo "test:e2e: the build failed" >&2
  exit 1
fi
rm -f "$build_log"
rm -rf .build/pack && mkdir -p .build/pack
npm pack --silent --pack-destination .build/pack >/dev/null
tarball="$(ls "$PWD"/.build/pack/n8n-nodes-kaizala-*.tgz)"
rm -rf test-artifacts/editor
echo "test:e2e: n8n ready in $(( $(date +%s) - started )) s; running the suites" >&2

export KAIZALA_N8N_CACHE="$cache"
export KAIZALA_TARBALL="$tarball"
exec npx jest -c test/e2e/jest.config.js "$@"
