//! Dashboard figures remembered until the data changes (docs/RULES.md §7.1).
//!
//! Every change to the records writes an audit row in its own transaction
//! (house rule), and bulk loads (the demo seed, the register import's new
//! rows) add rows with new ids; so the newest audit id together with the
//! newest id of each counted table names the state of the data. A dashboard
//! computed at one state is served again, unchanged, only while the state
//! is the same; any change makes the next request count afresh. The state is
//! read *before* counting, so a remembered answer is never older than its
//! state. Six index lookups replace the grouped passes on a repeat view.
use crate::ssr::db::Db;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{LazyLock, Mutex};

/// The state of the counted data: newest ids of the audit log and of every
/// table a dashboard counts.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DataState {
    audit: i64,
    institutions: i64,
    reports: i64,
    matches: i64,
    eas: i64,
    urns: i64,
}

pub async fn data_state(db: &Db) -> Result<DataState, sqlx::Error> {
    let newest = |table: &str, alias: &str| {
        format!("(SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}) AS {alias}")
    };
    let sql = format!(
        "SELECT {}, {}, {}, {}, {}, {}",
        newest("audit_log", "audit"),
        newest("institutions", "institutions"),
        newest("compass_reports", "reports"),
        newest("ea_matches", "matches"),
        newest("eas", "eas"),
        newest("urn_list_entries", "urns"),
    );
    sqlx::query_as::<_, DataState>(&sql)
        .fetch_one(&db.read)
        .await
}

/// Answers remembered per database and key, each with the state it was
/// computed at. Bounded: when full it starts again empty.
pub struct Memo<K, V> {
    entries: LazyLock<Mutex<Entries<K, V>>>,
}

/// (database, key) → (the state it was counted at, the answer).
type Entries<K, V> = HashMap<(String, K), (DataState, V)>;

const MOST: usize = 2048;

impl<K: Eq + Hash + Clone, V: Clone> Default for Memo<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Memo<K, V> {
    pub const fn new() -> Self {
        Memo {
            entries: LazyLock::new(|| Mutex::new(HashMap::new())),
        }
    }

    fn database(db: &Db) -> String {
        db.read.connect_options().database_url.to_string()
    }

    /// The answer for `key` computed at `state`, if there is one.
    pub fn get(&self, db: &Db, key: &K, state: &DataState) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        match entries.get(&(Self::database(db), key.clone())) {
            Some((s, v)) if s == state => Some(v.clone()),
            _ => None,
        }
    }

    pub fn put(&self, db: &Db, key: K, state: DataState, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MOST {
                entries.clear();
            }
            entries.insert((Self::database(db), key), (state, value));
        }
    }
}
