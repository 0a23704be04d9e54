//! The performance page: the committee dashboard (crates/indicators computes
//! it, crates/report draws it) for a chosen period, and for a financial year the fostering,
//! adoption and panels' annual sections (decision 007). Aggregates only, so every
//! signed-in role sees it, councillors and analysts included; each view is
//! audited as an aggregate view.

use super::Layout;
use crate::auth::SignedIn;
use crate::ui::components::{Control, button, error_summary, select};
use crate::ui::text;
use crate::{AppError, AppState};
use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use carefile_domain::access::AuditAction;
use carefile_indicators::{Filter, Period, PeriodKind};
use carefile_report::{Report, html as report_html};
use chrono::{Datelike, NaiveDate};
use maud::{Markup, html};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/performance", get(page))
}

/// The period as the form sends it: blank year = the twelve months to today.
#[derive(Debug, Default, Deserialize)]
pub struct Chosen {
    #[serde(default)]
    year: String,
    #[serde(default)]
    quarter: String,
}

/// The period chosen, or why it cannot be reported.
pub fn period_of(c: &Chosen, today: NaiveDate) -> Result<Period, String> {
    let (year, quarter) = (c.year.trim(), c.quarter.trim());
    let period = match (year, quarter) {
        ("", "") => return Ok(Period::rolling12(today)),
        ("", _) => return Err("choose the year of the quarter".into()),
        (y, q) => {
            let y: i32 = y.parse().map_err(|_| format!("year '{y}': expected a year such as 2025"))?;
            if !(2000..=2100).contains(&y) {
                return Err(format!("year {y}: expected 2000 to 2100"));
            }
            match q {
                "" => Period::financial_year(y),
                "1" | "2" | "3" | "4" => Period::quarter(y, q.parse().unwrap_or(1)),
                _ => return Err(format!("quarter '{q}': expected 1 to 4")),
            }
        }
    };
    if period.start > today {
        return Err(format!("that period starts on {}, after today ({today})", period.start));
    }
    Ok(period)
}

/// The fostering, adoption and panels' annual sections for financial year `year` (the whole
/// authority's, as `carefile report` draws them for a financial year), each count drilling down
/// to the households and sittings behind it (links to their pages for those who may open them).
async fn services_year(state: &AppState, year: i32, link: bool) -> Result<Option<Markup>, AppError> {
    use carefile_domain::adopters::AdopterRecord;
    use carefile_domain::fostering::CarerRecord;
    use carefile_domain::panels::Sitting;
    use carefile_store::Subjects;
    let Some(year) = carefile_domain::annual::Year::financial(year) else { return Ok(None) };
    let cfg = state.config().fostering.clone();
    let made = state
        .read_store(move |s| {
            let carers: Vec<CarerRecord> = s.subjects::<CarerRecord>(None)?.into_iter().map(|r| r.0).collect();
            let adopters: Vec<AdopterRecord> = s.subjects::<AdopterRecord>(None)?.into_iter().map(|r| r.0).collect();
            let sittings: Vec<Sitting> = s.subjects::<Sitting>(None)?.into_iter().map(|r| r.0).collect();
            let annual = carefile_report::annual::Annual::compute(&carers, &adopters, &sittings, year, &cfg);
            Ok(carefile_report::annual::fragment(&annual, &cfg, link).map_err(|e| e.to_string()))
        })
        .await?;
    made.map(Some).map_err(|e| AppError::Internal(format!("the services' charts: {e}")))
}

