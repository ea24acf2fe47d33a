//! The actions on one record the role may take, in one "Actions" section
//! (RULES §5.1), each as a form or link that also works without JavaScript;
//! the actions it may not take folded into "What you cannot do here, and
//! why", each with the reason from `decide`.
use crate::api::gias::partners::SetInstitutionPartner;
use crate::api::gias::types::PartnerChoice;
use crate::api::pickers::PickPurpose;
use crate::api::records::actions::{AssignEc, AssignSubcontractor, MatchEa, UpgradeHubLead};
use crate::api::records::write::{ReopenRecord, SaveRecord};
use crate::auth::permissions::{
    decide_field, decide_network, Action, Decision, Field, NetworkTarget, RecordKind,
};
use crate::auth::roles::Principal;
use crate::components::outcome::outcome;
use crate::components::picker::{Picker, PickerFind};
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

/// Every action form of the detail page; the record reloads when any
/// completes, except a refused save (the form keeps what was typed).
#[derive(Clone, Copy)]
pub struct RecordForms {
    pub save: ServerAction<SaveRecord>,
    /// Saves that succeeded (the detail page counts them).
    pub saved: RwSignal<usize>,
    pub reopen: ServerAction<ReopenRecord>,
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
            saved: RwSignal::new(0),
            reopen: ServerAction::new(),
            matching: ServerAction::new(),
            assign_ec: ServerAction::new(),
            assign_sc: ServerAction::new(),
            upgrade: ServerAction::new(),
            set_partner: ServerAction::new(),
        }
    }
    /// Changes whenever any form has completed.
    pub fn versions(&self) -> usize {
        self.saved.get()
            + self.reopen.version().get()
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

pub fn hidden_fields(r: &RecordView) -> impl IntoView {
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
    let base = format!("/areas/{}/{}", r.kind.slug(), r.id);
    // A form's disclosure opens by itself when the page answers its
    // picker's search made without JavaScript.
    let found_prefix = options.found.as_ref().map(|f| f.prefix.clone());
    let searched = move |prefix: &str| found_prefix.as_deref() == Some(prefix);
    // The quick actions (links and one-button forms), then the forms.
    let mut quick: Vec<AnyView> = vec![];
    let mut sections: Vec<AnyView> = vec![];
    for (a, _) in allowed {
        match a {
            Action::Edit => quick.push(
                view! { <a class="button secondary" href=format!("{base}?edit=1")>"Change details"</a> }
                    .into_any(),
            ),
            Action::Close if r.closed => quick.push(reopen_form(&r, forms)),
            Action::Close => quick.push(
                view! { <a class="button warning" href=format!("{base}/close")>"Close this record"</a> }
                    .into_any(),
            ),
            Action::Match => sections.push(disclosure(
                if r.kind == RecordKind::Ea {
                    "Match to an institution"
                } else {
                    "Match an EA"
                },
                searched("match") || forms.matching.value().get_untracked().is_some(),
                match_form(&r, forms),
            )),
            Action::AssignEc => sections.push(disclosure(
                "Assign an EC",
                searched("assign-ec"),
                assign_ec_form(&r),
            )),
            Action::AssignSubcontractor => sections.push(disclosure(
                "Assign to a Sub-contractor",
                searched("assign-sc"),
                assign_sc_form(&r),
            )),
            Action::UpgradeHubLead => sections.push(disclosure(
                "Change the record type (Hub Lead)",
                super::hub_lead::upgrade_requested() || forms.upgrade.value().get_untracked().is_some(),
                super::hub_lead::upgrade_form(r.clone(), forms),
            )),
            Action::View
            | Action::Download
            | Action::Search
            | Action::Add
            | Action::Submit
            | Action::Confirm
            | Action::Remove
            | Action::Import => {}
        }
    }
    quick.extend(ask_about(&r, &p));
    if r.kind == RecordKind::Ec {
        sections.extend(super::hub_lead::ask_link(&r, &p));
    }
    if r.kind == RecordKind::Ec && super::handover::may_hand_over(&p) {
        sections.push(disclosure(
            "Hand over caseload",
            searched("handover"),
            super::handover::handover_form(&r),
        ));
    }
    let any = !quick.is_empty() || !sections.is_empty();
    view! {
        {any.then(|| view! {
            <section class="record-actions" aria-labelledby="actions-heading">
                <h2 id="actions-heading">"Actions"</h2>
                {(!quick.is_empty()).then(|| view! { <div class="button-group">{quick}</div> })}
                {outcome(forms.reopen.value(), "Reopened.")}
                {sections}
            </section>
        })}
        {(!denied.is_empty()).then(|| view! {
            <details class="not-available">
                <summary>"What you cannot do here, and why"</summary>
                <ul>
                    {denied.into_iter().map(|(_, d)| match d {
                        Decision::Denied(reason) => view! { <li>{reason.to_string()}</li> }.into_any(),
                        Decision::Allowed(_) => ().into_any(),
                    }).collect_view()}
                </ul>
            </details>
        })}
    }
}

/// An action's form folded behind its name (RULES §5.1): the record page
/// stays short, and each form opens where it is asked for. A `<details>`,
/// so it opens and closes without JavaScript.
fn disclosure(label: &'static str, open: bool, body: AnyView) -> AnyView {
    view! {
        <details class="action-disclosure" open=open>
            <summary>{label}</summary>
            <div class="action-body">{body}</div>
        </details>
    }
    .into_any()
}

/// Reopen, on a closed record, for whoever may close it (RULES §5.1).
fn reopen_form(r: &RecordView, forms: RecordForms) -> AnyView {
    let r = r.clone();
    view! {
        <ActionForm action=forms.reopen>
            {hidden_fields(&r)}
            <button type="submit">"Reopen this record"</button>
        </ActionForm>
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

/// "Ask about this record": a support request naming this record, for
/// anyone who may raise one about a record of its kind (RULES §2.7).
fn ask_about(r: &RecordView, p: &Principal) -> Option<AnyView> {
    use crate::records::support::RELATED_KINDS;
    let may_raise = decide_network(
        p,
        Action::Add,
        &NetworkTarget::Kind(RecordKind::SupportRequest),
    )
    .is_allowed();
    (may_raise && RELATED_KINDS.contains(&r.kind)).then(|| {
        let href = format!(
            "/areas/support-requests/new?related_kind={}&related_id={}",
            r.kind.slug(),
            r.id
        );
        view! { <a class="button secondary" href=href>"Ask about this record"</a> }.into_any()
    })
}
