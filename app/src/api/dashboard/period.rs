//! The dashboard's period (docs/RULES.md §7.3): which institutions count, by
//! when their latest Compass evaluation was completed. Each period ends today,
//! so "evaluated in the period" is "latest evaluation on or after its first
//! day", the Institution list's `f_latest_evaluation_from` filter.
use super::figures::Term;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Since the first day of the current school term (1 January, 1 May, 1 September).
    Term,
    /// Since 1 September of the current academic year.
    AcademicYear,
    /// Since the same date a year ago (the complement of "no evaluation in
    /// the last 12 months").
    TwelveMonths,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Term, Period::AcademicYear, Period::TwelveMonths];

    /// How the period reads in the URL (`period=year`).
    pub fn key(self) -> &'static str {
        match self {
            Period::Term => "term",
            Period::AcademicYear => "year",
            Period::TwelveMonths => "12m",
        }
    }

    pub fn from_key(key: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Term => "Evaluated this term",
            Period::AcademicYear => "Evaluated this academic year",
            Period::TwelveMonths => "Evaluated in the last 12 months",
        }
    }

    /// The words of the period's choice under the "Evaluated" label.
    pub fn choice(self) -> &'static str {
        match self {
            Period::Term => "This term",
            Period::AcademicYear => "This academic year",
            Period::TwelveMonths => "In the last 12 months",
        }
    }

    /// The period's first day (`YYYY-MM-DD`) when today is `today`.
    pub fn start(self, today: &str) -> String {
        let year: i32 = today.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
        let month: u8 = today.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
        match self {
            Period::Term => {
                let term = Term::of_date(today).unwrap_or(Term { year, part: 1 });
                let month = [1, 5, 9][usize::from(term.part.clamp(1, 3) - 1)];
                format!("{:04}-{month:02}-01", term.year)
            }
            Period::AcademicYear if month >= 9 => format!("{year:04}-09-01"),
            Period::AcademicYear => format!("{:04}-09-01", year - 1),
            Period::TwelveMonths => year_ago(today),
        }
    }
}

/// Twelve months before `today`, `YYYY-MM-DD` (29 February becomes the 28th).
pub fn year_ago(today: &str) -> String {
    let y: i32 = today.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    let rest = today.get(4..).unwrap_or("-01-01");
    let rest = if rest == "-02-29" { "-02-28" } else { rest };
    format!("{:04}{rest}", y - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_period_starts_where_its_name_says() {
        let cases = [
            ("2025-12-07", Period::Term, "2025-09-01"),
            ("2026-03-31", Period::Term, "2026-01-01"),
            ("2026-05-01", Period::Term, "2026-05-01"),
            ("2025-12-07", Period::AcademicYear, "2025-09-01"),
            ("2026-08-31", Period::AcademicYear, "2025-09-01"),
            ("2026-09-01", Period::AcademicYear, "2026-09-01"),
            ("2025-12-07", Period::TwelveMonths, "2024-12-07"),
            ("2024-02-29", Period::TwelveMonths, "2023-02-28"),
        ];
        for (today, p, start) in cases {
            assert_eq!(p.start(today), start, "{p:?} on {today}");
        }
        for p in Period::ALL {
            assert_eq!(Period::from_key(p.key()), Some(p));
        }
        assert_eq!(Period::from_key("decade"), None);
    }
}
