//! Sorting through one copy of the sort code. Each `sort_by` with its own element type and
//! closure compiles a whole sort (several kilobytes of wasm); these sort positions (`u32`)
//! with the comparison behind a `dyn` reference, so every caller shares one.

use std::cmp::Ordering;

/// Sorts positions by `compare` of the items they stand for: stable, as `slice::sort_by`.
pub fn sort_positions(order: &mut [u32], compare: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

/// `items` in the order `compare` gives, stable (equal items keep their order), as
/// `slice::sort_by` leaves them; each item is moved once.
pub fn sorted_by<T>(items: Vec<T>, compare: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    sort_positions(&mut order, &|a, b| {
        compare(&items[a as usize], &items[b as usize])
    });
    in_order(items, &order)
}

/// `items` moved into `order` (a permutation of their positions).
pub fn in_order<T>(items: Vec<T>, order: &[u32]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| slots[i as usize].take())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort() {
        let items: Vec<(u8, usize)> = [3u8, 1, 3, 0, 2, 1, 3, 0]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i))
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| std::cmp::Reverse(item.0));
        assert_eq!(sorted_by(items, |a, b| b.0.cmp(&a.0)), expected);
        assert!(sorted_by(Vec::<u8>::new(), u8::cmp).is_empty());
    }
}
