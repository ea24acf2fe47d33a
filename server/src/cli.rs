//! The command line, parsed by hand: a handful of flags does not need a parser crate.
use app::auth::roles::{NetworkRole, OrgRole};

pub const USAGE: &str = "Caseboard — records platform for a careers-hub network

Usage: caseboard <COMMAND> [OPTIONS]

Commands:
  serve        Apply migrations, then serve (http://127.0.0.1:3000 by default)
  migrate      Apply database migrations and exit
  create-user  Create a first Admin, Network Ops or org Administrator account
  seed-demo    Load the deterministic demo network and org tree
  create-partner  Add a Partner (a careers hub) by name and region
  import-gias  Import the national register of establishments (GIAS CSV)
  prepare-assets  Name the browser bundle by content and compress it (build step)
  help         Show this help; `caseboard <COMMAND> --help` for one command

Configuration comes from environment variables; see README.md.";

pub const SERVE_USAGE: &str = "Usage: caseboard serve [--demo]

Applies migrations, then serves until interrupted.
  --demo   When the database is empty, load the demo data first; print the demo logins.";

pub const MIGRATE_USAGE: &str = "Usage: caseboard migrate

Applies every pending migration to DATABASE_URL and exits.";

pub const CREATE_USER_USAGE: &str =
    "Usage: caseboard create-user --email EMAIL --first-name NAME --last-name NAME
                          [--role admin|network-ops] [--org-role org-admin]

Creates an account holding a national network role and/or the org Administrator
role. The password is read from CASEBOARD_NEW_USER_PASSWORD when set; otherwise
a random one is generated and printed once.";

pub const SEED_USAGE: &str = "Usage: caseboard seed-demo [--scale N]

Loads a deterministic demo network and org tree with one login per role (and
one account holding two roles). --scale 1 (the default) is small and readable;
larger scales multiply the network. Refuses to run on a database that already
has accounts. Demo passwords: CASEBOARD_DEMO_PASSWORD, or a random one, printed
and saved to data/demo-logins.txt.";

pub const CREATE_PARTNER_USAGE: &str = "Usage: caseboard create-partner --name NAME --region REGION

Adds a Partner. When a Partner of that name (ignoring case) already exists,
says so and changes nothing.";

pub const IMPORT_GIAS_USAGE: &str = "Usage: caseboard import-gias FILE.csv

Imports the national register's \"all establishment data\" extract
(edubasealldataYYYYMMDD.csv; windows-1252 or UTF-8), upserting Institutions by
URN: new URNs are added, changed register fields updated, establishments the
register closes are closed (never deleted). The network's own fields (Partner,
assigned EC, careers leader contact, notes) are left alone. Rows that cannot
be read are listed with their line number and the rest imports. Each batch of
rows is its own transaction: an interrupted import is finished by running the
same file again.";

pub const PREPARE_ASSETS_USAGE: &str =
    "Usage: caseboard prepare-assets SITE_DIR [--names WASM_OR_DIR]

Copies SITE_DIR/pkg/caseboard.{js,wasm,css} (and, when the build was split at
its lazy routes, the lazily loaded modules and their loader) to names carrying
a hash of their content, writes brotli and gzip copies beside them, records
the hashes in SITE_DIR/hash.txt (which the server reads to name them in
pages) and prints each file's raw, gzip and brotli size. The build scripts
run it.
  --names WASM_OR_DIR  Also print the code size by crate and the largest
                functions, read from the bundle as built (one wasm, or a
                directory of the main and lazily loaded modules) before
                wasm-opt strips its function names.";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help(&'static str),
    Serve {
        demo: bool,
    },
    Migrate,
    CreateUser(NewAccount),
    SeedDemo {
        scale: u32,
    },
    CreatePartner {
        name: String,
        region: String,
    },
    ImportGias {
        file: std::path::PathBuf,
    },
    PrepareAssets {
        site: std::path::PathBuf,
        names: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, PartialEq, Eq)]
