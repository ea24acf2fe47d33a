//! Wall-clock helpers: epoch seconds and ISO dates, the portable storage forms.
use time::OffsetDateTime;

pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Today's date (UTC) as `YYYY-MM-DD`, which sorts and compares as text.
pub fn today() -> String {
    let d = OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Is `yyyy_mm_dd` a real calendar date?
pub fn is_date(yyyy_mm_dd: &str) -> bool {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(yyyy_mm_dd, &fmt).is_ok()
}

/// The UTC date of an epoch-second timestamp as `YYYY-MM-DD`.
pub fn date_of(secs: i64) -> String {
    let d = OffsetDateTime::from_unix_timestamp(secs)
        .map(|t| t.date())
        .unwrap_or(time::Date::MIN);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
