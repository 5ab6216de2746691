//! Every RPC of every service, found from the descriptor set, is sent what a
//! broken or hostile client sends: random bytes, invalid UTF-8, NUL
//! characters, 10,000-character strings, documents nested 1,000 deep, NaN,
//! and messages over the inbound limit. No answer may be INTERNAL or
//! UNKNOWN, every error carries ErrorInfo, and the server stays healthy.

use agentbase_platform::{intake::max_string_bytes, server::MAX_INBOUND_MESSAGE_BYTES};
use agentbase_testkit::{
    Backend, ServingStatus, backend_tests,
    raw::{call_raw, call_raw_streaming},
    spawn_app,
};
use prost::Message;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MessageDescriptor, Value};
use tonic::{Code, Status};
use tonic_types::StatusExt;

/// What a case must be answered with, beyond "not INTERNAL, with ErrorInfo".
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Any answer.
    Anything,
    /// INVALID_ARGUMENT.
    Invalid,
    /// INVALID_ARGUMENT with reason MALFORMED_REQUEST.
    Malformed,
    /// RESOURCE_EXHAUSTED.
    TooLarge,
}

struct Case {
    label: String,
    body: Vec<u8>,
    expect: Expect,
}

/// A small deterministic generator (xorshift64*), so a failure can be replayed.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

