//! The shapes gitleaks leaves to other tools: credentials in URLs,
//! `Authorization`/`Bearer` credentials, secret `name: value` pairs, command
//! line flags, prefixed provider keys and long high-entropy tokens (see
//! `shapes`).

use std::ops::Range;

use regex::bytes::Regex;

use super::{compile, shannon_entropy};

/// The shapes gitleaks leaves to other tools (see the module documentation).
pub(super) struct OwnShapes {
    /// `Authorization: <scheme> <credentials>` and `Bearer <token>`.
    authorization: Regex,
    /// `name: value` / `name=value` on one line; the name decides.
    pair: Regex,
    /// `the password is …`.
    spoken: Regex,
    /// `--password …`, `--api-key=…` on a command line.
    flag: Regex,
    /// Commands whose own short flags take a password: `mysql -p…`,
    /// `redis-cli -a …`, `sshpass -p …`, `docker login -p …`, `aws configure
    /// set <secret> …`, Oracle's `user/password@`, ODBC's `PWD={…}`.
    commands: Vec<Regex>,
    /// `密码：…`, `密码是 …`.
    chinese: Regex,
    /// Public key material, which long random runs inside are not secrets:
    /// certificate and public key blocks, SSH public keys.
    public: Regex,
    /// `<password>…</password>`.
    element: Regex,
    /// Provider key prefixes gitleaks has no rule for (or only beside the
    /// provider's name): `sk-…` (OpenAI's older keys, OpenRouter, DeepSeek
    /// and others), Mailgun's `key-…`, Supabase `sbp_…`, Braintree's
    /// `access_token$production$…`, Airtable's `pat….…`.
    prefixed: Regex,
    /// A URL's userinfo, query and fragment.
    url: Regex,
    /// A run of key characters (dots split: domains, file and model names).
    token: Regex,
}

impl OwnShapes {
    pub(super) fn new() -> Result<Self, String> {
        let build = |pattern: &str| compile(pattern).map_err(|e| format!("{pattern}: {e}"));
        Ok(Self {
            authorization: build(
                r#"(?i)(?:\bauthorization["']?[ \t]*[:=][ \t]*["']?(?:[A-Za-z][A-Za-z0-9_-]*[ \t]+)?|\bbearer[ \t]+)([A-Za-z0-9._~+/=:-]{6,})"#,
            )?,
            pair: build(
                r#"(?i)\b([a-z][a-z0-9_.-]{0,48})["']?[ \t]*(?::|=|=>)[ \t]*["']?([^\s"',;<>()\[\]{}&=]{4,})"#,
            )?,
            spoken: build(
                r#"(?i)\b(?:password|passwd|passphrase|secret|token|api[ _-]?key)[ \t]+(?:is|was)[ \t]+["']?([^\s"',;]{4,})"#,
            )?,
            flag: build(
                r#"(?i)(?:^|\s)--?(?:password|passwd|pass|passphrase|token|api-?key|secret|client-secret|auth-token|access-token)(?:=|[ \t]+)["']?([^\s"']{4,})"#,
            )?,
            commands: [
                r"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?[ \t]-p([^\s-][^\s]*)",
                r"\bredis-cli\b[^\n]*?[ \t]-a[ \t]+([^\s]+)",
                r"\bsshpass[ \t]+-p[ \t]*([^\s]+)",
                r"\b(?:docker|podman|helm|oras|buildah|skopeo)[ \t]+(?:registry[ \t]+)?login\b[^\n]*?[ \t](?:-p|--password)(?:=|[ \t]+)([^\s]+)",
                r"(?i)\bconfigure[ \t]+set[ \t]+[\w.]*(?:secret|token|password|key)[\w.]*[ \t]+([^\s]+)",
                r"(?i)(?:jdbc:oracle:thin:|sqlplus[ \t]+)[^\s/@:]*/([^\s@]+)@",
                r"(?i)\b(?:pwd|password)[ \t]*=[ \t]*\{([^}\n]*)\}",
            ]
            .into_iter()
            .map(build)
            .collect::<Result<_, _>>()?,
            // The value's characters are ASCII: the rules read bytes, and a
            // negated class cannot name the CJK punctuation that ends it.
            chinese: build(r"(?:密码|口令|密钥|令牌)[ \t]*(?:是|为|:|：|=)[ \t]*([A-Za-z0-9!#$%&*+./=?@^_~-]{4,})")?,
            public: build(
                r"(?s)-----BEGIN (?:CERTIFICATE|PUBLIC KEY|RSA PUBLIC KEY|OPENSSH PUBLIC KEY|PGP PUBLIC KEY BLOCK)-----.*?-----END [A-Z ]+-----|\b(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+|sk-ssh-ed25519@openssh\.com)[ \t]+AAAA[0-9A-Za-z+/=]+",
            )?,
            element: build(r"<([A-Za-z_][\w.-]{0,48})>([^<\n]{1,512})</([A-Za-z_][\w.-]{0,48})>")?,
            prefixed: build(
                r"\b(sk-[A-Za-z0-9_-]{20,}|key-[0-9a-f]{32}|sbp_[0-9a-f]{40}|access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}|pat[A-Za-z0-9]{14}\.[0-9a-f]{64})\b",
            )?,
            // The userinfo runs to the last `@` before the path: a password may hold one.
            url: build(r"(?i)\b[a-z][a-z0-9+.-]{1,15}://([^\s/?#]*@)?[^\s/?#]*[^\s?#]*(\?[^\s#]*)?(#[^\s]*)?")?,
            token: build(r"[A-Za-z0-9_+/=-]{20,}")?,
        })
    }

