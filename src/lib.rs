//! Vínculo's core: pure Rust (no web-sys), tested natively. The browser edge is `web`,
//! compiled only for wasm32.
//!
//! ```text
//! count, depth        parse what the page prints (counts per locale, depth of a text)
//! page, adapter       what the content script reads, and the site's selector data
//! quality, feed       a post's conversation quality → the overlays to draw
//! model, score,       interactions, tie strength, network health
//! insight, store      and the store that keeps them
//! chart               the weekly chart (SVG) the popup and the report show
//! capture            page records → the user's own interactions
//! capture_page       a page scan's entities → a capture batch
//! identity, page_date who is who across slugs, member ids and names; dates as pages print them
//! languages           each interface language's tables (counts, dates): all compiled in, or added
//! archive, export     the site's data-export archive in; JSON/CSV/HTML out
//! network            "Your network": a row per person, filters, layers, one person's view
//! msg                 the one translatable message: a `_locales` key and its arguments
//! sorting             one copy of the sort code for every list the core sorts
//! jobs                the worker's jobs: one call per message on the store it holds
//! pages               the extension pages' jobs: an import prepared, an export made
//! web (wasm32)        bindings only: `--features worker` and `--features pages`, two modules
//! ```

pub mod adapter;
pub mod archive;
pub mod capture;
pub mod capture_page;
pub mod chart;
pub mod count;
pub mod depth;
pub mod export;
pub mod feed;
pub mod identity;
pub mod insight;
pub mod jobs;
pub mod json;
pub mod languages;
pub mod model;
pub mod msg;
pub mod network;
pub mod page;
pub mod page_date;
pub mod pages;
pub mod quality;
pub mod relationship;
pub mod score;
pub mod sorting;
pub mod store;

#[cfg(target_arch = "wasm32")]
pub mod web;
