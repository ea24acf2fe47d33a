//! Last month's Partner return on the Partner and Admin dashboards
//! (docs/RULES.md §2.4, §7).
use super::hub::FigureTable;
use super::parts::csv_link;
use crate::api::dashboard::figures::MonthlyStatus;
use crate::pages::monthly::status_tag;
use leptos::prelude::*;

#[component]
pub fn MonthlyReturn(m: MonthlyStatus) -> impl IntoView {
    let due = format!(
        "Due by {} (the month's last day plus the grace period).",
        m.due_on
    );
    let own = m.own.clone().map(|o| {
        view! {
            <dl class="summary-list" data-testid="monthly-own">
                <div>
                    <dt>{format!("Return for {}", m.month)}</dt>
                    <dd>{status_tag(o.status, o.overdue)} " " <a href=o.open>"Open the return"</a></dd>
                </div>
            </dl>
        }
        .into_any()
    });
    let late = m.own.is_some().then(|| {
        if m.overdue_months.is_empty() {
            view! { <p data-testid="monthly-overdue">"No month's return is overdue."</p> }.into_any()
        } else {
            view! {
                <p data-testid="monthly-overdue">{format!("Overdue: {}.", m.overdue_months.join(", "))}</p>
            }
            .into_any()
        }
    });
    let national = (!m.by_status.is_empty()).then(|| {
        let rows = m
            .by_status
            .iter()
            .map(|f| vec![f.label.clone(), f.value.to_string()])
            .collect();
        view! {
            <FigureTable caption="Partners by the state of last month's return" head="Return" figures=m.by_status.clone()/>
            {csv_link("monthly-returns", &["Return", "Partners"], rows)}
        }
        .into_any()
    });
    view! {
        <section aria-labelledby="monthly-heading" data-testid="monthly-status">
            <h2 id="monthly-heading">{format!("Monthly return: {}", m.month)}</h2>
            <p class="hint">{due}</p>
            {own}
            {late}
            {national}
            <p><a href=m.returns_href.clone()>"Monthly returns"</a></p>
        </section>
    }
}
