//! Computing the dashboard and explaining its figures.

use crate::catalogue::{self, Child, Denominator, Indicator, Lookback, Rule, Split};
use crate::config::{Comparators, Config};
use crate::index::{self, Index, NO_TEAM};
use crate::judge;
use crate::model::*;
use carefile_domain::coverage::{self, Covered, FactKind};
use carefile_domain::journey::ChildRecord;
use carefile_domain::org::{Organisation, Service, StaffRole};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// A request that cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndicatorError {
    #[error("'{0}' is not an indicator of the catalogue")]
    UnknownIndicator(String),
    #[error("the filter selects no team: {0}")]
    EmptyFilter(String),
    #[error("'{0}' is not a count, so it has no monthly demand")]
    NotACount(String),
}

/// The record indexed once, ready to answer any period and filter.
pub struct Engine {
    index: Index,
    org: Organisation,
    config: Config,
    /// The services the organisation's teams belong to, for splits.
    services: Vec<Service>,
}

/// What one computation asks: the filter's buckets (`None` = whole authority) and the comparators.
struct Query<'a> {
    buckets: Option<&'a [usize]>,
    comparators: &'a Comparators,
}

/// The funnel's stages, in order.
const FUNNEL: [(&str, &str); 7] = [
    ("contacts", "Contacts"),
    ("referrals", "Referrals"),
    ("assessments_completed", "Assessments"),
    ("strategy_discussions", "Strategy discussions"),
    ("s47_enquiries", "Section 47 enquiries"),
    ("icpcs", "Initial child protection conferences"),
    ("cp_plans_started", "Child protection plans"),
];

impl Engine {
    /// Indexes every child's dated facts once.
    pub fn new(records: &[ChildRecord], org: &Organisation, config: &Config) -> Engine {
        let index = Index::build(records, org, config);
        let services: BTreeSet<Service> = index.teams.iter().map(|t| t.1).collect();
        Engine { index, org: org.clone(), config: config.clone(), services: services.into_iter().collect() }
    }

    /// The DfE number of the authority the record names, if it names one.
    pub fn authority_number(&self) -> Option<u16> {
        self.org.authority.as_ref().map(|a| a.dfe_number)
    }

    fn position(id: &str) -> Result<(usize, &'static Indicator), IndicatorError> {
        catalogue::every()
            .enumerate()
            .find(|(_, i)| i.def.id == id)
            .ok_or_else(|| IndicatorError::UnknownIndicator(id.to_string()))
    }

    fn buckets(&self, filter: &Filter) -> Result<Option<Vec<usize>>, IndicatorError> {
        match self.index.buckets(filter) {
            Some(b) if b.is_empty() => Err(IndicatorError::EmptyFilter(filter.label())),
            b => Ok(b),
        }
    }

    /// Why `ind` cannot be computed for `period`, if it cannot; else whether it is partial.
    fn coverage(&self, ind: &Indicator, period: &Period, q: &Query) -> Result<Option<Partial>, String> {
        let mut partial = None;
        for need in ind.needs {
            let covered =
                need.kind().map_or(Covered::Recorded, |k| coverage::covered(&self.org.coverage, k, period.end));
            match covered {
                Covered::Recorded => match self.index.first.get(need) {
                    None => {
                        return Err(format!(
                            "this record holds no {}: a record built from the statutory returns, or a system \
                             that does not record them, cannot support this figure",
                            need.label()
                        ));
                    }
                    Some(first) if period.end < *first => {
                        return Err(format!("this record holds no {} before {first}", need.label()));
                    }
                    Some(_) => {}
                },
                Covered::Outside { first, last } => {
                    let kind = need.kind().expect("only a kind returns carry is covered");
                    return Err(if kind.annual() {
                        format!(
                            "the returns imported report {} as at 31 March only (the years to {}), not on {}",
                            kind.label(),
                            last,
                            period.end
                        )
                    } else {
                        format!(
                            "the returns imported report {} from {first} to {last}, not on {}",
                            kind.label(),
                            period.end
                        )
                    });
                }
                Covered::Partly { source } => {
                    let kind = need.kind().expect("only a kind returns carry is covered");
                    return Err(format!("{source} carries only some {}", kind.label()));
                }
                Covered::Since(from) => {
                    let kind = need.kind().expect("only a kind returns carry is covered");
                    if kind.annual() || partial.is_some() {
                        continue;
                    }
                    partial = lookback(ind, period, from, kind);
                }
            }
        }
        if ind.denominator == Denominator::Population {
            if q.buckets.is_some() {
                return Err("a rate per 10,000 children is computed for the whole authority only".into());
            }
            if !q.comparators.population.contains_key(&period.financial_year_of_end()) {
                return Err(format!(
                    "the comparator file gives no under-18 population for {}",
                    Period::financial_year(period.financial_year_of_end()).label()
                ));
            }
        }
        Ok(partial)
    }