async fn page(State(state): State<AppState>, user: SignedIn, Query(chosen): Query<Chosen>) -> Result<Markup, AppError> {
    let today = state.today();
    let dashboard = match period_of(&chosen, today) {
        Ok(period) => {
            let engine = state.indicators().await?;
            let comparators = state.comparators(&period, engine.authority_number());
            let computed = tokio::task::spawn_blocking(move || {
                engine.dashboard(&period, &Filter::default(), &comparators)
            })
            .await
            .map_err(|_| AppError::Internal("indicators task".into()))?;
            computed.map_err(|e| e.to_string())
        }
        Err(e) => Err(e),
    };
    let services = match period_of(&chosen, today) {
        Ok(p) if p.kind == PeriodKind::FinancialYear && !chosen.year.trim().is_empty() => services_year(&state, p.start.year(), user.may("household.read")).await?,
        _ => None,
    };
    let shown = match &dashboard {
        Ok(d) => {
            let report = Report::from_dashboard(d);
            let fragment = report_html::fragment(&report).map_err(|_| AppError::Internal("chart".into()))?;
            Some(html! { h2.govuk-heading-m { (report.authority) ": " (report.period) } (fragment) @if let Some(s) = services { (s) } })
        }
        Err(_) => None,
    };
    crate::access::audit(&state, &user.username, AuditAction::ViewAggregate, None, "GET /performance").await?;
    let this_year = if today.month() >= 4 { today.year() } else { today.year() - 1 };
    let mut years = vec![(String::new(), format!("Twelve months to {}", text::date(today)))];
    years.extend((this_year - 4..=this_year).rev().map(|y| (y.to_string(), format!("{y}-{:02}", (y + 1) % 100))));
    let mut quarters = vec![(String::new(), "Whole year".to_string())];
    quarters.extend(
        [(1, "April to June"), (2, "July to September"), (3, "October to December"), (4, "January to March")]
            .map(|(q, months)| (q.to_string(), format!("Q{q} ({months})"))),
    );
    let error: Vec<&str> = dashboard.as_ref().err().map(String::as_str).into_iter().collect();
    let body = html! {
        (error_summary(&error.iter().map(|e| (Some("year"), *e)).collect::<Vec<_>>()))
        form.app-no-print method="get" action="/performance" {
            div.govuk-grid-row {
                div.govuk-grid-column-one-third { (select(&Control::new("year", "year", "Financial year (starting in April of)").errors(error.clone()), &years, std::slice::from_ref(&chosen.year), false)) }
                div.govuk-grid-column-one-third { (select(&Control::new("quarter", "quarter", "Quarter"), &quarters, std::slice::from_ref(&chosen.quarter), false)) }
            }
            (button("Show"))
        }
        @if let Some(f) = shown { div.app-report { (f) } }
    };
    Ok(Layout::new("Performance").user(Some(&user)).section("/performance").stylesheet("report.css").errors(!error.is_empty()).render(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chosen(year: &str, quarter: &str) -> Chosen {
        Chosen { year: year.into(), quarter: quarter.into() }
    }

    #[test]
    fn periods_are_read_with_clear_refusals() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let p = period_of(&chosen("", ""), today).unwrap();
        assert_eq!((p.start, p.end), (d("2025-04-01"), d("2026-03-31")));
        let p = period_of(&chosen("2025", ""), today).unwrap();
        assert_eq!((p.start, p.end), (d("2025-04-01"), d("2026-03-31")));
        let p = period_of(&chosen(" 2025 ", "3"), today).unwrap();
        assert_eq!((p.start, p.end), (d("2025-10-01"), d("2025-12-31")));
        assert_eq!(period_of(&chosen("", "2"), today).unwrap_err(), "choose the year of the quarter");
        assert_eq!(period_of(&chosen("twenty", ""), today).unwrap_err(), "year 'twenty': expected a year such as 2025");
        assert_eq!(period_of(&chosen("2025", "5"), today).unwrap_err(), "quarter '5': expected 1 to 4");
        assert_eq!(period_of(&chosen("1999", ""), today).unwrap_err(), "year 1999: expected 2000 to 2100");
        assert_eq!(
            period_of(&chosen("2026", "1"), today).unwrap_err(),
            "that period starts on 2026-04-01, after today (2026-03-31)"
        );
    }
}
