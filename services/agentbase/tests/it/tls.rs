//! TLS and mutual TLS on the listener, through the generated clients over
//! real TLS: who cannot call (a certificate without a SAN included), the client certificate's SAN as the audited
//! principal, the sessions → scripts call over mutual TLS, and a rotated
//! server certificate picked up without a restart or a dropped connection.

use std::{path::PathBuf, time::Duration};

use agentbase_proto::{
    audit::v1::ListAuditEventsRequest,
    scripts::v1::{CreateScriptRequest, ListScriptsRequest, script_service_client::ScriptServiceClient},
    sessions::v1::CreateSessionRequest,
};
use agentbase_testkit::fixtures::TECHNIQUE;
use agentbase_testkit::{
    AppOptions, Backend, TestApp, backend_tests,
    pki::{Issued, TestCa, write_atomically},
    spawn_app_with,
};
use tonic::transport::{Certificate, Channel, ClientTlsConfig};

const CALLER: &str = "spiffe://agentbase.test/ns/agents/sa/runner";
const SESSIONS: &str = "spiffe://agentbase.test/ns/agentbase/sa/sessions";

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentbase-tls-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn trusting(ca: &TestCa) -> ClientTlsConfig {
    ClientTlsConfig::new().ca_certificate(Certificate::from_pem(ca.cert_pem()))
}

/// A server with the CA's server certificate and, when `mutual`, client
/// certificates required (the sessions context presents its own).
async fn spawn_tls(
    backend: Backend,
    ca: &TestCa,
    dir: &std::path::Path,
    mutual: bool,
    client: ClientTlsConfig,
) -> TestApp {
    let (cert, key) = ca.server().write(dir, "server");
    let ca_file = dir.join("ca.crt");
    std::fs::write(&ca_file, ca.cert_pem()).unwrap();
    let mut env = vec![
        ("AGENTBASE_TLS_CERT_FILE".to_owned(), cert.display().to_string()),
        ("AGENTBASE_TLS_KEY_FILE".to_owned(), key.display().to_string()),
        (
            "AGENTBASE_SCRIPTS_TLS_CA_FILE".to_owned(),
            ca_file.display().to_string(),
        ),
    ];
    if mutual {
        let (sessions_cert, sessions_key) = ca.client(SESSIONS).write(dir, "sessions");
        env.extend([
            ("AGENTBASE_TLS_CLIENT_CA_FILE".to_owned(), ca_file.display().to_string()),
            (
                "AGENTBASE_SCRIPTS_TLS_CERT_FILE".to_owned(),
                sessions_cert.display().to_string(),
            ),
            (
                "AGENTBASE_SCRIPTS_TLS_KEY_FILE".to_owned(),
                sessions_key.display().to_string(),
            ),
        ]);
    }
    spawn_app_with(
        backend,
        AppOptions {
            env,
            client_tls: Some(client),
            ..Default::default()
        },
    )
    .await
}

async fn channel(app: &TestApp, tls: Option<ClientTlsConfig>) -> Channel {
    let endpoint = match tls {
        Some(tls) => Channel::from_shared(format!("https://{}", app.address))
            .unwrap()
            .tls_config(tls)
            .unwrap(),
        None => Channel::from_shared(format!("http://{}", app.address)).unwrap(),
    };
    endpoint.connect_timeout(Duration::from_secs(2)).connect_lazy()
}

async fn can_list_scripts(channel: Channel) -> Result<(), tonic::Status> {
    ScriptServiceClient::new(channel)
        .list_scripts(ListScriptsRequest::default())
        .await
        .map(drop)
}

async fn create_script(app: &TestApp, name: &str) -> agentbase_proto::scripts::v1::Script {
    let request = CreateScriptRequest {
        name: name.into(),
        author: "li".into(),
        content: TECHNIQUE.into(),
        ..Default::default()
    };
    app.scripts.clone().create_script(request).await.unwrap().into_inner()
}

async fn scripts_audit_trail(app: &TestApp) -> Vec<agentbase_proto::audit::v1::AuditEvent> {
    let request = ListAuditEventsRequest::default();
    let page = app.scripts.clone().list_audit_events(request).await.unwrap();
    page.into_inner().events
}

