//! `seed-demo`: a deterministic demo network and org tree, with one login per
//! role and one account holding two roles.
mod assessments;
mod network;
mod org_tree;
use app::auth::roles::{Binding, NetworkRole, OrgRole};
use app::ssr::accounts::{insert_grant, insert_user, NewUser};
use app::ssr::clock::now;
use app::ssr::db::{Db, Tx};
use app::ssr::passwords::Passwords;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

const DOMAIN: &str = "demo.caseboard.test";
const REGIONS: [&str; 9] = [
    "North East",
    "North West",
    "Yorkshire",
    "East Midlands",
    "West Midlands",
    "East",
    "London",
    "South East",
    "South West",
];
const FIRST: [&str; 12] = [
    "Erin", "Sam", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Grace", "Hamza", "Isla", "Jon",
];
const LAST: [&str; 12] = [
    "Coleman", "Patel", "Okafor", "Nguyen", "Hughes", "Khan", "Walsh", "Murphy", "Evans", "Ali",
    "Reid", "Shaw",
];

/// A demo login as printed to the person running the demo.
pub struct DemoLogin {
    pub role: String,
    pub email: String,
}

/// A demo person: email, first and last name, network grants, and an org
/// role with its staff id and managed unit.
type DemoPerson<'a> = (
    String,
    &'a str,
    &'a str,
    Vec<(NetworkRole, Binding)>,
    Option<(OrgRole, Option<i64>, Option<i64>)>,
);

pub struct DemoLogins {
    pub password: String,
    pub logins: Vec<DemoLogin>,
}

pub async fn has_accounts(db: &Db) -> Result<bool, sqlx::Error> {
    let n = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) AS n FROM users")
        .fetch_one(&db.read)
        .await?;
    Ok(n > 0)
}

