//! The DfE's SSDA903 rules, one module per rule (see RULES.md for how to add one).

use crate::Input;
use carefile_returns::{Rule, YearChanges};

/// The collection years carefile judges SSDA903 returns for.
pub const SUPPORTED: std::ops::RangeInclusive<u16> = 2026..=2027;

/// Declares the rule modules, grouped by the first supported year in which each
/// applies, and builds [`ALL`] and [`HISTORY`] from them.
macro_rules! registry {
    ($( $year:literal => [$($m:ident),* $(,)?] ),* $(,)?) => {
        $($(mod $m;)*)*

        /// Every rule carefile implements.
        pub static ALL: &[Rule<Input>] = &[$($($m::RULE,)*)*];

        /// When each rule came in (2026 holds every rule in force in 2025-26).
        pub const HISTORY: &[YearChanges] = &[$(
            YearChanges { year: $year, added: &[$($m::RULE.meta.code),*], removed: &[] },
        )*];
    };
}

registry! {
    2026 => [
        r101, r102, r103, r104, r105, r112, r113, r114, r115, r116,
        r117, r118, r119, r120, r131, r132, r133, r134, r141, r142,
        r143, r144, r145, r146, r147, r148, r149, r151, r153, r157,
        r158, r159, r164, r165, r166, r167, r168, r169, r171, r174,
        r175, r176, r177, r178, r179, r180, r181, r182, r184, r185,
        r186, r187, r188, r189, r190, r191, r192, r193, r196, r197b,
        r197a, r198, r199, r202, r203, r204, r205a, r205b, r205c, r205d,
        r207, r208, r209, r210, r213, r214, r215, r217, r218, r219,
        r221, r222, r224, r225, r226, r227, r228, r229, r231, r232,
        r233, r234, r241, r242, r243, r301, r302, r303, r304, r331,
        r333, r334, r335, r336, r344, r345, r347, r348, r351, r352,
        r353, r354, r355, r356, r357, r358, r359, r361, r362, r363,
        r364, r365, r366, r367, r371, r372, r373, r374, r375, r376,
        r377, r378, r379, r380, r381, r382, r383, r384, r385, r386,
        r387, r388, r389, r390, r391, r392a, r392b, r392c, r392d, r393,
        r398, r399, r406, r407, r408, r411, r420, r426, r431, r432,
        r433, r434, r435, r436, r437, r440, r441, r442, r444, r446,
        r452, r453, r454, r460, r501, r502, r503a, r503b, r503c, r503d,
        r503e, r503f, r503g, r503h, r503j, r504, r511, r514, r516, r517,
        r518, r519, r520, r521, r522, r523, r524, r525, r526, r527,
        r528, r529, r530, r531, r542, r543, r544, r545, r546, r547,
        r550, r551, r552, r553, r554, r557, r558, r559, r560, r561,
        r562, r563, r564, r565, r566, r567, r570, r571, r574, r575,
        r576, r577, r578, r579, r580, r581, r582, r583, r584, r586,
        r601, r602, r607, r611, r612, r620, r621, r624, r625, r626,
        r628, r630, r631, r632, r633, r634, r635, r1000, r1001, r1002,
        r1003, r1004, r1005, r1006, r1007, r1008, r1009, r1010, r1011, r1012,
        r1014, r1015, r1016, r3001, repi, rint01, rint02, rint03, rint04, rint05,
        rint06, rint07, rint08, rint09, rint11, rint12, rint13, rint14, rint15, rint16,
        rint17, rint18, rint21, rint31, rint32, rint33, rint34, rint35, rint36, rnoe,
        rsw02stg1, rsw04stg1, rsw05stg1, rsw06stg2, rsw07stg2, rsw08stg2, rsw09stg2, rsw10stg2, rsw10astg2, rsw10bstg2,
        rsw11bstg2, rsw12stg2, rsw13stg1, rsw17stg2, rsw18stg2, rsw19stg2,
    ],
    2027 => [
        r700, r701, r702, r703, r704, r705, r706, r707, r708, r709,
        r710,
    ],
}

