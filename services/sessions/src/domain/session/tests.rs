//! Tests of `session`.

use super::*;

#[test]
fn terminal_statuses_are_final() {
    assert_eq!(
        SessionStatus::Active.transition(SessionStatus::Completed),
        Ok(SessionStatus::Completed)
    );
    assert_eq!(
        SessionStatus::Paused.transition(SessionStatus::Active),
        Ok(SessionStatus::Active)
    );
    assert_eq!(
        SessionStatus::Completed.transition(SessionStatus::Active),
        Err(SessionRefusal::Ended)
    );
    assert_eq!(
        SessionStatus::Failed.transition(SessionStatus::Failed),
        Ok(SessionStatus::Failed)
    );
    assert!(SessionStatus::Completed.check_open().is_err());
}

#[test]
fn execution_follows_the_session() {
    assert_eq!(
        ExecutionStatus::Completed.transition(ExecutionStatus::Running),
        Err(SessionRefusal::Ended)
    );
    assert_eq!(
        ExecutionStatus::Error.transition(ExecutionStatus::Running),
        Ok(ExecutionStatus::Running)
    );
    assert_eq!(
        ExecutionStatus::implied_by(SessionStatus::Completed),
        Some(ExecutionStatus::Completed)
    );
    assert_eq!(
        ExecutionStatus::implied_by(SessionStatus::Failed),
        Some(ExecutionStatus::Error)
    );
    assert_eq!(ExecutionStatus::implied_by(SessionStatus::Active), None);
}

#[test]
fn moves_clear_the_right_scopes() {
    let at = |phase, topic| Position {
        phase_index: phase,
        topic_index: topic,
        ..Default::default()
    };
    assert_eq!(at(0, 0).scopes_cleared_by_move(&at(1, 0)), [Scope::Phase, Scope::Topic]);
    assert_eq!(at(0, 0).scopes_cleared_by_move(&at(0, 2)), [Scope::Topic]);
    assert!(at(0, 0).scopes_cleared_by_move(&at(0, 0)).is_empty());
}

#[test]
fn value_types_are_derived() {
    assert_eq!(value_type(&serde_json::json!("x")), "string");
    assert_eq!(value_type(&serde_json::json!(1.5)), "number");
    assert_eq!(value_type(&serde_json::json!({"a": 1})), "object");
    assert_eq!(value_type(&serde_json::json!(null)), "null");
}
