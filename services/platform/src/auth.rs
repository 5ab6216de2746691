//! Who is calling: `authorization: Bearer` tokens verified against the
//! configured keys (a JWKS file and/or an HS256 secret file, both re-read
//! when they change), and the scopes they carry.
//!
//! Verification uses `jsonwebtoken`; nothing here is hand-written crypto.
//! Only the algorithms the configured keys can check are accepted, so
//! `alg: none` and algorithm confusion are refused by construction.

use std::{
    collections::{BTreeSet, HashMap},
    path::PathBuf,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime},
};

use crate::watched::Watched;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header, jwk::JwkSet};
use prost_reflect::ReflectMessage;

/// How much clock skew `exp` and `nbf` tolerate.
pub const LEEWAY: Duration = Duration::from_secs(30);

/// Verified tokens kept, so a caller's repeated token is checked once.
const CACHE_ENTRIES: usize = 10_000;

/// How bearer tokens are verified (`AGENTBASE_JWT_*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtSettings {
    /// A JWKS document with the public keys (RS*, PS*, ES*, EdDSA).
    pub jwks_file: Option<PathBuf>,
    /// A file holding the shared HS256 secret.
    pub hs256_secret_file: Option<PathBuf>,
    /// The required `iss`.
    pub issuer: String,
    /// The required `aud`.
    pub audience: String,
    /// The claim naming the end user a service acts for (e.g. `act`), if any.
    pub actor_claim: Option<String>,
    /// The claim naming the caller's tenant (`tenant` unless configured).
    pub tenant_claim: String,
    /// Whether a token without the tenant claim is refused; otherwise it
    /// belongs to [`crate::tenant::DEFAULT`].
    pub tenant_required: bool,
}

/// The verified caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The token's `sub`: the calling service.
    pub subject: String,
    /// Granted scopes (`scope`, space-separated, or `scp`, an array).
    pub scopes: BTreeSet<String>,
    /// The end user named by the actor claim, when configured and present.
    pub actor: Option<String>,
    /// The token's `exp`, in seconds since the Unix epoch.
    pub expires_at: u64,
    /// The tenant whose data the caller may see ([`crate::tenant`]).
    pub tenant: String,
}

impl Principal {
    /// Whether the principal was granted `scope`.
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.contains(scope)
    }
}

/// The method option that declares a method's [`Access`] in the contract
/// (`proto/agentbase/auth/v1/access.proto`).
pub const ACCESS_OPTION: &str = "agentbase.auth.v1.access";

/// What a method requires of its caller's token, as its contract declares it
/// ([`ACCESS_OPTION`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// The scope every call needs, e.g. `scripts.read`.
    pub scope: String,
    /// The scope a request needs instead when its [`OWNER_FIELD`] is empty
    /// (listing every user's sessions is an administrator's view).
    pub cross_user_needs: Option<String>,
    /// The kind of resource the method reads or changes, as its audit events name it.
    pub resource: String,
    /// Whether the method changes nothing: it is not audited and the
    /// token's actor is not stamped into its request.
    pub read_only: bool,
}

/// A method's access option names no scope or no resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{method} declares no access rule ({ACCESS_OPTION} with a scope and a resource)")]
pub struct MissingAccess {
    /// The method, `package.Service/Method`.
    pub method: String,
}

/// The access rules of the served contracts cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum AccessRulesError {
    /// The descriptor sets do not decode.
    #[error("descriptors: {0}")]
    Descriptors(#[from] prost_reflect::DescriptorError),
    /// These methods declare no access rule.
    #[error("methods without an access rule ({ACCESS_OPTION}): {}", .0.join(", "))]
    Undeclared(Vec<String>),
}

