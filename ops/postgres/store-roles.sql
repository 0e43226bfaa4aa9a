-- Least privilege in the store database: each store service signs in as its own role, which owns its own
-- schema and nothing else, so a bug or a break-in in one service cannot read or change another's tables.
-- Run by psql as the superuser, at every start of the box (idempotent), natively (ops/stack/src/store-db.ts)
-- and in docker-compose.yml (the db-roles job). Passwords come in as one psql variable, `passwords`, a JSON
-- object of role -> password, from the environment or the box's secrets: never from this file.
--
-- THE ONE PLACE for roles, schemas and cross-schema grants: a new service or schema is one line in
-- service_roles, a read across schemas one line in cross_schema_grants.
\set ON_ERROR_STOP on

-- A role may own more than one schema (one row each): the kitchen owns the staff identity too.
CREATE TEMP TABLE service_roles (role text NOT NULL, schema text, UNIQUE (role, schema));
INSERT INTO service_roles VALUES
  ('store_catalog', 'catalog'),
  ('store_order', 'orders'),
  ('store_kitchen', 'kitchen'),
  ('store_kitchen', 'staff'),
  -- sync and uplink own no table: they check the database is up and its size (sync also reads the catalog version).
  ('store_sync', NULL),
  ('store_uplink', NULL);

-- Reads (or writes) across schemas, each one explicit. Example: ('store_kitchen', 'staff', 'SELECT').
CREATE TEMP TABLE cross_schema_grants (role text NOT NULL, schema text NOT NULL, privileges text NOT NULL);
-- Paired screens and the PIN throttle (services/kit/src/staff-tables.ts `staffTableAccess`): the order service
-- checks counter and kiosk-staff tokens and PINs, the catalog checks the token of a screen marking a sold-out.
-- The sync service reads which of central's catalog versions the box applied (catalog.entity_clocks) for its heartbeat.
INSERT INTO cross_schema_grants VALUES
  ('store_order', 'staff', 'SELECT, INSERT, UPDATE, DELETE'),
  ('store_catalog', 'staff', 'SELECT, INSERT, UPDATE'),
  ('store_sync', 'catalog', 'SELECT');

-- Roles: created once, password set every time (so rotating one is changing the secret and restarting).
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION', role)
  FROM (SELECT DISTINCT role FROM service_roles) s WHERE NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = s.role) \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', role, (:'passwords'::json) ->> role)
  FROM (SELECT DISTINCT role FROM service_roles) s WHERE (:'passwords'::json) ->> role IS NOT NULL \gexec

-- Nobody but the listed roles (and the superuser) connects. CREATE on the database is needed only because
-- drizzle's migrations say CREATE SCHEMA IF NOT EXISTS, which Postgres checks before it sees the schema exists;
-- it lets a role make a new schema, never enter another's.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role) FROM (SELECT DISTINCT role FROM service_roles) s \gexec
SELECT format('GRANT CREATE ON DATABASE %I TO %I', current_database(), role) FROM (SELECT DISTINCT role FROM service_roles WHERE schema IS NOT NULL) s \gexec
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- Each service's schema, owned by its role; the shared migrations journal schema, where each role owns its table.
CREATE SCHEMA IF NOT EXISTS drizzle;
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', schema, role) FROM service_roles WHERE schema IS NOT NULL \gexec
SELECT format('ALTER SCHEMA %I OWNER TO %I', schema, role) FROM service_roles WHERE schema IS NOT NULL \gexec
SELECT format('GRANT USAGE, CREATE ON SCHEMA drizzle TO %I', role) FROM (SELECT DISTINCT role FROM service_roles WHERE schema IS NOT NULL) s \gexec

-- A box from before the roles: what the superuser created in a service's schema passes to that service's role.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, s.role)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN service_roles s ON s.schema = n.nspname
  WHERE c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> s.role \gexec
SELECT format('ALTER TABLE drizzle.%I OWNER TO %I', c.relname, s.role)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN service_roles s ON c.relname = s.schema || '_migrations'
  WHERE n.nspname = 'drizzle' AND c.relkind = 'r' AND pg_get_userbyid(c.relowner) <> s.role \gexec
SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', n.nspname, c.relname, s.role)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN service_roles s ON s.schema = n.nspname
  WHERE c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> s.role
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) \gexec
SELECT format('ALTER FUNCTION %s OWNER TO %I', p.oid::regprocedure, s.role)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN service_roles s ON s.schema = n.nspname
  WHERE pg_get_userbyid(p.proowner) <> s.role \gexec
SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, s.role)
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN service_roles s ON s.schema = n.nspname
  WHERE t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0 AND pg_get_userbyid(t.typowner) <> s.role \gexec

-- The explicit cross-schema grants: on what exists now, and on what the schema's owner creates later.
SELECT format('GRANT USAGE ON SCHEMA %I TO %I', g.schema, g.role) FROM cross_schema_grants g \gexec
SELECT format('GRANT %s ON ALL TABLES IN SCHEMA %I TO %I', g.privileges, g.schema, g.role) FROM cross_schema_grants g \gexec
SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT %s ON TABLES TO %I', s.role, g.schema, g.privileges, g.role)
  FROM cross_schema_grants g JOIN service_roles s ON s.schema = g.schema \gexec
