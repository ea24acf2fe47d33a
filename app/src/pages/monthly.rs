//! The monthly returns pages (docs/RULES.md §2.4): `/areas/monthly-submissions`
//! is Admin's month of every Partner (`monthly/admin.rs`) or a Partner
//! user's own returns (here); `/areas/monthly-submissions/:id` is one return
//! (`monthly/submission.rs`). Every form is a plain GET or POST form that
//! ActionForm enhances, so the pages work without JavaScript.
pub mod admin;
pub mod submission;

use crate::api::monthly::{load_returns, return_path, StartReturn};
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::pagination::Pagination;
use crate::display::london_time;
use crate::error::AppError;
use crate::records::monthly::{Figures, ReturnRow, ReturnStatus, ReturnsPage, ReturnsQuery};
use crate::url_query::UrlQuery;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

pub const BASE: &str = "/areas/monthly-submissions";

/// `/areas/monthly-submissions`: Admin's month, or the Partner user's returns.
#[component]
pub fn MonthlyReturnsPage(p: Principal) -> impl IntoView {
    let location = use_location();
    let start = ServerAction::<StartReturn>::new();
    let grace = ServerAction::<crate::api::monthly::SetGracePeriod>::new();
    let data = Resource::new(
        move || {
            (
                location.search.get(),
                start.version().get() + grace.version().get(),
            )
        },
        |(query, _)| load_returns(query),
    );
    let national = decide_network(
        &p,
        Action::Confirm,
        &NetworkTarget::Kind(RecordKind::MonthlySubmission),
    )
    .is_allowed();
    view! {
        <leptos_meta::Title text="Monthly returns — Caseboard"/>
        {move || done_message(&location.search.get())}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) if national => view! { <admin::MonthPage page grace/> }.into_any(),
                    Ok(page) => view! { <PartnerReturns page start/> }.into_any(),
                    Err(e) => view! { <h1>"Monthly returns"</h1><p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the last change did, from the URL it came back to (works without JavaScript).
pub fn done_message(search: &str) -> Option<AnyView> {
    let done = crate::url_query::parse(search)
        .into_iter()
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v)?;
    let text = match done.as_str() {
        "note" => "Note saved.",
        "submitted" => "Submitted. The figures were taken from the register just now; Admin will confirm or return them.",
        "confirmed" => "Confirmed.",
        "returned" => "Returned to the Partner with your reason.",
        "grace" => "Grace period saved.",
        _ => return None,
    };
    Some(view! { <div class="done outcome" role="status"><p>{text}</p></div> }.into_any())
}

/// The GOV.UK error summary for a failed form: the message, linking to the
/// field it names; anything else as an alert.
pub fn error_summary<T, S>(value: S) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || match value.get() {
        Some(Err(e @ AppError::Invalid { .. })) => {
            let problems = Problem::all_of(&e, |field| Some(field.to_string()));
            Some(view! { <ErrorSummary problems/> }.into_any())
        }
        Some(Err(e)) => {
            Some(view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any())
        }
        _ => None,
    }
}

pub fn status_tag(status: ReturnStatus, overdue: bool) -> impl IntoView {
    view! {
        <strong class=status.tag_class()>{status.label()}</strong>
        {overdue.then(|| view! { " " <strong class="tag tag-red">"Overdue"</strong> })}
    }
}

