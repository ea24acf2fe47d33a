//! A kind's list: search, filters, sortable columns, pages and downloads,
//! all held in the URL so links share and Back works.
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::components::pagination::Pagination;
use crate::display::shown;
use crate::error::AppError;
use crate::records::query::{refusal, ListQuery, StatusFilter, PAGE_SIZES};
use crate::records::schema::{columns, Bound, Column, FilterBy};
use crate::records::view::ListPage;
use crate::url_query::{self, UrlQuery};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_location;

/// The rows of the list on screen, loaded by the area page (None: no list).
#[derive(Clone, Copy)]
pub struct ListRows(pub Resource<Option<Result<ListPage, AppError>>>);

#[component]
pub fn RecordList(kind: RecordKind, p: Principal) -> impl IntoView {
    let location = use_location();
    let search = Memo::new(move |_| location.search.get());
    let page = expect_context::<ListRows>().0;
    let can = |a: Action| decide_network(&p, a, &NetworkTarget::Kind(kind)).is_allowed();
    let (can_search, can_add, can_download) =
        (can(Action::Search), can(Action::Add), can(Action::Download));
    view! {
        <leptos_meta::Title text=format!("{} — Caseboard", kind.title())/>
        <div class="list-head">
            <h1>{kind.title()}</h1>
            {can_add.then(|| view! { <a class="button" href=format!("/areas/{}/new", kind.slug())>{add_label(kind)}</a> })}
            {(kind == RecordKind::Institution).then(|| view! { <crate::pages::gias::RegisterLinks p=p.clone()/> })}
        </div>
        {move || {
            let raw = search.get();
            let q = ListQuery::parse(kind, &raw);
            view! { <Filters kind q raw can_search/> }
        }}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Some(Ok(list)) => view! { <Results list can_download/> }.into_any(),
                    // A refused filter is already in the error summary above the form.
                    Some(Err(AppError::Invalid { .. })) if refusal(kind, &search.get_untracked()).is_some() => ().into_any(),
                    Some(Err(e)) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                    None => ().into_any(),
                }
            })}
        </Suspense>
    }
}

/// The add button's words: a support request is raised, not added.
fn add_label(kind: RecordKind) -> &'static str {
    if kind == RecordKind::SupportRequest {
        "Raise a support request"
    } else {
        "Add"
    }
}

#[component]
fn Filters(kind: RecordKind, q: ListQuery, raw: String, can_search: bool) -> impl IntoView {
    let filters: Vec<&'static Column> = columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| c.filter.is_some())
        .collect();
    let (under, filters): (Vec<_>, Vec<_>) = filters
        .into_iter()
        .partition(|c| c.filter == Some(FilterBy::Under));
    let status = q.status;
    // What the person typed stays in a refused field, so it can be corrected.
    let refused = refusal(kind, &raw);
    let typed = url_query::parse(&raw);
    let value = {
        let (refused, q) = (refused.clone(), q.clone());
        move |key: &str| -> FilterValue {
            let field = format!("f_{key}");
            let error = refused
                .as_ref()
                .filter(|(f, _)| *f == field)
                .map(|(_, e)| e.to_string());
            let text = match &error {
                Some(_) => typed
                    .iter()
                    .find(|(k, _)| *k == field)
                    .map(|(_, v)| v.trim().to_string())
                    .unwrap_or_default(),
                None => q.filter(key).unwrap_or_default().to_string(),
            };
            FilterValue { text, error }
        }
    };
    view! {
        {refused.map(|(field, e)| view! {
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                <h2 id="error-summary-title">"There is a problem"</h2>
                <ul><li><a href=format!("#{field}")>{e.to_string()}</a></li></ul>
            </div>
        })}
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            {can_search.then(|| view! {
                <div class="field">
                    <label for="q">"Search"</label>
                    <input id="q" name="q" type="search" value=q.q.clone() prop:value=q.q.clone()/>
                </div>
                {filters.into_iter().map(|c| filter_input(c, &value)).collect_view()}
                {(!under.is_empty()).then(|| view! {
                    <fieldset class="filter-group">
                        <legend>"Benchmarks under a threshold (%)"</legend>
                        {under.into_iter().map(|c| filter_input(c, &value)).collect_view()}
                    </fieldset>
                })}
            })}
            <div class="field">
                <label for="status">"Records"</label>
                <select id="status" name="status" prop:value=match status { StatusFilter::Active => "", StatusFilter::Closed => "closed", StatusFilter::All => "all" }>
                    <option value="" selected=status == StatusFilter::Active>"Open"</option>
                    <option value="closed" selected=status == StatusFilter::Closed>"Closed"</option>
                    <option value="all" selected=status == StatusFilter::All>"Open and closed"</option>
                </select>
            </div>
            <div class="field">
                <label for="per">"Per page"</label>
                <select id="per" name="per" prop:value=q.per_page.to_string()>
                    {PAGE_SIZES.iter().map(|n| view! { <option value=n.to_string() selected=*n == q.per_page>{*n}</option> }).collect_view()}
                </select>
            </div>
            {q.sort.clone().map(|s| view! { <input type="hidden" name="sort" value=s/> })}
            {q.desc.then(|| view! { <input type="hidden" name="dir" value="desc"/> })}
            <div class="filter-buttons">
                // Named, so the browser's submitter entry is a meaningful `page=1`
                // (new filters start on the first page) rather than an empty `=`.
                <button type="submit" name="page" value="1">"Apply"</button>
                <a href=format!("/areas/{}", kind.slug())>"Clear"</a>
            </div>
        </Form>
    }
}

