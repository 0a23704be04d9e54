//! Every list is paged and sorted on the server, from the query string
//! (`?page=2&sort=due&order=desc`), so a link to a list page is a link to what
//! was seen. A page number out of range shows the nearest page; an unknown
//! sort shows the list's default order (each list's default is its most
//! urgent first, never its IDs).

use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

/// Rows per page unless a list says otherwise.
pub const PER_PAGE: usize = 50;

/// The paging and sorting part of a list page's query string.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub page: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub order: String,
}

/// The order a list is shown in: one of its sortable columns, and the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: &'static str,
    pub descending: bool,
}

impl Sort {
    /// The order asked for, if `keys` has it, else `default`.
    pub fn from_query(q: &ListQuery, keys: &[&'static str], default: Sort) -> Sort {
        match keys.iter().find(|k| **k == q.sort) {
            Some(key) => Sort { key, descending: q.order == "desc" },
            None => default,
        }
    }

    /// Applies the direction to an ascending comparison.
    pub fn apply(self, ascending: std::cmp::Ordering) -> std::cmp::Ordering {
        if self.descending { ascending.reverse() } else { ascending }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// 1-based.
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub per_page: usize,
}

impl Paging {
    /// The page asked for (as typed in the query string) of `total` rows.
    pub fn new(requested: &str, total: usize, per_page: usize) -> Paging {
        let per_page = per_page.max(1);
        let pages = total.div_ceil(per_page).max(1);
        let page = requested.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
        Paging { page, pages, total, per_page }
    }

    /// The rows of this page, as a range of indices into the whole list.
    pub fn range(&self) -> std::ops::Range<usize> {
        let start = (self.page - 1) * self.per_page;
        start.min(self.total)..(start + self.per_page).min(self.total)
    }

    /// This page's rows of `rows`.
    pub fn slice<'a, T>(&self, rows: &'a [T]) -> &'a [T] {
        &rows[self.range()]
    }

    /// The page numbers to offer, `None` standing for a gap ("⋯"): the first,
    /// the last, and those next to the current page, as the Design System's
    /// pagination shows them.
    pub fn numbers(&self) -> Vec<Option<usize>> {
        let mut out: Vec<Option<usize>> = Vec::new();
        for p in 1..=self.pages {
            let near = p + 1 >= self.page && p <= self.page + 1;
            if p == 1 || p == self.pages || near {
                out.push(Some(p));
            } else if out.last() != Some(&None) {
                out.push(None);
            }
        }
        out
    }
}

/// Builds the links of a list page: its path, the other fields of its query
/// string (a search's text, a filter), and the order shown.
#[derive(Debug, Clone)]
pub struct Links<'a> {
    pub path: &'a str,
    pub keep: Vec<(&'a str, String)>,
    pub sort: Sort,
    pub default: Sort,
}

impl Links<'_> {
    fn href(&self, page: usize, sort: Sort) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.keep {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        if sort != self.default {
            q.append_pair("sort", sort.key);
            q.append_pair("order", if sort.descending { "desc" } else { "asc" });
        }
        if page > 1 {
            q.append_pair("page", &page.to_string());
        }
        let q = q.finish();
        if q.is_empty() { self.path.to_string() } else { format!("{}?{q}", self.path) }
    }

    /// Page `page` in the current order.
    pub fn page(&self, page: usize) -> String {
        self.href(page, self.sort)
    }

    /// The first page sorted by `key`: the other way round if it is the current order.
    pub fn sorted_by(&self, key: &'static str) -> String {
        let descending = self.sort.key == key && !self.sort.descending;
        self.href(1, Sort { key, descending })
    }

    /// How a column headed by `key` is marked for assistive technology.
    pub fn aria_sort(&self, key: &str) -> &'static str {
        match (self.sort.key == key, self.sort.descending) {
            (true, false) => "ascending",
            (true, true) => "descending",
            (false, _) => "none",
        }
    }
}

const PREV: &str = r#"<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>"#;
const NEXT: &str = r#"<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path></svg>"#;

/// What a list counts: ("child", "children").
pub type Noun<'a> = (&'a str, &'a str);

