//! The dashboard: Administrators see the whole organisation, managers their
//! own unit and below. Every chart has a table of the same numbers.
use super::charts::{average_bars, AveragesTable, Bar, BarChart, UnitChart, UnitTable};
use super::common::{count, failed, loading};
use crate::api::org::figures::Dashboard;
use crate::api::org::insights::org_dashboard;
use crate::api::org::types::Status;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let map = use_query_map();
    let period = Memo::new(move |_| map.read().get("period").filter(|p| !p.trim().is_empty()));
    let data = Resource::new(move || period.get(), org_dashboard);
    view! {
        <leptos_meta::Title text="Dashboard — Caseboard"/>
        <h1>"Dashboard"</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <Figures d/> }.into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let totals = d.totals();
    let completion = d
        .completion_percent()
        .map(|p| format!("{p:.0} %"))
        .unwrap_or_else(|| "—".into());
    let when = d.period.clone().unwrap_or_else(|| "all periods".into());
    let status_bars: Vec<Bar> = Status::ALL
        .iter()
        .map(|s| Bar {
            label: s.label().into(),
            value: totals.count(*s) as f64,
            class: match s {
                Status::Draft => "bar-draft",
                Status::Submitted => "bar-submitted",
                Status::Endorsed => "bar-endorsed",
            },
            text: totals.count(*s).to_string(),
            href: None,
        })
        .collect();
    let max = Status::ALL
        .iter()
        .map(|s| totals.count(*s))
        .max()
        .unwrap_or(0) as f64;
    view! {
        <p class="hint">"Figures for " {d.scope_label.clone()} ", " {when.clone()} "."</p>
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Choose a period">
            <div class="field">
                <label for="period">"Period"</label>
                <select id="period" name="period">
                    <option value="">"All periods"</option>
                    {d.periods.iter().map(|p| view! {
                        <option value=p.clone() selected=d.period.as_deref() == Some(p.as_str())>{p.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-buttons"><button type="submit">"Show"</button></div>
        </Form>
        <dl class="headline" data-testid="dashboard-headline">
            <div><dt>"Assessments"</dt><dd data-testid="total">{totals.total()}</dd></div>
            <div><dt>"Endorsed (completion rate)"</dt><dd data-testid="completion">{completion}</dd></div>
            <div><dt>"Units with assessments"</dt><dd>{d.by_unit.len()}</dd></div>
        </dl>
        {if totals.total() == 0 {
            view! { <p>"There are no assessments to show for " {when} "."</p> }.into_any()
        } else {
            view! {
                <section aria-labelledby="by-status-heading">
                    <h2 id="by-status-heading">"By status"</h2>
                    <BarChart id="by-status-chart" caption=format!("{} by status", count(totals.total(), "assessment", "assessments")) bars=status_bars max/>
                </section>
                <section aria-labelledby="by-unit-heading">
                    <h2 id="by-unit-heading">"By unit"</h2>
                    <UnitChart caption="Assessments per unit, by status".into() units=d.by_unit.clone()/>
                    <UnitTable caption="Assessments per unit".into() units=d.by_unit.clone() totals/>
                </section>
                <section aria-labelledby="ratings-heading">
                    <h2 id="ratings-heading">"Average ratings"</h2>
                    <BarChart id="ratings-chart" caption="Average rating per competency, out of 5".into() bars=average_bars(&d.averages) max=5.0/>
                    <AveragesTable averages=d.averages.clone()/>
                </section>
            }.into_any()
        }}
    }
}
