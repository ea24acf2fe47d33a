//! Closing's confirmation step (RULES §5.1), reached by GET from the record's
//! "Close this record" link: it says in words what closing does, and the
//! Close button posts the close itself; Cancel goes back. Works without
//! JavaScript (the server sends the browser on to the record).
use super::actions::hidden_fields;
use super::detail::{answer_status, not_shown, record_noun, record_target};
use crate::api::records::get_record;
use crate::api::records::write::CloseRecord;
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::components::guard::signed_in;
use crate::components::outcome::outcome;
use crate::pages::not_found::NotFound;
use crate::records::view::RecordView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// What closing a record of `kind` called `title` does, in words.
pub fn closing_means(kind: RecordKind, title: &str) -> Vec<String> {
    let mut said = vec![format!(
        "{title} will no longer appear in open lists; nothing is deleted. \
         The record and its history are kept, and whoever may close it can reopen it."
    )];
    match kind {
        RecordKind::Ea => said.push(
            "Any match with an Institution ends now, and stays ended if the record is reopened."
                .to_string(),
        ),
        RecordKind::Ec | RecordKind::SubContractor => said.push(format!(
            "{title}'s sign-in loses this role now, and does not get it back if the record is reopened."
        )),
        RecordKind::Institution
        | RecordKind::Employer
        | RecordKind::Partner
        | RecordKind::PartnerUser
        | RecordKind::CecStaffUser
        | RecordKind::Organisation
        | RecordKind::CompassReport
        | RecordKind::SupportRequest
        | RecordKind::MonthlySubmission
        | RecordKind::UrnList
        | RecordKind::NationalUser => {}
    }
    said
}

#[component]
pub fn CloseRecordPage() -> impl IntoView {
    let target = record_target();
    let record = Resource::new(
        move || target.get(),
        |target| async move {
            match target {
                Some((kind, id)) => Some(get_record(kind, id).await),
                None => None,
            }
        },
    );
    signed_in(move |p| {
        view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let p = p.clone();
                    Suspend::new(async move {
                        match record.await {
                            Some(Ok(r)) => {
                                let decision = decide_network(
                                    &p,
                                    Action::Close,
                                    &NetworkTarget::Record(r.kind, r.facts.clone()),
                                );
                                confirm(r, decision).into_any()
                            }
                            Some(Err(e)) => not_shown(e),
                            None => view! { <NotFound/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        }
    })
}

fn confirm<S>(r: RecordView, decision: Decision<S>) -> impl IntoView {
    let back = format!("/areas/{}/{}", r.kind.slug(), r.id);
    let title = r.title.clone();
    let noun = record_noun(r.kind);
    let body = match (decision, r.closed) {
        (Decision::Denied(reason), _) => {
            answer_status(&crate::error::AppError::Forbidden(reason.to_string()));
            view! {
                <p role="alert" class="error">{reason.to_string()}</p>
                <p><a href=back.clone()>"Back to the record"</a></p>
            }
            .into_any()
        }
        (Decision::Allowed(_), true) => view! {
            <p>"This record is already closed."</p>
            <p><a href=back.clone()>"Back to the record"</a></p>
        }
        .into_any(),
        (Decision::Allowed(_), false) => {
            let close = ServerAction::<CloseRecord>::new();
            let navigate = use_navigate();
            let done = format!("{back}?closed=1");
            let cancel = back.clone();
            Effect::new(move |_| {
                if matches!(close.value().get(), Some(Ok(_))) {
                    navigate(&done, Default::default());
                }
            });
            view! {
                <div class="warning-text">
                    {closing_means(r.kind, &title).into_iter().map(|t| view! { <p>{t}</p> }).collect_view()}
                </div>
                {outcome(close.value(), "Closed.")}
                <ActionForm action=close>
                    {hidden_fields(&r)}
                    <div class="button-group">
                        <button type="submit" class="warning">"Close this record"</button>
                        <a href=cancel>"Cancel"</a>
                    </div>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <leptos_meta::Title text=format!("Close {title}? — {noun} — Caseboard")/>
        <p class="breadcrumb"><a href=back.clone()>{title.clone()}</a></p>
        <span class="caption">{noun}</span>
        <h1>{format!("Close {title}?")}</h1>
        {body}
    }
}
