//! Every row belongs to a tenant (2026-12-08). One migration per context,
//! each naming its own tables and indexes; this module builds their
//! statements and is used by nothing else, so it is as frozen as they are.
//!
//! Each table gets `tenant_id` (existing rows: `default`). On PostgreSQL a
//! new row's tenant defaults to the transaction's `agentbase.tenant`, and
//! row-level security, enabled and forced (the owner is held to it too),
//! admits only rows of that tenant, for reading and for writing. Each schema
//! also gets `tenants`, the tenants that have written there (triggers on
//! the tables a tenant's first rows go into, and on refusals in the audit
//! trail, register them): sweeps that span tenants go through it one tenant
//! at a time. Indexes that serve a
//! tenant's lists lead with `tenant_id`; unique names are unique per tenant.

use sea_orm_migration::prelude::*;

use crate::for_backend;

/// One context's tenancy change.
pub(crate) struct Tenancy {
    /// The migration's name.
    pub name: &'static str,
    /// Every table of the context (the audit trail and request ids included).
    pub tables: &'static [&'static str],
    /// The tables a tenant's first rows go into (every other row of the
    /// context hangs off one of theirs): inserting there registers the
    /// tenant in `tenants`.
    pub roots: &'static [&'static str],
    /// PostgreSQL statements after the columns, request ids and audit
    /// indexes: the context's own indexes and keys.
    pub postgres_indexes: &'static [&'static str],
    /// SQLite statements after the columns, request ids and audit indexes:
    /// the context's own indexes and rebuilt tables.
    pub sqlite_indexes: &'static [&'static str],
    /// PostgreSQL, down, once the columns are gone (with every index and
    /// constraint that held them): the context's indexes and keys as before.
    pub postgres_down: &'static [&'static str],
    /// SQLite, down, before the columns go: the context's tenant-led indexes
    /// dropped, its indexes as before, its rebuilt tables rebuilt as before.
    pub sqlite_down: &'static [&'static str],
    /// Tables `sqlite_down` rebuilds without the column.
    pub sqlite_rebuilt: &'static [&'static str],
}

impl MigrationName for Tenancy {
    fn name(&self) -> &str {
        self.name
    }
}

impl Tenancy {
    fn postgres_up(&self) -> Vec<String> {
        let mut up = Vec::new();
        for table in self.tables {
            up.push(format!(
                "ALTER TABLE {table} ADD COLUMN tenant_id text NOT NULL DEFAULT 'default' \
                 CONSTRAINT {table}_tenant_id_length CHECK (char_length(tenant_id) BETWEEN 1 AND 64)"
            ));
            up.push(format!(
                "ALTER TABLE {table} ALTER COLUMN tenant_id SET DEFAULT current_setting('agentbase.tenant')"
            ));
            up.push(format!("ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"));
            up.push(format!("ALTER TABLE {table} FORCE ROW LEVEL SECURITY"));
            up.push(format!(
                "CREATE POLICY {table}_tenant ON {table} \
                 USING (tenant_id = current_setting('agentbase.tenant', true)) \
                 WITH CHECK (tenant_id = current_setting('agentbase.tenant', true))"
            ));
        }
        up.push(POSTGRES_REQUEST_IDS_BY_TENANT.to_owned());
        up.extend(AUDIT_INDEXES.map(str::to_owned));
        up.extend(self.postgres_indexes.iter().map(|s| (*s).to_owned()));
        up.extend(
            [
                "CREATE TABLE tenants (id text PRIMARY KEY \
                 CONSTRAINT tenants_id_length CHECK (char_length(id) BETWEEN 1 AND 64))",
                "INSERT INTO tenants (id) VALUES ('default')",
                "ALTER TABLE tenants ENABLE ROW LEVEL SECURITY",
                "ALTER TABLE tenants FORCE ROW LEVEL SECURITY",
                // Which tenants exist is what a sweep needs to know; a tenant
                // registers only itself.
                "CREATE POLICY tenants_listed ON tenants FOR SELECT USING (true)",
                "CREATE POLICY tenants_own ON tenants FOR INSERT \
                 WITH CHECK (id = current_setting('agentbase.tenant', true))",
                "CREATE FUNCTION register_tenants() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   INSERT INTO tenants (id) SELECT DISTINCT tenant_id FROM written ON CONFLICT DO NOTHING; \
                   RETURN NULL; \
                 END $$",
                "CREATE FUNCTION register_tenant() RETURNS trigger LANGUAGE plpgsql AS $$ \
                 BEGIN \
                   INSERT INTO tenants (id) VALUES (NEW.tenant_id) ON CONFLICT DO NOTHING; \
                   RETURN NULL; \
                 END $$",
                // A tenant whose only rows are refusals in the audit trail. The
                // WHEN is checked before the trigger fires: an accepted write's
                // event (every append's) costs nothing here.
                "CREATE TRIGGER audit_events_register_tenants AFTER INSERT ON audit_events \
                 FOR EACH ROW WHEN (NEW.outcome <> 'OK') EXECUTE FUNCTION register_tenant()",
            ]
            .map(str::to_owned),
        );
        for root in self.roots {
            up.push(format!(
                "CREATE TRIGGER {root}_register_tenants AFTER INSERT ON {root} \
                 REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION register_tenants()"
            ));
        }
        up
    }

