//! The tables of the site's interface languages: how each one, and each regional variant of
//! it, writes counts (`src/count.tsv`, read by `count`) and dates (`src/page_date.tsv`, read by
//! `page_date`). Both are data generated from CLDR, one line per language or variant.
//!
//! The native build and the pages' module hold every line. The worker's module holds none: the
//! service worker adds a language's lines the first time it handles a page in that language,
//! and English's with its first page (a page in a language with no lines reads as English). The
//! build writes them as `languages/<language>.json` in the package (`tools/assemble.mjs`), so a
//! worker start compiles only the code, not forty languages' words.

#[cfg(not(feature = "worker"))]
use std::sync::Once;

/// Adds lines of `src/count.tsv` and of `src/page_date.tsv` (one language's, or several);
/// lines of a tag already known are skipped. → how many lines were new.
pub fn add(count_lines: &str, date_lines: &str) -> usize {
    crate::count::add_locales(leak(count_lines)) + crate::page_date::add_languages(leak(date_lines))
}

/// The tables keep `&'static str` words, as when they were compiled in. A worker adds each
/// language once, so what is leaked is bounded by the languages it meets.
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// Every line, in the builds that hold them: called before a table is looked up.
pub(crate) fn ensure_compiled_in() {
    #[cfg(not(feature = "worker"))]
    {
        static ADDED: Once = Once::new();
        ADDED.call_once(|| {
            crate::count::add_locales(include_str!("count.tsv"));
            crate::page_date::add_languages(include_str!("page_date.tsv"));
        });
    }
}
