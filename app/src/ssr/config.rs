//! Security settings of a deployment, read once from the environment.
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// A session unused this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, used or not.
    pub absolute_timeout: Duration,
    /// Failed sign-ins before the account locks.
    pub lockout_threshold: i64,
    /// First lock length; each further failure doubles it, up to `lockout_max`.
    pub lockout_base: Duration,
    pub lockout_max: Duration,
    pub password_min_len: usize,
    /// Behind HTTPS: `Secure` cookies with the `__Host-` prefix.
    pub secure_cookies: bool,
    /// The origin browsers use, e.g. `https://caseboard.example.org`; when
    /// unset, the request's Host header decides what is same-origin.
    pub public_origin: Option<String>,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(8 * 60 * 60),
            lockout_threshold: 5,
            lockout_base: Duration::from_secs(60),
            lockout_max: Duration::from_secs(60 * 60),
            password_min_len: 12,
            secure_cookies: false,
            public_origin: None,
        }
    }
}

impl AuthConfig {
    pub fn cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-caseboard_session"
        } else {
            "caseboard_session"
        }
    }

    /// Reads `CASEBOARD_*` variables; anything unset keeps its default.
    pub fn from_env() -> Result<Self, String> {
        let mut c = AuthConfig::default();
        let secs = |name: &str, into: &mut Duration| -> Result<(), String> {
            if let Ok(v) = std::env::var(name) {
                let n: u64 = v
                    .parse()
                    .map_err(|_| format!("{name} must be a whole number of seconds, got {v:?}"))?;
                *into = Duration::from_secs(n);
            }
            Ok(())
        };
        secs("CASEBOARD_IDLE_TIMEOUT_SECS", &mut c.idle_timeout)?;
        secs("CASEBOARD_ABSOLUTE_TIMEOUT_SECS", &mut c.absolute_timeout)?;
        secs("CASEBOARD_LOCKOUT_BASE_SECS", &mut c.lockout_base)?;
        if let Ok(v) = std::env::var("CASEBOARD_LOCKOUT_THRESHOLD") {
            c.lockout_threshold = v
                .parse()
                .map_err(|_| format!("CASEBOARD_LOCKOUT_THRESHOLD must be a number, got {v:?}"))?;
        }
        if let Ok(v) = std::env::var("CASEBOARD_PUBLIC_URL") {
            let v = v.trim_end_matches('/').to_string();
            c.secure_cookies = v.starts_with("https://");
            c.public_origin = Some(v);
        }
        Ok(c)
    }
}
