#!/usr/bin/env bash
# A private single-node Slurm cluster for tests: munged, slurmctld and slurmd
# from a config in DIR, on free local ports, with every state, spool, log and
# pid file inside DIR. It never reads or writes /etc/slurm, /etc/munge or
# /run/munge and starts no system service. Needs root (slurmd runs jobs as
# their user) and Debian's slurm-wlm and munge.
#
#   cluster.sh start DIR        start the daemons; wait until the node is idle;
#                               print `export SLURM_CONF=...` (eval it)
#   cluster.sh stop DIR         cancel the cluster's jobs, stop the daemons by
#                               their recorded PIDs and wait for them
#   cluster.sh wait DIR JOBID [TIMEOUT_S=300]
#                               wait until no task of JOBID is queued or
#                               running; print "TASK STATE EXIT" per task
#
# The node declares CPUS (default 4) CPUs with SlurmdParameters=config_overrides,
# and the partition uses select/cons_tres with CR_CPU: tasks that do not ask
# for --exclusive share the one node, one CPU each, so an array of 3 runs at
# once on a 2-core machine (as on 3 nodes) and a common start stays common.
set -euo pipefail

die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,20p' "$0" >&2; exit 2; }

SBIN=/usr/sbin
for d in munged slurmctld slurmd; do
  [ -x "$SBIN/$d" ] || die "$SBIN/$d is missing: apt-get install slurm-wlm munge (setup.sh does)"
done

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The daemons' logs, for an error message.
show_logs() {
  local dir="$1" f
  for f in "$dir"/log/*.log; do
    [ -f "$f" ] || continue
    printf '%s\n' "----- $f (last 30 lines)" >&2
    tail -n 30 "$f" >&2
  done
}

write_munge_key() {
  local dir="$1"
  mkdir -p "$dir/munge"
  chmod 0755 "$dir" "$dir/munge"  # traversable by all: job users reach the socket
  head -c 1024 /dev/urandom > "$dir/munge/munge.key"
  chmod 0600 "$dir/munge/munge.key"
  chown root:root "$dir/munge/munge.key"
}

write_slurm_conf() {
  local dir="$1" host="$2" cpus="$3"
  cat > "$dir/slurm.conf" <<EOF
# Private test cluster (test/slurm/cluster.sh); every path is inside $dir.
ClusterName=fcbtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$dir/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

# Starts one daemon in the foreground of a background job; records its PID.
launch() {
  local dir="$1" name="$2"
  shift 2
  "$@" </dev/null >"$dir/log/$name.out" 2>&1 &
  echo $! >"$dir/run/$name.pid.launched"
}

wait_for() {  # wait_for SECONDS COMMAND...: until COMMAND succeeds
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.2
  done
}

node_idle() { [ "$(sinfo --noheader --nodes="$1" --format=%T 2>/dev/null)" = idle ]; }

start() {
  local dir="$1" host cpus="${CPUS:-4}"
  [ "$(id -u)" -eq 0 ] || die "start needs root (slurmd runs jobs as their submitting user)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [ -z "$(pids "$dir")" ] || die "$dir already holds a running cluster (cluster.sh stop $dir first)"
  host="$(hostname -s)"
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/run"
  write_munge_key "$dir"
  write_slurm_conf "$dir" "$host" "$cpus"
  export SLURM_CONF="$dir/slurm.conf"
  launch "$dir" munged "$SBIN/munged" --foreground --key-file="$dir/munge/munge.key" \
    --socket="$dir/munge/munge.sock" --pid-file="$dir/run/munged.pid" \
    --seed-file="$dir/munge/munged.seed" --log-file="$dir/log/munged.log"
  wait_for 10 test -S "$dir/munge/munge.sock" || { show_logs "$dir"; die "munged did not create its socket"; }
  launch "$dir" slurmctld "$SBIN/slurmctld" -D -i -f "$dir/slurm.conf"
  launch "$dir" slurmd "$SBIN/slurmd" -D -N "$host" -f "$dir/slurm.conf"
  if ! wait_for 60 node_idle "$host"; then
    sinfo -N -l >&2 || true
    show_logs "$dir"
    die "node $host not idle after 60 s (logs above; cluster.sh stop $dir cleans up)"
  fi
  printf 'export SLURM_CONF=%q\n' "$dir/slurm.conf"
}

# Every PID cluster.sh launched in DIR, slurmd first.
pids() {
  local dir="$1" n
  for n in slurmd slurmctld munged; do
    [ -f "$dir/run/$n.pid.launched" ] && cat "$dir/run/$n.pid.launched"
  done
  return 0
}

cancel_jobs() {
  local ids
  ids="$(squeue --noheader --format=%A 2>/dev/null | sort -u | tr '\n' ' ')" || return 0
  [ -n "${ids// /}" ] || return 0
  # shellcheck disable=SC2086
  scancel $ids 2>/dev/null || true
  wait_for 20 test -z "$(squeue --noheader 2>/dev/null)" || true
}

# Whether PID runs; an exited daemon waiting to be reaped (state Z: we are
# not its parent once `start` has returned) counts as gone.
gone() { [ ! -e "/proc/$1/stat" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

stop() {
  local dir="$1" pid
  [ -d "$dir/run" ] || return 0
  export SLURM_CONF="$dir/slurm.conf"
  if [ -f "$dir/run/slurmctld.pid.launched" ]; then cancel_jobs; fi
  for pid in $(pids "$dir"); do
    kill -TERM "$pid" 2>/dev/null || true
    wait_for 15 gone "$pid" || kill -KILL "$pid" 2>/dev/null || true
  done
  for pid in $(pids "$dir"); do
    wait_for 5 gone "$pid" || die "PID $pid survived SIGKILL"
  done
  rm -f "$dir"/run/*.pid.launched
}

wait_job() {
  local dir="$1" job="$2" timeout="${3:-300}" deadline out
  export SLURM_CONF="$dir/slurm.conf"
  deadline=$((SECONDS + timeout))
  # squeue lists the queued and running tasks; a job it no longer knows at
  # all ("Invalid job id") has ended too. Any other error is retried.
  while :; do
    if out="$(squeue --noheader --array --jobs="$job" --format='%K %T' 2>&1)"; then
      [ -n "$out" ] || break
    else
      case "$out" in *"Invalid job id"*) break ;; esac
    fi
    if [ $SECONDS -ge $deadline ]; then
      printf '%s\n' "$out" >&2
      scontrol --oneliner show job "$job" >&2 || true
      die "job $job still queued or running after $timeout s"
    fi
    sleep 0.5
  done
  # Ended tasks stay known to slurmctld for MinJobAge (600 s).
  scontrol --oneliner show job "$job" |
    sed -n 's/.*ArrayTaskId=\([^ ]*\) .*JobState=\([^ ]*\) .*ExitCode=\([^ ]*\).*/\1 \2 \3/p' | sort -n
}

[ $# -ge 2 ] || usage
case "$1" in
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  wait) { [ $# -ge 3 ] && [ $# -le 4 ]; } || usage; wait_job "$2" "$3" "${4:-300}" ;;
  *) usage ;;
esac
