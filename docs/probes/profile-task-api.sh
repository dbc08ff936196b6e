#!/usr/bin/env bash
# A CPU profile of task-api under compare.sh's load (wrk, 64 connections, POST /tasks) on the
# machine's PostgreSQL (127.0.0.1:5432) and ../shared/baseline's Kafka broker: warms the JIT,
# then samples with async-profiler (Maven Central tools.profiler:async-profiler, loaded with
# the JDK's attach API, Attach.java) and prints the hottest frames.
#   docs/probes/profile-task-api.sh [task-api jar] [seconds of warm-up, 60] [seconds profiled, 20]
# Env: TASK_API_OPTS (JVM options, -Xmx512m), PROFILE_EVENT (cpu; itimer where perf is refused).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BASELINE="$ROOT/../shared/baseline"
JAR=${1:-$(ls "$ROOT"/task-api/target/task-api-*.jar | grep -v -e plain -e sources | head -1)}
WARMUP=${2:-60}; SECS=${3:-20}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=/tmp/profile-task-api; mkdir -p "$WORK"
AP_VERSION=4.6
AP="$WORK/async-profiler-$AP_VERSION"
if [ ! -f "$AP/linux-x64/libasyncProfiler.so" ]; then
  mkdir -p "$AP"
  curl -fsS -o "$AP/ap.jar" "https://repo.maven.apache.org/maven2/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
  (cd "$AP" && unzip -q -o ap.jar 'linux-x64/*')
fi
psql_su() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_su -d postgres -c "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='peer') THEN CREATE ROLE peer LOGIN PASSWORD 'peer' SUPERUSER; END IF; END\$\$;"
psql_su -d postgres -c "DROP DATABASE IF EXISTS profile_task_api WITH (FORCE)"
psql_su -d postgres -c "CREATE DATABASE profile_task_api OWNER peer"
KAFKA_WIPE=1 "$BASELINE/kafka/stop.sh" >/dev/null 2>&1 || true
KAFKA_TOPIC_PARTITIONS=6 KAFKA_TOPICS="task.created task.completed" "$BASELINE/kafka/start.sh" >"$WORK/kafka.log" 2>&1
trap '[ -f "$WORK/task-api.pid" ] && kill "$(cat "$WORK/task-api.pid")" 2>/dev/null; "$BASELINE/kafka/stop.sh" >/dev/null 2>&1' EXIT
env SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/profile_task_api SPRING_R2DBC_USERNAME=peer SPRING_R2DBC_PASSWORD=peer \
    SPRING_FLYWAY_URL=jdbc:postgresql://127.0.0.1:5432/profile_task_api SPRING_FLYWAY_USER=peer SPRING_FLYWAY_PASSWORD=peer \
    SPRING_KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092 SERVER_PORT=8080 LOGGING_LEVEL_ROOT=WARN \
    setsid "$JAVA_HOME/bin/java" ${TASK_API_OPTS:--Xmx512m} -jar "$JAR" >"$WORK/task-api.log" 2>&1 &
PID=$!; echo $PID >"$WORK/task-api.pid"
for i in $(seq 1 120); do curl -fs -o /dev/null http://127.0.0.1:8080/readyz && break; sleep 1; done
wrk -t2 -c64 -d"$WARMUP"s --timeout 10s -s "$BASELINE/post_task_api.lua" http://127.0.0.1:8080/tasks >/dev/null 2>&1
attach() { "$JAVA_HOME/bin/java" "$ROOT/docs/probes/Attach.java" "$PID" "$AP/linux-x64/libasyncProfiler.so" "$1"; }
attach "start,event=${PROFILE_EVENT:-cpu},interval=1ms"
wrk -t2 -c64 -d"$SECS"s --timeout 10s -s "$BASELINE/post_task_api.lua" http://127.0.0.1:8080/tasks | grep WRK_JSON
attach "stop,file=$WORK/collapsed.txt,collapsed"
echo "collapsed stacks: $WORK/collapsed.txt"
