//! agentbase's protobuf contracts, compiled at build time.
//!
//! This crate owns the generated messages, clients and servers, and the encoded
//! descriptor set used for reflection. It holds no behaviour: services
//! implement the generated traits in their own crates.

/// The access rule every method declares (`agentbase.auth.v1.access`).
pub mod auth {
    /// Version 1 of the access option.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        tonic::include_proto!("agentbase.auth.v1");
    }
}

/// The audit trail every context keeps (`agentbase.audit.v1`).
pub mod audit {
    /// Version 1 of the audit contract.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        tonic::include_proto!("agentbase.audit.v1");
    }
}

/// The scripts & projects context (`agentbase.scripts.v1`).
pub mod scripts {
    /// Version 1 of the scripts contract.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        tonic::include_proto!("agentbase.scripts.v1");
    }
}

/// The sessions context (`agentbase.sessions.v1`).
pub mod sessions {
    /// Version 1 of the sessions contract.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        tonic::include_proto!("agentbase.sessions.v1");
    }
}

/// The evaluation context (`agentbase.evaluation.v1`).
pub mod evaluation {
    /// Version 1 of the evaluation contract.
    pub mod v1 {
        #![allow(missing_docs, clippy::all)]
        tonic::include_proto!("agentbase.evaluation.v1");
    }
}

/// The encoded `FileDescriptorSet` of every agentbase contract, for reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/agentbase_descriptor.bin"));
