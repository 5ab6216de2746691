//! ScriptService create/get/list through the generated client on a real socket,
//! against PostgreSQL and SQLite.

use std::{collections::HashSet, time::Duration};

use agentbase_proto::scripts::v1::{
    CreateScriptRequest, GetScriptRequest, ListScriptsRequest, Script, ScriptStatus, ScriptType, ScriptView,
    get_script_request::Selector,
};
use agentbase_testkit::{AppOptions, Backend, ServingStatus, TestApp, backend_tests, spawn_app, spawn_app_with};
use tonic::{Code, Status};
use tonic_types::StatusExt;

const SESSION_SCRIPT: &str = "\
metadata:
  name: 初次访谈
  version: 1.2.0
  author: dr-li
  description: First counselling session
session:
  session_id: intake
  session_name: Intake
  phases:
    - phase_id: opening
      phase_name: Opening
      phase_goal: Build rapport
      topics:
        - topic_id: greeting
          topic_name: Greeting
          topic_goal: Learn the client's name
          actions:
            - action_type: ai_say
              action_id: welcome
              config:
                content_template: Welcome! I am here to listen.
            - action_type: ai_ask
              action_id: ask_name
              config:
                target_variable: client_name
                question_template: What should I call you?
    - phase_id: assessment
      phase_name: Assessment
      topics:
        - topic_id: mood
          actions:
            - action_type: ai_ask
              action_id: ask_mood
              config:
                target_variable: mood
                question_template: How have you felt this week, ${client_name}?
            - action_type: ai_think
              action_id: assess
              config:
                input_variables: [mood]
                output_variables: [risk_level]
                prompt_template: Assess ${mood} for ${client_name}.
            - action_type: ai_say
              action_id: reflect
              config:
                content_template: I hear that you feel ${mood}; risk ${risk_level}; plan ${care_plan}.
";

const TECHNIQUE_SCRIPT: &str = "\
technique_id: breathing
technique_name: Box breathing
input_parameters:
  - name: pace
    required: true
  - name: rounds
    required: false
output_variables: [calm_score]
topic:
  topic_id: breathe
  topic_name: Breathe
  actions:
    - action_type: ai_say
      action_id: explain
      config:
        content_template: Breathe in for ${pace} seconds, ${rounds} times.
    - action_type: ai_ask
      action_id: check
      config:
        target_variable: calm_score
        question_template: How calm do you feel now?
";

fn create(name: &str, content: &str) -> CreateScriptRequest {
    CreateScriptRequest {
        name: name.into(),
        content: content.into(),
        ..Default::default()
    }
}

fn technique(id: &str) -> String {
    format!("technique_id: {id}\ntopic:\n  topic_id: t\n  actions:\n    - {{action_type: ai_say, action_id: a}}\n")
}

fn reason(status: &Status) -> String {
    agentbase_testkit::errors::reason_in(status, "scripts.agentbase")
}

fn violations(status: &Status) -> Vec<(String, String)> {
    assert_eq!(reason(status), "INVALID_ARGUMENT");
    agentbase_testkit::errors::violations(status)
}

async fn list_all(app: &mut TestApp, request: ListScriptsRequest) -> Vec<Script> {
    app.scripts.list_scripts(request).await.unwrap().into_inner().scripts
}

