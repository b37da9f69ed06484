//! The "Your network" page, drawn by the core through web-sys: the layers, the search, the
//! filters with their counts, a virtual list of every person (only the rows on screen exist,
//! reused as the list scrolls) and one person's view with their note. The rows come from the
//! worker (`StoreHandle.networkRows`); search, filters and sort are answered here
//! (`network::filter`), the view state kept in this extension page's own localStorage through
//! gloo-storage (never the site's). Every text from pages is set as text, never as HTML.
//!
//! ```text
//! startNetworkPage(root, rowsJson, env)   env: {t(key, args) → string, date(ms) → string,
//!                                               ask(message) → Promise<reply>, now: ms}
//! ```
//! The messages it asks: {type: PERSON, key, now} → {person: JSON text}, {type: NOTE, key,
//! note, tags} → {changed, note} (extension/protocol.js).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::model::{profile_url, Direction, Kind};
use crate::msg::{Arg, Msg};
use crate::network::filter::{counts, shown_name, Column, Filter, Index, Query};
use crate::network::layers::layers;
use crate::network::person::PersonView;
use crate::network::rows::Row;
use crate::score::Tier;

/// The page's view state in its own localStorage.
const VIEW_KEY: &str = "vinculo:network:view";
/// Every row is this tall (px): the list's height and each row's place follow from it.
const ROW_HEIGHT: f64 = 40.0;
/// Rows drawn above and below the screen, so a fast scroll never shows a gap.
const OVERSCAN: usize = 6;
const SVG: &str = "http://www.w3.org/2000/svg";
const PERSON_MSG: &str = "vinculo/page-to-worker/person";
const NOTE_MSG: &str = "vinculo/page-to-worker/note";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct View {
    sort: Column,
    descending: bool,
    filter: Filter,
    hidden: Vec<Column>,
    person: Option<String>,
}

impl View {
    fn load() -> View {
        LocalStorage::get(VIEW_KEY).unwrap_or_else(|_| View {
            descending: true,
            ..View::default()
        })
    }

    fn save(&self) {
        if let Err(error) = LocalStorage::set(VIEW_KEY, self) {
            web_sys::console::warn_1(&format!("Vínculo: view not kept: {error}").into());
        }
    }
}

/// What the JS shell lends: translations, dates, the worker.
struct Env {
    t: js_sys::Function,
    date: js_sys::Function,
    ask: js_sys::Function,
    now: i64,
}

impl Env {
    fn call(&self, key: &str, args: js_sys::Array) -> String {
        self.t
            .call2(&JsValue::NULL, &JsValue::from_str(key), &args)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| key.to_string())
    }

    /// A message with text arguments.
    fn t(&self, key: &str, args: &[String]) -> String {
        self.call(key, args.iter().map(|a| JsValue::from_str(a)).collect())
    }

    /// A message with numbers, formatted in the page's language by the shell.
    fn tn(&self, key: &str, args: &[u64]) -> String {
        self.call(
            key,
            args.iter().map(|&n| JsValue::from_f64(n as f64)).collect(),
        )
    }

    /// A core message (`msg::Msg`) in the user's language.
    fn say(&self, msg: &Msg) -> String {
        self.call(
            &msg.key,
            msg.args
                .iter()
                .map(|arg| match arg {
                    Arg::Number(n) => JsValue::from_f64(*n as f64),
                    Arg::Text(text) => JsValue::from_str(text),
                })
                .collect(),
        )
    }

    /// A day as the user's language writes it; `at` in the store's seconds, handed over in
    /// milliseconds (the boundary's unit).
    fn date(&self, at: i64) -> String {
        self.date
            .call1(&JsValue::NULL, &JsValue::from_f64(at as f64 * 1000.0))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    }
}

/// Labels asked once, not per row drawn.
struct Labels {
    tiers: [String; 5],
    kinds: [String; 8],
    none: String,
}

fn tier_position(tier: Tier) -> usize {
    match tier {
        Tier::Strong => 0,
        Tier::Active => 1,
        Tier::OneWay => 2,
        Tier::Dormant => 3,
        Tier::Ghost => 4,
    }
}

