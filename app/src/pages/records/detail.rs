//! One record (RULES §5.1): a summary list of its fields with "Change"
//! links, related records, the actions the role may take in one place (each
//! missing one explained in a disclosure); editing at `?edit=1`; version and
//! history on their own tab.
mod summary;

use super::actions::{AssignOptions, RecordActions, RecordForms};
use crate::api::records::{get_record, record_history};
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::components::guard::signed_in;
use crate::components::history::History;
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::records::schema::column;
use crate::records::view::{HistoryEntry, RecordView};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn RecordDetailPage() -> impl IntoView {
    let target = record_target();
    let forms = RecordForms::new();
    provide_context(forms);
    // A save or reopen that succeeded: the record reloads and its page says
    // so in a banner that takes focus (RULES §5.1).
    let navigate = use_navigate();
    Effect::new(move |_| {
        let saved = matches!(forms.save.value().get(), Some(Ok(_)));
        let reopened = matches!(forms.reopen.value().get(), Some(Ok(_)));
        if let (true, Some((kind, id))) = (saved || reopened, target.get_untracked()) {
            if saved {
                forms.saved.update(|n| *n += 1);
            }
            let flag = if saved { "saved" } else { "reopened" };
            navigate(
                &format!("/areas/{}/{id}?{flag}=1", kind.slug()),
                Default::default(),
            );
        }
    });
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
                            Some(Err(e)) => not_shown(e),
                            None => view! { <NotFound/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        }
    })
}

/// The record a `/areas/:kind/:id…` page is about, read from its path.
pub fn record_target() -> Memo<Option<(RecordKind, i64)>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let kind = RecordKind::from_slug(&params.read().get("kind").unwrap_or_default());
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        kind.zip(id)
    })
}

/// A record that cannot be shown: the refusal, answered with its status.
pub fn not_shown(e: AppError) -> AnyView {
    answer_status(&e);
    view! {
        <h1>"Record not shown"</h1>
        <p role="alert" class="error">{e.to_string()}</p>
    }
    .into_any()
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

/// "EA record", "Institution record": what one record of the kind is called.
pub fn record_noun(kind: RecordKind) -> &'static str {
    kind.plural().trim_end_matches('s')
}

#[component]
fn Record(
    r: RecordView,
    p: Principal,
    history: Option<Result<Vec<HistoryEntry>, AppError>>,
    options: AssignOptions,
) -> impl IntoView {
    let forms = expect_context::<RecordForms>();
    // A picker's search made without JavaScript, for the pickers of both the
    // edit mode and the actions.
    provide_context(options.found.clone());
    let base = format!("/areas/{}/{}", r.kind.slug(), r.id);
    let query = use_query_map();
    let may_edit = decide_network(
        &p,
        Action::Edit,
        &NetworkTarget::Record(r.kind, r.facts.clone()),
    )
    .is_allowed();
    let on_history = history.is_some();
    let editing = Memo::new(move |_| {
        may_edit && !on_history && query.read().get("edit").as_deref() == Some("1")
    });
    let noun = record_noun(r.kind);
    let title = r.title.clone();
    // The head's title outlives this view by a tick when the page changes:
    // it reads signals with `try_get`, never a disposed one.
    let saving = forms.save.value();
    let page_title = {
        let title = title.clone();
        move || {
            let refused = matches!(saving.try_get().flatten(), Some(Err(_)));
            match (editing.try_get().unwrap_or(false), on_history) {
                (true, _) if refused => format!("Error: Edit {title} — {noun} — Caseboard"),
                (true, _) => format!("Edit {title} — {noun} — Caseboard"),
                (false, true) => format!("History: {title} — {noun} — Caseboard"),
                (false, false) => format!("{title} — {noun} — Caseboard"),
            }
        }
    };
    let banner_text = {
        let title = title.clone();
        move || {
            let q = query.read();
            if q.get("saved").is_some() {
                Some(format!("Your changes to {title} were saved."))
            } else if q.get("reopened").is_some() {
                Some(format!("{title} was reopened: it is back in open lists."))
            } else if q.get("closed").is_some() {
                Some(format!("{title} was closed. Nothing was deleted."))
            } else {
                None
            }
        }
    };
    let body = match history {
        Some(entries) => view! {
            <dl class="summary-list record-fields">
                <div><dt>"Version"</dt><dd>{r.version}</dd></div>
            </dl>
            {history_view(r.kind, entries)}
        }
        .into_any(),
        None => {
            let r = r.clone();
            (move || {
                if editing.get() {
                    super::edit::edit_section(r.clone(), p.clone(), options.partners.clone())
                } else {
                    details(r.clone(), p.clone(), options.clone(), may_edit)
                }
            })
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=page_title/>
        <p class="breadcrumb"><a href=format!("/areas/{}", r.kind.slug())>{r.kind.title()}</a></p>
        {move || banner_text().map(|text| view! { <SuccessBanner text/> })}
        <span class="caption">{noun}</span>
        <h1>{title.clone()}{r.closed.then(|| view! { " " <strong class="tag tag-grey">"Closed"</strong> })}</h1>
        {r.closed.then(|| view! {
            <p class="closed-notice">{closed_notice(r.closed_by.as_ref())}</p>
        })}
        <nav class="tabs" aria-label="Record">
            <a href=base.clone() aria-current=(!on_history).then_some("page")>"Details"</a>
            <a href=format!("{base}?tab=history") aria-current=on_history.then_some("page")>"Version and history"</a>
        </nav>
        {body}
    }
}

/// The record read: fields, related records, then the actions.
fn details(r: RecordView, p: Principal, options: AssignOptions, may_edit: bool) -> AnyView {
    view! {
        {summary::summary_list(&r, &p, may_edit)}
        {r.related.clone().into_iter().enumerate()
            .filter(|(_, rel)| !summary::repeats_field(&r, rel))
            .map(|(i, rel)| summary::related_table(i, rel)).collect_view()}
        {super::compass::compass_view(r.compass.clone())}
        <RecordActions r p options/>
    }
    .into_any()
}

/// The GOV.UK success banner: a status that takes focus when it appears, so
/// a keyboard or screen reader user hears what happened (RULES §5.1).
#[component]
fn SuccessBanner(text: String) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            let _ = el.focus();
        }
    });
    view! {
        <div class="notification-banner success" role="status" aria-labelledby="banner-title" tabindex="-1" node_ref=node>
            <h2 class="notification-title" id="banner-title">"Success"</h2>
            <p class="notification-heading">{text}</p>
        </div>
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

/// What a closed record's notice says: who closed it and when, if recorded.
fn closed_notice(by: Option<&(String, i64)>) -> String {
    let whom = by.map_or(String::new(), |(who, at)| {
        format!(" by {who} on {}", crate::display::london_time(*at))
    });
    format!(
        "This record was closed{whom}: it no longer appears in open lists. Nothing was deleted; its history is kept."
    )
}
