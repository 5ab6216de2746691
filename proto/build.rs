//! Compiles the contracts under `agentbase/` with protox (pure Rust, no system
//! protoc) and generates prost messages plus tonic clients and servers. The
//! encoded descriptor set is written next to the code so servers can offer
//! reflection.

use std::{env, fs, io, path::PathBuf};

const PROTO_FILES: &[&str] = &[
    "agentbase/auth/v1/access.proto",
    "agentbase/audit/v1/audit.proto",
    "agentbase/scripts/v1/scripts.proto",
    "agentbase/scripts/v1/projects.proto",
    "agentbase/scripts/v1/labels.proto",
    "agentbase/sessions/v1/sessions.proto",
    "agentbase/evaluation/v1/evaluation.proto",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);
    let mut compiler = protox::Compiler::new(["."])?;
    compiler
        .include_source_info(true)
        .include_imports(true)
        .open_files(PROTO_FILES)?;
    // Encoded by the compiler itself, which keeps custom method options
    // (`agentbase.auth.v1.access`); prost_types would drop them.
    fs::write(
        out_dir.join("agentbase_descriptor.bin"),
        compiler.encode_file_descriptor_set(),
    )?;
    let descriptors = compiler.file_descriptor_set();
    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(descriptors)
        .map_err(|e: io::Error| Box::new(e) as Box<dyn std::error::Error>)?;
    println!("cargo:rerun-if-changed=agentbase");
    Ok(())
}
