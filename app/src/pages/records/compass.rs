//! A Compass Progress Report read as a report, and an Institution's
//! evaluations over time (docs/RULES.md §3.2). Charts are drawn on the
//! server, each with its numbers in a table under it; marks differ in shape
//! and are named in words, so colour never carries meaning alone.
use crate::auth::permissions::RecordKind;
use crate::display::shown;
use crate::records::compass::{percent, signed, Average, CompassView, Evaluation, ReportFigures};
use crate::records::schema::BENCHMARK_LABELS;
use leptos::prelude::*;

/// The Compass part of a record page, where the kind has one.
pub fn compass_view(v: Option<CompassView>) -> AnyView {
    match v {
        Some(CompassView::Report(f)) => view! { <Report f=*f/> }.into_any(),
        Some(CompassView::History(h)) => view! { <History evaluations=h/> }.into_any(),
        None => ().into_any(),
    }
}

/// A score as a length along the bar: a percentage of its width, so marks
/// keep their shape however wide the screen is (docs/RULES.md §5.4).
fn along(score: f64) -> String {
    format!("{:.1}%", score.clamp(0.0, 100.0))
}

/// What one benchmark's marks say, in words (the chart's tooltip).
fn in_words(f: &ReportFigures, i: usize) -> String {
    let score = f.report.scores[i];
    let mut s = format!("{}: {score} %", BENCHMARK_LABELS[i]);
    if score == 100 {
        s.push_str(", fully achieved");
    }
    if let (Some(p), Some(c)) = (&f.previous, f.change(i)) {
        s.push_str(&format!("; previous {} % ({})", p.scores[i], signed(c)));
    }
    s.push_str(&format!(
        "; {} {}",
        f.scope_label.to_lowercase(),
        percent(f.scope.score(i))
    ));
    if let Some(p) = &f.partner {
        s.push_str(&format!("; Partner average {}", percent(p.score(i))));
    }
    s
}

#[component]
fn Report(f: ReportFigures) -> impl IntoView {
    let rows = (0..8).map(|i| {
        let score = f.report.scores[i];
        let achieved = score == 100;
        let value = match (achieved, f.change(i)) {
            (true, Some(c)) => format!("{score} % ✓ fully achieved ({})", signed(c)),
            (true, None) => format!("{score} % ✓ fully achieved"),
            (false, Some(c)) => format!("{score} % ({})", signed(c)),
            (false, None) => format!("{score} %"),
        };
        let class = if achieved { "bar-achieved" } else { "bar-score" };
        // Each mark sits in its own small drawing placed along the bar, so
        // triangles stay triangles at any width.
        let previous = f.previous.as_ref().map(|p| {
            let x = along(p.scores[i] as f64);
            view! { <line x1=x.clone() x2=x y1="4" y2="28" class="mark-previous"/> }
        });
        let scope = f.scope.score(i).map(|a| {
            view! { <svg x=along(a) overflow="visible"><path d="M0 9 l-6 -9 h12 z" class="mark-scope"/></svg> }
        });
        let partner = f.partner.as_ref().and_then(|p| p.score(i)).map(|a| {
            view! { <svg x=along(a) overflow="visible"><path d="M0 23 l6 9 h-12 z" class="mark-partner"/></svg> }
        });
        view! {
            <li class="bar-row">
                <span class="bar-label">{BENCHMARK_LABELS[i]}</span>
                <svg class="bar compass-bar" height="32" overflow="visible" aria-hidden="true" focusable="false">
                    <rect x="0" y="9" width="100%" height="14" class="bar-track"/>
                    <rect x="0" y="9" width=along(score as f64) height="14" class=class/>
                    {previous}
                    {scope}
                    {partner}
                </svg>
                <span class="bar-value">{value}</span>
                <span class="bar-tip" aria-hidden="true">{in_words(&f, i)}</span>
            </li>
        }
    }).collect_view();
    let previous_caption = f.previous.as_ref().map_or_else(
        || "no previous evaluation".to_string(),
        |p| {
            format!(
                "previous evaluation {} ({})",
                p.completed_on, p.evaluation_type
            )
        },
    );
    view! {
        <section class="compass-report" aria-labelledby="compass-report-heading">
            <h2 id="compass-report-heading">"Gatsby Benchmarks"</h2>
            <figure class="chart compass-chart" id="benchmarks-chart">
                <figcaption id="benchmarks-chart-caption">
                    {format!("Scores on {} against the {previous_caption}", f.report.completed_on)}
                </figcaption>
                <ul class="bars" aria-labelledby="benchmarks-chart-caption">{rows}</ul>
                <ul class="chart-key">
                    <li><span class="key-swatch key-score" aria-hidden="true"></span>"Bar: this report's score"</li>
                    <li><span aria-hidden="true">"✓ "</span>"Fully achieved (100 %), in words and a green bar"</li>
                    {f.previous.is_some().then(|| view! { <li><span class="key-line" aria-hidden="true"></span>"Upright line: the previous evaluation"</li> })}
                    <li><span class="key-scope" aria-hidden="true">"▼ "</span>{f.scope_label.clone()}</li>
                    {f.partner.is_some().then(|| view! { <li><span class="key-partner" aria-hidden="true">"▲ "</span>"Partner average"</li> })}
                </ul>
            </figure>
            <ReportTable f=f.clone()/>
        </section>
    }
}

