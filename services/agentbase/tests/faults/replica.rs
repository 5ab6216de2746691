//! Read-your-writes through a read replica (issue 39; docs/OPERATIONS.md,
//! "Read replicas"): a real streaming standby takes the sessions context's
//! hot reads. A write answers a consistency token; a read that sends it back
//! never sees older than that write. Without a token a read may be stale: how
//! often, right after a write, is measured here.

use std::time::{Duration, Instant};

use agentbase_proto::sessions::v1::{
    AppendMessagesRequest, GetSessionRequest, ListMessagesRequest, MessageRole, NewMessage,
};
use agentbase_testkit::{AppOptions, Backend, TestApp, postgres::PrivateCluster, spawn_app_with};
use tonic::{Request, metadata::MetadataValue};

use super::counts;

const TOKEN: &str = "agentbase-consistency-token";

/// The sum of the `agentbase_replica_reads_total` series served by `by`.
async fn replica_reads(app: &TestApp, by: &str) -> u64 {
    app.scrape_metrics()
        .await
        .lines()
        .filter(|line| {
            line.starts_with("agentbase_replica_reads_total{") && line.contains(&format!("served_by=\"{by}\""))
        })
        .filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_with_a_token_never_see_older_than_their_write() {
    let pairs = counts(1_000, 5_000);
    // The standby applies each commit 10 ms after the primary made it: a
    // replica a little behind, as under load, within the 20 ms a read with
    // a token waits for it.
    let (primary, standby) = tokio::task::spawn_blocking(|| {
        let (primary, standby) = PrivateCluster::start_with_standby()?;
        standby.configure("recovery_min_apply_delay = '10ms'")?;
        Ok::<_, String>((primary, standby))
    })
    .await
    .unwrap()
    .unwrap();
    let app = spawn_app_with(
        Backend::Postgres,
        AppOptions {
            env: vec![
                ("AGENTBASE_DATABASE_URL".into(), primary.url()),
                ("AGENTBASE_READ_DATABASE_URL".into(), standby.url()),
            ],
            ..Default::default()
        },
    )
    .await;
    let session = agentbase_testkit::fixtures::session(&app).await;
    let mut sessions = app.sessions.clone();

    let append = |content: String| AppendMessagesRequest {
        session_id: session.id.clone(),
        messages: vec![NewMessage {
            role: MessageRole::User as i32,
            content,
            ..Default::default()
        }],
        ..Default::default()
    };
    let started = Instant::now();
    let mut stale_with_token = Vec::new();
    let mut expected = 0;
    for pair in 0..pairs {
        let written = sessions
            .append_messages(append(format!("with token {pair}")))
            .await
            .unwrap();
        expected += 1;
        let token = written
            .metadata()
            .get(TOKEN)
            .expect("a write answers a consistency token")
            .to_str()
            .unwrap()
            .to_owned();
        let token: MetadataValue<_> = token.parse().unwrap();
        // Alternate the two hottest reads.
        let seen = if pair % 2 == 0 {
            let mut read = Request::new(GetSessionRequest { id: session.id.clone() });
            read.metadata_mut().insert(TOKEN, token);
            sessions.get_session(read).await.unwrap().into_inner().message_count
        } else {
            let mut read = Request::new(ListMessagesRequest {
                session_id: session.id.clone(),
                page_size: 1,
                descending: true,
                ..Default::default()
            });
            read.metadata_mut().insert(TOKEN, token);
            let page = sessions.list_messages(read).await.unwrap().into_inner();
            page.messages.first().map_or(0, |m| m.seq)
        };
        if seen < expected {
            stale_with_token.push((pair, seen, expected));
        }
    }
    let with_token = started.elapsed();
    let by_replica = replica_reads(&app, "replica").await;
    let by_primary = replica_reads(&app, "primary").await;

    let mut stale_without_token = 0;
    for pair in 0..pairs {
        sessions
            .append_messages(append(format!("without token {pair}")))
            .await
            .unwrap();
        expected += 1;
        let seen = sessions
            .get_session(GetSessionRequest { id: session.id.clone() })
            .await
            .unwrap()
            .into_inner()
            .message_count;
        if seen < expected {
            stale_without_token += 1;
        }
    }
    // A replica further behind than a read waits for: the primary answers.
    let standby = tokio::task::spawn_blocking(move || {
        standby.configure("recovery_min_apply_delay = '100ms'")?;
        Ok::<_, String>(standby)
    })
    .await
    .unwrap()
    .unwrap();
    let behind = counts(100, 500);
    let primary_before = replica_reads(&app, "primary").await;
    let mut stale_when_behind = 0;
    for pair in 0..behind {
        let written = sessions
            .append_messages(append(format!("far behind {pair}")))
            .await
            .unwrap();
        expected += 1;
        let token: MetadataValue<_> = written
            .metadata()
            .get(TOKEN)
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let mut read = Request::new(GetSessionRequest { id: session.id.clone() });
        read.metadata_mut().insert(TOKEN, token);
        if sessions.get_session(read).await.unwrap().into_inner().message_count < expected {
            stale_when_behind += 1;
        }
    }
    let sent_to_primary = replica_reads(&app, "primary").await - primary_before;

    let mut refused = Request::new(GetSessionRequest { id: session.id.clone() });
    refused.metadata_mut().insert(TOKEN, "not-a-position".parse().unwrap());
    let refused = sessions.get_session(refused).await.unwrap_err();
    assert_eq!(refused.code(), tonic::Code::InvalidArgument);
    assert_eq!(
        agentbase_testkit::errors::reason_in(&refused, "sessions.agentbase"),
        "INVALID_CONSISTENCY_TOKEN"
    );

    println!(
        "read replica: {pairs} write-then-read pairs with tokens in {with_token:.1?}: {} stale; reads served by the \
         replica {by_replica}, by the primary {by_primary}; {pairs} pairs without a token: {stale_without_token} \
         stale ({:.1} %); {behind} pairs with tokens on a replica 100 ms behind: {stale_when_behind} stale, \
         {sent_to_primary} answered by the primary",
        stale_with_token.len(),
        100.0 * stale_without_token as f64 / pairs as f64
    );
    let exported = app.scrape_metrics().await;
    assert!(
        exported.contains("agentbase_replica_lag_bytes{context=\"sessions\"}"),
        "no replica lag metric:\n{exported}"
    );
    assert!(stale_with_token.is_empty(), "{stale_with_token:?}");
    assert_eq!(stale_when_behind, 0);
    assert!(
        sent_to_primary > 0,
        "a replica 100 ms behind answered every read in time"
    );
    assert!(by_replica > 0, "the replica served no read: nothing was shown");
    // A replica that is away: within a probe interval its reads go to the
    // primary at once (they waited out the connect timeout, 5 s each).
    let standby = tokio::task::spawn_blocking(move || {
        standby.stop("immediate")?;
        Ok::<_, String>(standby)
    })
    .await
    .unwrap()
    .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut slowest = Duration::ZERO;
    for _ in 0..10 {
        let started = std::time::Instant::now();
        let mut read = Request::new(GetSessionRequest { id: session.id.clone() });
        read.set_timeout(Duration::from_secs(2));
        assert_eq!(
            sessions.get_session(read).await.unwrap().into_inner().message_count,
            expected
        );
        slowest = slowest.max(started.elapsed());
    }
    let exported = app.scrape_metrics().await;
    assert!(
        exported.contains("agentbase_replica_reachable{context=\"sessions\"} 0"),
        "the replica's absence is not exported:\n{exported}"
    );
    println!("read replica stopped: 10 reads answered by the primary, slowest {slowest:?}");
    assert!(
        slowest < Duration::from_secs(1),
        "a read waited {slowest:?} for a replica that is away"
    );
    drop(app);
    drop((primary, standby));
    tokio::time::sleep(Duration::from_millis(10)).await;
}
