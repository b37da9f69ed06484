//! The native twin of the content script's extraction engine (`extension/content/extract.js`):
//! the same adapter data applied to fixture HTML with `scraper`, whose CSS selectors match the
//! browser's. The semantics are written down once, in `src/adapter.rs`; keep both engines to
//! exactly them (the browser end-to-end test proves they agree on every fixture).

#![allow(dead_code)] // Each test crate uses a different part of the twin.

use scraper::{ElementRef, Html, Selector};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use vinculo::adapter::{pages_for_path, Adapter, Read, Strategy};
use vinculo::page::{EntityRecord, FieldHealth, Health, PageScan};

/// One root read: the record and which of its fields have an element an overlay sits beside.
#[derive(Debug, Clone)]
pub struct RootRead {
    pub record: EntityRecord,
    pub anchors: BTreeSet<String>,
}

/// A page as the content script reports it after its first drain.
#[derive(Debug, Clone)]
pub struct NativePage {
    /// What the worker receives: one record per key (the first copy read), and the health.
    pub scan: PageScan,
    /// Every root read, copies included, in the order the content script reads them.
    pub roots: Vec<RootRead>,
}

pub struct Engine<'a> {
    pub adapter: &'a Adapter,
    selectors: RefCell<HashMap<String, Rc<Selector>>>,
}

impl<'a> Engine<'a> {
    pub fn new(adapter: &'a Adapter) -> Self {
        Engine {
            adapter,
            selectors: RefCell::default(),
        }
    }

    /// A compiled selector (panics on one scraper cannot parse: the lint test reports those).
    pub fn selector(&self, css: &str) -> Rc<Selector> {
        let mut cache = self.selectors.borrow_mut();
        cache
            .entry(css.to_owned())
            .or_insert_with(|| {
                Rc::new(Selector::parse(css).unwrap_or_else(|e| panic!("selector {css:?}: {e}")))
            })
            .clone()
    }

    fn roots_selector(&self, entity: &str) -> Rc<Selector> {
        self.selector(&self.adapter.entities[entity].roots.join(", "))
    }

    pub fn page_kind(&self, path: &str, document: &Html) -> Option<String> {
        pages_for_path(self.adapter, path)
            .find(|page| {
                page.detect.is_empty()
                    || page
                        .detect
                        .iter()
                        .any(|css| document.select(&self.selector(css)).next().is_some())
            })
            .map(|page| page.kind.clone())
    }

    pub fn top_entities(&self, kind: Option<&str>) -> Vec<String> {
        let Some(kind) = kind else { return Vec::new() };
        self.adapter
            .pages
            .iter()
            .find(|page| page.kind == kind)
            .map(|page| page.entities.clone())
            .unwrap_or_default()
    }

