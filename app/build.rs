//! sqlx's `migrate!` (in `ssr/db.rs`) copies the migration files into the
//! binary when this crate compiles, but cargo does not know it read them: a
//! new or edited migration would not rebuild the crate, and the binary
//! would run without it. This tells cargo to rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
