//! The browser edge: wasm-bindgen exports for the service worker and the extension pages.
//! Bindings only — conversions between JS values and the core; no logic lives here.

mod count;
mod feed;
mod io;
mod relations;
