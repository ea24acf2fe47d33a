//! Admin's month (docs/RULES.md §2.4): every active Partner for a chosen
//! month (last month unless chosen), its return's status and figures, the
//! overdue ones, and the grace period that makes a return overdue.
use super::{error_summary, figures_text, status_tag, submitted_text, StatusFilter, BASE};
use crate::api::monthly::{return_path, SetGracePeriod};
use crate::components::pagination::Pagination;
use crate::display::long_date;
use crate::records::monthly::ReturnsPage;
use crate::url_query::UrlQuery;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn MonthPage(page: ReturnsPage, grace: ServerAction<SetGracePeriod>) -> impl IntoView {
    let month = page.month;
    let pages = page.page_count();
    let q = page.query.clone();
    let mut shown = q.clone();
    shown.month = Some(month);
    let (n, paged) = (q.page, shown.clone());
    let due = long_date(&page.due_on).unwrap_or_else(|| page.due_on.clone());
    let overdue = page.overdue.clone();
    view! {
        <h1>{format!("Monthly returns — {}", month.label())}</h1>
        <p class="hint">{format!("Every active Partner's return for {}. Returns are due by {due} ({} days after the month ends); a Partner whose return is not in by then is overdue.", month.label(), page.grace_days)}</p>
        <StatusFilter q=shown with_month=true overdue=true/>
        <section aria-labelledby="overdue-heading">
            <h2 id="overdue-heading">{format!("Overdue ({})", overdue.len())}</h2>
            {if overdue.is_empty() {
                view! { <p>{format!("No Partner is overdue for {}.", month.label())}</p> }.into_any()
            } else {
                view! {
                    <ul class="overdue-list">
                        {overdue.into_iter().map(|r| view! {
                            <li>{r.partner.clone()}" — "{r.status.label()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <h2>"Partners"</h2>
        <p class="summary">{super::plural(page.total, "Partner")}</p>
        <div class="table-scroll" role="region" aria-label="Partners' returns table" tabindex="0">
            <table class="records returns">
                <caption class="visually-hidden">{format!("Partners' returns for {}", month.label())}</caption>
                <thead><tr>
                    <th scope="col">"Partner"</th><th scope="col">"Status"</th>
                    <th scope="col">"Submitted by"</th><th scope="col">"Figures"</th>
                    <th scope="col">"Return"</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.partner.clone()}</th>
                            <td>{status_tag(r.status, r.overdue)}</td>
                            <td>{submitted_text(&r)}</td>
                            <td class="figures">{figures_text(r.figures)}</td>
                            <td>{r.id.map(|id| view! {
                                <a href=return_path(id)>"Open"<span class="visually-hidden">{format!(" the return of {}", r.partner)}</span></a>
                            })}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination page=n pages href=move |k| paged.with_page(k).href(BASE)/>
        <section class="action" aria-labelledby="grace-heading">
            <h2 id="grace-heading">"Grace period"</h2>
            {error_summary(grace.value())}
            <ActionForm action=grace>
                <input type="hidden" name="version" value=page.grace_version.to_string()/>
                <div class="field">
                    <label for="grace_days">"Days after a month ends before its return is overdue"</label>
                    <span class="hint" id="grace-hint">{format!("0 to {}. Applies to every Partner and month at once.", crate::records::monthly::GRACE_DAYS_MAX)}</span>
                    <input id="grace_days" name="grace_days" type="number" min="0" max=crate::records::monthly::GRACE_DAYS_MAX.to_string() value=page.grace_days.to_string() aria-describedby="grace-hint" required/>
                </div>
                <button type="submit">"Save grace period"</button>
            </ActionForm>
        </section>
    }
}
