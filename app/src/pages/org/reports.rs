//! Organisation Reports: assessments by unit and period, filterable, with
//! downloads of exactly the filtered rows the user may see.
use super::charts::{AveragesTable, UnitTable};
use super::common::{count, failed, loading, pairs, period_filter, unit_filter};
use crate::api::org::figures::{one_decimal, Report, REPORT_PAGE_ROWS};
use crate::api::org::insights::org_report;
use crate::api::org::query::ReportQuery;
use crate::auth::permissions::{decide_org, Action, OrgArea, OrgTarget};
use crate::auth::roles::Principal;
use crate::components::pagination::Pagination;
use crate::url_query::UrlQuery;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportsPage(p: Principal) -> impl IntoView {
    let map = use_query_map();
    let query = Memo::new(move |_| {
        let pairs = pairs(&map.read(), &["unit", "period", "page"]);
        ReportQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    });
    let report = Resource::new(move || query.get().to_query_string(), org_report);
    let can_download =
        decide_org(&p, Action::Download, &OrgTarget::Area(OrgArea::OrgReport)).is_allowed();
    view! {
        <leptos_meta::Title text="Organisation Reports — Caseboard"/>
        <h1>"Organisation Reports"</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(r) => view! { <ReportView r can_download/> }.into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportView(r: Report, can_download: bool) -> impl IntoView {
    let q = r.query.clone();
    // The download has every filtered row, whatever page is on screen.
    let s = q.with_page(0).to_query_string();
    let paged = q.clone();
    let download = |format: &str| {
        format!(
            "/api/org/reports/download?format={format}{}{s}",
            if s.is_empty() { "" } else { "&" }
        )
    };
    let per = REPORT_PAGE_ROWS as i64;
    let pages = ((r.total + per - 1) / per).max(1) as u32;
    let page = r.query.page.clamp(1, pages);
    let first = (i64::from(page) - 1) * per + 1;
    let last = (first + r.rows.len() as i64 - 1).max(first);
    let totals = {
        let mut t = crate::api::org::figures::UnitFigures::default();
        for u in &r.by_unit {
            for st in crate::api::org::types::Status::ALL {
                t.add(st, u.count(st));
            }
        }
        t
    };
    view! {
        <p class="hint">"Reports cover " {r.scope_label.clone()} "."</p>
        <Form method="GET" action="" attr:class="filters" attr:role="search" attr:aria-label="Filter the report">
            {unit_filter(&r.units, q.unit, "All your units")}
            {period_filter(&r.periods, q.period.as_deref(), "All periods")}
            <div class="filter-buttons">
                <button type="submit">"Apply"</button>
                <a href="/areas/org-reports">"Clear"</a>
            </div>
        </Form>
        <p class="summary" role="status">{count(r.total, "assessment", "assessments")}</p>
        {can_download.then(|| view! {
            <p class="downloads">
                "Download these " {r.total} " rows: "
                <a href=download("csv") download="" rel="external">"CSV"</a>
                " · "
                <a href=download("xlsx") download="" rel="external">"Excel (.xlsx)"</a>
            </p>
        })}
        <UnitTable caption="Assessments per unit".into() units=r.by_unit.clone() totals/>
        <AveragesTable averages=r.averages.clone()/>
        <h2>"Assessments"</h2>
        {(pages > 1).then(|| view! {
            <p class="hint">{format!(
                "Showing {first}–{last} of {}, page {page} of {pages}; the download has them all.",
                r.total
            )}</p>
        })}
        <div class="table-scroll" role="region" aria-label="Report table" tabindex="0">
            <table class="records report">
                <thead>
                    <tr>
                        <th scope="col">"Assessee"</th>
                        <th scope="col">"Unit"</th>
                        <th scope="col">"Reporting officer"</th>
                        <th scope="col">"Period"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Average rating"</th>
                    </tr>
                </thead>
                <tbody>
                    {r.rows.into_iter().map(|row| view! {
                        <tr>
                            <td><A href=format!("/areas/assessments/{}", row.id)>{row.assessee.name}</A></td>
                            <td>{row.assessee.unit_name}</td>
                            <td>{format!("{} ({})", row.reporting_officer.name, row.reporting_officer.unit_name)}</td>
                            <td>{row.period}</td>
                            <td>{row.status.label()}</td>
                            <td>{one_decimal(row.average)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination page=page pages=pages href=move |n| paged.with_page(n).href("/areas/org-reports")/>
    }
}
