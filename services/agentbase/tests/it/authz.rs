//! The authorization matrix, generated from the descriptor set: every RPC of
//! every agentbase service × {no token, expired, wrong audience, wrong
//! issuer, bad signature, `alg: none`, missing scope, right scope} answers
//! UNAUTHENTICATED / PERMISSION_DENIED / not denied, exactly — for ids that
//! exist nowhere too, so a refusal never tells whether a resource exists;
//! and every read that spans users (its owner field empty) is refused the
//! user-scoped scope and allowed the administrator's.

use agentbase_platform::auth::{Access, OWNER_FIELD};
use agentbase_testkit::fixtures::TECHNIQUE;
use agentbase_testkit::{
    AppOptions, Backend, backend_tests,
    raw::{call_raw_as, call_raw_streaming_as},
    spawn_app_with,
    tokens::{
        AUDIENCE, ED_KEY_1, ED_KEY_2, ED_PUBLIC_1, ED_PUBLIC_2, ISSUER, SECRET, bearer, claims, ed_token, jwks,
        jwt_env, key_dir, now, token, with_token,
    },
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MethodDescriptor, Value};
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// Every scope a token can carry.
const SCOPES: [&str; 11] = [
    "scripts.read",
    "scripts.write",
    "scripts.publish",
    "scripts.promote",
    "sessions.read",
    "sessions.write",
    "sessions.admin",
    "evaluation.read",
    "evaluation.write",
    "evaluation.admin",
    "evaluation.other",
];

/// `alg: none` with no signature, as an attacker writes it.
fn unsigned(claims: &serde_json::Value) -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// What a case must be answered with.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Unauthenticated,
    Denied,
    Allowed,
}

/// A request whose id fields name resources that exist nowhere.
fn request_for(method: &MethodDescriptor) -> Vec<u8> {
    let mut message = DynamicMessage::new(method.input());
    for field in method.input().fields() {
        let name = field.name();
        if matches!(field.kind(), Kind::String)
            && !field.is_list()
            && (name == "id" || name.ends_with("_id"))
            && name != "request_id"
        {
            message.set_field(&field, Value::String(uuid::Uuid::now_v7().to_string()));
        }
    }
    message.encode_to_vec()
}

