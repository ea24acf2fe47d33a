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

/// The FTS5 phrase that finds, through a trigram index, every text
/// containing `text` (and possibly more, which the `LIKE` then drops):
/// `None` when the text is shorter than one trigram.
pub fn trigram_phrase(text: &str) -> Option<String> {
    let t: String = text.trim().chars().take(SEARCH_MAX_CHARS).collect();
    (t.chars().count() >= 3).then(|| format!("\"{}\"", t.replace('"', "\"\"")))
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
    fn trigram_phrases_quote_the_text_and_need_three_characters() {
        assert_eq!(trigram_phrase(" ab "), None);
        assert_eq!(trigram_phrase("a\"b").as_deref(), Some("\"a\"\"b\""));
        assert_eq!(trigram_phrase("Leeds 5%").as_deref(), Some("\"Leeds 5%\""));
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(contains_pattern("LeEdS"), "%leeds%");
    }
}
