//! The sessions context's view of ScriptService, reached over gRPC only.

use std::sync::Arc;

use agentbase_platform::ids::LabelName;
use agentbase_platform::tls::{ClientChannel, ClientTls};
use agentbase_proto::scripts::v1::{
    GetScriptRequest, ScriptStatus, ScriptView, get_script_request::Selector,
    script_service_client::ScriptServiceClient,
};
use tonic::Code;
use tonic_types::StatusExt as _;
use tracing::Instrument;
use uuid::Uuid;

use crate::error::Error;

/// Asks ScriptService whether a script can start a session, and at which revision.
#[derive(Clone)]
pub struct ScriptDirectory {
    channel: Arc<ClientChannel>,
    token_file: Option<std::path::PathBuf>,
    in_this_process: bool,
}

impl ScriptDirectory {
    /// A directory talking to `endpoint` (e.g. `http://scripts:50051`, or
    /// `https://…` with `tls`); connects on first use. With `token_file`,
    /// each call carries the bearer token the file holds (read per call, so
    /// a rotated token is used at once).
    pub fn connect_lazy(
        endpoint: &str,
        token_file: Option<std::path::PathBuf>,
        tls: Option<ClientTls>,
    ) -> Result<Self, String> {
        let channel = ClientChannel::new(endpoint, tls).map_err(|e| format!("AGENTBASE_SCRIPTS_ENDPOINT: {e}"))?;
        Ok(Self {
            channel: Arc::new(channel),
            token_file,
            in_this_process: false,
        })
    }

    /// Marks the calls as made from within a call this process admitted,
    /// for an endpoint served by this very process, so that they are not
    /// admitted a second time ([`agentbase_platform::call_layer::NestedCall`]).
    pub fn served_by_this_process(mut self) -> Self {
        self.in_this_process = true;
        self
    }

    /// The revision a new session of `script_id` pins: the one `label`
    /// points at now, or else the current one; the script must exist and not
    /// be archived.
    pub async fn revision_to_pin(&self, script_id: Uuid, label: Option<&LabelName>) -> Result<i32, Error> {
        let mut request = tonic::Request::new(GetScriptRequest {
            selector: Some(Selector::Id(script_id.to_string())),
            revision: 0,
            view: ScriptView::Basic as i32,
            label: label.map(|label| label.as_str().to_owned()).unwrap_or_default(),
        });
        // A client span (OpenTelemetry RPC conventions) parented to the caller's
        // server span; its context travels in the request metadata.
        let span = tracing::info_span!(
            "grpc.client",
            otel.name = "agentbase.scripts.v1.ScriptService/GetScript",
            otel.kind = "client",
            rpc.system = "grpc",
            rpc.service = "agentbase.scripts.v1.ScriptService",
            rpc.method = "GetScript",
        );
        if let Some(file) = &self.token_file {
            let token = std::fs::read_to_string(file).map_err(|err| {
                tracing::warn!(error = %err, file = %file.display(), "cannot read the token for ScriptService");
                Error::ScriptsUnavailable
            })?;
            let value = format!("Bearer {}", token.trim()).parse().map_err(|_| {
                tracing::warn!(file = %file.display(), "the token for ScriptService is not a header value");
                Error::ScriptsUnavailable
            })?;
            request.metadata_mut().insert("authorization", value);
        }
        // The script is looked for in the caller's tenant, whatever the
        // tenant of this service's own token (docs/SECURITY.md, "Tenants").
        if let Ok(tenant) = agentbase_platform::tenant::current().parse() {
            request
                .metadata_mut()
                .insert(agentbase_platform::tenant::HEADER, tenant);
        }
        if self.in_this_process {
            use agentbase_platform::call_layer::NestedCall;
            if let Ok(mark) = NestedCall::key().parse() {
                request.metadata_mut().insert(NestedCall::HEADER, mark);
            }
        }
        let mut client = ScriptServiceClient::new(self.channel.current());
        let answer = async move {
            agentbase_platform::telemetry::inject_trace_context(request.metadata_mut());
            client.get_script(request).await
        }
        .instrument(span)
        .await;
        match answer {
            Ok(script) => {
                let script = script.into_inner();
                if script.status == ScriptStatus::Archived as i32 {
                    Err(Error::ScriptNotFound {
                        script_id: script_id.to_string(),
                        cause: "archived",
                    })
                } else if label.is_some() {
                    script
                        .revision
                        .map(|revision| revision.revision)
                        .ok_or(Error::ScriptsUnavailable)
                } else {
                    Ok(script.current_revision)
                }
            }
            Err(status)
                if status.code() == Code::NotFound
                    && status
                        .get_details_error_info()
                        .is_some_and(|info| info.reason == "LABEL_NOT_FOUND") =>
            {
                Err(Error::ScriptLabelNotFound {
                    script_id: script_id.to_string(),
                    label: label.map(|label| label.as_str().to_owned()).unwrap_or_default(),
                })
            }
            Err(status) if status.code() == Code::NotFound => Err(Error::ScriptNotFound {
                script_id: script_id.to_string(),
                cause: "missing",
            }),
            Err(status) => {
                tracing::warn!(code = ?status.code(), message = status.message(), "ScriptService call failed");
                Err(Error::ScriptsUnavailable)
            }
        }
    }
}