    /// Roots of `entity` at or under `scope`, in document order.
    pub fn find_roots<'d>(&self, entity: &str, scope: ElementRef<'d>) -> Vec<ElementRef<'d>> {
        let selector = self.roots_selector(entity);
        let outermost = self.adapter.entities[entity].outermost;
        std::iter::once(scope)
            .filter(|el| selector.matches(el))
            .chain(scope.select(&selector))
            .filter(|el| !outermost || !ancestors(*el).any(|a| selector.matches(&a)))
            .collect()
    }

    /// The record of one entity root, the elements of its anchor fields, and health updated.
    pub fn read_entity<'d>(
        &self,
        entity_name: &str,
        element: ElementRef<'d>,
        path: &str,
        health: &mut Health,
    ) -> (EntityRecord, BTreeMap<String, ElementRef<'d>>) {
        let entity = &self.adapter.entities[entity_name];
        let mut record = EntityRecord {
            entity: entity_name.to_owned(),
            ..Default::default()
        };
        let mut anchors = BTreeMap::new();

        let key = self.first_value(&entity.key, element, path);
        note(
            health,
            entity_name,
            "key",
            true,
            key.as_ref().map(|(i, _, _)| *i),
        );
        record.key = key.map(|(_, value, _)| value).unwrap_or_default();

        for (name, field) in &entity.fields {
            let found = self.first_value(&field.strategies, element, path);
            note(
                health,
                entity_name,
                name,
                field.required,
                found.as_ref().map(|(i, _, _)| *i),
            );
            if let Some((_, value, at)) = found {
                record.fields.insert(name.clone(), value);
                if field.anchor {
                    anchors.insert(name.clone(), at);
                }
            }
        }
        for child in &entity.children {
            for root in self
                .find_roots(child, element)
                .into_iter()
                .filter(|r| *r != element)
            {
                record
                    .children
                    .push(self.read_entity(child, root, path, health).0);
            }
        }
        (record, anchors)
    }

    /// The first strategy giving a value: (its index, the value, the element it came from).
    fn first_value<'d>(
        &self,
        strategies: &[Strategy],
        root: ElementRef<'d>,
        path: &str,
    ) -> Option<(u32, String, ElementRef<'d>)> {
        strategies.iter().enumerate().find_map(|(i, strategy)| {
            self.apply(strategy, root, path)
                .map(|(value, at)| (i as u32, value, at))
        })
    }

    fn apply<'d>(
        &self,
        strategy: &Strategy,
        root: ElementRef<'d>,
        path: &str,
    ) -> Option<(String, ElementRef<'d>)> {
        let candidates: Vec<ElementRef<'d>> = if let Some(css) = &strategy.css {
            let not_inside = strategy.not_inside.as_deref().map(|s| self.selector(s));
            root.select(&self.selector(css))
                .filter(|candidate| match &not_inside {
                    None => true,
                    Some(excluded) => !std::iter::once(*candidate)
                        .chain(ancestors(*candidate))
                        .take_while(|el| *el != root)
                        .any(|el| excluded.matches(&el)),
                })
                .collect()
        } else if let Some(css) = &strategy.closest {
            let selector = self.selector(css);
            std::iter::once(root)
                .chain(ancestors(root))
                .find(|el| selector.matches(el))
                .into_iter()
                .collect()
        } else {
            vec![root]
        };
        candidates.into_iter().find_map(|candidate| {
            let raw = match strategy.read()? {
                Read::Text => collapse(&candidate.text().collect::<String>()),
                Read::Attr(name) => candidate.value().attr(name)?.to_owned(),
                Read::Exists => "true".to_owned(),
                Read::Path => path.to_owned(),
            };
            let value = match &strategy.between {
                Some((start, end)) => between(&raw, start, end)?,
                None => &raw,
            };
            let value: String = value
                .trim_matches(is_js_space)
                .chars()
                .take(self.adapter.max_chars)
                .collect();
            (!value.is_empty()).then_some((value, candidate))
        })
    }

    /// The whole page read once, as the content script's first drain does.
    pub fn read_page(&self, html: &str, path: &str) -> NativePage {
        let document = Html::parse_document(html);
        let lang = document
            .root_element()
            .value()
            .attr("lang")
            .unwrap_or("")
            .to_owned();
        let page_kind = self.page_kind(path, &document);
        let mut health = Health::default();
        let mut seen_roots = Vec::new();
        let mut roots = Vec::new();
        for entity in self.top_entities(page_kind.as_deref()) {
            for root in self.find_roots(&entity, document.root_element()) {
                if seen_roots.contains(&root.id()) {
                    continue;
                }
                seen_roots.push(root.id());
                let (record, anchors) = self.read_entity(&entity, root, path, &mut health);
                if record.key.is_empty() {
                    continue;
                }
                roots.push(RootRead {
                    record,
                    anchors: anchors.into_keys().collect(),
                });
            }
        }
        let mut entities: Vec<EntityRecord> = Vec::new();
        for root in &roots {
            if !entities.iter().any(|e| e.key == root.record.key) {
                entities.push(root.record.clone());
            }
        }
        let scan = PageScan {
            path: path.to_owned(),
            lang,
            page_kind,
            entities,
            health,
        };
        NativePage { scan, roots }
    }

    /// How many elements a selector matches in a document.
    pub fn count(&self, document: &Html, css: &str) -> usize {
        document.select(&self.selector(css)).count()
    }
}

fn ancestors(el: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    el.ancestors().filter_map(ElementRef::wrap)
}

fn note(health: &mut Health, entity: &str, field: &str, required: bool, strategy: Option<u32>) {
    let entry = health
        .fields
        .entry(format!("{entity}.{field}"))
        .or_insert_with(|| FieldHealth {
            required,
            ..Default::default()
        });
    entry.seen += 1;
    if let Some(i) = strategy {
        entry.found += 1;
        entry.strategy = Some(entry.strategy.map_or(i, |s| s.min(i)));
    }
}

/// What follows the first `start`, up to the next `end` (empty: from the beginning / to the end).
fn between<'s>(raw: &'s str, start: &str, end: &str) -> Option<&'s str> {
    let rest = &raw[raw.find(start)? + start.len()..];
    if end.is_empty() {
        Some(rest)
    } else {
        rest.find(end).map(|i| &rest[..i])
    }
}

/// JavaScript's `\s` (and `String.prototype.trim`): what the browser engine collapses.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Whitespace runs to one space, trimmed: `text.replace(/\s+/g, ' ').trim()`.
pub fn collapse(text: &str) -> String {
    text.split(is_js_space)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
