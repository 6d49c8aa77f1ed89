#!/usr/bin/env bash
# npm run test:compat — the core of the end-to-end suite (test/compat/jest.config.js names which
# suites and why) with the packed package inside n8n's 1.x line: the version in
# test/compat/n8n-version (KAIZALA_N8N_VERSION picks another). Same steps as npm run test:e2e (test/e2e/run.sh does the
# install, build and pack); no browser. Extra arguments go to jest (CI passes --json --outputFile=...).
# First run on a machine: installs that n8n into ~/.cache/n8n-nodes-kaizala/n8n-<version>
# (scripts/ensure-n8n.sh; about 15 minutes on a 2-core machine with an empty npm cache).
set -euo pipefail
cd "$(dirname "$0")/../.."

export KAIZALA_N8N_VERSION="${KAIZALA_N8N_VERSION:-$(cat test/compat/n8n-version)}"
export KAIZALA_JEST_CONFIG=test/compat/jest.config.js
export KAIZALA_E2E_NAME=test:compat
export KAIZALA_E2E_BROWSER=0
exec bash test/e2e/run.sh "$@"
