//! The actions on one record the role may take, each as a form that also
//! works without JavaScript; each action it may not take, with the reason.
use super::fields::field_input;
use crate::api::gias::partners::SetInstitutionPartner;
use crate::api::gias::types::PartnerChoice;
use crate::api::records::actions::{AssignEc, AssignSubcontractor, MatchEa, UpgradeHubLead};
use crate::api::records::write::{CloseRecord, SaveRecord};
use crate::auth::permissions::{
    decide_field, decide_network, Action, Decision, Field, FieldDecision, NetworkTarget, RecordKind,
};
use crate::auth::roles::Principal;
use crate::components::outcome::outcome;
use crate::records::schema::columns;
use crate::records::view::{ListRow, RecordView};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The ECs and Sub-contractors the viewer may assign, loaded with the page.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssignOptions {
    pub ecs: Vec<ListRow>,
    pub scs: Vec<ListRow>,
    /// Partners, for roles that may set an Institution's Partner.
    pub partners: Vec<PartnerChoice>,
}

/// Whether the principal may set Institutions' Partner (Admin, through the
/// Partner field's rule: docs/RULES.md §2.1).
pub fn may_set_partner(p: &Principal) -> bool {
    let kind = RecordKind::Institution;
    decide_network(p, Action::Edit, &NetworkTarget::Kind(kind)).is_allowed()
        && decide_field(p, kind, Field::Partner).is_editable()
}

/// Every action form of the detail page; the record reloads when any completes.
#[derive(Clone, Copy)]
pub struct RecordForms {
    pub save: ServerAction<SaveRecord>,
    pub close: ServerAction<CloseRecord>,
    pub matching: ServerAction<MatchEa>,
    pub assign_ec: ServerAction<AssignEc>,
    pub assign_sc: ServerAction<AssignSubcontractor>,
    pub upgrade: ServerAction<UpgradeHubLead>,
    pub set_partner: ServerAction<SetInstitutionPartner>,
}

impl Default for RecordForms {
    fn default() -> Self {
        Self::new()
    }
}

impl RecordForms {
    pub fn new() -> Self {
        RecordForms {
            save: ServerAction::new(),
            close: ServerAction::new(),
            matching: ServerAction::new(),
            assign_ec: ServerAction::new(),
            assign_sc: ServerAction::new(),
            upgrade: ServerAction::new(),
            set_partner: ServerAction::new(),
        }
    }
    /// Changes whenever any form has completed.
    pub fn versions(&self) -> usize {
        self.save.version().get()
            + self.close.version().get()
            + self.matching.version().get()
            + self.assign_ec.version().get()
            + self.assign_sc.version().get()
            + self.upgrade.version().get()
            + self.set_partner.version().get()
    }
}

/// The actions worth offering (or explaining) on a record of this kind.
fn relevant(kind: RecordKind) -> &'static [Action] {
    use Action as A;
    if matches!(kind, RecordKind::Ea | RecordKind::Institution) {
        &[
            A::Edit,
            A::Close,
            A::Match,
            A::AssignEc,
            A::AssignSubcontractor,
        ]
    } else if kind == RecordKind::Ec {
        &[A::Edit, A::Close, A::AssignSubcontractor, A::UpgradeHubLead]
    } else {
        &[A::Edit, A::Close]
    }
}

fn hidden_fields(r: &RecordView) -> impl IntoView {
    view! {
        <input type="hidden" name="kind" value=format!("{:?}", r.kind)/>
        <input type="hidden" name="id" value=r.id.to_string()/>
        <input type="hidden" name="version" value=r.version.to_string()/>
    }
}

