#!/usr/bin/env bash
# The servers n8n's queue mode needs, for npm run test:queue: PostgreSQL 15 (initdb/pg_ctl) and
# Redis (redis-server). Installs Debian's packages when they are missing (a new CI machine);
# starts nothing: test/queue starts its own servers on free loopback ports and stops them.
# Prints two lines: the PostgreSQL bin folder, then the redis-server binary.
set -euo pipefail

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

missing=()
pg_bin >/dev/null || missing+=(postgresql-15)
command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo -n"
  command -v apt-get >/dev/null || { echo "ensure-queue-services: ${missing[*]} missing and no apt-get here" >&2; exit 1; }
  echo "ensure-queue-services: installing ${missing[*]} (Debian packages)" >&2
  # The packages' own services are not wanted: the tests start private servers.
  export DEBIAN_FRONTEND=noninteractive RUNLEVEL=1
  # apt's and dpkg's lines go to a log; the terminal gets them only when the install fails.
  log="$(mktemp -t kaizala-apt.XXXXXX.log)"
  started=$(date +%s)
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    echo "ensure-queue-services: installing ${missing[*]} failed; the whole log: $log" >&2
    exit 1
  fi
  echo "ensure-queue-services: installed ${missing[*]} in $(( $(date +%s) - started )) s (log: $log)" >&2
  # A package install may start a system-wide server; the tests never use it.
  if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v service >/dev/null; then
    $sudo service redis-server stop >/dev/null 2>&1 || true
  fi
fi

dir="$(pg_bin)" || { echo "ensure-queue-services: PostgreSQL's initdb/pg_ctl not found" >&2; exit 1; }
id postgres >/dev/null 2>&1 || { echo "ensure-queue-services: no 'postgres' user to run PostgreSQL as" >&2; exit 1; }
redis="$(command -v redis-server || echo /usr/bin/redis-server)"
"$redis" --version >/dev/null || { echo "ensure-queue-services: $redis does not run" >&2; exit 1; }
echo "$dir"
echo "$redis"