    /// The figure of indicator number `k`, and whether it is partial.
    fn figure(&self, k: usize, ind: &Indicator, period: &Period, q: &Query) -> (Figure, Option<Partial>) {
        match self.coverage(ind, period, q) {
            Err(reason) => (Figure::NotAvailable(reason), None),
            Ok(partial) => (Figure::Value(self.value(k, ind, period, q.buckets, q)), partial),
        }
    }

    /// The value of indicator number `k` over `buckets` (a part of the query's, for splits).
    fn value(&self, k: usize, ind: &Indicator, period: &Period, buckets: Option<&[usize]>, q: &Query) -> Value {
        let start = if matches!(ind.rule, Rule::Flow(_)) { ind.window.start(period) } else { period.end };
        let (num, den) = self.index.totals(k, buckets, start, period.end);
        let den = match ind.denominator {
            Denominator::Rule if ind.def.unit == Unit::Count => None,
            Denominator::Rule => Some(den),
            Denominator::Population => q.comparators.population.get(&period.financial_year_of_end()).copied(),
            Denominator::SocialWorkers => Some(self.social_workers(period.end, buckets)),
        };
        Value::new(ind.def.unit, num, den)
    }

    /// Social workers in post on `d` in the selected teams.
    fn social_workers(&self, d: NaiveDate, buckets: Option<&[usize]>) -> u64 {
        let selected = |team: &carefile_domain::ids::TeamId| {
            buckets.is_none_or(|bs| self.index.team_bucket.get(team).is_some_and(|b| bs.contains(&usize::from(*b))))
        };
        self.org
            .staff
            .values()
            .filter(|s| s.role == StaffRole::SocialWorker && s.in_post(d))
            .filter(|s| s.team_on(d).is_some_and(selected))
            .count() as u64
    }

    /// Buckets of the query restricted to one service.
    fn service_buckets(&self, buckets: Option<&[usize]>, service: Service) -> Vec<usize> {
        (0..self.index.teams.len())
            .filter(|b| self.index.teams[*b].1 == service && buckets.is_none_or(|bs| bs.contains(b)))
            .collect()
    }

    /// One indicator for one period and filter, with its comparisons.
    pub fn result(
        &self,
        id: &str,
        period: &Period,
        filter: &Filter,
        comparators: &Comparators,
    ) -> Result<IndicatorResult, IndicatorError> {
        let (k, ind) = Engine::position(id)?;
        let buckets = self.buckets(filter)?;
        Ok(self.result_at(k, ind, period, &Query { buckets: buckets.as_deref(), comparators }))
    }

    fn result_at(&self, k: usize, ind: &Indicator, period: &Period, q: &Query) -> IndicatorResult {
        let (figure, partial) = self.figure(k, ind, period, q);
        let point = |p: Period| {
            let (figure, partial) = self.figure(k, ind, &p, q);
            TrendPoint { period: p, figure, partial }
        };
        let previous = period.previous().map(point);
        let year_ago = period.year_ago().map(point);
        let trend = period.trend().into_iter().map(point).collect();
        let def = &ind.def;
        let comparator = q.comparators.for_indicator(def.id);
        // A partial figure is shown, never judged.
        let now = figure.value().and_then(|v| v.value).filter(|_| partial.is_none());
        let judged = |p: &Option<TrendPoint>| {
            let then = p.as_ref().filter(|p| p.partial.is_none()).and_then(|p| p.figure.value()).and_then(|v| v.value);
            now.zip(then).map(|(n, t)| judge::direction(def.polarity, def.unit, n, t, &self.config.similar))
        };
        let direction = judged(&previous);
        let year_ago_direction = judged(&year_ago);
        let quartile = now.zip(comparator.quartiles.as_ref()).and_then(|(v, b)| judge::quartile(def.polarity, v, b));
        let rag = now.and_then(|v| {
            judge::rag(def.polarity, v, comparator.quartiles.as_ref(), comparator.target, direction, &self.config.rag)
        });
        let parts = match (ind.split, &figure) {
            (Split::ByService, Figure::Value(_)) => self
                .services
                .iter()
                .map(|s| (s, self.value(k, ind, period, Some(&self.service_buckets(q.buckets, *s)), q)))
                .filter(|(_, v)| v.numerator > 0 || v.denominator.is_some_and(|d| d > 0))
                .map(|(s, value)| Part { label: s.label().to_string(), value })
                .collect(),
            _ => Vec::new(),
        };
        IndicatorResult {
            definition: def.clone(),
            period: *period,
            figure,
            partial,
            previous,
            year_ago,
            year_ago_direction,
            trend,
            direction,
            rag,
            quartile,
            comparator,
            parts,
        }
    }