    fn postgres_down_statements(&self) -> Vec<String> {
        let mut down: Vec<String> = self
            .roots
            .iter()
            .map(|root| format!("DROP TRIGGER {root}_register_tenants ON {root}"))
            .collect();
        down.extend(
            [
                "DROP TRIGGER audit_events_register_tenants ON audit_events",
                "DROP FUNCTION register_tenants()",
                "DROP FUNCTION register_tenant()",
                "DROP TABLE tenants",
            ]
            .map(str::to_owned),
        );
        for table in self.tables {
            down.push(format!("DROP POLICY {table}_tenant ON {table}"));
            down.push(format!("ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY"));
            down.push(format!("ALTER TABLE {table} DISABLE ROW LEVEL SECURITY"));
            down.push(format!("ALTER TABLE {table} DROP COLUMN tenant_id"));
        }
        down.push("ALTER TABLE request_ids ADD PRIMARY KEY (operation, request_id)".to_owned());
        down.extend(AUDIT_INDEXES_BEFORE.map(str::to_owned));
        down.extend(self.postgres_down.iter().map(|s| (*s).to_owned()));
        down
    }

    fn sqlite_down_statements(&self) -> Vec<String> {
        let mut down: Vec<String> = self
            .roots
            .iter()
            .map(|root| format!("DROP TRIGGER {root}_register_tenants"))
            .collect();
        down.extend(["DROP TRIGGER audit_events_register_tenants", "DROP TABLE tenants"].map(str::to_owned));
        down.extend(
            [
                "DROP INDEX audit_events_resource_idx",
                "DROP INDEX audit_events_principal_idx",
                "DROP INDEX audit_events_tenant_idx",
                "DROP INDEX audit_events_tenant_occurred_idx",
            ]
            .map(str::to_owned),
        );
        down.extend(AUDIT_INDEXES_BEFORE.map(str::to_owned));
        down.extend(SQLITE_REQUEST_IDS_BEFORE.map(str::to_owned));
        down.extend(self.sqlite_down.iter().map(|s| (*s).to_owned()));
        for table in self.tables {
            if *table != "request_ids" && !self.sqlite_rebuilt.contains(table) {
                down.push(format!("ALTER TABLE {table} DROP COLUMN tenant_id"));
            }
        }
        down
    }

