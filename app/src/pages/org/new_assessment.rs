//! Starting an assessment: the staff offered are exactly those the user may
//! assess (the server computes them with the same scope filter).
use super::common::{failed, loading, outcome};
use crate::api::org::assessments::{assessment_form_options, CreateAssessment};
use crate::auth::permissions::{decide_org, Action, Decision, OrgArea, OrgTarget};
use crate::components::guard::{signed_in, Refused};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NewAssessmentPage() -> impl IntoView {
    signed_in(|p| {
        if let Decision::Denied(reason) =
            decide_org(&p, Action::Add, &OrgTarget::Area(OrgArea::Assessment))
        {
            return view! { <Refused what="starting an assessment".to_string() why=reason.to_string()/> }.into_any();
        }
        view! { <NewAssessment/> }.into_any()
    })
}

#[component]
fn NewAssessment() -> impl IntoView {
    let create = ServerAction::<CreateAssessment>::new();
    let options = Resource::new(|| (), |_| assessment_form_options());
    view! {
        <leptos_meta::Title text="New assessment — Caseboard"/>
        <p class="breadcrumb"><A href="/areas/assessments">"Assessments"</A></p>
        <h1>"New assessment"</h1>
        {outcome(create.value(), "Created.")}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match options.await {
                    Err(e) => failed(e),
                    Ok(o) if o.assessees.is_empty() => view! {
                        <p>"There is nobody you may start an assessment for."</p>
                    }.into_any(),
                    Ok(o) => view! {
                        <section class="action">
                            <ActionForm action=create>
                                <div class="field">
                                    <label for="assessee_staff_id">"Assessee"</label>
                                    <select id="assessee_staff_id" name="assessee_staff_id" required>
                                        <option value="">"Choose…"</option>
                                        {o.assessees.iter().map(|s| view! {
                                            <option value=s.id.to_string()>{format!("{} ({})", s.name, s.unit_name)}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="reporting_officer_staff_id">"Reporting officer (any unit)"</label>
                                    <select id="reporting_officer_staff_id" name="reporting_officer_staff_id" required>
                                        <option value="">"Choose…"</option>
                                        {o.reporting_officers.iter().map(|s| view! {
                                            <option value=s.id.to_string()>{format!("{} ({})", s.name, s.unit_name)}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="period">"Period"</label>
                                    <input id="period" name="period" required placeholder="2026-Q3" pattern="[0-9]{4}(-[Qq][1-4])?" aria-describedby="period-hint"/>
                                    <span id="period-hint" class="hint">"A year (2026) or a quarter (2026-Q3)"</span>
                                </div>
                                <button type="submit">"Create the assessment"</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
