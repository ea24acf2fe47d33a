//! One record: its fields, related records, the actions the role may take
//! (each missing one explained) and its history.
use super::actions::{RecordActions, RecordForms};
use crate::api::records::{get_record, record_history};
use crate::auth::permissions::RecordKind;
use crate::auth::roles::Principal;
use crate::components::guard::signed_in;
use crate::pages::not_found::NotFound;
use crate::records::schema::columns;
use crate::records::view::RecordView;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RecordDetailPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let kind = RecordKind::from_slug(&params.read().get("kind").unwrap_or_default());
        let id = params.read().get("id").and_then(|s| s.parse::<i64>().ok());
        match (kind, id) {
            (Some(kind), Some(id)) => signed_in(move |p| view! { <RecordDetail kind id p/> }).into_any(),
            (None, _) | (_, None) => view! { <NotFound/> }.into_any(),
        }
    }
}

#[component]
fn RecordDetail(kind: RecordKind, id: i64, p: Principal) -> impl IntoView {
    let forms = RecordForms::new();
    provide_context(forms);
    let record = Resource::new(move || (kind, id, forms.versions()), |(k, i, _)| get_record(k, i));
    let tab = use_query_map();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let p = p.clone();
                Suspend::new(async move {
                    match record.await {
                        Ok(r) => {
                            let history = tab.read().get("tab").as_deref() == Some("history");
                            view! { <Record r p history/> }.into_any()
                        }
                        Err(e) => view! {
                            <h1>{kind.title()}</h1>
                            <p role="alert" class="error">{e.to_string()}</p>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Record(r: RecordView, p: Principal, history: bool) -> impl IntoView {
    let base = format!("/areas/{}/{}", r.kind.slug(), r.id);
    view! {
        <leptos_meta::Title text=format!("{} — Caseboard", r.title)/>
        <p class="breadcrumb"><A href=format!("/areas/{}", r.kind.slug())>{r.kind.title()}</A></p>
        <h1>{r.title.clone()}{r.closed.then_some(" (closed)")}</h1>
        <nav class="tabs" aria-label="Record">
            <A href=base.clone() attr:aria-current=(!history).then_some("page")>"Details"</A>
            <A href=format!("{base}?tab=history") attr:aria-current=history.then_some("page")>"History"</A>
        </nav>
        {if history {
            view! { <History kind=r.kind id=r.id/> }.into_any()
        } else {
            view! { <Details r=r.clone()/> <RecordActions r p/> }.into_any()
        }}
    }
}

#[component]
fn Details(r: RecordView) -> impl IntoView {
    let cols = columns(r.kind).unwrap_or_default();
    view! {
        <dl class="record-fields">
            {cols.iter().map(|c| view! {
                <div><dt>{c.label}</dt><dd>{r.value(c.key).unwrap_or("—").to_string()}</dd></div>
            }).collect_view()}
            <div><dt>"Version"</dt><dd>{r.version}</dd></div>
        </dl>
        {r.related.into_iter().map(|rel| view! {
            <section class="related">
                <h2>{rel.title.clone()}</h2>
                {if rel.items.is_empty() {
                    view! { <p class="hint">"None you can see."</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {rel.items.into_iter().map(|i| view! {
                                <li><A href=format!("/areas/{}/{}", rel.kind.slug(), i.id)>{i.label}</A></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }).collect_view()}
    }
}

#[component]
fn History(kind: RecordKind, id: i64) -> impl IntoView {
    let entries = Resource::new(move || (kind, id), |(k, i)| record_history(k, i));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p>"No changes recorded yet."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="history">
                            <caption>"Every change to this record"</caption>
                            <thead><tr>
                                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                                <th scope="col">"Field"</th><th scope="col">"Before"</th><th scope="col">"After"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|h| view! {
                                    <tr>
                                        <td>{crate::display::utc_text(h.at)}</td><td>{h.actor}</td><td>{h.action}</td>
                                        <td>{h.field.unwrap_or_default()}</td>
                                        <td>{h.old_value.unwrap_or_default()}</td>
                                        <td>{h.new_value.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