fn varint(mut value: u64, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn nested_value(levels: usize) -> prost_types::Value {
    (0..levels).fold(
        prost_types::Value {
            kind: Some(prost_types::value::Kind::NumberValue(1.0)),
        },
        |inner, _| prost_types::Value {
            kind: Some(prost_types::value::Kind::ListValue(prost_types::ListValue {
                values: vec![inner],
            })),
        },
    )
}

fn with_field(input: &MessageDescriptor, field: &prost_reflect::FieldDescriptor, value: Value) -> Vec<u8> {
    let mut message = DynamicMessage::new(input.clone());
    let value = if field.is_list() {
        Value::List(vec![value])
    } else {
        value
    };
    message.set_field(field, value);
    message.encode_to_vec()
}

fn cases(input: &MessageDescriptor, noise: &mut Noise, random_bodies: usize, oversize: bool) -> Vec<Case> {
    let mut cases = Vec::new();
    for i in 0..random_bodies {
        let len = 1 + (noise.next() % 300) as usize;
        cases.push(Case {
            label: format!("random body {i}"),
            body: noise.bytes(len),
            expect: Expect::Anything,
        });
    }
    for field in input.fields() {
        let name = field.name().to_owned();
        match field.kind() {
            Kind::String if !field.is_map() => {
                let mut body = Vec::new();
                varint(u64::from(field.number()) << 3 | 2, &mut body);
                body.extend_from_slice(&[3, 0xff, 0xfe, 0x80]);
                cases.push(Case {
                    label: format!("{name}: invalid UTF-8"),
                    body,
                    expect: Expect::Malformed,
                });
                cases.push(Case {
                    label: format!("{name}: NUL"),
                    body: with_field(input, &field, Value::String("a\0b".into())),
                    expect: Expect::Invalid,
                });
                cases.push(Case {
                    label: format!("{name}: 10,000 characters"),
                    body: with_field(input, &field, Value::String("x".repeat(10_000))),
                    expect: if max_string_bytes(&name) < 10_000 {
                        Expect::Invalid
                    } else {
                        Expect::Anything
                    },
                });
                if oversize && !cases.iter().any(|c| c.expect == Expect::TooLarge) {
                    cases.push(Case {
                        label: format!("{name}: over the inbound limit"),
                        body: with_field(input, &field, Value::String("x".repeat(MAX_INBOUND_MESSAGE_BYTES + 16))),
                        expect: Expect::TooLarge,
                    });
                }
            }
            Kind::Double if !field.is_list() => {
                cases.push(Case {
                    label: format!("{name}: NaN"),
                    body: with_field(input, &field, Value::F64(f64::NAN)),
                    expect: Expect::Invalid,
                });
            }
            Kind::Message(message) => match message.full_name() {
                "google.protobuf.Struct" | "google.protobuf.Value" => {
                    let (deep, nan) = if message.full_name() == "google.protobuf.Value" {
                        (
                            nested_value(1_000).encode_to_vec(),
                            prost_types::Value {
                                kind: Some(prost_types::value::Kind::NumberValue(f64::INFINITY)),
                            }
                            .encode_to_vec(),
                        )
                    } else {
                        let wrap = |value| prost_types::Struct {
                            fields: [("k".to_owned(), value)].into(),
                        };
                        (
                            wrap(nested_value(1_000)).encode_to_vec(),
                            wrap(prost_types::Value {
                                kind: Some(prost_types::value::Kind::NumberValue(f64::NAN)),
                            })
                            .encode_to_vec(),
                        )
                    };
                    for (label, bytes, expect) in [
                        ("nested 1,000 deep", deep, Expect::Malformed),
                        ("NaN inside", nan, Expect::Invalid),
                    ] {
                        let mut body = Vec::new();
                        varint(u64::from(field.number()) << 3 | 2, &mut body);
                        varint(bytes.len() as u64, &mut body);
                        body.extend_from_slice(&bytes);
                        cases.push(Case {
                            label: format!("{name}: {label}"),
                            body,
                            expect,
                        });
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    cases
}

fn judge(case: &Case, answer: Result<(), Status>) -> Option<String> {
    let status = match answer {
        Ok(()) if matches!(case.expect, Expect::Anything) => return None,
        Ok(()) => return Some(format!("answered OK, expected {:?}", case.expect)),
        Err(status) => status,
    };
    if matches!(status.code(), Code::Internal | Code::Unknown) {
        return Some(format!("{:?}: {}", status.code(), status.message()));
    }
    let Some(info) = status.get_details_error_info() else {
        return Some(format!("{:?} without ErrorInfo", status.code()));
    };
    let fits = match case.expect {
        Expect::Anything => true,
        Expect::Invalid => status.code() == Code::InvalidArgument,
        Expect::Malformed => status.code() == Code::InvalidArgument && info.reason == "MALFORMED_REQUEST",
        Expect::TooLarge => status.code() == Code::ResourceExhausted,
    };
    if !fits {
        return Some(format!(
            "expected {:?}, got {:?} {}: {}",
            case.expect,
            status.code(),
            info.reason,
            status.message()
        ));
    }
    if status.message().len() > 400 {
        return Some(format!("a {}-byte message", status.message().len()));
    }
    None
}

async fn every_rpc_survives_bad_input(backend: Backend) {
    let mut app = spawn_app(backend).await;
    let pool = DescriptorPool::decode(agentbase_proto::FILE_DESCRIPTOR_SET).unwrap();
    let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
    let random_bodies = super::counts(4, 40);
    let oversize_every = super::counts(8, 1);
    let mut failures = Vec::new();
    let (mut calls, mut methods) = (0, 0);
    for service in pool.services().filter(|s| s.full_name().starts_with("agentbase.")) {
        for method in service.methods() {
            let path = format!("/{}/{}", service.full_name(), method.name());
            let oversize = methods % oversize_every == 0;
            methods += 1;
            for case in cases(&method.input(), &mut noise, random_bodies, oversize) {
                let answer = if method.is_server_streaming() {
                    call_raw_streaming(app.channel.clone(), &path, case.body.clone()).await
                } else {
                    call_raw(app.channel.clone(), &path, case.body.clone())
                        .await
                        .map(|_| ())
                };
                calls += 1;
                if let Some(problem) = judge(&case, answer) {
                    failures.push(format!("{path} [{}]: {problem}", case.label));
                }
            }
        }
    }
    println!(
        "bad-input sweep ({backend:?}): {methods} methods, {calls} calls, {} failures, peak RSS {:.0} MiB",
        failures.len(),
        super::peak_rss_mib()
    );
    assert!(methods >= 60, "the descriptor set lists every RPC ({methods})");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(app.health_status("").await, Some(ServingStatus::Serving));
}

backend_tests!(every_rpc_survives_bad_input);
