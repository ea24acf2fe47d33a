//! The record read as a GOV.UK summary list (RULES §5.1): each field with a
//! "Change" link where the role may change it, or the reason it is locked;
//! related records as short tables, each row its own link.
use crate::auth::permissions::RecordKind;
use crate::auth::permissions::{decide_field, FieldDecision};
use crate::auth::roles::Principal;
use crate::display::{shown, yes_no};
use crate::pages::records::edit::field_target;
use crate::records::schema::{columns, Column, FilterBy, Input};
use crate::records::view::{RecordView, RelatedList};
use leptos::prelude::*;

/// The column choosing the record a name column names (`employer_id` for
/// `employer`), when there is one: the two read as one row.
fn chooser_of(all: &'static [Column], name: &Column) -> Option<&'static Column> {
    all.iter().find(|c| {
        matches!(c.edit, Some((_, Input::Pick(_)))) && c.key.strip_suffix("_id") == Some(name.key)
    })
}

/// The one record a related list of the field's name holds (an EA's
/// "Assigned EC"), which the field's row links to instead of repeating it
/// as a table of one.
fn single_related(r: &RecordView, c: &Column) -> Option<(RecordKind, i64)> {
    let rel = r.related.iter().find(|rel| rel.title == c.label)?;
    match rel.items.as_slice() {
        [one] => Some((rel.kind, one.id)),
        _ => None,
    }
}

/// Whether a related list only repeats a field the summary shows (and
/// links): a list of at most one record titled as the field.
pub fn repeats_field(r: &RecordView, rel: &RelatedList) -> bool {
    rel.items.len() <= 1
        && columns(r.kind)
            .unwrap_or_default()
            .iter()
            .any(|c| c.label == rel.title)
}

/// The fields; `may_edit`: the role may edit this record at all. A chosen
/// record (an EA's employer) is one row: its name, linked, with the
/// chooser's "Change" link (RULES §5.1).
pub fn summary_list(r: &RecordView, p: &Principal, may_edit: bool) -> AnyView {
    let base = format!("/areas/{}/{}", r.kind.slug(), r.id);
    let all = columns(r.kind).unwrap_or_default();
    let rows = all
        .iter()
        .filter(|c| !all.iter().any(|n| chooser_of(all, n).is_some_and(|k| k.key == c.key)))
        .map(|c| {
            let chooser = chooser_of(all, c);
            // What the row edits: the chooser of a chosen record, else itself.
            let edits = chooser.unwrap_or(c);
            let flag = c.filter == Some(FilterBy::Flag) || matches!(c.edit, Some((_, Input::Flag)));
            let text = r
                .value(c.key)
                .filter(|v| !v.is_empty())
                .map_or_else(|| "—".to_string(), |v| if flag { yes_no(v) } else { shown(v) });
            let link = chooser
                .and_then(|k| {
                    let Some((_, Input::Pick(kind))) = k.edit else {
                        return None;
                    };
                    let id = r.value(k.key)?.parse::<i64>().ok()?;
                    Some(format!("/areas/{}/{id}", kind.slug()))
                })
                .or_else(|| single_related(r, c).map(|(kind, id)| format!("/areas/{}/{id}", kind.slug())));
            let value = match link {
                Some(href) => view! { <a href=href>{text}</a> }.into_any(),
                None => text.into_any(),
            };
            let change = match edits.edit {
                Some((field, _)) if may_edit => match decide_field(p, r.kind, field) {
                    FieldDecision::Editable => {
                        let href = format!(
                            "{base}?edit=1#{}",
                            field_target(r.kind, edits.key).unwrap_or_default()
                        );
                        view! {
                            <dd class="summary-actions">
                                <a href=href>"Change"<span class="visually-hidden">{format!(" {}", c.label)}</span></a>
                            </dd>
                        }
                        .into_any()
                    }
                    FieldDecision::Locked(reason) => view! {
                        <dd class="summary-actions lock-reason">"Locked: " {reason.to_string()}</dd>
                    }
                    .into_any(),
                },
                Some(_) | None => view! { <dd class="summary-actions"></dd> }.into_any(),
            };
            view! {
                <div>
                    <dt>{c.label}</dt>
                    <dd class="summary-value">{value}</dd>
                    {change}
                </div>
            }
        })
        .collect_view();
    view! {
        <dl class="summary-list record-fields">{rows}</dl>
        {r.notes.iter().map(|n| view! { <p class="record-note">{n.clone()}</p> }).collect_view()}
    }
    .into_any()
}

/// One related list as a short table of links (or "None you can see.").
pub fn related_table(index: usize, rel: RelatedList) -> impl IntoView {
    let heading_id = format!("related-{index}");
    let labelled_by = heading_id.clone();
    view! {
        <section class="related" aria-labelledby=labelled_by>
            <h2 id=heading_id>{rel.title.clone()}</h2>
            {if rel.items.is_empty() {
                view! { <p class="hint">"None you can see."</p> }.into_any()
            } else {
                let count = rel.items.len();
                view! {
                    <div class="table-scroll" role="region" aria-label=format!("{} table", rel.title) tabindex="0">
                        <table class="records related-table">
                            <caption class="visually-hidden">{format!("{} ({count})", rel.title)}</caption>
                            <thead><tr><th scope="col">"Name"</th><th scope="col" class="numeric">"Number"</th></tr></thead>
                            <tbody>
                                {rel.items.into_iter().map(|i| view! {
                                    <tr>
                                        <td><a href=format!("/areas/{}/{}", rel.kind.slug(), i.id)>{i.label}</a></td>
                                        <td class="numeric">{i.id}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
