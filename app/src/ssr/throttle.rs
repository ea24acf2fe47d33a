//! Sign-in rate limits, kept in memory by each server process.
//!
//! Three rules, so that guessing is slow but nobody can lock a colleague out
//! from elsewhere:
//! - each client address gets `sign_in_per_minute` attempts a minute;
//! - each account (each email address tried, known or not, so a 429 tells
//!   nothing about which accounts exist) takes
//!   `sign_in_failures_per_account_per_minute` failed attempts a minute, from
//!   all addresses together; past that, the addresses that failed wait a few
//!   seconds (429), a throttle and never a long lock;
//! - an account locked by repeated failures stays locked only for the
//!   addresses those failures came from.
//!
//! So an address that never failed on an account (the owner, elsewhere) is
//! never held back by someone else's guessing.
use super::config::AuthConfig;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

type Instant = <DefaultClock as Clock>::Instant;

/// Where a sign-in came from; `None` when the server cannot tell (requests
/// handed to the router in-process, as the tests do).
pub type Source = Option<IpAddr>;

/// Refused for this long; sent as `Retry-After`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryAfter(pub Duration);

impl RetryAfter {
    /// Whole seconds, at least one.
    pub fn secs(self) -> u64 {
        (self.0.as_secs() + u64::from(self.0.subsec_nanos() > 0)).max(1)
    }
}

pub struct SignInLimits {
    per_source: DefaultKeyedRateLimiter<IpAddr>,
    account_failures: DefaultKeyedRateLimiter<String>,
    /// Emails throttled by failures, until this instant of `clock`.
    account_throttled: Mutex<HashMap<String, Instant>>,
    /// (email, address) pairs that failed to sign in, with when (epoch seconds).
    failed_sources: Mutex<HashMap<(String, Source), i64>>,
    clock: DefaultClock,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl SignInLimits {
    pub fn new(cfg: &AuthConfig) -> Self {
        SignInLimits {
            per_source: RateLimiter::hashmap(per_minute(cfg.sign_in_per_minute)),
            account_failures: RateLimiter::hashmap(per_minute(
                cfg.sign_in_failures_per_account_per_minute,
            )),
            account_throttled: Mutex::new(HashMap::new()),
            failed_sources: Mutex::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    /// Counts an attempt from `source`; refused when it has made too many.
    pub fn attempt_from(&self, source: Source) -> Result<(), RetryAfter> {
        let Some(ip) = source else { return Ok(()) };
        if self.per_source.len() > 10_000 {
            self.per_source.retain_recent();
        }
        self.per_source
            .check_key(&ip)
            .map_err(|not_until| RetryAfter(not_until.wait_time_from(self.clock.now())))
    }

    /// Refused while the email (normalised) is throttled by recent failures,
    /// for the addresses that failed on it since `since` (epoch seconds).
    pub fn account_open(&self, email: &str, source: Source, since: i64) -> Result<(), RetryAfter> {
        let now = self.clock.now();
        let wait = {
            let mut throttled = self
                .account_throttled
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            match throttled.get(email) {
                Some(until) if *until > now => until.duration_since(now),
                Some(_) => {
                    throttled.remove(email);
                    return Ok(());
                }
                None => return Ok(()),
            }
        };
        if self.failed_from(email, source, since) {
            Err(RetryAfter(wait))
        } else {
            Ok(())
        }
    }

    /// Counts a failed attempt on `email` (normalised) from `source`, at
    /// `now` (epoch seconds).
    pub fn failed(&self, email: &str, source: Source, now: i64) {
        if self.account_failures.len() > 10_000 {
            self.account_failures.retain_recent();
        }
        if let Err(not_until) = self.account_failures.check_key(&email.to_string()) {
            let mut throttled = self
                .account_throttled
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if throttled.len() > 10_000 {
                let t = self.clock.now();
                throttled.retain(|_, until| *until > t);
            }
            throttled.insert(email.to_string(), not_until.earliest_possible());
        }
        let mut failed = self
            .failed_sources
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // Forget pairs older than a day, so the map cannot grow without bound.
        if failed.len() > 10_000 {
            failed.retain(|_, at| now - *at < 24 * 60 * 60);
        }
        failed.insert((email.to_string(), source), now);
    }

    /// Whether `source` failed to sign in as `email` since `since` (epoch
    /// seconds): a lock or a throttle on the account holds only against such
    /// addresses.
    pub fn failed_from(&self, email: &str, source: Source, since: i64) -> bool {
        self.failed_sources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(email.to_string(), source))
            .is_some_and(|at| *at >= since)
    }

    /// A successful sign-in clears the account's record.
    pub fn succeeded(&self, email: &str) {
        self.failed_sources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(e, _), _| e != email);
    }
}
