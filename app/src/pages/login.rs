//! Sign-in form; works as a plain HTML form before the WASM arrives.
use crate::api::session::SignIn;
use crate::components::session::SessionContext;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = SessionContext::get();
    // Without JavaScript the failed sign-in comes back in the URL (`__err`),
    // which a server action decodes only when created under the routes.
    let from_url = ServerAction::<SignIn>::new();
    let error = move || {
        session
            .sign_in
            .value()
            .get()
            .or_else(|| from_url.value().get())
            .and_then(|r| r.err())
            .map(|e| e.to_string())
    };
    view! {
        <leptos_meta::Title text="Sign in — Caseboard"/>
        <section class="login" aria-labelledby="login-heading">
            <h1 id="login-heading">"Sign in to Caseboard"</h1>
            <div role="alert" aria-live="assertive" class="form-error">{error}</div>
            <ActionForm action=session.sign_in>
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required/>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit">"Sign in"</button>
            </ActionForm>
            <p class="hint">"Accounts are created by your Partner or by CEC; you will have received an invitation link."</p>
        </section>
    }
}