async fn create_session_script(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let request = CreateScriptRequest {
        name: "intake".into(),
        content: SESSION_SCRIPT.into(),
        author: "dr-li".into(),
        description: "初次访谈：情绪评估".into(),
        tags: vec!["intake".into(), "cbt".into(), "intake".into()],
        ..Default::default()
    };
    let created = app.scripts.create_script(request).await.unwrap().into_inner();
    assert_eq!(created.script_type, ScriptType::Session as i32);
    assert_eq!(created.status, ScriptStatus::Draft as i32);
    assert_eq!(created.current_revision, 1);
    assert_eq!(created.tags, ["intake", "cbt"]);
    assert!(!created.etag.is_empty());
    let revision = created.revision.as_ref().unwrap();
    assert_eq!(revision.version, "1.2.0", "taken from metadata.version");
    assert_eq!(revision.content, SESSION_SCRIPT);
    assert_eq!(revision.content_sha256.len(), 64);
    let parsed = revision.parsed_content.as_ref().unwrap();
    assert!(parsed.fields.contains_key("session") && parsed.fields.contains_key("metadata"));
    // `${care_plan}` is defined nowhere: a warning, not an error.
    assert_eq!(revision.warnings.len(), 1, "{:?}", revision.warnings);
    assert_eq!(revision.warnings[0].code, "UNRESOLVED_VARIABLE");
    assert_eq!(
        revision.warnings[0].path,
        "session.phases[1].topics[0].actions[2].config.content_template"
    );
    assert!(revision.warnings[0].line > 0);

    let by_id = GetScriptRequest {
        selector: Some(Selector::Id(created.id.clone())),
        ..Default::default()
    };
    let fetched = app.scripts.get_script(by_id).await.unwrap().into_inner();
    assert_eq!(fetched, created);
    let by_name = GetScriptRequest {
        selector: Some(Selector::Name("intake".into())),
        ..Default::default()
    };
    assert_eq!(app.scripts.get_script(by_name).await.unwrap().into_inner(), created);
    let first_revision = GetScriptRequest {
        selector: Some(Selector::Id(created.id.clone())),
        revision: 1,
        view: ScriptView::Basic as i32,
        ..Default::default()
    };
    let basic = app.scripts.get_script(first_revision).await.unwrap().into_inner();
    let basic_revision = basic.revision.unwrap();
    assert!(basic_revision.content.is_empty() && basic_revision.parsed_content.is_none());
    assert_eq!(basic_revision.content_sha256, revision.content_sha256);
}

async fn create_technique_and_awareness_scripts(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = app
        .scripts
        .create_script(create("box-breathing", TECHNIQUE_SCRIPT))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.script_type, ScriptType::Technique as i32);
    let revision = created.revision.unwrap();
    assert_eq!(revision.version, "1.0.0");
    assert!(revision.warnings.is_empty(), "{:?}", revision.warnings);

    let awareness = CreateScriptRequest {
        script_type: ScriptType::Awareness as i32,
        version: "0.3.0".into(),
        ..create("self-awareness", &technique("aware"))
    };
    let created = app.scripts.create_script(awareness).await.unwrap().into_inner();
    assert_eq!(created.script_type, ScriptType::Awareness as i32);
    assert_eq!(created.revision.unwrap().version, "0.3.0");

    let wrong_shape = CreateScriptRequest {
        script_type: ScriptType::Technique as i32,
        ..create("x", SESSION_SCRIPT)
    };
    let status = app.scripts.create_script(wrong_shape).await.unwrap_err();
    assert!(violations(&status)[0].1.contains("technique shape"));
}

async fn invalid_content_is_rejected_with_located_violations(backend: Backend) {
    let mut app = spawn_app(backend).await;

    let syntax = "session:\n  session_id: s\n  phases: [\n    {phase_id: p\n";
    let status = app.scripts.create_script(create("syntax", syntax)).await.unwrap_err();
    let found = violations(&status);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "content");
    assert!(found[0].1.contains("(line "), "{found:?}");

    let duplicate_phase = SESSION_SCRIPT.replace("phase_id: assessment", "phase_id: opening");
    let status = app
        .scripts
        .create_script(create("dup", &duplicate_phase))
        .await
        .unwrap_err();
    let found = violations(&status);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .starts_with("session.phases[1].phase_id (line 27, column 17)"),
        "{found:?}"
    );
    assert!(found[0].1.contains("opening"));

    let no_type = SESSION_SCRIPT.replace(
        "            - action_type: ai_say\n              action_id: welcome",
        "            - action_id: welcome",
    );
    let status = app
        .scripts
        .create_script(create("no-type", &no_type))
        .await
        .unwrap_err();
    let found = violations(&status);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .1
            .starts_with("session.phases[0].topics[0].actions[0] (line 18,"),
        "{found:?}"
    );
    assert!(found[0].1.contains("action_type"));

    let several = "session:\n  phases:\n    - topics: 3\n";
    let found = violations(&app.scripts.create_script(create("several", several)).await.unwrap_err());
    assert_eq!(found.len(), 3, "one violation per problem: {found:?}");

    assert!(
        list_all(&mut app, ListScriptsRequest::default()).await.is_empty(),
        "nothing was written"
    );
}

