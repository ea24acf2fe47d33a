//! argon2id password hashing on blocking threads, a few at a time.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// A stored password hash. Deliberately not `Serialize`: it never leaves the server.
#[derive(Clone)]
pub struct PasswordHashString(String);

impl PasswordHashString {
    pub fn from_db(s: String) -> Self {
        PasswordHashString(s)
    }
    pub fn as_db(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString(..)")
    }
}

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
}

impl Default for Passwords {
    fn default() -> Self {
        Passwords {
            permits: Arc::new(Semaphore::new(2)),
        }
    }
}

/// OWASP's argon2id baseline: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Unknown users are checked against this, so a miss costs as much as a hit.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("not a real password, only for timing"))
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing")
        .to_string()
}

fn verify_now(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

impl Passwords {
    pub async fn hash(&self, password: String) -> PasswordHashString {
        let _permit = self.permits.acquire().await.expect("semaphore open");
        let hash = tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .expect("hash task");
        PasswordHashString(hash)
    }

    /// Verifies against `hash`, or against the dummy hash when there is none.
    pub async fn verify(&self, password: String, hash: Option<PasswordHashString>) -> bool {
        let _permit = self.permits.acquire().await.expect("semaphore open");
        tokio::task::spawn_blocking(move || match hash {
            Some(h) => verify_now(&password, &h.0),
            None => {
                verify_now(&password, dummy_hash());
                false
            }
        })
        .await
        .expect("verify task")
    }
}

/// A random URL-safe token of 32 bytes (session ids, invitation links).
pub fn random_token() -> String {
    use argon2::password_hash::rand_core::RngCore;
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a token, as stored in the database.
pub fn token_digest(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
