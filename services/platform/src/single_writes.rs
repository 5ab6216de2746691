//! Server connections that let HTTP/2 put a whole unary response in one write.
//!
//! h2 keeps a DATA payload of more than 256 bytes out of its write buffer when
//! the connection can write vectored, and has to flush it before it can
//! buffer the next frame. A unary response above 256 bytes (GetSession with
//! its variables is about 500) then left in two writes, its trailers alone in
//! the second: a second system call and loopback delivery on the server, a
//! second wake-up and read on the client (docs/ARCHITECTURE.md). Told the
//! connection does not write vectored, h2 copies payloads of up to 1 KiB into
//! its buffer, and headers, message and trailers leave together.

use std::{
    io,
    pin::Pin,
    task::{Context, Poll},
};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tonic::transport::server::Connected;

/// `T`, reporting that it does not write vectored.
pub struct SingleWrites<T>(pub T);

impl<T: Connected> Connected for SingleWrites<T> {
    type ConnectInfo = T::ConnectInfo;

    fn connect_info(&self) -> Self::ConnectInfo {
        self.0.connect_info()
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for SingleWrites<T> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for SingleWrites<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        false
    }
}
