//! "Import the GIAS register": the upload form (a plain multipart form, so
//! it works without JavaScript) and the latest runs.
use crate::api::gias::runs::import_runs;
use crate::api::gias::types::{ImportRun, MAX_UPLOAD_BYTES};
use crate::auth::permissions::{decide_network, Action, Decision, NetworkTarget, RecordKind};
use crate::components::guard::{signed_in, Refused};
use crate::display::utc_text;
use crate::pages::org::common::{failed, loading};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImportPage() -> impl IntoView {
    let runs = Resource::new(|| (), |_| import_runs());
    let query = use_query_map();
    signed_in(move |p| {
        let target = NetworkTarget::Kind(RecordKind::Institution);
        if let Decision::Denied(reason) = decide_network(&p, Action::Import, &target) {
            return view! { <Refused what="importing the GIAS register".to_string() why=reason.to_string()/> }
                .into_any();
        }
        let error = query.read_untracked().get("error");
        view! {
            <leptos_meta::Title text="Import the GIAS register — Caseboard"/>
            <p class="breadcrumb"><a href="/areas/institutions">"Institutions"</a></p>
            <h1>"Import the GIAS register"</h1>
            {error.map(|e| view! { <p role="alert" class="error">{e}</p> })}
            <section class="action" aria-labelledby="upload-heading">
                <h2 id="upload-heading">"Upload the register file"</h2>
                <p class="hint" id="file-hint">
                    "The “all establishment data” CSV extract (edubasealldataYYYYMMDD.csv), at most "
                    {(MAX_UPLOAD_BYTES / (1024 * 1024)).to_string()}
                    " MB. Institutions are added or updated by URN; the register's fields are replaced, the network's own fields (Partner, assigned EC, careers leader contact, notes) are never touched. The import goes on if you close this page; come back here to see its result."
                </p>
                <form method="post" action="/api/gias/upload" enctype="multipart/form-data">
                    <div class="field">
                        <label for="register-file">"Register file (CSV)"</label>
                        <input id="register-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint"/>
                    </div>
                    <button type="submit">"Upload and import"</button>
                </form>
            </section>
            <h2>"Latest imports"</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match runs.await {
                        Ok(list) => runs_table(list),
                        Err(e) => failed(e),
                    }
                })}
            </Suspense>
        }
        .into_any()
    })
}

fn runs_table(list: Vec<ImportRun>) -> AnyView {
    if list.is_empty() {
        return view! { <p class="hint">"No imports yet."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-label="Register imports table" tabindex="0">
            <table class="records import-runs">
                <thead>
                    <tr>
                        <th scope="col">"Started"</th>
                        <th scope="col">"By"</th>
                        <th scope="col">"File"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Progress"</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=format!("/admin/gias/runs/{}", r.id)>{utc_text(r.started_at)}</a></td>
                            <td>{r.started_by.clone()}</td>
                            <td>{r.file_name.clone()}</td>
                            <td><span class=format!("status status-{}", r.status)>{r.status_label()}</span></td>
                            <td>{r.progress_text()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