    /// Every dashboard indicator, the funnel and the reconciliation checks.
    pub fn dashboard(
        &self,
        period: &Period,
        filter: &Filter,
        comparators: &Comparators,
    ) -> Result<Dashboard, IndicatorError> {
        let buckets = self.buckets(filter)?;
        let q = Query { buckets: buckets.as_deref(), comparators };
        // The dashboard's indicators come first in the catalogue's numbering.
        let results: Vec<IndicatorResult> =
            catalogue::ALL.iter().enumerate().map(|(k, ind)| self.result_at(k, ind, period, &q)).collect();
        let funnel = self.funnel(&results);
        let reconciliations = self.reconciliations(period, filter)?;
        let rollup = rollup(&results);
        Ok(Dashboard {
            authority: self.org.authority.as_ref().map(|a| a.name.clone()),
            period: *period,
            filter: filter.clone(),
            results,
            funnel,
            reconciliations,
            rollup,
        })
    }

    fn funnel(&self, results: &[IndicatorResult]) -> Vec<FunnelStage> {
        let mut out: Vec<FunnelStage> = Vec::new();
        for (id, label) in FUNNEL {
            let count = results
                .iter()
                .find(|r| r.id() == id)
                .map(|r| r.figure.clone())
                .unwrap_or_else(|| Figure::NotAvailable(format!("{id} is not on this dashboard")));
            let prev = out.last().and_then(|s| s.count.value()).map(|v| v.numerator);
            let conversion_percent = match (prev, count.value()) {
                (Some(p), Some(v)) if p > 0 => Some(v.numerator as f64 / p as f64 * 100.0),
                _ => None,
            };
            out.push(FunnelStage { id, label, count, conversion_percent });
        }
        out
    }

    /// The numerator of indicator `id`, as a signed count for the checks.
    fn count(&self, id: &str, period: &Period, buckets: Option<&[usize]>) -> Result<i64, IndicatorError> {
        let (k, ind) = Engine::position(id)?;
        let start = if matches!(ind.rule, Rule::Flow(_)) { period.start } else { period.end };
        Ok(self.index.totals(k, buckets, start, period.end).0 as i64)
    }

    /// Parts that must add up to their totals, checked on every computation.
    fn reconciliations(&self, period: &Period, filter: &Filter) -> Result<Vec<Reconciliation>, IndicatorError> {
        let buckets = self.buckets(filter)?;
        let b = buckets.as_deref();
        let mut out = Vec::new();
        let check = |name: String, parts: Vec<(String, i64)>, total: i64| {
            let ok = parts.iter().map(|p| p.1).sum::<i64>() == total;
            Reconciliation { name, parts, total, ok }
        };
        // The groups of open cases (service.md §4: CIN + CP + pre-proceedings + proceedings + looked after).
        let parts = catalogue::OPEN_CASE_PARTS
            .iter()
            .map(|i| Ok((i.def.name.to_string(), self.count(i.def.id, period, b)?)))
            .collect::<Result<Vec<_>, IndicatorError>>()?;
        let open = self.count(catalogue::OPEN_CASES.def.id, period, b)?;
        out.push(check(format!("Open cases on {} by group", period.end), parts, open));
        // Localities add up to the whole.
        for id in ["open_cases", "referrals"] {
            let (k, ind) = Engine::position(id)?;
            let start = if matches!(ind.rule, Rule::Flow(_)) { period.start } else { period.end };
            let selected: Vec<usize> = b.map_or_else(|| (0..=self.index.no_team_bucket()).collect(), <[usize]>::to_vec);
            let localities: BTreeSet<Option<&String>> =
                selected.iter().map(|x| self.index.teams.get(*x).and_then(|t| t.2.as_ref())).collect();
            let parts = localities
                .into_iter()
                .map(|l| {
                    let bs: Vec<usize> = selected
                        .iter()
                        .copied()
                        .filter(|x| self.index.teams.get(*x).and_then(|t| t.2.as_ref()) == l)
                        .collect();
                    let label = l.map_or_else(|| "no locality".to_string(), |l| l.clone());
                    (label, self.index.totals(k, Some(&bs), start, period.end).0 as i64)
                })
                .collect();
            let total = self.index.totals(k, b, start, period.end).0 as i64;
            out.push(check(format!("{}: localities add up to the total", ind.def.name), parts, total));
        }
        // Stocks and flows: on the period's end = the day before it starts + started − ended.
        // Whole authority only: a team's stock also changes when cases move between teams.
        if filter.is_whole() {
            for (stock, started, ended) in catalogue::STOCK_FLOWS {
                let before = period.start.pred_opt().unwrap_or(period.start);
                let opening = self.count(stock, &Period::at(before), None)?;
                let s = self.count(started, period, None)?;
                let e = self.count(ended, period, None)?;
                let closing = self.count(stock, &Period::at(period.end), None)?;
                let name = Engine::position(stock)?.1.def.name;
                let parts = vec![
                    (format!("on {before}"), opening),
                    ("started in the period".to_string(), s),
                    ("ended in the period".to_string(), -e),
                ];
                out.push(check(format!("{name}: opening + started − ended = closing"), parts, closing));
            }
        }
        Ok(out)
    }

