//! Compiles the contracts under `agentbase/` with protox (pure Rust, no system
//! protoc) and generates prost messages plus tonic clients and servers. The
//! encoded descriptor set is written next to the code so servers can offer
//! reflection.

use std::{env, fs, io, path::PathBuf};

use protox::prost::Message;

const PROTO_FILES: &[&str] = &[
    "agentbase/audit/v1/audit.proto",
    "agentbase/scripts/v1/scripts.proto",
    "agentbase/scripts/v1/projects.proto",
    "agentbase/scripts/v1/labels.proto",
    "agentbase/sessions/v1/sessions.proto",
    "agentbase/evaluation/v1/evaluation.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let descriptors = protox::compile(PROTO_FILES, ["."])?;
    fs::write(out_dir.join("agentbase_descriptor.bin"), descriptors.encode_to_vec())?;
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(descriptors)
        .map_err(|e: io::Error| Box::new(e) as Box<dyn std::error::Error>)?;
    println!("cargo:rerun-if-changed=agentbase");
    Ok(())
}
