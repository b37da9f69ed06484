//! The page's questions over the rows: search by name, the seed's filters, sort by any column.
//! Every column's order is found once when the rows arrive (`Index::new`); a query then walks
//! one order and keeps the rows that match, so typing, filtering and sorting over 30,000 people
//! cost one linear pass, not a sort.

use serde::{Deserialize, Serialize};

use super::rows::Row;
use crate::model::Direction;
use crate::score::Tier;

const DAY: i64 = 86_400;
/// "New this month": first met within this many days.
pub const NEW_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    #[default]
    All,
    /// Connections with no exchange at all.
    Ghosts,
    /// One-way: the user gives, they do not.
    YouGive,
    /// One-way: they give, the user does not.
    TheyGive,
    DormantStrong,
    RepliesOwed,
    NewThisMonth,
}

impl Filter {
    pub const ALL: [Filter; 7] = [
        Filter::All,
        Filter::Ghosts,
        Filter::YouGive,
        Filter::TheyGive,
        Filter::DormantStrong,
        Filter::RepliesOwed,
        Filter::NewThisMonth,
    ];

    pub fn matches(self, row: &Row, now: i64) -> bool {
        match self {
            Filter::All => true,
            Filter::Ghosts => row.connection && row.tier == Tier::Ghost,
            Filter::YouGive => row.one_way == Some(Direction::Given),
            Filter::TheyGive => row.one_way == Some(Direction::Received),
            Filter::DormantStrong => row.dormant_strong,
            Filter::RepliesOwed => row.owed,
            Filter::NewThisMonth => row.first_at.is_some_and(|at| now - at <= NEW_DAYS * DAY),
        }
    }

    /// Its name in messages and in the page's saved view.
    pub fn name(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Ghosts => "ghosts",
            Filter::YouGive => "you_give",
            Filter::TheyGive => "they_give",
            Filter::DormantStrong => "dormant_strong",
            Filter::RepliesOwed => "replies_owed",
            Filter::NewThisMonth => "new_this_month",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Name,
    Tier,
    #[default]
    Strength,
    /// Given and received together.
    GiveReceive,
    LastExchange,
    Channels,
    ConnectedSince,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Name,
        Column::Tier,
        Column::Strength,
        Column::GiveReceive,
        Column::LastExchange,
        Column::Channels,
        Column::ConnectedSince,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Tier => "tier",
            Column::Strength => "strength",
            Column::GiveReceive => "give_receive",
            Column::LastExchange => "last_exchange",
            Column::Channels => "channels",
            Column::ConnectedSince => "connected_since",
        }
    }

    fn position(self) -> usize {
        Column::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// What the page asks: the typed text, one filter, the sort.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Query {
    pub search: String,
    pub filter: Filter,
    pub sort: Column,
    /// Largest first (names: Z to A).
    pub descending: bool,
}

/// The rows' search keys and each column's order, ascending (ties broken by name, then key, so
/// every order is total and the same each time). An order is found the first time a query
/// sorts by its column, so the page's first paint pays for one sort, not seven — or none: the
/// worker's rows come strongest first (`score_all`'s order), which is taken as it is.
pub struct Index {
    folded: Vec<String>,
    orders: Vec<Option<Vec<u32>>>,
}

/// Lower case without the accents Portuguese and English names carry, so "joao" finds João.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect()
}

/// A shown name: the name, or the key when the site never showed one.
pub fn shown_name(row: &Row) -> &str {
    if row.name.is_empty() {
        &row.key
    } else {
        &row.name
    }
}

impl Index {
    pub fn new(rows: &[Row]) -> Index {
        let mut orders = vec![None; Column::ALL.len()];
        if rows.windows(2).all(|w| w[0].strength >= w[1].strength) {
            orders[Column::Strength.position()] = Some((0..rows.len() as u32).rev().collect());
        }
        Index {
            folded: rows.iter().map(|r| fold(shown_name(r))).collect(),
            orders,
        }
    }

    fn order(&mut self, rows: &[Row], column: Column) -> &[u32] {
        let folded = &self.folded;
        self.orders[column.position()].get_or_insert_with(|| {
            let mut order: Vec<u32> = (0..rows.len() as u32).collect();
            order.sort_unstable_by(|a, b| {
                let (ra, rb) = (&rows[*a as usize], &rows[*b as usize]);
                let primary = match column {
                    Column::Name => std::cmp::Ordering::Equal,
                    // The tiers' own order is strongest first: ascending is weakest first.
                    Column::Tier => rb.tier.cmp(&ra.tier),
                    Column::Strength => ra.strength.total_cmp(&rb.strength),
                    Column::GiveReceive => (ra.given + ra.received).cmp(&(rb.given + rb.received)),
                    Column::LastExchange => ra.last_at.cmp(&rb.last_at),
                    Column::Channels => ra.channels.count_ones().cmp(&rb.channels.count_ones()),
                    Column::ConnectedSince => ra.connected_at.cmp(&rb.connected_at),
                };
                primary
                    .then_with(|| folded[*a as usize].cmp(&folded[*b as usize]))
                    .then_with(|| ra.key.cmp(&rb.key))
            });
            order
        })
    }

