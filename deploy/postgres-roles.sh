#!/bin/sh
# Database roles for Lotse (docs/operations.md, "Database roles"; ADR 0141). Run once against a new database by the
# role that will own the schema and run `lotse migrate` (the compose file's db container runs it on first start):
#
#   LOTSE_APP_DB_PASSWORD=… POSTGRES_USER=lotse POSTGRES_DB=lotse sh deploy/postgres-roles.sh
#
# The web and worker processes connect as lotse_app: it owns no table, gets DML on the tables the owner creates
# (default privileges), and – after every `lotse migrate` with DB_APP_ROLE=lotse_app – only SELECT and INSERT on
# the audit log, never UPDATE, DELETE or TRUNCATE.
set -eu
: "${LOTSE_APP_DB_PASSWORD:?set LOTSE_APP_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 -v app_password="$LOTSE_APP_DB_PASSWORD" -v dbname="${POSTGRES_DB:-lotse}" \
     --username "${POSTGRES_USER:-lotse}" --dbname "${POSTGRES_DB:-lotse}" <<'SQL'
CREATE ROLE lotse_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"dbname" TO lotse_app;
GRANT USAGE ON SCHEMA public TO lotse_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO lotse_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO lotse_app;
SQL
