#!/bin/sh
# Sets the password of Ferry's role (created by 20-ferry-role.sql) from FERRY_DB_PASSWORD, at initdb.
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$FERRY_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
ALTER ROLE ferry PASSWORD :'pw';
SQL
