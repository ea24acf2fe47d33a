//! The org tree admin: units (add, rename, move, Director, close) and staff
//! (add, move between units). A unit with staff or open units below it
//! cannot close; the page says so instead of offering the button.
use super::common::{failed, indented, loading, outcome};
use crate::api::org::types::{level_label, OrgTree, StaffRow, UnitRow, LEVELS};
use crate::api::org::units::{
    load_org_tree, CloseUnit, CreateStaff, CreateUnit, MoveStaff, MoveUnit, RenameUnit, SetDirector,
};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[derive(Clone, Copy)]
struct Forms {
    create: ServerAction<CreateUnit>,
    rename: ServerAction<RenameUnit>,
    moving: ServerAction<MoveUnit>,
    director: ServerAction<SetDirector>,
    close: ServerAction<CloseUnit>,
    staff: ServerAction<CreateStaff>,
    move_staff: ServerAction<MoveStaff>,
}

impl Forms {
    fn versions(&self) -> usize {
        self.create.version().get()
            + self.rename.version().get()
            + self.moving.version().get()
            + self.director.version().get()
            + self.close.version().get()
            + self.staff.version().get()
            + self.move_staff.version().get()
    }
}

#[component]
pub fn TreePage() -> impl IntoView {
    let f = Forms {
        create: ServerAction::new(),
        rename: ServerAction::new(),
        moving: ServerAction::new(),
        director: ServerAction::new(),
        close: ServerAction::new(),
        staff: ServerAction::new(),
        move_staff: ServerAction::new(),
    };
    let tree = Resource::new(move || f.versions(), |_| load_org_tree());
    view! {
        <leptos_meta::Title text="Org tree — Caseboard"/>
        <h1>"Org tree"</h1>
        <div aria-live="polite">
            {outcome(f.create.value(), "Unit added.")}
            {outcome(f.rename.value(), "Unit renamed.")}
            {outcome(f.moving.value(), "Unit moved, with everything below it.")}
            {outcome(f.director.value(), "Director saved.")}
            {outcome(f.close.value(), "Unit closed.")}
            {outcome(f.staff.value(), "Staff member added.")}
            {outcome(f.move_staff.value(), "Staff member moved.")}
        </div>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match tree.await {
                    Ok(t) => view! { <Tree t f/> }.into_any(),
                    Err(e) => failed(e),
                }
            })}
        </Suspense>
    }
}

fn open_units(t: &OrgTree, except: Option<&UnitRow>) -> Vec<UnitRow> {
    t.units
        .iter()
        .filter(|u| !u.closed && except.is_none_or(|x| !u.path.starts_with(&x.path)))
        .cloned()
        .collect()
}

