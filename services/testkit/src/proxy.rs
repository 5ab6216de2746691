//! A TCP proxy a test owns, to take "the database" away and give it back
//! without touching a server other tests share.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU8, Ordering},
    },
};

use tokio::{
    net::{TcpListener, TcpStream},
    sync::watch,
    task::JoinHandle,
};

const FORWARD: u8 = 0;
const REFUSE: u8 = 1;
const STALL: u8 = 2;

/// Forwards 127.0.0.1:<port> to a target; can refuse or stall instead.
pub struct TcpProxy {
    address: SocketAddr,
    mode: Arc<AtomicU8>,
    generation: watch::Sender<u64>,
    acceptor: JoinHandle<()>,
}

impl TcpProxy {
    /// Starts forwarding to `target` (`host:port`).
    pub async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let address = listener.local_addr().expect("proxy address");
        let mode = Arc::new(AtomicU8::new(FORWARD));
        let (generation, _) = watch::channel(0u64);
        let acceptor = {
            let mode = mode.clone();
            let generation = generation.clone();
            tokio::spawn(async move {
                while let Ok((inbound, _)) = listener.accept().await {
                    let mut cut = generation.subscribe();
                    match mode.load(Ordering::SeqCst) {
                        REFUSE => {
                            drop(inbound);
                            continue;
                        }
                        STALL => {
                            // Hold the connection open without a byte of answer, until the next change.
                            tokio::spawn(async move {
                                let _held = inbound;
                                let _ = cut.changed().await;
                            });
                            continue;
                        }
                        _ => {}
                    }
                    let target = target.clone();
                    tokio::spawn(async move {
                        let Ok(mut outbound) = TcpStream::connect(&target).await else {
                            return;
                        };
                        let mut inbound = inbound;
                        tokio::select! {
                            _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                            _ = cut.changed() => {}
                        }
                    });
                }
            })
        };
        Self {
            address,
            mode,
            generation,
            acceptor,
        }
    }

    /// The proxy's `host:port`.
    pub fn host_port(&self) -> String {
        self.address.to_string()
    }

    /// Cuts every open connection and refuses new ones, as if the database stopped.
    pub fn disable(&self) {
        self.switch(REFUSE);
    }

    /// Cuts every open connection and leaves new ones hanging unanswered, as if
    /// the network to the database dropped packets.
    pub fn stall(&self) {
        self.switch(STALL);
    }

    /// Forwards connections again, as if the database came back.
    pub fn enable(&self) {
        self.switch(FORWARD);
    }

    fn switch(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
        self.generation.send_modify(|g| *g += 1);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.disable();
        self.acceptor.abort();
    }
}
