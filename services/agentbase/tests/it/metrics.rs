//! The admin port (axum): the Prometheus endpoint (per-RPC counts by code,
//! latency histograms, database pool use, admission and build info, under
//! the names docs/OPERATIONS.md lists), the kubelet's probes, and what it
//! does with requests that are not HTTP.

use agentbase_proto::scripts::v1::{CreateScriptRequest, GetScriptRequest, get_script_request::Selector};
use agentbase_testkit::{Backend, spawn_app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends `request` as it is and reads the answer until the server closes.
async fn exchange(address: std::net::SocketAddr, request: &[u8], what: &str) -> String {
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    socket.write_all(request).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), socket.read_to_end(&mut response))
        .await
        .unwrap_or_else(|_| panic!("{what}: the admin port neither answered nor closed"))
        .unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

/// A GET as the kubelet and Prometheus send it (`Connection: close`).
async fn scrape(address: std::net::SocketAddr, path: &str) -> (String, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nUser-Agent: kube-probe/1.31\r\nConnection: close\r\n\r\n");
    let response = exchange(address, request.as_bytes(), path).await;
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
    assert!(head.contains("application/openmetrics-text; version=1.0.0"), "{head}");
    assert!(body.ends_with("# EOF\n"), "{body}");
    let service = "grpc_type=\"unary\",grpc_service=\"agentbase.scripts.v1.ScriptService\"";
    for line in [
        format!("grpc_server_handled_total{{{service},grpc_method=\"CreateScript\",grpc_code=\"OK\"}} 2"),
        format!("grpc_server_handled_total{{{service},grpc_method=\"GetScript\",grpc_code=\"NotFound\"}} 1"),
        format!("grpc_server_handling_seconds_count{{{service},grpc_method=\"CreateScript\"}} 2"),
        format!("grpc_server_handling_seconds_bucket{{le=\"+Inf\",{service},grpc_method=\"CreateScript\"}} 2"),
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
        for state in ["idle", "used"] {
            let prefix = format!("db_client_connection_count{{pool_name=\"{context}\",state=\"{state}\"}} ");
            assert!(body.lines().any(|l| l.starts_with(&prefix)), "missing {prefix}");
        }
    }
    let (head, _) = scrape(app.admin_address, "/other").await;
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    // A path nobody serves is one series, however many are invented.
    for path in ["/agentbase.nope.v1.X/Y", "/not.a.Service/Z"] {
        let _ = agentbase_testkit::raw::call_raw(app.channel.clone(), path, Vec::new()).await;
    }
    let (_, body) = scrape(app.admin_address, "/metrics").await;
    let unknown: Vec<&str> = body
        .lines()
        .filter(|l| l.contains("grpc_service=\"unknown\""))
        .collect();
    assert!(!unknown.is_empty(), "{body}");
    assert!(
        !body.contains("agentbase.nope") && !body.contains("not.a.Service"),
        "{body}"
    );
}

/// What is not a well-formed HTTP request gets hyper's 400 or a closed
/// connection, never a hang or a crash, a head that never ends is cut off
/// after the header timeout, and the port goes on serving.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_port_refuses_malformed_http() {
    let app = spawn_app(Backend::Sqlite).await;
    let oversized_header = format!("GET /metrics HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n", "a".repeat(1 << 20));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "garbage",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n".to_vec(),
        ),
        ("no version", b"GET /metrics\r\n\r\n".to_vec()),
        ("bad method token", b"G(T /metrics HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        (
            "NUL in the path",
            b"GET /met\0rics HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        ),
        (
            "header without a colon",
            b"GET /metrics HTTP/1.1\r\nHost x\r\n\r\n".to_vec(),
        ),
        ("a megabyte of header", oversized_header.into_bytes()),
        ("a broken HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".to_vec()),
        // Closed after the header timeout (5 s), not kept open for ever.
        (
            "a request head that never ends",
            b"GET /metrics HTTP/1.1\r\nHost: x\r\n".to_vec(),
        ),
    ];
    for (label, request) in cases {
        let response = exchange(app.admin_address, &request, label).await;
        assert!(
            response.is_empty() || response.starts_with("HTTP/1.1 4") || response.starts_with("HTTP/1.1 505"),
            "{label}: {}",
            response.lines().next().unwrap_or_default()
        );
    }
    let (head, body) = scrape(app.admin_address, "/livez").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, "live\n");
    let (head, _) = scrape(app.admin_address, "/readyz").await;
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
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

/// The Grafana dashboard and the alert rules under `deploy/monitoring`
/// query only metrics the service exports: every `grpc_server_…`,
/// `db_client_…` and `agentbase_…` name they use is a series, or the family
/// of one (`_bucket`, `_sum`, `_count`, `_total`, `_info`), in a scrape.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboards_and_alerts_query_only_exported_metrics() {
    // PostgreSQL with a read replica (the primary itself will do), so the
    // replica series exist too.
    let server = agentbase_testkit::postgres::server();
    let database = server.create_database().await;
    let url = server.url(&database);
    let mut app = agentbase_testkit::spawn_app_with(
        Backend::Postgres,
        agentbase_testkit::AppOptions {
            env: vec![
                ("AGENTBASE_DATABASE_URL".into(), url.clone()),
                ("AGENTBASE_READ_DATABASE_URL".into(), url),
            ],
            ..Default::default()
        },
    )
    .await;
    let session = agentbase_testkit::fixtures::session(&app).await;
    app.sessions
        .get_session(agentbase_proto::sessions::v1::GetSessionRequest { id: session.id })
        .await
        .unwrap();
    // The lag is measured with the health probe (every 100 ms in tests).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.scripts
        .get_script(GetScriptRequest {
            selector: Some(Selector::Name("absent".into())),
            ..Default::default()
        })
        .await
        .unwrap_err();
    let (_, body) = scrape(app.admin_address, "/metrics").await;
    let mut exported = std::collections::BTreeSet::new();
    for line in body.lines() {
        match line.strip_prefix("# TYPE ") {
            Some(declared) => exported.extend(declared.split_whitespace().next().map(str::to_owned)),
            None if !line.starts_with('#') => exported.extend(
                line.split(['{', ' '])
                    .next()
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned),
            ),
            None => {}
        }
    }
    let monitoring = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/monitoring");
    let dashboard = std::fs::read_to_string(monitoring.join("grafana-dashboard.json")).unwrap();
    let rules = std::fs::read_to_string(monitoring.join("prometheus-rule.yaml")).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&dashboard).unwrap();
    let panels = parsed["panels"].as_array().unwrap();
    assert!(
        panels
            .iter()
            .all(|panel| panel["targets"].as_array().is_some_and(|t| !t.is_empty())),
        "a panel without a query"
    );
    let mut missing = Vec::new();
    let mut checked = 0;
    for text in [&dashboard, &rules] {
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if !["grpc_server_", "db_client_", "agentbase_"]
                .iter()
                .any(|p| word.starts_with(p))
            {
                continue;
            }
            checked += 1;
            let family = ["_bucket", "_sum", "_count", "_total", "_info"]
                .iter()
                .find_map(|suffix| word.strip_suffix(suffix))
                .unwrap_or(word);
            if !exported.contains(word) && !exported.contains(family) {
                missing.push(word.to_owned());
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(checked > 20, "only {checked} metric names found");
    assert!(
        missing.is_empty(),
        "queried but not exported: {missing:?}\nexported: {exported:?}"
    );
}
