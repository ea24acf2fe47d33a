//! The one record picker (docs/RULES.md §2.5). After hydration it is a
//! WAI-ARIA combobox: typing searches the server (debounced), arrow keys move
//! through the options, Enter chooses, Escape closes, and the number of
//! results is announced in a live region. Without JavaScript it is a
//! search-then-choose form: the text goes to a GET form (`PickerFind`) that
//! reloads the page, which lists the matches as radio buttons. Either way the
//! form submits the chosen record's id under `field`, the name the server
//! function already reads, and the server checks it again.
use crate::api::pickers::{search_choices, Choice, PickPurpose};
use crate::auth::permissions::RecordKind;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// Milliseconds of typing pause before the server is asked.
const DEBOUNCE_MS: u64 = 250;

/// The URL query key carrying a picker's search text without JavaScript.
pub fn find_key(prefix: &str) -> String {
    format!("find_{prefix}")
}

/// The matches of one picker's search made without JavaScript, loaded with
/// the page (a page-level resource, so hydration finds the same data) and
/// provided as context to the pickers.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    pub prefix: String,
    pub matches: Result<Vec<Choice>, String>,
}

/// The kind and purpose of the picker `prefix` on a record page of `kind`.
pub fn picker_of(prefix: &str, kind: RecordKind) -> Option<(RecordKind, PickPurpose)> {
    Some(match prefix {
        "match" if kind == RecordKind::Ea => (RecordKind::Institution, PickPurpose::Match),
        "match" => (RecordKind::Ea, PickPurpose::Match),
        "assign-ec" | "handover" => (RecordKind::Ec, PickPurpose::AssignEc),
        "assign-sc" => (RecordKind::SubContractor, PickPurpose::AssignSubcontractor),
        "employer_id" => (RecordKind::Employer, PickPurpose::Employer),
        "partner_id" => (RecordKind::Partner, PickPurpose::UserPartner),
        _ => return None,
    })
}

/// Runs the search of picker `prefix` on a record page of `kind`.
pub async fn found_for(prefix: &str, kind: RecordKind, text: String) -> Option<Found> {
    let (k, purpose) = picker_of(prefix, kind)?;
    Some(Found {
        prefix: prefix.to_string(),
        matches: search_choices(k, text, purpose)
            .await
            .map_err(|e| e.to_string()),
    })
}

/// The GET form a picker's Search button submits (no JavaScript). Place it
/// outside the form holding the picker: forms cannot nest, so the picker's
/// text box and button join this one through their `form` attribute.
#[component]
pub fn PickerFind(prefix: &'static str) -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    view! { <form id=format!("pickfind-{prefix}") method="get" action=format!("{path}#picker-{prefix}") class="picker-find"></form> }
}

