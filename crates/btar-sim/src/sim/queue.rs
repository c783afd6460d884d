//! The event queue: a binary heap ordered by simulated time, with a sequence
//! number as tie-break so that events due at the same second pop in the order
//! they were scheduled.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Simulated time: whole seconds since the start of the simulated span.
pub type SimTime = i64;

struct Entry<E> {
    at: SimTime,
    seq: u64,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at && self.seq == other.seq
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: reverse so the earliest (then first scheduled) pops first.
        other.at.cmp(&self.at).then(other.seq.cmp(&self.seq))
    }
}

/// A priority queue of timed events.
///
/// Events scheduled a fixed delay after "now" (lifecycle moves and expiries)
/// go to a FIFO line per delay instead of the heap: since now only grows,
/// each line stays sorted, and popping compares the heap's top with the
/// lines' fronts by (time, sequence). The order is exactly the heap's.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    lines: Vec<(i64, VecDeque<Entry<E>>)>,
    seq: u64,
}

#[cfg(test)]
thread_local! {
    /// The most entries the heap held on this thread (tests only): tells
    /// whether fixed-delay events really went to the delay lines.
    pub(crate) static HEAP_PEAK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// More distinct delays than this go to the heap.
const MAX_LINES: usize = 8;

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<E> EventQueue<E> {
    pub fn with_capacity(n: usize) -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(n),
            lines: Vec::new(),
            seq: 0,
        }
    }

    /// Schedules `event` at `now + delay`, where `now` never decreases
    /// between calls.
    #[inline]
    pub fn push_after(&mut self, now: SimTime, delay: i64, event: E) {
        let at = now.saturating_add(delay);
        let line = match self.lines.iter().position(|(d, _)| *d == delay) {
            Some(i) => Some(i),
            None if self.lines.len() < MAX_LINES => {
                self.lines.push((delay, VecDeque::new()));
                Some(self.lines.len() - 1)
            }
            None => None,
        };
        match line {
            Some(i) if self.lines[i].1.back().is_none_or(|b| b.at <= at) => {
                self.seq += 1;
                let seq = self.seq;
                self.lines[i].1.push_back(Entry { at, seq, event });
            }
            _ => self.push(at, event),
        }
    }

    #[inline]
    pub fn push(&mut self, at: SimTime, event: E) {
        self.seq += 1;
        self.heap.push(Entry {
            at,
            seq: self.seq,
            event,
        });
        #[cfg(test)]
        HEAP_PEAK.with(|p| p.set(p.get().max(self.heap.len())));
    }

    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        let mut best: Option<(SimTime, u64, usize)> =
            self.heap.peek().map(|e| (e.at, e.seq, usize::MAX));
        for (i, (_, line)) in self.lines.iter().enumerate() {
            if let Some(f) = line.front() {
                if best.is_none_or(|(at, seq, _)| (f.at, f.seq) < (at, seq)) {
                    best = Some((f.at, f.seq, i));
                }
            }
        }
        let (_, _, from) = best?;
        let e = if from == usize::MAX {
            self.heap.pop()?
        } else {
            self.lines[from].1.pop_front()?
        };
        Some((e.at, e.event))
    }

    pub fn len(&self) -> usize {
        self.heap.len() + self.lines.iter().map(|(_, l)| l.len()).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_and_fifo_among_equal_times() {
        let mut q = EventQueue::default();
        q.push(10, "c");
        q.push(5, "a");
        q.push(10, "d");
        q.push(5, "b");
        q.push(7, "x");
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            order,
            vec![(5, "a"), (5, "b"), (7, "x"), (10, "c"), (10, "d")]
        );
        assert!(q.is_empty());
    }

    #[test]
    fn delay_lines_pop_in_the_same_order_as_the_heap() {
        let mut a = EventQueue::default();
        let mut b = EventQueue::default();
        let mut n = 0u32;
        for now in [0i64, 5, 5, 9, 20] {
            for delay in [10i64, 3, 10, 0, 7] {
                a.push(now + delay, n);
                b.push_after(now, delay, n);
                n += 1;
            }
        }
        let pa: Vec<_> = std::iter::from_fn(|| a.pop()).collect();
        let pb: Vec<_> = std::iter::from_fn(|| b.pop()).collect();
        assert_eq!(pa, pb);
        assert!(b.is_empty());
    }
}