async fn request_fields_are_validated(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let valid = technique("t");
    let cases: Vec<(CreateScriptRequest, &str)> = vec![
        (create("", &valid), "name"),
        (create(&"n".repeat(256), &valid), "name"),
        (create("ok", ""), "content"),
        (
            create("ok", &format!("{valid}# {}\n", "x".repeat(1024 * 1024))),
            "content",
        ),
        (
            CreateScriptRequest {
                request_id: "not-a-uuid".into(),
                ..create("ok", &valid)
            },
            "request_id",
        ),
        (
            CreateScriptRequest {
                script_type: 42,
                ..create("ok", &valid)
            },
            "script_type",
        ),
        (
            CreateScriptRequest {
                author: "a\u{0}b".into(),
                ..create("ok", &valid)
            },
            "author",
        ),
        (
            CreateScriptRequest {
                tags: vec![String::new()],
                ..create("ok", &valid)
            },
            "tags[0]",
        ),
        (create("ok", "a: \"nul \\0 inside\"\ntechnique_id: t\n"), "content"),
    ];
    for (request, field) in cases {
        let status = app.scripts.create_script(request).await.unwrap_err();
        let found = violations(&status);
        assert!(
            found.iter().any(|(f, _)| f == field),
            "expected a violation of {field}: {found:?}"
        );
        assert!(!status.message().to_lowercase().contains("sql"), "{status:?}");
    }
    assert!(list_all(&mut app, ListScriptsRequest::default()).await.is_empty());
}

async fn duplicate_names_are_already_exists(backend: Backend) {
    let mut app = spawn_app(backend).await;
    app.scripts
        .create_script(create("taken", &technique("a")))
        .await
        .unwrap();
    let status = app
        .scripts
        .create_script(create("taken", &technique("b")))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::AlreadyExists);
    assert_eq!(reason(&status), "SCRIPT_NAME_TAKEN");
    assert_eq!(list_all(&mut app, ListScriptsRequest::default()).await.len(), 1);
}

async fn request_id_makes_create_idempotent(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let request_id = uuid::Uuid::now_v7().to_string();
    let request = CreateScriptRequest {
        request_id: request_id.clone(),
        ..create("once", &technique("t"))
    };
    let first = app.scripts.create_script(request.clone()).await.unwrap().into_inner();
    let retry = app.scripts.create_script(request.clone()).await.unwrap().into_inner();
    assert_eq!(first, retry);

    let concurrent: Vec<_> = (0..8)
        .map(|_| {
            let mut client = app.scripts.clone();
            let request = CreateScriptRequest {
                request_id: uuid::Uuid::nil().to_string(),
                ..create("racer", &technique("r"))
            };
            tokio::spawn(async move { client.create_script(request).await })
        })
        .collect();
    let mut ids = HashSet::new();
    for handle in concurrent {
        ids.insert(handle.await.unwrap().unwrap().into_inner().id);
    }
    assert_eq!(ids.len(), 1, "concurrent retries return one script");

    let reused = CreateScriptRequest {
        request_id,
        ..create("other", &technique("o"))
    };
    let found = violations(&app.scripts.create_script(reused).await.unwrap_err());
    assert_eq!(found[0].0, "request_id");
    assert_eq!(list_all(&mut app, ListScriptsRequest::default()).await.len(), 2);
}

