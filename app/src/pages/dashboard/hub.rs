//! The careers-hub dashboard: headline, benchmarks, distribution, EA
//! pipeline and breakdowns, each chart with its table and CSV download.
use super::parts::{bar, csv_link, headline, link};
use crate::api::dashboard::figures::{
    shown_average, shown_percent, Breakdown, DashboardQuery, FilterChoices, HubDashboard,
};
use crate::api::dashboard::period::Period;
use crate::pages::org::charts::{Bar, BarChart};
use crate::records::schema::{EVALUATION_TYPES, PHASES};
use leptos::prelude::*;
use leptos_router::components::Form;

fn select(
    id: &'static str,
    label: &'static str,
    options: Vec<String>,
    current: Option<String>,
) -> impl IntoView {
    let current = current.unwrap_or_default();
    view! {
        <div class="field">
            <label for=format!("dash-{id}")>{label}</label>
            <select id=format!("dash-{id}") name=id prop:value=current.clone()>
                <option value="">"Any"</option>
                {options.into_iter().map(|o| {
                    let selected = o == current;
                    let value = o.clone();
                    view! { <option value=value selected=selected>{o}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The period (docs/RULES.md §7.3): values are keys, options read as words.
#[component]
fn PeriodSelect(current: String) -> impl IntoView {
    view! {
        <div class="field">
            <label for="dash-period">"Evaluated"</label>
            <select id="dash-period" name="period" prop:value=current.clone()>
                <option value="">"Any time"</option>
                {Period::ALL.into_iter().map(|p| {
                    let selected = p.key() == current;
                    view! { <option value=p.key() selected=selected>{p.choice()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn FilterBar(q: DashboardQuery, choices: FilterChoices) -> impl IntoView {
    let owned = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    view! {
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Filter the dashboard">
            {select("phase", "Phase", owned(PHASES), q.phase.clone())}
            {select("la", "Local authority", choices.local_authorities, q.la.clone())}
            {(!choices.ecs.is_empty()).then(|| select("ec", "EC", choices.ecs, q.ec.clone()))}
            {(!choices.partners.is_empty()).then(|| select("partner", "Partner", choices.partners, q.partner.clone()))}
            {select("evaluation", "Latest evaluation type", owned(EVALUATION_TYPES), q.evaluation.clone())}
            <PeriodSelect current=q.period.clone().unwrap_or_default()/>
            <div class="filter-buttons">
                <button type="submit">"Show"</button>
                <a href="/">"Clear"</a>
            </div>
        </Form>
    }
}

#[component]
pub fn Hub(d: HubDashboard) -> impl IntoView {
    let avg = shown_average(d.average_achieved());
    let matched_text = format!(
        "{} ({})",
        shown_percent(d.matched_percent()),
        d.matched.value
    );
    // The period in words (docs/RULES.md §7.3): "…, evaluated this term".
    let period = d
        .query
        .period
        .as_deref()
        .and_then(Period::from_key)
        .map(|p| format!(", {}", p.label().to_lowercase()))
        .unwrap_or_default();
    view! {
        <h2>"Dashboard"</h2>
        <p class="hint" data-testid="dashboard-scope">{format!("Figures for {}: institutions in network scope only{period}.", d.scope_label)}</p>
        <FilterBar q=d.query.clone() choices=d.choices.clone()/>
        <dl class="headline" data-testid="dashboard-headline">
            {headline("institutions", "Institutions".into(), &d.institutions, d.institutions.value.to_string())}
            {headline("matched", "With at least one matched EA".into(), &d.matched, matched_text)}
            {headline("average", "Average benchmarks fully achieved (latest evaluation)".into(), &d.institutions, avg)}
            {headline("stale", "No Compass evaluation in the last 12 months".into(), &d.stale, d.stale.value.to_string())}
            {d.active_eas.as_ref().map(|f| headline("active-eas", "Active EAs".into(), f, f.value.to_string()))}
        </dl>
        {view! { <Benchmarks d=d.clone()/> }.into_any()}
        {view! { <Distribution d=d.clone()/> }.into_any()}
        {view! { <super::trend::Trend points=d.trend.clone()/> }.into_any()}
        {d.monthly.clone().map(|m| view! { <super::monthly::MonthlyReturn m/> }.into_any())}
        {(!d.pipeline.is_empty()).then(|| view! { <Pipeline d=d.clone()/> }.into_any())}
        {d.breakdowns.iter().cloned().map(|b| view! { <BreakdownSection b/> }.into_any()).collect_view()}
    }
}

#[component]
fn Benchmarks(d: HubDashboard) -> impl IntoView {
    let bars: Vec<Bar> = d
        .benchmarks
        .iter()
        .map(|b| {
            let mut bar = bar(
                &b.achieved,
                b.percent.unwrap_or(0.0),
                "bar-average",
                format!("{} ({})", shown_percent(b.percent), b.achieved.value),
            );
            bar.label = format!("{} {}", b.number, b.name);
            bar
        })
        .collect();
    let partner = d.has_partner_comparison;
    let rows = d
        .benchmarks
        .iter()
        .map(|b| {
            let mut r = vec![
                format!("{} {}", b.number, b.name),
                b.achieved.value.to_string(),
                shown_percent(b.percent),
            ];
            if partner {
                r.push(shown_percent(b.partner_percent));
            }
            r.push(shown_percent(b.national_percent));
            r
        })
        .collect();
    let header: &[&str] = if partner {
        &[
            "Benchmark",
            "Fully achieved",
            "Share",
            "Partner",
            "National",
        ]
    } else {
        &["Benchmark", "Fully achieved", "Share", "National"]
    };
    view! {
        <section aria-labelledby="benchmarks-heading">
            <h2 id="benchmarks-heading">"Gatsby Benchmarks fully achieved"</h2>
            <p class="hint">{format!("Share of the {} evaluated institutions whose latest evaluation scores 100 %.", d.evaluated)}</p>
            <BarChart id="benchmarks-chart" caption="Institutions fully achieving each benchmark (%)".into() bars max=100.0/>
            <div class="table-scroll" role="region" aria-label="Benchmarks table" tabindex="0">
                <table class="records figures" data-testid="benchmarks-table">
                    <caption>{if partner { "Benchmarks fully achieved, beside the Partner and the nation" } else { "Benchmarks fully achieved, beside the nation" }}</caption>
                    <thead><tr>{header.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {d.benchmarks.iter().map(|b| view! {
                            <tr>
                                <th scope="row">{format!("{} {}", b.number, b.name)}</th>
                                <td>{link(&b.achieved, b.achieved.value.to_string())}</td>
                                <td>{shown_percent(b.percent)}</td>
                                {partner.then(|| view! { <td>{shown_percent(b.partner_percent)}</td> })}
                                <td>{shown_percent(b.national_percent)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {csv_link("benchmarks", header, rows)}
        </section>
    }
}

#[component]
fn Distribution(d: HubDashboard) -> impl IntoView {
    let max = d.distribution.iter().map(|f| f.value).max().unwrap_or(0) as f64;
    let bars: Vec<Bar> = d
        .distribution
        .iter()
        .map(|f| bar(f, f.value as f64, "bar-average", f.value.to_string()))
        .collect();
    let rows = d
        .distribution
        .iter()
        .map(|f| vec![f.label.clone(), f.value.to_string()])
        .collect();
    view! {
        <section aria-labelledby="distribution-heading">
            <h2 id="distribution-heading">"Institutions by number of benchmarks fully achieved"</h2>
            <BarChart id="distribution-chart" caption="Evaluated institutions by benchmarks fully achieved (0 to 8)".into() bars max/>
            <FigureTable caption="Evaluated institutions by benchmarks fully achieved" head="Benchmarks fully achieved" figures=d.distribution.clone()/>
            {csv_link("benchmarks-achieved", &["Benchmarks fully achieved", "Institutions"], rows)}
        </section>
    }
}

#[component]
fn Pipeline(d: HubDashboard) -> impl IntoView {
    let max = d.pipeline.iter().map(|f| f.value).max().unwrap_or(0) as f64;
    let bars: Vec<Bar> = d
        .pipeline
        .iter()
        .map(|f| bar(f, f.value as f64, "bar-average", f.value.to_string()))
        .collect();
    let rows = d
        .pipeline
        .iter()
        .map(|f| vec![f.label.clone(), f.value.to_string()])
        .collect();
    view! {
        <section aria-labelledby="pipeline-heading">
            <h2 id="pipeline-heading">"Enterprise Adviser pipeline"</h2>
            <BarChart id="pipeline-chart" caption="Active EAs by stage".into() bars max/>
            <FigureTable caption="Active EAs by stage" head="Stage" figures=d.pipeline.clone()/>
            {csv_link("ea-pipeline", &["Stage", "EAs"], rows)}
        </section>
    }
}

#[component]
pub fn FigureTable(
    caption: &'static str,
    head: &'static str,
    figures: Vec<crate::api::dashboard::figures::Figure>,
) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label=caption tabindex="0">
            <table class="records figures">
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{head}</th><th scope="col">"Count"</th></tr></thead>
                <tbody>
                    {figures.into_iter().map(|f| view! {
                        <tr><th scope="row">{f.label.clone()}</th><td>{link(&f, f.value.to_string())}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn BreakdownSection(b: Breakdown) -> impl IntoView {
    let heading = format!("{}-heading", b.key);
    let labelled_by = heading.clone();
    let max = b
        .rows
        .iter()
        .map(|r| r.institutions.value)
        .max()
        .unwrap_or(0) as f64;
    // A chart only where it stays readable; the table always.
    let chart = (b.rows.len() <= 20).then(|| {
        let bars: Vec<Bar> = b.rows.iter().map(|r| bar(&r.institutions, r.institutions.value as f64, "bar-average", r.institutions.value.to_string())).collect();
        view! { <BarChart id=format!("{}-chart", b.key) caption=format!("Institutions {}", b.title.to_lowercase()) bars max/> }
    });
    let rows = b
        .rows
        .iter()
        .map(|r| {
            vec![
                r.institutions.label.clone(),
                r.institutions.value.to_string(),
                r.matched.value.to_string(),
                shown_average(r.average()),
            ]
        })
        .collect();
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=heading>{b.title.clone()}</h2>
            {chart}
            <div class="table-scroll" role="region" aria-label=format!("{} table", b.title) tabindex="0">
                <table class="records figures" data-testid=format!("breakdown-{}", b.key)>
                    <caption>{format!("Institutions {}", b.title.to_lowercase())}</caption>
                    <thead><tr>
                        <th scope="col">{b.title.trim_start_matches("By ").to_string()}</th>
                        <th scope="col">"Institutions"</th>
                        <th scope="col">"With a matched EA"</th>
                        <th scope="col">"Average benchmarks achieved"</th>
                    </tr></thead>
                    <tbody>
                        {b.rows.iter().map(|r| view! {
                            <tr>
                                <th scope="row">{r.institutions.label.clone()}</th>
                                <td>{link(&r.institutions, r.institutions.value.to_string())}</td>
                                <td>{link(&r.matched, r.matched.value.to_string())}</td>
                                <td>{shown_average(r.average())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {csv_link(&b.key, &["Name", "Institutions", "With a matched EA", "Average benchmarks achieved"], rows)}
        </section>
    }
}
