//! Server-rendered record pages answer the status the API answers (issue 14,
//! item 5): a missing or hidden record 404 with the same page, a refused
//! one 403, a shown one 200.
use crate::both;
use crate::records_matrix::{principal, sample_ids, KINDS, LOGINS};
use crate::support::TestDb;
use app::auth::permissions::{decide_network, Action, Decision, NetworkTarget, Reason};

both!(
    record_pages_answer_404_when_hidden_and_403_when_refused,
    |t: TestDb| async move {
        let app = t.app();
        let mut failures = vec![];
        let (mut hidden, mut refused) = (0, 0);
        for login in LOGINS {
            let who = principal(&t, login).await;
            let cookie = app.sign_in(login).await;
            for kind in KINDS {
                let mut pages = vec![];
                for id in sample_ids(&t, kind).await {
                    let rec = app::ssr::records::detail::load(&t.db, kind, id)
                        .await
                        .unwrap()
                        .unwrap();
                    let want = match decide_network(
                        &who,
                        Action::View,
                        &NetworkTarget::Record(kind, rec.facts),
                    ) {
                        Decision::Allowed(_) => 200,
                        Decision::Denied(Reason::OutOfScope { .. }) => {
                            hidden += 1;
                            404
                        }
                        Decision::Denied(_) => {
                            refused += 1;
                            403
                        }
                    };
                    pages.push((id, want));
                }
                let kind_view =
                    decide_network(&who, Action::View, &NetworkTarget::Kind(kind)).is_allowed();
                pages.push((999_999, if kind_view { 404 } else { 403 }));
                for (id, want) in pages {
                    let path = format!("/areas/{}/{id}", kind.slug());
                    let r = app.get(&path, Some(&cookie)).await;
                    if r.status.as_u16() != want {
                        failures.push(format!("{login} {path}: expected {want}, got {}", r.status));
                        continue;
                    }
                    if want == 404 {
                        // Hidden and missing read alike: only the number differs.
                        let said = format!(
                            "there is no {} number {id}",
                            kind.plural().trim_end_matches('s')
                        );
                        if !r.body.contains(&said) || !r.body.contains("Record not shown") {
                            failures
                                .push(format!("{login} {path}: 404 page does not say {said:?}"));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(
            hidden > 0 && refused > 0,
            "the sample covers hidden ({hidden}) and refused ({refused}) records"
        );
    }
);
