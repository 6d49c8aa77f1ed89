# Sourced by scripts/ensure-n8n.sh. run_logged runs a long command (an npm install) with all of
# its output going to a log file, and keeps one status line on stderr instead: what is happening
# and for how long. On a terminal the line is rewritten in place every second; elsewhere (CI, a
# pipe) a new line is printed every KAIZALA_PROGRESS_INTERVAL seconds (15 by default), so a log
# shows the install is alive without filling up. On failure: the last lines of the log, and its path.

# "75 s" -> "1m 15s"
progress_duration() {
  local seconds=$1
  if [ "$seconds" -ge 60 ]; then printf '%dm %02ds' $((seconds / 60)) $((seconds % 60)); else printf '%ds' "$seconds"; fi
}

# run_logged LOG "what is happening" command [args...]
# Appends the command's stdout and stderr to LOG. Returns the command's exit status.
# While it runs, counts the fetches npm logs at --loglevel=http, as a sign of progress.
run_logged() {
  local log=$1 what=$2
  shift 2
  local interval=${KAIZALA_PROGRESS_INTERVAL:-15} tail_lines=${KAIZALA_PROGRESS_TAIL:-25}
  local started now elapsed pid status line fetched fetched_before next_report tty=0
  [ -t 2 ] && tty=1
  started=$(date +%s)
  next_report=$((started + interval))
  fetched_before=$(grep -c '^npm http ' "$log" 2>/dev/null || true)
  printf '\n== %s: %s\n== %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" "$what" "$*" >>"$log"
  "$@" >>"$log" 2>&1 &
  pid=$!
  [ "$tty" = 1 ] || echo "$what (output: $log)" >&2
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    now=$(date +%s)
    elapsed=$((now - started))
    fetched=$(( $(grep -c '^npm http ' "$log" 2>/dev/null || true) - ${fetched_before:-0} ))
    line="$what: $(progress_duration "$elapsed")"
    [ "$fetched" -gt 0 ] && line="$line, $fetched npm fetches"
    if [ "$tty" = 1 ]; then
      printf '\r\033[K%s' "$line" >&2
    elif [ "$now" -ge "$next_report" ]; then
      echo "$line" >&2
      next_report=$((now + interval))
    fi
  done
  if wait "$pid"; then status=0; else status=$?; fi
  elapsed=$(( $(date +%s) - started ))
  [ "$tty" = 1 ] && printf '\r\033[K' >&2
  if [ "$status" = 0 ]; then
    echo "$what: done in $(progress_duration "$elapsed")" >&2
  else
    {
      echo "$what: FAILED after $(progress_duration "$elapsed") (exit $status). The last lines of its log:"
      tail -n "$tail_lines" "$log" | sed 's/^/  | /'
      echo "The whole log: $log"
    } >&2
  fi
  return "$status"
}
