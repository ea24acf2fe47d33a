//! Adding a record: the editable fields, and the Partner for national roles.
//! Errors in the GOV.UK pattern (RULES §5.1): the summary at the top, the
//! message at the field, what was typed kept (without JavaScript the server
//! sends it back in the URL).
use super::fields::{field_id, field_input, kept_input};
use crate::api::records::added::take_added;
use crate::api::records::list_records;
use crate::api::records::write::AddRecord;
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::components::error_summary::{field_error, message_at, ErrorSummary, Problem};
use crate::components::guard::{signed_in, Refused};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::records::schema::{columns, Column, Input};
use crate::records::view::{Created, ListPage};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewRecordPage() -> impl IntoView {
    let params = use_params_map();
    // Created once, outside any Suspense (national roles choose the Partner).
    let partners = Resource::new(
        || (),
        |_| list_records(RecordKind::Partner, "per=100".into()),
    );
    let added = added_resource();
    move || match RecordKind::from_slug(&params.read().get("kind").unwrap_or_default()) {
        Some(kind) if columns(kind).is_some() => new_record(kind, partners, added).into_any(),
        Some(_) | None => view! { <NotFound/> }.into_any(),
    }
}

fn new_record(
    kind: RecordKind,
    partners: Resource<Result<ListPage, AppError>>,
    added: Resource<Option<Created>>,
) -> impl IntoView {
    signed_in(move |p| {
        if let Decision::Denied(reason) =
            decide_network(&p, Action::Add, &NetworkTarget::Kind(kind))
        {
            return view! { <Refused what=format!("adding {}", kind.plural()) why=reason.to_string()/> }.into_any();
        }
        let add = ServerAction::<AddRecord>::new();
        let needs_partner = matches!(
            kind,
            RecordKind::Ea | RecordKind::Ec | RecordKind::SubContractor | RecordKind::PartnerUser
        ) && p
            .network
            .as_ref()
            .is_some_and(|g| g.binding.partner_id.is_none());
        // A Partner user's Partner is chosen above (national roles) or is the adder's.
        let cols = columns(kind).unwrap_or_default().iter().filter(|c| {
            c.edit
                .is_some_and(|(_, i)| i != Input::Pick(RecordKind::Partner))
        });
        let typed = kept_input(add, |a: &AddRecord| &a.values);
        let error = move || add.value().get().and_then(Result::err);
        let error_at = move |key: &'static str| error().and_then(|e| message_at(&e, key));
        let cols: Vec<&'static Column> = cols.collect();
        // The head's title may outlive this view by a tick: `try_get`.
        let adding = add.value();
        let title = move || match adding.try_get().flatten().and_then(Result::err) {
            Some(_) => format!("Error: Add {} — Caseboard", kind.plural()),
            None => format!("Add {} — Caseboard", kind.plural()),
        };
        view! {
            <leptos_meta::Title text=title/>
            <p class="breadcrumb"><a href=format!("/areas/{}", kind.slug())>{kind.title()}</a></p>
            <h1>"Add " {kind.plural()}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move { added.await.map(|c| added_view(kind, c)) })}
            </Suspense>
            {move || error().map(|e| {
                let problems = Problem::all_of(&e, |f| {
                    let known = f == "partner_id" && needs_partner
                        || columns(kind).unwrap_or_default().iter().any(|c| c.key == f && c.edit.is_some());
                    known.then(|| if f == "partner_id" && needs_partner { "partner".to_string() } else { field_id(f) })
                });
                view! { <ErrorSummary problems/> }
            })}
            <ActionForm action=add attr:novalidate="">
                <input type="hidden" name="kind" value=format!("{kind:?}")/>
                {needs_partner.then(|| view! { <PartnerChoice partners chosen=typed("partner_id") error=Signal::derive(move || error_at("partner_id"))/> })}
                {move || cols.iter().map(|c| {
                    let value = typed(c.key).or_else(|| initial_value(c));
                    field_input(c, value, None, error_at(c.key))
                }).collect_view()}
                <button type="submit">"Add"</button>
            </ActionForm>
            {move || add.value().get().map(|r| match r {
                Ok(created) => added_view(kind, created),
                Err(_) => ().into_any(),
            })}
        }
        .into_any()
    })
}

/// What adding gave: the record, and the invitation link or notice to pass
/// on. A status, so it is announced; at the top of the page without
/// JavaScript (the page is answered afresh), under the form with it.
fn added_view(kind: RecordKind, created: Created) -> AnyView {
    view! {
        <div role="status" class="done added">
            <p>"Added. "<a href=format!("/areas/{}/{}", kind.slug(), created.id)>"Open the record"</a></p>
            {created.notice.map(|notice| view! { <p class="notice">{notice}</p> })}
            {created.invitation_link.map(|link| view! {
                <p>"The login has no password yet. Pass this one-time invitation link to the person (valid 7 days): "
                    <code class="invitation">{link}</code></p>
            })}
        </div>
    }
    .into_any()
}

/// The outcome of an add posted without JavaScript (`?added=ID`): read once
/// from its cookie on the server (RULES §5.3). A reload finds no cookie and
/// still links the record. Created once for the page, outside any Suspense,
/// so hydration reuses what the server read.
fn added_resource() -> Resource<Option<Created>> {
    let params = use_params_map();
    let query = use_query_map();
    let source = Memo::new(move |_| {
        let kind = RecordKind::from_slug(&params.read().get("kind").unwrap_or_default());
        let id = query
            .read()
            .get("added")
            .and_then(|s| s.parse::<i64>().ok());
        kind.zip(id)
    });
    Resource::new(
        move || source.get(),
        |added| async move {
            let (kind, id) = added?;
            let given = take_added(kind, id).await.ok().flatten();
            Some(given.unwrap_or(Created {
                id,
                invitation_link: None,
                notice: None,
            }))
        },
    )
}

/// What a field of a new record starts at: a new record is active (an
/// invitee added inactive could never sign in); every other field is empty.
fn initial_value(col: &Column) -> Option<String> {
    (col.key == "active").then(|| "yes".to_string())
}

#[component]
fn PartnerChoice(
    partners: Resource<Result<ListPage, AppError>>,
    chosen: Option<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let chosen = chosen.clone();
                Suspend::new(async move {
                let rows = partners.await.map(|l| l.rows).unwrap_or_default();
                let invalid = move || error.get().is_some().then_some("true");
                let described = move || error.get().map(|_| "partner-error");
                view! {
                    <div class="field" class:field-with-error=move || error.get().is_some()>
                        <label for="partner">"Partner"</label>
                        {move || field_error("partner", error.get())}
                        <select id="partner" name="values[partner_id]" aria-invalid=invalid aria-describedby=described>
                            <option value="">"—"</option>
                            {rows.into_iter().map(|r| {
                                let selected = chosen.as_deref() == Some(r.id.to_string().as_str());
                                view! {
                                    <option value=r.id.to_string() selected=selected>{r.cells.first().cloned().flatten().unwrap_or_default()}</option>
                                }
                            }).collect_view()}
                        </select>
                    </div>
                }
            })
            }}
        </Suspense>
    }
}
