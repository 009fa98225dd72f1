//! The report's time axis: the periods a reader needs to see, not every period between
//! the oldest and the newest page.
//!
//! A corpus of news has a dense range of publication dates and a few pages far from it (an
//! archive page of 2018 in a folder of 2025 coverage). Drawn on the full grid, those few
//! stretch every chart over years and squeeze the weeks that matter into its edge. So the
//! axis leaves out outlying clusters at either end (reported in a note under the header,
//! not plotted) and collapses long empty stretches inside the range into a visible break.
//! With `--since`/`--until` the window is the reader's choice and is drawn whole.

use super::*;

/// A stretch of at least this many days without stories separates clusters of periods.
const CLUSTER_GAP_DAYS: i64 = 180;
/// End clusters holding together at most this share of the dated stories are outliers.
const OUTLIER_SHARE: f64 = 0.02;
/// An empty stretch inside the range of at least this many periods…
const BREAK_PERIODS: usize = 4;
/// …and this many days is drawn as a break, not as blank periods.
const BREAK_DAYS: i64 = 28;

/// The periods drawn, where the breaks fall and what was left out.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    /// Periods drawn, in order.
    pub(super) periods: Vec<NaiveDate>,
    /// Breaks: before which drawn period each falls, and how many periods it leaves out.
    pub(super) breaks: Vec<(usize, usize)>,
    /// Outlying clusters left off the charts: first and last period, stories.
    pub(super) left_out: Vec<(NaiveDate, NaiveDate, u32)>,
}

impl Axis {
    /// The axis over `grid` (every period, in order) with `stories[i]` dated stories in
    /// period `i`. `window` is the run's `--since`/`--until`: when either is set the
    /// range is not trimmed.
    pub(super) fn of(grid: &[NaiveDate], stories: &[u32], window: bool) -> Axis {
        let filled: Vec<usize> = (0..grid.len()).filter(|&i| stories[i] > 0).collect();
        let (mut lo, mut hi) = (0, grid.len());
        let mut left_out = Vec::new();
        if !window && filled.len() > 1 {
            // Clusters of filled periods, split where the gap is long.
            let mut clusters: Vec<(usize, usize)> = vec![(filled[0], filled[0])];
            for w in filled.windows(2) {
                if (grid[w[1]] - grid[w[0]]).num_days() >= CLUSTER_GAP_DAYS {
                    clusters.push((w[1], w[1]));
                } else if let Some(last) = clusters.last_mut() {
                    last.1 = w[1];
                }
            }
            let total: u32 = stories.iter().sum();
            let weight = |c: &(usize, usize)| stories[c.0..=c.1].iter().sum::<u32>();
            let budget = (OUTLIER_SHARE * total as f64).floor() as u32;
            let (mut first, mut last, mut spent) = (0, clusters.len() - 1, 0);
            // Take the lighter end first, while what is left out stays within the budget.
            while first < last {
                let (a, b) = (weight(&clusters[first]), weight(&clusters[last]));
                if a <= b && spent + a <= budget {
                    spent += a;
                    first += 1;
                } else if spent + b <= budget {
                    spent += b;
                    last -= 1;
                } else if spent + a <= budget {
                    spent += a;
                    first += 1;
                } else {
                    break;
                }
            }
            for c in clusters[..first].iter().chain(&clusters[last + 1..]) {
                left_out.push((grid[c.0], grid[c.1], weight(c)));
            }
            lo = clusters[first].0;
            hi = clusters[last].1 + 1;
        }
        let mut periods = Vec::with_capacity(hi - lo);
        let mut breaks = Vec::new();
        let mut i = lo;
        while i < hi {
            let run = (i..hi).take_while(|&j| stories[j] == 0).count();
            let days = if run > 0 {
                (grid.get(i + run).copied().unwrap_or(grid[hi - 1]) - grid[i]).num_days()
            } else {
                0
            };
            // Only inside the range: an empty first or last period is drawn as it is.
            if run >= BREAK_PERIODS && days >= BREAK_DAYS && i > lo && i + run < hi {
                breaks.push((periods.len(), run));
                i += run;
                continue;
            }
            periods.push(grid[i]);
            i += 1;
        }
        Axis {
            periods,
            breaks,
            left_out,
        }
    }

