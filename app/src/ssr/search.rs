//! The one search-pattern function every list's free-text search goes through.

/// Longest search text honoured; longer input is cut, so no user can send a
/// pattern the database finds too complex.
pub const SEARCH_MAX_CHARS: usize = 200;

/// `%text%` for a case-insensitive `LIKE … ESCAPE '\'`: trimmed, lower-cased,
/// cut to `SEARCH_MAX_CHARS`, with LIKE's own wildcards escaped.
pub fn contains_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text
        .trim()
        .chars()
        .take(SEARCH_MAX_CHARS)
        .flat_map(char::to_lowercase)
    {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_escaped_and_text_trimmed() {
        assert_eq!(contains_pattern("  50%_a\\b "), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn long_input_is_cut() {
        let p = contains_pattern(&"a".repeat(50_000));
        assert_eq!(p.len(), SEARCH_MAX_CHARS + 2);
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(contains_pattern("LeEdS"), "%leeds%");
    }
}