fn kind_position(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// One reusable row of the virtual list.
struct Slot {
    row: HtmlElement,
    name: HtmlElement,
    tags: HtmlElement,
    cells: Vec<HtmlElement>,
    /// The row index it shows, to skip redrawing what did not change.
    shows: Option<u32>,
}

struct Page {
    env: Env,
    labels: Labels,
    doc: Document,
    rows: Vec<Row>,
    index: Index,
    view: View,
    search: String,
    shown: Vec<u32>,
    /// Position in `shown` of the keyboard's current row.
    active: usize,
    grid: HtmlElement,
    spacer: HtmlElement,
    slots: Vec<Slot>,
    status: HtmlElement,
    filters: Vec<HtmlElement>,
    headers: Vec<HtmlElement>,
    person: HtmlElement,
}

type Shared = Rc<RefCell<Page>>;

fn el(doc: &Document, tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let element: HtmlElement = doc.create_element(tag)?.dyn_into()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    Ok(element)
}

fn text(doc: &Document, tag: &str, class: &str, words: &str) -> Result<HtmlElement, JsValue> {
    let element = el(doc, tag, class)?;
    element.set_text_content(Some(words));
    Ok(element)
}

fn svg(doc: &Document, tag: &str, attrs: &[(&str, String)]) -> Result<Element, JsValue> {
    let element = doc.create_element_ns(Some(SVG), tag)?;
    for (name, value) in attrs {
        element.set_attribute(name, value)?;
    }
    Ok(element)
}

fn listen(
    target: &web_sys::EventTarget,
    kind: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    // The page's controls live as long as the page.
    closure.forget();
    Ok(())
}

fn channels_of(bits: u8, labels: &Labels) -> String {
    Kind::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(i, _)| labels.kinds[i].as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Page {
    fn query(&self) -> Query {
        Query {
            search: self.search.clone(),
            filter: self.view.filter,
            sort: self.view.sort,
            descending: self.view.descending,
        }
    }

    /// A new query: the rows it selects, the list's height, the controls' states, a redraw.
    fn requery(&mut self) -> Result<(), JsValue> {
        let query = self.query();
        self.shown = self.index.select(&self.rows, &query, self.env.now);
        self.active = 0;
        self.spacer.style().set_property(
            "height",
            &format!("{}px", self.shown.len() as f64 * ROW_HEIGHT),
        )?;
        self.grid
            .set_attribute("aria-rowcount", &(self.shown.len() + 1).to_string())?;
        self.grid.set_scroll_top(0);
        self.status.set_text_content(Some(&self.env.tn(
            "networkShown",
            &[self.shown.len() as u64, self.rows.len() as u64],
        )));
        for (filter, button) in Filter::ALL.iter().zip(&self.filters) {
            button.set_attribute("aria-pressed", &(*filter == self.view.filter).to_string())?;
        }
        for (column, header) in Column::ALL.iter().zip(&self.headers) {
            let sort = match (*column == self.view.sort, self.view.descending) {
                (false, _) => "none",
                (true, true) => "descending",
                (true, false) => "ascending",
            };
            header.set_attribute("aria-sort", sort)?;
        }
        for slot in &mut self.slots {
            slot.shows = None;
        }
        self.draw()
    }

    /// Draws the rows on screen into the slots (only those whose row changed).
    fn draw(&mut self) -> Result<(), JsValue> {
        let top = f64::from(self.grid.scroll_top());
        let first = ((top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let mut active_id = None;
        for (n, slot) in self.slots.iter_mut().enumerate() {
            let position = first + n;
            let Some(&index) = self.shown.get(position) else {
                slot.row.set_hidden(true);
                slot.shows = None;
                continue;
            };
            slot.row.set_hidden(false);
            if position == self.active {
                active_id = Some(slot.row.id());
            }
            slot.row
                .class_list()
                .toggle_with_force("active", position == self.active)?;
            if slot.shows == Some(index) {
                continue;
            }
            slot.shows = Some(index);
            let row = &self.rows[index as usize];
            slot.row.style().set_property(
                "transform",
                &format!("translateY({}px)", position as f64 * ROW_HEIGHT),
            )?;
            slot.row
                .set_attribute("aria-rowindex", &(position + 2).to_string())?;
            slot.row.set_attribute("data-key", &row.key)?;
            slot.name.set_text_content(Some(shown_name(row)));
            let tags: Vec<String> = row.tags.iter().map(|t| format!("#{t}")).collect();
            slot.tags.set_text_content(Some(&tags.join(" ")));
            let labels = &self.labels;
            let last = match (row.last_at, row.last_kind) {
                (Some(at), Some(kind)) => {
                    format!(
                        "{} · {}",
                        self.env.date(at),
                        labels.kinds[kind_position(kind)]
                    )
                }
                _ => labels.none.clone(),
            };
            let values = [
                labels.tiers[tier_position(row.tier)].clone(),
                format!("{:.1}", row.strength),
                self.env.tn(
                    "networkGivenReceived",
                    &[u64::from(row.given), u64::from(row.received)],
                ),
                last,
                channels_of(row.channels, labels),
                row.connected_at
                    .map(|at| self.env.date(at))
                    .unwrap_or_else(|| labels.none.clone()),
            ];
            for (cell, value) in slot.cells.iter().zip(values) {
                cell.set_text_content(Some(&value));
            }
            slot.row
                .set_attribute("data-tier", crate::relationship::tier_name(row.tier))?;
        }
        match active_id {
            Some(id) => self.grid.set_attribute("aria-activedescendant", &id)?,
            None => self.grid.remove_attribute("aria-activedescendant")?,
        }
        Ok(())
    }

    /// Moves the keyboard's current row, scrolling it into view.
    fn move_active(&mut self, to: usize) -> Result<(), JsValue> {
        if self.shown.is_empty() {
            return Ok(());
        }
        self.active = to.min(self.shown.len() - 1);
        let top = self.active as f64 * ROW_HEIGHT;
        let header = ROW_HEIGHT;
        let view = f64::from(self.grid.client_height()) - header;
        let scroll = f64::from(self.grid.scroll_top());
        if top < scroll {
            self.grid.set_scroll_top(top as i32);
        } else if top + ROW_HEIGHT > scroll + view {
            self.grid.set_scroll_top((top + ROW_HEIGHT - view) as i32);
        }
        self.draw()
    }

    fn page_rows(&self) -> usize {
        ((f64::from(self.grid.client_height()) / ROW_HEIGHT) as usize)
            .saturating_sub(1)
            .max(1)
    }
}

#[derive(Serialize)]
struct Ask<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    key: &'a str,
    now: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
}

async fn ask(page: &Shared, message: &Ask<'_>) -> Result<JsValue, JsValue> {
    let (function, value) = {
        let page = page.borrow();
        (page.env.ask.clone(), super::to_js(message)?)
    };
    let promise: js_sys::Promise = function.call1(&JsValue::NULL, &value)?.dyn_into()?;
    let reply = wasm_bindgen_futures::JsFuture::from(promise).await?;
    let error = js_sys::Reflect::get(&reply, &"error".into())?;
    if !error.is_undefined() {
        return Err(error);
    }
    Ok(reply)
}

/// Opens a person's view: asks the worker, then draws it.
fn open_person(page: Shared, key: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let message = Ask {
            kind: PERSON_MSG,
            key: &key,
            now: page.borrow().env.now as f64 * 1000.0,
            note: None,
            tags: None,
        };
        let result = async {
            let reply = ask(&page, &message).await?;
            let json = js_sys::Reflect::get(&reply, &"person".into())?
                .as_string()
                .unwrap_or_default();
            let view: Option<PersonView> =
                crate::json::from_str(&json).map_err(|e| JsValue::from(e.to_string()))?;
            draw_person(&page, view)
        }
        .await;
        if let Err(error) = result {
            web_sys::console::error_2(&"Vínculo: person view".into(), &error);
        }
    });
}

fn draw_person(page: &Shared, view: Option<PersonView>) -> Result<(), JsValue> {
    let (doc, aside) = {
        let p = page.borrow();
        (p.doc.clone(), p.person.clone())
    };
    aside.set_text_content(None);
    let Some(view) = view else {
        aside.set_hidden(true);
        return Ok(());
    };
    {
        let mut p = page.borrow_mut();
        p.view.person = Some(view.row.key.clone());
        p.view.save();
    }
    let p = page.borrow();
    let env = &p.env;
    let row = &view.row;
    let head = el(&doc, "div", "person-head")?;
    let name = text(&doc, "h2", "", shown_name(row))?;
    name.set_id("person-name");
    let close = text(&doc, "button", "", &env.t("networkClose", &[]))?;
    close.set_attribute("type", "button")?;
    close.set_id("person-close");
    head.append_with_node_2(&name, &close)?;
    aside.append_child(&head)?;
    {
        let page = page.clone();
        listen(&close, "click", move |_| {
            let mut p = page.borrow_mut();
            p.person.set_hidden(true);
            p.view.person = None;
            p.view.save();
            let _ = p.grid.focus();
        })?;
    }
    let facts = el(&doc, "p", "muted")?;
    facts.set_text_content(Some(&format!(
        "{} · {}",
        p.labels.tiers[tier_position(row.tier)],
        env.tn(
            "networkGivenReceived",
            &[u64::from(row.given), u64::from(row.received)]
        )
    )));
    aside.append_child(&facts)?;
    if let Some(url) = profile_url(&row.key) {
        let link: HtmlElement = text(&doc, "a", "", &env.t("networkOpenProfile", &[]))?;
        link.set_attribute("href", &url)?;
        link.set_attribute("target", "_blank")?;
        link.set_attribute("rel", "noopener noreferrer")?;
        aside.append_child(&link)?;
    }

    aside.append_child(&*text(&doc, "h3", "", &env.t("networkWhyTier", &[]))?)?;
    let reasons = el(&doc, "ul", "reasons")?;
    for reason in &view.reasons {
        reasons.append_child(&*text(&doc, "li", "", &env.say(reason))?)?;
    }
    aside.append_child(&reasons)?;
    aside.append_child(&*text(&doc, "h3", "", &env.t("networkNextStep", &[]))?)?;
    aside.append_child(&*text(&doc, "p", "next", &env.say(&view.next))?)?;

    // The note and tags: the user's own words, kept in the store by the worker.
    aside.append_child(&*text(&doc, "h3", "", &env.t("networkNoteHeading", &[]))?)?;
    let note_label = text(&doc, "label", "", &env.t("networkNoteLabel", &[]))?;
    note_label.set_attribute("for", "person-note")?;
    let note: HtmlTextAreaElement = doc.create_element("textarea")?.dyn_into()?;
    note.set_id("person-note");
    note.set_max_length(crate::store::NOTE_MAX_CHARS as i32);
    note.set_value(&view.note.note);
    let tags_label = text(&doc, "label", "", &env.t("networkTagsLabel", &[]))?;
    tags_label.set_attribute("for", "person-tags")?;
    let tags: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
    tags.set_id("person-tags");
    tags.set_value(&view.note.tags.join(", "));
    let save = text(&doc, "button", "", &env.t("networkNoteSave", &[]))?;
    save.set_attribute("type", "button")?;
    save.set_id("person-save");
    let saved = el(&doc, "span", "muted")?;
    saved.set_attribute("role", "status")?;
    saved.set_id("person-saved");
    for node in [
        &note_label as &web_sys::Node,
        &note,
        &tags_label,
        &tags,
        &save,
        &saved,
    ] {
        aside.append_child(node)?;
    }
    {
        let page = page.clone();
        let key = row.key.clone();
        let (note, tags, saved) = (note.clone(), tags.clone(), saved.clone());
        listen(&save, "click", move |_| {
            save_note(page.clone(), key.clone(), &note, &tags, saved.clone());
        })?;
    }

    aside.append_child(&*text(&doc, "h3", "", &env.t("networkTimeline", &[]))?)?;
    let timeline = el(&doc, "ol", "timeline")?;
    for exchange in &view.timeline {
        let way = match exchange.direction {
            Direction::Given => env.t("networkYouToThem", &[]),
            Direction::Received => env.t("networkThemToYou", &[]),
        };
        let mut line = format!(
            "{} · {} · {}",
            env.date(exchange.at),
            p.labels.kinds[kind_position(exchange.kind)],
            way
        );
        if let Some(words) = exchange.words.filter(|w| *w > 0) {
            line.push_str(&format!(
                " · {}",
                env.tn("networkWords", &[u64::from(words)])
            ));
        }
        let item = text(&doc, "li", "", &line)?;
        if let Some(said) = &exchange.text {
            item.append_child(&*text(&doc, "q", "", said)?)?;
        }
        timeline.append_child(&item)?;
    }
    if view.timeline.is_empty() {
        timeline.append_child(&*text(
            &doc,
            "li",
            "muted",
            &env.t("networkNoExchange", &[]),
        )?)?;
    }
    aside.append_child(&timeline)?;
    if view.more > 0 {
        aside.append_child(&*text(
            &doc,
            "p",
            "muted",
            &env.tn("networkMore", &[view.more as u64]),
        )?)?;
    }
    aside.set_hidden(false);
    // The view's heading takes the focus, so a keyboard or screen reader user lands on it.
    name.set_attribute("tabindex", "-1")?;
    name.focus()?;
    Ok(())
}

fn save_note(
    page: Shared,
    key: String,
    note: &HtmlTextAreaElement,
    tags: &HtmlInputElement,
    saved: HtmlElement,
) {
    let note_text = note.value();
    let tag_list: Vec<String> = tags
        .value()
        .split(',')
        .map(|t| t.trim().to_string())
        .collect();
    let tags_input = tags.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let message = Ask {
            kind: NOTE_MSG,
            key: &key,
            now: page.borrow().env.now as f64 * 1000.0,
            note: Some(&note_text),
            tags: Some(tag_list),
        };
        let words = match ask(&page, &message).await {
            Ok(reply) => {
                let kept = js_sys::Reflect::get(&reply, &"note".into()).unwrap_or(JsValue::NULL);
                let kept: crate::store::Note = super::from_js(&kept).unwrap_or_default();
                tags_input.set_value(&kept.tags.join(", "));
                let mut p = page.borrow_mut();
                if let Some(row) = p.rows.iter_mut().find(|r| r.key == key) {
                    row.tags = kept.tags.clone();
                    row.has_note = !kept.note.is_empty();
                }
                for slot in &mut p.slots {
                    slot.shows = None;
                }
                let _ = p.draw();
                p.env.t("networkNoteSaved", &[])
            }
            Err(error) => {
                web_sys::console::error_2(&"Vínculo: note".into(), &error);
                page.borrow().env.t("networkNoteFailed", &[])
            }
        };
        saved.set_text_content(Some(&words));
    });
}