/// The figures of a row, compactly.
pub fn figures_text(f: Option<Figures>) -> String {
    match f {
        None => "—".to_string(),
        Some(f) => f
            .shown()
            .iter()
            .map(|x| format!("{}: {}", x.label, x.value))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

pub fn submitted_text(r: &ReturnRow) -> String {
    match (&r.submitted_by, r.submitted_at) {
        (Some(by), Some(at)) => format!("{by}, {}", london_time(at)),
        _ => "—".to_string(),
    }
}

/// "1 return", "3 returns".
pub fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The status filter (GET), shared by both pages.
#[component]
pub fn StatusFilter(q: ReturnsQuery, with_month: bool, overdue: bool) -> impl IntoView {
    let month = q.month.map(|m| m.key()).unwrap_or_default();
    let status = q.status.clone();
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            {with_month.then(|| view! {
                <div class="field">
                    <label for="month">"Month"</label>
                    <input id="month" name="month" type="month" value=month.clone()/>
                </div>
            })}
            <div class="field">
                <label for="status">"Status"</label>
                <select id="status" name="status">
                    <option value="" selected=status.is_empty()>"Every status"</option>
                    {ReturnStatus::ALL.into_iter().filter(|s| with_month || *s != ReturnStatus::NotStarted).map(|s| view! {
                        <option value=s.key() selected=status == s.key()>{s.label()}</option>
                    }).collect_view()}
                    {overdue.then(|| view! { <option value="overdue" selected=status == "overdue">"Overdue"</option> })}
                </select>
            </div>
            <div class="filter-buttons">
                <button type="submit">"Show"</button>
                <a href=BASE>"Clear"</a>
            </div>
        </Form>
    }
}

/// A Partner user's returns, with "Start this month's return".
#[component]
fn PartnerReturns(page: ReturnsPage, start: ServerAction<StartReturn>) -> impl IntoView {
    let partner = page.partner.clone().map(|(_, n)| n).unwrap_or_default();
    let current = page.current_month;
    let pages = page.page_count();
    let q = page.query.clone();
    let (n, paged) = (q.page, q.clone());
    view! {
        <h1>{format!("Monthly returns — {partner}")}</h1>
        <p class="hint">{format!("Each month your Partner submits its figures, taken from the register when you submit, with your declaration; Admin confirms them or returns them with a reason. A month's return is overdue {} days after the month ends.", page.grace_days)}</p>
        {(!page.overdue.is_empty()).then(|| view! {
            <div class="warning-text" role="note">
                <p><strong>"Overdue: "</strong>{page.overdue.iter().map(|r| r.month.label()).collect::<Vec<_>>().join(", ")}</p>
            </div>
        })}
        {error_summary(start.value())}
        <section class="action">
            <h2>"Start a return"</h2>
            {match page.current_started {
                Some(id) => view! { <p><a href=return_path(id)>{format!("Open the return for {}", current.label())}</a></p> }.into_any(),
                None => view! {
                    <ActionForm action=start>
                        <input type="hidden" name="month" value=current.key()/>
                        <button type="submit">{format!("Start this month's return ({})", current.label())}</button>
                    </ActionForm>
                }.into_any(),
            }}
            <ActionForm action=start>
                <div class="field">
                    <label for="month">"Another month"</label>
                    <span class="hint" id="month-hint">"A month that has started, as YYYY-MM."</span>
                    <input id="month" name="month" type="month" max=current.key() aria-describedby="month-hint" required/>
                </div>
                <button type="submit" class="secondary">"Start the return for this month"</button>
            </ActionForm>
        </section>
        <h2>"Your returns"</h2>
        <StatusFilter q=q.clone() with_month=false overdue=false/>
        <p class="summary">{plural(page.total, "return")}</p>
        <div class="table-scroll" role="region" aria-label="Monthly returns table" tabindex="0">
            <table class="records returns">
                <caption class="visually-hidden">"Your Partner's monthly returns"</caption>
                <thead><tr>
                    <th scope="col">"Month"</th><th scope="col">"Status"</th>
                    <th scope="col">"Submitted by"</th><th scope="col">"Figures"</th>
                    <th scope="col">"Action"</th>
                </tr></thead>
                <tbody>
                    {page.rows.into_iter().map(|r| {
                        let id = r.id.unwrap_or_default();
                        let action = if r.status.open_for_partner() { "Submit" } else { "View" };
                        view! {
                            <tr>
                                <th scope="row"><a href=return_path(id)>{r.month.label()}</a></th>
                                <td>{status_tag(r.status, r.overdue)}</td>
                                <td>{submitted_text(&r)}</td>
                                <td class="figures">{figures_text(r.figures)}</td>
                                <td><a href=format!("{}#{}", return_path(id), if r.status.open_for_partner() { "submit" } else { "figures" })>
                                    {action}<span class="visually-hidden">{format!(" the return for {}", r.month.label())}</span>
                                </a></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination page=n pages href=move |k| paged.with_page(k).href(BASE)/>
    }
}