    /// Whether a break falls just before drawn period `i`: lines lift their pen there.
    pub(super) fn breaks_before(&self, i: usize) -> bool {
        self.breaks.iter().any(|&(b, _)| b == i)
    }

    /// Position of each drawn period, in slots, counting each break as `gap` slots.
    pub(super) fn offsets(&self, gap: f64) -> Vec<f64> {
        let mut out = Vec::with_capacity(self.periods.len());
        let mut shift = 0.0;
        for i in 0..self.periods.len() {
            if self.breaks_before(i) {
                shift += gap;
            }
            out.push(i as f64 + shift);
        }
        out
    }

    /// The note on what the axis leaves out, for the page's header; empty when nothing.
    pub(super) fn note(&self, period: Period) -> String {
        let mut parts = Vec::new();
        for &(first, last, n) in &self.left_out {
            let when = if first == last {
                format!("the {} of {first}", period.as_str())
            } else {
                format!("{first} to {last}")
            };
            parts.push(format!(
                "{n} {} from {when}",
                if n == 1 { "story" } else { "stories" }
            ));
        }
        if parts.is_empty() {
            return String::new();
        }
        format!(
            "<p class=note id=outliers>Left off the charts as far from the rest: {}. They are in the tables.</p>",
            esc(&parts.join("; "))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weeks(n: usize) -> Vec<NaiveDate> {
        Period::Week.range(
            "2018-01-01".parse().unwrap(),
            "2018-01-01".parse::<NaiveDate>().unwrap() + chrono::Duration::weeks(n as i64 - 1),
        )
    }

    #[test]
    fn outlying_ends_are_left_out_dense_range_kept() {
        // Two stories in the first week, then nothing for years, then 200 weeks of news.
        let grid = weeks(400);
        let mut stories = vec![0; 400];
        stories[0] = 2;
        for s in &mut stories[200..400] {
            *s = 5;
        }
        let axis = Axis::of(&grid, &stories, false);
        assert_eq!(axis.periods[0], grid[200]);
        assert_eq!(axis.periods.len(), 200);
        assert_eq!(axis.left_out, vec![(grid[0], grid[0], 2)]);
        assert!(axis.note(Period::Week).contains("2 stories"));
        // The same data in a window the reader chose is drawn whole (the gap a break).
        let window = Axis::of(&grid, &stories, true);
        assert_eq!(window.periods[0], grid[0]);
        assert!(window.left_out.is_empty());
        assert_eq!(window.breaks, vec![(1, 199)]);
    }

    #[test]
    fn a_heavy_far_cluster_is_not_an_outlier() {
        // Two clusters a year apart, each a fair share of the stories: both stay.
        let grid = weeks(120);
        let mut stories = vec![0; 120];
        for s in &mut stories[0..10] {
            *s = 3;
        }
        for s in &mut stories[100..120] {
            *s = 4;
        }
        let axis = Axis::of(&grid, &stories, false);
        assert!(axis.left_out.is_empty());
        assert_eq!(axis.periods.first(), Some(&grid[0]));
        assert_eq!(axis.periods.last(), Some(&grid[119]));
        // The 90 empty weeks between them are one break.
        assert_eq!(axis.breaks, vec![(10, 90)]);
        assert_eq!(axis.periods.len(), 30);
        let offsets = axis.offsets(2.0);
        assert_eq!(offsets[9], 9.0);
        assert_eq!(offsets[10], 12.0);
    }

    #[test]
    fn short_gaps_stay_as_empty_periods() {
        let grid = weeks(12);
        let stories = [3, 0, 0, 0, 2, 0, 1, 1, 0, 0, 0, 4];
        let axis = Axis::of(&grid, &stories, false);
        // Three empty weeks are under the break's four.
        assert!(axis.breaks.is_empty());
        assert_eq!(axis.periods, grid);
        let stories = [3, 0, 0, 0, 0, 2, 1, 1, 0, 0, 0, 4];
        let axis = Axis::of(&grid, &stories, false);
        assert_eq!(axis.breaks, vec![(1, 4)]);
        assert!(axis.breaks_before(1) && !axis.breaks_before(2));
    }

    #[test]
    fn one_period_or_none() {
        let grid = weeks(1);
        assert_eq!(Axis::of(&grid, &[4], false).periods, grid);
        assert!(Axis::of(&[], &[], false).periods.is_empty());
    }
}
