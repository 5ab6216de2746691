//! Bearer tokens for servers that require them (`AGENTBASE_AUTH=jwt`),
//! signed with a test HS256 secret the server reads from a file.

use std::{
    path::{Path, PathBuf},
    time::SystemTime,
};

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};

/// The issuer test servers require.
pub const ISSUER: &str = "https://issuer.test";
/// The audience test servers require.
pub const AUDIENCE: &str = "agentbase";
/// The HS256 secret test servers verify with.
pub const SECRET: &str = "a-test-secret-that-is-at-least-32-bytes-long";
/// Every scope the services define.
pub const EVERY_SCOPE: [&str; 11] = [
    "scripts.read",
    "scripts.write",
    "scripts.publish",
    "scripts.promote",
    "scripts.admin",
    "sessions.read",
    "sessions.write",
    "sessions.admin",
    "evaluation.read",
    "evaluation.write",
    "evaluation.admin",
];

/// The `sub` of the tokens [`claims`] makes.
pub const SUBJECT: &str = "spiffe://test/caller";

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// `claims` signed with HS256 and `secret`.
pub fn token(secret: &str, claims: serde_json::Value) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

/// Valid claims for [`SUBJECT`] granting `scopes`.
pub fn claims(scopes: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "iss": ISSUER, "aud": AUDIENCE, "sub": SUBJECT,
        "exp": now() + 600, "nbf": now() - 10, "scope": scopes.join(" ")
    })
}

/// A fresh directory holding the HS256 secret file.
pub fn key_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agentbase-keys-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hs256.secret"), SECRET).unwrap();
    dir
}

/// The settings of a server that requires tokens signed with the secret in `dir`,
/// plus `key_source` (`AGENTBASE_JWT_HS256_SECRET_FILE` by default).
pub fn jwt_env(dir: &Path, key_source: Option<(String, String)>) -> Vec<(String, String)> {
    vec![
        ("AGENTBASE_AUTH".into(), "jwt".into()),
        ("AGENTBASE_JWT_ISSUER".into(), ISSUER.into()),
        ("AGENTBASE_JWT_AUDIENCE".into(), AUDIENCE.into()),
        key_source.unwrap_or_else(|| {
            (
                "AGENTBASE_JWT_HS256_SECRET_FILE".into(),
                dir.join("hs256.secret").display().to_string(),
            )
        }),
    ]
}

/// `message` with `authorization: Bearer <token>`.
pub fn bearer<T>(token: &str, message: T) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    let value = format!("Bearer {token}").parse().unwrap();
    request.metadata_mut().insert("authorization", value);
    request
}

/// `message` with a valid token granting `scopes`.
pub fn with_token<T>(scopes: &[&str], message: T) -> tonic::Request<T> {
    bearer(&token(SECRET, claims(scopes)), message)
}

/// A test-only Ed25519 key (PKCS#8 DER, hex).
pub const ED_KEY_1: &str =
    "302e020100300506032b6570042204206124577b09fd7c4f6a2443b3dd6ca24c13ff483db3c317d662a99117d2032cd1";
/// [`ED_KEY_1`]'s public half (JWK `x`).
pub const ED_PUBLIC_1: &str = "Spqt1Gdp4Qy06RBVtvmGR8t3Wu7R3a0M0vb0ERDbHqQ";
/// A second test-only Ed25519 key.
pub const ED_KEY_2: &str =
    "302e020100300506032b657004220420064f157823b76da6f971378cc7b682ae8150e02dee98206de67f21f921022c3e";
/// [`ED_KEY_2`]'s public half.
pub const ED_PUBLIC_2: &str = "5kCvtw2Q6XvmyaRX9hxDOajA_Y2gmYZDxIDvHC0KyV4";

/// A token for `scopes` signed with the Ed25519 key `private_hex` under `kid`.
pub fn ed_token(private_hex: &str, kid: &str, scopes: &[&str]) -> String {
    let der: Vec<u8> = (0..private_hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&private_hex[i..i + 2], 16).unwrap())
        .collect();
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.to_owned());
    encode(&header, &claims(scopes), &EncodingKey::from_ed_der(&der)).unwrap()
}

/// A JWKS document holding the Ed25519 public key `x` under `kid`.
pub fn jwks(kid: &str, x: &str) -> String {
    serde_json::json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "alg": "EdDSA", "kid": kid, "use": "sig"}]})
        .to_string()
}