async fn get_reports_not_found_and_bad_selectors(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let created = app
        .scripts
        .create_script(create("here", &technique("t")))
        .await
        .unwrap()
        .into_inner();
    let cases = [
        (
            GetScriptRequest {
                selector: Some(Selector::Id(uuid::Uuid::now_v7().to_string())),
                ..Default::default()
            },
            Code::NotFound,
            "SCRIPT_NOT_FOUND",
        ),
        (
            GetScriptRequest {
                selector: Some(Selector::Name("nobody".into())),
                ..Default::default()
            },
            Code::NotFound,
            "SCRIPT_NOT_FOUND",
        ),
        (
            GetScriptRequest {
                selector: Some(Selector::Id(created.id.clone())),
                revision: 2,
                ..Default::default()
            },
            Code::NotFound,
            "REVISION_NOT_FOUND",
        ),
        (
            GetScriptRequest {
                selector: Some(Selector::Id("nope".into())),
                ..Default::default()
            },
            Code::InvalidArgument,
            "INVALID_ARGUMENT",
        ),
        (
            GetScriptRequest {
                selector: None,
                ..Default::default()
            },
            Code::InvalidArgument,
            "INVALID_ARGUMENT",
        ),
        (
            GetScriptRequest {
                selector: Some(Selector::Id(created.id.clone())),
                revision: -1,
                ..Default::default()
            },
            Code::InvalidArgument,
            "INVALID_ARGUMENT",
        ),
    ];
    for (request, code, expected_reason) in cases {
        let status = app.scripts.get_script(request).await.unwrap_err();
        assert_eq!(status.code(), code, "{status:?}");
        assert_eq!(reason(&status), expected_reason);
    }
}