async fn every_rpc_checks_tokens_and_scopes(backend: Backend) {
    let dir = key_dir();
    let app = spawn_app_with(
        backend,
        AppOptions {
            env: jwt_env(&dir, None),
            ..Default::default()
        },
    )
    .await;

    let pool = DescriptorPool::decode(agentbase_proto::FILE_DESCRIPTOR_SET).unwrap();
    let mut failures = Vec::new();
    let mut calls = 0;
    let mut cross_user = 0;
    for service in pool.services().filter(|s| s.full_name().starts_with("agentbase.")) {
        for method in service.methods() {
            let path = format!("/{}/{}", service.full_name(), method.name());
            let body = request_for(&method);
            let access = Access::declared(&method).expect("every method declares its access");
            let needed = access.required(&DynamicMessage::decode(method.input(), &body[..]).unwrap());
            let all_but_needed: Vec<&str> = SCOPES.iter().copied().filter(|s| *s != needed).collect();
            // A read that spans every user (its owner field empty) needs the
            // administrator's scope: the user-scoped scope is refused.
            if let Some(admin) = access.cross_user_needs.as_deref() {
                let mut every_user = DynamicMessage::decode(method.input(), &body[..]).unwrap();
                every_user.clear_field_by_name(OWNER_FIELD);
                let every_user = every_user.encode_to_vec();
                for (label, scopes, expect) in [
                    ("every user, user scope", vec![access.scope.as_str()], Expect::Denied),
                    ("every user, admin scope", vec![admin], Expect::Allowed),
                ] {
                    let authorization = format!("Bearer {}", token(SECRET, claims(&scopes)));
                    let answer = if method.is_server_streaming() {
                        call_raw_streaming_as(app.channel.clone(), &path, every_user.clone(), Some(&authorization))
                            .await
                    } else {
                        call_raw_as(app.channel.clone(), &path, every_user.clone(), Some(&authorization))
                            .await
                            .map(|_| ())
                    };
                    calls += 1;
                    cross_user += 1;
                    if let Some(problem) = judge(expect, admin, answer) {
                        failures.push(format!("{path} [{label}]: {problem}"));
                    }
                }
            }
            let cases: Vec<(&str, Option<String>, Expect)> = vec![
                ("no token", None, Expect::Unauthenticated),
                (
                    "expired",
                    Some(token(
                        SECRET,
                        serde_json::json!({
                            "iss": ISSUER, "aud": AUDIENCE, "sub": "s", "exp": now() - 3_600, "scope": needed
                        }),
                    )),
                    Expect::Unauthenticated,
                ),
                (
                    "wrong audience",
                    Some(token(
                        SECRET,
                        serde_json::json!({
                            "iss": ISSUER, "aud": "someone-else", "sub": "s", "exp": now() + 600, "scope": needed
                        }),
                    )),
                    Expect::Unauthenticated,
                ),
                (
                    "wrong issuer",
                    Some(token(
                        SECRET,
                        serde_json::json!({
                            "iss": "https://elsewhere", "aud": AUDIENCE, "sub": "s", "exp": now() + 600, "scope": needed
                        }),
                    )),
                    Expect::Unauthenticated,
                ),
                (
                    "bad signature",
                    Some(token("another-secret-that-is-also-32-bytes-long!", claims(&[needed]))),
                    Expect::Unauthenticated,
                ),
                ("alg none", Some(unsigned(&claims(&[needed]))), Expect::Unauthenticated),
                (
                    "missing scope",
                    Some(token(SECRET, claims(&all_but_needed))),
                    Expect::Denied,
                ),
                ("right scope", Some(token(SECRET, claims(&[needed]))), Expect::Allowed),
            ];
            for (label, token, expect) in cases {
                let authorization = token.map(|t| format!("Bearer {t}"));
                let answer = if method.is_server_streaming() {
                    call_raw_streaming_as(app.channel.clone(), &path, body.clone(), authorization.as_deref()).await
                } else {
                    call_raw_as(app.channel.clone(), &path, body.clone(), authorization.as_deref())
                        .await
                        .map(|_| ())
                };
                calls += 1;
                if let Some(problem) = judge(expect, needed, answer) {
                    failures.push(format!("{path} [{label}]: {problem}"));
                }
            }
        }
    }
    println!(
        "authorization matrix ({backend:?}): {calls} calls, {} failures",
        failures.len()
    );
    assert!(calls >= 64 * 8, "{calls}");
    // ListSessions, ListMemories and SearchMemories, twice each.
    assert!(cross_user >= 6, "{cross_user} cross-user calls");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn judge(expect: Expect, needed: &str, answer: Result<(), Status>) -> Option<String> {
    let code = answer.as_ref().err().map(Status::code);
    let fits = match expect {
        Expect::Unauthenticated => code == Some(Code::Unauthenticated),
        Expect::Denied => code == Some(Code::PermissionDenied),
        Expect::Allowed => !matches!(code, Some(Code::Unauthenticated | Code::PermissionDenied)),
    };
    if !fits {
        return Some(format!("expected {expect:?}, got {answer:?}"));
    }
    let status = answer.err()?;
    let info = status.get_details_error_info()?;
    if expect == Expect::Denied && info.metadata.get("scope").map(String::as_str) != Some(needed) {
        return Some(format!("PERMISSION_DENIED names the wrong scope: {:?}", info.metadata));
    }
    None
}

backend_tests!(every_rpc_checks_tokens_and_scopes);

fn script_request(name: &str) -> agentbase_proto::scripts::v1::CreateScriptRequest {
    agentbase_proto::scripts::v1::CreateScriptRequest {
        name: name.into(),
        author: "li".into(),
        content: TECHNIQUE.into(),
        ..Default::default()
    }
}

/// With tokens required, the sessions context presents a token of its own
/// (`AGENTBASE_SCRIPTS_TOKEN_FILE`) when it asks ScriptService about a script.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_call_scripts_with_a_token_of_their_own() {
    use agentbase_proto::sessions::v1::CreateSessionRequest;
    let dir = key_dir();
    let token_file = dir.join("scripts.token");
    std::fs::write(&token_file, token(SECRET, claims(&["scripts.read"]))).unwrap();
    let mut env = jwt_env(&dir, None);
    env.push(("AGENTBASE_SCRIPTS_TOKEN_FILE".into(), token_file.display().to_string()));
    let mut app = spawn_app_with(
        Backend::Sqlite,
        AppOptions {
            env,
            ..Default::default()
        },
    )
    .await;

    let script = app
        .scripts
        .create_script(with_token(&["scripts.write"], script_request("intake")))
        .await
        .unwrap()
        .into_inner();
    let session = app
        .sessions
        .create_session(with_token(
            &["sessions.write"],
            CreateSessionRequest {
                user_id: "u".into(),
                script_id: script.id.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(session.script_revision, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `AGENTBASE_REFLECTION=off` (the prod overlay) takes reflection away; health stays open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reflection_can_be_turned_off() {
    use tonic_reflection::pb::v1::{
        ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
        server_reflection_request::MessageRequest,
    };
    let mut app = spawn_app_with(
        Backend::Sqlite,
        AppOptions {
            env: vec![("AGENTBASE_REFLECTION".into(), "off".into())],
            ..Default::default()
        },
    )
    .await;
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut client = ServerReflectionClient::new(app.channel.clone());
    let answer = match client.server_reflection_info(tokio_stream::iter([request])).await {
        Err(status) => Err(status),
        Ok(stream) => stream.into_inner().message().await.map(|_| ()),
    };
    assert_eq!(answer.unwrap_err().code(), Code::Unimplemented);
    assert_eq!(
        app.health_status("").await,
        Some(agentbase_testkit::ServingStatus::Serving)
    );
}

/// Public keys come from a JWKS file, and a rotated file is picked up
/// without a restart: the new key is accepted, the retired one refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jwks_keys_verify_and_rotate_without_restart() {
    use agentbase_proto::scripts::v1::ListScriptsRequest;
    let dir = key_dir();
    let jwks_file = dir.join("jwks.json");
    std::fs::write(&jwks_file, jwks("k1", ED_PUBLIC_1)).unwrap();
    let key_source = ("AGENTBASE_JWT_JWKS_FILE".to_owned(), jwks_file.display().to_string());
    let mut app = spawn_app_with(
        Backend::Sqlite,
        AppOptions {
            env: jwt_env(&dir, Some(key_source)),
            ..Default::default()
        },
    )
    .await;
    let list = |token: String| {
        let request = bearer(&token, ListScriptsRequest::default());
        let mut client = app.scripts.clone();
        async move { client.list_scripts(request).await.map(|_| ()) }
    };
    list(ed_token(ED_KEY_1, "k1", &["scripts.read"])).await.unwrap();
    let status = list(ed_token(ED_KEY_2, "k1", &["scripts.read"])).await.unwrap_err();
    assert_eq!(
        status.code(),
        Code::Unauthenticated,
        "another key's signature: {status:?}"
    );
    let status = list(token(SECRET, claims(&["scripts.read"]))).await.unwrap_err();
    assert_eq!(
        status.code(),
        Code::Unauthenticated,
        "HS256 without a secret configured: {status:?}"
    );

    // Rotation: the file now holds only the second key.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    std::fs::write(&jwks_file, jwks("k2", ED_PUBLIC_2)).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while list(ed_token(ED_KEY_2, "k2", &["scripts.read"])).await.is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the rotated key was not picked up"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let fresh = ed_token(ED_KEY_1, "k1", &["scripts.write"]);
    let status = list(fresh).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated, "the retired key: {status:?}");
    assert_eq!(
        app.health_status("").await,
        Some(agentbase_testkit::ServingStatus::Serving)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// GetSession throughput with tokens against without, side by side in one
/// run (printed, not asserted: a benchmark figure, docs/SECURITY.md).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_checks_cost_little_throughput() {
    use agentbase_proto::sessions::v1::{CreateSessionRequest, GetSessionRequest};
    let dir = key_dir();
    let token_file = dir.join("scripts.token");
    std::fs::write(&token_file, token(SECRET, claims(&["scripts.read"]))).unwrap();
    let seconds = if std::env::var("AGENTBASE_FAULTS").is_ok_and(|v| v == "long") {
        5
    } else {
        1
    };
    // Alternating rounds, so warm-up and background load weigh on both alike.
    let mut rates = [0.0f64; 2];
    for jwt in [false, true, false, true] {
        let env = if jwt {
            let mut env = jwt_env(&dir, None);
            env.push(("AGENTBASE_SCRIPTS_TOKEN_FILE".into(), token_file.display().to_string()));
            env
        } else {
            Vec::new()
        };
        let app = spawn_app_with(
            Backend::Sqlite,
            AppOptions {
                env,
                ..Default::default()
            },
        )
        .await;
        let all = ["scripts.write", "sessions.write", "sessions.read"];
        let script = app
            .scripts
            .clone()
            .create_script(with_token(&all, script_request("bench")))
            .await
            .unwrap()
            .into_inner();
        let session = app
            .sessions
            .clone()
            .create_session(with_token(
                &all,
                CreateSessionRequest {
                    user_id: "u".into(),
                    script_id: script.id,
                    ..Default::default()
                },
            ))
            .await;
        let session = session.unwrap().into_inner();
        let token = format!("Bearer {}", token(SECRET, claims(&all)));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        let mut callers = Vec::new();
        for _ in 0..16 {
            let (mut client, id, token) = (app.sessions.clone(), session.id.clone(), token.clone());
            callers.push(tokio::spawn(async move {
                let mut calls = 0u64;
                while std::time::Instant::now() < deadline {
                    let mut request = tonic::Request::new(GetSessionRequest { id: id.clone() });
                    request.metadata_mut().insert("authorization", token.parse().unwrap());
                    client.get_session(request).await.unwrap();
                    calls += 1;
                }
                calls
            }));
        }
        let mut calls = 0;
        for caller in callers {
            calls += caller.await.unwrap();
        }
        rates[usize::from(jwt)] += calls as f64 / seconds as f64 / 2.0;
    }
    println!(
        "GetSession throughput: {:.0}/s without tokens, {:.0}/s with (×{:.3})",
        rates[0],
        rates[1],
        rates[1] / rates[0]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// With `AGENTBASE_JWT_ACTOR_CLAIM`, the end user the token names wins over
/// the one the request claims (`author`, `updated_by`, `published_by`, …).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tokens_actor_wins_over_the_request() {
    use agentbase_proto::scripts::v1::CreateScriptRequest;
    let dir = key_dir();
    let mut env = jwt_env(&dir, None);
    env.push(("AGENTBASE_JWT_ACTOR_CLAIM".into(), "act".into()));
    let app = spawn_app_with(
        Backend::Sqlite,
        AppOptions {
            env,
            ..Default::default()
        },
    )
    .await;
    let create = |name: &str, token: String| {
        let request = bearer(
            &token,
            CreateScriptRequest {
                name: name.into(),
                author: "claimed-by-the-request".into(),
                content: TECHNIQUE.into(),
                ..Default::default()
            },
        );
        let mut client = app.scripts.clone();
        async move { client.create_script(request).await.unwrap().into_inner() }
    };
    let mut acting = claims(&["scripts.write"]);
    acting["act"] = serde_json::json!({"sub": "dr-wang"});
    let script = create("acted", token(SECRET, acting)).await;
    assert_eq!(script.author, "dr-wang");
    let script = create("claimed", token(SECRET, claims(&["scripts.write"]))).await;
    assert_eq!(
        script.author, "claimed-by-the-request",
        "no actor in the token: the request's stands"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// docs/SECURITY.md's scope table, rendered from the access options of the
/// contracts: one row per context and scope, methods in contract order.
fn scope_table() -> String {
    let pool = DescriptorPool::decode(agentbase_proto::FILE_DESCRIPTOR_SET).unwrap();
    let mut rows: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut row = |context: &str, scope: &str, entry: String| match rows
        .iter_mut()
        .find(|(c, s, _)| c == context && s == scope)
    {
        Some((_, _, methods)) => methods.push(entry),
        None => rows.push((context.to_owned(), scope.to_owned(), vec![entry])),
    };
    for service in pool.services().filter(|s| s.full_name().starts_with("agentbase.")) {
        let context = service.package_name().split('.').nth(1).unwrap().to_owned();
        for method in service.methods() {
            let access = Access::declared(&method).unwrap();
            match &access.cross_user_needs {
                Some(admin) => {
                    row(
                        &context,
                        &access.scope,
                        format!("{} with a `{OWNER_FIELD}`", method.name()),
                    );
                    row(
                        &context,
                        admin,
                        format!("{} without a `{OWNER_FIELD}` (every user's data)", method.name()),
                    );
                }
                None => row(&context, &access.scope, method.name().to_owned()),
            }
        }
    }
    let mut table = String::from("| context | scope | methods |\n|---|---|---|\n");
    for (context, scope, methods) in rows {
        let mut seen = Vec::new();
        for method in methods {
            if !seen.contains(&method) {
                seen.push(method);
            }
        }
        table.push_str(&format!("| {context} | `{scope}` | {} |\n", seen.join(", ")));
    }
    table
}

/// The scope table in docs/SECURITY.md is the contract's, generated; run
/// with `AGENTBASE_WRITE_DOCS=1` to rewrite it after changing an option.
#[test]
fn security_md_scope_table_is_generated_from_the_contract() {
    const BEGIN: &str = "<!-- scope table: generated from the access options by tests/it/authz.rs -->\n";
    const END: &str = "<!-- end of scope table -->";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/SECURITY.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc.find(BEGIN).expect("SECURITY.md marks its scope table") + BEGIN.len();
    let end = doc[start..].find(END).expect("SECURITY.md ends its scope table") + start;
    let table = scope_table();
    if std::env::var_os("AGENTBASE_WRITE_DOCS").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &doc[..start], &doc[end..])).unwrap();
        return;
    }
    assert_eq!(
        &doc[start..end],
        table,
        "docs/SECURITY.md's scope table differs from the contract; rerun with AGENTBASE_WRITE_DOCS=1"
    );
}
