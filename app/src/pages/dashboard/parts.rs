//! Pieces of the dashboards: a linked figure, a table's CSV download, and
//! Network Ops' accounts dashboard.
use crate::api::dashboard::figures::{Figure, OpsDashboard};
use crate::pages::org::charts::{Bar, BarChart};
use leptos::prelude::*;

/// A count as a link to the list it counts (plain text when nothing selects it).
pub fn link(f: &Figure, text: String) -> AnyView {
    if f.href.is_empty() {
        view! { <span>{text}</span> }.into_any()
    } else {
        view! { <a href=f.href.clone()>{text}</a> }.into_any()
    }
}

/// A headline box: the figure's label and its value as a link.
pub fn headline(testid: &'static str, label: String, f: &Figure, text: String) -> impl IntoView {
    view! { <div><dt>{label}</dt><dd data-testid=testid>{link(f, text)}</dd></div> }
}

/// One CSV cell: quoted when it holds a comma, quote or line break; a leading
/// `= + - @` is neutralised so a spreadsheet never runs it as a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A link that downloads a table's rows as CSV (a `data:` URL: no request,
/// works without JavaScript).
pub fn csv_link(file: &str, header: &[&str], rows: Vec<Vec<String>>) -> impl IntoView {
    let mut text = header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(",");
    text.push_str("\r\n");
    for r in rows {
        text.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        text.push_str("\r\n");
    }
    let href = format!(
        "data:text/csv;charset=utf-8,{}",
        crate::url_query::encode_value(&text).replace('+', "%20")
    );
    view! {
        <p class="downloads"><a href=href download=format!("{file}.csv")>"Download this table (CSV)"</a></p>
    }
}

pub fn bar(f: &Figure, value: f64, class: &'static str, text: String) -> Bar {
    Bar {
        label: f.label.clone(),
        value,
        class,
        text,
        href: (!f.href.is_empty()).then(|| f.href.clone()),
    }
}

#[component]
pub fn Ops(d: OpsDashboard) -> impl IntoView {
    let n = |f: &Figure| link(f, f.value.to_string());
    let bars: Vec<Bar> = d
        .seats
        .iter()
        .map(|s| {
            bar(
                &s.users,
                s.users.value as f64,
                "bar-average",
                format!("{} of 6", s.users.value),
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = d
        .seats
        .iter()
        .map(|s| vec![s.partner.clone(), s.users.value.to_string(), "6".into()])
        .collect();
    view! {
        <h2>"Accounts"</h2>
        <dl class="headline" data-testid="dashboard-headline">
            {headline("active-partner-users", "Active Partner users".into(), &d.active_partner_users, d.active_partner_users.value.to_string())}
            {headline("active-cec-staff", "Active CEC Staff users".into(), &d.active_cec_staff, d.active_cec_staff.value.to_string())}
            {headline("expiring-partner-users", format!("Partner users whose access ends by {}", d.expiring_by), &d.expiring_partner_users, d.expiring_partner_users.value.to_string())}
            {headline("expiring-cec-staff", format!("CEC Staff users whose access ends by {}", d.expiring_by), &d.expiring_cec_staff, d.expiring_cec_staff.value.to_string())}
        </dl>
        <section aria-labelledby="seats-heading">
            <h2 id="seats-heading">"Partner users per Partner (at most 6)"</h2>
            <BarChart id="seats-chart" caption="Active Partner users of each Partner, out of 6".into() bars max=6.0/>
            <div class="table-scroll" role="region" aria-label="Active Partner users table" tabindex="0">
                <table class="records figures">
                    <caption>"Active Partner users per Partner"</caption>
                    <thead><tr><th scope="col">"Partner"</th><th scope="col">"Active Partner users"</th><th scope="col">"Places left"</th></tr></thead>
                    <tbody>
                        {d.seats.iter().map(|s| view! {
                            <tr><th scope="row">{s.partner.clone()}</th><td>{n(&s.users)}</td><td>{(6 - s.users.value).max(0)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {csv_link("partner-users-per-partner", &["Partner", "Active Partner users", "Out of"], rows)}
        </section>
    }
}