async fn mutual_tls_names_the_caller(backend: Backend) {
    let (ca, other_ca, dir) = (
        TestCa::new("agentbase test CA"),
        TestCa::new("someone else"),
        temp_dir(),
    );
    let caller: Issued = ca.client(CALLER);
    let app = spawn_tls(backend, &ca, &dir, true, trusting(&ca).identity(caller.identity())).await;

    // Who cannot call: plaintext, TLS without a certificate, a certificate of another CA.
    assert!(can_list_scripts(channel(&app, None).await).await.is_err(), "plaintext");
    assert!(
        can_list_scripts(channel(&app, Some(trusting(&ca))).await)
            .await
            .is_err(),
        "no client certificate"
    );
    let stranger = other_ca.client(CALLER);
    assert!(
        can_list_scripts(channel(&app, Some(trusting(&ca).identity(stranger.identity()))).await)
            .await
            .is_err(),
        "a certificate from another CA"
    );
    // Issue 32: a certificate the CA signed that names nobody would be
    // recorded as `anonymous`; it fails the handshake instead.
    let nameless = ca.nameless_client();
    assert!(
        can_list_scripts(channel(&app, Some(trusting(&ca).identity(nameless.identity()))).await)
            .await
            .is_err(),
        "a certificate without a SAN"
    );

    // The caller's certificate works; its SAN is the principal of its writes.
    let script = create_script(&app, "over mtls").await;
    // Sessions asks ScriptService over mutual TLS with a certificate of its own.
    let session = app
        .sessions
        .clone()
        .create_session(CreateSessionRequest {
            user_id: "u".into(),
            script_id: script.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(session.script_revision, 1);

    let events = scripts_audit_trail(&app).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(
        (
            events[0].principal.as_str(),
            events[0].resource_id.as_str(),
            events[0].actor.as_str()
        ),
        (CALLER, script.id.as_str(), "li")
    );
    let events = app
        .sessions
        .clone()
        .list_audit_events(ListAuditEventsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .events;
    assert_eq!(events[0].principal, CALLER);
    let _ = std::fs::remove_dir_all(&dir);
}

/// TLS without client certificates: any client that trusts the CA calls;
/// plaintext is refused. The writes of an unauthenticated caller are audited as `anonymous`.
async fn tls_without_client_certificates(backend: Backend) {
    let (ca, dir) = (TestCa::new("agentbase test CA"), temp_dir());
    let app = spawn_tls(backend, &ca, &dir, false, trusting(&ca)).await;
    assert!(can_list_scripts(channel(&app, None).await).await.is_err(), "plaintext");
    create_script(&app, "over tls").await;
    let events = scripts_audit_trail(&app).await;
    assert_eq!(events[0].principal, "anonymous");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Replacing the certificate files is picked up by the next handshake;
/// connections already open keep working.
async fn a_rotated_certificate_is_served_without_a_restart(backend: Backend) {
    let (old_ca, new_ca, dir) = (TestCa::new("old CA"), TestCa::new("new CA"), temp_dir());
    let both = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(old_ca.cert_pem()))
        .ca_certificate(Certificate::from_pem(new_ca.cert_pem()));
    let app = spawn_tls(backend, &old_ca, &dir, false, both).await;
    let established = channel(&app, Some(trusting(&old_ca))).await;
    can_list_scripts(established.clone()).await.unwrap();
    assert!(
        can_list_scripts(channel(&app, Some(trusting(&new_ca))).await)
            .await
            .is_err(),
        "the new CA's clients cannot verify the old certificate"
    );

    let rotated = new_ca.server();
    write_atomically(&dir.join("server.key"), &rotated.key_pem);
    write_atomically(&dir.join("server.crt"), &rotated.cert_pem);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while can_list_scripts(channel(&app, Some(trusting(&new_ca))).await)
        .await
        .is_err()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the rotated certificate was never served"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        can_list_scripts(channel(&app, Some(trusting(&old_ca))).await)
            .await
            .is_err(),
        "new connections get the new certificate"
    );
    // A new connection of this client would fail (it trusts only the old CA):
    // its calls succeeding means its connection was never dropped.
    for _ in 0..3 {
        can_list_scripts(established.clone()).await.unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Without tokens, a client certificate's SPIFFE id names its tenant
/// (`…/tenant/<name>/…`): what one tenant's workload writes, another's does
/// not see, and a session is started from a script of the caller's tenant
/// (the sessions context asks ScriptService in it). An identity naming an
/// invalid tenant is refused.
async fn a_client_certificate_names_its_tenant(backend: Backend) {
    let (ca, dir) = (TestCa::new("agentbase test CA"), temp_dir());
    let acme = ca.client("spiffe://agentbase.test/tenant/acme/ns/agents/sa/runner");
    let app = spawn_tls(backend, &ca, &dir, true, trusting(&ca).identity(acme.identity())).await;
    let script = create_script(&app, "acme's").await;
    app.sessions
        .clone()
        .create_session(CreateSessionRequest {
            user_id: "u".into(),
            script_id: script.id.clone(),
            ..Default::default()
        })
        .await
        .expect("a session of acme's script, in acme");
    let beta = ca.client("spiffe://agentbase.test/tenant/beta/ns/agents/sa/runner");
    let beta = channel(&app, Some(trusting(&ca).identity(beta.identity()))).await;
    let seen = ScriptServiceClient::new(beta.clone())
        .list_scripts(ListScriptsRequest::default())
        .await
        .unwrap()
        .into_inner()
        .scripts;
    assert!(seen.is_empty(), "beta sees acme's scripts: {seen:?}");
    let started = agentbase_proto::sessions::v1::session_service_client::SessionServiceClient::new(beta)
        .create_session(CreateSessionRequest {
            user_id: "u".into(),
            script_id: script.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(started.code(), tonic::Code::FailedPrecondition, "{started:?}");
    let invalid = ca.client("spiffe://agentbase.test/tenant/-bad/ns/agents");
    let refused = can_list_scripts(channel(&app, Some(trusting(&ca).identity(invalid.identity()))).await)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), tonic::Code::Unauthenticated);
    let _ = std::fs::remove_dir_all(&dir);
}

backend_tests!(
    mutual_tls_names_the_caller,
    tls_without_client_certificates,
    a_rotated_certificate_is_served_without_a_restart,
    a_client_certificate_names_its_tenant
);
