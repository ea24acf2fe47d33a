//! Field validation shared by the form (browser) and the server.
use super::schema::{columns, Column, Input};
use crate::auth::permissions::RecordKind;
use crate::error::AppError;
use std::collections::HashMap;

/// A checked value ready to store: text, a 0/1 flag, or nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Flag(bool),
    Number(i64),
    Empty,
}

impl Value {
    /// The value as shown and audited.
    pub fn display(&self) -> Option<String> {
        match self {
            Value::Text(s) => Some(s.clone()),
            Value::Flag(b) => Some(if *b { "yes" } else { "no" }.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Empty => None,
        }
    }
}

pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c == ',' || c == ';')
        && s.len() <= 254
}

/// `YYYY-MM-DD` naming a real day.
pub fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    if !(1900..=2200).contains(&y) || y.to_string().len() != 4 || m.to_string().len() > 2 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d) && parts[1].len() == 2 && parts[2].len() == 2
}

/// A URN is six digits.
pub fn is_urn(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Checks one submitted value against its column; Err is the message for the field.
pub fn check(col: &Column, raw: &str) -> Result<Value, String> {
    let raw = raw.trim();
    let Some((_, input)) = col.edit else {
        return Err(format!("{} cannot be changed here.", col.label));
    };
    if raw.is_empty() {
        return if col.required {
            Err(format!("{} is required.", col.label))
        } else {
            Ok(Value::Empty)
        };
    }
    match input {
        Input::Text if raw.chars().count() > 200 => {
            Err(format!("{} must be at most 200 characters.", col.label))
        }
        Input::Text => Ok(Value::Text(raw.to_string())),
        Input::Email if is_email(raw) => Ok(Value::Text(raw.to_lowercase())),
        Input::Email => Err(format!(
            "{} must be an email address like name@example.org.",
            col.label
        )),
        Input::Date if is_date(raw) => Ok(Value::Text(raw.to_string())),
        Input::Date => Err(format!("{} must be a date written YYYY-MM-DD.", col.label)),
        Input::Percent => match raw.parse::<i64>() {
            Ok(n) if (0..=100).contains(&n) => Ok(Value::Number(n)),
            Ok(_) | Err(_) => Err(format!(
                "{} must be a whole number from 0 to 100.",
                col.label
            )),
        },
        Input::Choice(options) if options.contains(&raw) => Ok(Value::Text(raw.to_string())),
        Input::Choice(options) => Err(format!(
            "{} must be one of: {}.",
            col.label,
            options.join(", ")
        )),
        Input::Pick(kind) => match raw.parse::<i64>() {
            Ok(n) if n > 0 => Ok(Value::Number(n)),
            Ok(_) | Err(_) => Err(format!(
                "{} must be the number of one of the {} you can see.",
                col.label,
                kind.plural()
            )),
        },
        Input::Flag => match raw {
            "yes" | "on" | "true" => Ok(Value::Flag(true)),
            "no" | "off" | "false" => Ok(Value::Flag(false)),
            _ => Err(format!("{} must be yes or no.", col.label)),
        },
    }
}

/// Checks every editable column of a new `kind` record (a missing value is
/// empty): the non-empty values in schema order, or one 422 naming every
/// bad field, so the form lists them all at once (docs/RULES.md §5.1).
pub fn check_new(
    kind: RecordKind,
    values: &HashMap<String, String>,
) -> Result<Vec<(&'static str, Value)>, AppError> {
    let mut checked = vec![];
    let mut problems = vec![];
    for col in columns(kind).unwrap_or_default() {
        if col.edit.is_none() {
            continue;
        }
        let raw = values.get(col.key).map(String::as_str).unwrap_or("");
        match check(col, raw) {
            Ok(Value::Empty) => {}
            Ok(v) => checked.push((col.key, v)),
            Err(m) => problems.push((col.key.to_string(), m)),
        }
    }
    match AppError::invalid_all(problems) {
        Some(e) => Err(e),
        None => Ok(checked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_days() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("24-01-01"));
        assert!(!is_date("2024-1-01"));
    }

    #[test]
    fn a_new_record_names_every_bad_field_at_once() {
        let values: HashMap<String, String> = [("email", "nope"), ("dbs_check_on", "2024-13-01")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let e = check_new(RecordKind::Ea, &values).unwrap_err();
        let fields: Vec<&str> = e.invalid_fields().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["first_name", "last_name", "email", "dbs_check_on"]);
    }

    #[test]
    fn urns_are_six_digits() {
        assert!(is_urn("100001"));
        assert!(!is_urn("10001"));
        assert!(!is_urn("10000a"));
    }

    #[test]
    fn emails_need_a_domain() {
        assert!(is_email("a.b@example.org"));
        assert!(!is_email("a.b@example"));
        assert!(!is_email("a b@example.org"));
        assert!(!is_email("@example.org"));
    }
}
