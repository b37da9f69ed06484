//! "Your network": every person the store knows, as rows the extension page lists, filters,
//! sorts and opens. Pure core: the worker makes the rows (`rows`) and one person's view
//! (`person`); the page keeps the rows and answers its own queries (`filter`) and draws the
//! layers (`layers`). The page's drawing is `web::network_page`.

pub mod filter;
pub mod hint;
pub mod layers;
pub mod person;
pub mod rows;
