//! A database constraint a record write can break becomes a 422 on the field
//! it concerns (through the one constraint table), on both databases; record
//! writes no longer blame `email` for any unique violation.
use crate::both;
use crate::support::{email, TestDb};
use app::error::AppError;
use app::ssr::accounts::{insert_user, NewUser};

both!(
    a_taken_email_is_a_422_on_the_email_field,
    |t: TestDb| async move {
        let mut tx = t.db.begin_write().await.unwrap();
        let taken = email("admin");
        let err = insert_user(
            &mut tx,
            NewUser {
                email: &taken,
                first_name: "Second",
                last_name: "Admin",
                password_hash: None,
                org_role: None,
                managed_unit_id: None,
            },
        )
        .await
        .expect_err("the email is taken");
        assert_eq!(
            AppError::from(err),
            AppError::invalid("email", "An account with this email already exists.")
        );
    }
);