    pub(super) fn find(&self, text: &[u8], into: &mut Vec<Range<usize>>) {
        for captures in self.authorization.captures_iter(text) {
            // `Bearer realm="…"` is a challenge's parameter, not a credential.
            into.extend(
                captures
                    .get(1)
                    .filter(|m| !is_scheme(m.as_bytes()) && !is_plain_word(m.as_bytes()))
                    .filter(|m| text.get(m.end()) != Some(&b'"'))
                    .map(|m| m.range()),
            );
        }
        for captures in self.pair.captures_iter(text) {
            let (Some(name), Some(value)) = (captures.get(1), captures.get(2)) else {
                continue;
            };
            let name = String::from_utf8_lossy(name.as_bytes());
            if crate::domain::secrets::is_secret_key(&name)
                && !is_scheme(value.as_bytes())
                && !looks_like_a_setting(value.as_bytes())
                && !is_plain_word(value.as_bytes())
            {
                into.push(value.start()..through_ampersands(text, value.end()));
            }
        }
        for captures in self.spoken.captures_iter(text) {
            if let Some(value) = captures.get(1)
                && value
                    .as_bytes()
                    .iter()
                    .any(|b| b.is_ascii_digit() || !b.is_ascii_alphanumeric())
            {
                into.push(value.range());
            }
        }
        for captures in self.flag.captures_iter(text) {
            into.extend(
                captures
                    .get(1)
                    .filter(|m| !looks_like_a_setting(m.as_bytes()) && !is_plain_word(m.as_bytes()))
                    .map(|m| m.range()),
            );
        }
        for regex in self.commands.iter().chain([&self.chinese]) {
            for captures in regex.captures_iter(text) {
                into.extend(
                    captures
                        .get(1)
                        .filter(|m| !m.is_empty() && !looks_like_a_setting(m.as_bytes()))
                        .map(|m| m.range()),
                );
            }
        }
        for captures in self.element.captures_iter(text) {
            let (Some(open), Some(value), Some(close)) = (captures.get(1), captures.get(2), captures.get(3)) else {
                continue;
            };
            let name = String::from_utf8_lossy(open.as_bytes());
            if open.as_bytes() == close.as_bytes()
                && crate::domain::secrets::is_secret_key(&name)
                && !looks_like_a_setting(value.as_bytes())
            {
                into.push(value.range());
            }
        }
        for prefixed in self.prefixed.find_iter(text) {
            into.push(prefixed.range());
        }
        for captures in self.url.captures_iter(text) {
            if let Some(userinfo) = captures.get(1) {
                let info = &userinfo.as_bytes()[..userinfo.len() - 1];
                let start = userinfo.start();
                match info.iter().position(|&b| b == b':') {
                    // user:password — the password.
                    Some(colon) if colon + 1 < info.len() => into.push(start + colon + 1..start + info.len()),
                    // A key as the whole userinfo (Sentry DSNs, `https://<token>@host`).
                    None if is_key_like(info) => into.push(start..start + info.len()),
                    _ => {}
                }
            }
            // The query, and the fragment (OAuth's implicit flow puts tokens there).
            for part in [captures.get(2), captures.get(3)].into_iter().flatten() {
                let mut offset = part.start() + 1;
                for parameter in part.as_bytes()[1..].split(|&b| b == b'&') {
                    if let Some(eq) = parameter.iter().position(|&b| b == b'=') {
                        let name = String::from_utf8_lossy(&parameter[..eq]);
                        let value = &parameter[eq + 1..];
                        let secret = (crate::domain::secrets::is_secret_key(&name) && !is_switch_word(value))
                            || is_high_entropy_token(value);
                        if !value.is_empty() && secret {
                            into.push(offset + eq + 1..offset + parameter.len());
                        }
                    }
                    offset += parameter.len() + 1;
                }
            }
        }
        let public: Vec<Range<usize>> = self.public.find_iter(text).map(|m| m.range()).collect();
        for token in self.token.find_iter(text) {
            let bytes = token.as_bytes();
            let inside_public = public.iter().any(|range| range.contains(&token.start()));
            if inside_public || is_digest(text, token.start()) || is_public_identifier(text, token.start(), bytes) {
                continue;
            }
            if !is_path_like(bytes) {
                if is_high_entropy_token(bytes) {
                    into.push(token.range());
                }
                continue;
            }
            // A path: its segments are judged one by one (a webhook's key is one).
            let mut offset = token.start();
            for segment in bytes.split(|&b| b == b'/') {
                if is_high_entropy_token(segment) && !is_public_identifier(text, offset, segment) {
                    into.push(offset..offset + segment.len());
                }
                offset += segment.len() + 1;
            }
        }
    }
}