/// Loads the demo data in one transaction; refuses a database that has accounts.
pub async fn seed_demo(
    db: &Db,
    passwords: &Passwords,
    scale: u32,
    password: String,
) -> Result<DemoLogins, Error> {
    if has_accounts(db).await? {
        return Err(
            "seed-demo refused: this database already has accounts. Use a fresh database.".into(),
        );
    }
    let hash = passwords.hash(password.clone()).await;
    let mut tx = db.begin_write().await?;
    let network = seed_network(&mut tx, scale).await?;
    let org = org_tree::seed_org(&mut tx).await?;
    let mut logins = vec![];
    let mut user = |role: &str, email: &str| {
        logins.push(DemoLogin {
            role: role.to_string(),
            email: format!("{email}@{DOMAIN}"),
        });
        format!("{email}@{DOMAIN}")
    };
    let people: Vec<DemoPerson> = vec![
        (
            user("Enterprise Co-ordinator", "ec"),
            "Erin",
            "Coleman",
            vec![(NetworkRole::EnterpriseCoordinator, network.ec)],
            None,
        ),
        (
            user("Partner", "partner"),
            "Sam",
            "Patel",
            vec![(NetworkRole::Partner, network.partner)],
            None,
        ),
        (
            user("Sub-contractor", "sc"),
            "Priya",
            "Okafor",
            vec![(NetworkRole::SubContractor, network.sc)],
            None,
        ),
        (
            user("CEC Staff", "cec-staff"),
            "Tom",
            "Nguyen",
            vec![(NetworkRole::CecStaff, Binding::default())],
            None,
        ),
        (
            user("Network Ops", "network-ops"),
            "Aisha",
            "Hughes",
            vec![(NetworkRole::NetworkOps, Binding::default())],
            None,
        ),
        (
            user("Admin", "admin"),
            "Ben",
            "Khan",
            vec![(NetworkRole::Admin, Binding::default())],
            None,
        ),
        (
            user("Enterprise Co-ordinator + Partner (two roles)", "two-roles"),
            "Chloe",
            "Walsh",
            vec![
                (NetworkRole::Partner, network.partner),
                (NetworkRole::EnterpriseCoordinator, network.second_ec),
            ],
            None,
        ),
        (
            user("Org Administrator", "org-admin"),
            "Grace",
            "Evans",
            vec![],
            Some((OrgRole::Administrator, None, Some(org.admin_staff))),
        ),
        (
            user(
                "Org. Unit Manager (Directorate Projects)",
                "directorate-manager",
            ),
            "Hamza",
            "Ali",
            vec![],
            Some((
                OrgRole::UnitManager,
                Some(org.projects),
                Some(org.directorate_manager_staff),
            )),
        ),
        (
            user(
                "Org. Unit Manager (Business Unit Projects Delivery)",
                "unit-manager",
            ),
            "Isla",
            "Reid",
            vec![],
            Some((
                OrgRole::UnitManager,
                Some(org.projects_delivery),
                Some(org.unit_manager_staff),
            )),
        ),
        (
            user("General User", "general-user"),
            "Jon",
            "Shaw",
            vec![],
            Some((OrgRole::GeneralUser, None, Some(org.general_staff))),
        ),
    ];
    for (email, first, last, grants, org_role) in people {
        let user_id = insert_user(
            &mut tx,
            NewUser {
                email: &email,
                first_name: first,
                last_name: last,
                password_hash: Some(&hash),
                org_role: org_role.map(|o| o.0),
                managed_unit_id: org_role.and_then(|o| o.1),
            },
        )
        .await?;
        for (role, binding) in grants {
            insert_grant(&mut tx, user_id, role, binding).await?;
            // An EC login *is* its EC record: same person, same email.
            if let Some(ec_id) = binding
                .ec_id
                .filter(|_| role == NetworkRole::EnterpriseCoordinator)
            {
                sqlx::query(
                    "UPDATE ecs SET first_name = $1, last_name = $2, email = $3 WHERE id = $4",
                )
                .bind(first)
                .bind(last)
                .bind(&email)
                .bind(ec_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        if let Some(staff_id) = org_role.and_then(|o| o.2) {
            sqlx::query("UPDATE staff SET user_id = $1 WHERE id = $2")
                .bind(user_id)
                .bind(staff_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    assessments::seed(&mut tx).await?;
    tx.commit().await?;
    // A bulk load: the planner's statistics are read afresh (docs/RULES.md §7.3).
    db.refresh_statistics(true).await?;
    Ok(DemoLogins { password, logins })
}

/// Records the demo logins bind to.
struct Network {
    partner: Binding,
    sc: Binding,
    ec: Binding,
    second_ec: Binding,
}

async fn insert_id(tx: &mut Tx, sql: &str, binds: &[&str]) -> Result<i64, sqlx::Error> {
    let mut q = sqlx::query_scalar::<_, i64>(sql);
    for b in binds {
        q = q.bind(*b);
    }
    q.bind(now()).fetch_one(&mut **tx).await
}

async fn seed_network(tx: &mut Tx, scale: u32) -> Result<Network, sqlx::Error> {
    let mut first = None;
    let mut seeded = vec![];
    for p in 0..(2 + scale as usize / 25).min(40) {
        let name = format!(
            "{} Careers Hub{}",
            REGIONS[p % REGIONS.len()],
            if p >= REGIONS.len() {
                format!(" {}", p / REGIONS.len() + 1)
            } else {
                String::new()
            }
        );
        let partner_id = insert_id(
            tx,
            "INSERT INTO partners (name, region, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            &[&name, REGIONS[p % REGIONS.len()]],
        )
        .await?;
        let mut scs = vec![];
        for s in 0..2 {
            let sc_name = format!(
                "{} Delivery {}",
                REGIONS[p % REGIONS.len()],
                ["Ltd", "Trust"][s]
            );
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO subcontractors (partner_id, name, contact, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(partner_id)
            .bind(&sc_name)
            .bind(format!("contact@{}.example", sc_name.to_lowercase().replace(' ', "-")))
            .bind(now())
            .fetch_one(&mut **tx)
            .await?;
            scs.push(id);
        }
        let mut ecs = vec![];
        for e in 0..(4 + scale as usize / 50) {
            let (f, l) = (
                FIRST[(p * 4 + e) % FIRST.len()],
                LAST[(p * 4 + e + p) % LAST.len()],
            );
            let sc = (e == 3).then_some(scs[0]);
            let id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO ecs (partner_id, subcontractor_id, first_name, last_name, email, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(partner_id)
            .bind(sc)
            .bind(f)
            .bind(l)
            .bind(format!("{}.{}.{p}{e}@ec.{DOMAIN}", f.to_lowercase(), l.to_lowercase()))
            .bind(now())
            .fetch_one(&mut **tx)
            .await?;
            ecs.push(id);
        }
        seeded.push(network::PartnerSeed {
            id: partner_id,
            scs: scs.clone(),
            ecs: ecs.clone(),
        });
        if first.is_none() {
            first = Some(Network {
                partner: Binding {
                    partner_id: Some(partner_id),
                    ..Binding::default()
                },
                sc: Binding {
                    partner_id: Some(partner_id),
                    subcontractor_id: Some(scs[0]),
                    ec_id: None,
                },
                ec: Binding {
                    ec_id: Some(ecs[0]),
                    partner_id: Some(partner_id),
                    subcontractor_id: None,
                },
                second_ec: Binding {
                    ec_id: Some(ecs[1]),
                    partner_id: Some(partner_id),
                    subcontractor_id: None,
                },
            });
        }
    }
    network::seed(tx, scale, &seeded).await?;
    Ok(first.expect("scale >= 1 seeds at least one Partner"))
}

/// Prints the logins and saves them beside the database for later runs.
pub fn announce(l: &DemoLogins, data_dir: &str) -> Result<(), Error> {
    let mut text = String::from("Demo logins (every account uses the same password):\n");
    for login in &l.logins {
        text.push_str(&format!("  {:<55} {}\n", login.role, login.email));
    }
    text.push_str(&format!("  Password: {}\n", l.password));
    print!("{text}");
    std::fs::create_dir_all(data_dir)?;
    let path = std::path::Path::new(data_dir).join("demo-logins.txt");
    std::fs::write(&path, &text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

pub fn announce_existing(data_dir: &str) {
    let path = std::path::Path::new(data_dir).join("demo-logins.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => print!("{text}"),
        Err(_) => println!("The database already has accounts; demo logins were not (re)created."),
    }
}
