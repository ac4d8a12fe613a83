-- The role Ferry's capture connects to the source as: not a superuser, only what capture needs.
-- Run by the owner of the captured tables (docker-compose: the postgres user at initdb), after the
-- tables exist. The password is set apart (30-ferry-password.sh), so no secret lives in this file.
-- Names to adapt: the role (ferry), the schema (public), the tables, and the publication and
-- signalling table, which are <topic-prefix>_<source> and <topic-prefix>_<source>_signal.

-- LOGIN and REPLICATION: a replication connection streams the changes (a logical replication slot).
CREATE ROLE ferry LOGIN REPLICATION;

-- CONNECT to the database; SELECT on the captured tables for the snapshot and for ferry verify
-- and cutover, which read the source.
DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO ferry', current_database()); END $$;
GRANT USAGE ON SCHEMA public TO ferry;
GRANT SELECT ON public.customers, public.orders TO ferry;

-- Only a table's owner may publish it, and capture keeps the publication's tables equal to the
-- configured ones on start (ALTER PUBLICATION ... SET TABLE, which needs ownership of every table in
-- it): the captured tables are owned by a group role that both the application's owner role (here
-- postgres) and ferry belong to, as Debezium's documentation shows. This is more than SELECT: an
-- owner may alter and drop the tables. PostgreSQL has no narrower right to publish a table.
CREATE ROLE ferry_replication NOLOGIN;
GRANT ferry_replication TO ferry;
ALTER TABLE public.customers OWNER TO ferry_replication;
ALTER TABLE public.orders OWNER TO ferry_replication;

-- The publication capture reads, created here and owned by the group role, which owns every table in
-- it (a publication's owner needs CREATE on the database).
DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO ferry_replication', current_database()); END $$;
CREATE PUBLICATION ferry_legacy FOR TABLE public.customers, public.orders WITH (publish_via_partition_root = true);
ALTER PUBLICATION ferry_legacy OWNER TO ferry_replication;

-- The signalling table of re-snapshots (ferry snapshot): capture writes the snapshot markers into it.
CREATE TABLE public.ferry_legacy_signal (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048));
ALTER TABLE public.ferry_legacy_signal OWNER TO ferry_replication;
