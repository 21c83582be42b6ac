#!/usr/bin/env bash
# Runs the commands of Deploy/README.md against a local cluster, to keep that walkthrough honest.
# Hosts A (coordinator), B and C (workers) and the laptop (client) are directories under one temporary
# directory, each with its own etc/presswork (keys, presswork.toml); the coordinator listens on 127.0.0.1 on
# ports the kernel picks (port 0), read back from its log. One line per step, PASS or FAIL; exit status 1 at
# the first failure. Waits have generous deadlines and no step depends on how fast the machine is.
#
#   Scripts/deploy-walkthrough.sh                                   build presswork (release) if needed
#   PRESSWORK_BIN=/path/to/presswork Scripts/deploy-walkthrough.sh  a ready binary, no build
#   PRESSWORK_KEEP_TEST_DIRS=1 ...                                  keep the temporary hosts and their logs
#
# Binaries without `--config` get the same settings as flags, read from the same presswork.toml files
# (the script says so); the steps that only make sense with --config are then skipped.
# Needs jq, sqlite3 (the walkthrough's backup tool) and curl; installs them with apt-get when missing.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

missing=()
for tool in jq sqlite3 curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { echo "deploy-walkthrough: needs ${missing[*]} (apt-get install -y ${missing[*]})" >&2; exit 1; }
fi

bin=$(Scripts/presswork-bin.sh) || exit 1

# Only the settings this script chooses: a caller's PRESSWORK_* would override the hosts' files.
for v in $(env | grep -o '^PRESSWORK_[A-Z_]*' | grep -v -x -e PRESSWORK_BIN -e PRESSWORK_KEEP_TEST_DIRS); do
  unset "$v"
done

