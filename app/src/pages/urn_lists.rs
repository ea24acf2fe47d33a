//! The URN list pages (docs/RULES.md §2.2): an index of the four lists and a
//! page per list to add one URN, paste many, search, page, download and
//! remove (close, with a reason). Only Admin may; everyone else gets the
//! refusal from `decide` (403) and sees no controls. Forms work without
//! JavaScript: they post and come back here with the outcome in the URL.
use crate::api::urn_lists::{load_urn_list, AddUrns, RemoveUrn};
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::components::guard::{signed_in, Refused};
use crate::components::outcome::outcome;
use crate::components::pagination::Pagination;
use crate::pages::not_found::NotFound;
use crate::records::query::StatusFilter;
use crate::records::scope_rule::UrnList;
use crate::records::urn_lists::{AddReport, UrnEntry, UrnListPage};
use crate::url_query::UrlQuery;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_location, use_params_map};

/// Refuses with `decide`'s reason unless the principal may view URN lists.
fn refusal(p: &crate::auth::roles::Principal) -> Option<AnyView> {
    match decide_network(p, Action::View, &NetworkTarget::Kind(RecordKind::UrnList)) {
        Decision::Denied(reason) => Some(
            view! { <Refused what="viewing URN lists".to_string() why=reason.to_string()/> }
                .into_any(),
        ),
        Decision::Allowed(_) => None,
    }
}

