//! Reading URNs typed, pasted or uploaded: one per line, `URN` or
//! `URN,reason` (CSV, so a quoted reason may hold commas; a first line
//! `URN,reason` is a header). A line without its own reason takes the form's
//! reason; a line with neither, or whose URN is not a positive whole number,
//! is refused by its line number and nothing is added for it.
use crate::records::urn_lists::RefusedLine;
use crate::ssr::gias::columns::parse_urn;

/// A line to add: its number in the input, the URN (no leading zeros), why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputLine {
    pub line: u64,
    pub urn: String,
    pub reason: String,
}

/// The fields of one line read as CSV (a quoted reason may hold commas).
fn fields(line: &str) -> Result<Vec<String>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(line.as_bytes());
    match reader.records().next() {
        Some(record) => Ok(record?.iter().map(str::to_string).collect()),
        None => Ok(vec![]),
    }
}

/// The lines to add and the lines refused, in input order. Line numbers
/// count every line of the input, blank ones included, from 1.
pub fn parse_lines(text: &str, default_reason: &str) -> (Vec<InputLine>, Vec<RefusedLine>) {
    let default_reason = default_reason.trim();
    let (mut ok, mut refused) = (vec![], vec![]);
    let mut first = true;
    for (n, text) in text.lines().enumerate() {
        let line = n as u64 + 1;
        let record = match fields(text) {
            Ok(r) => r,
            Err(e) => {
                refused.push(RefusedLine {
                    line,
                    reason: format!("not readable as CSV ({e})"),
                });
                continue;
            }
        };
        if record.iter().all(String::is_empty) {
            continue;
        }
        let urn_text = record.first().map(String::as_str).unwrap_or("");
        if std::mem::take(&mut first) && urn_text.eq_ignore_ascii_case("urn") {
            continue;
        }
        let own_reason = record[1..].join(",");
        let reason = match own_reason.trim() {
            "" => default_reason.to_string(),
            r => r.to_string(),
        };
        match parse_urn(urn_text) {
            Err(why) => refused.push(RefusedLine { line, reason: why }),
            Ok(_) if reason.is_empty() => refused.push(RefusedLine {
                line,
                reason: format!(
                    "URN {urn_text} has no reason; give one on the line or in the form"
                ),
            }),
            Ok(urn) => ok.push(InputLine { line, urn, reason }),
        }
    }
    (ok, refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_take_their_own_reason_or_the_forms_and_bad_ones_are_named() {
        let (ok, refused) = parse_lines(
            "URN,reason\n100001\n0100002,\"moved, merged\"\n\nabc,typo\n-5\n100003,  \n",
            "joined the hub",
        );
        assert_eq!(
            ok.iter()
                .map(|l| (l.line, l.urn.as_str(), l.reason.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (2, "100001", "joined the hub"),
                (3, "100002", "moved, merged"),
                (7, "100003", "joined the hub"),
            ]
        );
        assert_eq!(
            refused.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![5, 6]
        );
        assert!(refused[0]
            .reason
            .contains("\"abc\" is not a positive whole number"));
    }

    #[test]
    fn a_line_without_any_reason_is_refused() {
        let (ok, refused) = parse_lines("100001", " ");
        assert!(ok.is_empty());
        assert_eq!(refused[0].line, 1);
        assert!(refused[0].reason.contains("no reason"), "{:?}", refused);
    }
}
