//! Bar charts: one list row per bar, its label and value as text and the
//! bar itself a small SVG, each chart paired with a table of the same numbers.
//! The text stays at the page's size and wraps on a phone (docs/RULES.md
//! §5.4); colours come from the stylesheet (CSP forbids inline styles).
use crate::api::org::figures::{one_decimal, AverageRating, UnitFigures};
use crate::api::org::types::Status;
use leptos::either::Either;
use leptos::prelude::*;

/// One bar: its label, value, CSS class and the text shown after it; with
/// `href`, the bar is a link (to the list it counts) and focusable.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub class: &'static str,
    pub text: String,
    pub href: Option<String>,
}

/// `value` as a share of `max`, 0 to 100: the bar's length in its SVG.
fn length(value: f64, max: f64) -> f64 {
    if max > 0.0 {
        (value / max * 100.0).clamp(0.0, 100.0)
    } else {
        0.0
    }
}

/// The row's parts: label, bar (its segments as `(length, class)`), value,
/// and the tooltip shown on hover and keyboard focus (the row already says
/// it in words, so screen readers skip the tooltip).
fn row_parts(label: String, segments: Vec<(f64, String)>, text: String) -> impl IntoView {
    let tip = format!("{label}: {text}");
    let mut x = 0.0;
    let rects = segments
        .into_iter()
        .map(|(w, class)| {
            let r = view! { <rect x=format!("{x:.2}") width=format!("{w:.2}") height="10" class=class/> };
            x += w;
            r
        })
        .collect_view();
    view! {
        <span class="bar-label">{label}</span>
        <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">{rects}</svg>
        <span class="bar-value">{text}</span>
        <span class="bar-tip" aria-hidden="true">{tip}</span>
    }
}

/// Horizontal bars scaled to `max`; `caption` names the figure.
#[component]
pub fn BarChart(
    #[prop(into)] id: String,
    caption: String,
    bars: Vec<Bar>,
    max: f64,
) -> impl IntoView {
    let cap_id = format!("{id}-caption");
    view! {
        <figure class="chart" id=id>
            <figcaption id=cap_id.clone()>{caption}</figcaption>
            <ul class="bars" aria-labelledby=cap_id>
                {bars.into_iter().map(|b| {
                    let parts = row_parts(b.label, vec![(length(b.value, max), b.class.to_string())], b.text);
                    match b.href {
                        Some(href) => Either::Left(view! { <li><a href=href class="bar-row bar-link">{parts}</a></li> }),
                        None => Either::Right(view! { <li class="bar-row">{parts}</li> }),
                    }
                }).collect_view()}
            </ul>
        </figure>
    }
    // One type for every chart, however deep the page that holds it.
    .into_any()
}

/// One stacked bar per unit: draft, submitted and endorsed segments.
#[component]
pub fn UnitChart(caption: String, units: Vec<UnitFigures>) -> impl IntoView {
    let max = units.iter().map(UnitFigures::total).max().unwrap_or(0) as f64;
    view! {
        <figure class="chart" id="by-unit-chart">
            <figcaption id="by-unit-caption">{caption}</figcaption>
            <ul class="bars" aria-labelledby="by-unit-caption">
                {units.into_iter().map(|u| {
                    let segments = Status::ALL
                        .iter()
                        .map(|s| (length(u.count(*s) as f64, max), format!("bar-{}", s.code())))
                        .collect();
                    view! { <li class="bar-row">{row_parts(u.unit_name.clone(), segments, u.total().to_string())}</li> }
                }).collect_view()}
            </ul>
            <p class="legend" aria-hidden="true">
                {Status::ALL.iter().map(|s| view! { <span class=format!("key key-{}", s.code())>{s.label()}</span> }).collect_view()}
            </p>
        </figure>
    }
}

fn percent(part: i64, whole: i64) -> String {
    if whole > 0 {
        format!("{:.0} %", part as f64 * 100.0 / whole as f64)
    } else {
        "—".into()
    }
}

/// Assessments per unit by status, with totals and completion.
#[component]
pub fn UnitTable(caption: String, units: Vec<UnitFigures>, totals: UnitFigures) -> impl IntoView {
    let region = caption.clone();
    view! {
        <div class="table-scroll" role="region" aria-label=region tabindex="0">
            <table class="records figures">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Unit"</th>
                        {Status::ALL.iter().map(|s| view! { <th scope="col">{s.label()}</th> }).collect_view()}
                        <th scope="col">"Total"</th>
                        <th scope="col">"Completion (endorsed)"</th>
                    </tr>
                </thead>
                <tbody>
                    {units.into_iter().map(|u| view! {
                        <tr>
                            <th scope="row">{u.unit_name.clone()}</th>
                            {Status::ALL.iter().map(|s| view! { <td>{u.count(*s)}</td> }).collect_view()}
                            <td>{u.total()}</td>
                            <td>{percent(u.endorsed, u.total())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"All"</th>
                        {Status::ALL.iter().map(|s| view! { <td>{totals.count(*s)}</td> }).collect_view()}
                        <td>{totals.total()}</td>
                        <td>{percent(totals.endorsed, totals.total())}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// Average rating per competency and how many assessments rate it.
#[component]
pub fn AveragesTable(averages: Vec<AverageRating>) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label="Average ratings table" tabindex="0">
            <table class="records figures">
                <caption>"Average rating per competency (1 to 5)"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Competency"</th>
                        <th scope="col">"Average"</th>
                        <th scope="col">"Assessments rating it"</th>
                    </tr>
                </thead>
                <tbody>
                    {averages.into_iter().map(|a| view! {
                        <tr><th scope="row">{a.competency}</th><td>{one_decimal(a.average)}</td><td>{a.rated}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

pub fn average_bars(averages: &[AverageRating]) -> Vec<Bar> {
    averages
        .iter()
        .map(|a| Bar {
            label: a.competency.clone(),
            value: a.average.unwrap_or(0.0),
            class: "bar-average",
            text: one_decimal(a.average),
            href: None,
        })
        .collect()
}
