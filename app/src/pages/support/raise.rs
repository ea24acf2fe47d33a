//! "Raise a support request": every signed-in person (docs/RULES.md §2.7).
//! A plain form that ActionForm enhances; on an error the GOV.UK error
//! summary links to the field, and what was typed stays (without
//! JavaScript the server sends it back in the URL).
use crate::api::support::RaiseSupportRequest;
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::guard::{signed_in, Refused};
use crate::error::AppError;
use crate::records::support::{OTHER_SUBJECT, RELATED_KINDS, SUBJECTS, UPGRADE_SUBJECT};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

const KIND: RecordKind = RecordKind::SupportRequest;

#[component]
pub fn RaiseSupportRequestPage() -> impl IntoView {
    signed_in(|p| {
        if let Decision::Denied(reason) =
            decide_network(&p, Action::Add, &NetworkTarget::Kind(KIND))
        {
            return view! { <Refused what="raising a support request".to_string() why=reason.to_string()/> }
                .into_any();
        }
        let is_ec = p.network.as_ref().and_then(|g| g.binding.ec_id).is_some();
        view! { <RaiseForm is_ec/> }.into_any()
    })
}

/// The field an error belongs to, when it is about one of the form's fields.
/// The form's id for a refused field of the request.
fn field_id(field: &str) -> Option<&'static str> {
    Some(match field {
        "subject" => "subject-0",
        "subject_other" => "subject_other",
        "description" => "description",
        "related_kind" => "related_kind",
        "related_id" => "related_id",
        _ => return None,
    })
}

/// The message the error gives the field with this form id, if any.
fn message_for(e: &AppError, id: &str) -> Option<String> {
    e.invalid_fields()
        .into_iter()
        .find(|(f, _)| field_id(f) == Some(id))
        .map(|(_, m)| m.to_string())
}

#[component]
fn RaiseForm(is_ec: bool) -> impl IntoView {
    let raise = ServerAction::<RaiseSupportRequest>::new();
    let query = use_query_map();
    let initial = move |k: &str| query.read_untracked().get(k).unwrap_or_default();
    let (subject, other, description) = (
        initial("subject"),
        initial("subject_other"),
        initial("description"),
    );
    let (related_kind, related_id) = (initial("related_kind"), initial("related_id"));
    // A record named in the URL (a record page's "Ask about this record")
    // is shown by its title when the person may see it.
    let named = Resource::new(|| (), {
        let (kind, id) = (related_kind.clone(), related_id.clone());
        move |_| named_record(kind.clone(), id.clone())
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = raise.value().get() {
            navigate(
                &format!("/areas/support-requests/{id}?raised=1"),
                Default::default(),
            );
        }
    });
    let error = move || raise.value().get().and_then(Result::err);
    let error_for = move |id: &'static str| move || error().and_then(|e| message_for(&e, id));
    let field_error = move |id: &'static str| {
        let message = error_for(id);
        move || {
            message().map(|m| {
                view! { <p id=format!("{id}-error") class="field-error"><span class="visually-hidden">"Error: "</span>{m}</p> }
            })
        }
    };
    let described = move |id: &'static str, hint: Option<&'static str>| {
        let message = error_for(id);
        move || {
            let mut ids: Vec<String> = hint.map(|h| vec![h.to_string()]).unwrap_or_default();
            if message().is_some() {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move |id: &'static str| {
        let message = error_for(id);
        move || message().is_some().then_some("true")
    };
    view! {
        <leptos_meta::Title text="Raise a support request — Caseboard"/>
        <p class="breadcrumb"><a href="/areas/support-requests">"Support requests"</a></p>
        <h1>"Raise a support request"</h1>
        {move || error().map(|e| {
            let problems = Problem::all_of(&e, |f| field_id(f).map(str::to_string));
            view! { <ErrorSummary problems/> }
        })}
        <ActionForm action=raise attr:class="support-form" attr:novalidate="">
            <fieldset class="field" aria-describedby=described("subject-0", None)>
                <legend>"Subject"</legend>
                {field_error("subject-0")}
                {SUBJECTS.iter().enumerate().map(|(i, s)| {
                    let id = format!("subject-{i}");
                    let checked = subject == *s;
                    view! {
                        <div class="radio">
                            <input type="radio" id=id.clone() name="subject" value=*s checked=checked/>
                            <label for=id>{*s}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="subject_other">"If you chose Other, what is it about?"</label>
                {field_error("subject_other")}
                <input id="subject_other" name="subject_other" type="text" maxlength="200" value=other
                    aria-describedby=described("subject_other", None) aria-invalid=invalid("subject_other")/>
            </div>
            <div class="field">
                <label for="description">"Description"</label>
                <span id="description-hint" class="hint">"What you need, and anything that helps us act on it."</span>
                {field_error("description")}
                <textarea id="description" name="description" rows="6"
                    aria-describedby=described("description", Some("description-hint")) aria-invalid=invalid("description")>{description}</textarea>
            </div>
            <fieldset class="field">
                <legend>"Related record (optional)"</legend>
                <Suspense fallback=|| ()>
                    {move || {
                        let (kind, id) = (related_kind.clone(), related_id.clone());
                        Suspend::new(async move {
                            match named.await {
                                Some((k, n, title)) => view! {
                                    <p>"About "<a href=format!("/areas/{}/{n}", k.slug())>{title}</a>{format!(" ({})", k.title())}</p>
                                    <input type="hidden" name="related_kind" value=k.slug()/>
                                    <input type="hidden" name="related_id" value=n.to_string()/>
                                    <p><a href="/areas/support-requests/new">"Choose another record, or none"</a></p>
                                }.into_any(),
                                None => view! {
                                    <span id="related-hint" class="hint">
                                        {if is_ec {
                                            format!("For “{UPGRADE_SUBJECT}” leave this empty to mean your own EC record.")
                                        } else {
                                            "The record the request is about, if there is one: its kind and record number. From a record's page, “Ask about this record” fills this in.".to_string()
                                        }}
                                    </span>
                                    {field_error("related_kind")}
                                    <label for="related_kind">"Kind"</label>
                                    <select id="related_kind" name="related_kind" aria-describedby=described("related_kind", Some("related-hint")) aria-invalid=invalid("related_kind")>
                                        <option value="">"None"</option>
                                        {RELATED_KINDS.iter().map(|k| {
                                            let selected = kind == k.slug();
                                            view! { <option value=k.slug() selected=selected>{k.title()}</option> }
                                        }).collect_view()}
                                    </select>
                                    {field_error("related_id")}
                                    <label for="related_id">"Record number"</label>
                                    <input id="related_id" name="related_id" type="text" inputmode="numeric" value=id
                                        aria-describedby=described("related_id", None) aria-invalid=invalid("related_id")/>
                                }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            </fieldset>
            <p class="hint">{format!("Choose “{OTHER_SUBJECT}” when no subject fits.")}</p>
            <button type="submit">"Raise the request"</button>
        </ActionForm>
    }
}

/// The related record named by the URL's kind and number, with its title,
/// when it is one the person may see and may name (docs/RULES.md §2.7).
async fn named_record(kind: String, id: String) -> Option<(RecordKind, i64, String)> {
    let kind = RecordKind::from_slug(&kind).filter(|k| RELATED_KINDS.contains(k))?;
    let id = id.parse::<i64>().ok().filter(|n| *n > 0)?;
    let record = crate::api::records::get_record(kind, id).await.ok()?;
    Some((kind, id, record.title))
}
