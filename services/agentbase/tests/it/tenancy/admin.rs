//! The platform's administrators (`platform.admin`) act within a tenant they
//! name (`agentbase-tenant`); nobody else may name another tenant than
//! their own, and what an administrator writes is in that tenant's audit
//! trail under the administrator's principal.

use super::*;

/// `message` as `token`, naming `tenant` in the call's metadata.
fn within<T>(token: &str, tenant: &str, message: T) -> tonic::Request<T> {
    let mut request = bearer(token, message);
    request
        .metadata_mut()
        .insert(agentbase_platform::tenant::HEADER, tenant.parse().unwrap());
    request
}

async fn an_administrator_acts_within_the_tenant_named(backend: Backend) {
    let (app, dir) = crate::audit::spawn_with_tokens(backend, &[]).await;
    let world_b = build_world(&app, "tenant-b").await;
    let operator = "spiffe://test/operator";
    let admin = tenant_token(
        "ops",
        operator,
        &all_scopes().into_iter().chain(["platform.admin"]).collect::<Vec<_>>(),
    );
    let stranger = tenant_token("tenant-a", "spiffe://test/caller", &all_scopes());
    let mut sessions = app.sessions.clone();
    // Without naming it, the administrator is in its own tenant: nothing of B's.
    let own = sessions
        .get_session(bearer(
            &admin,
            se::GetSessionRequest {
                id: world_b.id("session"),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(own.code(), Code::NotFound);
    // Naming B, it reads and writes there…
    let session = sessions
        .get_session(within(
            &admin,
            "tenant-b",
            se::GetSessionRequest {
                id: world_b.id("session"),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(session.id, world_b.id("session"));
    sessions
        .append_messages(within(
            &admin,
            "tenant-b",
            se::AppendMessagesRequest {
                session_id: world_b.id("session"),
                messages: vec![se::NewMessage {
                    role: se::MessageRole::System as i32,
                    content: "maintenance note".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    // … and B's audit trail names the administrator.
    let b = tenant_token("tenant-b", "spiffe://test/caller", &all_scopes());
    let events = sessions
        .list_audit_events(bearer(
            &b,
            agentbase_proto::audit::v1::ListAuditEventsRequest::default(),
        ))
        .await
        .unwrap()
        .into_inner()
        .events;
    let appended = events
        .iter()
        .find(|event| event.method.ends_with("AppendMessages") && event.principal == operator)
        .expect("the administrator's append in B's trail");
    assert_eq!(appended.resource_id, world_b.id("session"));
    // Anybody else naming another tenant is refused before anything is read;
    // naming one's own is harmless; a name that is no tenant's is invalid.
    let refused = sessions
        .get_session(within(
            &stranger,
            "tenant-b",
            se::GetSessionRequest {
                id: world_b.id("session"),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let refused = sessions
        .get_session(within(
            &stranger,
            "tenant-b",
            se::GetSessionRequest {
                id: uuid::Uuid::now_v7().to_string(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied, "the same for an id of nothing");
    sessions
        .get_session(within(
            &b,
            "tenant-b",
            se::GetSessionRequest {
                id: world_b.id("session"),
            },
        ))
        .await
        .unwrap();
    let invalid = sessions
        .get_session(within(
            &admin,
            "no such/tenant",
            se::GetSessionRequest {
                id: world_b.id("session"),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(invalid.code(), Code::InvalidArgument);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sweeps, which no call makes, run within every tenant in turn: an
/// expired session of a tenant other than the default is deleted too.
async fn sweeps_reach_every_tenant(backend: Backend) {
    let (app, dir) = crate::audit::spawn_with_tokens(backend, &[("AGENTBASE_SESSION_SWEEP_INTERVAL_MS", "200")]).await;
    let token = tenant_token("tenant-c", "spiffe://test/caller", &all_scopes());
    let script = app
        .scripts
        .clone()
        .create_script(bearer(
            &token,
            sc::CreateScriptRequest {
                name: "swept".into(),
                content: agentbase_testkit::fixtures::TECHNIQUE.into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let soon = std::time::SystemTime::now() + std::time::Duration::from_millis(600);
    let session = app
        .sessions
        .clone()
        .create_session(bearer(
            &token,
            se::CreateSessionRequest {
                user_id: "u".into(),
                script_id: script.id,
                expire_time: Some(soon.into()),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    // The storage as the server's owner sees it (a superuser on PostgreSQL).
    let storage = app.storage_of("sessions").await;
    let rows = || {
        let storage = storage.clone();
        let id = session.id.clone();
        async move {
            use sea_orm::ConnectionTrait;
            let id = uuid::Uuid::parse_str(&id).unwrap();
            let row = storage
                .query_one_raw(sea_orm::Statement::from_sql_and_values(
                    storage.get_database_backend(),
                    match storage.get_database_backend() {
                        sea_orm::DbBackend::Postgres => "SELECT count(*) AS n FROM sessions WHERE id = $1",
                        _ => "SELECT count(*) AS n FROM sessions WHERE id = ?",
                    },
                    [id.into()],
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    assert_eq!(rows().await, 1);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while rows().await > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "tenant-c's expired session was never swept"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(an_administrator_acts_within_the_tenant_named, sweeps_reach_every_tenant);
