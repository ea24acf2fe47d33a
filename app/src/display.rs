//! Text shown identically by the server and the browser.

/// The UTC calendar date (year, month 1–12, day) of epoch seconds.
fn civil(epoch: i64) -> (i64, i64, i64) {
    let days = epoch.div_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Epoch seconds as `YYYY-MM-DD HH:MM UTC`: the same text on server and browser.
pub fn utc_text(epoch: i64) -> String {
    let (y, m, d) = civil(epoch);
    let secs = epoch.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Epoch seconds as a GOV.UK date, "3 March 2026" (UTC).
pub fn long_date(epoch: i64) -> String {
    let (y, m, d) = civil(epoch);
    let month = MONTHS[usize::try_from(m - 1).unwrap_or(0).min(11)];
    format!("{d} {month} {y}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_dates_read_as_gov_uk_dates() {
        // 2026-03-03 12:00 UTC
        assert_eq!(super::long_date(1_772_539_200), "3 March 2026");
        assert_eq!(super::utc_text(1_772_539_200), "2026-03-03 12:00 UTC");
    }
}