fn unit_select(
    id: String,
    name: &'static str,
    units: &[UnitRow],
    current: Option<i64>,
) -> impl IntoView {
    view! {
        <select id=id name=name>
            {units.iter().map(|u| view! {
                <option value=u.id.to_string() selected=current == Some(u.id)>{indented(&u.name, u.depth)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn Tree(t: OrgTree, f: Forms) -> impl IntoView {
    let open = open_units(&t, None);
    let parent_select = unit_select("new-parent".into(), "parent_id", &open, None);
    let staff_unit_select = unit_select("staff-unit".into(), "unit_id", &open, None);
    let rows = t.units.iter().map(|u| view! {
        <tr class:closed=u.closed>
            <th scope="row" class=format!("depth-{}", u.depth.min(5))>{u.name.clone()}{u.closed.then_some(" (closed)")}</th>
            <td>{level_label(&u.level)}</td>
            <td>{u.director.as_ref().map(|d| format!("{} ({})", d.name, d.unit_name)).unwrap_or_else(|| "—".into())}</td>
            <td>{u.active_staff}</td>
            <td>{u.active_children}</td>
            <td>{(!u.closed).then(|| unit_forms(u, &t, f))}</td>
        </tr>
    }).collect_view();
    let staff = t.staff.clone();
    view! {
        <div class="table-scroll" role="region" aria-label="Units table" tabindex="0">
            <table class="records tree">
                <caption>"Units, top down"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Unit"</th>
                        <th scope="col">"Level"</th>
                        <th scope="col">"Director"</th>
                        <th scope="col">"Active staff"</th>
                        <th scope="col">"Open units below"</th>
                        <th scope="col">"Change"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                </tbody>
            </table>
        </div>
        <section class="action" aria-labelledby="add-unit">
            <h2 id="add-unit">"Add a unit"</h2>
            <ActionForm action=f.create>
                <div class="field"><label for="new-parent">"Under"</label>{parent_select}</div>
                <div class="field"><label for="new-name">"Name"</label><input id="new-name" name="name" required maxlength="120"/></div>
                <div class="field">
                    <label for="new-level">"Level"</label>
                    <select id="new-level" name="level">
                        {LEVELS.iter().skip(1).map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Add unit"</button>
            </ActionForm>
        </section>
        <Staff staff units=open f/>
        <section class="action" aria-labelledby="add-staff">
            <h2 id="add-staff">"Add a staff member"</h2>
            <ActionForm action=f.staff>
                <div class="field"><label for="staff-unit">"Unit"</label>{staff_unit_select}</div>
                <div class="field"><label for="staff-first">"First name"</label><input id="staff-first" name="first_name" required/></div>
                <div class="field"><label for="staff-last">"Last name"</label><input id="staff-last" name="last_name" required/></div>
                <div class="field"><label for="staff-job">"Job title"</label><input id="staff-job" name="job_title"/></div>
                <button type="submit">"Add staff member"</button>
            </ActionForm>
        </section>
    }
}

fn unit_forms(u: &UnitRow, t: &OrgTree, f: Forms) -> AnyView {
    let id = u.id;
    let version = u.version;
    let hidden = move || {
        view! {
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="version" value=version.to_string()/>
        }
    };
    let parents = open_units(t, Some(u));
    let why_not_close = if u.parent_id.is_none() {
        Some("The organisation itself cannot be closed.".to_string())
    } else if u.active_staff > 0 || u.active_children > 0 {
        Some(format!(
            "Cannot close while it has {} active staff and {} open units below it; move them first.",
            u.active_staff, u.active_children
        ))
    } else {
        None
    };
    let name = u.name.clone();
    let move_form = u.parent_id.map(|parent| {
        let select = unit_select(format!("move-{id}"), "parent_id", &parents, Some(parent));
        view! {
            <ActionForm action=f.moving>
                {hidden()}
                <div class="field"><label for=format!("move-{id}")>"Move under"</label>{select}</div>
                <button type="submit">"Move"</button>
            </ActionForm>
        }
    });
    let director_form = (u.level == "directorate").then(|| {
        let current = u.director.as_ref().map(|d| d.id);
        let options = t.staff.iter().map(|s| view! {
            <option value=s.id.to_string() selected=current == Some(s.id)>{format!("{} ({})", s.name, s.unit_name)}</option>
        }).collect_view();
        view! {
            <ActionForm action=f.director>
                {hidden()}
                <div class="field">
                    <label for=format!("director-{id}")>"Director"</label>
                    <select id=format!("director-{id}") name="staff_id">
                        <option value="" selected=current.is_none()>"No Director"</option>
                        {options}
                    </select>
                </div>
                <button type="submit">"Save Director"</button>
            </ActionForm>
        }
    });
    view! {
        <details class="unit-forms">
            <summary>{format!("Change {name}")}</summary>
            <ActionForm action=f.rename>
                {hidden()}
                <div class="field"><label for=format!("rename-{id}")>"New name"</label><input id=format!("rename-{id}") name="name" value=name.clone() required/></div>
                <button type="submit">"Rename"</button>
            </ActionForm>
            {move_form}
            {director_form}
            {match why_not_close {
                Some(why) => view! { <p class="hint">{why}</p> }.into_any(),
                None => view! {
                    <ActionForm action=f.close>
                        {hidden()}
                        <button type="submit" class="danger">"Close unit"</button>
                    </ActionForm>
                }.into_any(),
            }}
        </details>
    }
    .into_any()
}

#[component]
fn Staff(staff: Vec<StaffRow>, units: Vec<UnitRow>, f: Forms) -> impl IntoView {
    view! {
        <section aria-labelledby="staff-heading">
            <h2 id="staff-heading">"Staff"</h2>
            <div class="table-scroll" role="region" aria-label="Staff table" tabindex="0">
                <table class="records staff">
                    <thead>
                        <tr>
                            <th scope="col">"Name"</th>
                            <th scope="col">"Job title"</th>
                            <th scope="col">"Unit"</th>
                            <th scope="col">"Login"</th>
                            <th scope="col">"Move to"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {staff.into_iter().map(|s| {
                            let id = s.id;
                            let select = unit_select(format!("staff-move-{id}"), "unit_id", &units, Some(s.unit_id));
                            let label = format!("Move {} to", s.name);
                            let version = s.version.to_string();
                            view! {
                                <tr>
                                    <th scope="row">{s.name.clone()}</th>
                                    <td>{s.job_title.clone()}</td>
                                    <td>{s.unit_name.clone()}</td>
                                    <td>{s.login_email.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>
                                        <ActionForm action=f.move_staff attr:class="inline">
                                            <input type="hidden" name="id" value=id.to_string()/>
                                            <input type="hidden" name="version" value=version/>
                                            <label for=format!("staff-move-{id}") class="visually-hidden">{label}</label>
                                            {select}
                                            <button type="submit">"Move"</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
