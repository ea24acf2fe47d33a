//! "Partner by local authority": choose a local authority and a Partner,
//! read the preview in plain words, then confirm. The confirm carries the
//! previewed set's version, so a set that changed meanwhile is refused (409).
use crate::api::gias::partners::{partner_choices, preview_la_partner, AssignLaPartner};
use crate::api::gias::types::{LaPreview, PartnerChoice};
use crate::components::guard::signed_in;
use crate::components::outcome::outcome;
use crate::pages::org::common::{failed, loading};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LaPartnerPage() -> impl IntoView {
    let query = use_query_map();
    let chosen = Memo::new(move |_| {
        let q = query.read();
        let la = q.get("local_authority").unwrap_or_default();
        let partner = q.get("partner_id").and_then(|p| p.parse::<i64>().ok());
        (la, partner)
    });
    let assign = ServerAction::<AssignLaPartner>::new();
    let choices = Resource::new(|| (), |_| partner_choices());
    let preview = Resource::new(
        move || (chosen.get(), assign.version().get()),
        |((la, partner), _)| async move {
            match partner {
                Some(id) if !la.is_empty() => Some(preview_la_partner(la, id).await),
                _ => None,
            }
        },
    );
    signed_in(move |_| {
        view! {
            <leptos_meta::Title text="Partner by local authority — Caseboard"/>
            <p class="breadcrumb"><a href="/areas/institutions">"Institutions"</a></p>
            <h1>"Partner by local authority"</h1>
            <p class="hint">"Gives every open institution of one local authority to one Partner. You see what would change first; nothing changes until you confirm."</p>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match choices.await {
                        Ok((partners, las)) => {
                            let (la, partner) = chosen.get_untracked();
                            choose_form(partners, las, la, partner)
                        }
                        Err(e) => failed(e),
                    }
                })}
            </Suspense>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match preview.await {
                        Some(Ok(p)) => confirm_form(p, assign),
                        Some(Err(e)) => failed(e),
                        None => ().into_any(),
                    }
                })}
            </Suspense>
        }
    })
}

fn choose_form(
    partners: Vec<PartnerChoice>,
    las: Vec<String>,
    la: String,
    partner: Option<i64>,
) -> AnyView {
    view! {
        <Form method="GET" action="" attr:class="filters" attr:aria-label="Choose a local authority and a Partner">
            <div class="field">
                <label for="local_authority">"Local authority"</label>
                <select id="local_authority" name="local_authority" required>
                    <option value="">"Choose…"</option>
                    {las.into_iter().map(|l| {
                        let (selected, label) = (l == la, l.clone());
                        view! { <option value=l selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="partner_id">"Partner"</label>
                <select id="partner_id" name="partner_id" required>
                    <option value="">"Choose…"</option>
                    {partners.into_iter().map(|p| view! {
                        <option value=p.id.to_string() selected=Some(p.id) == partner>{p.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-buttons">
                <button type="submit">"Preview"</button>
            </div>
        </Form>
    }
    .into_any()
}

fn confirm_form(p: LaPreview, assign: ServerAction<AssignLaPartner>) -> AnyView {
    let nothing = p.gains == 0;
    view! {
        <section class="action" aria-labelledby="preview-heading">
            <h2 id="preview-heading">"Preview"</h2>
            <p data-testid="la-preview">{p.sentence()}</p>
            {(!p.moving.is_empty()).then(|| view! {
                <p class="hint">"Institutions that move leave their old Partner's EC and Sub-contractor; assign new ones afterwards."</p>
            })}
            {outcome(assign.value(), "Saved: the institutions now belong to the Partner.")}
            {(!nothing).then(|| view! {
                <ActionForm action=assign>
                    <input type="hidden" name="local_authority" value=p.local_authority.clone()/>
                    <input type="hidden" name="partner_id" value=p.partner_id.to_string()/>
                    <input type="hidden" name="version" value=p.version.to_string()/>
                    <button type="submit">{format!("Confirm: give {} institutions to {}", p.gains, p.partner_name)}</button>
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}
