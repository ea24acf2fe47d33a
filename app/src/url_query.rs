//! The one list-query codec. Every list keeps its state — search, filters,
//! sort, page — in the URL so links can be shared and Back works; its typed
//! query struct goes to and from the query string only through this module
//! (`application/x-www-form-urlencoded`, as HTML forms send it).

/// A typed list query that lives in the URL.
pub trait UrlQuery {
    /// The parameters that differ from the default, in a stable order.
    fn to_pairs(&self) -> Vec<(String, String)>;

    /// The query string without a leading `?`; empty for the default query.
    fn to_query_string(&self) -> String {
        encode(self.to_pairs())
    }

    /// `path?query`, or `path` alone for the default query.
    fn href(&self, path: &str) -> String {
        href(path, &self.to_query_string())
    }
}

/// The decoded pairs of a query string (a leading `?` is allowed).
/// Malformed escapes are kept as they are, never an error.
pub fn parse(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

/// Encodes pairs as a query string, without a leading `?`.
pub fn encode<K: AsRef<str>, V: AsRef<str>>(pairs: impl IntoIterator<Item = (K, V)>) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        out.append_pair(k.as_ref(), v.as_ref());
    }
    out.finish()
}

/// `path?query`, or `path` alone when the query is empty.
pub fn href(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// One value, encoded for a query string.
pub fn encode_value(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// One query-string value, decoded.
pub fn decode_value(value: &str) -> String {
    parse(&format!("v={value}"))
        .pop()
        .map(|(_, v)| v)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip() {
        let pairs = vec![
            ("q".to_string(), "Jon Shaw & co=1?".to_string()),
            ("f_sector".to_string(), "Café / 50%".to_string()),
        ];
        assert_eq!(parse(&encode(pairs.clone())), pairs);
        assert_eq!(parse(&format!("?{}", encode(pairs.clone()))), pairs);
    }

    #[test]
    fn malformed_escapes_are_kept() {
        assert_eq!(
            parse("q=%zz%4"),
            vec![("q".to_string(), "%zz%4".to_string())]
        );
    }

    #[test]
    fn href_leaves_out_an_empty_query() {
        assert_eq!(href("/areas/eas", ""), "/areas/eas");
        assert_eq!(href("/areas/eas", "page=2"), "/areas/eas?page=2");
    }

    #[test]
    fn values_round_trip() {
        for v in ["", "a b", "x&y=z", "100%", "Ünïcode ’"] {
            assert_eq!(decode_value(&encode_value(v)), v);
        }
    }
}
