//! One CreateSession produces one trace across contexts: the sessions server
//! span, its client span to ScriptService and the scripts server span, parented
//! in that order (OpenTelemetry SDK in-memory exporter, real gRPC).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use agentbase_proto::{scripts::v1::CreateScriptRequest, sessions::v1::CreateSessionRequest};
use agentbase_testkit::{Backend, spawn_app};
use opentelemetry::{
    global,
    trace::{SpanKind, TracerProvider as _},
};
use opentelemetry_sdk::{
    propagation::TraceContextPropagator,
    trace::{InMemorySpanExporter, SdkTracerProvider},
};
use tracing_subscriber::layer::SubscriberExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_session_is_one_trace_across_contexts() {
    let exporter = InMemorySpanExporter::default();
    let provider = SdkTracerProvider::builder()
        .with_simple_exporter(exporter.clone())
        .build();
    global::set_text_map_propagator(TraceContextPropagator::new());
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("agentbase-test")));
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let mut app = spawn_app(Backend::Sqlite).await;
    let content = "technique_id: t\ntopic:\n  topic_id: x\n  actions:\n    - {action_type: ai_say, action_id: a}\n";
    let script = CreateScriptRequest {
        name: "traced".into(),
        content: content.into(),
        ..Default::default()
    };
    let script_id = app.scripts.create_script(script).await.unwrap().into_inner().id;
    app.sessions
        .create_session(CreateSessionRequest {
            user_id: "u".into(),
            script_id,
            ..Default::default()
        })
        .await
        .unwrap();
    provider.force_flush().unwrap();

    let spans = exporter.get_finished_spans().unwrap();
    let find = |name: &str, kind: SpanKind| {
        spans
            .iter()
            .find(|s| s.name == name && s.span_kind == kind)
            .unwrap_or_else(|| {
                panic!(
                    "no {kind:?} span {name}: {:?}",
                    spans.iter().map(|s| &s.name).collect::<Vec<_>>()
                )
            })
    };
    let sessions_server = find("agentbase.sessions.v1.SessionService/CreateSession", SpanKind::Server);
    let client = find("agentbase.scripts.v1.ScriptService/GetScript", SpanKind::Client);
    let scripts_server = find("agentbase.scripts.v1.ScriptService/GetScript", SpanKind::Server);

    let trace = sessions_server.span_context.trace_id();
    assert_eq!(client.span_context.trace_id(), trace);
    assert_eq!(
        scripts_server.span_context.trace_id(),
        trace,
        "the scripts server joined the caller's trace"
    );
    assert_eq!(client.parent_span_id, sessions_server.span_context.span_id());
    assert_eq!(scripts_server.parent_span_id, client.span_context.span_id());
    let attribute = |span: &opentelemetry_sdk::trace::SpanData, key: &str| {
        span.attributes
            .iter()
            .find(|kv| kv.key.as_str() == key)
            .map(|kv| kv.value.to_string())
    };
    for span in [sessions_server, client, scripts_server] {
        assert_eq!(attribute(span, "rpc.system").as_deref(), Some("grpc"));
    }
    assert_eq!(attribute(client, "rpc.method").as_deref(), Some("GetScript"));
}
