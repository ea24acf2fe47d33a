//! A list's state survives the trip through the URL, and nothing invalid
//! survives parsing.
use app::auth::permissions::RecordKind;
use app::records::query::{refusal, ListQuery, StatusFilter, PAGE_SIZES};
use app::records::schema::{columns, FilterBy, SECTORS};
use app::url_query::UrlQuery as _;
use proptest::prelude::*;

const KINDS: [RecordKind; 5] = [
    RecordKind::Ea,
    RecordKind::Institution,
    RecordKind::Employer,
    RecordKind::Ec,
    RecordKind::CompassReport,
];

fn arb_query() -> impl Strategy<Value = (RecordKind, ListQuery)> {
    (
        0..KINDS.len(),
        "[ a-zA-Z0-9&=%+#?/é-]{0,20}",
        any::<bool>(),
        1u32..500,
        0..3usize,
        0..3usize,
        any::<u64>(),
    )
        .prop_map(|(k, q, desc, page, per, status, seed)| {
            let kind = KINDS[k];
            let cols = columns(kind).unwrap();
            let sortable: Vec<_> = cols.iter().filter(|c| c.sortable).collect();
            let sort = Some(sortable[(seed as usize) % sortable.len()].key.to_string());
            let mut filters: Vec<(String, String)> = cols
                .iter()
                .enumerate()
                .filter(|(i, _)| seed >> (i % 60) & 1 == 1)
                .filter_map(|(i, c)| match c.filter? {
                    FilterBy::Choice(options) => {
                        Some((c.key.to_string(), options[i % options.len()].to_string()))
                    }
                    FilterBy::Flag | FilterBy::Recorded => {
                        Some((c.key.to_string(), "yes".to_string()))
                    }
                    // A `Before` date also takes `_from` ("evaluated since").
                    FilterBy::Before if i % 2 == 1 => {
                        Some((format!("{}_from", c.key), "2025-06-30".to_string()))
                    }
                    FilterBy::Before | FilterBy::Until => {
                        Some((c.key.to_string(), "2025-06-30".to_string()))
                    }
                    FilterBy::Includes(options) => {
                        Some((c.key.to_string(), options[i % options.len()].to_string()))
                    }
                    FilterBy::Text => Some((c.key.to_string(), format!("x {i}&="))),
                    FilterBy::Under => Some((c.key.to_string(), (i % 100 + 1).to_string())),
                    FilterBy::Count(max) => Some((c.key.to_string(), max.to_string())),
                    FilterBy::Between => {
                        Some((format!("{}_from", c.key), "2024-01-31".to_string()))
                    }
                })
                .collect();
            filters.sort();
            // Chosen columns, in schema order (RULES §5.2).
            let chosen: Vec<String> = cols
                .iter()
                .enumerate()
                .filter(|(i, _)| seed >> ((i + 7) % 60) & 1 == 1)
                .map(|(_, c)| c.key.to_string())
                .collect();
            let status = [
                StatusFilter::Active,
                StatusFilter::Closed,
                StatusFilter::All,
            ][status];
            (
                kind,
                ListQuery {
                    q: q.trim().to_string(),
                    filters,
                    sort,
                    desc,
                    page,
                    per_page: PAGE_SIZES[per],
                    status,
                    columns: chosen,
                },
            )
        })
}

proptest! {
    #[test]
    fn every_valid_query_round_trips_through_the_url((kind, q) in arb_query()) {
        prop_assert_eq!(ListQuery::parse(kind, &q.to_query_string()), q);
    }

    #[test]
    fn parsing_any_text_yields_only_valid_values(text in "[a-z_=&%0-9 ]{0,60}") {
        let q = ListQuery::parse(RecordKind::Ea, &text);
        prop_assert!(q.page >= 1 && PAGE_SIZES.contains(&q.per_page));
        for (k, _) in &q.filters {
            prop_assert!(columns(RecordKind::Ea).unwrap().iter().any(|c| c.key == k && c.filter.is_some()));
        }
        if let Some(s) = &q.sort {
            prop_assert!(columns(RecordKind::Ea).unwrap().iter().any(|c| c.key == s && c.sortable));
        }
    }
}

#[test]
fn unknown_sort_keys_and_filter_values_are_dropped() {
    let q = ListQuery::parse(
        RecordKind::Ea,
        "sort=password_hash;DROP&f_sector=Astrology&f_nope=1&per=7&page=0",
    );
    assert_eq!(q.sort, None);
    assert!(q.filters.is_empty());
    assert_eq!((q.per_page, q.page), (25, 1));
    let ok = ListQuery::parse(
        RecordKind::Ea,
        &format!("f_sector={}", app::records::query::encode(SECTORS[0])),
    );
    assert_eq!(ok.filter("sector"), Some(SECTORS[0]));
}

#[test]
fn chosen_columns_are_known_keys_once_each_in_schema_order() {
    let q = ListQuery::parse(
        RecordKind::Ea,
        "col=sector&col=password_hash&col=email&col=sector&col=",
    );
    assert_eq!(q.columns, vec!["email".to_string(), "sector".to_string()]);
    assert_eq!(q.to_query_string(), "col=email&col=sector");
}

#[test]
fn sorting_the_same_column_again_flips_the_direction() {
    let q = ListQuery::default().with_sort("last_name");
    assert!(!q.desc);
    assert!(q.with_sort("last_name").desc);
    assert!(!q.with_sort("last_name").with_sort("email").desc);
}

/// docs/RULES.md §3.2: a value a Compass filter does not take is refused,
/// naming the form field; a valid one, or an empty one, is not.
#[test]
fn compass_filters_refuse_values_they_do_not_take() {
    let kind = RecordKind::CompassReport;
    for (query, field) in [
        ("f_b5=0", "f_b5"),
        ("f_b5=101", "f_b5"),
        ("f_b5=5.5", "f_b5"),
        ("f_achieved=9", "f_achieved"),
        ("f_achieved=x", "f_achieved"),
        ("f_completed_on_to=2025-02-30x", "f_completed_on_to"),
        ("f_latest=maybe", "f_latest"),
        ("f_institution_latest=2025-1-1", "f_institution_latest"),
        (
            "f_completed_on_from=2025-03-01&f_completed_on_to=2025-02-01",
            "f_completed_on_to",
        ),
    ] {
        let refused = refusal(kind, query).map(|(f, _)| f);
        assert_eq!(refused.as_deref(), Some(field), "{query}");
        assert!(ListQuery::parse_checked(kind, query).is_err(), "{query}");
    }
    for query in [
        "f_b5=1",
        "f_b5=100",
        "f_achieved=0",
        "f_achieved=8",
        "f_b5=",
        "f_completed_on_from=2025-02-01&f_completed_on_to=2025-02-01",
        "f_latest=yes&f_institution_latest=2025-01-01",
        "f_unknown=whatever",
    ] {
        assert!(refusal(kind, query).is_none(), "{query}");
    }
    let q = ListQuery::parse(kind, "f_completed_on_from=2024-01-01&f_b5=50&f_achieved=3");
    assert_eq!(q.filter("completed_on_from"), Some("2024-01-01"));
    assert_eq!(q.filter("b5"), Some("50"));
    assert_eq!(q.filter("achieved"), Some("3"));
}