/// A filter field's value as shown, and its refusal when it was refused.
struct FilterValue {
    text: String,
    error: Option<String>,
}

/// One typed input (text, date or a whole number) with its label and any
/// refusal. Numbers are text inputs with a numeric keypad, as GOV.UK advises,
/// so a refused value is shown back as typed.
fn typed_input(id: String, label: String, kind: &'static str, v: FilterValue) -> AnyView {
    let error_id = format!("{id}-error");
    let (kind, inputmode) = match kind {
        "number" => ("text", Some("numeric")),
        other => (other, None),
    };
    view! {
        <div class="field" class:field-invalid=v.error.is_some()>
            <label for=id.clone()>{label}</label>
            {v.error.clone().map(|e| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <input id=id.clone() name=id type=kind inputmode=inputmode
                value=v.text.clone() prop:value=v.text
                aria-invalid=v.error.is_some().then_some("true")
                aria-describedby=v.error.is_some().then_some(error_id)/>
        </div>
    }
    .into_any()
}

fn filter_input(c: &'static Column, value: &impl Fn(&str) -> FilterValue) -> AnyView {
    let id = format!("f_{}", c.key);
    let options: Vec<String> = match c.filter {
        Some(FilterBy::Choice(options)) => options.iter().map(|o| o.to_string()).collect(),
        Some(FilterBy::Flag) | Some(FilterBy::Recorded) => vec!["yes".into(), "no".into()],
        Some(FilterBy::Includes(options)) => options.iter().map(|o| o.to_string()).collect(),
        Some(FilterBy::Count(max)) => (0..=max).map(|n| n.to_string()).collect(),
        Some(FilterBy::Before) | Some(FilterBy::Until) => {
            let when = if c.filter == Some(FilterBy::Before) {
                ": none since"
            } else {
                ": on or before"
            };
            return typed_input(id, format!("{}{when}", c.label), "date", value(c.key));
        }
        Some(FilterBy::Between) => {
            return Bound::ALL
                .into_iter()
                .map(|b| {
                    let key = format!("{}{}", c.key, b.suffix());
                    typed_input(
                        format!("f_{key}"),
                        format!("{} {}", c.label, b.label()),
                        "date",
                        value(&key),
                    )
                })
                .collect_view()
                .into_any();
        }
        Some(FilterBy::Under) => {
            return typed_input(id, c.label.to_string(), "number", value(c.key));
        }
        Some(FilterBy::Text) | None => {
            return typed_input(id, c.label.to_string(), "text", value(c.key));
        }
    };
    let current = value(c.key).text;
    view! {
        <div class="field">
            <label for=id.clone()>{c.label}</label>
            <select id=id.clone() name=id prop:value=current.clone()>
                <option value="">"Any"</option>
                {options.into_iter().map(|o| {
                    let (selected, text) = (o == current, o.clone());
                    view! { <option selected=selected value=o>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

#[component]
fn Results(list: ListPage, can_download: bool) -> impl IntoView {
    let kind = list.kind;
    let cols: Vec<&'static Column> = columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| c.in_list)
        .collect();
    let keys: Vec<&'static str> = cols.iter().map(|c| c.key).collect();
    let q = list.query.clone();
    let base = format!("/areas/{}", kind.slug());
    let href = move |q: &ListQuery| q.href(&base);
    let pages = list.page_count();
    let download = |format: &str| {
        let s = ListQuery {
            page: 1,
            ..q.clone()
        }
        .to_query_string();
        format!(
            "/api/records/{}/download?format={format}{}{s}",
            kind.slug(),
            if s.is_empty() { "" } else { "&" }
        )
    };
    view! {
        <p class="summary" role="status">
            {format!("{} record{} · page {} of {}", list.total, if list.total == 1 { "" } else { "s" }, q.page.min(pages), pages)}
        </p>
        {can_download.then(|| view! {
            <p class="downloads">
                "Download these " {list.total} " rows: "
                <a href=download("csv") download="" rel="external">"CSV"</a>
                " · "
                <a href=download("xlsx") download="" rel="external">"Excel (.xlsx)"</a>
            </p>
        })}
        <div class="table-scroll">
            <table class="records">
                <thead>
                    <tr>
                        {cols.into_iter().map(|c| {
                            let sorted = q.sort.as_deref() == Some(c.key);
                            let aria = if sorted { if q.desc { "descending" } else { "ascending" } } else { "none" };
                            let arrow = if sorted { if q.desc { " ▼" } else { " ▲" } } else { "" };
                            view! {
                                <th scope="col" aria-sort=aria>
                                    <a href=href(&q.with_sort(c.key))>{c.label}{arrow}</a>
                                </th>
                            }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|row| {
                        let link = format!("/areas/{}/{}", kind.slug(), row.id);
                        view! {
                            <tr class:closed=row.closed>
                                {row.cells.into_iter().enumerate().map(|(i, cell)| {
                                    let text = cell.unwrap_or_default();
                                    if i == 0 {
                                        let label = if text.is_empty() { format!("#{}", row.id) } else { text };
                                        let label = if row.closed { format!("{label} (closed)") } else { label };
                                        view! { <td><a href=link.clone()>{label}</a></td> }.into_any()
                                    } else if kind == RecordKind::SupportRequest && keys.get(i) == Some(&"status") {
                                        crate::pages::support::status_cell(&text)
                                    } else {
                                        view! { <td>{shown(&text)}</td> }.into_any()
                                    }
                                }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pagination page=q.page pages=pages href=move |n| href(&q.with_page(n))/>
    }
}
