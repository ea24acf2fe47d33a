//! Inline SVG bar charts, each paired with a table of the same numbers (the
//! accessible form: screen readers read the table, the chart is an image).
//! Colours come from the stylesheet (CSP forbids inline styles).
use crate::api::org::figures::{one_decimal, AverageRating, UnitFigures};
use crate::api::org::types::Status;
use leptos::prelude::*;

const LABEL_W: f64 = 190.0;
const BAR_W: f64 = 300.0;
const ROW_H: f64 = 28.0;

/// One bar: its label, value, CSS class and the text shown after it; with
/// `href`, the bar is a link (to the list it counts) and focusable.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub class: &'static str,
    pub text: String,
    pub href: Option<String>,
}

fn width(value: f64, max: f64) -> f64 {
    if max > 0.0 {
        (value / max * BAR_W).max(0.0)
    } else {
        0.0
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
    let h = ROW_H * bars.len().max(1) as f64 + 8.0;
    let cap_id = format!("{id}-caption");
    // An image's parts are not reachable; linked bars make it a group of links.
    let role = if bars.iter().any(|b| b.href.is_some()) {
        "group"
    } else {
        "img"
    };
    view! {
        <figure class="chart" id=id>
            <figcaption id=cap_id.clone()>{caption}</figcaption>
            <svg viewBox=format!("0 0 560 {h}") role=role aria-labelledby=cap_id class="bars">
                {bars.into_iter().enumerate().map(|(i, b)| {
                    let y = i as f64 * ROW_H + 4.0;
                    let w = width(b.value, max);
                    // The tooltip (hover, and focus on a linked bar) says it in words.
                    // Each view starts at an SVG element so `a` and `title` are SVG's.
                    let tip = format!("{}: {}", b.label, b.text);
                    let (ly, vx, vy) = (format!("{}", y + 17.0), format!("{:.1}", LABEL_W + w + 6.0), format!("{}", y + 15.0));
                    match b.href {
                        Some(href) => view! {
                            <g>
                                <a href=href class="bar-link">
                                    <title>{tip}</title>
                                    <text x="0" y=ly class="bar-label">{b.label}</text>
                                    <rect x=LABEL_W.to_string() y=y.to_string() width=format!("{w:.1}") height="20" class=b.class/>
                                    <text x=vx y=vy class="bar-value">{b.text}</text>
                                </a>
                            </g>
                        }.into_any(),
                        None => view! {
                            <g>
                                <title>{tip}</title>
                                <text x="0" y=ly class="bar-label">{b.label}</text>
                                <rect x=LABEL_W.to_string() y=y.to_string() width=format!("{w:.1}") height="20" class=b.class/>
                                <text x=vx y=vy class="bar-value">{b.text}</text>
                            </g>
                        }.into_any(),
                    }
                }).collect_view()}
            </svg>
        </figure>
    }
}

/// One stacked bar per unit: draft, submitted and endorsed segments.
#[component]
pub fn UnitChart(caption: String, units: Vec<UnitFigures>) -> impl IntoView {
    let max = units.iter().map(UnitFigures::total).max().unwrap_or(0) as f64;
    let h = ROW_H * units.len().max(1) as f64 + 8.0;
    view! {
        <figure class="chart" id="by-unit-chart">
            <figcaption id="by-unit-caption">{caption}</figcaption>
            <svg viewBox=format!("0 0 560 {h}") role="img" aria-labelledby="by-unit-caption" class="bars">
                {units.into_iter().enumerate().map(|(i, u)| {
                    let y = i as f64 * ROW_H + 4.0;
                    let mut x = LABEL_W;
                    let segments: Vec<_> = Status::ALL.iter().map(|s| {
                        let w = width(u.count(*s) as f64, max);
                        let seg = view! { <rect x=format!("{x:.1}") y=y.to_string() width=format!("{w:.1}") height="20" class=format!("bar-{}", s.code())/> };
                        x += w;
                        seg
                    }).collect();
                    view! {
                        <g>
                            <text x="0" y=format!("{}", y + 17.0) class="bar-label">{u.unit_name.clone()}</text>
                            {segments}
                            <text x=format!("{:.1}", x + 6.0) y=format!("{}", y + 15.0) class="bar-value">{u.total().to_string()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
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
    view! {
        <div class="table-scroll">
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
        <div class="table-scroll">
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