fn build_layers(doc: &Document, env: &Env, rows: &[Row]) -> Result<HtmlElement, JsValue> {
    let picture = layers(rows);
    let section = el(doc, "section", "layers")?;
    section.set_attribute("aria-labelledby", "layers-heading")?;
    let heading = text(doc, "h2", "", &env.t("networkLayersHeading", &[]))?;
    heading.set_id("layers-heading");
    section.append_child(&heading)?;
    let headline = text(
        doc,
        "p",
        "headline",
        &env.tn(
            "networkHeadline",
            &[picture.connections as u64, picture.real as u64],
        ),
    )?;
    headline.set_id("network-headline");
    section.append_child(&headline)?;
    // Concentric rings, innermost the smallest layer; each ring's arc is how full it is.
    let size = 220.0;
    let centre = size / 2.0;
    let image = svg(
        doc,
        "svg",
        &[
            ("viewBox", format!("0 0 {size} {size}")),
            ("width", size.to_string()),
            ("height", size.to_string()),
            ("role", "img".to_string()),
            (
                "aria-labelledby",
                "layers-heading network-headline".to_string(),
            ),
        ],
    )?;
    let list = el(doc, "ul", "layer-list")?;
    for (n, layer) in picture.layers.iter().enumerate() {
        let radius = 22.0 + n as f64 * 26.0;
        let circumference = 2.0 * std::f64::consts::PI * radius;
        let share = layer.filled as f64 / layer.size as f64;
        image.append_child(&*svg(
            doc,
            "circle",
            &[
                ("class", "ring".to_string()),
                ("cx", centre.to_string()),
                ("cy", centre.to_string()),
                ("r", radius.to_string()),
            ],
        )?)?;
        image.append_child(&*svg(
            doc,
            "circle",
            &[
                ("class", "ring-filled".to_string()),
                ("cx", centre.to_string()),
                ("cy", centre.to_string()),
                ("r", radius.to_string()),
                (
                    "stroke-dasharray",
                    format!("{:.1} {:.1}", circumference * share, circumference),
                ),
                ("transform", format!("rotate(-90 {centre} {centre})")),
            ],
        )?)?;
        list.append_child(&*text(
            doc,
            "li",
            "",
            &env.tn(
                "networkLayer",
                &[layer.size as u64, layer.filled as u64, layer.strong as u64],
            ),
        )?)?;
    }
    let figure = el(doc, "div", "layers-figure")?;
    figure.append_with_node_2(&image, &list)?;
    section.append_child(&figure)?;
    section.append_child(&*text(doc, "p", "muted", &env.t("networkLayersHelp", &[]))?)?;
    Ok(section)
}

