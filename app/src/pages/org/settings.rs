//! System Settings: the security settings, stored in the database and used
//! by sign-in and sessions as soon as they are saved.
use super::common::{failed, loading, outcome};
use crate::api::org::settings::{view_settings, SaveSettings};
use crate::api::org::types::setting_keys as keys;
use crate::api::org::types::{
    Bounds, SecuritySettingsView, ABSOLUTE_HOURS, IDLE_MINUTES, LOCKOUT_THRESHOLD, PASSWORD_MIN_LEN,
};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveSettings>::new();
    let data = Resource::new(move || save.version().get(), |_| view_settings());
    view! {
        <leptos_meta::Title text="System Settings — Caseboard"/>
        <h1>"System Settings"</h1>
        <p class="hint">"Security settings for every account. A saved value replaces the server's default at once, on every app instance; each change is audited."</p>
        {outcome(save.value(), "Settings saved; they apply from now on.")}
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! { <SettingsForm s save/> }.into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Suspense>
    }
}

fn number(
    id: &'static str,
    label: &'static str,
    value: i64,
    b: Bounds,
    stored: bool,
) -> impl IntoView {
    let hint = format!(
        "{} to {}. {}",
        b.min,
        b.max,
        if stored {
            "Set on this page."
        } else {
            "Server default."
        }
    );
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input id=id name=id type="number" min=b.min.to_string() max=b.max.to_string() value=value.to_string() required aria-describedby=hint_id.clone()/>
            <span id=hint_id class="hint">{hint}</span>
        </div>
    }
}

#[component]
fn SettingsForm(s: SecuritySettingsView, save: ServerAction<SaveSettings>) -> impl IntoView {
    let stored = |k: &str| s.stored.iter().any(|x| x == k);
    let fields = (
        number(
            "idle_timeout_minutes",
            "Session idle timeout (minutes)",
            s.idle_timeout_minutes,
            IDLE_MINUTES,
            stored(keys::IDLE),
        ),
        number(
            "absolute_timeout_hours",
            "Session absolute timeout (hours)",
            s.absolute_timeout_hours,
            ABSOLUTE_HOURS,
            stored(keys::ABSOLUTE),
        ),
        number(
            "lockout_threshold",
            "Failed sign-ins before an account locks",
            s.lockout_threshold,
            LOCKOUT_THRESHOLD,
            stored(keys::LOCKOUT),
        ),
        number(
            "password_min_len",
            "Minimum password length",
            s.password_min_len,
            PASSWORD_MIN_LEN,
            stored(keys::PASSWORD),
        ),
    );
    let version = s.version.to_string();
    view! {
        <section class="action">
            <ActionForm action=save attr:class="settings">
                <input type="hidden" name="version" value=version/>
                {fields}
                <button type="submit">"Save settings"</button>
            </ActionForm>
        </section>
    }
}
