//! The record's edit mode (`?edit=1`, RULES §5.1): every field the role may
//! change as a form, each locked one with its reason, the GOV.UK error
//! summary when the server refuses, and what was typed kept.
use super::actions::{hidden_fields, may_set_partner, RecordForms};
use super::fields::{field_id, field_input, kept_input};
use crate::api::gias::types::PartnerChoice;
use crate::api::pickers::{Choice, PickPurpose};
use crate::api::records::write::SaveRecord;
use crate::auth::permissions::{decide_field, FieldDecision, RecordKind};
use crate::auth::roles::Principal;
use crate::components::error_summary::{focusable, message_at, ErrorSummary, Problem};
use crate::components::outcome::outcome;
use crate::components::picker::{Picker, PickerFind};
use crate::records::schema::{column, columns, Input};
use crate::records::view::RecordView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The element of the field `key` (where errors and "Change" links go):
/// the picker's box for a chosen record, else the input.
pub fn field_target(kind: RecordKind, key: &str) -> Option<String> {
    let (_, input) = column(kind, key)?.edit?;
    if matches!(input, Input::Pick(_)) {
        Some(format!("picker-{key}-input"))
    } else {
        Some(field_id(key))
    }
}

/// The edit form, with the Institution's Partner form for those who set it.
pub fn edit_section(r: RecordView, p: Principal, partners: Vec<PartnerChoice>) -> AnyView {
    let forms = expect_context::<RecordForms>();
    let kind = r.kind;
    let base = format!("/areas/{}/{}", kind.slug(), r.id);
    let typed = kept_input(forms.save, |s: &SaveRecord| &s.values);
    let error = move || forms.save.value().get().and_then(Result::err);
    let error_at = move |key: &str| error().and_then(|e| message_at(&e, key));
    // "Change" links name the field (`#field-email`): focus it, so the
    // keyboard is where the user asked to be.
    let hash = use_location().hash;
    Effect::new(move |_| {
        let h = hash.get();
        if let Some(el) = h
            .strip_prefix('#')
            .filter(|id| id.starts_with("field-") || id.starts_with("picker-"))
            .and_then(focusable)
        {
            let _ = el.focus();
        }
    });
    let finds = columns(kind)
        .unwrap_or_default()
        .iter()
        .filter(|c| matches!(c.edit, Some((_, Input::Pick(_)))))
        .map(|c| {
            let form = format!("pickfind-{}", c.key);
            view! {
                <PickerFind prefix=c.key/>
                <input type="hidden" name="edit" value="1" form=form/>
            }
        })
        .collect::<Vec<_>>();
    let rv = r.clone();
    let who = p.clone();
    let inputs = move || {
        let p = who.clone();
        let r = rv.clone();
        columns(r.kind)
            .unwrap_or_default()
            .iter()
            .filter_map(|c| {
                let (field, _) = c.edit?;
                let locked = match decide_field(&p, r.kind, field) {
                    FieldDecision::Locked(reason) => Some(reason.to_string()),
                    FieldDecision::Editable => None,
                };
                if let (Some((_, Input::Pick(target))), None) = (c.edit, &locked) {
                    // Labelled as the record it chooses ("Employer").
                    let label =
                        column(r.kind, c.key.trim_end_matches("_id")).map_or(c.label, |n| n.label);
                    return Some(pick_input(&r, c.key, label, target));
                }
                let value = match locked {
                    Some(_) => None,
                    None => typed(c.key),
                }
                .or_else(|| r.value(c.key).map(str::to_string));
                Some(field_input(c, value, locked, error_at(c.key)))
            })
            .collect::<Vec<_>>()
    };
    let partner = (kind == RecordKind::Institution && may_set_partner(&p))
        .then(|| partner_form(r.clone(), partners, forms));
    view! {
        <section class="action edit-record" aria-labelledby="edit-heading">
            <h2 id="edit-heading">"Edit"</h2>
            {move || error().map(|e| {
                let problems = Problem::all_of(&e, |f| field_target(kind, f));
                view! { <ErrorSummary problems/> }
            })}
            {finds}
            <ActionForm action=forms.save attr:novalidate="">
                {hidden_fields(&r)}
                {inputs}
                <div class="button-group">
                    <button type="submit">"Save changes"</button>
                    <a href=base>"Cancel"</a>
                </div>
            </ActionForm>
        </section>
        {partner}
    }
    .into_any()
}

fn partner_form(r: RecordView, partners: Vec<PartnerChoice>, forms: RecordForms) -> AnyView {
    let current = r.value("partner").unwrap_or_default().to_string();
    view! {
        <section class="action" aria-labelledby="partner-heading">
            <h2 id="partner-heading">"Partner"</h2>
            <ActionForm action=forms.set_partner>
                <input type="hidden" name="id" value=r.id.to_string()/>
                <input type="hidden" name="version" value=r.version.to_string()/>
                <div class="field">
                    <label for="set-partner">"Partner"</label>
                    <select id="set-partner" name="partner_id">
                        {partners.into_iter().map(|p| {
                            let selected = p.name == current;
                            view! { <option value=p.id.to_string() selected=selected>{p.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Set Partner"</button>
            </ActionForm>
            {outcome(forms.set_partner.value(), "Saved.")}
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
