//! The numbers of stored parts (people buckets, chunks) in order: which changed since the last
//! save, which are in use.

/// A set of part numbers, kept sorted in a list: there are a few dozen at most (the changed
/// chunks of a large import, a few hundred), and a `BTreeSet<u32>` compiled a sorted tree's
/// code into the worker's wasm for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct PartNumbers(Vec<u32>);

impl PartNumbers {
    /// Adds `n`: whether it was new.
    pub(super) fn insert(&mut self, n: u32) -> bool {
        // Recording adds to the last chunk again and again: answered before any search.
        if self.0.last() == Some(&n) {
            return false;
        }
        match self.0.binary_search(&n) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, n);
                true
            }
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn retain(&mut self, keep: impl FnMut(&u32) -> bool) {
        self.0.retain(keep);
    }

    pub(super) fn iter(&self) -> std::slice::Iter<'_, u32> {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a PartNumbers {
    type Item = &'a u32;
    type IntoIter = std::slice::Iter<'a, u32>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl IntoIterator for PartNumbers {
    type Item = u32;
    type IntoIter = std::vec::IntoIter<u32>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<u32> for PartNumbers {
    fn from_iter<I: IntoIterator<Item = u32>>(numbers: I) -> PartNumbers {
        let mut set = PartNumbers::default();
        for n in numbers {
            set.insert(n);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_number_once_in_order() {
        let mut set: PartNumbers = [5, 1, 5, 3, 1].into_iter().collect();
        assert!(set.insert(2));
        assert!(!set.insert(5));
        assert!(!set.insert(3));
        assert_eq!(set.iter().copied().collect::<Vec<_>>(), [1, 2, 3, 5]);
        set.retain(|&n| n % 2 == 1);
        assert_eq!(set.into_iter().collect::<Vec<_>>(), [1, 3, 5]);
    }
}