    /// The rows that answer the query, in its order.
    pub fn select(&mut self, rows: &[Row], query: &Query, now: i64) -> Vec<u32> {
        let needle = fold(query.search.trim());
        self.order(rows, query.sort);
        let order = self.orders[query.sort.position()]
            .as_deref()
            .unwrap_or_default();
        let folded = &self.folded;
        let keep = |&&i: &&u32| {
            query.filter.matches(&rows[i as usize], now)
                && (needle.is_empty() || folded[i as usize].contains(&needle))
        };
        if query.descending {
            order.iter().rev().filter(keep).copied().collect()
        } else {
            order.iter().filter(keep).copied().collect()
        }
    }
}

/// How many rows each filter holds, in [`Filter::ALL`]'s order.
pub fn counts(rows: &[Row], now: i64) -> Vec<usize> {
    Filter::ALL
        .iter()
        .map(|f| rows.iter().filter(|r| f.matches(r, now)).count())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::rows::network_rows;
    use crate::network::rows::tests::{network, NOW};
    use crate::score::Thresholds;

    fn names(rows: &[Row], selected: &[u32]) -> Vec<String> {
        selected
            .iter()
            .map(|&i| rows[i as usize].name.clone())
            .collect()
    }

    fn query(search: &str, filter: Filter, sort: Column, descending: bool) -> Query {
        Query {
            search: search.into(),
            filter,
            sort,
            descending,
        }
    }

    #[test]
    fn typing_part_of_a_name_finds_it_accents_or_not() {
        let rows = network_rows(&network(), NOW, &Thresholds::default());
        let mut index = Index::new(&rows);
        for typed in ["edu", "ÉDU", "ramos", " Édu R"] {
            let found = index.select(&rows, &query(typed, Filter::All, Column::Name, false), NOW);
            assert_eq!(names(&rows, &found), ["Édu Ramos"], "{typed}");
        }
        let found = index.select(&rows, &query("zz", Filter::All, Column::Name, false), NOW);
        assert!(found.is_empty());
    }

    #[test]
    fn each_filter_answers_its_question_and_counts_what_it_holds() {
        let rows = network_rows(&network(), NOW, &Thresholds::default());
        let mut index = Index::new(&rows);
        let expect = [
            (Filter::Ghosts, vec!["Caio Prado"]),
            (Filter::YouGive, vec!["Bia Lima"]),
            (Filter::TheyGive, vec!["Duda Reis"]),
            (Filter::DormantStrong, vec!["Édu Ramos"]),
            (Filter::RepliesOwed, vec!["Duda Reis"]),
            (Filter::NewThisMonth, vec!["Bia Lima", "Duda Reis"]),
        ];
        let counts = counts(&rows, NOW);
        assert_eq!(counts[0], rows.len());
        for (filter, want) in expect {
            let found = index.select(&rows, &query("", filter, Column::Name, false), NOW);
            assert_eq!(names(&rows, &found), want, "{filter:?}");
            let position = Filter::ALL.iter().position(|f| *f == filter).unwrap();
            assert_eq!(counts[position], want.len(), "{filter:?}");
        }
    }

    #[test]
    fn rows_in_any_order_sort_alike_by_strength() {
        let rows = network_rows(&network(), NOW, &Thresholds::default());
        let mut shuffled = rows.clone();
        shuffled.reverse();
        let strongest = |rows: &[Row]| {
            let mut index = Index::new(rows);
            names(
                rows,
                &index.select(rows, &query("", Filter::All, Column::Strength, true), NOW),
            )
        };
        assert_eq!(strongest(&rows), strongest(&shuffled));
    }

    #[test]
    fn every_column_sorts_both_ways() {
        let rows = network_rows(&network(), NOW, &Thresholds::default());
        let mut index = Index::new(&rows);
        let mut sorted = |column, descending| {
            names(
                &rows,
                &index.select(&rows, &query("", Filter::All, column, descending), NOW),
            )
        };
        assert_eq!(
            sorted(Column::Name, false),
            [
                "Ana Souza",
                "Bia Lima",
                "Caio Prado",
                "Duda Reis",
                "Édu Ramos"
            ]
        );
        assert_eq!(sorted(Column::Name, true)[0], "Édu Ramos");
        assert_eq!(sorted(Column::GiveReceive, true)[0], "Édu Ramos");
        // Ana and Bia both exchanged today: equal dates go by name, reversed with the rest.
        assert_eq!(
            sorted(Column::LastExchange, true)[..2],
            ["Bia Lima", "Ana Souza"]
        );
        assert_eq!(
            sorted(Column::LastExchange, false)[0],
            "Caio Prado",
            "never first"
        );
        assert_eq!(
            sorted(Column::Tier, false)[0],
            "Caio Prado",
            "weakest first"
        );
        assert_eq!(sorted(Column::ConnectedSince, true)[0], "Bia Lima");
        let strongest = sorted(Column::Strength, true);
        let mut by_strength = rows.clone();
        by_strength.sort_by(|a, b| b.strength.total_cmp(&a.strength));
        assert_eq!(strongest[0], by_strength[0].name);
        for column in Column::ALL {
            let mut up = sorted(column, false);
            up.reverse();
            assert_eq!(up, sorted(column, true), "{column:?}");
        }
    }
}
