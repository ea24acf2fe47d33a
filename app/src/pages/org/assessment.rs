//! One assessment: its content, the steps the user may take now (from the
//! same `decide` and workflow rules the server applies), why the others are
//! missing, and its history.
use super::common::{failed, loading, outcome};
use crate::api::org::assessments::{
    assessment_form_options, view_assessment, EditAssessment, EndorseAssessment, SubmitAssessment,
};
use crate::api::org::figures::one_decimal;
use crate::api::org::types::{AssessmentDetail, StaffRef, COMPETENCIES, RATING_LABELS};
use crate::api::org::workflow::{check, Step, Subject};
use crate::auth::roles::Principal;
use crate::components::guard::signed_in;
use crate::components::history::History;
use crate::display::london_time;
use crate::pages::not_found::NotFound;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AssessmentDetailPage() -> impl IntoView {
    let params = use_params_map();
    move || match params.read().get("id").and_then(|s| s.parse::<i64>().ok()) {
        Some(id) => signed_in(move |p| view! { <Assessment id p/> }).into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

#[derive(Clone, Copy)]
struct Forms {
    edit: ServerAction<EditAssessment>,
    submit: ServerAction<SubmitAssessment>,
    endorse: ServerAction<EndorseAssessment>,
}

#[component]
fn Assessment(id: i64, p: Principal) -> impl IntoView {
    let forms = Forms {
        edit: ServerAction::new(),
        submit: ServerAction::new(),
        endorse: ServerAction::new(),
    };
    let versions = move || {
        forms.edit.version().get() + forms.submit.version().get() + forms.endorse.version().get()
    };
    let record = Resource::new(move || (id, versions()), |(id, _)| view_assessment(id));
    let officers = Resource::new(|| (), |_| assessment_form_options());
    view! {
        <p class="breadcrumb"><A href="/areas/assessments">"Assessments"</A></p>
        {outcome(forms.edit.value(), "Saved.")}
        {outcome(forms.submit.value(), "Submitted.")}
        {outcome(forms.endorse.value(), "Endorsed.")}
        <Suspense fallback=loading>
            {move || {
                let p = p.clone();
                Suspend::new(async move {
                    match (record.await, officers.await) {
                        (Ok(d), Ok(o)) => view! { <Detail d p forms officers=o.reporting_officers/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! { <h1>"Assessment"</h1> {failed(e)} }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Detail(
    d: AssessmentDetail,
    p: Principal,
    forms: Forms,
    officers: Vec<StaffRef>,
) -> impl IntoView {
    let target = d.target();
    let subject = Subject {
        target: &target,
        assessee_staff_id: d.assessee.id,
        status: d.status,
        ratings: &d.ratings,
    };
    let steps: Vec<(Step, Result<(), String>)> = Step::ALL
        .into_iter()
        .map(|s| {
            (
                s,
                check(&p, s, &subject).map_err(|r| r.message().to_string()),
            )
        })
        .collect();
    let allowed = |s: Step| steps.iter().any(|(x, r)| *x == s && r.is_ok());
    let given: Vec<i64> = d.ratings.iter().flatten().copied().collect();
    let average =
        (!given.is_empty()).then(|| given.iter().sum::<i64>() as f64 / given.len() as f64);
    let title = format!("{} — {}", d.assessee.name, d.period);
    let (id_text, version_text) = (d.id.to_string(), d.version.to_string());
    let submit_form = allowed(Step::Submit).then(|| {
        let (i, v) = (id_text.clone(), version_text.clone());
        view! {
            <ActionForm action=forms.submit>
                <input type="hidden" name="id" value=i/>
                <input type="hidden" name="version" value=v/>
                <button type="submit">"Submit for endorsement"</button>
            </ActionForm>
        }
    });
    let endorse_form = allowed(Step::Endorse).then(|| {
        let (i, v) = (id_text.clone(), version_text.clone());
        view! {
            <ActionForm action=forms.endorse>
                <input type="hidden" name="id" value=i/>
                <input type="hidden" name="version" value=v/>
                <button type="submit">"Endorse"</button>
            </ActionForm>
        }
    });
    let can_move = submit_form.is_some() || endorse_form.is_some();
    view! {
        <leptos_meta::Title text=format!("Assessment of {title} — Caseboard")/>
        <h1>"Assessment of " {title}</h1>
        <dl class="record-fields">
            <div><dt>"Assessee"</dt><dd>{format!("{} ({})", d.assessee.name, d.assessee.unit_name)}</dd></div>
            <div><dt>"Reporting officer"</dt><dd>{format!("{} ({})", d.reporting_officer.name, d.reporting_officer.unit_name)}</dd></div>
            <div><dt>"Period"</dt><dd>{d.period.clone()}</dd></div>
            <div><dt>"Status"</dt><dd><span class=format!("status status-{}", d.status.code())>{d.status.label()}</span></dd></div>
            <div><dt>"Average rating"</dt><dd>{one_decimal(average)}</dd></div>
            <div><dt>"Last changed"</dt><dd>{london_time(d.updated_at)}</dd></div>
        </dl>
        <table class="records ratings">
            <caption>"Ratings"</caption>
            <thead><tr><th scope="col">"Competency"</th><th scope="col">"Rating (1–5)"</th></tr></thead>
            <tbody>
                {COMPETENCIES.iter().zip(d.ratings).map(|(c, r)| view! {
                    <tr><th scope="row">{*c}</th><td>{r.map(|n| RATING_LABELS[(n - 1).clamp(0, 4) as usize].to_string()).unwrap_or_else(|| "Not rated yet".into())}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2>"Comments"</h2>
        <p class="comments">{if d.comments.is_empty() { "No comments yet.".to_string() } else { d.comments.clone() }}</p>
        {allowed(Step::Edit).then(|| edit_form(&d, forms, &officers))}
        {can_move.then(move || view! {
            <section class="action" aria-labelledby="move-on">
                <h2 id="move-on">"Status"</h2>
                {submit_form}
                {endorse_form}
            </section>
        })}
        {
            let refused: Vec<(Step, String)> = steps.iter().filter_map(|(s, r)| r.clone().err().map(|m| (*s, m))).collect();
            (!refused.is_empty()).then(|| view! {
                <section class="not-available">
                    <h2>"Not available to you now"</h2>
                    <ul>{refused.into_iter().map(|(s, m)| view! { <li>{format!("{}: {m}", s.label())}</li> }).collect_view()}</ul>
                </section>
            })
        }
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            <History entries=d.history/>
        </section>
    }
}

fn edit_form(d: &AssessmentDetail, forms: Forms, officers: &[StaffRef]) -> AnyView {
    let ratings = d.ratings;
    let current = d.reporting_officer.id;
    let officer_options = officers
        .iter()
        .filter(|s| s.id != d.assessee.id)
        .map(|s| view! { <option value=s.id.to_string() selected=s.id == current>{format!("{} ({})", s.name, s.unit_name)}</option> })
        .collect_view();
    let rating_fields = COMPETENCIES
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let name = format!("rating_{}", i + 1);
            view! {
                <div class="field">
                    <label for=name.clone()>{*c}</label>
                    <select id=name.clone() name=name>
                        <option value="" selected=ratings[i].is_none()>"Not rated yet"</option>
                        {RATING_LABELS.iter().enumerate().map(|(n, l)| {
                            let n = n as i64 + 1;
                            view! { <option value=n.to_string() selected=ratings[i] == Some(n)>{*l}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        })
        .collect_view();
    let (id, version, period, comments) = (
        d.id.to_string(),
        d.version.to_string(),
        d.period.clone(),
        d.comments.clone(),
    );
    view! {
        <section class="action" aria-labelledby="edit-heading">
            <h2 id="edit-heading">"Edit"</h2>
            <ActionForm action=forms.edit attr:class="edit-assessment">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <div class="field">
                    <label for="reporting_officer_staff_id">"Reporting officer"</label>
                    <select id="reporting_officer_staff_id" name="reporting_officer_staff_id">{officer_options}</select>
                </div>
                <div class="field">
                    <label for="period">"Period"</label>
                    <input id="period" name="period" value=period required pattern="[0-9]{4}(-Q[1-4])?" aria-describedby="period-hint"/>
                    <span id="period-hint" class="hint">"A year (2026) or a quarter (2026-Q3)"</span>
                </div>
                {rating_fields}
                <div class="field wide">
                    <label for="comments">"Comments"</label>
                    <textarea id="comments" name="comments" rows="4" maxlength="5000">{comments}</textarea>
                </div>
                <button type="submit">"Save changes"</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
