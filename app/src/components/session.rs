//! The signed-in principal, loaded once at the root and shared as context.
use crate::api::session::{current_user, SignIn, SignOut, SwitchRole};
use crate::auth::roles::Principal;
use crate::error::AppError;
use leptos::prelude::*;

/// The session actions and the principal they refresh.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub me: Resource<Result<Option<Principal>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub switch_role: ServerAction<SwitchRole>,
}

impl SessionContext {
    pub fn provide() {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let switch_role = ServerAction::<SwitchRole>::new();
        // Blocking: the server renders the right controls before any WASM runs.
        let me = Resource::new_blocking(
            move || {
                (
                    sign_in.version().get(),
                    sign_out.version().get(),
                    switch_role.version().get(),
                )
            },
            |_| current_user(),
        );
        provide_context(SessionContext {
            me,
            sign_in,
            sign_out,
            switch_role,
        });
    }

    pub fn get() -> Self {
        expect_context::<SessionContext>()
    }
}
