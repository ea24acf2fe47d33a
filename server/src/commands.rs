//! What each command-line command does.
use crate::cli::{Command, NewAccount};
use crate::config::ServerConfig;
use crate::{router, seed};
use app::auth::roles::Binding;
use app::ssr::accounts::{insert_grant, insert_user, NewUser};
use app::ssr::db::Db;
use app::ssr::errors::broken_constraint;
use app::ssr::passwords::{random_token, Passwords};
use app::ssr::state::AppState;
use app::ssr::throttle::SignInLimits;
use std::sync::Arc;

pub mod bundle;
pub mod gias;
pub mod partners;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub async fn run(command: Command) -> Result<(), Error> {
    if let Command::Help(text) = command {
        println!("{text}");
        return Ok(());
    }
    if let Command::PrepareAssets { site, names } = command {
        bundle::prepare_assets(&site)?;
        return match names {
            Some(wasm) => bundle::size_report(&wasm),
            None => Ok(()),
        };
    }
    let config = ServerConfig::from_env()?;
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)?;
    }
    let db = Db::connect_sized(&config.database_url, config.db_connections).await?;
    db.migrate().await?;
    match command {
        Command::Help(_) | Command::PrepareAssets { .. } => Ok(()),
        Command::Migrate => {
            println!("Migrations applied.");
            Ok(())
        }
        Command::Serve { demo } => serve(config, db, demo).await,
        Command::CreateUser(account) => create_user(&db, &config, account).await,
        Command::CreatePartner { name, region } => partners::run(&db, &name, &region).await,
        Command::ImportGias { file } => gias::run(&db, &file).await,
        Command::SeedDemo { scale } => {
            let logins =
                seed::seed_demo(&db, &Passwords::default(), scale, demo_password()).await?;
            seed::announce(&logins, &config.data_dir)?;
            Ok(())
        }
    }
}

fn demo_password() -> String {
    std::env::var("CASEBOARD_DEMO_PASSWORD")
        .unwrap_or_else(|_| format!("demo-{}", &random_token()[..12]))
}

async fn serve(config: ServerConfig, db: Db, demo: bool) -> Result<(), Error> {
    // A register import the last server process was running cannot go on:
    // its page says so, and uploading the file again finishes the job.
    let interrupted = app::ssr::gias_runs::mark_interrupted(&db).await?;
    if interrupted > 0 {
        tracing::warn!(
            interrupted,
            "register imports cut off by the last stop marked interrupted"
        );
    }
    if demo {
        if seed::has_accounts(&db).await? {
            seed::announce_existing(&config.data_dir);
        } else {
            let logins = seed::seed_demo(&db, &Passwords::default(), 1, demo_password()).await?;
            seed::announce(&logins, &config.data_dir)?;
        }
    }
    let state = AppState {
        db,
        auth: Arc::new(config.auth.clone()),
        sign_in_limits: Arc::new(SignInLimits::new(&config.auth)),
        passwords: Passwords::default(),
        leptos_options: config.leptos_options(),
    };
    let app = router::build(state.clone());
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    tracing::info!("Caseboard listening on http://{}", config.addr);
    println!(
        "Caseboard is running at http://{} (Ctrl-C to stop)",
        config.addr
    );
    crate::serve::serve(listener, app, config.connections, shutdown_signal()).await;
    state.db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}

async fn create_user(db: &Db, config: &ServerConfig, a: NewAccount) -> Result<(), Error> {
    if !a.email.contains('@') || a.email.trim().len() < 3 {
        return Err(format!("--email {:?} is not an email address", a.email).into());
    }
    let (password, generated) = match std::env::var("CASEBOARD_NEW_USER_PASSWORD") {
        Ok(p) => (p, false),
        Err(_) => (random_token()[..20].to_string(), true),
    };
    if password.chars().count() < config.auth.password_min_len {
        return Err(format!(
            "CASEBOARD_NEW_USER_PASSWORD must be at least {} characters",
            config.auth.password_min_len
        )
        .into());
    }
    let hash = Passwords::default().hash(password.clone()).await;
    let mut tx = db.begin_write().await?;
    let user_id = insert_user(
        &mut tx,
        NewUser {
            email: &a.email,
            first_name: &a.first_name,
            last_name: &a.last_name,
            password_hash: Some(&hash),
            org_role: a.org_role,
            managed_unit_id: None,
        },
    )
    .await
    .map_err(|e| match broken_constraint(&e) {
        Some(c) if c.field == "email" => {
            format!("an account with email {} already exists", a.email)
        }
        Some(_) | None => e.to_string(),
    })?;
    if let Some(role) = a.role {
        insert_grant(&mut tx, user_id, role, Binding::default()).await?;
    }
    use app::ssr::audit::{Audit, AuditAction, AuditKind, AuditSource};
    Audit::system(AuditSource::CommandLine, AuditKind::User, user_id)
        .event(&mut tx, AuditAction::CreateFromCommandLine, Some(&a.email))
        .await?;
    tx.commit().await?;
    println!("Created account {} (id {user_id}).", a.email);
    if generated {
        println!("Its password, shown only now: {password}");
    }
    Ok(())
}
