//! A kind's list: search, filters, sortable columns, pages and downloads,
//! all held in the URL so links share and Back works.
use crate::auth::permissions::{decide_network, Action, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::components::pagination::Pagination;
use crate::display::shown;
use crate::error::AppError;
use crate::records::query::{ListQuery, StatusFilter, PAGE_SIZES};
use crate::records::schema::{columns, Column, FilterBy};
use crate::records::view::ListPage;
use crate::url_query::UrlQuery;
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
            let q = ListQuery::parse(kind, &search.get());
            view! { <Filters kind q can_search/> }
        }}
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Some(Ok(list)) => view! { <Results list can_download/> }.into_any(),
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
fn Filters(kind: RecordKind, q: ListQuery, can_search: bool) -> impl IntoView {
    let filters: Vec<&'static Column> = columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| c.filter.is_some())
        .collect();
    let status = q.status;
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            {can_search.then(|| view! {
                <div class="field">
                    <label for="q">"Search"</label>
                    <input id="q" name="q" type="search" value=q.q.clone() prop:value=q.q.clone()/>
                </div>
                {filters.into_iter().map(|c| filter_input(c, q.filter(c.key).unwrap_or(""))).collect_view()}
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

fn filter_input(c: &'static Column, current: &str) -> AnyView {
    let id = format!("f_{}", c.key);
    let current = current.to_string();
    let options: Vec<&'static str> = match c.filter {
        Some(FilterBy::Choice(options)) => options.to_vec(),
        Some(FilterBy::Flag) | Some(FilterBy::Recorded) => vec!["yes", "no"],
        Some(FilterBy::Includes(options)) => options.to_vec(),
        Some(FilterBy::Before) | Some(FilterBy::Until) => {
            let when = if c.filter == Some(FilterBy::Before) {
                ": none since"
            } else {
                ": on or before"
            };
            return view! {
                <div class="field">
                    <label for=id.clone()>{c.label} {when}</label>
                    <input id=id.clone() name=id type="date" value=current.clone() prop:value=current/>
                </div>
            }
            .into_any();
        }
        Some(FilterBy::Text) | None => {
            return view! {
                <div class="field">
                    <label for=id.clone()>{c.label}</label>
                    <input id=id.clone() name=id type="text" value=current.clone() prop:value=current/>
                </div>
            }
            .into_any();
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{c.label}</label>
            <select id=id.clone() name=id prop:value=current.clone()>
                <option value="">"Any"</option>
                {options.into_iter().map(|o| view! { <option value=o selected=o == current>{o}</option> }).collect_view()}
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
