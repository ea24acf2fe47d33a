//! The assessments list: search by assessee, filter by unit, period and
//! status, sortable columns, pages; all held in the URL, and the filter form
//! is a plain GET form, so it works before (or without) the WASM.
use super::common::{count, failed, loading, pairs, period_filter, unit_filter};
use crate::api::org::assessments::{assessment_form_options, list_assessments};
use crate::api::org::figures::one_decimal;
use crate::api::org::query::{AssessmentQuery, SortBy};
use crate::api::org::types::{AssessmentOptions, AssessmentPage, Status};
use crate::auth::permissions::{decide_org, Action, OrgArea, OrgScope, OrgTarget};
use crate::auth::roles::Principal;
use crate::components::pagination::Pagination;
use crate::display::london_time;
use crate::url_query::UrlQuery;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const KEYS: [&str; 7] = ["q", "unit", "period", "status", "sort", "dir", "page"];

#[component]
pub fn AssessmentsPage(p: Principal) -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        let pairs = pairs(&map.read(), &KEYS);
        AssessmentQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    });
    let page = Resource::new(move || query.get().to_query_string(), list_assessments);
    let options = Resource::new(|| (), |_| assessment_form_options());
    let can_add = decide_org(&p, Action::Add, &OrgTarget::Area(OrgArea::Assessment)).is_allowed();
    let scope = decide_org(&p, Action::View, &OrgTarget::Area(OrgArea::Assessment)).scope();
    let intro = match scope {
        Some(OrgScope::Organisation) => "You see every assessment in the organisation.",
        Some(OrgScope::Unit) => {
            "You see the assessments of staff in your unit and the units below it, and your own."
        }
        Some(OrgScope::Own) | None => "You see your own assessments.",
    };
    view! {
        <leptos_meta::Title text="Assessments — Caseboard"/>
        <div class="list-head">
            <h1>"Assessments"</h1>
            {can_add.then(|| view! { <a class="button" href="/areas/assessments/new">"New assessment"</a> })}
        </div>
        <p class="hint">{intro}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let q = query.get();
                match (options.await, page.await) {
                    (Ok(o), Ok(list)) => view! { <Filters q=q.clone() o/> <Results list q/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => failed(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(q: AssessmentQuery, o: AssessmentOptions) -> impl IntoView {
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:aria-label="Filter assessments">
            <div class="field">
                <label for="q">"Assessee name"</label>
                <input id="q" name="q" type="search" value=q.q.clone()/>
            </div>
            {(!o.units.is_empty()).then(|| unit_filter(&o.units, q.unit, "Any"))}
            {period_filter(&o.periods, q.period.as_deref(), "Any")}
            <div class="field">
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="">"Any"</option>
                    {Status::ALL.iter().map(|s| view! {
                        <option value=s.code() selected=q.status == Some(*s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            {(q.sort != SortBy::default()).then(|| view! { <input type="hidden" name="sort" value=q.sort.code()/> })}
            {q.desc.then(|| view! { <input type="hidden" name="dir" value="desc"/> })}
            <div class="filter-buttons">
                <button type="submit">"Apply"</button>
                <a href="/areas/assessments">"Clear"</a>
            </div>
        </Form>
    }
}

#[component]
fn Results(list: AssessmentPage, q: AssessmentQuery) -> impl IntoView {
    let href = |q: &AssessmentQuery| q.href("/areas/assessments");
    let pages = list.pages();
    let header = |sort: Option<SortBy>, label: &'static str| match sort {
        Some(s) => {
            let sorted = q.sort == s;
            let aria = match (sorted, q.desc) {
                (true, true) => "descending",
                (true, false) => "ascending",
                (false, _) => "none",
            };
            let arrow = match (sorted, q.desc) {
                (true, true) => " ▼",
                (true, false) => " ▲",
                (false, _) => "",
            };
            view! { <th scope="col" aria-sort=aria><A href=href(&q.sorted_by(s))>{label}{arrow}</A></th> }.into_any()
        }
        None => view! { <th scope="col">{label}</th> }.into_any(),
    };
    view! {
        <p class="summary" role="status">
            {format!("{} · page {} of {}", count(list.total, "assessment", "assessments"), list.page.min(pages), pages)}
        </p>
        {if list.rows.is_empty() {
            view! { <p>"No assessments match these filters."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" aria-label="Assessments table" tabindex="0">
                    <table class="records assessments">
                        <thead>
                            <tr>
                                {header(Some(SortBy::Assessee), "Assessee")}
                                {header(Some(SortBy::Unit), "Unit")}
                                {header(None, "Reporting officer")}
                                {header(Some(SortBy::Period), "Period")}
                                {header(Some(SortBy::Status), "Status")}
                                {header(None, "Average rating")}
                                {header(Some(SortBy::Updated), "Last changed")}
                            </tr>
                        </thead>
                        <tbody>
                            {list.rows.into_iter().map(|r| view! {
                                <tr>
                                    <td><A href=format!("/areas/assessments/{}", r.id)>{r.assessee.name}</A></td>
                                    <td>{r.assessee.unit_name}</td>
                                    <td>{format!("{} ({})", r.reporting_officer.name, r.reporting_officer.unit_name)}</td>
                                    <td>{r.period}</td>
                                    <td><span class=format!("status status-{}", r.status.code())>{r.status.label()}</span></td>
                                    <td>{one_decimal(r.average)}</td>
                                    <td>{london_time(r.updated_at)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pagination page=list.page pages=pages href=move |n| href(&q.with_page(n))/>
    }
}
