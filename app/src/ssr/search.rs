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
/// containing `text` (and possibly more, which the `LIKE` then drops):
/// `None` when the text is shorter than one trigram.
///
/// It asks for trigrams that tile the text (the first, every third, and the
/// last), each anywhere, rather than for the whole text as a phrase: the
/// index then walks a third of the posting lists and compares no positions,
/// which cost more than the few extra candidates the `LIKE` drops
/// (docs/RULES.md §3.1).
pub fn trigram_query(text: &str) -> Option<String> {
    let chars: Vec<char> = text.trim().chars().take(SEARCH_MAX_CHARS).collect();
    let last = chars.len().checked_sub(3)?;
    let mut starts: Vec<usize> = (0..=last).step_by(3).collect();
    if starts.last() != Some(&last) {
        starts.push(last);
    }
    let terms: Vec<String> = starts
        .into_iter()
        .map(|at| {
            let trigram: String = chars[at..at + 3].iter().collect();
            format!("\"{}\"", trigram.replace('"', "\"\""))
        })
        .collect();
    Some(terms.join(" AND "))
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
    fn trigram_queries_tile_the_text_and_need_three_characters() {
        assert_eq!(trigram_query(" ab "), None);
        assert_eq!(trigram_query("abc").as_deref(), Some("\"abc\""));
        assert_eq!(
            trigram_query("a\"bc").as_deref(),
            Some("\"a\"\"b\" AND \"\"\"bc\"")
        );
        assert_eq!(
            trigram_query("academy").as_deref(),
            Some("\"aca\" AND \"dem\" AND \"emy\"")
        );
        assert_eq!(
            trigram_query("Leeds 5%").as_deref(),
            Some("\"Lee\" AND \"ds \" AND \" 5%\"")
        );
    }

    #[test]
    fn case_is_folded() {
        assert_eq!(contains_pattern("LeEdS"), "%leeds%");
    }
}