/// "Showing 51 to 100 of 2,019 children" and the Design System's pagination
/// (nothing to page when everything fits on one page).
pub fn pagination(p: &Paging, links: &Links, (one, many): Noun) -> Markup {
    let r = p.range();
    html! {
        p.app-count {
            @if p.total == 0 { "No " (many) "." }
            @else if p.pages == 1 { (super::text::count(p.total, one, many)) "." }
            @else { "Showing " (super::text::number(r.start + 1)) " to " (super::text::number(r.end)) " of "
                    (super::text::count(p.total, one, many)) "." }
        }
        @if p.pages > 1 {
            nav.govuk-pagination aria-label="Pagination" {
                @if p.page > 1 {
                    div.govuk-pagination__prev {
                        a.govuk-link.govuk-pagination__link href=(links.page(p.page - 1)) rel="prev" {
                            (PreEscaped(PREV))
                            span.govuk-pagination__link-title { "Previous" span.govuk-visually-hidden { " page" } }
                        }
                    }
                }
                ul.govuk-pagination__list {
                    @for n in p.numbers() {
                        @match n {
                            Some(n) if n == p.page => li.govuk-pagination__item.govuk-pagination__item--current {
                                a.govuk-link.govuk-pagination__link href=(links.page(n)) aria-label={ "Page " (n) } aria-current="page" { (n) }
                            },
                            Some(n) => li.govuk-pagination__item {
                                a.govuk-link.govuk-pagination__link href=(links.page(n)) aria-label={ "Page " (n) } { (n) }
                            },
                            None => li.govuk-pagination__item.govuk-pagination__item--ellipses { "⋯" },
                        }
                    }
                }
                @if p.page < p.pages {
                    div.govuk-pagination__next {
                        a.govuk-link.govuk-pagination__link href=(links.page(p.page + 1)) rel="next" {
                            span.govuk-pagination__link-title { "Next" span.govuk-visually-hidden { " page" } }
                            (PreEscaped(NEXT))
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_page_out_of_range_or_unreadable_is_the_nearest_page() {
        assert_eq!(Paging::new("", 120, 50).page, 1);
        assert_eq!(Paging::new("abc", 120, 50).page, 1);
        assert_eq!(Paging::new("0", 120, 50).page, 1);
        assert_eq!(Paging::new("99", 120, 50).page, 3);
        assert_eq!(Paging::new("3", 120, 50).range(), 100..120);
        assert_eq!(Paging::new("1", 0, 50).range(), 0..0);
        assert_eq!(Paging::new("1", 0, 50).pages, 1);
    }

    #[test]
    fn page_numbers_show_the_ends_and_the_neighbours() {
        let n = |page: &str, total| Paging::new(page, total, 10).numbers();
        assert_eq!(n("1", 30), [Some(1), Some(2), Some(3)]);
        assert_eq!(n("5", 100), [Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]);
        assert_eq!(n("1", 100), [Some(1), Some(2), None, Some(10)]);
        assert_eq!(n("10", 100), [Some(1), None, Some(9), Some(10)]);
    }

    #[test]
    fn links_keep_the_search_and_toggle_the_order() {
        let default = Sort { key: "due", descending: false };
        let links = Links { path: "/children", keep: vec![("q", "smith & co".into())], sort: default, default };
        assert_eq!(links.page(1), "/children?q=smith+%26+co");
        assert_eq!(links.page(2), "/children?q=smith+%26+co&page=2");
        assert_eq!(links.sorted_by("due"), "/children?q=smith+%26+co&sort=due&order=desc");
        assert_eq!(links.sorted_by("name"), "/children?q=smith+%26+co&sort=name&order=asc");
        assert_eq!(links.aria_sort("due"), "ascending");
        assert_eq!(links.aria_sort("name"), "none");
        let q = ListQuery { sort: "name".into(), order: "desc".into(), page: String::new() };
        assert_eq!(Sort::from_query(&q, &["due", "name"], default), Sort { key: "name", descending: true });
        let q = ListQuery { sort: "id".into(), ..Default::default() };
        assert_eq!(Sort::from_query(&q, &["due", "name"], default), default);
    }

    proptest! {
        /// Every row is on exactly one page, in order.
        #[test]
        fn pages_cover_every_row_once(total in 0usize..500, per in 1usize..60) {
            let pages = Paging::new("1", total, per).pages;
            let mut seen = 0;
            for p in 1..=pages {
                let r = Paging::new(&p.to_string(), total, per).range();
                prop_assert_eq!(r.start, seen);
                prop_assert!(r.len() <= per);
                seen = r.end;
            }
            prop_assert_eq!(seen, total);
        }
    }
}
