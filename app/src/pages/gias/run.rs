//! One register import: its progress while it runs (without JavaScript the
//! page refreshes itself every two seconds; with it, the page polls the
//! server function) and its result, with the rejected rows as CSV.
use crate::api::gias::runs::get_import_run;
use crate::api::gias::types::ImportRun;
use crate::components::guard::signed_in;
use crate::display::utc_text;
use crate::pages::org::common::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ImportRunPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let tick = RwSignal::new(0u32);
    let run = Resource::new(move || (id.get(), tick.get()), |(id, _)| get_import_run(id));
    // In the browser only: while the run goes on, ask again in two seconds.
    Effect::new(move |_| {
        if let Some(Ok(r)) = run.get() {
            if r.is_running() {
                set_timeout(
                    move || tick.update(|t| *t += 1),
                    std::time::Duration::from_secs(2),
                );
            }
        }
    });
    signed_in(move |_| {
        view! {
            <leptos_meta::Title text="Register import — Caseboard"/>
            <p class="breadcrumb"><a href="/admin/gias">"Import the GIAS register"</a></p>
            <h1>"Register import"</h1>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match run.await {
                        Ok(r) => run_view(r),
                        Err(e) => failed(e),
                    }
                })}
            </Transition>
        }
    })
}

fn run_view(r: ImportRun) -> AnyView {
    let running = r.is_running();
    let figures = [
        ("Rows read", r.rows_done),
        ("Added", r.added),
        ("Updated", r.updated),
        ("Unchanged", r.unchanged),
        ("Closed", r.closed),
        ("Rejected", r.rejected),
    ];
    let rejects = format!("/api/gias/runs/{}/rejects.csv", r.id);
    view! {
        // Read only by browsers without JavaScript (the others poll), and
        // never hydrated: its content is raw HTML.
        {running.then(|| view! { <noscript inner_html=r#"<meta http-equiv="refresh" content="2">"#></noscript> })}
        <dl class="record-fields run-summary">
            <div><dt>"File"</dt><dd>{r.file_name.clone()}</dd></div>
            <div><dt>"Started"</dt><dd>{format!("{} by {}", utc_text(r.started_at), r.started_by)}</dd></div>
            <div><dt>"Status"</dt><dd data-testid="run-status"><span class=format!("status status-{}", r.status)>{r.status_label()}</span></dd></div>
            {r.finished_at.map(|t| view! { <div><dt>"Ended"</dt><dd>{utc_text(t)}</dd></div> })}
        </dl>
        {(!r.message.is_empty()).then(|| view! { <p role="alert" class="error">{r.message.clone()}</p> })}
        <div class="field progress" role="status" aria-live="polite">
            <label for="run-progress">"Progress"</label>
            <progress id="run-progress" max=r.rows_in_file.max(1).to_string() value=r.rows_done.to_string()></progress>
            <span data-testid="run-progress">{r.progress_text()}</span>
            {running.then(|| view! { <span class="hint">" The import goes on if you close this page."</span> })}
        </div>
        <h2>{if running { "So far" } else { "Result" }}</h2>
        <dl class="record-fields run-result">
            {figures.into_iter().map(|(label, n)| view! {
                <div><dt>{label}</dt><dd data-testid=format!("run-{}", label.to_lowercase().replace(' ', "-"))>{n.to_string()}</dd></div>
            }).collect_view()}
        </dl>
        {(r.rejected > 0).then(|| view! {
            <p><a href=rejects download>"Download the rejected rows (CSV: line, URN, reason)"</a></p>
        })}
        {(r.status == "interrupted").then(|| view! {
            <p><a class="button" href="/admin/gias">"Upload the file again to finish"</a></p>
        })}
    }
    .into_any()
}
