//! One record: its fields, related records, the actions the role may take
//! (each missing one explained) and its history.
use super::actions::{AssignOptions, RecordActions, RecordForms};
use crate::api::records::{get_record, record_history};
use crate::auth::permissions::RecordKind;
use crate::auth::roles::Principal;
use crate::components::guard::signed_in;
use crate::components::history::History;
use crate::display::shown;
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::records::schema::{column, columns};
use crate::records::view::{HistoryEntry, RecordView};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RecordDetailPage() -> impl IntoView {
    let params = use_params_map();
    let target = Memo::new(move |_| {
        let kind = RecordKind::from_slug(&params.read().get("kind").unwrap_or_default());
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        kind.zip(id)
    });
    let forms = RecordForms::new();
    provide_context(forms);
    // Created once for the page, outside any Suspense: a resource created while
    // a Suspense renders would be created again on every pass.
    let record = Resource::new(
        move || (target.get(), forms.versions()),
        |(target, _)| async move {
            match target {
                Some((kind, id)) => Some(get_record(kind, id).await),
                None => None,
            }
        },
    );
    let tab = use_query_map();
    let history_tab = Memo::new(move |_| tab.read().get("tab").as_deref() == Some("history"));
    let history = Resource::new(
        move || (target.get(), history_tab.get(), forms.versions()),
        |(target, wanted, _)| async move {
            match (target, wanted) {
                (Some((kind, id)), true) => Some(record_history(kind, id).await),
                (_, false) | (None, true) => None,
            }
        },
    );
    // Partner choices for roles that may set an Institution's Partner (ECs
    // and Sub-contractors are found with pickers, docs/RULES.md §2.5).
    let me = crate::components::session::SessionContext::get().me;
    // A picker's search made without JavaScript (`find_<prefix>` in the URL).
    let find = Memo::new(move |_| {
        tab.get()
            .into_iter()
            .find(|(k, v)| k.starts_with("find_") && !v.trim().is_empty())
            .map(|(k, v)| (k.trim_start_matches("find_").to_string(), v.clone()))
    });
    let options = Resource::new(
        move || (target.get(), forms.versions(), find.get()),
        move |(target, _, find)| async move {
            let who = me.await.ok().flatten();
            let found = match (find, target) {
                (Some((prefix, text)), Some((kind, _))) => {
                    crate::components::picker::found_for(&prefix, kind, text).await
                }
                _ => None,
            };
            AssignOptions {
                found,
                partners: match (&who, target) {
                    (Some(p), Some((RecordKind::Institution, _)))
                        if super::actions::may_set_partner(p) =>
                    {
                        crate::api::gias::partners::partner_choices()
                            .await
                            .map(|(partners, _)| partners)
                            .unwrap_or_default()
                    }
                    _ => vec![],
                },
            }
        },
    );
    signed_in(move |p| {
        view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let p = p.clone();
                    Suspend::new(async move {
                        let (r, h, options) = (record.await, history.await, options.await);
                        match r {
                            Some(Ok(r)) => view! { <Record r p history=h options/> }.into_any(),
                            Some(Err(e)) => {
                                answer_status(&e);
                                view! {
                                    <h1>"Record not shown"</h1>
                                    <p role="alert" class="error">{e.to_string()}</p>
                                }
                                    .into_any()
                            }
                            None => view! { <NotFound/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        }
    })
}

/// Rendered on the server, the page answers with the error's status: a
/// hidden record 404 like a missing one, a refused page 403.
pub(crate) fn answer_status(e: &AppError) {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(e.status()),
    ) {
        res.set_status(code);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = e;
}

#[component]
fn Record(
    r: RecordView,
    p: Principal,
    history: Option<Result<Vec<HistoryEntry>, AppError>>,
    options: AssignOptions,
) -> impl IntoView {
    let base = format!("/areas/{}/{}", r.kind.slug(), r.id);
    view! {
        <leptos_meta::Title text=format!("{} — Caseboard", r.title)/>
        <p class="breadcrumb"><a href=format!("/areas/{}", r.kind.slug())>{r.kind.title()}</a></p>
        <h1>{r.title.clone()}{r.closed.then_some(" (closed)")}</h1>
        <nav class="tabs" aria-label="Record">
            <a href=base.clone() aria-current=history.is_none().then_some("page")>"Details"</a>
            <a href=format!("{base}?tab=history") aria-current=history.is_some().then_some("page")>"History"</a>
        </nav>
        {match history {
            Some(entries) => history_view(r.kind, entries),
            None => view! {
                <Details r=r.clone()/>
                {super::compass::compass_view(r.compass.clone())}
                <RecordActions r p options/>
            }.into_any(),
        }}
    }
}

#[component]
fn Details(r: RecordView) -> impl IntoView {
    let cols = columns(r.kind).unwrap_or_default();
    view! {
        <dl class="record-fields">
            {cols.iter().map(|c| view! {
                <div><dt>{c.label}</dt><dd>{r.value(c.key).filter(|v| !v.is_empty()).map_or_else(|| "—".to_string(), shown)}</dd></div>
            }).collect_view()}
            <div><dt>"Version"</dt><dd>{r.version}</dd></div>
        </dl>
        {r.notes.into_iter().map(|n| view! { <p class="record-note">{n}</p> }).collect_view()}
        {r.related.into_iter().map(|rel| view! {
            <section class="related">
                <h2>{rel.title.clone()}</h2>
                {if rel.items.is_empty() {
                    view! { <p class="hint">"None you can see."</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {rel.items.into_iter().map(|i| view! {
                                <li><a href=format!("/areas/{}/{}", rel.kind.slug(), i.id)>{i.label}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }).collect_view()}
    }
}

/// The record's changes with each field's label, or the refusal.
fn history_view(kind: RecordKind, entries: Result<Vec<HistoryEntry>, AppError>) -> AnyView {
    match entries {
        Ok(list) => {
            let entries: Vec<HistoryEntry> = list
                .into_iter()
                .map(|h| HistoryEntry {
                    field: Some(field_label(kind, h.field.as_deref())),
                    ..h
                })
                .collect();
            view! { <History entries/> }.into_any()
        }
        Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
    }
}

/// The label a page uses for an audited field (the audit stores the column key).
fn field_label(kind: RecordKind, key: Option<&str>) -> String {
    match key {
        Some(k) => column(kind, k)
            .map(|c| c.label.to_string())
            .unwrap_or_else(|| k.to_string()),
        None => String::new(),
    }
}
