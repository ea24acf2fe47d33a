//! Server configuration from environment variables (documented in README.md).
use app::ssr::config::AuthConfig;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;

#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub database_url: String,
    pub addr: SocketAddr,
    pub site_root: String,
    pub data_dir: String,
    pub auth: AuthConfig,
    pub connections: crate::serve::ConnectionLimits,
    /// `CASEBOARD_DB_CONNECTIONS`: the database pool's size (`Db::connect_sized`).
    pub db_connections: Option<u32>,
}

/// A variable that, when set, must be a positive whole number.
pub fn positive_number(name: &str) -> Result<Option<u64>, String> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| format!("{name} must be a positive whole number, got {v:?}")),
    }
}

impl ServerConfig {
    pub fn from_env() -> Result<Self, String> {
        let data_dir = std::env::var("CASEBOARD_DATA_DIR").unwrap_or_else(|_| "data".to_string());
        let database_url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| format!("sqlite://{data_dir}/caseboard.db"));
        let addr = std::env::var("CASEBOARD_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_string());
        let addr = addr
            .parse()
            .map_err(|_| format!("CASEBOARD_ADDR must be host:port, got {addr:?}"))?;
        let site_root =
            std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".to_string());
        Ok(ServerConfig {
            database_url,
            addr,
            site_root,
            data_dir,
            auth: AuthConfig::from_env()?,
            connections: crate::serve::ConnectionLimits::from_env()?,
            db_connections: positive_number("CASEBOARD_DB_CONNECTIONS")?
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
        })
    }

    /// When the build prepared the bundle (`caseboard prepare-assets`), pages
    /// name its content-hashed files; otherwise the plain names.
    pub fn leptos_options(&self) -> LeptosOptions {
        let hash_file = crate::assets::hash_file(&self.site_root);
        LeptosOptions::builder()
            .output_name("caseboard")
            .site_root(self.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .hash_files(hash_file.is_some())
            .hash_file(hash_file.as_deref().unwrap_or("hash.txt").into())
            .build()
    }
}
