//! The confirmation step before an access change (docs/RULES.md §2.6):
//! reached by GET with the chosen values, it states what changes in words
//! computed on the server; Confirm posts to the action itself, Cancel goes
//! back to the record. Steps: `assign-ec`, `assign-sc`, `handover`.
use super::handover::handover_form;
use crate::api::caseload::{
    preview_assign_ec, preview_assign_subcontractor, preview_handover, HandoverCaseload,
};
use crate::api::records::actions::{AssignEc, AssignSubcontractor};
use crate::api::records::get_record;
use crate::auth::permissions::RecordKind;
use crate::components::guard::signed_in;
use crate::components::outcome::outcome;
use crate::components::picker::{find_key, found_for, Found};
use crate::error::AppError;
use crate::pages::not_found::NotFound;
use crate::records::view::RecordView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// What one step asks, read from the path and the query.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    kind: RecordKind,
    id: i64,
    step: String,
    version: i64,
    /// The chosen EC, Sub-contractor or receiving EC.
    chosen: Option<i64>,
    /// The receiving-EC picker's search made without JavaScript.
    find: Option<String>,
}

/// The preview's words, whether anything would change, and what Confirm posts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Shown {
    record: RecordView,
    sentences: Vec<String>,
    changes: bool,
    token: String,
    /// The matches of `Step::find`, shown by the picker as radio buttons.
    found: Option<Found>,
}

async fn load(s: Step) -> Result<Shown, AppError> {
    let record = get_record(s.kind, s.id).await?;
    let (sentences, changes, token) = match (s.step.as_str(), s.chosen) {
        ("assign-ec", Some(ec)) => {
            let p = preview_assign_ec(s.kind, s.id, ec).await?;
            (p.sentences, !p.figures.is_empty(), String::new())
        }
        ("assign-ec", None) => return Err(AppError::invalid("ec_id", "Choose an EC first.")),
        ("assign-sc", sc) => {
            let p = preview_assign_subcontractor(s.kind, s.id, sc).await?;
            (p.sentences, !p.figures.is_empty(), String::new())
        }
        ("handover", Some(to)) => {
            let p = preview_handover(s.id, to).await?;
            let moves = p.institutions + p.eas > 0 && p.outside == 0;
            (p.sentences, moves, p.token)
        }
        ("handover", None) => (vec![], false, String::new()),
        _ => return Err(AppError::NotFound("there is no such page".into())),
    };
    let found = match s.find {
        Some(text) if s.step == "handover" => found_for("handover", s.kind, text).await,
        _ => None,
    };
    Ok(Shown {
        record,
        sentences,
        changes,
        token,
        found,
    })
}

/// `/areas/:kind/:id/:step`: closing's confirmation (`close`) or a preview.
#[component]
pub fn RecordStepPage() -> impl IntoView {
    let params = use_params_map();
    let closing = Memo::new(move |_| params.read().get("step").as_deref() == Some("close"));
    move || {
        if closing.get() {
            view! { <super::close::CloseRecordPage/> }.into_any()
        } else {
            view! { <PreviewStep/> }.into_any()
        }
    }
}

#[component]
fn PreviewStep() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let step = Memo::new(move |_| {
        let p = params.read();
        let q = query.read();
        let kind = RecordKind::from_slug(&p.get("kind").unwrap_or_default())?;
        let id = p.get("id")?.parse::<i64>().ok()?;
        let step = p.get("step")?;
        let key = match step.as_str() {
            "assign-ec" => "ec_id",
            "assign-sc" => "subcontractor_id",
            "handover" if kind == RecordKind::Ec => "to_ec",
            _ => return None,
        };
        Some(Step {
            kind,
            id,
            step,
            version: q.get("version").and_then(|v| v.parse().ok()).unwrap_or(0),
            chosen: q.get(key).and_then(|v| v.parse().ok()),
            find: q
                .get(&find_key("handover"))
                .filter(|t| !t.trim().is_empty()),
        })
    });
    let shown = Resource::new(
        move || step.get(),
        |s| async move {
            match s {
                Some(s) => Some(load(s).await),
                None => None,
            }
        },
    );
    signed_in(move |_| {
        view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (shown.await, step.get_untracked()) {
                        (Some(Ok(v)), Some(s)) => page(s, v).into_any(),
                        (Some(Err(e)), Some(s)) => refused(&s, e).into_any(),
                        (None, _) | (_, None) => view! { <NotFound/> }.into_any(),
                    }
                })}
            </Suspense>
        }
    })
}