    fn sqlite_up(&self) -> Vec<String> {
        let mut up: Vec<String> = self
            .tables
            .iter()
            .map(|table| {
                format!(
                    "ALTER TABLE {table} ADD COLUMN tenant_id TEXT NOT NULL DEFAULT 'default' \
                     CONSTRAINT {table}_tenant_id_length CHECK (length(tenant_id) BETWEEN 1 AND 64)"
                )
            })
            .collect();
        up.extend(SQLITE_REQUEST_IDS_BY_TENANT.map(str::to_owned));
        up.extend(AUDIT_INDEXES.map(str::to_owned));
        up.extend(self.sqlite_indexes.iter().map(|s| (*s).to_owned()));
        up.extend(
            [
                "CREATE TABLE tenants (id TEXT NOT NULL PRIMARY KEY)",
                "INSERT INTO tenants (id) VALUES ('default')",
                "CREATE TRIGGER audit_events_register_tenants AFTER INSERT ON audit_events \
                 WHEN new.outcome <> 'OK' BEGIN INSERT OR IGNORE INTO tenants (id) VALUES (new.tenant_id); END",
            ]
            .map(str::to_owned),
        );
        for root in self.roots {
            up.push(format!(
                "CREATE TRIGGER {root}_register_tenants AFTER INSERT ON {root} BEGIN \
                 INSERT OR IGNORE INTO tenants (id) VALUES (new.tenant_id); END"
            ));
        }
        up
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Tenancy {
    /// SQLite rebuilds tables whose keys change the way its documentation
    /// says (create, copy, drop, rename), which needs foreign keys off:
    /// agentbase's runner migrates SQLite on a connection with them off
    /// and checks every reference before it commits.
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = self.postgres_up();
        let sqlite = self.sqlite_up();
        let postgres: Vec<&str> = postgres.iter().map(String::as_str).collect();
        let sqlite: Vec<&str> = sqlite.iter().map(String::as_str).collect();
        for statement in for_backend(manager, &postgres, &sqlite)? {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }

    /// Every row goes back to belonging to nobody: undoing fails (on a
    /// unique name) when two tenants have one of the same name.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = self.postgres_down_statements();
        let sqlite = self.sqlite_down_statements();
        let postgres: Vec<&str> = postgres.iter().map(String::as_str).collect();
        let sqlite: Vec<&str> = sqlite.iter().map(String::as_str).collect();
        for statement in for_backend(manager, &postgres, &sqlite)? {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}

/// SQLite: `request_ids` rebuilt keyed by tenant (no table refers to it).
const SQLITE_REQUEST_IDS_BY_TENANT: [&str; 4] = [
    r#"CREATE TABLE request_ids_by_tenant (
        operation TEXT NOT NULL,
        request_id BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        resource_id BLOB NOT NULL,
        created_at TEXT NOT NULL,
        tenant_id TEXT NOT NULL DEFAULT 'default'
            CONSTRAINT request_ids_tenant_id_length CHECK (length(tenant_id) BETWEEN 1 AND 64),
        PRIMARY KEY (tenant_id, operation, request_id)
    )"#,
    "INSERT INTO request_ids_by_tenant (operation, request_id, fingerprint, resource_id, created_at, tenant_id) \
     SELECT operation, request_id, fingerprint, resource_id, created_at, tenant_id FROM request_ids",
    "DROP TABLE request_ids",
    "ALTER TABLE request_ids_by_tenant RENAME TO request_ids",
];

/// SQLite, down: `request_ids` rebuilt as it was.
const SQLITE_REQUEST_IDS_BEFORE: [&str; 4] = [
    r#"CREATE TABLE request_ids_before_tenants (
        operation TEXT NOT NULL,
        request_id BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        resource_id BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (operation, request_id)
    )"#,
    "INSERT INTO request_ids_before_tenants (operation, request_id, fingerprint, resource_id, created_at) \
     SELECT operation, request_id, fingerprint, resource_id, created_at FROM request_ids",
    "DROP TABLE request_ids",
    "ALTER TABLE request_ids_before_tenants RENAME TO request_ids",
];

/// The audit trail's indexes as they were (both backends).
const AUDIT_INDEXES_BEFORE: [&str; 2] = [
    "CREATE INDEX audit_events_resource_idx ON audit_events (resource_type, resource_id, id)",
    "CREATE INDEX audit_events_principal_idx ON audit_events (principal, id)",
];

/// PostgreSQL: `request_ids` keyed by tenant.
const POSTGRES_REQUEST_IDS_BY_TENANT: &str =
    "ALTER TABLE request_ids DROP CONSTRAINT request_ids_pkey, ADD PRIMARY KEY (tenant_id, operation, request_id)";

/// The audit trail's indexes, led by the tenant (both backends).
const AUDIT_INDEXES: [&str; 6] = [
    "DROP INDEX audit_events_resource_idx",
    "DROP INDEX audit_events_principal_idx",
    "CREATE INDEX audit_events_resource_idx ON audit_events (tenant_id, resource_type, resource_id, id)",
    "CREATE INDEX audit_events_principal_idx ON audit_events (tenant_id, principal, id)",
    "CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, id)",
    "CREATE INDEX audit_events_tenant_occurred_idx ON audit_events (tenant_id, occurred_at)",
];
