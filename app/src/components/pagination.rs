//! GOV.UK pagination: Previous, the page numbers around the current one with
//! the first and last (gaps shown as "…"), Next. One component for every list.
use leptos::prelude::*;

/// The page numbers to show for `page` of `pages`; `None` is a gap.
pub fn page_items(page: u32, pages: u32) -> Vec<Option<u32>> {
    let mut items = vec![];
    let mut last = 0;
    for n in 1..=pages {
        let near = n + 1 >= page && n <= page + 1;
        if n == 1 || n == pages || near {
            if n > last + 1 {
                items.push(None);
            }
            items.push(Some(n));
            last = n;
        }
    }
    items
}

/// Nothing when everything fits on one page. `href(n)` is page n's address,
/// so the pages work as plain links without JavaScript.
#[component]
pub fn Pagination(page: u32, pages: u32, href: impl Fn(u32) -> String + 'static) -> impl IntoView {
    let page = page.clamp(1, pages.max(1));
    (pages > 1).then(|| {
        let items = page_items(page, pages)
            .into_iter()
            .map(|item| match item {
                Some(n) if n == page => view! {
                    <li class="pagination-item current">
                        <a href=href(n) aria-label=format!("Page {n}") aria-current="page">{n}</a>
                    </li>
                }
                .into_any(),
                Some(n) => view! {
                    <li class="pagination-item">
                        <a href=href(n) aria-label=format!("Page {n}")>{n}</a>
                    </li>
                }
                .into_any(),
                None => view! { <li class="pagination-item ellipsis">"…"</li> }.into_any(),
            })
            .collect_view();
        view! {
            <nav class="pagination" aria-label="Pages">
                {(page > 1).then(|| view! {
                    <div class="pagination-prev">
                        <a href=href(page - 1) rel="prev"><span aria-hidden="true">"← "</span>"Previous"<span class="visually-hidden">" page"</span></a>
                    </div>
                })}
                <ul class="pagination-list">{items}</ul>
                {(page < pages).then(|| view! {
                    <div class="pagination-next">
                        <a href=href(page + 1) rel="next">"Next"<span class="visually-hidden">" page"</span><span aria-hidden="true">" →"</span></a>
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
    fn shows_first_last_and_neighbours_with_gaps() {
        assert_eq!(page_items(1, 1), vec![Some(1)]);
        assert_eq!(page_items(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_items(5, 20),
            vec![Some(1), None, Some(4), Some(5), Some(6), None, Some(20)]
        );
        assert_eq!(page_items(1, 20), vec![Some(1), Some(2), None, Some(20)]);
        assert_eq!(page_items(20, 20), vec![Some(1), None, Some(19), Some(20)]);
        assert_eq!(
            page_items(3, 5),
            vec![Some(1), Some(2), Some(3), Some(4), Some(5)]
        );
    }
}