/// A picker for one record of `kind` chosen for `purpose`, submitted as
/// `field`. `current` is the record chosen now, kept unless another is chosen.
#[component]
pub fn Picker(
    /// Unique on the page; names the element ids and the search key.
    prefix: &'static str,
    field: String,
    label: String,
    kind: RecordKind,
    purpose: PickPurpose,
    #[prop(default = None)] current: Option<Choice>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let input_id = format!("picker-{prefix}-input");
    let list_id = format!("picker-{prefix}-list");
    let status_id = format!("picker-{prefix}-status");
    let hint_id = format!("picker-{prefix}-hint");
    let query = use_query_map();
    let found_text = query
        .read_untracked()
        .get(&find_key(prefix))
        .unwrap_or_default();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let text = RwSignal::new(found_text.clone());
    // The radios of a search made without JavaScript carry the choice,
    // unless the combobox has chosen since.
    let searched = !found_text.trim().is_empty()
        && use_context::<Option<Found>>()
            .flatten()
            .is_some_and(|f| f.prefix == prefix && f.matches.is_ok());
    let chosen = RwSignal::new(current.clone());
    let used_combobox = RwSignal::new(false);
    let results = RwSignal::new(Vec::<Choice>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let status = RwSignal::new(String::new());
    let generation = StoredValue::new(0u64);

    // Without JavaScript: the matches for the text sent by the Search button,
    // loaded by the page (`found_for`).
    let found = use_context::<Option<Found>>()
        .flatten()
        .filter(|f| f.prefix == prefix)
        .map(|f| f.matches);
    let search = move |t: String| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                leptos::task::spawn_local(async move {
                    let answer = search_choices(kind, t, purpose).await;
                    if generation.get_value() != mine {
                        return;
                    }
                    match answer {
                        Ok(list) => {
                            let n = list.len();
                            status.set(match n {
                                0 => "No matches.".to_string(),
                                1 => "1 match; use the down arrow to reach it.".to_string(),
                                n => format!("{n} matches; use the arrow keys to reach them."),
                            });
                            results.set(list);
                            active.set(None);
                            open.set(n > 0);
                        }
                        Err(e) => {
                            results.set(vec![]);
                            open.set(false);
                            status.set(e.to_string());
                        }
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    };
    let choose = move |c: Choice| {
        status.set(format!("Chosen: {}.", c.label));
        text.set(c.label.clone());
        chosen.set(Some(c));
        used_combobox.set(true);
        open.set(false);
        active.set(None);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = results.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                open.set(true);
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1).min(n - 1))));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| i.saturating_sub(1))));
            }
            "Enter" => {
                ev.prevent_default();
                let pick = active
                    .get_untracked()
                    .filter(|_| open.get_untracked())
                    .and_then(|i| results.with_untracked(|r| r.get(i).cloned()));
                if let Some(c) = pick {
                    choose(c);
                }
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = move |i: usize| format!("picker-{prefix}-opt-{i}");
    let field_for_hidden = field.clone();
    let field_for_radios = field.clone();
    let show_radios = move || searched && !used_combobox.get();
    let list_id2 = list_id.clone();

    view! {
        <div class="picker" id=format!("picker-{prefix}")>
            <label for=input_id.clone()>{label}</label>
            <span class="hint" id=hint_id.clone()>
                {move || if hydrated.get() {
                    "Type part of a name, then choose with the arrow keys and Enter."
                } else {
                    "Type part of a name and press Search."
                }}
            </span>
            <div class="picker-box">
                <input
                    id=input_id
                    type="text"
                    autocomplete="off"
                    form=format!("pickfind-{prefix}")
                    name=find_key(prefix)
                    aria-describedby=hint_id
                    role=move || hydrated.get().then_some("combobox")
                    aria-autocomplete=move || hydrated.get().then_some("list")
                    aria-expanded=move || hydrated.get().then(|| open.get().to_string())
                    aria-controls=move || hydrated.get().then(|| list_id.clone())
                    aria-activedescendant=move || {
                        active.get().filter(|_| open.get()).map(option_id)
                    }
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        text.set(t.clone());
                        search(t);
                    }
                    on:keydown=on_key
                    on:blur=move |_| {
                        // Let a click on an option land before the list closes.
                        set_timeout(move || open.set(false), std::time::Duration::from_millis(200));
                    }
                />
                <button type="submit" form=format!("pickfind-{prefix}") class="secondary" hidden=move || hydrated.get()>
                    "Search"
                </button>
                <ul
                    id=list_id2
                    role="listbox"
                    class="picker-list"
                    aria-label="Matches"
                    hidden=move || !open.get()
                >
                    {move || results.get().into_iter().enumerate().map(|(i, c)| {
                        let pick = c.clone();
                        view! {
                            <li
                                id=option_id(i)
                                role="option"
                                aria-selected=move || (active.get() == Some(i)).to_string()
                                class:active=move || active.get() == Some(i)
                                on:mousedown=move |ev| {
                                    ev.prevent_default();
                                    choose(pick.clone());
                                }
                            >
                                <span class="picker-label">{c.label}</span>
                                <span class="picker-hint">{c.hint}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
            <div class="picker-status visually-hidden" id=status_id role="status" aria-live="polite">{move || status.get()}</div>
            {move || (!show_radios()).then(|| chosen.get().map(|c| view! {
                <input type="hidden" name=field_for_hidden.clone() value=c.id.to_string()/>
                <p class="picker-chosen">"Chosen: " <strong>{c.label}</strong></p>
            }))}
            {match found {
                None => ().into_any(),
                Some(Err(e)) => view! { <p role="alert" class="error">{e}</p> }.into_any(),
                Some(Ok(list)) => radios(field_for_radios, list, current, required, used_combobox).into_any(),
            }}
        </div>
    }
}

/// The matches as radio buttons (the search-then-choose form).
fn radios(
    field: String,
    list: Vec<Choice>,
    current: Option<Choice>,
    required: bool,
    used_combobox: RwSignal<bool>,
) -> impl IntoView {
    let n = list.len();
    let keep = current.filter(|c| !list.iter().any(|l| l.id == c.id));
    view! {
        <fieldset class="picker-matches" hidden=move || used_combobox.get() disabled=move || used_combobox.get()>
            <legend>{match n {
                0 => "No matches; try other words.".to_string(),
                1 => "1 match".to_string(),
                n => format!("{n} matches"),
            }}</legend>
            {keep.map(|c| {
                let f = field.clone();
                view! {
                    <label class="radio"><input type="radio" name=f value=c.id.to_string() checked=true required=required/>
                        " Keep " {c.label}</label>
                }
            })}
            {list.into_iter().map(|c| {
                let f = field.clone();
                view! {
                    <label class="radio"><input type="radio" name=f value=c.id.to_string() required=required/>
                        " " {c.label} <span class="picker-hint">{c.hint}</span></label>
                }
            }).collect_view()}
        </fieldset>
    }
}
