//! The demo org tree: the seed document's example organisation, its units
//! and staff.
use app::ssr::clock::now;
use app::ssr::db::Tx;

/// The units and staff the demo org logins bind to.
pub struct Org {
    pub projects: i64,
    pub projects_delivery: i64,
    pub admin_staff: i64,
    pub directorate_manager_staff: i64,
    pub unit_manager_staff: i64,
    pub general_staff: i64,
}

async fn unit(
    tx: &mut Tx,
    parent: Option<(i64, &str)>,
    name: &str,
    level: &str,
) -> Result<(i64, String), sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO org_units (parent_id, name, level, path, created_at, updated_at) VALUES ($1, $2, $3, '', $4, $4) RETURNING id",
    )
    .bind(parent.map(|p| p.0))
    .bind(name)
    .bind(level)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    let path = format!("{}{id}/", parent.map(|p| p.1).unwrap_or("/"));
    sqlx::query("UPDATE org_units SET path = $1 WHERE id = $2")
        .bind(&path)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok((id, path))
}

async fn staff(
    tx: &mut Tx,
    unit_id: i64,
    first: &str,
    last: &str,
    job: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO staff (unit_id, first_name, last_name, job_title, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(unit_id)
    .bind(first)
    .bind(last)
    .bind(job)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

/// The seed document's example: Directorates Projects and Planning, each with
/// Business Units, and the Director of Projects sitting in a Business Unit.
pub async fn seed_org(tx: &mut Tx) -> Result<Org, sqlx::Error> {
    let (root, root_path) = unit(tx, None, "Example Organisation", "organisation").await?;
    let (projects, projects_path) =
        unit(tx, Some((root, &root_path)), "Projects", "directorate").await?;
    let (planning, planning_path) =
        unit(tx, Some((root, &root_path)), "Planning", "directorate").await?;
    let (delivery, _) = unit(
        tx,
        Some((projects, &projects_path)),
        "Projects Delivery",
        "business_unit",
    )
    .await?;
    let (support, _) = unit(
        tx,
        Some((projects, &projects_path)),
        "Projects Support",
        "business_unit",
    )
    .await?;
    let (policy, _) = unit(
        tx,
        Some((planning, &planning_path)),
        "Planning Policy",
        "business_unit",
    )
    .await?;
    let (applications, _) = unit(
        tx,
        Some((planning, &planning_path)),
        "Planning Applications",
        "business_unit",
    )
    .await?;
    let admin_staff = staff(tx, root, "Grace", "Evans", "HR Systems Administrator").await?;
    let director = staff(tx, delivery, "Dana", "Morgan", "Director of Projects").await?;
    sqlx::query("UPDATE org_units SET director_staff_id = $1 WHERE id = $2")
        .bind(director)
        .bind(projects)
        .execute(&mut **tx)
        .await?;
    let planning_director = staff(tx, policy, "Owen", "Price", "Director of Planning").await?;
    sqlx::query("UPDATE org_units SET director_staff_id = $1 WHERE id = $2")
        .bind(planning_director)
        .bind(planning)
        .execute(&mut **tx)
        .await?;
    let directorate_manager_staff =
        staff(tx, projects, "Hamza", "Ali", "Head of Projects Operations").await?;
    let unit_manager_staff = staff(tx, delivery, "Isla", "Reid", "Delivery Manager").await?;
    let general_staff = staff(tx, delivery, "Jon", "Shaw", "Project Officer").await?;
    staff(tx, delivery, "Kate", "Lowe", "Project Officer").await?;
    staff(tx, support, "Liam", "Ford", "Support Officer").await?;
    staff(tx, policy, "Maya", "Singh", "Policy Officer").await?;
    staff(tx, applications, "Noah", "Bell", "Planning Officer").await?;
    Ok(Org {
        projects,
        projects_delivery: delivery,
        admin_staff,
        directorate_manager_staff,
        unit_manager_staff,
        general_staff,
    })
}
