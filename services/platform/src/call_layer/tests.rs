//! Tests of `call_layer`.

use super::*;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A contract with one client-streaming method, made here: none of the
/// served contracts has one, and the layer must fail closed on it all the same.
fn uploads() -> Vec<u8> {
    use prost::Message;
    use prost_types::{DescriptorProto, FileDescriptorProto, MethodDescriptorProto, ServiceDescriptorProto};
    let file = FileDescriptorProto {
        name: Some("uploads.proto".into()),
        package: Some("agentbase.uploads.v1".into()),
        message_type: vec![DescriptorProto {
            name: Some("Chunk".into()),
            ..Default::default()
        }],
        service: vec![ServiceDescriptorProto {
            name: Some("Uploads".into()),
            method: vec![MethodDescriptorProto {
                name: Some("Upload".into()),
                input_type: Some(".agentbase.uploads.v1.Chunk".into()),
                output_type: Some(".agentbase.uploads.v1.Chunk".into()),
                client_streaming: Some(true),
                ..Default::default()
            }],
            ..Default::default()
        }],
        syntax: Some("proto3".into()),
        ..Default::default()
    };
    prost_types::FileDescriptorSet { file: vec![file] }.encode_to_vec()
}

const UPLOAD: &str = "/agentbase.uploads.v1.Uploads/Upload";
const SECRET: &str = "a-test-secret-that-is-at-least-32-bytes-long";

fn bearer(scope: &str) -> String {
    let claims = serde_json::json!({
        "iss": "https://issuer.test", "aud": "agentbase", "sub": "uploader",
        "exp": 4_000_000_000u64, "scope": scope
    });
    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    format!("Bearer {token}")
}

#[tokio::test]
async fn client_streams_are_authenticated_and_scoped_before_the_service() {
    let dir = std::env::temp_dir().join(format!("agentbase-uploads-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("secret"), SECRET).unwrap();
    let verifier = crate::auth::Verifier::new(crate::auth::JwtSettings {
        jwks_file: None,
        hs256_secret_file: Some(dir.join("secret")),
        issuer: "https://issuer.test".into(),
        audience: "agentbase".into(),
        actor_claim: None,
        tenant_claim: "tenant".to_owned(),
        tenant_required: false,
    })
    .unwrap();
    let layer = CallLayer {
        default_deadline: Duration::from_secs(5),
        metrics: RpcMetrics::default(),
        intake: Arc::new(Intake::new(&[&uploads()]).unwrap()),
        admission: crate::admission::Admission::new(4, 4),
        max_message_bytes: 1024,
        reachability: Arc::new(HashMap::new()),
        verifier: Some(Arc::new(verifier)),
        access: Arc::new(HashMap::from([(
            UPLOAD.to_owned(),
            crate::auth::Access {
                scope: "uploads.write".into(),
                cross_user_needs: None,
                resource: "upload".into(),
                read_only: false,
            },
        )])),
        audit_logs: Arc::new(HashMap::new()),
        replicated: Arc::default(),
    };
    let reached = Arc::new(AtomicUsize::new(0));
    let counted = reached.clone();
    let service = tower::service_fn(move |_request: http::Request<Body>| {
        counted.fetch_add(1, Ordering::SeqCst);
        async { Ok::<_, std::convert::Infallible>(http::Response::new(Body::empty())) }
    });
    let mut service = tower::Layer::layer(&layer, service);
    let call = |path: &str, authorization: Option<String>| {
        let mut request = http::Request::builder().uri(format!("http://localhost{path}"));
        if let Some(value) = authorization {
            request = request.header(http::header::AUTHORIZATION, value);
        }
        request.body(Body::empty()).unwrap()
    };
    let code = |response: http::Response<Body>| Status::from_header_map(response.headers()).map(|s| s.code());

    let answer = tower::Service::call(&mut service, call(UPLOAD, None)).await.unwrap();
    assert_eq!(code(answer), Some(Code::Unauthenticated));
    let answer = tower::Service::call(&mut service, call(UPLOAD, Some(bearer("uploads.read"))))
        .await
        .unwrap();
    assert_eq!(code(answer), Some(Code::PermissionDenied));
    let unknown = "/agentbase.uploads.v1.Uploads/Download";
    let answer = tower::Service::call(&mut service, call(unknown, Some(bearer("uploads.write"))))
        .await
        .unwrap();
    assert_eq!(code(answer), Some(Code::Unimplemented));
    assert_eq!(reached.load(Ordering::SeqCst), 0, "no refused call reached the service");
    let answer = tower::Service::call(&mut service, call(UPLOAD, Some(bearer("uploads.write"))))
        .await
        .unwrap();
    assert_eq!(code(answer), None, "the granted stream goes through");
    assert_eq!(reached.load(Ordering::SeqCst), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn domains_follow_the_package() {
    assert_eq!(
        domain_of("/agentbase.scripts.v1.ScriptService/GetScript"),
        "scripts.agentbase"
    );
    assert_eq!(domain_of("/grpc.health.v1.Health/Check"), "agentbase");
    assert_eq!(domain_of("/"), "agentbase");
}

#[test]
fn bare_errors_get_error_info_and_detailed_ones_are_kept() {
    let mut headers = http::HeaderMap::new();
    Status::resource_exhausted("too big").add_header(&mut headers).unwrap();
    complete_error_details(&mut headers, "scripts.agentbase");
    let status = Status::from_header_map(&headers).unwrap();
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert_eq!(status.message(), "too big");
    let info = status.get_details_error_info().unwrap();
    assert_eq!(
        (info.reason.as_str(), info.domain.as_str()),
        ("RESOURCE_EXHAUSTED", "scripts.agentbase")
    );

    let mut details = ErrorDetails::new();
    details.set_error_info("MINE", "x", std::collections::HashMap::new());
    let mut headers = http::HeaderMap::new();
    Status::with_error_details(Code::NotFound, "m", details)
        .add_header(&mut headers)
        .unwrap();
    complete_error_details(&mut headers, "scripts.agentbase");
    let info = Status::from_header_map(&headers)
        .unwrap()
        .get_details_error_info()
        .unwrap();
    assert_eq!(info.reason, "MINE");
}
