//! Small pieces the org pages share: reading the URL query, showing an
//! action's outcome in a live region, loading and error states.
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// The values of `keys` in the URL query, for a `from_pairs` parser.
pub fn pairs(map: &ParamsMap, keys: &[&'static str]) -> Vec<(&'static str, String)> {
    keys.iter()
        .filter_map(|k| map.get_str(k).map(|v| (*k, v.to_string())))
        .collect()
}

pub use crate::components::outcome::outcome;

pub fn loading() -> impl IntoView {
    view! { <p class="loading">"Loading…"</p> }
}

/// The error, as the page's HTTP status too when rendered on the server
/// (a hidden assessment answers 404 like a missing one).
pub fn failed(e: AppError) -> AnyView {
    #[cfg(feature = "ssr")]
    if let (Some(res), Ok(code)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(e.status()),
    ) {
        res.set_status(code);
    }
    view! { <p role="alert" class="error">{e.to_string()}</p> }.into_any()
}

/// "1 assessment" / "3 assessments".
pub fn count(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A unit's name indented by its depth, for select options.
pub fn indented(name: &str, depth: usize) -> String {
    format!("{}{name}", "\u{a0}\u{a0}".repeat(depth))
}

/// The "Unit (and below)" filter: every unit the viewer reaches, indented by depth.
pub fn unit_filter(
    units: &[crate::api::org::types::UnitOption],
    selected: Option<i64>,
    any: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="unit">"Unit (and below)"</label>
            <select id="unit" name="unit">
                <option value="">{any}</option>
                {units.iter().map(|u| view! {
                    <option value=u.id.to_string() selected=selected == Some(u.id)>{indented(&u.name, u.depth)}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// The "Period" filter.
pub fn period_filter(
    periods: &[String],
    selected: Option<&str>,
    any: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="period">"Period"</label>
            <select id="period" name="period">
                <option value="">{any}</option>
                {periods.iter().map(|p| view! {
                    <option value=p.clone() selected=selected == Some(p.as_str())>{p.clone()}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