    /// A count's whole-authority figure for each calendar month (a flow's events in the month, a
    /// snapshot's position on its last day), oldest first, ending with the last whole month on or
    /// before `through` and going back at most `max` months, as far as each month's figure is
    /// available and complete (not partial). The demand a forecast reads.
    pub fn monthly(
        &self,
        id: &str,
        through: NaiveDate,
        max: usize,
        comparators: &Comparators,
    ) -> Result<Monthly, IndicatorError> {
        let (k, ind) = Engine::position(id)?;
        if ind.def.unit != Unit::Count {
            return Err(IndicatorError::NotACount(id.to_string()));
        }
        let q = Query { buckets: None, comparators };
        let next = through.succ_opt().unwrap_or(through);
        // The month of the day after `through` is whole only if `through` ends its own month.
        let mut month = Period::month(next).previous();
        let (mut values, mut stopped) = (Vec::new(), None);
        while let Some(p) = month.filter(|_| values.len() < max) {
            match self.figure(k, ind, &p, &q) {
                (Figure::Value(v), None) => values.push(v.numerator),
                (Figure::Value(_), Some(partial)) => {
                    stopped = Some(partial.reason);
                    break;
                }
                (Figure::NotAvailable(reason), _) => {
                    stopped = Some(reason);
                    break;
                }
            }
            month = p.previous();
        }
        values.reverse();
        let last = Period::month(next).previous().map_or(through, |p| p.start);
        let first = last.checked_sub_months(chrono::Months::new(values.len().saturating_sub(1) as u32)).unwrap_or(last);
        let flow = matches!(ind.rule, Rule::Flow(_));
        Ok(Monthly { id: ind.def.id, name: ind.def.name, flow, first, values, stopped })
    }

    /// The children behind indicator `id`'s figure for `period` and `filter`.
    pub fn explain(
        &self,
        records: &[ChildRecord],
        id: &str,
        period: &Period,
        filter: &Filter,
        comparators: &Comparators,
    ) -> Result<Explanation, IndicatorError> {
        let (k, ind) = Engine::position(id)?;
        let buckets = self.buckets(filter)?;
        let (figure, _) = self.figure(k, ind, period, &Query { buckets: buckets.as_deref(), comparators });
        let no_team = self.index.no_team_bucket();
        let keep = |team: index::Bucket| {
            let b = if team == NO_TEAM { no_team } else { usize::from(team) };
            buckets.as_ref().is_none_or(|bs| bs.contains(&b))
        };
        let flow = matches!(ind.rule, Rule::Flow(_));
        let first = ind.window.start(period);
        let counts = |from: NaiveDate, until: Option<NaiveDate>| {
            if flow {
                from >= first && from <= period.end
            } else {
                from <= period.end && until.is_none_or(|u| u > period.end)
            }
        };
        let (mut numerator, mut denominator) = (Vec::new(), Vec::new());
        if figure.value().is_some() {
            for rec in records {
                let child = Child { rec, cal: &self.config.calendar, ts: &self.config.timescales };
                let (mut num, mut den) = ((0u64, Vec::new()), (0u64, Vec::new()));
                // A snapshot's spans split where the team or weights change: the date
                // given is the start of the unbroken run, when the child entered the figure.
                let (mut run_start, mut last_until) = (None, None);
                index::contributions(ind, &child, &self.index.team_bucket, &mut |team, item| {
                    if flow || last_until != Some(item.from) {
                        run_start = Some(item.from);
                    }
                    last_until = item.until;
                    if !keep(team) || !counts(item.from, item.until) {
                        return;
                    }
                    let because = Because { what: item.what.to_string(), date: run_start.unwrap_or(item.from) };
                    if item.w.num > 0 {
                        num.0 += u64::from(item.w.num);
                        num.1.push(because.clone());
                    }
                    if item.w.den > 0 {
                        den.0 += u64::from(item.w.den);
                        den.1.push(because);
                    }
                });
                if num.0 > 0 {
                    numerator.push(Entry { child: rec.id.clone(), weight: num.0, because: num.1 });
                }
                let own_denominator = ind.denominator == Denominator::Rule && ind.def.unit != Unit::Count;
                if den.0 > 0 && own_denominator {
                    denominator.push(Entry { child: rec.id.clone(), weight: den.0, because: den.1 });
                }
            }
        }
        Ok(Explanation {
            definition: ind.def.clone(),
            period: *period,
            filter: filter.clone(),
            figure,
            numerator,
            denominator,
        })
    }
}

