//! Reading form input: every bad value becomes a 422 naming its field.
use crate::error::AppError;

/// A required id chosen in a form.
pub fn id(field: &str, v: &str, what: &str) -> Result<i64, AppError> {
    match v.trim() {
        "" => Err(AppError::invalid(field, format!("Choose {what}."))),
        t => t.parse().map_err(|_| {
            AppError::invalid(field, format!("{t:?} is not a valid choice of {what}."))
        }),
    }
}

/// An optional id: empty means none.
pub fn optional_id(field: &str, v: &str, what: &str) -> Result<Option<i64>, AppError> {
    match v.trim() {
        "" => Ok(None),
        t => id(field, t, what).map(Some),
    }
}

/// Trimmed text that must not be empty and must fit `max` characters.
pub fn text(field: &str, v: &str, label: &str, max: usize) -> Result<String, AppError> {
    let t = v.trim();
    if t.is_empty() {
        return Err(AppError::invalid(field, format!("Enter {label}.")));
    }
    optional_text(field, t, label, max)
}

/// Trimmed text, possibly empty, of at most `max` characters.
pub fn optional_text(field: &str, v: &str, label: &str, max: usize) -> Result<String, AppError> {
    let t = v.trim();
    if t.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("{label} can be at most {max} characters."),
        ));
    }
    Ok(t.to_string())
}

/// A whole number within `min..=max`.
pub fn number(field: &str, v: &str, label: &str, min: i64, max: i64) -> Result<i64, AppError> {
    let n: i64 = v
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(field, format!("{label} must be a whole number.")))?;
    if !(min..=max).contains(&n) {
        return Err(AppError::invalid(
            field,
            format!("{label} must be between {min} and {max}."),
        ));
    }
    Ok(n)
}

/// A rating from 1 to 5, or empty for not rated yet.
pub fn rating(field: &str, v: &str, competency: &str) -> Result<Option<i64>, AppError> {
    match v.trim() {
        "" => Ok(None),
        t => match t.parse::<i64>() {
            Ok(n) if (1..=5).contains(&n) => Ok(Some(n)),
            Ok(_) | Err(_) => Err(AppError::invalid(
                field,
                format!("Rate {competency} from 1 to 5, or leave it blank."),
            )),
        },
    }
}

/// A period: a year (`2026`) or a quarter (`2026-Q3`).
pub fn period(field: &str, v: &str) -> Result<String, AppError> {
    let t = v.trim().to_uppercase();
    if super::query::is_period(&t) {
        Ok(t)
    } else {
        Err(AppError::invalid(
            field,
            "Enter the period as a year (2026) or a quarter (2026-Q3).",
        ))
    }
}

/// A plausible email address, normalised to lower case.
pub fn email(field: &str, v: &str) -> Result<String, AppError> {
    let t = v.trim().to_lowercase();
    let ok = t.len() <= 254
        && t.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !t.contains(char::is_whitespace);
    if ok {
        Ok(t)
    } else {
        Err(AppError::invalid(
            field,
            format!("{:?} is not an email address.", v.trim()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_names_its_field() {
        let e = rating("rating_2", "6", "Working together").unwrap_err();
        assert!(matches!(e, AppError::Invalid { ref field, .. } if field == "rating_2"));
        assert_eq!(rating("rating_1", " ", "x").unwrap(), None);
        assert_eq!(period("period", "2026-q3").unwrap(), "2026-Q3");
        assert!(email("email", "nobody").is_err());
        assert_eq!(email("email", " A@B.org ").unwrap(), "a@b.org");
        assert!(id("unit", "abc", "a unit").is_err());
        assert_eq!(optional_id("unit", "", "a unit").unwrap(), None);
        assert!(number("n", "2", "N", 3, 20).is_err());
    }
}