/// Where a value that matched up to `end` really ends: `Tr0ub4dor&3x` goes
/// on past `&`, `pass&next=1` stops before the next parameter.
fn through_ampersands(text: &[u8], mut end: usize) -> usize {
    while text.get(end) == Some(&b'&') {
        let run = text[end + 1..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || matches!(b, b'&' | b'=' | b'"' | b'\'' | b',' | b';'))
            .map_or(text.len(), |i| end + 1 + i);
        if text.get(run) == Some(&b'=') || run == end + 1 {
            break;
        }
        end = run;
    }
    end
}

/// A word in lower case, or a placeholder (`<token>`, `${TOKEN}`, `$TOKEN`,
/// `***`, `xxxx`): what prose and templates put where a value goes.
fn is_plain_word(value: &[u8]) -> bool {
    let word = value.len() <= 12 && value.iter().all(u8::is_ascii_lowercase);
    let placeholder = value.first() == Some(&b'$')
        || (value.first() == Some(&b'<') && value.last() == Some(&b'>'))
        || value.iter().all(|&b| matches!(b, b'*' | b'x' | b'X' | b'.'));
    word || placeholder
}

/// Identifiers that are public by what they are: Stripe's publishable keys
/// (`pk_live_…`), IPFS content ids (`Qm…`, `bafy…`), Nix store hashes.
fn is_public_identifier(text: &[u8], start: usize, token: &[u8]) -> bool {
    let nix = start >= 11 && &text[start - 11..start] == b"/nix/store/";
    token.starts_with(b"pk_live_")
        || token.starts_with(b"pk_test_")
        || (token.starts_with(b"Qm") && token.len() == 46)
        || token.starts_with(b"bafy")
        || token.starts_with(b"bafk")
        || nix
}

