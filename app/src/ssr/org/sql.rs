//! A tiny builder for SQL text with numbered placeholders and its arguments,
//! so filters compose without ever pasting user text into SQL.
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

#[derive(Clone, Debug)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
}

/// SQL text and the values of its `$1, $2, …` placeholders, in order.
#[derive(Clone, Debug, Default)]
pub struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql {
            text: text.to_string(),
            args: vec![],
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `v`.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.arg(Arg::Int(Some(v)))
    }

    pub fn text(&mut self, v: impl Into<String>) -> &mut Self {
        self.arg(Arg::Text(Some(v.into())))
    }

    fn arg(&mut self, a: Arg) -> &mut Self {
        self.args.push(a);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The query with every argument bound, ready to fetch.
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
            };
        }
        q
    }
}

/// `%text%` for a case-insensitive LIKE, with `\` escaping `%`, `_` and `\`.
pub fn contains_pattern(text: &str) -> String {
    let mut p = String::from("%");
    for c in text.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}
