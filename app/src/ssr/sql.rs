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

    /// Drops each `LEFT JOIN <table> <alias> ON …` of the FROM clause `from`
    /// (to-one joins on a key, as every records table's are) that nothing
    /// else in the statement names: such a join can change no row and no
    /// count, only cost a lookup per row, and SQLite keeps it in aggregates
    /// (docs/RULES.md §7.3). The last joins go first, so one that only a
    /// dropped join named goes too.
    pub fn drop_unused_joins(&mut self, from: &str) {
        let joins: Vec<&str> = from.split(" LEFT JOIN ").skip(1).collect();
        for join in joins.into_iter().rev() {
            let Some(alias) = join.split_whitespace().nth(1) else {
                continue;
            };
            let clause = format!(" LEFT JOIN {join}");
            let Some(at) = self.text.find(&clause) else {
                continue;
            };
            let rest = format!("{}{}", &self.text[..at], &self.text[at + clause.len()..]);
            if !names_alias(&rest, alias) {
                self.text = rest;
            }
        }
    }

    /// Appends `other`'s text and arguments, its placeholders renumbered to
    /// follow this statement's: statements built apart joined into one (the
    /// arms of a `UNION ALL`). The builder writes `$` only in placeholders,
    /// as every value is bound, never written into the text.
    pub fn append(&mut self, other: &Sql) -> &mut Self {
        let offset = self.args.len();
        let mut rest = other.text.as_str();
        while let Some(at) = rest.find('$') {
            self.text.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            let digits = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            if let Ok(n) = rest[..digits].parse::<usize>() {
                self.text.push_str(&(n + offset).to_string());
                rest = &rest[digits..];
            }
        }
        self.text.push_str(rest);
        self.args.extend(other.args.iter().cloned());
        self
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

/// Whether `sql` names `alias.` as a whole word (not `scope_e.` for `e`).
fn names_alias(sql: &str, alias: &str) -> bool {
    let needle = format!("{alias}.");
    sql.match_indices(&needle).any(|(at, _)| {
        sql[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    use super::{Arg, Sql};

    #[test]
    fn an_appended_statement_numbers_its_placeholders_after_ours() {
        let mut first = Sql::new("SELECT a FROM x WHERE b = ");
        first.int(1).push(" AND c = ").text("one");
        let mut second = Sql::new("SELECT a FROM y WHERE ");
        for i in 0..10 {
            second.push(if i == 0 { "b IN (" } else { ", " }).int(i);
        }
        second.push(")");
        first.push(" UNION ALL ").append(&second);
        assert_eq!(
            first.as_str(),
            "SELECT a FROM x WHERE b = $1 AND c = $2 UNION ALL \
             SELECT a FROM y WHERE b IN ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        );
        assert_eq!(first.args().len(), 12);
        assert_eq!(first.args()[1], Arg::Text("one".into()));
        assert_eq!(first.args()[11], Arg::Int(9));
    }

    const FROM: &str = "institutions t LEFT JOIN partners p ON p.id = t.partner_id \
         LEFT JOIN ecs e ON e.id = t.ec_id LEFT JOIN latest_evaluations l ON l.institution_id = t.id";

    #[test]
    fn only_the_joins_the_statement_names_stay() {
        let mut sql = Sql::new(format!(
            "SELECT COUNT(*), SUM(l.b1) FROM {FROM} WHERE t.status = 'active' AND EXISTS \
             (SELECT 1 FROM urn_list_entries scope_e WHERE scope_e.urn = t.urn)"
        ));
        sql.drop_unused_joins(FROM);
        assert_eq!(
            sql.as_str(),
            "SELECT COUNT(*), SUM(l.b1) FROM institutions t \
             LEFT JOIN latest_evaluations l ON l.institution_id = t.id WHERE t.status = 'active' AND EXISTS \
             (SELECT 1 FROM urn_list_entries scope_e WHERE scope_e.urn = t.urn)"
        );
        let mut all = Sql::new(format!("SELECT p.name, e.id, l.b1 FROM {FROM}"));
        all.drop_unused_joins(FROM);
        assert_eq!(
            all.as_str(),
            format!("SELECT p.name, e.id, l.b1 FROM {FROM}")
        );
    }
}
