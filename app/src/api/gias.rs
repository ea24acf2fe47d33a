//! The national register (GIAS) in the browser, Admin's (docs/RULES.md §2.1):
//! import runs and their progress, and Institutions' Partner, one at a time
//! or per local authority. The upload itself is a streamed multipart route
//! in the server crate (`/api/gias/upload`), not a server function.
pub mod partners;
pub mod runs;
pub mod types;
