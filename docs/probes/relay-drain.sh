#!/usr/bin/env bash
# How fast the outbox relay publishes on its own: inserts ROWS outbox rows straight into
# task-api's database and times until none is unpublished. Run it against the fleet of the
# README's run command with the three consumers stopped and no requests (the rows are
# task.created records with an empty payload: a consumer would dead-letter them).
#   docs/probes/relay-drain.sh <postgres port printed by the fleet> [rows, default 20000]
set -euo pipefail
port=$1
rows=${2:-20000}
sql() {
	psql -qAt -h 127.0.0.1 -p "$port" -U postgres -d task_api -c "$1"
}
sql "INSERT INTO outbox_events (topic, message_key, headers, payload)
	SELECT 'task.created', gen_random_uuid()::text, '{}', '\x7b7d'
	FROM generate_series(1, $rows)"
start=$(date +%s.%N)
until [ "$(sql "SELECT count(*) FROM outbox_events e, outbox_relay_mark m WHERE (e.xid, e.id) > (m.xid, m.id)")" = 0 ]; do
	sleep 0.2
done
end=$(date +%s.%N)
awk -v rows="$rows" -v s="$start" -v e="$end" \
	'BEGIN { printf "published %d rows in %.2f s: %.0f rows/s\n", rows, e - s, rows / (e - s) }'
