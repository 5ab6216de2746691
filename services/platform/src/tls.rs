//! TLS and mutual TLS on the listener (rustls), with certificates re-read
//! when their files change: Kubernetes rotates a mounted Secret in place, and
//! new connections get the new certificate while open ones keep theirs.
//!
//! With a client CA, every client must present a certificate it signed; the
//! certificate's URI SAN (e.g. a SPIFFE id), else its first DNS SAN, is the
//! caller's principal.

use std::{
    io,
    net::SocketAddr,
    path::{Path, PathBuf},
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
    time::Duration,
};

use crate::watched::Watched;
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::mpsc,
};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        RootCertStore, ServerConfig,
        pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject},
        server::WebPkiClientVerifier,
    },
    server::TlsStream,
};

/// How long a client may take to finish its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshakes that may run at once; further connections wait to be accepted.
const MAX_PENDING_HANDSHAKES: usize = 256;

/// Where the listener's certificate, key and (for mutual TLS) client CA are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSettings {
    /// PEM certificate chain (`AGENTBASE_TLS_CERT_FILE`).
    pub cert_file: PathBuf,
    /// PEM private key (`AGENTBASE_TLS_KEY_FILE`).
    pub key_file: PathBuf,
    /// PEM CA certificates that sign client certificates (`AGENTBASE_TLS_CLIENT_CA_FILE`);
    /// set, every client must present one.
    pub client_ca_file: Option<PathBuf>,
}

/// The certificate files could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct TlsError {
    /// The file at fault.
    pub file: String,
    /// What is wrong with it.
    pub problem: String,
}

/// How a client reaches a TLS server: the CA it trusts and, for mutual TLS,
/// the certificate it presents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTls {
    /// PEM CA certificates the server's certificate must chain to.
    pub ca_file: PathBuf,
    /// PEM certificate chain and key presented to the server (mutual TLS).
    pub identity: Option<(PathBuf, PathBuf)>,
}

impl ClientTls {
    fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.ca_file.clone()];
        if let Some((cert, key)) = &self.identity {
            files.extend([cert.clone(), key.clone()]);
        }
        files
    }
}

/// A lazily connected channel to another service, over TLS when configured;
/// rebuilt (for the calls that follow) when the CA or client certificate
/// files change, so a rotated client certificate is presented without a restart.
pub struct ClientChannel {
    endpoint: String,
    tls: Option<ClientTls>,
    channel: Watched<tonic::transport::Channel>,
}

impl ClientChannel {
    /// A channel to `endpoint` (`http://…`, or `https://…` with `tls`); a
    /// bad URI or an unreadable certificate file is an error at start.
    pub fn new(endpoint: &str, tls: Option<ClientTls>) -> Result<Self, String> {
        let channel = client_channel(endpoint, tls.as_ref())?;
        let files = tls.as_ref().map(ClientTls::files).unwrap_or_default();
        Ok(Self {
            endpoint: endpoint.to_owned(),
            tls,
            channel: Watched::new("client TLS certificate", files, channel),
        })
    }

    /// The channel for the next call.
    pub fn current(&self) -> tonic::transport::Channel {
        self.channel
            .current(|| client_channel(&self.endpoint, self.tls.as_ref()))
            .0
    }
}

fn client_channel(endpoint: &str, tls: Option<&ClientTls>) -> Result<tonic::transport::Channel, String> {
    use tonic::transport::{Certificate, ClientTlsConfig, Endpoint, Identity};
    let mut channel = Endpoint::from_shared(endpoint.to_owned())
        .map_err(|e| format!("`{endpoint}` is not a URI: {e}"))?
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5));
    if let Some(tls) = tls {
        let read = |file: &Path| std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()));
        let mut config = ClientTlsConfig::new().ca_certificate(Certificate::from_pem(read(&tls.ca_file)?));
        if let Some((cert, key)) = &tls.identity {
            config = config.identity(Identity::from_pem(read(cert)?, read(key)?));
        }
        channel = channel
            .tls_config(config)
            .map_err(|e| format!("TLS for `{endpoint}`: {e}"))?;
    }
    Ok(channel.connect_lazy())
}

/// The verified identity of a connection's client, put in each request's extensions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerIdentity {
    /// The client certificate's URI SAN, else its first DNS SAN.
    pub principal: Option<String>,
    /// The client's address.
    pub remote: Option<SocketAddr>,
}

/// The current server configuration, rebuilt when a file changes.
pub struct TlsSource {
    settings: TlsSettings,
    config: Watched<Arc<ServerConfig>>,
}

impl TlsSource {
    /// Loads the files; an unreadable or invalid one is an error at start.
    pub fn new(settings: TlsSettings) -> Result<Self, TlsError> {
        let config = build(&settings)?;
        let files = [
            Some(&settings.cert_file),
            Some(&settings.key_file),
            settings.client_ca_file.as_ref(),
        ];
        let files = files.into_iter().flatten().cloned().collect();
        Ok(Self {
            config: Watched::new("TLS certificate", files, config),
            settings,
        })
    }

    /// Whether clients must present certificates.
    pub fn is_mutual(&self) -> bool {
        self.settings.client_ca_file.is_some()
    }

    /// The configuration for the next handshake (see [`Watched`]).
    pub fn current(&self) -> Arc<ServerConfig> {
        self.config.current(|| build(&self.settings)).0
    }
}

fn problem(file: &Path, problem: impl ToString) -> TlsError {
    TlsError {
        file: file.display().to_string(),
        problem: problem.to_string(),
    }
}