/// A hash written with its algorithm (`sha256-…` in subresource integrity,
/// `sha256:…` in image digests) is public, not a key.
fn is_digest(text: &[u8], start: usize) -> bool {
    let lower = |range: Range<usize>| text.get(range).map(<[u8]>::to_ascii_lowercase);
    ["md5", "sha1", "sha256", "sha384", "sha512"].iter().any(|algorithm| {
        let n = algorithm.len();
        lower(start..start + n + 1)
            .is_some_and(|head| head.starts_with(algorithm.as_bytes()) && matches!(head[n], b'-' | b':'))
            || (start > n
                && lower(start - n - 1..start)
                    .is_some_and(|head| head.starts_with(algorithm.as_bytes()) && head[n] == b':'))
    })
}

/// Runs of words between slashes, as paths and URLs have.
fn is_path_like(token: &[u8]) -> bool {
    let slashes = token.iter().filter(|&&b| b == b'/').count();
    token.first() == Some(&b'/') || token.last() == Some(&b'/') || slashes > 2
}

/// A name made of short parts (`Llama-4-Scout-17B-16E-Instruct`,
/// `mistralai/Mixtral-8x7B`), as model, package and file names are; a key
/// is one long random run even where its alphabet has `-` or `_`.
fn is_made_of_words(token: &[u8]) -> bool {
    let parts: Vec<&[u8]> = token
        .split(|&b| matches!(b, b'-' | b'_' | b'/' | b'.'))
        .filter(|part| !part.is_empty())
        .collect();
    parts.len() >= 3 && parts.iter().all(|part| part.len() < 16)
}

/// An HTTP authentication scheme's name, which is not the credential.
fn is_scheme(word: &[u8]) -> bool {
    [&b"bearer"[..], b"basic", b"token", b"digest", b"apikey"]
        .iter()
        .any(|scheme| word.eq_ignore_ascii_case(scheme))
}

/// A switch's word: `true`, `none`, `off`, `auto`…
pub(crate) fn is_switch_word(value: &[u8]) -> bool {
    let text = String::from_utf8_lossy(value).to_ascii_lowercase();
    [
        "true", "false", "yes", "no", "y", "n", "on", "off", "null", "none", "auto", "default", "always", "never",
        "enabled", "disabled", "required", "optional",
    ]
    .contains(&text.trim())
}

/// A value a count or a switch takes: a number (`4096`, `4,096`, `1_000`,
/// `128k`, `1.5M`), a switch's word, the redaction itself.
pub(crate) fn looks_like_a_setting(value: &[u8]) -> bool {
    let text = String::from_utf8_lossy(value).to_ascii_lowercase();
    let text = text.trim();
    let digits = text.trim_end_matches(['k', 'm', 'b']).replace(['_', ','], "");
    text.is_empty()
        || (!digits.is_empty() && digits.parse::<f64>().is_ok())
        || is_switch_word(value)
        || text == crate::domain::secrets::REDACTED.to_ascii_lowercase()
}

/// A URL's whole userinfo that is a key rather than a user name: long,
/// letters and digits (a Sentry DSN's 32 hex digits; `git`, `deploy` are not).
fn is_key_like(userinfo: &[u8]) -> bool {
    userinfo.len() >= 16
        && userinfo.iter().any(u8::is_ascii_digit)
        && userinfo.iter().any(u8::is_ascii_alphabetic)
        && shannon_entropy(userinfo) >= 3.0
}

/// What provider keys look like and identifiers, hashes, UUIDs, model
/// names and words do not: a run of the key alphabets, not made of short
/// words, with letters and at least two digits, and the entropy of random
/// text — 20 characters and 4 bits a character with both cases, 32
/// characters and 3.9 bits with one. Hex alone (SHAs, digests, UUIDs) is
/// never a key by its shape: random hex stays under 4 bits, as a hash does.
fn is_high_entropy_token(token: &[u8]) -> bool {
    let upper = token.iter().any(u8::is_ascii_uppercase);
    let lower = token.iter().any(u8::is_ascii_lowercase);
    let digits = token.iter().filter(|b| b.is_ascii_digit()).count();
    let hex = token.iter().all(|b| b.is_ascii_hexdigit() || *b == b'-');
    let (min_len, min_entropy) = if upper && lower { (20, 4.0) } else { (32, 3.9) };
    token.len() >= min_len
        && (upper || lower)
        && !hex
        && digits >= 2
        && !is_made_of_words(token)
        && shannon_entropy(token) >= min_entropy
}