fn record_url(kind: RecordKind, id: i64) -> String {
    format!("/areas/{}/{id}", kind.slug())
}

fn heading(step: &str) -> &'static str {
    match step {
        "assign-ec" => "Check the change: assign an EC",
        "assign-sc" => "Check the change: assign to a Sub-contractor",
        _ => "Hand over caseload",
    }
}

fn refused(s: &Step, e: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(e.status()),
    ) {
        res.set_status(code);
    }
    view! {
        <h1>{heading(&s.step)}</h1>
        <p role="alert" class="error">{e.to_string()}</p>
        <p><a href=record_url(s.kind, s.id)>"Back to the record"</a></p>
    }
}

fn page(s: Step, v: Shown) -> impl IntoView {
    let back = record_url(s.kind, s.id);
    let title = v.record.title.clone();
    let confirm = if !v.changes {
        ().into_any()
    } else {
        confirm_form(&s, &v, back.clone())
    };
    provide_context(v.found.clone());
    let pick_again = (s.step == "handover").then(|| {
        view! {
            <section aria-labelledby="pick-again">
                <h2 id="pick-again">"Choose another receiving EC"</h2>
                {handover_form(&v.record)}
            </section>
        }
    });
    view! {
        <leptos_meta::Title text=format!("{} — {title} — Caseboard", heading(&s.step))/>
        <p class="breadcrumb"><a href=back.clone()>{title.clone()}</a></p>
        <h1>{heading(&s.step)}</h1>
        {(!v.sentences.is_empty()).then(|| view! {
            <div class="preview" role="region" aria-label="What changes">
                {v.sentences.iter().map(|t| view! { <p>{t.clone()}</p> }).collect_view()}
            </div>
        })}
        {confirm}
        <p><a href=back>{if v.changes { "Cancel" } else { "Back to the record" }}</a></p>
        {pick_again}
    }
}

/// Confirm: the action's own POST with the values previewed; with
/// JavaScript, the record opens once it succeeds.
fn confirm_form(s: &Step, v: &Shown, back: String) -> AnyView {
    let navigate = use_navigate();
    let go = move |done: bool| {
        if done {
            navigate(&back, Default::default());
        }
    };
    let kind = format!("{:?}", s.kind);
    let (id, version) = (s.id.to_string(), s.version.to_string());
    let chosen = s.chosen.map(|c| c.to_string()).unwrap_or_default();
    let has_sc = s.chosen.is_some();
    let token = v.token.clone();
    match s.step.as_str() {
        "assign-ec" => {
            let action = ServerAction::<AssignEc>::new();
            Effect::new(move |_| go(matches!(action.value().get(), Some(Ok(_)))));
            view! {
                <ActionForm action=action>
                    <input type="hidden" name="kind" value=kind/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <input type="hidden" name="ec_id" value=chosen/>
                    <button type="submit">"Confirm"</button>
                </ActionForm>
                {outcome(action.value(), "Saved.")}
            }
            .into_any()
        }
        "assign-sc" => {
            let action = ServerAction::<AssignSubcontractor>::new();
            Effect::new(move |_| go(matches!(action.value().get(), Some(Ok(_)))));
            view! {
                <ActionForm action=action>
                    <input type="hidden" name="kind" value=kind/>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    {has_sc.then(|| view! { <input type="hidden" name="subcontractor_id" value=chosen.clone()/> })}
                    <button type="submit">"Confirm"</button>
                </ActionForm>
                {outcome(action.value(), "Saved.")}
            }
            .into_any()
        }
        _ => {
            let action = ServerAction::<HandoverCaseload>::new();
            Effect::new(move |_| go(matches!(action.value().get(), Some(Ok(_)))));
            view! {
                <ActionForm action=action>
                    <input type="hidden" name="from_ec" value=id/>
                    <input type="hidden" name="to_ec" value=chosen/>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit">"Confirm the hand-over"</button>
                </ActionForm>
                {outcome(action.value(), "Saved.")}
            }
            .into_any()
        }
    }
}