/// `/areas/urn-lists`: the four lists.
pub fn urn_lists_index(p: crate::auth::roles::Principal) -> AnyView {
    if let Some(refused) = refusal(&p) {
        return refused;
    }
    view! {
        <leptos_meta::Title text="URN lists — Caseboard"/>
        <h1>"URN lists"</h1>
        <p>"Secondary, all-through, college, special and alternative provision establishments are in the network's scope unless their URN is on the Excluded URNs list, or when it is on the Included URNs list. A primary is in scope only when its URN is on the Included Primary URNs list and not on the Excluded Primary URNs list."</p>
        <ul class="urn-lists">
            {UrnList::ALL.into_iter().map(|l| view! {
                <li><a href=format!("/areas/urn-lists/{}", l.key())>{l.title()}</a></li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
pub fn UrnListRoute() -> impl IntoView {
    let params = use_params_map();
    let location = use_location();
    let list =
        Memo::new(move |_| UrnList::from_key(&params.read().get("list").unwrap_or_default()));
    let add = ServerAction::<AddUrns>::new();
    let remove = ServerAction::<RemoveUrn>::new();
    // Created once for the page, outside the sign-in Suspense.
    let page = Resource::new(
        move || {
            (
                list.get(),
                location.search.get(),
                add.version().get() + remove.version().get(),
            )
        },
        |(list, query, _)| async move {
            match list {
                Some(l) => Some(load_urn_list(l.key().to_string(), query).await),
                None => None,
            }
        },
    );
    move || {
        match list.get() {
        None => view! { <NotFound/> }.into_any(),
        Some(l) => signed_in(move |p| {
            if let Some(refused) = refusal(&p) {
                return refused;
            }
            view! {
                <leptos_meta::Title text=format!("{} — Caseboard", l.title())/>
                <p class="breadcrumb"><a href="/areas/urn-lists">"URN lists"</a></p>
                <h1>{l.title()}</h1>
                {move || view! { <Outcome search=location.search.get()/> }}
                {outcome(add.value(), "Done.")}
                {outcome(remove.value(), "Removed.")}
                <AddForms list=l add/>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match page.await {
                            Some(Ok(p)) => view! { <Entries p remove/> }.into_any(),
                            Some(Err(e)) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
                            None => ().into_any(),
                        }
                    })}
                </Suspense>
            }
            .into_any()
        })
        .into_any(),
    }
    }
}

/// What the last add or remove did, from the URL it came back to.
#[component]
fn Outcome(search: String) -> impl IntoView {
    let mut lines = AddReport::sentences(&search);
    if search
        .split('&')
        .any(|p| p.trim_start_matches('?') == "removed=1")
    {
        lines.push("Removed. The entry is kept in the list's history (Closed).".to_string());
    }
    (!lines.is_empty()).then(|| {
        view! {
            <div class="done outcome" role="status">
                {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            </div>
        }
    })
}

#[component]
fn AddForms(list: UrnList, add: ServerAction<AddUrns>) -> impl IntoView {
    view! {
        <section class="add-urns">
            <h2>"Add one URN"</h2>
            <ActionForm action=add>
                <input type="hidden" name="list" value=list.key()/>
                <div class="field">
                    <label for="one-urn">"URN"</label>
                    <input id="one-urn" name="urns" type="text" inputmode="numeric" autocomplete="off" required/>
                </div>
                <div class="field">
                    <label for="one-reason">"Reason"</label>
                    <input id="one-reason" name="reason" type="text" required/>
                </div>
                <button type="submit">"Add URN"</button>
            </ActionForm>
            <h2>"Add many URNs"</h2>
            <ActionForm action=add>
                <input type="hidden" name="list" value=list.key()/>
                <div class="field">
                    <label for="many-urns">"URNs, one per line"</label>
                    <p class="hint" id="many-urns-hint">"Each line is a URN, or a URN, a comma and its own reason (CSV, so you can paste a spreadsheet column). URNs not in the register are added and flagged; a line whose URN is not a positive whole number is refused and named."</p>
                    <textarea id="many-urns" name="urns" rows="6" aria-describedby="many-urns-hint" required></textarea>
                </div>
                <div class="field">
                    <label for="many-reason">"Reason for lines without their own"</label>
                    <input id="many-reason" name="reason" type="text"/>
                </div>
                <button type="submit">"Add URNs"</button>
            </ActionForm>
            <h2>"Upload a CSV of URNs"</h2>
            <form method="post" enctype="multipart/form-data" action=format!("/api/urn-lists/{}/upload", list.key())>
                <div class="field">
                    <label for="upload-file">"CSV file"</label>
                    <p class="hint" id="upload-file-hint">"The same lines as above: a URN per line, optionally a comma and its reason; a first line \"URN,reason\" is skipped."</p>
                    <input id="upload-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="upload-file-hint" required/>
                </div>
                <div class="field">
                    <label for="upload-reason">"Reason for lines without their own"</label>
                    <input id="upload-reason" name="reason" type="text"/>
                </div>
                <button type="submit">"Upload URNs"</button>
            </form>
        </section>
    }
}

#[component]
fn Entries(p: UrnListPage, remove: ServerAction<RemoveUrn>) -> impl IntoView {
    let list = p.list;
    let base = format!("/areas/urn-lists/{}", list.key());
    let q = p.query.clone();
    let pages = p.page_count();
    let download = crate::url_query::href(
        &format!("/api/urn-lists/{}/download", list.key()),
        &q.with_page(1).to_query_string(),
    );
    let status = q.status;
    let search_text = q.q.clone();
    let clear = base.clone();
    let (page, paged, page_base) = (q.page, q.clone(), base.clone());
    view! {
        <h2>"Entries"</h2>
        <dl class="summary-list">
            <div><dt>"Active entries"</dt><dd>{p.active}</dd></div>
            <div><dt>"Matching this search"</dt><dd>{p.total}</dd></div>
            <div><dt>"Open Institutions in network scope"</dt><dd>{p.institutions_in_scope}</dd></div>
        </dl>
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            <div class="field">
                <label for="q">"Search URN or reason"</label>
                <input id="q" name="q" type="search" value=search_text/>
            </div>
            <div class="field">
                <label for="status">"Entries"</label>
                <select id="status" name="status">
                    <option value="" selected=status == StatusFilter::Active>"Active"</option>
                    <option value="closed" selected=status == StatusFilter::Closed>"Removed"</option>
                    <option value="all" selected=status == StatusFilter::All>"Active and removed"</option>
                </select>
            </div>
            <div class="filter-buttons">
                <button type="submit">"Search"</button>
                <a href=clear>"Clear"</a>
            </div>
        </Form>
        <p><a href=download download="">"Download these entries (CSV)"</a></p>
        <table class="urn-entries">
            <caption class="visually-hidden">{list.title()}</caption>
            <thead><tr>
                <th scope="col">"URN"</th><th scope="col">"Institution"</th><th scope="col">"Reason"</th>
                <th scope="col">"Added"</th><th scope="col">"Status"</th><th scope="col">"Remove"</th>
            </tr></thead>
            <tbody>
                {p.entries.into_iter().map(|e| entry_row(list, e, remove)).collect_view()}
            </tbody>
        </table>
        <Pagination page pages href=move |n| paged.with_page(n).href(&page_base)/>
    }
}

fn entry_row(list: UrnList, e: UrnEntry, remove: ServerAction<RemoveUrn>) -> impl IntoView {
    let reason_id = format!("remove-reason-{}", e.id);
    let status = if e.active {
        "Active".to_string()
    } else {
        format!(
            "Removed {} by {}{}",
            e.closed_on.clone().unwrap_or_default(),
            e.closed_by.clone().unwrap_or_else(|| "System".into()),
            e.closed_reason
                .clone()
                .map(|r| format!(" (reason: {r})"))
                .unwrap_or_default()
        )
    };
    view! {
        <tr>
            <td>{e.urn.clone()}</td>
            <td>{match e.institution.clone() {
                Some(name) => view! { <span>{name}</span> }.into_any(),
                None => view! { <strong class="tag">"not in the register"</strong> }.into_any(),
            }}</td>
            <td>{e.reason.clone()}</td>
            <td>{format!("{} by {}", e.added_on, e.added_by)}</td>
            <td>{status}</td>
            <td>{e.active.then(|| view! {
                <ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="list" value=list.key()/>
                    <input type="hidden" name="id" value=e.id.to_string()/>
                    <input type="hidden" name="version" value=e.version.to_string()/>
                    <label for=reason_id.clone() class="visually-hidden">{format!("Reason for removing {}", e.urn)}</label>
                    <input id=reason_id name="reason" type="text" placeholder="Reason" required/>
                    <button type="submit" class="secondary">{format!("Remove {}", e.urn)}</button>
                </ActionForm>
            })}</td>
        </tr>
    }
}
