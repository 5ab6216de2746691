-- Development only (deploy/compose.yaml): every agentbase role gets the password `dev`.
-- Production sets passwords from its secret store instead.
DO $$
DECLARE
    role_name text;
BEGIN
    FOR role_name IN SELECT rolname FROM pg_roles WHERE rolname LIKE 'agentbase\_%' LOOP
        EXECUTE format('ALTER ROLE %I PASSWORD %L', role_name, 'dev');
    END LOOP;
END
$$;
