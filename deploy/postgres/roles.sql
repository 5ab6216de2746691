-- agentbase: one schema per context, an owner role per schema (runs the
-- migrations) and a login role per context (the service) that can only read
-- and write its own schema, and only rows of the tenant its connection is
-- confined to (row-level security, which no role here may bypass).
-- Idempotent: safe to run again after every release.
--
-- Run as a superuser (or the database owner) on the agentbase database:
--   psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -f deploy/postgres/roles.sql
-- Then set passwords from your secret store, e.g.
--   ALTER ROLE agentbase_scripts_app PASSWORD '…';
-- (roles are created without passwords so this file holds no secrets).

-- Nobody but owners creates objects; the public schema is closed.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $$
DECLARE
    context text;
    owner_role text;
    app_role text;
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    FOREACH context IN ARRAY ARRAY['scripts', 'sessions', 'evaluation'] LOOP
        owner_role := 'agentbase_' || context || '_owner';
        app_role := 'agentbase_' || context || '_app';

        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = owner_role) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', owner_role);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', app_role);
        END IF;
        -- Row-level security confines every row to its tenant (docs/SECURITY.md,
        -- "Tenants"): neither role may bypass it, and the tables force it on
        -- their owner too.
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname IN (owner_role, app_role) AND rolbypassrls) THEN
            EXECUTE format('ALTER ROLE %I NOBYPASSRLS', owner_role);
            EXECUTE format('ALTER ROLE %I NOBYPASSRLS', app_role);
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), owner_role, app_role);

        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', context, owner_role);
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', context, owner_role);
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', context);
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', context, app_role);

        -- Tables and sequences the owner creates later (migrations) …
        EXECUTE format(
            'ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
            owner_role, context, app_role);
        EXECUTE format(
            'ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I',
            owner_role, context, app_role);
        -- … and the ones that already exist.
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', context, app_role);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', context, app_role);
    END LOOP;
END
$$;

-- The first sessions migration builds a pg_trgm index (a later one replaces
-- it with the memory_terms index, but migrations are frozen and a fresh
-- database runs them all); creating an extension needs more than the
-- sessions owner has, so it is installed here, in the sessions schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA sessions;
