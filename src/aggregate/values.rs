//! Figure values for exact medians, kept as one sorted array of distinct values per cell
//! rather than every figure seen.

/// An f64 as a key that sorts like the number (`f64::total_cmp` order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct OrderedValue(u64);

impl OrderedValue {
    pub(super) fn of(v: f64) -> OrderedValue {
        let b = v.to_bits();
        OrderedValue(if b >> 63 == 1 { !b } else { b | (1 << 63) })
    }
    pub(super) fn value(self) -> f64 {
        let b = self.0;
        f64::from_bits(if b >> 63 == 1 { b & !(1 << 63) } else { !b })
    }
}

/// One distinct value of a figure cell, with how often it was seen.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) cell: u32,
    pub(super) count: u32,
    pub(super) value: OrderedValue,
}

/// The values of every figure cell: one [`Entry`] per distinct (cell, value), sorted by
/// cell then value, plus the values added since they were last merged in. Cells are many
/// (units are open nouns, times every period) and most hold a few values, so they share
/// one array, 16 bytes per distinct value, rather than an allocation each; memory follows
/// the distinct values (figures repeat a lot), not the number of figures.
#[derive(Default)]
pub(super) struct Values {
    pub(super) sorted: Vec<Entry>,
    pub(super) fresh: Vec<Entry>,
}

impl Values {
    pub(super) fn push(&mut self, cell: u32, value: OrderedValue) {
        self.fresh.push(Entry {
            cell,
            count: 1,
            value,
        });
        // Merging when the new values are half as many as the merged ones keeps the work
        // per value constant on average and the unmerged part small.
        if self.fresh.len() >= (self.sorted.len() / 2).max(1 << 14) {
            self.merge();
        }
    }

    pub(super) fn merge(&mut self) {
        if self.fresh.is_empty() {
            return;
        }
        let key = |e: &Entry| (e.cell, e.value);
        self.fresh.sort_unstable_by_key(key);
        let mut merged: Vec<Entry> = Vec::with_capacity(self.sorted.len() + self.fresh.len());
        let add = |e: Entry, merged: &mut Vec<Entry>| match merged.last_mut() {
            Some(last) if key(last) == key(&e) => last.count += e.count,
            _ => merged.push(e),
        };
        let mut old = self.sorted.iter().copied().peekable();
        for &e in &self.fresh {
            while let Some(&o) = old.peek()
                && key(&o) < key(&e)
            {
                add(o, &mut merged);
                old.next();
            }
            add(e, &mut merged);
        }
        old.for_each(|o| add(o, &mut merged));
        merged.shrink_to_fit();
        self.sorted = merged;
        self.fresh = Vec::new();
    }
}

/// The median of counted values, given in order (the mean of the middle two for an even
/// count).
pub(super) fn median(counts: &[Entry]) -> Option<f64> {
    let n: u64 = counts.iter().map(|e| e.count as u64).sum();
    if n == 0 {
        return None;
    }
    // The values at sorted positions (n-1)/2 and n/2 (the same one when n is odd).
    let (lo_at, hi_at) = ((n - 1) / 2, n / 2);
    let (mut lo, mut hi) = (None, None);
    let mut seen = 0u64;
    for &Entry {
        value: v, count: c, ..
    } in counts
    {
        let next = seen + c as u64;
        if lo.is_none() && lo_at < next {
            lo = Some(v.value());
        }
        if hi_at < next {
            hi = Some(v.value());
            break;
        }
        seen = next;
    }
    Some((lo? + hi?) / 2.0)
}
