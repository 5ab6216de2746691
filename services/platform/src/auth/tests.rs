//! Tests of `auth`.

use super::*;

#[test]
fn names_are_visible_and_free_of_control_characters() {
    for nobody in [
        "",
        "  ",
        "\t",
        "\u{A0}",
        "\u{3000}",
        "\u{200B}",
        "\u{FEFF}",
        "svc\0",
        "svc\n",
        "\u{202E}yrallam",
        "\u{3164}",
        "\u{2800}",
        "\u{301}",
        "\u{E0041}",
        "\u{1D173}",
        "-",
        "__",
    ] {
        assert!(!names_someone(nobody), "{nobody:?}");
    }
    for someone in ["svc-a", "spiffe://cluster/ns/x/sa/y", "李", " padded "] {
        assert!(names_someone(someone), "{someone:?}");
    }
}

/// Every method of every agentbase service, with what it declares.
fn declared(set: &[u8]) -> Vec<(String, Result<Access, MissingAccess>, prost_reflect::MethodDescriptor)> {
    let pool = prost_reflect::DescriptorPool::decode(set).unwrap();
    pool.services()
        .filter(|service| service.full_name().starts_with("agentbase."))
        .flat_map(|service| service.methods().collect::<Vec<_>>())
        .map(|method| (method.name().to_owned(), Access::declared(&method), method))
        .collect()
}

#[test]
fn every_method_of_every_contract_declares_its_access() {
    let methods = declared(agentbase_proto::FILE_DESCRIPTOR_SET);
    assert!(methods.len() > 80, "{} methods", methods.len());
    let undeclared: Vec<&str> = methods
        .iter()
        .filter(|(_, access, _)| access.is_err())
        .map(|(name, _, _)| name.as_str())
        .collect();
    assert!(undeclared.is_empty(), "no access rule: {undeclared:?}");
    assert!(Access::of_every_method(&[agentbase_proto::FILE_DESCRIPTOR_SET]).is_ok());
}

#[test]
fn a_method_whose_access_option_is_removed_is_named() {
    use prost::Message;
    use prost_reflect::{DynamicMessage, Value};
    // Edit the encoded descriptor set as a message, so every other
    // method keeps its option (prost_types would drop them all).
    let pool = prost_reflect::DescriptorPool::global();
    let set_type = pool.get_message_by_name("google.protobuf.FileDescriptorSet").unwrap();
    let mut set = DynamicMessage::decode(set_type, agentbase_proto::FILE_DESCRIPTOR_SET).unwrap();
    let mut removed = None;
    if let Some(Value::List(files)) = set.get_field_by_name_mut("file") {
        for file in files.iter_mut() {
            let Value::Message(file) = file else { continue };
            if file
                .get_field_by_name("name")
                .and_then(|v| v.as_str().map(str::to_owned))
                .as_deref()
                != Some("agentbase/sessions/v1/sessions.proto")
            {
                continue;
            }
            let Some(Value::List(services)) = file.get_field_by_name_mut("service") else {
                continue;
            };
            let Some(Value::Message(service)) = services.first_mut() else {
                continue;
            };
            let Some(Value::List(methods)) = service.get_field_by_name_mut("method") else {
                continue;
            };
            let Some(Value::Message(method)) = methods.get_mut(1) else {
                continue;
            };
            removed = method
                .get_field_by_name("name")
                .and_then(|v| v.as_str().map(str::to_owned));
            method.clear_field_by_name("options");
        }
    }
    let removed = removed.expect("a method to strip");
    let edited = set.encode_to_vec();
    let methods = declared(&edited);
    let undeclared: Vec<&str> = methods
        .iter()
        .filter(|(_, access, _)| access.is_err())
        .map(|(name, _, _)| name.as_str())
        .collect();
    assert_eq!(undeclared, [removed.as_str()]);
    match Access::of_every_method(&[&edited]) {
        Err(AccessRulesError::Undeclared(methods)) => {
            assert_eq!(methods, [format!("agentbase.sessions.v1.SessionService/{removed}")]);
        }
        other => panic!("expected the stripped method to be named, got {other:?}"),
    }
}

/// The contract's own naming convention (AIP-131…136): these verbs only read.
const READ_VERBS: [&str; 7] = ["Get", "List", "Search", "Watch", "Diff", "Compare", "Validate"];

#[test]
fn declared_rules_agree_with_the_contract() {
    for (name, access, method) in declared(agentbase_proto::FILE_DESCRIPTOR_SET) {
        let access = access.unwrap();
        let context = method
            .parent_service()
            .package_name()
            .split('.')
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(
            access.scope.starts_with(&format!("{context}.")),
            "{name}: scope {} is not of {context}",
            access.scope
        );
        // A read is named as one, and a method named as a read changes nothing.
        assert_eq!(
            access.read_only,
            READ_VERBS.iter().any(|verb| name.starts_with(verb)),
            "{name}"
        );
        // A read whose request names whose data it reads must say what
        // reading everyone's needs, so no new read can forget it.
        let has_owner = method
            .input()
            .get_field_by_name(OWNER_FIELD)
            .is_some_and(|field| matches!(field.kind(), prost_reflect::Kind::String) && !field.is_list());
        assert_eq!(
            access.cross_user_needs.is_some(),
            access.read_only && has_owner,
            "{name}: cross_user_needs"
        );
    }
    let search = declared(agentbase_proto::FILE_DESCRIPTOR_SET)
        .into_iter()
        .find(|(name, _, _)| name == "SearchMemories")
        .unwrap();
    let access = search.1.unwrap();
    let request = prost_reflect::DynamicMessage::new(search.2.input());
    assert_eq!(access.required(&request), "sessions.admin");
    assert_eq!(access.strictest(), "sessions.admin");
}