impl Access {
    /// The rule `method` declares, or why it has none.
    pub fn declared(method: &prost_reflect::MethodDescriptor) -> Result<Self, MissingAccess> {
        let missing = || MissingAccess {
            method: format!("{}/{}", method.parent_service().full_name(), method.name()),
        };
        let extension = method
            .parent_pool()
            .get_extension_by_name(ACCESS_OPTION)
            .ok_or_else(missing)?;
        let options = method.options();
        if !options.has_extension(&extension) {
            return Err(missing());
        }
        let rule = options.get_extension(&extension);
        let rule = rule.as_message().ok_or_else(missing)?;
        let text = |name: &str| {
            rule.get_field_by_name(name)
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        let access = Self {
            scope: text("scope"),
            cross_user_needs: Some(text("cross_user_needs")).filter(|scope| !scope.is_empty()),
            resource: text("resource"),
            read_only: rule
                .get_field_by_name("read_only")
                .and_then(|value| value.as_bool())
                .unwrap_or(false),
        };
        if access.scope.is_empty() || access.resource.is_empty() {
            return Err(missing());
        }
        Ok(access)
    }

    /// The rule of every method of every service in `descriptor_sets`, by
    /// path (`/package.Service/Method`). Every method of an agentbase
    /// contract (package `agentbase.`) must declare one: the ones that do not
    /// are the error, so a server never starts with a method it would refuse.
    pub fn of_every_method(
        descriptor_sets: &[&[u8]],
    ) -> Result<std::collections::HashMap<String, Access>, AccessRulesError> {
        let mut pool = prost_reflect::DescriptorPool::new();
        for set in descriptor_sets {
            pool.decode_file_descriptor_set(*set)?;
        }
        let mut rules = std::collections::HashMap::new();
        let mut undeclared = Vec::new();
        for method in pool
            .services()
            .flat_map(|service| service.methods().collect::<Vec<_>>())
        {
            let path = format!("/{}/{}", method.parent_service().full_name(), method.name());
            match Access::declared(&method) {
                Ok(access) => {
                    rules.insert(path, access);
                }
                Err(missing) if path.starts_with("/agentbase.") => undeclared.push(missing.method),
                Err(_) => {}
            }
        }
        if undeclared.is_empty() {
            Ok(rules)
        } else {
            undeclared.sort();
            Err(AccessRulesError::Undeclared(undeclared))
        }
    }

    /// The scope the method needs whatever its request says: the one a call
    /// is held to when its request cannot be looked at (a client stream).
    pub fn strictest(&self) -> &str {
        self.cross_user_needs.as_deref().unwrap_or(&self.scope)
    }

    /// The scope `request` needs.
    pub fn required(&self, request: &prost_reflect::DynamicMessage) -> &str {
        match &self.cross_user_needs {
            Some(admin)
                if request
                    .get_field_by_name(OWNER_FIELD)
                    .is_none_or(|v| v.as_str() == Some("")) =>
            {
                admin
            }
            _ => &self.scope,
        }
    }
}

/// The request field of a read that names whose data it is about. A read
/// whose request has it spans every user when it is empty, and must declare
/// the scope that needs (`cross_user_needs`).
pub const OWNER_FIELD: &str = "user_id";

use crate::audit::ACTOR_FIELDS;

/// Puts the token's actor into the request's actor fields, which it wins
/// over; whether anything changed.
pub fn act_for(principal: &Principal, request: &mut prost_reflect::DynamicMessage) -> bool {
    let Some(actor) = &principal.actor else {
        return false;
    };
    let mut changed = false;
    for name in ACTOR_FIELDS {
        if let Some(field) = request.descriptor().get_field_by_name(name)
            && request.get_field(&field).as_str() != Some(actor.as_str())
        {
            request.set_field(&field, prost_reflect::Value::String(actor.clone()));
            changed = true;
        }
    }
    changed
}

/// Whether a call is an end user's ([`crate::tenant::OWN_SCOPE`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndUser {
    /// The token's scopes grant the call as a service's: no end user.
    NotOne,
    /// An end user's call, confined to the user the token's `sub` names;
    /// `stamped` when the request's own `user_id` was empty and now names them.
    Confined {
        /// The user.
        user: String,
        /// Whether the request was changed.
        stamped: bool,
    },
    /// An end user's call naming another user in its `user_id`.
    NamesAnother,
}

/// Whether `principal` calls a method of `access` as an end user: it holds
/// [`crate::tenant::OWN_SCOPE`] but not the method's own scope, which is
/// `sessions.read` or `sessions.write`. Such a call is about its own user:
/// an empty [`OWNER_FIELD`] of `request` is set to the token's subject, and
/// one naming anybody else is refused.
pub fn as_end_user(principal: &Principal, access: &Access, request: &mut prost_reflect::DynamicMessage) -> EndUser {
    let own_kind = matches!(access.scope.as_str(), "sessions.read" | "sessions.write");
    if !own_kind || principal.has(&access.scope) || !principal.has(crate::tenant::OWN_SCOPE) {
        return EndUser::NotOne;
    }
    let user = principal.subject.clone();
    let Some(field) = request.descriptor().get_field_by_name(OWNER_FIELD) else {
        return EndUser::Confined { user, stamped: false };
    };
    match request.get_field(&field).as_str() {
        Some(named) if named == user => EndUser::Confined { user, stamped: false },
        Some("") | None => {
            request.set_field(&field, prost_reflect::Value::String(user.clone()));
            EndUser::Confined { user, stamped: true }
        }
        Some(_) => EndUser::NamesAnother,
    }
}

