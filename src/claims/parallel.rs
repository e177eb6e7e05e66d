//! Spreading independent work over the machine's cores, results in order.
//!
//! A general helper with no knowledge of claims: scoped threads (`std::thread::scope`), at
//! most eight, one contiguous chunk of the input each. Imports nothing from `claims`, so
//! every part of the linker can use it without an import cycle.

/// Most threads used: past this the chunks get small and the merge costs more than it saves.
const MAX_THREADS: usize = 8;
/// Below this many items the work is done on the calling thread.
const MIN_PARALLEL_ITEMS: usize = 64;

fn threads_for(items: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
        .min(items.max(1))
}

/// `f` over `items` on the machine's cores, results in order.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    parallel_map_with(items, || (), |(), item| f(item))
}

/// `f` over `items` on the machine's cores, results in order; each thread first makes its
/// own scratch state with `init` and hands it to every call (a buffer reused across items).
/// A panic in `f` is resumed on the calling thread.
pub fn parallel_map_with<T: Sync, S, R: Send>(
    items: &[T],
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    let threads = threads_for(items.len());
    if threads == 1 || items.len() < MIN_PARALLEL_ITEMS {
        let mut state = init();
        return items.iter().map(|item| f(&mut state, item)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let (f, init) = (&f, &init);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut state = init();
                    part.iter()
                        .map(|item| f(&mut state, item))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_for_small_and_large_inputs() {
        for n in [0, 1, 63, 64, 1000] {
            let items: Vec<usize> = (0..n).collect();
            assert_eq!(
                parallel_map(&items, |x| x * 2),
                (0..n).map(|x| x * 2).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn each_thread_reuses_its_own_state() {
        let items: Vec<usize> = (0..500).collect();
        // the state counts calls on its thread: never more than the items
        let seen = parallel_map_with(
            &items,
            || 0usize,
            |calls, _| {
                *calls += 1;
                *calls
            },
        );
        assert_eq!(seen.len(), 500);
        assert!(seen.iter().all(|&c| (1..=500).contains(&c)));
        assert_eq!(seen.iter().filter(|&&c| c == 1).count(), threads_for(500));
    }
}