tmp=$(mktemp -d -t presswork-walk.XXXXXX)
A=$tmp/A B=$tmp/B C=$tmp/C L=$tmp/laptop
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  done
  wait 2>/dev/null
  if [ "${PRESSWORK_KEEP_TEST_DIRS:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# MARK: helpers

# Set once the coordinator has reported the ports it was given.
port="" http_port="" endpoint=""

# The flags a presswork.toml section stands for (for binaries without --config): `key = value` lines
# become `--key value`, `key = true` becomes `--key`.
toml_flags() { # FILE SECTION
  awk -v want="[$2]" '
    /^[[:space:]]*(#|$)/ { next }
    /^[[:space:]]*\[/ { section = $1; next }
    section == want {
      key = $0; sub(/[[:space:]]*=.*/, "", key); gsub(/[[:space:]]/, "", key)
      value = $0; sub(/^[^=]*=[[:space:]]*/, "", value); sub(/[[:space:]]+#.*$/, "", value)
      gsub(/^"|"$/, "", value)
      if (value == "true") print "--" key
      else if (value != "false") { print "--" key; print value }
    }' "$1"
}

has_config=false
"$bin" coordinator --help 2>&1 | grep -q -- --config && has_config=true

# Starts `presswork ROLE` with HOST's /etc/presswork/presswork.toml; extra arguments (flags) go last.
start() { # ROLE HOST LOG [FLAGS...]
  local role=$1 host=$2 log=$3; shift 3
  local config=$host/etc/presswork/presswork.toml args=()
  if $has_config; then args=(--config "$config"); else mapfile -t args < <(toml_flags "$config" "$role"); fi
  "$bin" "$role" "${args[@]}" "$@" >>"$log" 2>&1 &
  started=$!
  pids+=("$started")
}

# The laptop's client commands: the environment variables of the walkthrough, for this command only.
laptop() {
  PRESSWORK_CONNECT="$endpoint" PRESSWORK_KEY="$L/.presswork/alice.key" \
    PRESSWORK_SERVER_PUBLIC_KEY="$L/.presswork/coordinator.pub" "$bin" "$@"
}
status_json() { laptop status --json --timeout 10 2>/dev/null; }
wait_until() { # SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do [ "$SECONDS" -ge "$deadline" ] && return 1; sleep 0.2; done
}
workers_up() { [ "$(status_json | jq '[.workers[] | select(.state == "up")] | length')" -ge "$1" ] 2>/dev/null; }
queue() { status_json | jq -r ".queue.$1"; }
# Waits for process PID to exit within SECONDS; sets exit_status (or "running").
wait_exit() { # PID SECONDS
  exit_status=running
  wait_until "$2" eval "! kill -0 $1 2>/dev/null" || return 1
  wait "$1"; exit_status=$?
}

step=0
detail=""
pass() { step=$((step + 1)); printf 'PASS  %2d  %s%s\n' "$step" "$1" "${detail:+ ($detail)}"; detail=""; }
skip() { step=$((step + 1)); printf 'SKIP  %2d  %s (%s)\n' "$step" "$1" "$2"; }
fail() {
  step=$((step + 1)); printf 'FAIL  %2d  %s%s\n' "$step" "$1" "${detail:+ ($detail)}"
  local log
  for log in "$A"/*.log "$B"/*.log "$C"/*.log "$L"/*.log; do
    [ -s "$log" ] && { echo "--- last lines of ${log#"$tmp"/}"; tail -n 8 "$log"; }
  done
  exit 1
}
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

echo "presswork $("$bin" --version 2>/dev/null) at $bin; hosts in $tmp"
if $has_config; then
  echo "this binary takes --config: every process starts from its host's presswork.toml"
else
  echo "this binary has no --config: the same presswork.toml settings are passed as flags instead"
fi

# MARK: 2. keys

make_keys() {
  mkdir -p "$A/etc/presswork" "$B/etc/presswork" "$C/etc/presswork" "$L/.presswork" || return 1
  "$bin" keygen --out "$A/etc/presswork" --name coordinator >/dev/null &&
    "$bin" keygen --out "$B/etc/presswork" --name worker-b >/dev/null &&
    "$bin" keygen --out "$C/etc/presswork" --name worker-c >/dev/null &&
    "$bin" keygen --out "$L/.presswork" --name alice >/dev/null || return 1
  local f
  for f in "$A/etc/presswork/coordinator" "$B/etc/presswork/worker-b" "$C/etc/presswork/worker-c" "$L/.presswork/alice"; do
    [ "$(stat -c %a "$f.key")" = 600 ] && [ -f "$f.pub" ] || { detail="$f.key missing or not 0600"; return 1; }
  done
  detail="coordinator on A, worker-b on B, worker-c on C, alice on the laptop; secret keys 0600"
}
check "keygen on each host" make_keys

copy_public_keys() {
  mkdir -p "$A/etc/presswork/workers" "$A/etc/presswork/clients" &&
    cp "$B/etc/presswork/worker-b.pub" "$C/etc/presswork/worker-c.pub" "$A/etc/presswork/workers/" &&
    cp "$L/.presswork/alice.pub" "$A/etc/presswork/clients/" &&
    cp "$A/etc/presswork/coordinator.pub" "$B/etc/presswork/" &&
    cp "$A/etc/presswork/coordinator.pub" "$C/etc/presswork/" &&
    cp "$A/etc/presswork/coordinator.pub" "$L/.presswork/" || return 1
  detail="worker-b.pub, worker-c.pub -> A:workers/; alice.pub -> A:clients/; coordinator.pub -> B, C, laptop"
}
check "public keys copied" copy_public_keys

# MARK: 3. configuration files and start

write_coordinator_config() {
  # The snippets of Deploy/README.md, with the hosts' paths under $tmp and loopback addresses. Port 0: the
  # kernel gives the coordinator free ports, so nothing else running here can collide with this script.
  cat >"$A/etc/presswork/presswork.toml" <<EOF
[coordinator]
bind = "tcp://127.0.0.1:0"
data = "$A/var/lib/presswork"
server-key = "$A/etc/presswork/coordinator.key"
worker-keys = "$A/etc/presswork/workers"
client-keys = "$A/etc/presswork/clients"
http = "127.0.0.1:0"
log-format = "json"
EOF
  mkdir -p "$A/var/lib"
}
check "presswork.toml written on A" write_coordinator_config

start coordinator "$A" "$A/coordinator.log"; coordinator=$started

# The port in the SCHEME://…:PORT endpoint of the last log line holding MESSAGE (JSON may write "/" as "\/").
reported_port() { # LOG MESSAGE SCHEME
  grep -F "$2" "$1" 2>/dev/null | tail -n 1 | tr -d '\\' | grep -o -E "$3://[^\" ,]*:[0-9]+" | grep -o -E '[0-9]+$'
}
coordinator_ports() {
  got_ports() {
    port=$(reported_port "$A/coordinator.log" "coordinator listening" tcp) &&
      http_port=$(reported_port "$A/coordinator.log" "HTTP endpoint listening" http)
  }
  wait_until 60 got_ports || { detail="no ports in the log: $(tail -c 300 "$A/coordinator.log")"; return 1; }
  endpoint="tcp://127.0.0.1:$port"
  # From now on the file names the ports, as a real host's would: a restart binds the same ones.
  sed -i -e "s|tcp://127.0.0.1:0\"|$endpoint\"|" -e "s|127.0.0.1:0\"|127.0.0.1:$http_port\"|" \
    "$A/etc/presswork/presswork.toml" || return 1
  detail="ZeroMQ on $endpoint, HTTP on 127.0.0.1:$http_port"
}
check "coordinator on A started; the ports it was given written into its presswork.toml" coordinator_ports

write_worker_configs() {
  local host name
  for host in B C; do
    if [ "$host" = B ]; then name=worker-b; dir=$B; else name=worker-c; dir=$C; fi
    cat >"$dir/etc/presswork/presswork.toml" <<EOF
[worker]
connect = "$endpoint"
key = "$dir/etc/presswork/$name.key"
server-public-key = "$dir/etc/presswork/coordinator.pub"
concurrency = 2
drain-timeout = 30
EOF
  done
}
check "presswork.toml written on B and C" write_worker_configs

start worker "$B" "$B/worker.log"; worker_b=$started
# C spends 2 s of CPU on each long article (a hidden testing option) before processing it, so it is inside a
# job when step 5 stops it, however fast this machine is.
start worker "$C" "$C/worker.log" --chaos-busy a-long- --chaos-busy-seconds 2; worker_c=$started

cluster_up() {
  wait_until 60 workers_up 2 || { detail="status: $(status_json | jq -c '[.workers[] | .state]')"; return 1; }
  local s; s=$(status_json)
  [ "$(jq -r .security.curve <<<"$s")" = true ] || { detail="CURVE is off"; return 1; }
  [ "$(jq -r '"\(.security.workerKeys) \(.security.clientKeys)"' <<<"$s")" = "2 1" ] || { detail="admitted keys: $(jq -c .security <<<"$s")"; return 1; }
  # (bodies are read whole: grep -q closing the pipe early makes curl report a write error)
  [ "$(curl -fsS "http://127.0.0.1:$http_port/healthz")" = ok ] || { detail="/healthz did not answer ok"; return 1; }
  # (the HTTP endpoint serves a snapshot published every 250 ms)
  metrics_see_2() { grep -q '^presswork_workers 2' <<<"$(curl -fsS "http://127.0.0.1:$http_port/metrics")"; }
  wait_until 30 metrics_see_2 || { detail="/metrics has no presswork_workers 2"; return 1; }
  detail="2 workers up, CURVE on, 2 worker keys and 1 client key admitted, /healthz and /metrics answer"
}
check "workers on B and C started, the cluster up$($has_config && echo " with --config" || echo " (flags from presswork.toml)")" cluster_up

# MARK: 4. submit from the laptop

samples_total=0
submit_samples() {
  laptop submit Scripts/samples --wait >"$L/samples.ids" 2>"$L/submit-samples.log" || { detail="submit --wait exit $?"; return 1; }
  samples_total=$(wc -l <"$L/samples.ids")
  local s; s=$(status_json)
  [ "$samples_total" -gt 0 ] && [ "$(jq .queue.done <<<"$s")" = "$samples_total" ] && [ "$(jq .queue.dead <<<"$s")" = 0 ] ||
    { detail="$samples_total ids, queue $(jq -c .queue <<<"$s")"; return 1; }
  [ "$(jq '[.workers[] | select(.state == "up" and .done > 0)] | length' <<<"$s")" -ge 1 ] || { detail="no worker did any job"; return 1; }
  detail="$samples_total articles done, 0 dead, workers done: $(jq -c '[.workers[].done]' <<<"$s")"
}
check "laptop: submit Scripts/samples --wait with PRESSWORK_CONNECT/KEY/SERVER_PUBLIC_KEY" submit_samples

refused_without_key() {
  PRESSWORK_CONNECT="$endpoint" "$bin" status --timeout 2 >/dev/null 2>&1
  local rc=$?
  [ "$rc" -ne 0 ] || { detail="status without keys succeeded"; return 1; }
  detail="status without the laptop's keys: exit $rc"
}
check "a client without keys is not let in" refused_without_key

# MARK: 5. drain worker C while jobs run

batch_total=0
drain_c() {
  # 24 long articles first (2 s each on C, so C is in the middle of jobs when SIGTERM comes), then the
  # samples 40 times.
  local i j
  mkdir -p "$L/articles"
  for i in $(seq 10 33); do
    { echo "Long article $i"; echo; for j in $(seq 400); do cat Scripts/samples/es-valencia-bike-lanes.txt; echo; done; } >"$L/articles/a-long-$i.txt"
  done
  for i in $(seq 40); do cp -r Scripts/samples "$L/articles/copy-$i"; done
  laptop submit "$L/articles" --wait >"$L/batch.ids" 2>"$L/submit-batch.log" &
  local submit=$!
  pids+=("$submit")
  c_busy() { [ "$(status_json | jq "[.workers[] | select(.pid == $worker_c) | .busy] | add // 0")" -gt 0 ] 2>/dev/null; }
  wait_until 60 c_busy || { detail="worker C never got a job"; return 1; }
  local queued; queued=$(status_json | jq '.queue.queued + .queue.leased')
  kill -TERM "$worker_c"
  local t0; t0=$(date +%s%N)
  wait_exit "$worker_c" 40 || { detail="worker C still running 40 s after SIGTERM"; return 1; }
  [ "$exit_status" = 0 ] || { detail="worker C exit status $exit_status"; return 1; }
  local drained running
  drained=$(( ($(date +%s%N) - t0) / 1000000 ))
  running=$(grep 'worker draining' "$C/worker.log" | grep -o 'presswork.count=[0-9]*' | cut -d= -f2)
  [ "${running:-0}" -gt 0 ] || { detail="C had no job running when SIGTERM came (log: ${running:-no drain line})"; return 1; }
  wait_exit "$submit" 300 || { detail="submit --wait still waiting after 300 s"; return 1; }
  [ "$exit_status" = 0 ] || { detail="submit --wait exit $exit_status"; return 1; }
  batch_total=$(wc -l <"$L/batch.ids")
  local s; s=$(status_json)
  local want=$((samples_total + batch_total))
  [ "$(jq '"\(.queue.done) \(.queue.dead) \(.queue.queued + .queue.leased + .queue.delayed)"' -r <<<"$s")" = "$want 0 0" ] ||
    { detail="want $want done, queue $(jq -c .queue <<<"$s")"; return 1; }
  [ "$(jq "[.workers[] | select(.pid == $worker_c and .state == \"up\")] | length" <<<"$s")" = 0 ] || { detail="worker C still shown up"; return 1; }
  detail="SIGTERM with C running $running and $queued queued or running in all; C exited 0 after ${drained} ms; all $batch_total done, 0 dead, nothing left queued"
}
check "worker C drained with SIGTERM, no job lost" drain_c

# MARK: 6. backup, restore

results_before=0
backup_online() {
  mkdir -p "$A/backups"
  sqlite3 "$A/var/lib/presswork/presswork.sqlite" ".backup '$A/backups/presswork.sqlite'" || return 1
  [ "$(sqlite3 "$A/backups/presswork.sqlite" 'PRAGMA integrity_check')" = ok ] || { detail="integrity_check failed"; return 1; }
  results_before=$(laptop export 2>/dev/null | wc -l)
  local in_backup; in_backup=$(sqlite3 "$A/backups/presswork.sqlite" 'SELECT COUNT(*) FROM results')
  [ "$in_backup" = "$results_before" ] && [ "$results_before" = $((samples_total + batch_total)) ] ||
    { detail="export $results_before, backup $in_backup"; return 1; }
  detail="sqlite3 .backup while running: $in_backup results, integrity ok"
}
check "online backup of the store" backup_online

stop_coordinator() {
  kill -TERM "$coordinator"
  wait_exit "$coordinator" 60 || { detail="still running 60 s after SIGTERM"; return 1; }
  [ "$exit_status" = 0 ] || { detail="exit status $exit_status"; return 1; }
  detail="exit 0"
}
check "coordinator stopped with SIGTERM" stop_coordinator

restore() {
  local data=$A/var/lib/presswork-restored
  mkdir -p "$data" && rm -f "$data/presswork.sqlite-wal" "$data/presswork.sqlite-shm" &&
    cp "$A/backups/presswork.sqlite" "$data/presswork.sqlite" || return 1
  if $has_config; then
    PRESSWORK_DATA="$data" start coordinator "$A" "$A/coordinator-restored.log"
  else
    start coordinator "$A" "$A/coordinator-restored.log" --data "$data"
  fi
  coordinator=$started
  wait_until 60 eval 'status_json >/dev/null' || { detail="restored coordinator does not answer"; return 1; }
  local after; after=$(laptop export 2>/dev/null | wc -l)
  [ "$after" = "$results_before" ] || { detail="export: $after results, before: $results_before"; return 1; }
  detail="new data dir, export returns the same $after results"
  if $has_config; then detail="$detail; data dir from PRESSWORK_DATA over the file"; fi
}
check "backup restored into a new data dir, coordinator started on it" restore

worker_back() {
  wait_until 60 workers_up 1 || { detail="worker B did not come back"; return 1; }
  laptop submit Scripts/samples/en-millbrook-library.html --wait >/dev/null 2>"$L/submit-after.log" || { detail="submit after restore failed"; return 1; }
  detail="worker B reconnected by itself; a new article done"
}
check "worker B reconnects to the restored coordinator" worker_back

# MARK: 7. configuration checks (--config only)

if $has_config; then
  print_config() {
    local out
    out=$(PRESSWORK_DATA=/srv/elsewhere "$bin" coordinator --config "$A/etc/presswork/presswork.toml" --print-config --log-format text 2>&1) ||
      { detail="--print-config exit $?"; return 1; }
    # KEY = VALUE with its source in a comment on the same line or the one before.
    shown() { grep -B1 -E "^$1 *= *\"?$2" <<<"$out" | grep -q -E "#.*$3"; }
    shown bind "tcp://127.0.0.1:$port" file || { detail="bind not shown as from the file: $out"; return 1; }
    shown data /srv/elsewhere environment || { detail="data not shown as from PRESSWORK_DATA: $out"; return 1; }
    shown log-format text flag || { detail="log-format not shown as from the flag: $out"; return 1; }
    detail="bind from file, data from PRESSWORK_DATA, log-format from the flag"
  }
  check "--print-config shows where each setting comes from" print_config

  bad_config() {
    printf '[coordinator]\nbind = "tcp://127.0.0.1:0"\nbnid = "tcp://0.0.0.0:7700"\n' >"$A/bad.toml"
    timeout 15 "$bin" coordinator --config "$A/bad.toml" --data "$A/var/lib/bad" >"$A/bad.out" 2>&1
    local rc=$?
    [ "$rc" = 2 ] || { detail="exit status $rc, want 2"; return 1; }
    grep -q bnid "$A/bad.out" || { detail="message does not name bnid: $(head -c 200 "$A/bad.out")"; return 1; }
    detail="exit 2: …$(grep -m1 -o "\[coordinator\] bnid.*" "$A/bad.out" | cut -c1-80)"
  }
  check "a config with an unknown key is refused" bad_config
else
  skip "--print-config shows where each setting comes from" "this binary has no --config"
  skip "a config with an unknown key is refused" "this binary has no --config"
fi

echo "all steps passed"
