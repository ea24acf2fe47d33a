//! The actions on one record the role may take, each as a form that also
//! works without JavaScript; each action it may not take, with the reason.
use super::fields::field_input;
use crate::api::gias::partners::SetInstitutionPartner;
use crate::api::gias::types::PartnerChoice;
use crate::api::pickers::{Choice, PickPurpose};
use crate::api::records::actions::{AssignEc, AssignSubcontractor, MatchEa, UpgradeHubLead};
use crate::api::records::write::{CloseRecord, SaveRecord};
use crate::auth::permissions::{
    decide_field, decide_network, Action, Decision, Field, FieldDecision, NetworkTarget, RecordKind,
};
use crate::auth::roles::Principal;
use crate::components::outcome::outcome;
use crate::components::picker::{Picker, PickerFind};
use crate::records::schema::{columns, Input};
use crate::records::view::RecordView;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Choices loaded with the page (ECs and Sub-contractors are found with
/// pickers instead, docs/RULES.md §2.5).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssignOptions {
    /// The matches of a picker's search made without JavaScript.
    pub found: Option<crate::components::picker::Found>,
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
    provide_context(options.found.clone());
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
            Action::AssignEc => assign_ec_form(&r),
            Action::AssignSubcontractor => assign_sc_form(&r),
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
    if r.kind == RecordKind::Ec && super::handover::may_hand_over(&p) {
        sections.push(super::handover::handover_form(&r));
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
            if let (Some((_, Input::Pick(target))), None) = (c.edit, &locked) {
                return Some(pick_input(&r, c.key, c.label, target));
            }
            Some(field_input(c, r.value(c.key).map(str::to_string), locked))
        })
        .collect::<Vec<_>>();
    let finds = columns(r.kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| matches!(c.edit, Some((_, Input::Pick(_)))))
        .map(|c| view! { <PickerFind prefix=c.key/> })
        .collect::<Vec<_>>();
    view! {
        <section class="action">
            <h2>"Edit"</h2>
            {finds}
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

/// A column choosing another record (an EA's employer, a Partner user's
/// Partner), as a picker submitting `values[key]`.
fn pick_input(
    r: &RecordView,
    key: &'static str,
    label: &'static str,
    target: RecordKind,
) -> AnyView {
    let purpose = if target == RecordKind::Partner {
        PickPurpose::UserPartner
    } else {
        PickPurpose::Employer
    };
    let current = r
        .value(key)
        .and_then(|v| v.parse::<i64>().ok())
        .map(|id| Choice {
            id,
            label: r
                .value(key.trim_end_matches("_id"))
                .unwrap_or_default()
                .to_string(),
            hint: String::new(),
        });
    view! {
        <div class="field">
            <Picker prefix=key field=format!("values[{key}]") label=label.to_string()
                kind=target purpose current/>
        </div>
    }
    .into_any()
}

fn match_form(r: &RecordView, forms: RecordForms) -> AnyView {
    let id = r.id.to_string();
    let (mine, other, other_kind, other_label) = if r.kind == RecordKind::Ea {
        (
            "ea_id",
            "institution_id",
            RecordKind::Institution,
            "Institution",
        )
    } else {
        ("institution_id", "ea_id", RecordKind::Ea, "EA")
    };
    view! {
        <section class="action">
            <h2>"Match"</h2>
            <PickerFind prefix="match"/>
            <ActionForm action=forms.matching>
                <input type="hidden" name=mine value=id/>
                <Picker prefix="match" field=other.to_string() label=other_label.to_string()
                    kind=other_kind purpose=PickPurpose::Match required=true/>
                <label><input type="checkbox" name="undo" value="true"/>" Undo this match instead"</label>
                <button type="submit">"Match"</button>
            </ActionForm>
            {outcome(forms.matching.value(), "Saved.")}
        </section>
    }
    .into_any()
}

/// Choosing the EC leads to the preview (a GET page), whose Confirm assigns.
fn assign_ec_form(r: &RecordView) -> AnyView {
    let action = format!("/areas/{}/{}/assign-ec", r.kind.slug(), r.id);
    view! {
        <section class="action">
            <h2>"Assign EC"</h2>
            <PickerFind prefix="assign-ec"/>
            <form method="get" action=action>
                <input type="hidden" name="version" value=r.version.to_string()/>
                <Picker prefix="assign-ec" field="ec_id".to_string() label="EC".to_string()
                    kind=RecordKind::Ec purpose=PickPurpose::AssignEc required=true/>
                <button type="submit">"Continue"</button>
            </form>
        </section>
    }
    .into_any()
}

/// Choosing the Sub-contractor leads to the preview, whose Confirm assigns.
fn assign_sc_form(r: &RecordView) -> AnyView {
    let action = format!("/areas/{}/{}/assign-sc", r.kind.slug(), r.id);
    let take_back = format!("{action}?version={}", r.version);
    view! {
        <section class="action">
            <h2>"Assign to a Sub-contractor"</h2>
            <PickerFind prefix="assign-sc"/>
            <form method="get" action=action>
                <input type="hidden" name="version" value=r.version.to_string()/>
                <Picker prefix="assign-sc" field="subcontractor_id".to_string() label="Sub-contractor".to_string()
                    kind=RecordKind::SubContractor purpose=PickPurpose::AssignSubcontractor required=true/>
                <button type="submit">"Continue"</button>
            </form>
            <p><a href=take_back>"Take this record back from its Sub-contractor"</a></p>
        </section>
    }
    .into_any()
}
