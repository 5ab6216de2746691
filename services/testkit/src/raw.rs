//! Calls with hand-made request bytes, as a hostile or broken client sends
//! them: the body is not encoded from a typed message, so anything goes.

use std::str::FromStr;

use bytes::{Buf, BufMut};
use http::uri::PathAndQuery;
use tonic::{
    Status,
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
    transport::Channel,
};

/// Sends and receives message bytes as they are.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCodec;

/// Writes the bytes of a request unchanged.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawEncoder;

/// Reads the bytes of a response unchanged.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawDecoder;

impl Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = Status;

    fn encode(&mut self, item: Self::Item, dst: &mut EncodeBuf<'_>) -> Result<(), Self::Error> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawDecoder {
    type Item = Vec<u8>;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Self::Item>, Self::Error> {
        let mut out = vec![0; src.remaining()];
        src.copy_to_slice(&mut out);
        Ok(Some(out))
    }
}

impl Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;

    fn encoder(&mut self) -> Self::Encoder {
        RawEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        RawDecoder
    }
}

/// Calls `path` (`/package.Service/Method`) with `body` as the request
/// message; the answer's bytes on success.
pub async fn call_raw(channel: Channel, path: &str, body: Vec<u8>) -> Result<Vec<u8>, Status> {
    call_raw_as(channel, path, body, None).await
}

/// [`call_raw`] with an `authorization` header.
pub async fn call_raw_as(
    channel: Channel,
    path: &str,
    body: Vec<u8>,
    authorization: Option<&str>,
) -> Result<Vec<u8>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(format!("channel not ready: {e}")))?;
    let path = PathAndQuery::from_str(path).map_err(|e| Status::invalid_argument(e.to_string()))?;
    grpc.unary(request(body, authorization)?, path, RawCodec)
        .await
        .map(tonic::Response::into_inner)
}

fn request(body: Vec<u8>, authorization: Option<&str>) -> Result<tonic::Request<Vec<u8>>, Status> {
    let mut request = tonic::Request::new(body);
    if let Some(value) = authorization {
        let value = value
            .parse()
            .map_err(|_| Status::invalid_argument("authorization is not a header value"))?;
        request.metadata_mut().insert("authorization", value);
    }
    Ok(request)
}

/// Calls the server-streaming method `path` with `body`; the first error the
/// stream carries (at once or as its first item within a second), else `Ok`.
pub async fn call_raw_streaming(channel: Channel, path: &str, body: Vec<u8>) -> Result<(), Status> {
    call_raw_streaming_as(channel, path, body, None).await
}

/// [`call_raw_streaming`] with an `authorization` header.
pub async fn call_raw_streaming_as(
    channel: Channel,
    path: &str,
    body: Vec<u8>,
    authorization: Option<&str>,
) -> Result<(), Status> {
    first_streamed_as(channel, path, body, authorization).await.map(drop)
}

/// Calls the server-streaming method `path` with `body` as
/// [`call_raw_streaming_as`] does; the stream's first item (its bytes) if it
/// sent one within a second.
pub async fn first_streamed_as(
    channel: Channel,
    path: &str,
    body: Vec<u8>,
    authorization: Option<&str>,
) -> Result<Option<Vec<u8>>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(format!("channel not ready: {e}")))?;
    let path = PathAndQuery::from_str(path).map_err(|e| Status::invalid_argument(e.to_string()))?;
    let mut stream = grpc
        .server_streaming(request(body, authorization)?, path, RawCodec)
        .await?
        .into_inner();
    match tokio::time::timeout(std::time::Duration::from_secs(1), stream.message()).await {
        Ok(Err(status)) => Err(status),
        Ok(Ok(first)) => Ok(first),
        Err(_) => Ok(None),
    }
}
