//! The one builder for SQL text with numbered parameters (`$1`, `$2`, …),
//! which both SQLite and PostgreSQL accept through sqlx's Any driver. Filters
//! compose as text while every value travels as a bound argument: user text
//! never becomes SQL.
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::Any;

/// One bound value. NULLs carry their type: PostgreSQL types its parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
    NullInt,
    NullText,
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(v)
    }
}

impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Arg::NullInt, Arg::Int)
    }
}

impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_string())
    }
}

impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        v.map_or(Arg::NullText, Arg::Text)
    }
}

/// Binds every argument, in order, to a sqlx query of any of its three shapes
/// (each has its own inherent `bind`).
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for a in $args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(s) => q.bind(s.as_str()),
                Arg::NullInt => q.bind(None::<i64>),
                Arg::NullText => q.bind(None::<String>),
            };
        }
        q
    }};
}

/// SQL text and the values of its placeholders, in order.
#[derive(Clone, Debug, Default)]
pub struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            args: vec![],
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Puts text before what is there (a SELECT list before a shared FROM … WHERE).
    pub fn prepend(&mut self, text: &str) -> &mut Self {
        self.text.insert_str(0, text);
        self
    }

    /// Adds an argument and returns its placeholder, for building text with `format!`.
    pub fn arg(&mut self, a: impl Into<Arg>) -> String {
        self.args.push(a.into());
        format!("${}", self.args.len())
    }

    /// Appends a placeholder bound to `a`.
    pub fn bind(&mut self, a: impl Into<Arg>) -> &mut Self {
        let p = self.arg(a);
        self.text.push_str(&p);
        self
    }

    /// Appends a placeholder bound to an integer.
    pub fn int(&mut self, v: i64) -> &mut Self {
        self.bind(v)
    }

    /// Appends a placeholder bound to a text value.
    pub fn text(&mut self, v: impl Into<String>) -> &mut Self {
        self.bind(Arg::Text(v.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn args(&self) -> &[Arg] {
        &self.args
    }

    /// The statement with every argument bound.
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        bind_all!(sqlx::query(&self.text), &self.args)
    }

    /// The statement read into typed rows.
    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> sqlx::FromRow<'r, AnyRow>,
    {
        bind_all!(sqlx::query_as::<Any, T>(&self.text), &self.args)
    }

    /// The statement read as one value per row.
    pub fn query_scalar<T>(&self) -> QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> sqlx::FromRow<'r, AnyRow>,
    {
        bind_all!(sqlx::query_scalar::<Any, T>(&self.text), &self.args)
    }
}
