//! A kind's list: search, filters, chosen columns, sortable columns, pages
//! and downloads, all held in the URL so links share and Back works.
//! RULES §5.2: the link is the record's name, columns fit the caller's scope.
pub mod filters;

use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::auth::roles::Principal;
use crate::components::pagination::Pagination;
use crate::display::{long_date, yes_no};
use crate::error::AppError;
use crate::records::query::{refusal, ListQuery};
use crate::records::schema::{column, columns, label_keys, label_sort_key, Column, FilterBy};
use crate::records::view::{ListPage, ListRow};
use crate::url_query::UrlQuery;
use filters::{ColumnChooser, FilterPanel};
use leptos::prelude::*;
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
    let scope = match decide_network(&p, Action::View, &NetworkTarget::Kind(kind)) {
        Decision::Allowed(scope) => Some(scope),
        Decision::Denied(_) => None,
    };
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
            view! { <FilterPanel kind q raw can_search scope/> }
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
fn Results(list: ListPage, can_download: bool) -> impl IntoView {
    let kind = list.kind;
    let cols: Vec<&'static Column> = list
        .columns
        .iter()
        .filter_map(|k| column(kind, k))
        .collect();
    let q = list.query.clone();
    let base = format!("/areas/{}", kind.slug());
    let href = move |q: &ListQuery| q.href(&base);
    let pages = list.page_count();
    let download = |format: &str| {
        let s = ListQuery {
            page: 1,
            columns: vec![],
            ..q.clone()
        }
        .to_query_string();
        format!(
            "/api/records/{}/download?format={format}{}{s}",
            kind.slug(),
            if s.is_empty() { "" } else { "&" }
        )
    };
    // The column the list is sorted by when the URL names none.
    let default_sort = columns(kind)
        .and_then(|c| c.iter().find(|c| c.in_list))
        .map(|c| c.key);
    let sorted_by = q.sort.clone().or(default_sort.map(str::to_string));
    // The name column is sorted when any of its parts is (the default sort
    // of a person list is the first name; its header sorts by last name).
    let header = |key: &'static str, label: &'static str, numeric: bool, parts: &[&str]| {
        let sorted = sorted_by.as_deref() == Some(key)
            || sorted_by.as_deref().is_some_and(|s| parts.contains(&s));
        let aria = match (sorted, q.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        view! {
            <th scope="col" aria-sort=aria class:numeric=numeric>
                <a href=href(&q.with_sort(key))>{label}</a>
            </th>
        }
    };
    let name_header =
        label_sort_key(kind).map(|k| header(k, name_label(kind), false, label_keys(kind)));
    let headers = cols
        .iter()
        .map(|c| header(c.key, c.label, is_number(c), &[]))
        .collect_view();
    // Many figures side by side (the Compass scores): a tighter table, so
    // that all eight benchmarks fit a 1280 px window (RULES §5.2).
    let dense = cols.iter().filter(|c| c.unit.is_some()).count() >= 4;
    let rows = list
        .rows
        .into_iter()
        .map(|row| row_view(kind, &cols, row))
        .collect_view();
    view! {
        <div class="list-tools">
            <p class="summary" role="status">
                {format!("{} record{} · page {} of {}", list.total, if list.total == 1 { "" } else { "s" }, q.page.min(pages), pages)}
            </p>
            <ColumnChooser kind q=q.clone() shown=list.columns.clone() choosable=list.choosable.clone()/>
        </div>
        {can_download.then(|| view! {
            <p class="downloads">
                "Download these " {list.total} " rows: "
                <a href=download("csv") download="" rel="external">"CSV"</a>
                " · "
                <a href=download("xlsx") download="" rel="external">"Excel (.xlsx)"</a>
            </p>
        })}
        {if list.total == 0 {
            // Nothing to tabulate: say so rather than show an empty table.
            let what = kind.plural();
            view! {
                <p class="empty-list">{if filters::narrowed(&q) {
                    format!("No {what} match these filters.")
                } else {
                    format!("There are no {what} to show.")
                }}</p>
            }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" aria-label=format!("{} table", kind.title()) tabindex="0">
                    <table class="records" class:dense=dense>
                        <thead>
                            <tr>{name_header}{headers}</tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <Pagination page=q.page pages=pages href=move |n| href(&q.with_page(n))/>
    }
}

/// A column of numbers, right-aligned: a figure with a unit or a count.
fn is_number(c: &Column) -> bool {
    c.unit.is_some() || matches!(c.filter, Some(FilterBy::Count(_)))
}

/// The header of the link column.
fn name_label(kind: RecordKind) -> &'static str {
    if kind == RecordKind::CompassReport {
        "Institution"
    } else if kind == RecordKind::SupportRequest {
        "Reference"
    } else {
        "Name"
    }
}

/// One row: the record's name as its link (with a Closed tag), then the
/// shown columns — dates the GOV.UK way, yes/no as words, numbers
/// right-aligned with their unit, a request's status as a tag.
fn row_view(kind: RecordKind, cols: &[&'static Column], row: ListRow) -> impl IntoView {
    let n = label_keys(kind).len();
    let mut cells = row.cells.into_iter();
    let name: Vec<String> = cells
        .by_ref()
        .take(n)
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
    let name = if name.is_empty() {
        format!("#{}", row.id)
    } else {
        name.join(" ")
    };
    let link = format!("/areas/{}/{}", kind.slug(), row.id);
    let closed = row.closed;
    let rest = cols
        .iter()
        .zip(cells)
        .map(|(c, cell)| {
            let text = cell.unwrap_or_default();
            if kind == RecordKind::SupportRequest && c.key == "status" {
                return crate::pages::support::status_cell(&text);
            }
            match (c.unit, c.filter) {
                (Some(unit), _) => {
                    let value = if text.is_empty() {
                        String::new()
                    } else {
                        format!("{text}{unit}")
                    };
                    view! { <td class="numeric">{value}</td> }.into_any()
                }
                (None, Some(FilterBy::Flag)) => view! { <td>{yes_no(&text)}</td> }.into_any(),
                (None, Some(FilterBy::Count(_))) => {
                    view! { <td class="numeric">{text}</td> }.into_any()
                }
                // A date not recorded (an EA's DBS check) is a status worth
                // seeing at a glance: a tag, not a blank cell.
                (None, Some(FilterBy::Recorded)) if text.is_empty() => {
                    view! { <td><strong class="tag tag-grey">"Not recorded"</strong></td> }
                        .into_any()
                }
                // A date stays on one line ("2 December 2025").
                _ => match long_date(&text) {
                    Some(date) => view! { <td class="date">{date}</td> }.into_any(),
                    None => view! { <td>{text}</td> }.into_any(),
                },
            }
        })
        .collect_view();
    view! {
        <tr class:closed=closed>
            <td class="record-name">
                <a href=link>{name}</a>
                {closed.then(|| view! { " " <strong class="tag tag-grey">"Closed"</strong> })}
            </td>
            {rest}
        </tr>
    }
}