/// Why a request carries no usable identity. The text is safe to return.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `authorization: Bearer …` header.
    #[error("the call carries no bearer token")]
    Missing,
    /// The token cannot be accepted.
    #[error("the bearer token is not valid: {0}")]
    Invalid(&'static str),
}

/// The configured keys could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {problem}")]
pub struct KeyError {
    /// The file at fault.
    pub file: String,
    /// What is wrong with it.
    pub problem: String,
}

struct Keys {
    /// JWKS keys with their algorithm, by `kid` (keys without one under "").
    public: HashMap<String, (DecodingKey, Algorithm)>,
    hmac: Option<DecodingKey>,
}

/// Verifies bearer tokens; cheap to share behind an `Arc`.
pub struct Verifier {
    settings: JwtSettings,
    keys: Watched<Arc<Keys>>,
    /// Verified tokens, each with the keys it was verified against: an entry
    /// of other keys than the current ones is not served, even one a call
    /// inserted after a reload it raced with.
    cache: Mutex<HashMap<String, Verified>>,
}

/// A cached verification: who the token names, and the keys that said so.
struct Verified {
    principal: Arc<Principal>,
    keys: Arc<Keys>,
}

impl Verifier {
    /// Loads the keys; an unreadable or invalid file is an error at start.
    pub fn new(settings: JwtSettings) -> Result<Self, KeyError> {
        let keys = Arc::new(load(&settings, Start::FilesRequired)?);
        let files = [&settings.jwks_file, &settings.hs256_secret_file];
        let files = files.into_iter().flatten().cloned().collect();
        Ok(Self {
            keys: Watched::new("token keys", files, keys),
            settings,
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// The principal of `authorization` (the header's value, if any).
    pub fn verify(&self, authorization: Option<&str>) -> Result<Arc<Principal>, AuthError> {
        let token = authorization
            .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(AuthError::Missing)?;
        // The keys first: a verification cached under a key that has since
        // left the files must not outlive the reload that removed it.
        let (keys, reloaded) = self.keys.current(|| load(&self.settings, Start::Running).map(Arc::new));
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if reloaded {
            cache.clear();
        }
        if let Some(verified) = cache.get(token)
            && Arc::ptr_eq(&verified.keys, &keys)
            && unix_now() <= verified.principal.expires_at.saturating_add(LEEWAY.as_secs())
        {
            return Ok(verified.principal.clone());
        }
        drop(cache);
        let principal = Arc::new(self.check(&keys, token)?);
        let mut cache = self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(
            token.to_owned(),
            Verified {
                principal: principal.clone(),
                keys,
            },
        );
        Ok(principal)
    }

    fn check(&self, keys: &Keys, token: &str) -> Result<Principal, AuthError> {
        let header =
            decode_header(token).map_err(|_| AuthError::Invalid("malformed token or unsupported algorithm"))?;
        let key = match header.alg {
            Algorithm::HS256 => keys.hmac.as_ref(),
            alg => {
                let kid = header.kid.clone().unwrap_or_default();
                keys.public
                    .get(&kid)
                    .or_else(|| {
                        (keys.public.len() == 1 && kid.is_empty())
                            .then(|| keys.public.values().next())
                            .flatten()
                    })
                    .filter(|(_, key_alg)| *key_alg == alg)
                    .map(|(key, _)| key)
            }
        }
        .ok_or(AuthError::Invalid("no key for its algorithm and key id"))?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_audience(&[&self.settings.audience]);
        validation.leeway = LEEWAY.as_secs();
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        let data = decode::<serde_json::Map<String, serde_json::Value>>(token, key, &validation).map_err(|err| {
            use jsonwebtoken::errors::ErrorKind;
            AuthError::Invalid(match err.kind() {
                ErrorKind::ExpiredSignature => "expired",
                ErrorKind::ImmatureSignature => "not valid yet",
                ErrorKind::InvalidAudience => "wrong audience",
                ErrorKind::InvalidIssuer => "wrong issuer",
                ErrorKind::InvalidSignature => "bad signature",
                ErrorKind::MissingRequiredClaim(_) => "a required claim is missing",
                _ => "rejected",
            })
        })?;
        let claims = data.claims;
        // RFC 7519 allows only a string here; an array that merely contains
        // the trusted issuer is not that issuer.
        if !claims.get("iss").is_some_and(serde_json::Value::is_string) {
            return Err(AuthError::Invalid("wrong issuer"));
        }
        let text = |name: &str| claims.get(name).and_then(serde_json::Value::as_str).map(str::to_owned);
        let subject = text("sub").ok_or(AuthError::Invalid("a required claim is missing"))?;
        // Writes are recorded under the subject, and two-person approval
        // compares subjects: a blank or invisible one names nobody.
        if !names_someone(&subject) {
            return Err(AuthError::Invalid("the subject (`sub`) names nobody"));
        }
        let mut scopes: BTreeSet<String> = text("scope")
            .map(|scope| scope.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        if let Some(serde_json::Value::Array(items)) = claims.get("scp") {
            scopes.extend(items.iter().filter_map(serde_json::Value::as_str).map(str::to_owned));
        }
        // A present actor claim must name someone: a malformed one must not
        // leave the request's own actor fields to name whoever the caller likes.
        let actor = match self.settings.actor_claim.as_deref().and_then(|claim| claims.get(claim)) {
            None => None,
            Some(serde_json::Value::String(actor)) if names_someone(actor) => Some(actor.clone()),
            // RFC 8693: `act` is an object whose `sub` names the actor.
            Some(serde_json::Value::Object(act)) => match act.get("sub") {
                Some(serde_json::Value::String(actor)) if names_someone(actor) => Some(actor.clone()),
                _ => return Err(AuthError::Invalid("the actor claim names nobody")),
            },
            Some(_) => return Err(AuthError::Invalid("the actor claim names nobody")),
        };
        let tenant = match claims.get(&self.settings.tenant_claim) {
            None if self.settings.tenant_required => {
                return Err(AuthError::Invalid("the tenant claim is missing"));
            }
            None => crate::tenant::DEFAULT.to_owned(),
            Some(serde_json::Value::String(tenant)) if crate::tenant::is_valid(tenant) => tenant.clone(),
            Some(_) => return Err(AuthError::Invalid("the tenant claim names no valid tenant")),
        };
        let expires_at = claims.get("exp").and_then(serde_json::Value::as_u64).unwrap_or(0);
        Ok(Principal {
            subject,
            scopes,
            actor,
            expires_at,
            tenant,
        })
    }
}

/// Whether `name` (a subject, an actor) names someone: it has a letter or
/// a digit, and no character that hides or reorders what is shown, so that
/// what an audit reader sees is what was verified.
pub fn names_someone(name: &str) -> bool {
    !name.chars().any(is_hidden) && name.chars().any(char::is_alphanumeric)
}

/// A character that shows nothing or changes how its neighbours show:
/// control and format characters (bidirectional overrides, zero-width
/// joiners, variation selectors, tags), Hangul fillers, blank braille.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{2800}'
            | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Whether the key files must all be there (at start) or a removed one
/// means its keys are gone (while running: removing a key file revokes
/// what it signed; a file that is there but does not load keeps the last
/// good keys, as a half-written rotation would).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    FilesRequired,
    Running,
}

fn load(settings: &JwtSettings, start: Start) -> Result<Keys, KeyError> {
    let read = |path: &PathBuf| {
        std::fs::read(path).map_err(|err| KeyError {
            file: path.display().to_string(),
            problem: err.to_string(),
        })
    };
    let removed = |path: &PathBuf| {
        let gone = start == Start::Running && !path.exists();
        if gone {
            tracing::warn!(file = %path.display(), "a key file was removed: its keys are revoked");
        }
        gone
    };
    let mut public = HashMap::new();
    if let Some(path) = settings.jwks_file.as_ref().filter(|path| !removed(path)) {
        let problem = |problem: String| KeyError {
            file: path.display().to_string(),
            problem,
        };
        let set: JwkSet = serde_json::from_slice(&read(path)?).map_err(|e| problem(format!("not a JWKS: {e}")))?;
        for jwk in &set.keys {
            let algorithm = jwk
                .common
                .key_algorithm
                .and_then(|alg| alg.to_string().parse::<Algorithm>().ok())
                .ok_or_else(|| problem("every key needs an `alg` the server can verify".into()))?;
            let key = DecodingKey::from_jwk(jwk).map_err(|e| problem(format!("unusable key: {e}")))?;
            public.insert(jwk.common.key_id.clone().unwrap_or_default(), (key, algorithm));
        }
    }
    let hmac = match settings.hs256_secret_file.as_ref().filter(|path| !removed(path)) {
        Some(path) => {
            let secret = read(path)?;
            let secret = secret.trim_ascii();
            if secret.len() < 32 {
                return Err(KeyError {
                    file: path.display().to_string(),
                    problem: "an HS256 secret needs at least 32 bytes".into(),
                });
            }
            Some(DecodingKey::from_secret(secret).map_err(|e| KeyError {
                file: path.display().to_string(),
                problem: e.to_string(),
            })?)
        }
        None => None,
    };
    Ok(Keys { public, hmac })
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests;
