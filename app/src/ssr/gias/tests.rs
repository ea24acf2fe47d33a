//! The header finder, the field parsers and encoding detection.
use super::columns::{find_columns, parse_date, parse_row, parse_status, parse_urn, NEEDED};
use super::read::{batches, shape, Encoding};
use super::ImportError;

fn header_shuffled() -> Vec<&'static str> {
    let mut h = vec!["LA (code)", "Street", "Town"];
    h.extend(NEEDED.iter().rev());
    h.push("Trusts (name)");
    h
}

#[test]
fn columns_are_found_by_name_in_any_order_and_case() {
    let h = header_shuffled();
    let cols = find_columns(h.iter().copied()).expect("all present");
    for (k, name) in NEEDED.iter().enumerate() {
        assert_eq!(h[cols.indexes()[k]], *name);
    }
    let lower: Vec<String> = h
        .iter()
        .map(|n| format!(" {} ", n.to_lowercase()))
        .collect();
    assert_eq!(
        find_columns(lower.iter().map(String::as_str)).unwrap(),
        cols
    );
}

#[test]
fn a_bom_before_the_first_name_is_ignored() {
    let h = ["\u{feff}URN"]
        .into_iter()
        .chain(NEEDED[1..].iter().copied());
    assert!(find_columns(h).is_ok());
}

#[test]
fn every_missing_column_is_named() {
    let h = NEEDED
        .iter()
        .copied()
        .filter(|n| *n != "PhaseOfEducation (name)" && *n != "Postcode");
    assert_eq!(
        find_columns(h).unwrap_err(),
        vec!["PhaseOfEducation (name)", "Postcode"]
    );
}

#[test]
fn dates_are_day_month_year_and_stored_iso() {
    assert_eq!(parse_date("01-09-2011"), Ok(Some("2011-09-01".into())));
    assert_eq!(parse_date("29-02-2024"), Ok(Some("2024-02-29".into())));
    assert_eq!(parse_date(""), Ok(None));
    for bad in [
        "29-02-2023",
        "31-04-2020",
        "00-01-2020",
        "01-13-2020",
        "2020-01-01",
        "1-9-2011",
        "01/09/2011",
        "aa-bb-cccc",
        "+1-01-2020",
    ] {
        assert!(parse_date(bad).is_err(), "{bad} should be refused");
    }
}

#[test]
fn urns_are_positive_whole_numbers() {
    assert_eq!(parse_urn("100001"), Ok("100001".into()));
    assert_eq!(parse_urn("0100001"), Ok("100001".into()));
    for bad in [
        "",
        "0",
        "-5",
        "12a",
        "+12",
        "1.5",
        "99999999999999999999999",
    ] {
        assert!(parse_urn(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn statuses_are_open_or_closed_and_nothing_else() {
    assert_eq!(parse_status("Closed"), Ok(true));
    assert_eq!(parse_status("Open"), Ok(false));
    assert_eq!(parse_status("Open, but proposed to close"), Ok(false));
    assert_eq!(parse_status("Proposed to open"), Ok(false));
    assert!(parse_status("Shut").is_err());
    assert!(parse_status("").is_err());
}

#[test]
fn a_short_row_is_rejected_naming_the_first_absent_column() {
    let mut fields = [Some("1"); 10];
    fields[8] = None;
    fields[9] = None;
    assert_eq!(
        parse_row(fields).unwrap_err(),
        "the row ends before the OpenDate column"
    );
}

fn file(encoding_bytes: &[u8]) -> Vec<u8> {
    let mut f = NEEDED.join(",").into_bytes();
    f.extend_from_slice(b"\r\n100001,\"");
    f.extend_from_slice(encoding_bytes);
    f.extend_from_slice(
        b", Leeds\",Academy,Academies,Open,Secondary,Leeds,LS1 1AA,01-09-2011,\r\n",
    );
    f
}

fn names(bytes: &[u8]) -> (Encoding, Vec<String>) {
    let s = shape(bytes).expect("shape");
    let mut names = vec![];
    batches(bytes, &s, 10, |b| {
        names.extend(b.rows.into_iter().map(|(_, r)| r.name));
        true
    })
    .unwrap();
    (s.encoding, names)
}

#[test]
fn windows_1252_and_utf8_with_or_without_bom_decode_alike() {
    let want = vec!["St Mary\u{2019}s Café, Leeds".to_string()];
    assert_eq!(
        names(&file(b"St Mary\x92s Caf\xe9")),
        (Encoding::Windows1252, want.clone())
    );
    let utf8 = file("St Mary\u{2019}s Café".as_bytes());
    assert_eq!(names(&utf8), (Encoding::Utf8, want.clone()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&utf8);
    assert_eq!(names(&bom), (Encoding::Utf8, want));
}

#[test]
fn an_empty_file_is_refused_naming_the_columns() {
    assert!(matches!(
        shape(&b""[..]),
        Err(ImportError::MissingColumns(m)) if m.len() == NEEDED.len()
    ));
}