fn build(settings: &TlsSettings) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let chain = read_certificates(&settings.cert_file)?;
    let key = PrivateKeyDer::from_pem_file(&settings.key_file).map_err(|e| problem(&settings.key_file, e))?;
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| problem(&settings.cert_file, e))?;
    let builder = match &settings.client_ca_file {
        Some(ca_file) => {
            let mut roots = RootCertStore::empty();
            for certificate in read_certificates(ca_file)? {
                roots.add(certificate).map_err(|e| problem(ca_file, e))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| problem(ca_file, e))?;
            builder.with_client_cert_verifier(Arc::new(NamedClients(verifier)))
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder
        .with_single_cert(chain, key)
        .map_err(|e| problem(&settings.cert_file, e))?;
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(Arc::new(config))
}

/// A client certificate the CA signed is accepted only if it names its
/// holder ([`principal_of`]): a call's principal is who the audit trail
/// records and what two-person approval compares, so a certificate without
/// a usable identity fails the handshake instead of becoming `anonymous`.
#[derive(Debug)]
struct NamedClients(Arc<dyn tokio_rustls::rustls::server::danger::ClientCertVerifier>);

impl tokio_rustls::rustls::server::danger::ClientCertVerifier for NamedClients {
    fn root_hint_subjects(&self) -> &[tokio_rustls::rustls::DistinguishedName] {
        self.0.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: tokio_rustls::rustls::pki_types::UnixTime,
    ) -> Result<tokio_rustls::rustls::server::danger::ClientCertVerified, tokio_rustls::rustls::Error> {
        let verified = self.0.verify_client_cert(end_entity, intermediates, now)?;
        if principal_of(end_entity).is_none() {
            return Err(tokio_rustls::rustls::Error::InvalidCertificate(
                tokio_rustls::rustls::CertificateError::ApplicationVerificationFailure,
            ));
        }
        Ok(verified)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &tokio_rustls::rustls::DigitallySignedStruct,
    ) -> Result<tokio_rustls::rustls::client::danger::HandshakeSignatureValid, tokio_rustls::rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &tokio_rustls::rustls::DigitallySignedStruct,
    ) -> Result<tokio_rustls::rustls::client::danger::HandshakeSignatureValid, tokio_rustls::rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<tokio_rustls::rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }

    fn offer_client_auth(&self) -> bool {
        self.0.offer_client_auth()
    }

    fn client_auth_mandatory(&self) -> bool {
        self.0.client_auth_mandatory()
    }
}

/// The certificates of a PEM file (at least one).
pub fn read_certificates(file: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certificates = CertificateDer::pem_file_iter(file)
        .map_err(|e| problem(file, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| problem(file, e))?;
    if certificates.is_empty() {
        return Err(problem(file, "holds no PEM certificate"));
    }
    Ok(certificates)
}

/// The principal a client certificate names: its URI SAN, else its first DNS SAN.
pub fn principal_of(certificate: &CertificateDer<'_>) -> Option<String> {
    use x509_parser::{extensions::GeneralName, prelude::FromDer};
    let (_, parsed) = x509_parser::certificate::X509Certificate::from_der(certificate.as_ref()).ok()?;
    let names = parsed.subject_alternative_name().ok()??.value.general_names.clone();
    let uri = names.iter().find_map(|name| match name {
        GeneralName::URI(uri) => Some((*uri).to_owned()),
        _ => None,
    });
    uri.or_else(|| {
        names.iter().find_map(|name| match name {
            GeneralName::DNSName(dns) => Some((*dns).to_owned()),
            _ => None,
        })
    })
}

/// One TLS connection, with its client's identity.
pub struct TlsConnection {
    stream: TlsStream<TcpStream>,
    identity: PeerIdentity,
}

impl tonic::transport::server::Connected for TlsConnection {
    type ConnectInfo = PeerIdentity;

    fn connect_info(&self) -> PeerIdentity {
        self.identity.clone()
    }
}

impl AsyncRead for TlsConnection {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsConnection {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// Accepts connections on `listener` and completes their handshakes apart,
/// so a slow or hostile client delays no other; failed handshakes (no
/// client certificate, another CA, not TLS) are dropped and logged.
pub fn incoming(
    listener: TcpListener,
    source: Arc<TlsSource>,
) -> tokio_stream::wrappers::ReceiverStream<io::Result<TlsConnection>> {
    let (sender, receiver) = mpsc::channel(64);
    let handshakes = Arc::new(tokio::sync::Semaphore::new(MAX_PENDING_HANDSHAKES));
    tokio::spawn(async move {
        loop {
            let Ok(permit) = handshakes.clone().acquire_owned().await else {
                return;
            };
            let (tcp, remote) = match listener.accept().await {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %err, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            if sender.is_closed() {
                return;
            }
            let _ = tcp.set_nodelay(true);
            let acceptor = TlsAcceptor::from(source.current());
            let sender = sender.clone();
            tokio::spawn(async move {
                let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await;
                drop(permit);
                let stream = match handshake {
                    Ok(Ok(stream)) => stream,
                    Ok(Err(err)) => {
                        tracing::debug!(error = %err, %remote, "TLS handshake failed");
                        return;
                    }
                    Err(_) => {
                        tracing::debug!(%remote, "TLS handshake timed out");
                        return;
                    }
                };
                let principal = stream
                    .get_ref()
                    .1
                    .peer_certificates()
                    .and_then(|chain| chain.first())
                    .and_then(principal_of);
                let identity = PeerIdentity {
                    principal,
                    remote: Some(remote),
                };
                let _ = sender.send(Ok(TlsConnection { stream, identity })).await;
            });
        }
    });
    tokio_stream::wrappers::ReceiverStream::new(receiver)
}
