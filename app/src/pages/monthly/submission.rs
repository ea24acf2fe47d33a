//! One monthly return (docs/RULES.md §2.4): its figures as submitted (each
//! linking to the list it counts where a list filter shows exactly those
//! records), the Partner user's note, declaration and Submit, Admin's Confirm
//! and Return (with a reason), every earlier snapshot and every change.
use super::{done_message, error_summary, status_tag, BASE};
use crate::api::monthly::{
    get_return, ConfirmReturn, SaveReturnNote, SendBackReturn, SubmitReturn,
};
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordFacts, RecordKind};
use crate::auth::roles::Principal;
use crate::components::guard::signed_in;
use crate::components::history::History;
use crate::display::{london_time, long_date};
use crate::records::monthly::{Figures, ReturnStatus, Snapshot, Submission, DECLARATION};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

#[derive(Clone, Copy)]
struct Forms {
    note: ServerAction<SaveReturnNote>,
    submit: ServerAction<SubmitReturn>,
    confirm: ServerAction<ConfirmReturn>,
    send_back: ServerAction<SendBackReturn>,
}

#[component]
pub fn MonthlyReturnPage() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let forms = Forms {
        note: ServerAction::new(),
        submit: ServerAction::new(),
        confirm: ServerAction::new(),
        send_back: ServerAction::new(),
    };
    let versions = move || {
        forms.note.version().get()
            + forms.submit.version().get()
            + forms.confirm.version().get()
            + forms.send_back.version().get()
    };
    // Created once for the page, outside the sign-in Suspense.
    let data = Resource::new(
        move || {
            (
                params.read().get("id").and_then(|v| v.parse::<i64>().ok()),
                versions(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => Some(get_return(id).await),
                None => None,
            }
        },
    );
    signed_in(move |p| {
        view! {
            <p class="breadcrumb"><a href=BASE>"Monthly returns"</a></p>
            {move || done_message(&location.search.get())}
            {error_summary(forms.note.value())}
            {error_summary(forms.submit.value())}
            {error_summary(forms.confirm.value())}
            {error_summary(forms.send_back.value())}
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let p = p.clone();
                    Suspend::new(async move {
                        match data.await {
                            Some(Ok(s)) => view! { <ReturnView s p forms/> }.into_any(),
                            Some(Err(e)) => view! { <h1>"Monthly return"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                            None => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        }
    })
}

fn may(p: &Principal, action: Action, s: &Submission) -> bool {
    let facts = RecordFacts {
        partner_id: Some(s.partner_id),
        ..RecordFacts::default()
    };
    decide_network(
        p,
        action,
        &NetworkTarget::Record(RecordKind::MonthlySubmission, facts),
    )
    .is_allowed()
}

#[component]
fn ReturnView(s: Submission, p: Principal, forms: Forms) -> impl IntoView {
    let title = format!("{}: return for {}", s.partner, s.month.label());
    let partner_may = s.status.open_for_partner() && may(&p, Action::Submit, &s);
    let admin_may = s.status == ReturnStatus::Submitted && may(&p, Action::Confirm, &s);
    let latest = s.snapshots.first().cloned();
    let earlier: Vec<Snapshot> = s.snapshots.iter().skip(1).cloned().collect();
    let due = long_date(&s.due_on).unwrap_or_else(|| s.due_on.clone());
    view! {
        <leptos_meta::Title text=format!("{title} — Caseboard")/>
        <h1>{title}</h1>
        <p class="return-status">{status_tag(s.status, s.overdue)}</p>
        <dl class="record-fields">
            <div><dt>"Due by"</dt><dd>{due}</dd></div>
            <div><dt>"Submitted"</dt><dd>{match (&s.submitted_by, s.submitted_at) {
                (Some(by), Some(at)) => format!("{}, by {by}", london_time(at)),
                _ => "Not yet".to_string(),
            }}</dd></div>
            <div><dt>"Decided"</dt><dd>{match (&s.decided_by, s.decided_at) {
                (Some(by), Some(at)) => format!("{}, by {by}", london_time(at)),
                _ => "Not yet".to_string(),
            }}</dd></div>
            <div><dt>"Note"</dt><dd class="comments">{if s.note.is_empty() { "—".to_string() } else { s.note.clone() }}</dd></div>
        </dl>
        {(s.status == ReturnStatus::Returned).then(|| view! {
            <div class="warning-text" role="note">
                <p><strong>"Returned by Admin: "</strong>{s.decision_reason.clone()}</p>
            </div>
        })}
        <h2 id="figures">"Figures"</h2>
        {match latest {
            Some(n) => view! {
                <p class="hint">{format!("Taken from the register when {} submitted, {}. They never change; a resubmission takes new ones and keeps these below.", n.submitted_by, london_time(n.submitted_at))}</p>
                <FiguresList f=n.figures/>
            }.into_any(),
            None => view! { <p>"Not submitted yet: the figures are taken from the register at the moment a Partner user submits."</p> }.into_any(),
        }}
        {partner_may.then(|| partner_forms(&s, forms))}
        {admin_may.then(|| admin_forms(&s, forms))}
        {(!earlier.is_empty()).then(|| view! {
            <h2>"Earlier submissions"</h2>
            {earlier.into_iter().map(|n| view! {
                <h3>{format!("Submitted {} by {}", london_time(n.submitted_at), n.submitted_by)}</h3>
                <FiguresList f=n.figures/>
            }).collect_view()}
        })}
        <h2>"History"</h2>
        <History entries=s.history.clone()/>
    }
}

/// The figures as a GOV.UK summary list.
#[component]
fn FiguresList(f: Figures) -> impl IntoView {
    view! {
        <dl class="summary-list figures">
            {f.shown().into_iter().map(|x| view! {
                <div class="summary-row">
                    <dt>{x.label}</dt>
                    <dd>{match x.list {
                        Some(href) => view! { <a href=href>{x.value}<span class="visually-hidden">{format!(" — open the list of {}", x.label.to_lowercase())}</span></a> }.into_any(),
                        None => view! { <span>{x.value}</span> }.into_any(),
                    }}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

fn partner_forms(s: &Submission, forms: Forms) -> impl IntoView {
    let (id, version) = (s.id, s.version);
    let again = s.status == ReturnStatus::Returned;
    let note = s.note.clone();
    view! {
        <section class="action" id="submit" aria-labelledby="submit-heading">
            <h2 id="submit-heading">{if again { "Resubmit this return" } else { "Submit this return" }}</h2>
            <ActionForm action=forms.submit>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <div class="field checkbox">
                    <input id="declaration" name="declaration" type="checkbox" value="yes"/>
                    <label for="declaration">{DECLARATION}</label>
                </div>
                <button type="submit">{if again { "Resubmit" } else { "Submit" }}</button>
            </ActionForm>
        </section>
        <section class="action" aria-labelledby="note-heading">
            <h2 id="note-heading">"Note"</h2>
            <ActionForm action=forms.note>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <div class="field wide">
                    <label for="note">"Note for Admin (optional)"</label>
                    <textarea id="note" name="note" rows="3">{note.clone()}</textarea>
                </div>
                <button type="submit" class="secondary">"Save note"</button>
            </ActionForm>
        </section>
    }
}

fn admin_forms(s: &Submission, forms: Forms) -> impl IntoView {
    let (id, version) = (s.id, s.version);
    view! {
        <section class="action" aria-labelledby="decide-heading">
            <h2 id="decide-heading">"Confirm or return"</h2>
            <ActionForm action=forms.confirm>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <button type="submit">"Confirm this return"</button>
            </ActionForm>
            <ActionForm action=forms.send_back>
                <input type="hidden" name="id" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <div class="field wide">
                    <label for="reason">"Reason for returning it to the Partner"</label>
                    <textarea id="reason" name="reason" rows="3"></textarea>
                </div>
                <button type="submit" class="secondary">"Return to the Partner"</button>
            </ActionForm>
        </section>
    }
}
