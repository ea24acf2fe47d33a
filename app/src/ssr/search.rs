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

/// The FTS5 query that finds, through a trigram index, every text
/// containing `text`, and possibly more, which the `LIKE` then drops: each
/// distinct trigram of the searched (lower-cased) text, all required, in no
/// particular place. Reading no positions is what lets the index store none
/// (`detail=none`, docs/RULES.md §3.1). `None` when the text is shorter than
/// one trigram.
pub fn trigram_query(text: &str) -> Option<String> {
    let chars: Vec<char> = text
        .trim()
        .chars()
        .take(SEARCH_MAX_CHARS)
        .flat_map(char::to_lowercase)
        .collect();
    let mut terms: Vec<String> = vec![];
    for w in chars.windows(3) {
        let term: String = w.iter().collect();
        let term = format!("\"{}\"", term.replace('"', "\"\""));
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    (!terms.is_empty()).then(|| terms.join(" AND "))
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
    fn trigram_queries_require_each_distinct_trigram_and_need_three_characters() {
        assert_eq!(trigram_query(" ab "), None);
        assert_eq!(trigram_query("a\"b").as_deref(), Some("\"a\"\"b\""));
        assert_eq!(
            trigram_query("Leeds").as_deref(),
            Some("\"lee\" AND \"eed\" AND \"eds\"")
        );
        assert_eq!(trigram_query("aaaa").as_deref(), Some("\"aaa\""));
        assert_eq!(
            trigram_query(&"x".repeat(50_000)).as_deref(),
            Some("\"xxx\"")
        );
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(contains_pattern("LeEdS"), "%leeds%");
    }
}