/// What a rule module needs, in one `use`.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub use crate::refdata::postcode_key;
    pub use crate::tables::*;
    pub use crate::value::Text;
    pub use crate::{Input, Location};
    pub use carefile_domain::codes::*;
    pub use carefile_returns::{Cell, Reference, Rule, RuleMeta, Severity, Sink};
    pub use chrono::{Datelike, NaiveDate};
    pub use std::collections::{HashMap, HashSet};

    /// Flags every row of `table` (when supplied) for which `bad` holds.
    pub fn flag_rows<R: Record>(
        table: Option<&Table<R>>,
        s: &mut Sink,
        fields: &'static [&'static str],
        bad: impl Fn(&R) -> bool,
    ) {
        for r in table.into_iter().flat_map(|t| t.iter()) {
            if bad(r) {
                s.flag(r.child(), R::TABLE, r.row(), fields);
            }
        }
    }

    /// Whole years from `dob` to `on` (a birthday counts on the day).
    pub fn age(dob: NaiveDate, on: NaiveDate) -> i32 {
        on.years_since(dob).map_or_else(|| -(dob.years_since(on).map_or(0, |y| y as i32)) - 1, |y| y as i32)
    }

    /// Children looked after continuously for the 12 months to 31 March, by the DfE validation
    /// guide's test: in care at some point in the year, and no episode that enters care after
    /// 1 April (RNE S), leaves care before 31 March (an end with REC other than X1), or is a
    /// short break (LS V3/V4) in the year.
    pub fn continuously_looked_after(d: &Input) -> &HashSet<Box<str>> {
        d.continuously_looked_after.get_or_init(|| cohort(d))
    }

    fn cohort(d: &Input) -> HashSet<Box<str>> {
        let Some(eps) = &d.this.episodes else { return HashSet::new() };
        let (start, end) = (d.year().start(), d.year().end());
        eps.groups()
            .filter(|(_, rows)| {
                let during =
                    |e: &Episode| e.decom.get().is_some_and(|c| c <= end) && e.dec.get().is_none_or(|x| x >= start);
                let breaks = |e: &&Episode| {
                    let enters = e.rne.get() == Some(ReasonNewEpisode::Started)
                        && e.decom.get().is_some_and(|c| c > start && c <= end);
                    let leaves = e.rec.get() != Some(ReasonEpisodeCeased::X1)
                        && e.dec.get().is_some_and(|x| x >= start && x < end);
                    let short_break = matches!(e.ls.get(), Some(LegalStatus::V3 | LegalStatus::V4)) && during(e);
                    enters || leaves || short_break
                };
                rows.iter().any(|e| during(e)) && !rows.iter().any(breaks)
            })
            .map(|(c, _)| c.into())
            .collect()
    }

    /// The first of `eps` with the earliest readable DECOM (rows without one are passed over).
    pub fn earliest<'a>(eps: impl IntoIterator<Item = &'a Episode>) -> Option<&'a Episode> {
        eps.into_iter().filter(|e| e.decom.get().is_some()).fold(None, |best: Option<&Episode>, e| match best {
            Some(b) if b.decom.get() <= e.decom.get() => Some(b),
            _ => Some(e),
        })
    }

    /// The first of `eps` with the latest readable DECOM (rows without one are passed over).
    pub fn latest<'a>(eps: impl IntoIterator<Item = &'a Episode>) -> Option<&'a Episode> {
        eps.into_iter().filter(|e| e.decom.get().is_some()).fold(None, |best: Option<&Episode>, e| match best {
            Some(b) if b.decom.get() >= e.decom.get() => Some(b),
            _ => Some(e),
        })
    }

    /// A child's periods of care as (start, end): episodes with a readable DECOM in date order,
    /// a new period beginning when an episode starts after the previous one ended (an episode
    /// without a readable DEC runs on into the next). The end is the last episode's DEC.
    pub fn periods_of_care(rows: &[&Episode]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let mut eps: Vec<_> = rows.iter().filter_map(|e| Some((e.decom.get()?, e.dec.get()))).collect();
        eps.sort_by_key(|&(decom, _)| decom);
        let mut periods: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        for (decom, dec) in eps {
            match periods.last_mut() {
                Some(p) if p.1.is_none_or(|end| decom <= end) => p.1 = dec,
                _ => periods.push((decom, dec)),
            }
        }
        periods
    }

    /// A child's episodes in start order (stable; unreadable starts last, as the DfE tool sorts).
    pub fn by_decom<'a>(mut rows: Vec<&'a Episode>) -> Vec<&'a Episode> {
        rows.sort_by_key(|e| (e.decom.get().is_none(), e.decom.get()));
        rows
    }

    /// Of `spans` (start, end, row), already in the caller's order, the rows that come after a
    /// span still open (no end), or start before the previous one ended. A span with no known
    /// start only overlaps an open one.
    pub fn starts_before_previous_end(spans: &[(Option<NaiveDate>, Option<NaiveDate>, u32)]) -> Vec<u32> {
        spans
            .windows(2)
            .filter(|w| w[0].1.is_none_or(|end| w[1].0.is_some_and(|start| start < end)))
            .map(|w| w[1].2)
            .collect()
    }

    /// Orders spans (start, end, row) as the DfE checks for overlapping missing periods and DoLOs
    /// do: by end date, an open span by its start, then by start; unknown dates last.
    pub fn by_end_then_start(spans: &mut [(Option<NaiveDate>, Option<NaiveDate>, u32)]) {
        spans.sort_by_key(|&(start, end, _)| {
            let fill = end.or(start);
            (fill.is_none(), fill, start.is_none(), start)
        });
    }

    /// The episode ended in adoption (REC E11 or E12) within the collection year.
    pub fn adopted_in_year(d: &Input, e: &Episode) -> bool {
        matches!(e.rec.get(), Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12))
            && e.dec.get().is_some_and(|x| d.year().contains(x))
    }

    /// Whether each of AD1's six adoption items is completed (DATE_INT … LS_ADOPTR).
    pub fn ad1_items_present(a: &Ad1) -> [bool; 6] {
        [
            a.date_int.is_present(),
            a.date_match.is_present(),
            a.foster_care.is_present(),
            a.nb_adoptr.is_present(),
            a.sex_adoptr.is_present(),
            a.ls_adoptr.is_present(),
        ]
    }

    /// The derived postcode columns of Episodes row `e` in `geo` (`d.geo` or `d.geo_last`);
    /// `None` without postcode data.
    pub fn geo_of<'a>(geo: &'a [crate::Geo], e: &Episode) -> Option<&'a crate::Geo> {
        geo.get(e.row as usize)
    }

    /// A child's spells under one legal status: episodes with readable dates for which `ls`
    /// holds, in start order, joined while each starts on or before the previous one ended. Each
    /// spell comes with its length in days, an open end counting as `end`.
    pub fn spells<'a>(
        rows: Vec<&'a Episode>,
        ls: impl Fn(LegalStatus) -> bool,
        end: NaiveDate,
    ) -> Vec<(Vec<&'a Episode>, i64)> {
        let mut out: Vec<(Vec<&'a Episode>, NaiveDate, NaiveDate)> = Vec::new();
        for e in by_decom(rows).into_iter().filter(|e| e.ls.get().is_some_and(&ls)) {
            // An unreadable start or end cannot be judged; a blank end is still open.
            let finish = if e.dec.is_blank() { Some(end) } else { e.dec.get() };
            let (Some(start), Some(finish)) = (e.decom.get(), finish) else { continue };
            match out.last_mut() {
                Some((eps, _, last_end)) if start <= *last_end => {
                    eps.push(e);
                    *last_end = (*last_end).max(finish);
                }
                _ => out.push((vec![e], start, finish)),
            }
        }
        out.into_iter().map(|(eps, a, b)| (eps, (b - a).num_days())).collect()
    }

    /// Whether a span (missing period, DoLO) from `start` to `end` lies in one of `periods` (see
    /// [`periods_of_care`]): a closed span must end within a period, an open one must have
    /// started in a period that is still going.
    pub fn span_in_care(periods: &[(NaiveDate, Option<NaiveDate>)], start: NaiveDate, end: Option<NaiveDate>) -> bool {
        periods.iter().any(|&(from, to)| match end {
            Some(end) => from <= end && to.is_none_or(|t| end <= t),
            None => to.is_none() && start >= from,
        })
    }

    /// Flags the rows of `table` whose child has no Header row (the INT0x checks).
    pub fn not_in_header<R: Record>(d: &Input, table: Option<&Table<R>>, s: &mut Sink) {
        if let Some(h) = &d.this.header {
            flag_rows(table, s, &["CHILD"], |r| !h.has(r.child()));
        }
    }

    /// Flags the rows of `table` whose readable `value` differs from a readable one in the child's
    /// Header row (the INT1x/INT2x checks).
    pub fn differs_from_header<R: Record, T: PartialEq>(
        d: &Input,
        table: Option<&Table<R>>,
        s: &mut Sink,
        fields: &'static [&'static str],
        value: impl Fn(&R) -> Option<T>,
        header_value: impl Fn(&Header) -> Option<T>,
    ) {
        if let Some(h) = &d.this.header {
            flag_rows(table, s, fields, |r| {
                value(r).is_some_and(|v| h.of(r.child()).iter().any(|hr| header_value(hr).is_some_and(|hv| hv != v)))
            });
        }
    }

    /// Flags every row of a child who has more than one row in `table` (the INT3x checks).
    pub fn repeated_children<R: Record>(table: Option<&Table<R>>, s: &mut Sink) {
        for (child, rows) in table.into_iter().flat_map(|t| t.groups()) {
            if rows.len() > 1 {
                for r in rows {
                    s.flag(child, R::TABLE, r.row(), &["CHILD"]);
                }
            }
        }
    }

    /// The DoLO placement rules (709, 710): flags each ended DoLO (readable start and end) and
    /// each of the child's episodes it overlaps whose placement `bad` rejects. Overlapping: the
    /// order started on or before the episode ended (or the episode is open) and ended on or
    /// after the episode began.
    pub fn flag_dolo_placements(d: &Input, s: &mut Sink, bad: impl Fn(Option<PlacementType>) -> bool) {
        let (Some(eps), Some(dolo)) = (&d.this.episodes, &d.this.dolo) else { return };
        for o in dolo.iter() {
            let (Some(start), Some(end)) = (o.dolo_start.get(), o.dolo_end.get()) else { continue };
            for e in eps.of(&o.child) {
                if e.decom.get().is_some_and(|c| c <= end)
                    && e.dec.get().is_none_or(|x| start <= x)
                    && bad(e.place.get())
                {
                    s.flag(&o.child, DoLo::TABLE, o.row, &["DOLO_START"]);
                    s.flag(&e.child, Episode::TABLE, e.row, &["PLACE"]);
                }
            }
        }
    }

    /// For rules judging dated rows (missing periods, DoLOs) against periods of care: flags each
    /// row of `table` for which `outside` holds, given the child's [`periods_of_care`]. Children
    /// with no episodes are not judged.
    pub fn flag_against_periods<R: Record>(
        d: &Input,
        table: Option<&Table<R>>,
        s: &mut Sink,
        fields: &'static [&'static str],
        outside: impl Fn(&[(NaiveDate, Option<NaiveDate>)], &R) -> bool,
    ) {
        let (Some(eps), Some(table)) = (&d.this.episodes, table) else { return };
        for (child, rows) in table.groups() {
            let periods = periods_of_care(&eps.of(child));
            for r in rows.into_iter().filter(|r| !periods.is_empty() && outside(&periods, r)) {
                s.flag(child, R::TABLE, r.row(), fields);
            }
        }
    }

    /// The OC3 row carries care leaver data (any of IN_TOUCH, ACTIV, ACCOM).
    pub fn has_leaver_data(o: &Oc3) -> bool {
        o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present()
    }

    /// The birthday on or before `on` when the young person is then 17 or 18 (rules 1007, 1016).
    pub fn seventeenth_or_eighteenth_birthday(dob: NaiveDate, on: NaiveDate) -> Option<NaiveDate> {
        let years = age(dob, on);
        (17..19).contains(&years).then(|| add_years(dob, years))
    }

    /// Walks each child's social worker episodes in start order (stable; unreadable starts last)
    /// and flags every episode after the first for which `bad(previous end, episode)` holds.
    pub fn flag_handovers(d: &Input, s: &mut Sink, bad: impl Fn(Option<NaiveDate>, &SwEpisode) -> bool) {
        let Some(sw) = &d.this.sw_episodes else { return };
        for (child, mut rows) in sw.groups() {
            rows.sort_by_key(|e| (e.sw_decom.get().is_none(), e.sw_decom.get()));
            for pair in rows.windows(2) {
                if bad(pair[0].sw_dec.get(), pair[1]) {
                    s.flag(child, SwEpisode::TABLE, pair[1].row, &["SW_DECOM"]);
                }
            }
        }
    }

    /// Children recorded as UASC (Header UASC = 1) this year or last, and whether any UASC status was
    /// known at all (a UASC table or the XML's UASC element).
    pub fn uasc_children(d: &Input) -> (HashSet<&str>, bool) {
        let headers = [&d.this.header, &d.last.header];
        let rows = || headers.into_iter().flatten().flat_map(|h| h.iter());
        let known = rows().any(|h| h.uasc.is_present());
        (rows().filter(|h| h.uasc.get() == Some(true)).map(|h| &*h.child).collect(), known)
    }

    /// A child's UASC status in one year's tables, as the DfE tool reads it for rules 205A–D: the
    /// Header's UASC when there is a Header table, else whether the child's UASC row holds any value.
    pub fn uasc_status(t: &Tables, child: &str) -> Option<bool> {
        match (&t.header, &t.uasc) {
            (Some(h), _) => h.of(child).first().and_then(|r| r.uasc.get()),
            (None, Some(u)) => u.of(child).first().map(|r| r.sex.is_present() || r.duc.is_present()),
            (None, None) => None,
        }
    }

    /// The rows recording a child's UASC status this year: Header rows, or UASC rows without a Header.
    pub fn flag_uasc_status(d: &Input, child: &str, s: &mut Sink) {
        match (&d.this.header, &d.this.uasc) {
            (Some(h), _) => h.of(child).iter().for_each(|r| s.flag(child, Header::TABLE, r.row, &["UASC"])),
            (None, Some(u)) => u.of(child).iter().for_each(|r| s.flag(child, Uasc::TABLE, r.row, &["UASC"])),
            (None, None) => {}
        }
    }

    /// For rules 205A–C: each UASC row this year with the child's UASC rows last year (or none),
    /// when both years' UASC tables were supplied.
    pub fn uasc_pairs<'a>(d: &'a Input) -> Vec<(&'a Uasc, Option<&'a Uasc>)> {
        let (Some(this), Some(last)) = (&d.this.uasc, &d.last.uasc) else { return Vec::new() };
        this.iter()
            .flat_map(|u| {
                let before = last.of(&u.child);
                if before.is_empty() { vec![(u, None)] } else { before.into_iter().map(|l| (u, Some(l))).collect() }
            })
            .collect()
    }

    /// Flags every episode of a spell under legal status `ls` longer than `max_days` (361–364).
    pub fn flag_long_spells(d: &Input, s: &mut Sink, ls: LegalStatus, max_days: i64) {
        let Some(eps) = &d.this.episodes else { return };
        for (child, rows) in eps.groups() {
            for (spell, days) in spells(rows, |l| l == ls, d.year().end()) {
                if days > max_days {
                    for e in spell {
                        s.flag(child, Episode::TABLE, e.row, &["DECOM", "LS", "DEC"]);
                    }
                }
            }
        }
    }

    /// Flags placements of type `place` that start before the child's `years`th birthday (371–374).
    pub fn flag_placements_under_age(d: &Input, s: &mut Sink, place: PlacementType, years: i32) {
        let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
        flag_rows(Some(eps), s, &["DECOM", "PLACE"], |e| {
            e.place.get() == Some(place)
                && e.decom.get().is_some_and(|c| {
                    h.of(&e.child).iter().any(|r| r.dob.get().is_some_and(|b| c < add_years(b, years)))
                })
        });
    }

    /// Flags ended placements of type `place` that lasted more than `max_days` (375, 376, 379).
    pub fn flag_long_placements(d: &Input, s: &mut Sink, place: PlacementType, max_days: i64) {
        flag_rows(d.this.episodes.as_ref(), s, &["DECOM", "PLACE"], |e| {
            e.place.get() == Some(place)
                && e.decom.get().zip(e.dec.get()).is_some_and(|(c, x)| (x - c).num_days() > max_days)
        });
    }

    /// Flags episodes ending for a reason `reason` accepts whose end date `bad(DEC, DOB)` rejects
    /// (386, 387, 389: ages at which a way of leaving care is possible).
    pub fn flag_reason_ceased_at_age(
        d: &Input,
        s: &mut Sink,
        reason: impl Fn(ReasonEpisodeCeased) -> bool,
        bad: impl Fn(NaiveDate, NaiveDate) -> bool,
    ) {
        let (Some(h), Some(eps)) = (&d.this.header, &d.this.episodes) else { return };
        flag_rows(Some(eps), s, &["REC"], |e| {
            e.rec.get().is_some_and(&reason)
                && e.dec.get().is_some_and(|x| h.of(&e.child).iter().any(|r| r.dob.get().is_some_and(|b| bad(x, b))))
        });
    }

    /// A new social worker episode other than a first contact (FCONTA) that does not start within
    /// 7 days either side of the previous one's end (SW10STG2, SW10aSTG2).
    pub fn handover_outside_a_week(prev_end: Option<NaiveDate>, e: &SwEpisode) -> bool {
        e.sw_reason.get() != Some(SocialWorkerChangeReason::Fconta)
            && !prev_end.zip(e.sw_decom.get()).is_some_and(|(x, c)| (c - x).num_days().abs() <= 7)
    }

    /// The date `years` after `d` (29 February → 28 February in other years).
    pub fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
        let y = d.year() + years;
        NaiveDate::from_ymd_opt(y, d.month(), d.day()).unwrap_or_else(|| NaiveDate::from_ymd_opt(y, 2, 28).unwrap_or(d))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Rule tests: build tables from partial CSVs, run one rule, compare flagged rows.
    use super::*;
    use crate::tables::Record;
    use crate::{Options, Source};
    use carefile_domain::CollectionYear;
    use std::sync::Arc;

    /// A CSV of table `R` from `partial`, whose header names only some columns; the others are added blank.
    pub fn csv<R: Record>(partial: &str) -> Source {
        let mut lines = partial.lines();
        let given: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        let missing: Vec<&str> = R::COLUMNS.iter().copied().filter(|c| !given.contains(c)).collect();
        let pad = ",".repeat(missing.len());
        let mut out = given.iter().chain(&missing).copied().collect::<Vec<_>>().join(",") + "\n";
        for l in lines {
            out += &format!("{l}{pad}\n");
        }
        Source::new(format!("{}.csv", R::TABLE), out)
    }

    pub fn opts() -> Options {
        Options::new(CollectionYear::new(2026))
    }

    /// [`opts`] with Leicestershire (855) submitting and a small postcode directory: LE1 1AA
    /// (Blaby, in Leicestershire), LE2 2BB (Leicester, 3.1 miles from LE1 1AA), CF10 1AA (Cardiff),
    /// ZE1 0AA (Shetland, 520 miles from LE1 1AA) and ZZ1 1ZZ (Blaby, no grid reference).
    pub fn opts_with_postcodes() -> Options {
        let onspd = "pcd,oslaua,oseast1m,osnrth1m\nLE1 1AA,E07000129,458000,304000\nLE2 2BB,E06000016,461000,308000\n\
                     CF10 1AA,W06000015,318000,176000\nZE1 0AA,S12000027,447000,1141000\nZZ1 1ZZ,E07000129,,\n";
        let mut o = opts();
        o.la = crate::find_local_authority("855");
        o.postcodes = Some(Arc::new(
            crate::Postcodes::read("onspd.csv", onspd.as_bytes(), |_| true).expect("test postcodes read"),
        ));
        o
    }

    /// [`opts_with_postcodes`] plus three Ofsted providers: SC1, a children's home in Leicester
    /// (LE2 2BB, E06000016) run privately; SC2, a Leicestershire council home (LE1 1AA) that closed
    /// on 01/06/2025; SC3, supported accommodation in Leicestershire.
    pub fn opts_with_providers() -> Options {
        let providers = "urn,local_authority,placement_codes,provider_codes,registration_end,postcode\n\
                         SC1,Leicester,K2,PR4,,LE2 2BB\nSC2,Leicestershire,K2/S1,PR1,01/06/2025,LE1 1AA\nSC3,Leicestershire,K3,PR4;PR5,,LE1 1AA\n";
        let mut o = opts_with_postcodes();
        o.providers =
            Some(Arc::new(crate::Providers::read("providers.csv", providers.as_bytes()).expect("test providers read")));
        o
    }

    /// The (table, row) pairs rule `code` flags, with `opts`.
    pub fn flagged_with(code: &str, this: &[Source], last: &[Source], opts: Options) -> Vec<(&'static str, u32)> {
        let rule = ALL.iter().find(|r| r.meta.code == code).unwrap_or_else(|| panic!("rule {code} is not registered"));
        let ret = Arc::new(crate::from_sources(this, last).expect("test input reads"));
        let mut sink = carefile_returns::Sink::new(&rule.meta);
        (rule.check)(&Input::new(ret, opts), &mut sink);
        let mut v: Vec<_> = sink.into_findings().iter().map(|f| (f.table, f.row.unwrap_or(u32::MAX))).collect();
        v.sort();
        v.dedup();
        v
    }

    /// The (table, row) pairs rule `code` flags in collection year 2026.
    pub fn flagged(code: &str, this: &[Source]) -> Vec<(&'static str, u32)> {
        flagged_with(code, this, &[], opts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carefile_domain::CollectionYear;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_years_are_supported() {
        let mut seen = HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.meta.code), "{} registered twice", r.meta.code);
        }
        for h in HISTORY {
            assert!(SUPPORTED.contains(&h.year));
        }
        assert!(crate::rule_set(CollectionYear::new(2025)).is_err());
        assert!(crate::rule_set(CollectionYear::new(2028)).is_err());
        let (y26, y27) =
            (crate::rule_set(CollectionYear::new(2026)).unwrap(), crate::rule_set(CollectionYear::new(2027)).unwrap());
        assert_eq!(y27.len(), ALL.len());
        assert_eq!((y26.len(), y27.len()), (316, 327), "every catalogue rule is registered");
        assert!(y26.rules.iter().all(|r| !r.meta.code.starts_with("70") || r.meta.code.len() != 3));
    }

    /// Each rule's message, tables and fields as the catalogue (ssda903-rules.md) has them,
    /// and its definition year consistent with the registry.
    #[test]
    fn rules_match_the_catalogue() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/spec/ssda903-rules.md");
        let Ok(text) = std::fs::read_to_string(path) else {
            eprintln!("catalogue not found at {path}; skipping");
            return;
        };
        let catalogue: std::collections::HashMap<&str, Vec<&str>> = text
            .lines()
            .filter_map(|l| l.strip_prefix("| "))
            .map(|l| l.split(" | ").map(str::trim).collect::<Vec<_>>())
            .filter(|c| c.len() >= 5)
            .map(|c| (c[0], c))
            .collect();
        let new_2027: HashSet<&str> =
            HISTORY.iter().filter(|h| h.year == 2027).flat_map(|h| h.added.iter().copied()).collect();
        for r in ALL {
            let c = catalogue.get(r.meta.code).unwrap_or_else(|| panic!("{} is not in the catalogue", r.meta.code));
            assert_eq!(
                r.meta.message,
                c[4].trim_end_matches(" |").trim_end_matches('|').trim(),
                "message of {}",
                r.meta.code
            );
            assert_eq!(new_2027.contains(r.meta.code), c[3] == "2026-27", "year of {}", r.meta.code);
        }
    }
}