async fn pages_visit_every_script_once_despite_concurrent_inserts(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let mut expected = Vec::new();
    for i in 0..25 {
        let created = app
            .scripts
            .create_script(create(&format!("s{i:02}"), &technique("t")))
            .await
            .unwrap();
        expected.push(created.into_inner().id);
    }
    let mut seen = Vec::new();
    let mut token = String::new();
    let mut pages = 0;
    loop {
        let request = ListScriptsRequest {
            page_size: 10,
            page_token: token.clone(),
            ..Default::default()
        };
        let page = app.scripts.list_scripts(request).await.unwrap().into_inner();
        assert!(page.scripts.len() <= 10);
        seen.extend(page.scripts.into_iter().map(|s| s.id));
        pages += 1;
        // Another writer keeps inserting between pages.
        app.scripts
            .create_script(create(&format!("late{pages}"), &technique("t")))
            .await
            .unwrap();
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
        assert!(pages < 20, "pagination does not terminate");
    }
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no script is returned twice");
    for id in &expected {
        assert!(unique.contains(id), "script {id} was skipped");
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(sorted, seen, "oldest first");

    let status = app
        .scripts
        .list_scripts(ListScriptsRequest {
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violations(&status)[0].0, "page_size");
    let big = app
        .scripts
        .list_scripts(ListScriptsRequest {
            page_size: 10_000,
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(big.into_inner().scripts.len() > 25);

    for i in 0..30 {
        app.scripts
            .create_script(create(&format!("more{i:02}"), &technique("t")))
            .await
            .unwrap();
    }
    let full = ListScriptsRequest {
        page_size: 500,
        view: ScriptView::Full as i32,
        ..Default::default()
    };
    let page = app.scripts.list_scripts(full).await.unwrap().into_inner();
    assert_eq!(page.scripts.len(), 50, "FULL pages hold at most 50 scripts");
    assert!(!page.next_page_token.is_empty());
}

async fn tampered_page_tokens_are_invalid(backend: Backend) {
    let mut app = spawn_app(backend).await;
    for i in 0..3 {
        app.scripts
            .create_script(create(&format!("s{i}"), &technique("t")))
            .await
            .unwrap();
    }
    let page = app
        .scripts
        .list_scripts(ListScriptsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    let token = page.into_inner().next_page_token;
    assert!(!token.is_empty());

    let mut bytes = token.clone().into_bytes();
    bytes[2] = if bytes[2] == b'x' { b'y' } else { b'x' };
    for bad in [String::from_utf8(bytes).unwrap(), "garbage".into(), format!("{token}x")] {
        let request = ListScriptsRequest {
            page_size: 1,
            page_token: bad,
            ..Default::default()
        };
        let status = app.scripts.list_scripts(request).await.unwrap_err();
        assert_eq!(violations(&status)[0].0, "page_token");
    }
    let other_filters = ListScriptsRequest {
        page_size: 1,
        page_token: token,
        author: "x".into(),
        ..Default::default()
    };
    let status = app.scripts.list_scripts(other_filters).await.unwrap_err();
    assert_eq!(violations(&status)[0].0, "page_token");
}

async fn filters_narrow_the_list(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let scripts = [
        CreateScriptRequest {
            author: "wang".into(),
            description: "最近情绪低落，有抑郁倾向的来访者".into(),
            tags: vec!["mood".into()],
            ..create("Greeting Flow", SESSION_SCRIPT)
        },
        CreateScriptRequest {
            author: "li".into(),
            tags: vec!["breath".into(), "mood".into()],
            ..create("box_breathing", TECHNIQUE_SCRIPT)
        },
        CreateScriptRequest {
            script_type: ScriptType::Awareness as i32,
            author: "li".into(),
            description: "100% awareness".into(),
            ..create("ÉCOUTE active", &technique("a"))
        },
    ];
    for request in scripts {
        app.scripts.create_script(request).await.unwrap();
    }
    let names = |scripts: Vec<Script>| scripts.into_iter().map(|s| s.name).collect::<Vec<_>>();
    let cases: Vec<(ListScriptsRequest, Vec<&str>)> = vec![
        (
            ListScriptsRequest {
                script_type: ScriptType::Session as i32,
                ..Default::default()
            },
            vec!["Greeting Flow"],
        ),
        (
            ListScriptsRequest {
                script_type: ScriptType::Awareness as i32,
                ..Default::default()
            },
            vec!["ÉCOUTE active"],
        ),
        (
            ListScriptsRequest {
                status: ScriptStatus::Draft as i32,
                ..Default::default()
            },
            vec!["Greeting Flow", "box_breathing", "ÉCOUTE active"],
        ),
        (
            ListScriptsRequest {
                status: ScriptStatus::Published as i32,
                ..Default::default()
            },
            vec![],
        ),
        (
            ListScriptsRequest {
                tag: "mood".into(),
                ..Default::default()
            },
            vec!["Greeting Flow", "box_breathing"],
        ),
        (
            ListScriptsRequest {
                tag: "moo".into(),
                ..Default::default()
            },
            vec![],
        ),
        (
            ListScriptsRequest {
                author: "li".into(),
                ..Default::default()
            },
            vec!["box_breathing", "ÉCOUTE active"],
        ),
        (
            ListScriptsRequest {
                query: "greeting".into(),
                ..Default::default()
            },
            vec!["Greeting Flow"],
        ),
        (
            ListScriptsRequest {
                query: "GREETING FL".into(),
                ..Default::default()
            },
            vec!["Greeting Flow"],
        ),
        (
            ListScriptsRequest {
                query: "抑郁".into(),
                ..Default::default()
            },
            vec!["Greeting Flow"],
        ),
        (
            ListScriptsRequest {
                query: "écoute".into(),
                ..Default::default()
            },
            vec!["ÉCOUTE active"],
        ),
        (
            ListScriptsRequest {
                query: "100%".into(),
                ..Default::default()
            },
            vec!["ÉCOUTE active"],
        ),
        (
            ListScriptsRequest {
                query: "%".into(),
                ..Default::default()
            },
            vec!["ÉCOUTE active"],
        ),
        (
            ListScriptsRequest {
                query: "x_b".into(),
                ..Default::default()
            },
            vec!["box_breathing"],
        ),
        (
            ListScriptsRequest {
                query: "ox_".into(),
                ..Default::default()
            },
            vec!["box_breathing"],
        ),
        (
            ListScriptsRequest {
                query: "o_b".into(),
                ..Default::default()
            },
            vec![],
        ),
        (
            ListScriptsRequest {
                author: "li".into(),
                tag: "mood".into(),
                ..Default::default()
            },
            vec!["box_breathing"],
        ),
    ];
    for (request, expected) in cases {
        let got = names(list_all(&mut app, request.clone()).await);
        assert_eq!(got, expected, "{request:?}");
    }

    let basic = list_all(
        &mut app,
        ListScriptsRequest {
            author: "wang".into(),
            ..Default::default()
        },
    )
    .await;
    let revision = basic[0].revision.as_ref().unwrap();
    assert!(revision.content.is_empty(), "BASIC view omits content");
    assert_eq!(revision.version, "1.2.0");
    let full = list_all(
        &mut app,
        ListScriptsRequest {
            author: "wang".into(),
            view: ScriptView::Full as i32,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(full[0].revision.as_ref().unwrap().content, SESSION_SCRIPT);

    let status = app
        .scripts
        .list_scripts(ListScriptsRequest {
            status: 9,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violations(&status)[0].0, "status");
}

async fn health_and_reflection_are_served(backend: Backend) {
    let mut app = spawn_app(backend).await;
    assert_eq!(app.health_status("").await, Some(ServingStatus::Serving));
    assert_eq!(
        app.health_status("agentbase.scripts.v1.ScriptService").await,
        Some(ServingStatus::Serving)
    );
    for alpha in [false, true] {
        let services = agentbase_testkit::reflected_services(app.channel.clone(), alpha).await;
        assert!(
            services.iter().any(|s| s == "agentbase.scripts.v1.ScriptService"),
            "{services:?}"
        );
        assert!(services.iter().any(|s| s == "grpc.health.v1.Health"), "{services:?}");
    }
}

async fn oversized_messages_are_refused(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let huge = create("huge", &"x".repeat(5 * 1024 * 1024));
    let status = app.scripts.create_script(huge).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert_eq!(reason(&status), "MESSAGE_TOO_LARGE");
    assert_eq!(app.health_status("").await, Some(ServingStatus::Serving));
}

backend_tests!(
    create_session_script,
    create_technique_and_awareness_scripts,
    invalid_content_is_rejected_with_located_violations,
    request_fields_are_validated,
    duplicate_names_are_already_exists,
    request_id_makes_create_idempotent,
    get_reports_not_found_and_bad_selectors,
    pages_visit_every_script_once_despite_concurrent_inserts,
    tampered_page_tokens_are_invalid,
    filters_narrow_the_list,
    health_and_reflection_are_served,
    oversized_messages_are_refused,
);

// Through PgBouncer in transaction mode too (docs/OPERATIONS.md, "Transaction pooling").
agentbase_testkit::pooled_tests!(
    create_session_script,
    request_id_makes_create_idempotent,
    pages_visit_every_script_once_despite_concurrent_inserts,
    filters_narrow_the_list,
    duplicate_names_are_already_exists
);

/// PostgreSQL goes away (the test's own proxy cuts it): health turns NOT_SERVING,
/// calls fail UNAVAILABLE with RetryInfo, and both recover by themselves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_is_unavailable_and_recovers() {
    let mut app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            through_proxy: true,
            ..Default::default()
        },
    )
    .await;
    app.scripts
        .create_script(create("before", &technique("t")))
        .await
        .unwrap();

    app.proxy.as_ref().unwrap().disable();
    app.wait_for_health(
        "agentbase.scripts.v1.ScriptService",
        ServingStatus::NotServing,
        Duration::from_secs(15),
    )
    .await;
    assert_eq!(app.health_status("").await, Some(ServingStatus::NotServing));
    assert_eq!(
        app.health_status("liveness").await,
        Some(ServingStatus::Serving),
        "an outage is not a reason to restart"
    );
    let status = app
        .scripts
        .create_script(create("during", &technique("t")))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert_eq!(reason(&status), "DATABASE_UNAVAILABLE");
    assert!(status.get_details_retry_info().and_then(|r| r.retry_delay).is_some());
    let status = app
        .scripts
        .list_scripts(ListScriptsRequest::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");

    app.proxy.as_ref().unwrap().enable();
    app.wait_for_health("", ServingStatus::Serving, Duration::from_secs(15))
        .await;
    app.scripts
        .create_script(create("after", &technique("t")))
        .await
        .unwrap();
    let names: Vec<_> = list_all(&mut app, ListScriptsRequest::default())
        .await
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["before", "after"]);
}

/// While the database is away (its connections hang, as behind a network
/// that drops packets), a call does not wait for it: once the health probe
/// has seen the outage, calls answer UNAVAILABLE `DATABASE_UNAVAILABLE` with
/// RetryInfo at once, whatever deadline they carry (issue 31). Calls that a
/// database holds up while it answers its probe end at the default deadline
/// (`faults/pool.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_while_the_database_is_away_answer_unavailable_at_once() {
    let options = AppOptions {
        through_proxy: true,
        env: vec![
            ("AGENTBASE_REQUEST_TIMEOUT_MS".into(), "300".into()),
            ("AGENTBASE_DB_ACQUIRE_TIMEOUT_MS".into(), "10000".into()),
        ],
        ..Default::default()
    };
    let mut app = spawn_app_with(Backend::Postgres, options).await;
    app.proxy.as_ref().unwrap().stall();
    app.wait_for_health(
        "agentbase.scripts.v1.ScriptService",
        ServingStatus::NotServing,
        Duration::from_secs(15),
    )
    .await;
    let started = std::time::Instant::now();
    let status = app
        .scripts
        .list_scripts(ListScriptsRequest::default())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(250),
        "answered at once, not at the deadline: {:?}",
        started.elapsed()
    );
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");
    assert_eq!(
        status.get_details_error_info().map(|info| info.reason),
        Some("DATABASE_UNAVAILABLE".to_owned()),
        "{status:?}"
    );
    assert!(status.get_details_retry_info().is_some(), "{status:?}");
    app.proxy.as_ref().unwrap().enable();
}

/// A retry after a restart on the same SQLite file still finds its request id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("agentbase-restart-{}", uuid::Uuid::now_v7().simple()));
    let options = || AppOptions {
        env: vec![("AGENTBASE_DATA_DIR".into(), dir.display().to_string())],
        ..Default::default()
    };
    let request = CreateScriptRequest {
        request_id: uuid::Uuid::now_v7().to_string(),
        ..create("durable", &technique("t"))
    };
    let mut first = spawn_app_with(Backend::Sqlite, options()).await;
    let created = first.scripts.create_script(request.clone()).await.unwrap().into_inner();
    first.stop().await;
    drop(first);

    let mut second = spawn_app_with(Backend::Sqlite, options()).await;
    let replayed = second.scripts.create_script(request).await.unwrap().into_inner();
    assert_eq!(replayed.id, created.id);
    assert_eq!(list_all(&mut second, ListScriptsRequest::default()).await.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A list request names every bad field at once: its filters and its page
/// size together (the page token is judged only against filters that parse).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_list_requests_name_every_bad_field() {
    use agentbase_proto::scripts::v1::{ListScriptRevisionsRequest, ListScriptsRequest};
    use agentbase_testkit::errors::violated_fields;
    let mut app = spawn_app(Backend::Sqlite).await;
    let bad = app
        .scripts
        .list_scripts(ListScriptsRequest {
            script_type: 42,
            page_size: -5,
            page_token: "garbage!!".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["script_type", "page_size"]);
    let bad = app
        .scripts
        .list_script_revisions(ListScriptRevisionsRequest {
            script_id: "nope".into(),
            page_size: -5,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(violated_fields(&bad), ["script_id", "page_size"]);
}
