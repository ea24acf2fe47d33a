//! The page an invitation link opens: the invitee chooses a password.
use crate::api::invitations::AcceptInvitation;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvitePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let accept = ServerAction::<AcceptInvitation>::new();
    view! {
        <leptos_meta::Title text="Set your password — Caseboard"/>
        <section class="login" aria-labelledby="invite-heading">
            <h1 id="invite-heading">"Set your password"</h1>
            <p>"Choose the password you will sign in with. This link works once."</p>
            <div role="alert" class="form-error">
                {move || accept.value().get().and_then(|r| r.err()).map(|e| e.to_string())}
            </div>
            <ActionForm action=accept>
                <input type="hidden" name="token" value=token/>
                <div class="field">
                    <label for="password">"New password"</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required/>
                </div>
                <div class="field">
                    <label for="confirm">"New password again"</label>
                    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required/>
                </div>
                <button type="submit">"Set password"</button>
            </ActionForm>
        </section>
    }
}
