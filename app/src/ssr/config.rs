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
    /// Sign-in attempts a minute from one client address (see `throttle`).
    pub sign_in_per_minute: u32,
    /// Failed sign-ins a minute on one account, from all addresses together.
    pub sign_in_failures_per_account_per_minute: u32,
    /// Behind a reverse proxy that sets `X-Forwarded-For`: the client address
    /// is its last entry rather than the connection's peer.
    pub trust_forwarded_for: bool,
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
            sign_in_per_minute: 30,
            sign_in_failures_per_account_per_minute: 10,
            trust_forwarded_for: false,
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
        let count = |name: &str, into: &mut u32| -> Result<(), String> {
            if let Ok(v) = std::env::var(name) {
                *into =
                    v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        format!("{name} must be a positive whole number, got {v:?}")
                    })?;
            }
            Ok(())
        };
        count("CASEBOARD_SIGN_IN_PER_MINUTE", &mut c.sign_in_per_minute)?;
        count(
            "CASEBOARD_SIGN_IN_FAILURES_PER_ACCOUNT_PER_MINUTE",
            &mut c.sign_in_failures_per_account_per_minute,
        )?;
        if let Ok(v) = std::env::var("CASEBOARD_TRUST_FORWARDED_FOR") {
            c.trust_forwarded_for = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Ok(v) = std::env::var("CASEBOARD_PUBLIC_URL") {
            let v = v.trim_end_matches('/').to_string();
            c.secure_cookies = v.starts_with("https://");
            c.public_origin = Some(v);
        }
        Ok(c)
    }
}
