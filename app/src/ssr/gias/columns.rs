//! The register file's shape: which header names Caseboard reads, and how one
//! record's text becomes an Institution's register fields or a reason to
//! reject it. Pure functions, no database.
use time::{Date, Month};

/// The header names read, in `RegisterColumns` order. The register's extract
/// has about 130 columns whose order changes between releases, so columns are
/// found by name, never by position.
pub const NEEDED: [&str; 10] = [
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "LA (name)",
    "Postcode",
    "OpenDate",
    "CloseDate",
];

/// Where each needed column sits in this file (indexes in `NEEDED` order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterColumns {
    at: [usize; 10],
}

/// Finds every needed column by name (trimmed, case-insensitive; a UTF-8 BOM
/// before the first name is ignored), or names all that are missing.
pub fn find_columns<'a>(
    header: impl IntoIterator<Item = &'a str>,
) -> Result<RegisterColumns, Vec<&'static str>> {
    let names: Vec<String> = header
        .into_iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let mut at = [0; 10];
    let mut missing = vec![];
    for (slot, needed) in at.iter_mut().zip(NEEDED) {
        match names.iter().position(|n| *n == needed.to_lowercase()) {
            Some(i) => *slot = i,
            None => missing.push(needed),
        }
    }
    if missing.is_empty() {
        Ok(RegisterColumns { at })
    } else {
        Err(missing)
    }
}

/// One establishment as the register states it. Text is trimmed; empty text
/// means unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterRow {
    pub urn: String,
    pub name: String,
    pub establishment_type: String,
    pub establishment_group: String,
    pub phase: String,
    pub local_authority: String,
    pub postcode: String,
    pub open_date: Option<String>,
    pub close_date: Option<String>,
    pub closed: bool,
}

/// The register-owned fields as stored (`institutions` columns), in a fixed
/// order: the importer compares and audits them pairwise.
pub const REGISTER_FIELDS: [&str; 10] = [
    "urn",
    "name",
    "establishment_type",
    "establishment_group",
    "phase",
    "local_authority",
    "postcode",
    "open_date",
    "close_date",
    "status",
];

/// A field's value for comparing and auditing: empty is unknown (None).
pub fn value(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

impl RegisterRow {
    /// Values in `REGISTER_FIELDS` order.
    pub fn values(&self) -> [Option<String>; 10] {
        [
            value(&self.urn),
            value(&self.name),
            value(&self.establishment_type),
            value(&self.establishment_group),
            value(&self.phase),
            value(&self.local_authority),
            value(&self.postcode),
            self.open_date.clone(),
            self.close_date.clone(),
            Some(self.status().to_string()),
        ]
    }

    /// The stored status: the register's open/closed.
    pub fn status(&self) -> &'static str {
        if self.closed {
            "closed"
        } else {
            "active"
        }
    }
}

impl RegisterColumns {
    /// Each needed column's index in the file, in `NEEDED` order.
    pub fn indexes(&self) -> &[usize; 10] {
        &self.at
    }
}

/// One record's needed fields (decoded, in `NEEDED` order; None when the
/// record ends before that column) as a row, or the reason it is rejected.
pub fn parse_row(fields: [Option<&str>; 10]) -> Result<RegisterRow, String> {
    let mut text = [""; 10];
    for (slot, (field, name)) in text.iter_mut().zip(fields.into_iter().zip(NEEDED)) {
        *slot = field
            .ok_or_else(|| format!("the row ends before the {name} column"))?
            .trim();
    }
    let [urn, name, kind, group, status, phase, la, postcode, opened, closed] = text;
    let urn = parse_urn(urn)?;
    if name.is_empty() {
        return Err("EstablishmentName is empty".into());
    }
    Ok(RegisterRow {
        urn,
        name: name.to_string(),
        establishment_type: kind.to_string(),
        establishment_group: group.to_string(),
        closed: parse_status(status)?,
        phase: phase.to_string(),
        local_authority: la.to_string(),
        postcode: postcode.to_string(),
        open_date: parse_date(opened).map_err(|e| format!("OpenDate {e}"))?,
        close_date: parse_date(closed).map_err(|e| format!("CloseDate {e}"))?,
    })
}

/// A URN is a positive whole number; stored without leading zeros.
pub fn parse_urn(text: &str) -> Result<String, String> {
    match text.parse::<u64>() {
        Ok(n) if n > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n.to_string()),
        _ => Err(format!("URN {text:?} is not a positive whole number")),
    }
}

/// The register's `dd-mm-yyyy` as ISO `yyyy-mm-dd`; empty is unknown (None).
pub fn parse_date(text: &str) -> Result<Option<String>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("{text:?} is not a date (dd-mm-yyyy)");
    let parts: Vec<&str> = text.split('-').collect();
    let [d, m, y] = parts[..] else {
        return Err(bad());
    };
    if d.len() != 2 || m.len() != 2 || y.len() != 4 {
        return Err(bad());
    }
    let num = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<i32>().ok())
            .flatten()
            .ok_or_else(bad)
    };
    let (d, m, y) = (num(d)?, num(m)?, num(y)?);
    let month = Month::try_from(u8::try_from(m).map_err(|_| bad())?).map_err(|_| bad())?;
    let date = Date::from_calendar_date(y, month, u8::try_from(d).map_err(|_| bad())?)
        .map_err(|_| bad())?;
    Ok(Some(format!("{y:04}-{m:02}-{:02}", date.day())))
}

/// The register's statuses: closed or not; anything else is refused.
pub fn parse_status(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "closed" => Ok(true),
        "open" | "open, but proposed to close" | "proposed to open" => Ok(false),
        _ => Err(format!("unknown EstablishmentStatus {text:?}")),
    }
}
