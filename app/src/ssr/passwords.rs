//! argon2id password hashing on a small fixed pool of dedicated threads.
//!
//! Each hash needs 19 MiB. On tokio's blocking pool every check could land on
//! a different thread, and the allocator keeps memory per thread, so a burst
//! of sign-ins grew the server by ~1 GB for good. The same few threads do
//! every hash here, each in working memory it allocated once and reuses, so
//! what they hold stays bounded (19 MiB a thread).
use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::cell::RefCell;
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
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params")
}

/// Unknown users are checked against this, so a miss costs as much as a hit.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now("not a real password, only for timing"))
}

thread_local! {
    /// The argon2 working memory of this hashing thread, allocated once and
    /// reused by every hash it computes (no 19 MiB allocation per hash).
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// argon2 of `password` and `salt` into `out`, in this thread's memory.
fn argon2_into(
    hasher: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> bool {
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        if blocks.len() < params.block_count() {
            blocks.resize(params.block_count(), Block::default());
        }
        hasher
            .hash_password_into_with_memory(
                password,
                salt,
                out,
                &mut blocks[..params.block_count()],
            )
            .is_ok()
    })
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt
        .decode_b64(&mut salt_bytes)
        .expect("generated salt decodes");
    let params = params();
    let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
        if argon2_into(&hasher, &params, password.as_bytes(), salt_raw, out) {
            Ok(())
        } else {
            Err(argon2::password_hash::Error::Crypto)
        }
    })
    .expect("argon2 hashing");
    PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).expect("argon2 params encode"),
        salt: Some(salt.as_salt()),
        hash: Some(output),
    }
    .to_string()
}

/// Checks `password` against a stored PHC string (whatever argon2 parameters
/// it was made with), comparing in constant time.
fn verify_now(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .unwrap_or(Version::V0x13);
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_raw) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let hasher = Argon2::new(algorithm, version, params.clone());
    let computed = Output::init_with(expected.len(), |out| {
        if argon2_into(&hasher, &params, password.as_bytes(), salt_raw, out) {
            Ok(())
        } else {
            Err(argon2::password_hash::Error::Crypto)
        }
    });
    // `Output` compares in constant time.
    computed.is_ok_and(|c| c == expected)
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

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    fn library_argon2() -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params())
    }

    #[test]
    fn hashes_check_both_ways_with_the_argon2_library() {
        let ours = hash_now("correct horse");
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(library_argon2()
            .verify_password(b"correct horse", &parsed)
            .is_ok());
        assert!(verify_now("correct horse", &ours));
        assert!(!verify_now("correct horsf", &ours));
        // Hashes stored before the hashing threads existed still verify.
        let salt = SaltString::generate(&mut OsRng);
        let theirs = library_argon2()
            .hash_password(b"battery staple", &salt)
            .unwrap()
            .to_string();
        assert!(verify_now("battery staple", &theirs));
        assert!(!verify_now("battery stapl", &theirs));
        assert!(!verify_now("anything", "not a hash"));
    }
}
