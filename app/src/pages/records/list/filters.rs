//! A list's filter panel (the MOJ filter component as a disclosure: open when
//! filters are applied), the applied filters as tags that each remove one,
//! and the column chooser. All are GET forms and links, so they work without
//! JavaScript and keep the list's state in the URL (RULES §5.2).
use crate::auth::permissions::RecordKind;
use crate::records::query::{ListQuery, StatusFilter, PAGE_SIZES};
use crate::records::schema::{column, columns, Column, FilterBy};
use crate::url_query::UrlQuery;
use leptos::prelude::*;
use leptos_router::components::Form;

/// Whether the query narrows the list: search, a filter or closed records.
pub fn narrowed(q: &ListQuery) -> bool {
    !q.q.is_empty() || !q.filters.is_empty() || q.status != StatusFilter::Active
}

#[component]
pub fn FilterPanel(kind: RecordKind, q: ListQuery, can_search: bool) -> impl IntoView {
    let filters: Vec<&'static Column> = columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| c.filter.is_some())
        .collect();
    let status = q.status;
    let count = q.filters.len()
        + usize::from(!q.q.is_empty())
        + usize::from(status != StatusFilter::Active);
    let summary = if count == 0 {
        "Filter".to_string()
    } else {
        format!("Filter ({count} applied)")
    };
    let open = narrowed(&q);
    let search = q.q.clone();
    let chosen: Vec<(&'static Column, String)> = filters
        .into_iter()
        .map(|c| (c, q.filter(c.key).unwrap_or("").to_string()))
        .collect();
    view! {
        <details class="filter-panel" open=open>
            <summary><span class="filter-summary">{summary}</span></summary>
            <Form method="GET" action="" attr:class="filters" attr:role="search">
                {can_search.then(|| view! {
                    <div class="field">
                        <label for="q">"Search"</label>
                        <input id="q" name="q" type="search" value=search.clone() prop:value=search/>
                    </div>
                    {chosen.into_iter().map(|(c, v)| filter_input(c, &v)).collect_view()}
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
                {q.columns.iter().map(|c| view! { <input type="hidden" name="col" value=c.clone()/> }).collect_view()}
                <div class="filter-buttons">
                    // Named, so the browser's submitter entry is a meaningful `page=1`
                    // (new filters start on the first page) rather than an empty `=`.
                    <button type="submit" name="page" value="1">"Apply"</button>
                    <a href=format!("/areas/{}", kind.slug())>"Clear"</a>
                </div>
            </Form>
        </details>
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
        let label = column(kind, key).map_or(key.as_str(), |c| c.label);
        let value = match column(kind, key).and_then(|c| c.filter) {
            Some(FilterBy::Before) => format!("none since {}", crate::display::shown(value)),
            Some(FilterBy::Until) => format!("on or before {}", crate::display::shown(value)),
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
                <h2 class="applied-heading" id="applied-filters">"Applied filters"</h2>
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
                <a class="clear-filters" href=clear>"Clear filters"</a>
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
