#!/usr/bin/env bash
# task-api's CPU per request under compare.sh's load for several JVM option sets, one after
# the other on the same PostgreSQL (127.0.0.1:5432) and Kafka (../shared/baseline/kafka):
# for each, a fresh database, WARMUP s of load, then SECS s measured with cpu_split.py.
#   docs/probes/ab-task-api.sh <jar> "<options A>" "<options B>" ...
# Env: WARMUP (40), SECS (20), CONNS (64).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BASELINE="$ROOT/../shared/baseline"
JAR=$1; shift
WARMUP=${WARMUP:-40}; SECS=${SECS:-20}; CONNS=${CONNS:-64}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=/tmp/ab-task-api; mkdir -p "$WORK"
psql_su() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_su -d postgres -c "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='peer') THEN CREATE ROLE peer LOGIN PASSWORD 'peer' SUPERUSER; END IF; END\$\$;"
KAFKA_WIPE=1 "$BASELINE/kafka/stop.sh" >/dev/null 2>&1 || true
KAFKA_TOPIC_PARTITIONS=6 KAFKA_TOPICS="task.created task.completed" "$BASELINE/kafka/start.sh" >"$WORK/kafka.log" 2>&1
trap '[ -f "$WORK/task-api.pid" ] && kill "$(cat "$WORK/task-api.pid")" 2>/dev/null; "$BASELINE/kafka/stop.sh" >/dev/null 2>&1' EXIT
for opts in "$@"; do
  psql_su -d postgres -c "DROP DATABASE IF EXISTS ab_task_api WITH (FORCE)" 2>/dev/null
  psql_su -d postgres -c "CREATE DATABASE ab_task_api OWNER peer"
  env SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/ab_task_api SPRING_R2DBC_USERNAME=peer SPRING_R2DBC_PASSWORD=peer \
      SPRING_FLYWAY_URL=jdbc:postgresql://127.0.0.1:5432/ab_task_api SPRING_FLYWAY_USER=peer SPRING_FLYWAY_PASSWORD=peer \
      SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 SERVER_PORT=8080 LOGGING_LEVEL_ROOT=WARN \
      setsid "$JAVA_HOME/bin/java" $opts -jar "$JAR" >"$WORK/task-api.log" 2>&1 &
  echo $! >"$WORK/task-api.pid"
  for i in $(seq 1 120); do curl -fs -o /dev/null http://127.0.0.1:8080/readyz && break; sleep 1; done
  wrk -t2 -c"$CONNS" -d"$WARMUP"s --timeout 10s -s "$BASELINE/post_task_api.lua" http://127.0.0.1:8080/tasks >/dev/null 2>&1
  out=$(python3 "$BASELINE/cpu_split.py" postgres=postgres kafka=kafka.Kafka app=task-api -- \
        wrk -t2 -c"$CONNS" -d"$SECS"s --timeout 10s -s "$BASELINE/post_task_api.lua" http://127.0.0.1:8080/tasks)
  backlog=$(curl -fs http://127.0.0.1:9080/actuator/prometheus | grep '^outbox_backlog_rows' | awk '{print $2}')
  kill "$(cat "$WORK/task-api.pid")"; wait "$(cat "$WORK/task-api.pid")" 2>/dev/null; rm -f "$WORK/task-api.pid"
  python3 - "$opts" "$backlog" <<PY
import json, re, sys
out = """$out"""
w = json.loads(re.search(r'WRK_JSON (.*)', out).group(1))
cpu = dict(re.findall(r'(\w+)=([\d.]+)s', out.split('CPU_SPLIT', 1)[1]))
n = w['requests']
print(f"AB opts=[{sys.argv[1]}] rps={w['rps']:.0f} p99={w['lat_p99_ms']:.1f}ms non201={w['non201']} "
      f"cpu_ms_per_req app={1000*float(cpu['app'])/n:.3f} postgres={1000*float(cpu['postgres'])/n:.3f} "
      f"kafka={1000*float(cpu['kafka'])/n:.3f} backlog_after={sys.argv[2]}")
PY
done
