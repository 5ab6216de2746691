//! No password may reach a log line (docs/SECURITY.md; issue 39). The
//! passwords of the URLs tests hand to servers are registered here; every
//! line the in-process servers log passes through [`ScanningWriter`], which
//! notes a line that holds one, and every `TestApp` fails its test when it is
//! dropped after such a line was seen.

use std::sync::Mutex;

static PASSWORDS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static LEAKS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Registers `password` as one no log line may hold (empty ones are ignored).
pub fn register(password: &str) {
    if password.is_empty() {
        return;
    }
    let mut passwords = PASSWORDS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !passwords.iter().any(|known| known == password) {
        passwords.push(password.to_owned());
    }
}

/// The log lines seen so far that held a registered password.
pub fn leaks() -> Vec<String> {
    LEAKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
}

fn scan(text: &str) {
    let passwords = PASSWORDS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if passwords.iter().any(|password| text.contains(password.as_str())) {
        LEAKS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(text.to_owned());
    }
}

/// Writes log lines to the test's captured output, as `with_test_writer`
/// does, scanning each for a registered password first.
pub struct ScanningWriter;

impl std::io::Write for ScanningWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        scan(&text);
        print!("{text}");
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_with_a_registered_password_is_a_leak() {
        register("pw-secret-scan-test");
        scan("nothing to see");
        assert!(!leaks().iter().any(|line| line.contains("pw-secret-scan-test")));
        scan("url postgres://u:pw-secret-scan-test@h/db");
        assert!(leaks().iter().any(|line| line.contains("pw-secret-scan-test")));
    }
}
