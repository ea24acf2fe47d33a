//! Roles, principals and the permission core, shared by client and server.
pub mod permissions;
pub mod roles;