#[component]
pub fn RecordActions(r: RecordView, p: Principal, options: AssignOptions) -> impl IntoView {
    let forms = expect_context::<RecordForms>();
    let target = NetworkTarget::Record(r.kind, r.facts.clone());
    let (allowed, denied): (Vec<_>, Vec<_>) = relevant(r.kind)
        .iter()
        .map(|a| (*a, decide_network(&p, *a, &target)))
        .partition(|(_, d)| d.is_allowed());
    let mut sections: Vec<AnyView> = vec![];
    for (a, _) in allowed {
        sections.push(match a {
            Action::Edit => {
                let edit = edit_form(r.clone(), p.clone(), forms);
                if r.kind == RecordKind::Institution && may_set_partner(&p) {
                    view! { {edit} {partner_form(r.clone(), options.partners.clone(), forms)} }
                        .into_any()
                } else {
                    edit
                }
            }
            Action::Close if !r.closed => close_form(r.clone(), forms),
            Action::Match => match_form(&r, forms),
            Action::AssignEc => assign_ec_form(r.clone(), options.ecs.clone(), forms),
            Action::AssignSubcontractor => assign_sc_form(r.clone(), options.scs.clone(), forms),
            Action::UpgradeHubLead => super::hub_lead::upgrade_form(r.clone(), forms),
            Action::Close
            | Action::View
            | Action::Download
            | Action::Search
            | Action::Add
            | Action::Submit
            | Action::Confirm
            | Action::Remove
            | Action::Import => ().into_any(),
        });
    }
    if r.kind == RecordKind::Ec {
        sections.extend(super::hub_lead::ask_link(&r, &p));
    }
    view! {
        {sections}
        {(!denied.is_empty()).then(|| view! {
            <section class="not-available">
                <h2>"Not available to you"</h2>
                <ul>
                    {denied.into_iter().map(|(_, d)| match d {
                        Decision::Denied(reason) => view! { <li>{reason.to_string()}</li> }.into_any(),
                        Decision::Allowed(_) => ().into_any(),
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

fn edit_form(r: RecordView, p: Principal, forms: RecordForms) -> AnyView {
    let inputs = columns(r.kind)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| {
            let (field, _) = c.edit?;
            let locked = match decide_field(&p, r.kind, field) {
                FieldDecision::Locked(reason) => Some(reason.to_string()),
                FieldDecision::Editable => None,
            };
            Some(field_input(c, r.value(c.key).map(str::to_string), locked))
        })
        .collect::<Vec<_>>();
    view! {
        <section class="action">
            <h2>"Edit"</h2>
            <ActionForm action=forms.save>
                {hidden_fields(&r)}
                {inputs}
                <button type="submit">"Save changes"</button>
            </ActionForm>
            {outcome(forms.save.value(), "Saved.")}
        </section>
    }
    .into_any()
}

fn partner_form(r: RecordView, partners: Vec<PartnerChoice>, forms: RecordForms) -> AnyView {
    let current = r.value("partner").unwrap_or_default().to_string();
    view! {
        <section class="action">
            <h2>"Partner"</h2>
            <ActionForm action=forms.set_partner>
                <input type="hidden" name="id" value=r.id.to_string()/>
                <input type="hidden" name="version" value=r.version.to_string()/>
                <label for="set-partner">"Partner"</label>
                <select id="set-partner" name="partner_id" required>
                    {partners.into_iter().map(|p| {
                        let selected = p.name == current;
                        view! { <option value=p.id.to_string() selected=selected>{p.name}</option> }
                    }).collect_view()}
                </select>
                <button type="submit">"Set Partner"</button>
            </ActionForm>
            {outcome(forms.set_partner.value(), "Saved.")}
        </section>
    }
    .into_any()
}

fn close_form(r: RecordView, forms: RecordForms) -> AnyView {
    view! {
        <section class="action">
            <h2>"Close"</h2>
            <p>"Closing keeps the record and its history; it leaves the default lists."</p>
            <ActionForm action=forms.close>
                {hidden_fields(&r)}
                <button type="submit" class="danger">"Close this record"</button>
            </ActionForm>
            {outcome(forms.close.value(), "Saved.")}
        </section>
    }
    .into_any()
}

fn match_form(r: &RecordView, forms: RecordForms) -> AnyView {
    let id = r.id.to_string();
    let (mine, other, other_label) = if r.kind == RecordKind::Ea {
        ("ea_id", "institution_id", "Institution record number")
    } else {
        ("institution_id", "ea_id", "EA record number")
    };
    view! {
        <section class="action">
            <h2>"Match"</h2>
            <ActionForm action=forms.matching>
                <input type="hidden" name=mine value=id/>
                <label for="match-other">{other_label}</label>
                <input id="match-other" name=other type="number" min="1" required/>
                <label><input type="checkbox" name="undo" value="true"/>" Undo this match instead"</label>
                <button type="submit">"Match"</button>
            </ActionForm>
            {outcome(forms.matching.value(), "Saved.")}
        </section>
    }
    .into_any()
}

fn assign_ec_form(r: RecordView, ecs: Vec<ListRow>, forms: RecordForms) -> AnyView {
    view! {
        <section class="action">
            <h2>"Assign EC"</h2>
            <ActionForm action=forms.assign_ec>
                {hidden_fields(&r)}
                <label for="assign-ec">"EC"</label>
                <select id="assign-ec" name="ec_id" required>
                    {ecs.into_iter().map(|row| {
                        let name = row.cells.iter().take(2).flatten().cloned().collect::<Vec<_>>().join(" ");
                        view! { <option value=row.id.to_string()>{name}</option> }
                    }).collect_view()}
                </select>
                <button type="submit">"Assign"</button>
            </ActionForm>
            {outcome(forms.assign_ec.value(), "Saved.")}
        </section>
    }
    .into_any()
}

fn assign_sc_form(r: RecordView, scs: Vec<ListRow>, forms: RecordForms) -> AnyView {
    view! {
        <section class="action">
            <h2>"Assign to a Sub-contractor"</h2>
            <ActionForm action=forms.assign_sc>
                {hidden_fields(&r)}
                <label for="assign-sc">"Sub-contractor"</label>
                <select id="assign-sc" name="subcontractor_id">
                    <option value="">"None (take back from the Sub-contractor)"</option>
                    {scs.into_iter().map(|row| view! {
                        <option value=row.id.to_string()>{row.cells.first().cloned().flatten().unwrap_or_default()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">"Assign"</button>
            </ActionForm>
            {outcome(forms.assign_sc.value(), "Saved.")}
        </section>
    }
    .into_any()
}
