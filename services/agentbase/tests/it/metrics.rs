//! The Prometheus endpoint on the admin port: per-RPC counts by code, latency
//! histograms, database pool use, admission and build info, scraped over HTTP.

use agentbase_proto::scripts::v1::{CreateScriptRequest, GetScriptRequest, get_script_request::Selector};
use agentbase_testkit::{Backend, spawn_app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn scrape(address: std::net::SocketAddr, path: &str) -> (String, String) {
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut response = String::new();
    socket.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.to_owned(), body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_scraped_from_the_admin_port() {
    let mut app = spawn_app(Backend::Sqlite).await;
    let content = "technique_id: t\ntopic:\n  topic_id: x\n  actions:\n    - {action_type: ai_say, action_id: a}\n";
    for name in ["a", "b"] {
        let request = CreateScriptRequest {
            name: name.into(),
            content: content.into(),
            ..Default::default()
        };
        app.scripts.create_script(request).await.unwrap();
    }
    let missing = GetScriptRequest {
        selector: Some(Selector::Name("nobody".into())),
        ..Default::default()
    };
    app.scripts.get_script(missing).await.unwrap_err();

    let (head, body) = scrape(app.admin_address, "/metrics").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/plain; version=0.0.4"));
    let create = "/agentbase.scripts.v1.ScriptService/CreateScript";
    let get = "/agentbase.scripts.v1.ScriptService/GetScript";
    for line in [
        format!("agentbase_grpc_requests_total{{method=\"{create}\",code=\"OK\"}} 2"),
        format!("agentbase_grpc_requests_total{{method=\"{get}\",code=\"NOT_FOUND\"}} 1"),
        format!("agentbase_grpc_request_duration_seconds_count{{method=\"{create}\"}} 2"),
        format!("agentbase_grpc_request_duration_seconds_bucket{{method=\"{create}\",le=\"+Inf\"}} 2"),
        format!("agentbase_build_info{{version=\"{}\"}} 1", env!("CARGO_PKG_VERSION")),
    ] {
        assert!(body.lines().any(|l| l == line), "missing `{line}` in\n{body}");
    }
    // The test server's limit is fixed (AGENTBASE_MAX_IN_FLIGHT=10000), and
    // nothing runs between calls.
    for line in [
        "agentbase_admission_places 10000",
        "agentbase_admission_calls{state=\"running\"} 0",
        "agentbase_admission_calls{state=\"waiting\"} 0",
    ] {
        assert!(body.lines().any(|l| l == line), "missing `{line}` in\n{body}");
    }
    for context in ["scripts", "sessions", "evaluation"] {
        for state in ["idle", "in_use"] {
            let prefix = format!("agentbase_db_connections{{context=\"{context}\",state=\"{state}\"}} ");
            assert!(body.lines().any(|l| l.starts_with(&prefix)), "missing {prefix}");
        }
    }
    let (head, _) = scrape(app.admin_address, "/other").await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
}

/// `/readyz` follows the overall health (every database answers) for probes
/// that cannot speak gRPC over TLS; `/livez` only says the process answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_and_liveness_are_served_over_http() {
    let mut app = agentbase_testkit::spawn_app_with(
        Backend::Postgres,
        agentbase_testkit::AppOptions {
            through_proxy: true,
            ..Default::default()
        },
    )
    .await;
    let (head, body) = scrape(app.admin_address, "/readyz").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, "ready\n");

    app.proxy.as_ref().unwrap().disable();
    app.wait_for_health(
        "",
        agentbase_testkit::ServingStatus::NotServing,
        std::time::Duration::from_secs(10),
    )
    .await;
    let (head, _) = scrape(app.admin_address, "/readyz").await;
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    let (head, _) = scrape(app.admin_address, "/livez").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");

    app.proxy.as_ref().unwrap().enable();
    app.wait_for_health(
        "",
        agentbase_testkit::ServingStatus::Serving,
        std::time::Duration::from_secs(10),
    )
    .await;
    let (head, _) = scrape(app.admin_address, "/readyz").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
}
