//! GOV.UK pagination: Previous and Next links and numbered pages — the
//! first, the last, the current one and its neighbours, with an ellipsis for
//! each gap. The caller builds every link through the one URL query codec
//! (`crate::url_query`), so the rest of the list's state is kept.
use leptos::prelude::*;

/// The numbered items to show for page `current` of `pages`; None is an ellipsis.
pub fn page_items(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut items = vec![];
    let mut last_shown = 0;
    for n in 1..=pages {
        let near = n + 1 >= current && n <= current + 1;
        if n == 1 || n == pages || near {
            if last_shown + 1 < n {
                items.push(None);
            }
            items.push(Some(n));
            last_shown = n;
        }
    }
    items
}

/// The pagination nav for page `current` of `pages` (nothing when one page).
pub fn pagination(current: u32, pages: u32, href: impl Fn(u32) -> String) -> impl IntoView {
    (pages > 1).then(|| {
        let current = current.clamp(1, pages);
        let items = page_items(current, pages)
            .into_iter()
            .map(|item| match item {
                Some(n) if n == current => view! {
                    <li class="govuk-pagination__item govuk-pagination__item--current">
                        <a class="govuk-link govuk-pagination__link" href=href(n)
                            aria-label=format!("Page {n}") aria-current="page">{n}</a>
                    </li>
                }
                .into_any(),
                Some(n) => view! {
                    <li class="govuk-pagination__item">
                        <a class="govuk-link govuk-pagination__link" href=href(n)
                            aria-label=format!("Page {n}")>{n}</a>
                    </li>
                }
                .into_any(),
                None => view! {
                    <li class="govuk-pagination__item govuk-pagination__item--ellipses">"⋯"</li>
                }
                .into_any(),
            })
            .collect_view();
        view! {
            <nav class="govuk-pagination pager" aria-label="Pagination">
                {(current > 1).then(|| view! {
                    <div class="govuk-pagination__prev">
                        <a class="govuk-link govuk-pagination__link" href=href(current - 1) rel="prev">
                            <span class="govuk-pagination__link-title">"Previous"<span class="visually-hidden">" page"</span></span>
                        </a>
                    </div>
                })}
                <ul class="govuk-pagination__list">{items}</ul>
                {(current < pages).then(|| view! {
                    <div class="govuk-pagination__next">
                        <a class="govuk-link govuk-pagination__link" href=href(current + 1) rel="next">
                            <span class="govuk-pagination__link-title">"Next"<span class="visually-hidden">" page"</span></span>
                        </a>
                    </div>
                })}
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::page_items;

    #[test]
    fn shows_the_ends_and_the_neighbours_of_the_current_page() {
        assert_eq!(page_items(1, 1), vec![Some(1)]);
        assert_eq!(page_items(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_items(5, 10),
            vec![Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]
        );
        assert_eq!(page_items(1, 10), vec![Some(1), Some(2), None, Some(10)]);
        assert_eq!(page_items(10, 10), vec![Some(1), None, Some(9), Some(10)]);
    }
}