pub struct NewAccount {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: Option<NetworkRole>,
    pub org_role: Option<OrgRole>,
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some((cmd, rest)) = args.split_first() else {
        return Ok(Command::Help(USAGE));
    };
    let wants_help = rest.iter().any(|a| a == "--help" || a == "-h");
    match cmd.as_str() {
        "help" | "--help" | "-h" => Ok(Command::Help(USAGE)),
        "serve" if wants_help => Ok(Command::Help(SERVE_USAGE)),
        "migrate" if wants_help => Ok(Command::Help(MIGRATE_USAGE)),
        "create-user" if wants_help => Ok(Command::Help(CREATE_USER_USAGE)),
        "seed-demo" if wants_help => Ok(Command::Help(SEED_USAGE)),
        "create-partner" if wants_help => Ok(Command::Help(CREATE_PARTNER_USAGE)),
        "import-gias" if wants_help => Ok(Command::Help(IMPORT_GIAS_USAGE)),
        "prepare-assets" if wants_help => Ok(Command::Help(PREPARE_ASSETS_USAGE)),
        "prepare-assets" => match rest {
            [site] if !site.starts_with("--") => Ok(Command::PrepareAssets {
                site: site.into(),
                names: None,
            }),
            [site, flag, wasm] if !site.starts_with("--") && flag == "--names" => {
                Ok(Command::PrepareAssets {
                    site: site.into(),
                    names: Some(wasm.into()),
                })
            }
            _ => Err(format!(
                "prepare-assets takes one directory\n\n{PREPARE_ASSETS_USAGE}"
            )),
        },
        "create-partner" => parse_create_partner(rest),
        "import-gias" => match rest {
            [file] if !file.starts_with("--") => Ok(Command::ImportGias { file: file.into() }),
            _ => Err(format!("import-gias takes one file\n\n{IMPORT_GIAS_USAGE}")),
        },
        "serve" => {
            let mut demo = false;
            for a in rest {
                match a.as_str() {
                    "--demo" => demo = true,
                    other => {
                        return Err(format!("serve: unknown option {other:?}\n\n{SERVE_USAGE}"))
                    }
                }
            }
            Ok(Command::Serve { demo })
        }
        "migrate" if rest.is_empty() => Ok(Command::Migrate),
        "migrate" => Err(format!("migrate takes no options\n\n{MIGRATE_USAGE}")),
        "create-user" => parse_create_user(rest),
        "seed-demo" => {
            let mut scale = 1;
            let mut it = rest.iter();
            while let Some(a) = it.next() {
                match a.as_str() {
                    "--scale" => {
                        let v = it.next().ok_or("seed-demo: --scale needs a number")?;
                        scale = v.parse().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| {
                            format!("seed-demo: --scale must be a whole number from 1 to 1000, got {v:?}")
                        })?;
                    }
                    other => {
                        return Err(format!(
                            "seed-demo: unknown option {other:?}\n\n{SEED_USAGE}"
                        ))
                    }
                }
            }
            Ok(Command::SeedDemo { scale })
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    }
}

fn parse_create_user(rest: &[String]) -> Result<Command, String> {
    let (mut email, mut first, mut last, mut role, mut org_role) = (None, None, None, None, None);
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("create-user: {flag} needs a value"))?;
        match flag.as_str() {
            "--email" => email = Some(value.clone()),
            "--first-name" => first = Some(value.clone()),
            "--last-name" => last = Some(value.clone()),
            "--role" => {
                role = Some(match value.as_str() {
                    "admin" => NetworkRole::Admin,
                    "network-ops" => NetworkRole::NetworkOps,
                    _ => return Err(format!(
                        "create-user: --role must be admin or network-ops, got {value:?}; other roles are added in the application"
                    )),
                })
            }
            "--org-role" => {
                org_role = Some(match value.as_str() {
                    "org-admin" => OrgRole::Administrator,
                    _ => return Err(format!("create-user: --org-role must be org-admin, got {value:?}")),
                })
            }
            other => return Err(format!("create-user: unknown option {other:?}\n\n{CREATE_USER_USAGE}")),
        }
    }
    let need = |v: Option<String>, name: &str| {
        v.ok_or_else(|| format!("create-user: {name} is required\n\n{CREATE_USER_USAGE}"))
    };
    let account = NewAccount {
        email: need(email, "--email")?,
        first_name: need(first, "--first-name")?,
        last_name: need(last, "--last-name")?,
        role,
        org_role,
    };
    if account.role.is_none() && account.org_role.is_none() {
        return Err(format!(
            "create-user: give --role, --org-role or both\n\n{CREATE_USER_USAGE}"
        ));
    }
    Ok(Command::CreateUser(account))
}

fn parse_create_partner(rest: &[String]) -> Result<Command, String> {
    let (mut name, mut region) = (None, None);
    let mut it = rest.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .ok_or_else(|| format!("create-partner: {flag} needs a value"))?;
        match flag.as_str() {
            "--name" => name = Some(value.trim().to_string()),
            "--region" => region = Some(value.trim().to_string()),
            other => {
                return Err(format!(
                    "create-partner: unknown option {other:?}\n\n{CREATE_PARTNER_USAGE}"
                ))
            }
        }
    }
    match (name, region) {
        (Some(name), Some(region)) if !name.is_empty() => {
            Ok(Command::CreatePartner { name, region })
        }
        _ => Err(format!(
            "create-partner: --name and --region are required\n\n{CREATE_PARTNER_USAGE}"
        )),
    }
}
