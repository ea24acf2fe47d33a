//! The trend chart (docs/RULES.md §7.2): average benchmarks fully achieved
//! per school term over the last three years, with its table and CSV.
use super::parts::csv_link;
use crate::api::dashboard::figures::{shown_average, TrendPoint};
use crate::pages::org::charts::{Bar, BarChart};
use leptos::prelude::*;

#[component]
pub fn Trend(points: Vec<TrendPoint>) -> impl IntoView {
    let bars: Vec<Bar> = points
        .iter()
        .map(|p| Bar {
            label: p.term.clone(),
            value: p.average().unwrap_or(0.0),
            class: "bar-average",
            text: match p.average() {
                Some(_) => format!("{} ({} evaluated)", shown_average(p.average()), p.evaluated),
                None => "no evaluations".into(),
            },
            href: None,
        })
        .collect();
    let rows = points
        .iter()
        .map(|p| {
            vec![
                p.term.clone(),
                p.evaluated.to_string(),
                shown_average(p.average()),
            ]
        })
        .collect();
    view! {
        <section aria-labelledby="trend-heading" data-testid="trend">
            <h2 id="trend-heading">"Benchmarks achieved per term"</h2>
            <p class="hint">"The last three years. Each institution evaluated in a term counts once, by its last evaluation of the term. Terms: spring January to April, summer May to August, autumn September to December."</p>
            <BarChart id="trend-chart" caption="Average benchmarks fully achieved per term (0 to 8)".into() bars max=8.0/>
            <div class="table-scroll" role="region" aria-label="Trend table" tabindex="0">
                <table class="records figures" data-testid="trend-table">
                    <caption>"Average benchmarks fully achieved per term"</caption>
                    <thead><tr><th scope="col">"Term"</th><th scope="col">"Institutions evaluated"</th><th scope="col">"Average benchmarks achieved"</th></tr></thead>
                    <tbody>
                        {points.iter().map(|p| view! {
                            <tr><th scope="row">{p.term.clone()}</th><td>{p.evaluated}</td><td>{shown_average(p.average())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {csv_link("benchmarks-per-term", &["Term", "Institutions evaluated", "Average benchmarks achieved"], rows)}
        </section>
    }
}
