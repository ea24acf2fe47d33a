//! A record's related lists are read as one statement, one arm per list
//! (docs/RULES.md §5.1). Each list must hold exactly what its relation gives
//! as a list of its own, through the list machinery, for every role.
use crate::both;
use crate::records_matrix::{principal, KINDS, LOGINS};
use crate::support::TestDb;
use app::auth::permissions::{decide_network, Action, NetworkTarget};
use app::records::query::ListQuery;
use app::ssr::records::list::{list, Extra};
use app::ssr::records::related::{related, relations};
use app::ssr::records::tables::table;

both!(
    each_related_list_is_its_relation_listed_alone,
    |t: TestDb| async move {
        let mut compared = 0;
        for login in LOGINS {
            let who = principal(&t, login).await;
            for kind in KINDS {
                let Some(tb) = table(kind) else { continue };
                let ids: Vec<i64> =
                    sqlx::query_scalar(&format!("SELECT id FROM {} ORDER BY id LIMIT 6", tb.table))
                        .fetch_all(&t.db.read)
                        .await
                        .unwrap();
                for id in ids {
                    let got = related(&t.db, &who, kind, id).await.unwrap();
                    let mut want = vec![];
                    for (title, rk, cond) in relations(kind) {
                        let scope = decide_network(&who, Action::View, &NetworkTarget::Kind(*rk));
                        let Some(scope) = scope.scope() else { continue };
                        let q = ListQuery {
                            per_page: 100,
                            ..ListQuery::default()
                        };
                        let extra = Some(Extra { cond, arg: id });
                        let page = list(&t.db, &who, *rk, &q, scope, extra).await.unwrap();
                        want.push((title.to_string(), *rk, page));
                    }
                    let at = format!("{login}, {kind:?} {id}");
                    assert_eq!(got.len(), want.len(), "{at}: the lists shown");
                    for (list, (title, rk, page)) in got.iter().zip(&want) {
                        assert_eq!((&list.title, list.kind), (title, *rk), "{at}");
                        let mut shown: Vec<i64> = list.items.iter().map(|i| i.id).collect();
                        let mut all: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
                        shown.sort_unstable();
                        all.sort_unstable();
                        assert!(page.total <= 100, "{at}, {title}: more than a page");
                        assert_eq!(shown, all, "{at}, {title}");
                        compared += shown.len();
                    }
                }
            }
        }
        assert!(compared >= 100, "only {compared} related records compared");
    }
);
