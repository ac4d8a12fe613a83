-- The role Ferry's sink connects to the target as: not a superuser. It creates the tables it writes
-- (ddl: create or evolve), so it owns them; it can touch nothing else. The password is set apart
-- (30-ferry-password.sh). With ddl: none, grant SELECT, INSERT, UPDATE, DELETE on the tables instead
-- of CREATE on the schema.
CREATE ROLE ferry LOGIN;
DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO ferry', current_database()); END $$;
GRANT USAGE, CREATE ON SCHEMA public TO ferry;
