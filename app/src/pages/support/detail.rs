//! One support request: what was asked, its status with every change (the
//! requester sees each one), comments, and for Network Ops and Admin the
//! queue's actions (docs/RULES.md §2.7).
use crate::api::support::{
    support_request, AssignSupportRequest, CommentSupportRequest, RejectSupportRequest,
    SetSupportRequestStatus,
};
use crate::auth::roles::Principal;
use crate::components::guard::signed_in;
use crate::components::history::History;
use crate::components::outcome::outcome;
use crate::display::london_time;
use crate::records::support::{RequestDetail, Status};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[derive(Clone, Copy)]
struct Forms {
    assign: ServerAction<AssignSupportRequest>,
    status: ServerAction<SetSupportRequestStatus>,
    reject: ServerAction<RejectSupportRequest>,
    comment: ServerAction<CommentSupportRequest>,
}

impl Forms {
    fn versions(&self) -> usize {
        self.assign.version().get()
            + self.status.version().get()
            + self.reject.version().get()
            + self.comment.version().get()
    }
}

#[component]
pub fn SupportRequestPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|s| s.parse::<i64>().ok()));
    let forms = Forms {
        assign: ServerAction::new(),
        status: ServerAction::new(),
        reject: ServerAction::new(),
        comment: ServerAction::new(),
    };
    // Created once for the page, outside any Suspense.
    let request = Resource::new(
        move || (id.get(), forms.versions()),
        |(id, _)| async move {
            match id {
                Some(id) => Some(support_request(id).await),
                None => None,
            }
        },
    );
    let raised = use_query_map().read_untracked().get("raised").is_some();
    signed_in(move |p| {
        view! {
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || {
                    let p = p.clone();
                    Suspend::new(async move {
                        match request.await {
                            Some(Ok(r)) => view! { <Request r p forms raised/> }.into_any(),
                            Some(Err(e)) => {
                                crate::pages::records::detail::answer_status(&e);
                                view! {
                                    <h1>"Support request not shown"</h1>
                                    <p role="alert" class="error">{e.to_string()}</p>
                                }
                                .into_any()
                            }
                            None => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        }
    })
}

#[component]
fn Request(r: RequestDetail, p: Principal, forms: Forms, raised: bool) -> impl IntoView {
    let title = format!("Request {}: {}", r.id, r.subject_shown());
    let related = r.related.clone().map(|rel| match rel.title {
        Some(t) => {
            view! { <a href=format!("/areas/{}/{}", rel.kind.slug(), rel.id)>{t}</a> }.into_any()
        }
        None => format!(
            "{} number {} (not one you can see)",
            rel.kind.title(),
            rel.id
        )
        .into_any(),
    });
    let open = !r.status.is_final();
    view! {
        <leptos_meta::Title text=format!("{title} — Caseboard")/>
        <p class="breadcrumb"><a href="/areas/support-requests">"Support requests"</a></p>
        {raised.then(|| view! {
            <div class="done" role="status">
                <p>"Your support request has been raised. Network Ops will pick it up; every change to it shows on this page."</p>
            </div>
        })}
        <h1>{title.clone()}</h1>
        <p><strong class=r.status.tag_class()>{r.status.label()}</strong></p>
        <dl class="summary-list">
            <div><dt>"Subject"</dt><dd>{r.subject_shown()}</dd></div>
            <div><dt>"Status"</dt><dd>{r.status.label()}</dd></div>
            {(r.status == Status::Rejected).then(|| view! {
                <div><dt>"Reason for rejecting"</dt><dd>{r.reject_reason.clone()}</dd></div>
            })}
            <div><dt>"Raised by"</dt><dd>{r.raised_by.clone()}</dd></div>
            <div><dt>"Raised"</dt><dd>{london_time(r.raised_at)}</dd></div>
            <div><dt>"Assignee"</dt><dd>{r.assignee.clone().unwrap_or_else(|| "Nobody yet".into())}</dd></div>
            <div><dt>"Related record"</dt><dd>{related.unwrap_or_else(|| "None".into_any())}</dd></div>
            <div><dt>"Description"</dt><dd class="pre">{r.description.clone()}</dd></div>
        </dl>
        {r.upgrade_link.clone().map(|href| view! {
            <p><a class="button" href=href>"Open the EC record to make the upgrade"</a></p>
            <p class="hint">"Completing the upgrade there resolves this request."</p>
        })}
        {(r.may_work && open).then(|| queue_forms(&r, p.user_id, forms))}
        <section aria-labelledby="comments-heading">
            <h2 id="comments-heading">"Comments"</h2>
            {if r.comments.is_empty() {
                view! { <p class="hint">"No comments yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="comments">
                        {r.comments.iter().map(|c| view! {
                            <li>
                                <p class="comment-meta">{format!("{}, {}", c.author, london_time(c.at))}</p>
                                <p class="pre">{c.body.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {r.may_comment.then(|| view! {
                <section class="action">
                    <h3>"Add a comment"</h3>
                    <ActionForm action=forms.comment>
                        <input type="hidden" name="id" value=r.id.to_string()/>
                        <div class="field wide">
                            <label for="comment-body">{comment_label(r.may_work)}</label>
                            <textarea id="comment-body" name="body" rows="3"></textarea>
                        </div>
                        <button type="submit">"Add comment"</button>
                    </ActionForm>
                    {outcome(forms.comment.value(), "Comment added.")}
                </section>
            })}
        </section>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">"Status history"</h2>
            <History entries=r.history.clone()/>
        </section>
    }
}

fn hidden(r: &RequestDetail) -> impl IntoView + 'static {
    let (id, version) = (r.id.to_string(), r.version.to_string());
    view! {
        <input type="hidden" name="id" value=id/>
        <input type="hidden" name="version" value=version/>
    }
}

/// Assign or take, move on, reject: Network Ops and Admin on an open request.
fn queue_forms(r: &RequestDetail, me: i64, forms: Forms) -> impl IntoView {
    let (id, version) = (r.id.to_string(), r.version.to_string());
    let next: Vec<Status> = [Status::InProgress, Status::Resolved]
        .into_iter()
        .filter(|s| r.status.may_become(*s))
        .collect();
    let (h_assign, h_status, h_reject) = (hidden(r), hidden(r), hidden(r));
    let current = r.assignee_id;
    let options = r
        .assignees
        .iter()
        .map(|a| (a.id, a.name.clone()))
        .collect::<Vec<_>>();
    let may_take = current != Some(me) && options.iter().any(|(a, _)| *a == me);
    view! {
        <section class="action">
            <h2>"Assignee"</h2>
            <ActionForm action=forms.assign>
                {h_assign}
                <div class="field">
                    <label for="assignee_id">"Assign to"</label>
                    <select id="assignee_id" name="assignee_id">
                        <option value="" selected=current.is_none()>"Nobody"</option>
                        {options.into_iter().map(|(a, name)| view! {
                            <option value=a.to_string() selected=current == Some(a)>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Assign"</button>
            </ActionForm>
            {may_take.then_some((id, version)).map(|(id, version)| view! {
                <ActionForm action=forms.assign>
                    <input type="hidden" name="id" value=id/>
                    <input type="hidden" name="version" value=version/>
                    <input type="hidden" name="assignee_id" value=me.to_string()/>
                    <button type="submit">"Take it"</button>
                </ActionForm>
            })}
            {outcome(forms.assign.value(), "Assigned.")}
        </section>
        <section class="action">
            <h2>"Status"</h2>
            <ActionForm action=forms.status>
                {h_status}
                <div class="field">
                    <label for="status">"Move to"</label>
                    <select id="status" name="status">
                        {next.into_iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit">"Change status"</button>
            </ActionForm>
            {outcome(forms.status.value(), "Status changed.")}
        </section>
        <section class="action">
            <h2>"Reject"</h2>
            <ActionForm action=forms.reject>
                {h_reject}
                <div class="field wide">
                    <label for="reason">"Reason (the requester reads it)"</label>
                    <textarea id="reason" name="reason" rows="3"></textarea>
                </div>
                <button type="submit" class="danger">"Reject the request"</button>
            </ActionForm>
            {outcome(forms.reject.value(), "Rejected.")}
        </section>
    }
}

/// Who reads a comment, said on its label.
fn comment_label(works_the_queue: bool) -> &'static str {
    if works_the_queue {
        "Comment (the requester reads it too)"
    } else {
        "Comment (Network Ops and Admin read it)"
    }
}
