//! Documents and resources many tests start from.

use agentbase_proto::{
    scripts::v1::CreateScriptRequest,
    sessions::v1::{CreateSessionRequest, Session},
};

use crate::TestApp;

/// The smallest valid technique script.
pub const TECHNIQUE: &str = "technique_id: ok\ntopic:\n  topic_id: t\n  actions:\n    - {action_type: ai_say, action_id: a, config: {content_template: hi}}\n";

/// Creates a technique script named `name`; its id.
pub async fn script(app: &TestApp, name: &str) -> String {
    let request = CreateScriptRequest {
        name: name.into(),
        content: TECHNIQUE.into(),
        ..Default::default()
    };
    app.scripts
        .clone()
        .create_script(request)
        .await
        .unwrap()
        .into_inner()
        .id
}

/// Creates a session of user `u1` on a fresh script.
pub async fn session(app: &TestApp) -> Session {
    let script_id = script(app, &format!("s-{}", uuid::Uuid::now_v7())).await;
    let request = CreateSessionRequest {
        user_id: "u1".into(),
        script_id,
        ..Default::default()
    };
    app.sessions.clone().create_session(request).await.unwrap().into_inner()
}
