#!/bin/sh
# One database and one role per service, owned by that role; passwords from the
# environment (see docker-compose.yml). Runs once, on an empty data directory.
set -eu
create() {
	psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
		-v db="$1" -v role="$2" -v password="$3" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
}
create task_api task_api "$TASK_API_DB_PASSWORD"
create notification notification "$NOTIFICATION_DB_PASSWORD"
create audit audit "$AUDIT_DB_PASSWORD"
create reminder reminder "$REMINDER_DB_PASSWORD"
