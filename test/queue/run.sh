#!/usr/bin/env bash
# npm run test:queue — the packed package in n8n's queue mode: PostgreSQL, Redis, one n8n main
# process and `n8n worker` processes, the Kaizala sandbox as Kaizala. Each test file starts and
# stops its own servers on free loopback ports.
# Extra arguments go to jest (CI passes --json --outputFile=...).
# First run on a machine: installs Node 24 + n8n (scripts/ensure-n8n.sh) and Debian's
# redis-server / PostgreSQL when missing (scripts/ensure-queue-services.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."

started=$(date +%s)
# KAIZALA_N8N_VERSION picks another n8n (npm run test:compat:queue runs this with n8n 1.x).
n8n_version="${KAIZALA_N8N_VERSION:-2.41.0}"
cache="$(bash scripts/ensure-n8n.sh "$n8n_version" | tail -n 1)"
services="$(bash scripts/ensure-queue-services.sh)"

# The package as users get it: dist/, then npm pack.
build_log="$(mktemp)"
if ! npm run build --silent >"$build_log" 2>&1; then
  cat "$build_log" >&2
  rm -f "$build_log"
  echo "test:queue: the build failed" >&2
  exit 1
fi
rm -f "$build_log"
rm -rf .build/pack-queue && mkdir -p .build/pack-queue
npm pack --silent --pack-destination .build/pack-queue >/dev/null
tarball="$(ls "$PWD"/.build/pack-queue/n8n-nodes-kaizala-*.tgz)"
echo "test:queue: n8n $n8n_version, PostgreSQL and Redis ready in $(( $(date +%s) - started )) s; running the suites" >&2

export KAIZALA_N8N_CACHE="$cache"
export KAIZALA_TARBALL="$tarball"
export KAIZALA_PG_BIN="$(sed -n 1p <<<"$services")"
export KAIZALA_REDIS_SERVER="$(sed -n 2p <<<"$services")"
exec npx jest -c test/queue/jest.config.js "$@"