/// Whether `ind` over `period` reads history before `from`, the first day the returns imported
/// cover `kind` without a gap.
fn lookback(ind: &Indicator, period: &Period, from: NaiveDate, kind: FactKind) -> Option<Partial> {
    let flow = matches!(ind.rule, Rule::Flow(_));
    let start = if flow { ind.window.start(period) } else { period.end };
    let back = |n: u32| start.checked_sub_months(chrono::Months::new(n)).unwrap_or(start);
    // A snapshot's year to its last day begins the day after the date a year before.
    let (needs, complete_from) = match ind.history {
        Lookback::None => (start, Some(from)),
        Lookback::Months(n) if flow => (back(n), from.checked_add_months(chrono::Months::new(n))),
        Lookback::Months(n) => {
            (back(n) + chrono::Days::new(1), from.checked_add_months(chrono::Months::new(n)).and_then(|d| d.pred_opt()))
        }
        Lookback::Ever => (NaiveDate::MIN, None),
    };
    (needs < from).then(|| Partial {
        reason: match ind.history {
            Lookback::Ever => format!(
                "it reads each child's whole history of {}, and the returns imported begin on {from}",
                kind.label()
            ),
            _ => format!("it needs {} from {needs}, and the returns imported begin on {from}", kind.label()),
        },
        complete_from,
    })
}

/// The roll-up counts of a set of results.
pub fn rollup(results: &[IndicatorResult]) -> Rollup {
    let mut r = Rollup::default();
    for x in results {
        if x.figure.value().and_then(|v| v.value).is_none() {
            continue;
        }
        if x.partial.is_some() {
            r.partial += 1;
            continue;
        }
        if x.definition.polarity == Polarity::None {
            r.no_polarity += 1;
        } else if let Some(d) = x.direction {
            r.reported += 1;
            match d {
                Direction::Better => r.improved += 1,
                Direction::Worse => r.declined += 1,
                _ => r.no_change += 1,
            }
        }
        if let Some(Quartile(q)) = x.quartile {
            r.benchmarked += 1;
            r.quartiles[usize::from(q.clamp(1, 4) - 1)] += 1;
        }
    }
    r
}

/// Computes the whole dashboard: every indicator for `period` and `filter`,
/// each with its previous data point, eight-quarter trend, direction, quartile,
/// RAG and comparators; the front-door funnel; and the reconciliation checks.
/// Pure: the period and the configuration are passed in.
pub fn compute(
    records: &[ChildRecord],
    org: &Organisation,
    period: &Period,
    filter: &Filter,
    comparators: &Comparators,
    config: &Config,
) -> Result<Dashboard, IndicatorError> {
    Engine::new(records, org, config).dashboard(period, filter, comparators)
}

/// The children in indicator `id`'s numerator and denominator, with the dates
/// that put them there.
pub fn explain(
    records: &[ChildRecord],
    org: &Organisation,
    id: &str,
    period: &Period,
    filter: &Filter,
    comparators: &Comparators,
    config: &Config,
) -> Result<Explanation, IndicatorError> {
    Engine::position(id)?;
    Engine::new(records, org, config).explain(records, id, period, filter, comparators)
}
