//! A list's filter panel (the MOJ filter component in a disclosure, open when
//! filters are applied): its heading, the selected filters as tags that each
//! remove one with "Clear filters" beside them, then "Apply filters" and the
//! options; and the column chooser. All are GET forms and links, so they work without
//! JavaScript and keep the list's state in the URL (RULES §5.2).
use crate::auth::permissions::{NetworkScope, RecordKind};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::records::query::{refusals, ListQuery, StatusFilter, PAGE_SIZES};
use crate::records::schema::{
    column, columns, constant_in_scope, filter_column, Bound, Column, FilterBy,
};
use crate::url_query::{self, UrlQuery};
use leptos::prelude::*;
use leptos_router::components::Form;

/// Whether the query narrows the list: search, a filter or closed records.
pub fn narrowed(q: &ListQuery) -> bool {
    !q.q.is_empty() || !q.filters.is_empty() || q.status != StatusFilter::Active
}

#[component]
pub fn FilterPanel(
    kind: RecordKind,
    q: ListQuery,
    raw: String,
    can_search: bool,
    /// The caller's scope of the list: a column constant in it is no filter
    /// worth offering (RULES §5.2).
    scope: Option<NetworkScope>,
) -> impl IntoView {
    let filters: Vec<&'static Column> = columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| c.filter.is_some())
        .filter(|c| !scope.is_some_and(|s| constant_in_scope(c.key, s)))
        .collect();
    let (under, filters): (Vec<_>, Vec<_>) = filters
        .into_iter()
        .partition(|c| c.filter == Some(FilterBy::Under));
    let status = q.status;
    // What the person typed stays in a refused field, so it can be corrected.
    let refused = refusals(kind, &raw);
    let typed = url_query::parse(&raw);
    let value = {
        let (refused, q) = (refused.clone(), q.clone());
        move |key: &str| -> FilterValue {
            let field = format!("f_{key}");
            let error = refused
                .iter()
                .find(|(f, _)| *f == field)
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
    let count = q.filters.len()
        + usize::from(!q.q.is_empty())
        + usize::from(status != StatusFilter::Active);
    let summary = if count == 0 {
        "Filter".to_string()
    } else {
        format!("Filter ({count} applied)")
    };
    // Open while anything narrows the list, or a filter was refused.
    let open = narrowed(&q) || !refused.is_empty();
    view! {
        // The one error summary of every form (RULES §5.1).
        {(!refused.is_empty()).then(|| {
            let problems = refused
                .iter()
                .map(|(field, e)| Problem { href: Some(format!("#{field}")), text: e.to_string() })
                .collect();
            view! { <ErrorSummary problems/> }
        })}
        <details class="filter-panel" open=open>
        <summary><span class="filter-summary">{summary}</span></summary>
        <Form method="GET" action="" attr:class="filter" attr:role="search" attr:aria-labelledby="filter-heading">
            <div class="filter-header">
                <h2 class="filter-heading" id="filter-heading">"Filter"</h2>
            </div>
            <AppliedFilters kind q=q.clone()/>
            <div class="filter-options">
                <div class="filter-buttons">
                    // Named, so the browser's submitter entry is a meaningful `page=1`
                    // (new filters start on the first page) rather than an empty `=`.
                    <button type="submit" name="page" value="1">"Apply filters"</button>
                </div>
                <div class="filters">
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
                </div>
            </div>
            {q.sort.clone().map(|s| view! { <input type="hidden" name="sort" value=s/> })}
            {q.desc.then(|| view! { <input type="hidden" name="dir" value="desc"/> })}
            {q.columns.iter().map(|c| view! { <input type="hidden" name="col" value=c.clone()/> }).collect_view()}
        </Form>
        </details>
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
        Some(FilterBy::Before) => {
            // "None since" and "on or after" (evaluated since, RULES §7.3).
            let from = format!("{}{}", c.key, Bound::From.suffix());
            return view! {
                {typed_input(id, format!("{}: none since", c.label), "date", value(c.key))}
                {typed_input(format!("f_{from}"), format!("{}: on or after", c.label), "date", value(&from))}
            }
            .into_any();
        }
        Some(FilterBy::Until) => {
            return typed_input(
                id,
                format!("{}: on or before", c.label),
                "date",
                value(c.key),
            );
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
    let FilterValue {
        text: current,
        error,
    } = value(c.key);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <label for=id.clone()>{c.label}</label>
            {error.clone().map(|e| view! {
                <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <select id=id.clone() name=id prop:value=current.clone()
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=error.is_some().then_some(error_id)>
                <option value="">"Any"</option>
                {options.into_iter().map(|o| {
                    let (selected, text) = (o == current, crate::display::yes_no(&o));
                    view! { <option selected=selected value=o>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

/// One applied filter: what it reads as, and the list without it.
struct Applied {
    text: String,
    without: ListQuery,
}

fn applied(kind: RecordKind, q: &ListQuery) -> Vec<Applied> {
    let base = ListQuery {
        page: 1,
        ..q.clone()
    };
    let mut out = vec![];
    if !q.q.is_empty() {
        out.push(Applied {
            text: format!("Search: {}", q.q),
            without: ListQuery {
                q: String::new(),
                ..base.clone()
            },
        });
    }
    for (key, value) in &q.filters {
        let found = filter_column(kind, key);
        let label = found.map_or(key.as_str(), |(c, _)| c.label);
        let value = match found.map(|(c, bound)| (c.filter, bound)) {
            Some((Some(FilterBy::Before), Some(Bound::From))) => {
                format!("on or after {}", crate::display::shown(value))
            }
            Some((Some(FilterBy::Before), _)) => {
                format!("none since {}", crate::display::shown(value))
            }
            Some((Some(FilterBy::Until), _)) => {
                format!("on or before {}", crate::display::shown(value))
            }
            Some((Some(FilterBy::Between), Some(Bound::From))) => {
                format!("from {}", crate::display::shown(value))
            }
            Some((Some(FilterBy::Between), Some(Bound::To))) => {
                format!("to {}", crate::display::shown(value))
            }
            Some((Some(FilterBy::Under), _)) => format!("under {value} %"),
            _ => value.clone(),
        };
        let mut without = base.clone();
        without.filters.retain(|(k, _)| k != key);
        out.push(Applied {
            text: format!("{label}: {value}"),
            without,
        });
    }
    let status_text = match q.status {
        StatusFilter::Active => None,
        StatusFilter::Closed => Some("Closed records"),
        StatusFilter::All => Some("Open and closed records"),
    };
    if let Some(text) = status_text {
        out.push(Applied {
            text: text.to_string(),
            without: ListQuery {
                status: StatusFilter::Active,
                ..base.clone()
            },
        });
    }
    out
}

/// The applied filters as tags; each is a link to the list without it.
#[component]
pub fn AppliedFilters(kind: RecordKind, q: ListQuery) -> impl IntoView {
    let tags = applied(kind, &q);
    let path = format!("/areas/{}", kind.slug());
    (!tags.is_empty()).then(|| {
        let clear = ListQuery {
            q: String::new(),
            filters: vec![],
            status: StatusFilter::Active,
            page: 1,
            ..q.clone()
        }
        .href(&path);
        view! {
            <div class="applied-filters">
                <div class="applied-head">
                    <h3 class="applied-heading" id="applied-filters">"Selected filters"</h3>
                    <a class="clear-filters" href=clear>"Clear filters"</a>
                </div>
                <ul class="filter-tags" aria-labelledby="applied-filters">
                    {tags.into_iter().map(|a| view! {
                        <li>
                            <a class="filter-tag" href=a.without.href(&path)>
                                <span class="visually-hidden">"Remove this filter: "</span>
                                {a.text}
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// Checkboxes for the columns the list may show, kept in the URL as `col`.
#[component]
pub fn ColumnChooser(
    kind: RecordKind,
    q: ListQuery,
    shown: Vec<String>,
    choosable: Vec<String>,
) -> impl IntoView {
    let kept_pairs: Vec<(String, String)> = q
        .to_pairs()
        .into_iter()
        .filter(|(k, _)| k != "col" && k != "page")
        .collect();
    view! {
        <details class="column-chooser">
            <summary>"Choose columns"</summary>
            <Form method="GET" action="" attr:class="columns-form">
                <fieldset>
                    <legend class="visually-hidden">"Columns to show"</legend>
                    <div class="column-options">
                        {choosable.into_iter().map(|key| {
                            let label = column(kind, &key).map_or(key.clone(), |c| c.label.to_string());
                            let id = format!("col_{key}");
                            let checked = shown.contains(&key);
                            view! {
                                <div class="field checkbox">
                                    <input type="checkbox" id=id.clone() name="col" value=key checked=checked prop:checked=checked/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                {kept_pairs.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
                <button type="submit">"Show these columns"</button>
            </Form>
        </details>
    }
}
