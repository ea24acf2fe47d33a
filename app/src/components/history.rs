//! The one History table: every audited change of a record, for network
//! records and assessments alike.
use crate::display::{london_time, shown};
use crate::records::view::HistoryEntry;
use leptos::prelude::*;

/// The changes, oldest or newest first as given. Field names should already
/// be the labels a user reads.
#[component]
pub fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p>"No changes recorded yet."</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-label="History table" tabindex="0">
            <table class="records history">
                <caption>"Every change to this record"</caption>
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"What"</th>
                        <th scope="col">"Field"</th>
                        <th scope="col">"Before"</th>
                        <th scope="col">"After"</th>
                    </tr>
                </thead>
                <tbody>
                    {entries
                        .into_iter()
                        .map(|h| {
                            view! {
                                <tr>
                                    <td>{london_time(h.at)}</td>
                                    <td>{h.actor}</td>
                                    <td>{h.action}</td>
                                    <td>{h.field.unwrap_or_default()}</td>
                                    <td>{shown(&h.old_value.unwrap_or_default())}</td>
                                    <td>{shown(&h.new_value.unwrap_or_default())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