/// Averages are taken over institutions' latest evaluations: how many.
fn over(a: &Average) -> String {
    format!(
        "over {} institution{}",
        a.institutions,
        if a.institutions == 1 { "" } else { "s" }
    )
}

#[component]
fn ReportTable(f: ReportFigures) -> impl IntoView {
    let prev_head = f.previous.as_ref().map_or_else(
        || "Previous evaluation".to_string(),
        |p| format!("Previous evaluation ({})", p.completed_on),
    );
    view! {
        <div class="table-scroll" role="region" aria-label="Benchmark scores table" tabindex="0">
            <table class="records figures" id="benchmarks-table">
                <caption>"Each benchmark's score (%) beside the previous evaluation and the averages"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Benchmark"</th>
                        <th scope="col">"This report"</th>
                        <th scope="col">"Fully achieved"</th>
                        <th scope="col">{prev_head}</th>
                        <th scope="col">"Change"</th>
                        <th scope="col">
                            <a href=f.scope_href.clone()>{f.scope_label.clone()}</a>
                            <span class="hint">" (" {over(&f.scope)} ")"</span>
                        </th>
                        <th scope="col">
                            "Partner average"
                            <span class="hint">{f.partner.as_ref().map_or_else(|| " (no Partner)".to_string(), |p| format!(" ({})", over(p)))}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {(0..8).map(|i| {
                        let score = f.report.scores[i];
                        view! {
                            <tr>
                                <th scope="row">{BENCHMARK_LABELS[i]}</th>
                                <td>{format!("{score} %")}</td>
                                <td>{if score == 100 { "✓ Yes" } else { "No" }}</td>
                                <td>{f.previous.as_ref().map_or_else(|| "—".to_string(), |p| format!("{} %", p.scores[i]))}</td>
                                <td>{f.change(i).map_or_else(|| "—".to_string(), signed)}</td>
                                <td>{percent(f.scope.score(i))}</td>
                                <td>{percent(f.partner.as_ref().and_then(|p| p.score(i)))}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">"Benchmarks fully achieved"</th>
                        <td>{format!("{} of 8", f.report.achieved())}</td>
                        <td></td>
                        <td>{f.previous.as_ref().map_or_else(|| "—".to_string(), |p| format!("{} of 8", p.achieved()))}</td>
                        <td>{f.previous.as_ref().map_or_else(|| "—".to_string(), |p| signed(f.report.achieved() as i64 - p.achieved() as i64))}</td>
                        <td></td>
                        <td></td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

const PLOT_X: f64 = 40.0;
const PLOT_W: f64 = 500.0;
const PLOT_Y: f64 = 12.0;
const PLOT_H: f64 = 200.0;

/// Benchmarks fully achieved at each evaluation, as a line over time.
#[component]
fn History(evaluations: Vec<Evaluation>) -> impl IntoView {
    let n = evaluations.len();
    let x = move |i: usize| {
        if n <= 1 {
            PLOT_X + PLOT_W / 2.0
        } else {
            PLOT_X + 20.0 + i as f64 * (PLOT_W - 40.0) / (n - 1) as f64
        }
    };
    let y = |achieved: usize| PLOT_Y + PLOT_H - achieved as f64 / 8.0 * PLOT_H;
    let points = evaluations
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{:.1},{:.1}", x(i), y(e.achieved())))
        .collect::<Vec<_>>()
        .join(" ");
    let grid = (0..=8).step_by(2).map(|k| {
        let gy = format!("{:.1}", y(k));
        view! {
            <line x1=PLOT_X.to_string() x2=format!("{}", PLOT_X + PLOT_W) y1=gy.clone() y2=gy.clone() class="grid-line"/>
            <text x=format!("{}", PLOT_X - 8.0) y=format!("{:.1}", y(k) + 4.0) class="axis-label" text-anchor="end">{k}</text>
        }
    }).collect_view();
    let marks = evaluations.iter().enumerate().map(|(i, e)| {
        let (cx, cy) = (x(i), y(e.achieved()));
        let tip = format!("{} ({}): {} of 8 benchmarks fully achieved", e.completed_on, e.evaluation_type, e.achieved());
        view! {
            <g>
                <title>{tip}</title>
                <circle cx=format!("{cx:.1}") cy=format!("{cy:.1}") r="5" class="line-point"/>
                <text x=format!("{cx:.1}") y=format!("{:.1}", PLOT_Y + PLOT_H + 18.0) class="axis-label" text-anchor="middle">{e.completed_on.clone()}</text>
            </g>
        }
    }).collect_view();
    let h = PLOT_Y + PLOT_H + 28.0;
    view! {
        <section class="compass-history" aria-labelledby="compass-history-heading">
            <h2 id="compass-history-heading">"Compass evaluations over time"</h2>
            {if evaluations.is_empty() {
                view! { <p class="hint">"No Compass evaluation you can see."</p> }.into_any()
            } else {
                view! {
                    <figure class="chart compass-chart" id="history-chart">
                        <figcaption id="history-chart-caption">"Gatsby Benchmarks fully achieved (0 to 8) at each evaluation"</figcaption>
                        // On a phone the drawing keeps its text readable and
                        // scrolls sideways in its own region (docs/RULES.md §5.4).
                        <div class="chart-scroll" tabindex="0" role="region" aria-labelledby="history-chart-caption">
                            <svg viewBox=format!("0 0 560 {h}") role="img" aria-labelledby="history-chart-caption" class="bars line-chart">
                                {grid}
                                <polyline points=points class="line-series"/>
                                {marks}
                            </svg>
                        </div>
                    </figure>
                    <HistoryTable evaluations=evaluations.clone()/>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn HistoryTable(evaluations: Vec<Evaluation>) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label="Evaluation history table" tabindex="0">
            <table class="records figures" id="history-table">
                <caption>"Each evaluation's scores (%), oldest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date completed"</th>
                        <th scope="col">"Evaluation type"</th>
                        {(1..=8).map(|k| view! { <th scope="col"><abbr title={BENCHMARK_LABELS[k - 1]}>{format!("B{k}")}</abbr></th> }).collect_view()}
                        <th scope="col">"Fully achieved"</th>
                    </tr>
                </thead>
                <tbody>
                    {evaluations.into_iter().map(|e| {
                        let achieved = e.achieved();
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/areas/{}/{}", RecordKind::CompassReport.slug(), e.id)>{shown(&e.completed_on)}</a></th>
                                <td>{e.evaluation_type.clone()}</td>
                                {e.scores.iter().map(|s| view! { <td>{if *s == 100 { format!("{s} ✓") } else { s.to_string() }}</td> }).collect_view()}
                                <td>{format!("{achieved} of 8")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
