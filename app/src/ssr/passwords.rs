//! argon2id password hashing on a small fixed pool of dedicated threads.
//!
//! Each hash needs 19 MiB. On tokio's blocking pool every check could land on
//! a different thread, and the allocator keeps memory per thread, so a burst
//! of sign-ins grew the server by ~1 GB for good. The same few threads do
//! every hash here, so the memory they hold stays bounded and is reused.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::oneshot;

/// Threads hashing at once, whatever the load (the rest wait their turn).
const HASHING_THREADS: usize = 2;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads, started on first use.
fn hashing_queue() -> &'static Mutex<mpsc::Sender<Job>> {
    static QUEUE: OnceLock<Mutex<mpsc::Sender<Job>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..HASHING_THREADS {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    let job = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                })
                .expect("start a password hashing thread");
        }
        Mutex::new(tx)
    })
}

/// Runs `work` on a hashing thread and waits for its answer.
async fn on_hashing_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    hashing_queue()
        .lock()
        .expect("hashing queue")
        .send(job)
        .expect("hashing threads running");
    rx.await.expect("hashing thread answered")
}

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

/// Hashes and checks passwords (on the process-wide hashing threads).
#[derive(Clone, Default)]
pub struct Passwords {
    _shared_threads: (),
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
        PasswordHashString(on_hashing_thread(move || hash_now(&password)).await)
    }

    /// Verifies against `hash`, or against the dummy hash when there is none.
    pub async fn verify(&self, password: String, hash: Option<PasswordHashString>) -> bool {
        on_hashing_thread(move || match hash {
            Some(h) => verify_now(&password, &h.0),
            None => {
                verify_now(&password, dummy_hash());
                false
            }
        })
        .await
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
