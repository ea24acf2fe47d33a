//! The Hub Lead part of an EC record page (docs/RULES.md §2.2): Network Ops'
//! upgrade form — the type and the access the Hub Lead holds — ready for
//! the support request it answers (`?upgrade_request=N`), and for the EC
//! themselves a link to ask for the upgrade.
use super::actions::RecordForms;
use crate::auth::roles::Principal;
use crate::records::schema::{hub_lead_code, HUB_LEAD};
use crate::records::support::UPGRADE_SUBJECT;
use crate::records::view::RecordView;
use crate::url_query::encode_value;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn hub_lead_label(code: &str) -> &'static str {
    match code {
        "ohl" => "Operational Hub Lead (OHL)",
        "shl" => "Strategic Hub Lead (SHL)",
        _ => "Enterprise Co-ordinator (not a Hub Lead)",
    }
}

/// Whether the page was opened to answer an upgrade request.
pub fn upgrade_requested() -> bool {
    use_query_map()
        .read_untracked()
        .get("upgrade_request")
        .is_some()
}

pub fn upgrade_form(r: RecordView, forms: RecordForms) -> AnyView {
    let current = hub_lead_code(r.value("hub_lead").unwrap_or("None"));
    let request = use_query_map()
        .read_untracked()
        .get("upgrade_request")
        .filter(|v| v.parse::<i64>().is_ok());
    let partner = r.value("partner").unwrap_or_default().to_string();
    let sc = r.value("subcontractor").unwrap_or_default().to_string();
    let upgrade = forms.upgrade;
    view! {
        <section class="action" id="hub-lead-upgrade">
            {request.clone().map(|n| view! {
                <p class="notice">{format!("This upgrade answers support request {n}: saving it resolves the request. ")}
                    <a href=format!("/areas/support-requests/{n}")>{format!("Open request {n}")}</a></p>
            })}
            <ActionForm action=upgrade>
                <input type="hidden" name="id" value=r.id.to_string()/>
                <input type="hidden" name="version" value=r.version.to_string()/>
                {request.map(|n| view! { <input type="hidden" name="request_id" value=n/> })}
                <div class="field">
                    <label for="hub-lead">"Record type"</label>
                    <select id="hub-lead" name="hub_lead">
                        {HUB_LEAD.iter().map(|h| view! {
                            <option value=*h selected=current == *h>{hub_lead_label(h)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <fieldset class="field wide">
                    <legend>"Access the Hub Lead holds (their login gains it beside the EC role)"</legend>
                    <div class="radio">
                        <input type="radio" id="access-keep" name="access" value="" checked=true/>
                        <label for="access-keep">"No change (a plain EC holds none; going back to EC removes it)"</label>
                    </div>
                    <div class="radio">
                        <input type="radio" id="access-partner" name="access" value="partner"/>
                        <label for="access-partner">{format!("Partner user of {partner} (counts toward its six active Partner users)")}</label>
                    </div>
                    <div class="radio">
                        <input type="radio" id="access-sc" name="access" value="subcontractor" disabled=sc.is_empty()/>
                        <label for="access-sc">{if sc.is_empty() {
                            "Sub-contractor user (this EC has no Sub-contractor)".to_string()
                        } else {
                            format!("Sub-contractor user of {sc}")
                        }}</label>
                    </div>
                </fieldset>
                <button type="submit">"Change record type"</button>
            </ActionForm>
            {move || upgrade.value().get().map(|r| match r {
                Ok(told) => view! { <p role="status" class="done">{told}</p> }.into_any(),
                Err(e) => view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any(),
            })}
        </section>
    }
    .into_any()
}

/// For the EC on their own record: ask for the upgrade through a support request.
pub fn ask_link(r: &RecordView, p: &Principal) -> Option<AnyView> {
    let own = p.network.as_ref().and_then(|g| g.binding.ec_id) == Some(r.id);
    let is_hub_lead = hub_lead_code(r.value("hub_lead").unwrap_or("None")) != "none";
    (own && !is_hub_lead).then(|| {
        let href = format!(
            "/areas/support-requests/new?subject={}&related_kind=ecs&related_id={}",
            encode_value(UPGRADE_SUBJECT),
            r.id
        );
        view! {
            <section class="action">
                <h3>"Hub Lead"</h3>
                <p>"Network Ops make an EC record a Hub Lead record. "
                    <a href=href>"Ask for an upgrade to Hub Lead"</a></p>
            </section>
        }
        .into_any()
    })
}