/// `startNetworkPage(root, rowsJson, env)`: draws the page into `root`.
#[wasm_bindgen(js_name = startNetworkPage)]
pub fn start_network_page(root: Element, rows_json: &str, env: JsValue) -> Result<(), JsValue> {
    let get = |name: &str| -> Result<js_sys::Function, JsValue> {
        js_sys::Reflect::get(&env, &name.into())?.dyn_into()
    };
    let env = Env {
        t: get("t")?,
        date: get("date")?,
        ask: get("ask")?,
        now: (js_sys::Reflect::get(&env, &"now".into())?
            .as_f64()
            .unwrap_or_else(js_sys::Date::now)
            / 1000.0) as i64,
    };
    let rows: Vec<Row> =
        crate::json::from_str(rows_json).map_err(|e| JsValue::from(e.to_string()))?;
    let doc = root.owner_document().ok_or("no document")?;
    let labels = Labels {
        tiers: ["strong", "active", "one_way", "dormant", "ghost"]
            .map(|t| env.t(&format!("tier_{t}"), &[])),
        kinds: Kind::ALL.map(|k| {
            env.t(
                &format!(
                    "kind_{}",
                    serde_json::to_value(k)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
                &[],
            )
        }),
        none: "—".to_string(),
    };

    root.append_child(&*build_layers(&doc, &env, &rows)?)?;

    // Search, filters, columns.
    let controls = el(&doc, "section", "controls")?;
    controls.set_attribute("aria-label", &env.t("networkControls", &[]))?;
    let search_label = text(&doc, "label", "", &env.t("networkSearchLabel", &[]))?;
    search_label.set_attribute("for", "network-search")?;
    let search: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
    search.set_type("search");
    search.set_id("network-search");
    search.set_attribute("autocomplete", "off")?;
    controls.append_with_node_2(&search_label, &search)?;
    let filter_group = el(&doc, "div", "filters")?;
    filter_group.set_attribute("role", "group")?;
    filter_group.set_attribute("aria-label", &env.t("networkFilters", &[]))?;
    let counts = counts(&rows, env.now);
    let mut filters = Vec::new();
    for (filter, count) in Filter::ALL.iter().zip(&counts) {
        let label = env.t(&format!("networkFilter_{}", filter.name()), &[]);
        let words = env.call(
            "networkFilterCount",
            [JsValue::from_str(&label), JsValue::from_f64(*count as f64)]
                .into_iter()
                .collect(),
        );
        let button = text(&doc, "button", "filter", &words)?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-filter", filter.name())?;
        filter_group.append_child(&button)?;
        filters.push(button);
    }
    controls.append_child(&filter_group)?;
    let columns = el(&doc, "fieldset", "columns")?;
    columns.append_child(&*text(&doc, "legend", "", &env.t("networkColumns", &[]))?)?;
    let mut column_boxes = Vec::new();
    for column in &Column::ALL[1..] {
        let label = el(&doc, "label", "")?;
        let check: HtmlInputElement = doc.create_element("input")?.dyn_into()?;
        check.set_type("checkbox");
        check.set_attribute("data-column", column.name())?;
        label.append_child(&check)?;
        label.append_child(&doc.create_text_node(&format!(
            " {}",
            env.t(&format!("networkColumn_{}", column.name()), &[])
        )))?;
        columns.append_child(&label)?;
        column_boxes.push((*column, check));
    }
    controls.append_child(&columns)?;
    root.append_child(&controls)?;
    let status = el(&doc, "p", "shown")?;
    status.set_attribute("role", "status")?;
    status.set_id("network-shown");
    root.append_child(&status)?;

    // The list: a grid that scrolls, its header row sticky, the rows placed by their index.
    let body = el(&doc, "div", "network-body")?;
    let grid = el(&doc, "div", "grid")?;
    grid.set_id("network-grid");
    grid.set_attribute("role", "grid")?;
    grid.set_attribute("tabindex", "0")?;
    grid.set_attribute("aria-label", &env.t("networkListLabel", &[]))?;
    grid.set_attribute("aria-colcount", &Column::ALL.len().to_string())?;
    let head = el(&doc, "div", "row head")?;
    head.set_attribute("role", "row")?;
    head.set_attribute("aria-rowindex", "1")?;
    let mut headers = Vec::new();
    for column in Column::ALL {
        let header = el(&doc, "div", &format!("cell col-{}", column.name()))?;
        header.set_attribute("role", "columnheader")?;
        let button = text(
            &doc,
            "button",
            "sort",
            &env.t(&format!("networkColumn_{}", column.name()), &[]),
        )?;
        button.set_attribute("type", "button")?;
        button.set_attribute("data-sort", column.name())?;
        header.append_child(&button)?;
        head.append_child(&header)?;
        headers.push(header);
    }
    grid.append_child(&head)?;
    let spacer = el(&doc, "div", "spacer")?;
    grid.append_child(&spacer)?;
    body.append_child(&grid)?;
    let person = el(&doc, "section", "person")?;
    person.set_id("person");
    person.set_attribute("aria-labelledby", "person-name")?;
    person.set_hidden(true);
    body.append_child(&person)?;
    root.append_child(&body)?;

    // Enough slots to fill the tallest list the window can show.
    let window = web_sys::window().ok_or("no window")?;
    let tallest = window.inner_height()?.as_f64().unwrap_or(0.0).max(1200.0);
    let slot_count = (tallest / ROW_HEIGHT) as usize + 2 * OVERSCAN;
    let mut slots = Vec::with_capacity(slot_count);
    for n in 0..slot_count {
        let row = el(&doc, "div", "row")?;
        row.set_attribute("role", "row")?;
        row.set_id(&format!("network-row-{n}"));
        row.set_hidden(true);
        let name_cell = el(&doc, "div", "cell col-name")?;
        name_cell.set_attribute("role", "gridcell")?;
        let name = el(&doc, "span", "name")?;
        let tags = el(&doc, "span", "tags muted")?;
        name_cell.append_with_node_2(&name, &tags)?;
        row.append_child(&name_cell)?;
        let mut cells = Vec::new();
        for column in &Column::ALL[1..] {
            let cell = el(&doc, "div", &format!("cell col-{}", column.name()))?;
            cell.set_attribute("role", "gridcell")?;
            row.append_child(&cell)?;
            cells.push(cell);
        }
        spacer.append_child(&row)?;
        slots.push(Slot {
            row,
            name,
            tags,
            cells,
            shows: None,
        });
    }

    let view = View::load();
    let index = Index::new(&rows);
    let page: Shared = Rc::new(RefCell::new(Page {
        env,
        labels,
        doc: doc.clone(),
        rows,
        index,
        view,
        search: String::new(),
        shown: Vec::new(),
        active: 0,
        grid: grid.clone(),
        spacer,
        slots,
        status,
        filters: filters.clone(),
        headers: headers.clone(),
        person,
    }));
    apply_hidden_columns(&page.borrow())?;
    for (column, check) in &column_boxes {
        check.set_checked(!page.borrow().view.hidden.contains(column));
        let page = page.clone();
        let column = *column;
        let check = check.clone();
        listen(&check.clone(), "change", move |_| {
            let mut p = page.borrow_mut();
            p.view.hidden.retain(|c| *c != column);
            if !check.checked() {
                p.view.hidden.push(column);
            }
            p.view.save();
            let _ = apply_hidden_columns(&p);
        })?;
    }
    {
        let page = page.clone();
        let input = search.clone();
        listen(&search, "input", move |_| {
            let mut p = page.borrow_mut();
            p.search = input.value();
            let _ = p.requery();
        })?;
    }
    for (filter, button) in Filter::ALL.iter().zip(&filters) {
        let page = page.clone();
        let filter = *filter;
        listen(button, "click", move |_| {
            let mut p = page.borrow_mut();
            p.view.filter = filter;
            p.view.save();
            let _ = p.requery();
        })?;
    }
    for (column, header) in Column::ALL.iter().zip(&headers) {
        let page = page.clone();
        let column = *column;
        listen(header, "click", move |_| {
            let mut p = page.borrow_mut();
            if p.view.sort == column {
                p.view.descending = !p.view.descending;
            } else {
                p.view.sort = column;
                // Names read A to Z; figures, largest first.
                p.view.descending = column != Column::Name;
            }
            p.view.save();
            let _ = p.requery();
        })?;
    }
    {
        let page = page.clone();
        listen(&grid, "scroll", move |_| {
            let _ = page.borrow_mut().draw();
        })?;
    }
    {
        let page = page.clone();
        listen(&grid, "keydown", move |event| {
            let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>().map(|k| k.key()) else {
                return;
            };
            // Keys on the header's buttons are theirs.
            if event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t.tag_name() == "BUTTON")
            {
                return;
            }
            let mut p = page.borrow_mut();
            let (active, last, step) = (p.active, p.shown.len().saturating_sub(1), p.page_rows());
            let to = match key.as_str() {
                "ArrowDown" => active + 1,
                "ArrowUp" => active.saturating_sub(1),
                "PageDown" => active + step,
                "PageUp" => active.saturating_sub(step),
                "Home" => 0,
                "End" => last,
                "Enter" | " " => {
                    event.prevent_default();
                    if let Some(&index) = p.shown.get(active) {
                        let key = p.rows[index as usize].key.clone();
                        drop(p);
                        open_person(page.clone(), key);
                    }
                    return;
                }
                _ => return,
            };
            event.prevent_default();
            let _ = p.move_active(to);
        })?;
    }
    {
        let page = page.clone();
        listen(&grid, "click", move |event| {
            let Some(row) = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("[data-key]").ok().flatten())
            else {
                return;
            };
            let Some(key) = row.get_attribute("data-key") else {
                return;
            };
            {
                let mut p = page.borrow_mut();
                if let Some(position) = p.shown.iter().position(|&i| p.rows[i as usize].key == key)
                {
                    p.active = position;
                    let _ = p.draw();
                }
            }
            open_person(page.clone(), key);
        })?;
    }
    page.borrow_mut().requery()?;
    let last = page.borrow().view.person.clone();
    if let Some(key) = last {
        open_person(page.clone(), key);
    }
    Ok(())
}

fn apply_hidden_columns(page: &Page) -> Result<(), JsValue> {
    for column in &Column::ALL[1..] {
        page.grid.class_list().toggle_with_force(
            &format!("hide-{}", column.name()),
            page.view.hidden.contains(column),
        )?;
    }
    Ok(())
}
