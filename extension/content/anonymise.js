// The anonymiser: a copy of a page that keeps its markup, attributes, interface strings and
// counts, and replaces people's and organisations' names, profile slugs, member and content ids
// and free texts — the same original by the same stand-in everywhere in the page, and the same
// output for the same input and seed. It makes the real-page corpus (tools/anonymise.mjs runs
// it in a headless browser) and the popup's "Save an anonymised copy of this page" (the content
// script runs it on a clone of the live document).
//
// The engine is generic: what is a name, a free text or an identifier on a site is the
// adapter's `anonymise` section (src/adapter.rs documents each field).
//
// VinculoAnonymise.anonymise(doc, adapter, {seed}) rewrites `doc` in place — give it a clone or
// a parsed copy, never the live page — and returns {html, counts, originals}: the serialised
// page, how many of each kind were replaced, and the originals themselves (for the tool's
// self-check; never saved).
(() => {
  // A 1×1 transparent GIF: images keep their element and size, not their picture.
  const PLACEHOLDER_IMAGE = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
  const PLACEHOLDER_URL = 'https://example.com/';
  const WORD = /[\p{L}\p{N}]+/gu;
  const WORD_CHAR = /[\p{L}\p{N}]/u;
  // A word of a free text: letters, marks and digits, joined by apostrophes or hyphens.
  const TEXT_TOKEN = /(?:https?:\/\/|www\.)[^\s<>"]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;
  const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
  const WHOLE_EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
  const URL_IN_TEXT = /^(?:https?:\/\/|www\.)/;
  // Digits in a free text are kept (they are rarely personal) unless they run this long
  // (phone numbers, ids).
  const LONG_DIGITS = 5;
  // A text this many times on one page is the interface's, not somebody's (a free text shows
  // at most twice: once on screen, once for screen readers).
  const REPEATED = 3;

  // Stand-in names: plausible, mixed origins, drawn per original from the seed.
  const FIRST_NAMES = [
    'Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Felipe', 'Gabriela', 'Hugo', 'Irene', 'Joana',
    'Karina', 'Lucas', 'Marta', 'Nuno', 'Olívia', 'Paulo', 'Renata', 'Sofia', 'Tiago', 'Vitória',
    'Amara', 'Kenji', 'Leila', 'Omar', 'Priya', 'Sven', 'Tomás', 'Ingrid', 'Mei', 'Ravi',
    'Nadia', 'Emeka', 'Lars', 'Aiko', 'Farid', 'Greta', 'Hana', 'Ivan', 'Jonas', 'Lía',
    'Mateus', 'Noor', 'Otto', 'Pilar', 'Rosa', 'Samir', 'Tereza', 'Yuri', 'Zara', 'Caio',
  ];
  const LAST_NAMES = [
    'Souza', 'Lima', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Rocha', 'Barros', 'Teixeira',
    'Moreira', 'Nogueira', 'Campos', 'Duarte', 'Fonseca', 'Pinto', 'Ramos', 'Tavares', 'Vieira',
    'Okafor', 'Tanaka', 'Novak', 'Larsen', 'Haddad', 'Mehta', 'Kowalski', 'Nguyen', 'Schmidt',
    'Rossi', 'Dubois', 'García', 'Andersen', 'Mendes', 'Cardoso', 'Freitas', 'Machado', 'Brandão',
    'Siqueira', 'Monteiro', 'Castro', 'Reis', 'Quintana', 'Sato', 'Horvath', 'Ibrahim', 'Lindqvist',
  ];
  const ORG_HEADS = [
    'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Proseware', 'Wingtip', 'Adatum',
    'Lucerne', 'Woodgrove', 'Alpine', 'Coho', 'Trey', 'Humongous', 'Fourth', 'Margie',
    'Bellows', 'Cinder', 'Dunmore', 'Everly', 'Foxglove', 'Granite', 'Harbor', 'Juniper',
  ];
  const ORG_TAILS = [
    'Labs', 'Systems', 'Group', 'Partners', 'Studio', 'Works', 'Digital', 'Cloud', 'Institute',
    'Foundation', 'Media', 'Ventures', 'Analytics', 'Health', 'Energy', 'Logistics', 'Bank',
    'School', 'University', 'Network', 'Research', 'Academy', 'Solutions', 'Collective',
  ];
  // Pseudo-words: consonant-vowel syllables, so a replaced text still reads like text.
  const CONSONANTS = 'bcdfghjklmnprstvz';
  const VOWELS = 'aeiou';
  // Letters of other scripts stay in their script (a word count depends on it for scripts
  // written without spaces), drawn from a few common letters of each.
  const SCRIPTS = [
    [/\p{Script=Han}/u, '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年'],
    [/\p{Script=Hiragana}/u, 'あいうえおかきくけこさしすせそたちつてとなにぬねの'],
    [/\p{Script=Katakana}/u, 'アイウエオカキクケコサシスセソタチツテトナニヌネノ'],
    [/\p{Script=Hangul}/u, '가나다라마바사아자차카타파하거너더러머버서어저'],
    [/\p{Script=Thai}/u, 'กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอ'],
    [/\p{Script=Cyrillic}/u, 'абвгдеклмнопрстуф'],
    [/\p{Script=Greek}/u, 'αβγδεκλμνοπρστυφ'],
    [/\p{Script=Arabic}/u, 'ابتثجحدرزسشصطعفقكلمنهوي'],
    [/\p{Script=Hebrew}/u, 'אבגדהוזחטיכלמנסעפצקרשת'],
    [/\p{Script=Devanagari}/u, 'कखगघचजटडतदनपबमयरलवसह'],
  ];

  // FNV-1a over UTF-16 units, continuing from `h`.
  function hash(text, h = 0x811c9dc5) {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  // mulberry32: a small seeded generator of floats in [0, 1).
  function generator(seed) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const pick = (random, list) => list[Math.floor(random() * list.length)];
  // Lower case, no accents, one apostrophe: as the depth features' phrase tables are written.
  const fold = (word) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’`´]/g, "'");
  const isUpper = (c) => c !== c.toLowerCase() && c === c.toUpperCase();
  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const escapeMarkup = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  // The data, compiled once per call.
  function compile(data) {
    const regex = (source, flags = 'u') => new RegExp(source, flags);
    return {
      nameElements: data.names.elements.map((e) => ({ ...e, href: e.href && regex(e.href), regex: e.regex && regex(e.regex), not: e.not && regex(e.not) })),
      namePatterns: data.names.patterns.map((p) => ({ ...p, regex: regex(p.regex), not: p.not && regex(p.not) })),
      notNames: new Set(data.names.not_names.map(fold)),
      freeText: data.free_text.map((f) => ({ ...f, regex: f.regex && regex(f.regex), href: f.href && regex(f.href), keep: f.keep && regex(f.keep) })),
      freeTextAttributes: data.free_text_attributes.map((f) => ({ ...f, keep: f.keep && regex(f.keep) })),
      interfaceCss: data.interface.join(', '),
      longText: { ...data.long_text, except: data.long_text.except.join(', ') },
      links: data.links.map((l) => ({ ...l, regex: regex(l.path) })),
      keepSlugs: new Set(data.keep_slugs),
      siteHosts: data.site_hosts.map((h) => regex(h)),
      memberId: regex(data.member_id.pattern, 'gu'),
      wholeMemberId: regex(`^(?:${data.member_id.pattern})$`),
      memberIdMarker: data.member_id.fake_marker,
      memberIdFakeChars: data.member_id.fake_chars,
      numericIdOrMarked: regex(`\u0001[^\u0002]*\u0002|\\d{${data.numeric_id_digits},}`, 'gu'),
      keyAttributes: new Set(data.key_attributes),
      urlAttributes: new Set(data.url_attributes),
      keepAttributes: new Set(data.keep_attributes),
      keyWords: regex(`(?:${data.key_words.join('|')})`, 'u'),
      tokenMinChars: data.token_min_chars,
      timedIds: data.timed_ids ? regex(data.timed_ids, 'gu') : null,
      rewrites: data.attribute_rewrites.map((r) => ({ ...r, regex: regex(r.regex, 'gu') })),
      strip: data.strip.join(', '),
      unwrap: (data.unwrap ?? []).join(', '),
      stripAttributes: data.strip_attributes.map((a) => regex(a)),
      meta: data.meta,
      keepWords: new Set(data.keep_words.map(fold)),
    };
  }

  // Originals → stand-ins looked up at word starts: one pass over a text however many entries
  // there are (a pass per entry, or one big alternation, is far slower on a long page).
  class Dictionary {
    constructor() {
      this.byFirstWord = new Map();
      this.replacements = new Map();
    }

    has(original) {
      return this.replacements.has(original);
    }

    get(original) {
      return this.replacements.get(original);
    }

    add(original, replacement, copy = false) {
      let [key, value] = [original, replacement];
      const first = key.match(WORD)?.[0];
      if (!first) return;
      // A text that opens with a symbol ("£30 million …") is looked up from its first word,
      // when its stand-in opens the same way.
      const at = key.indexOf(first);
      if (at > 0) {
        if (!value.startsWith(key.slice(0, at))) return;
        [key, value] = [key.slice(at), value.slice(at)];
        if (!/\s/.test(key) && key.length < 12) return;
      }
      if (this.replacements.has(key)) return;
      this.replacements.set(key, value);
      const list = this.byFirstWord.get(first) ?? [];
      list.push(key);
      list.sort((a, b) => b.length - a.length);
      this.byFirstWord.set(first, list);
      // Its copies in attributes the site escaped twice ("Research &amp; Tech" in a label).
      const escaped = escapeMarkup(key);
      if (!copy && escaped !== key) this.add(escaped, escapeMarkup(value), true);
    }

    // The longest original at `at` (where the word `word` starts), ending at a word's end.
    hitAt(text, at, word) {
      const candidates = this.byFirstWord.get(word);
      const ends = (c) => !WORD_CHAR.test(c.at(-1)) || !WORD_CHAR.test(text[at + c.length] ?? '');
      return candidates?.find((c) => text.startsWith(c, at) && ends(c));
    }

    // The text cut at whole-word occurrences, longest first: [piece, original or null].
    split(text) {
      return Dictionary.splitLongest(text, [this]).map(([piece, hit]) => [piece, hit]);
    }

    // The text cut at whole-word occurrences of any of the dictionaries, the longest at each
    // place (the first dictionary's on a tie): [piece, original or null, dictionary index].
    static splitLongest(text, dictionaries) {
      const parts = [];
      if (dictionaries.every((d) => !d.replacements.size)) return [[text, null, -1]];
      let done = 0;
      WORD.lastIndex = 0;
      for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
        const at = m.index;
        let hit;
        let from = -1;
        dictionaries.forEach((d, i) => {
          const h = d.hitAt(text, at, m[0]);
          if (h && (!hit || h.length > hit.length)) [hit, from] = [h, i];
        });
        if (!hit) continue;
        if (at > done) parts.push([text.slice(done, at), null, -1]);
        parts.push([hit, hit, from]);
        done = at + hit.length;
        WORD.lastIndex = done;
      }
      if (done < text.length) parts.push([text.slice(done), null, -1]);
      return parts;
    }

    // Every whole-word occurrence replaced; `onHit` counts them.
    replace(text, onHit) {
      const parts = this.split(text);
      if (parts.length === 1 && parts[0][1] === null) return text;
      return parts.map(([piece, hit]) => (hit === null ? piece : (onHit(), this.replacements.get(hit)))).join('');
    }
  }

  class Anonymiser {
    constructor(rules, seed) {
      this.rules = rules;
      this.seed = hash(String(seed));
      this.counts = {};
      this.names = new Dictionary(); // full names of people and organisations
      this.firstNames = new Dictionary(); // a person's first name alone ("Congrats Ana!")
      this.texts = new Dictionary(); // free texts, for their copies in attributes and titles
      this.nameKinds = new Map();
      this.usedPseudonyms = new Set();
      this.slugs = new Map(); // slug (as written, and decoded) → stand-in
      this.gluedSlugs = new Set(); // slugs also found glued to other words inside keys
      this.memberIds = new Map();
      this.numbers = new Map();
      this.textOriginals = new Set();
    }

    count(kind, n = 1) {
      this.counts[kind] = (this.counts[kind] ?? 0) + n;
    }

    random(...parts) {
      return generator(hash(parts.join('\u0000'), this.seed));
    }

    // --- names -------------------------------------------------------------------------------

    addName(raw, kind) {
      // Out of any interface phrase, trimmed of punctuation and of a possessive ("Ana Lima’s").
      let name = this.unwrapName(raw)
        .replace(/^[^\p{L}\p{N}]+|[\s,;:|•·–-]+$/gu, '')
        .replace(/(?<=\p{L})[’']s?$/u, '')
        .trim();
      // Too many words for a name alone: a name followed by post-nominal letters ("Ana Lima,
      // MD, MPH, FACP"), which stay.
      if (name.split(' ').length > 6) name = name.match(/^([^,]+)(?:,\s*[\p{Lu}][\p{L}.]{0,7})+$/u)?.[1] ?? name;
      const words = name.split(' ');
      // An organisation's name may run longer ("Instituto de Gestão e Tecnologia da Informação").
      if (!name || words.length > (kind === 'organisation' ? 10 : 6) || name.length > 80 || !/\p{L}/u.test(name)) return;
      // "1 person", "2 others": a count where a name could be.
      if (kind === 'person' && /^\d/.test(name)) return;
      if (this.rules.notNames.has(fold(name)) || this.nameKinds.has(name)) return;
      this.nameKinds.set(name, kind);
    }

    // Stand-ins are drawn once every name is known, so none equals a real one.
    // Full names first: a person named by a first name alone ("Conversation with Ana and Rui")
    // then gets the first name of that person's stand-in.
    assignPseudonyms() {
      const real = new Set([...this.nameKinds.keys()].map(fold));
      const realWords = new Set([...real].flatMap((n) => n.split(' ')));
      const fullFirst = [...this.nameKinds].sort(([a], [b]) => Number(!a.includes(' ')) - Number(!b.includes(' ')));
      for (const [name, kind] of fullFirst) {
        if (kind === 'person' && !name.includes(' ') && this.firstNames.has(name)) {
          this.names.add(name, this.firstNames.get(name));
          continue;
        }
        const random = this.random('name', name);
        let pseudonym;
        for (let attempt = 0; ; attempt++) {
          pseudonym = this.pseudonym(name, kind, random);
          const folded = fold(pseudonym);
          const clash = real.has(folded) || this.usedPseudonyms.has(folded) || folded.split(' ').some((w) => realWords.has(w) && w.length > 2);
          if (!clash || attempt > 50) break;
        }
        this.usedPseudonyms.add(fold(pseudonym));
        this.names.add(name, pseudonym);
        const first = name.split(' ')[0];
        if (kind === 'person' && name.includes(' ') && first.length > 2 && !this.rules.keepWords.has(fold(first))) {
          this.firstNames.add(first, pseudonym.split(' ')[0]);
          // A double first name ("Carlos Eduardo" of Carlos Eduardo Silva Santos) is one too.
          const words = name.split(' ');
          if (words.length >= 3 && /^\p{Lu}\p{Ll}+$/u.test(words[1])) this.firstNames.add(words.slice(0, 2).join(' '), pseudonym.split(' ').slice(0, 2).join(' '));
        }
      }
    }

    // Same number of words; each word keeps its case shape, initials stay initials, and words
    // without letters (emoji, "|") stay as they are.
    pseudonym(name, kind, random) {
      let index = 0;
      return name
        .split(' ')
        .map((word) => {
          const m = word.match(/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u);
          const [, before, core, after] = m;
          if (!/\p{L}/u.test(core)) return word;
          const list = kind === 'organisation' ? (index === 0 ? ORG_HEADS : ORG_TAILS) : index === 0 ? FIRST_NAMES : LAST_NAMES;
          index++;
          let stand = pick(random, list);
          if (/^\p{L}$/u.test(core)) stand = stand[0];
          else if (core === core.toLowerCase()) stand = stand.toLowerCase();
          else if (core.length > 1 && core === core.toUpperCase()) stand = stand.toUpperCase();
          return before + stand + after;
        })
        .join(' ');
    }

    // --- identifiers ---------------------------------------------------------------------------

    addSlug(written, glued) {
      if (this.slugs.has(written) || this.rules.keepSlugs.has(written)) return;
      let decoded = written;
      try {
        decoded = decodeURIComponent(written);
      } catch {
        // a malformed escape: the slug as written is all there is
      }
      const random = this.random('slug', decoded);
      const fake = [...fold(decoded)]
        .map((c) => (/\d/.test(c) ? String(Math.floor(random() * 10)) : /[a-z]/.test(c) || /\p{L}/u.test(c) ? pick(random, 'abcdefghijklmnopqrstuvwxyz') : c === '-' || c === '_' ? c : ''))
        .join('');
      // A slug's shape, not its letters: a fake that happens to equal the real one is redrawn.
      const stand = fake && fake !== decoded ? fake : `x${fake}`;
      this.slugs.set(written, stand);
      this.slugs.set(decoded, stand);
      if (glued) {
        this.gluedSlugs.add(written);
        this.gluedSlugs.add(decoded);
      }
    }

    memberId(original) {
      let fake = this.memberIds.get(original);
      if (!fake) {
        const random = this.random('member', original);
        const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
        fake = original.slice(0, 5) + this.rules.memberIdMarker;
        for (let i = 0; i < this.rules.memberIdFakeChars; i++) fake += pick(random, chars);
        this.memberIds.set(original, fake);
      }
      this.count('member_ids');
      return fake;
    }

    number(digits) {
      let fake = this.numbers.get(digits);
      if (!fake) {
        const random = this.random('number', digits);
        fake = '';
        for (let i = 0; i < digits.length; i++) {
          fake += String(i === 0 && digits[0] !== '0' ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10));
        }
        if (fake === digits) fake = String((Number(fake[0]) % 9) + 1) + fake.slice(1);
        this.numbers.set(digits, fake);
      }
      this.count('numeric_ids');
      return fake;
    }

    // A token's characters keep their class (digit, lower, upper, other) and each depends on
    // the token up to it, so a token cut short elsewhere in the page maps to a cut-short copy.
    token(run) {
      let h = this.seed ^ 0x5bd1e995;
      let out = '';
      for (const c of run) {
        h = hash(c, h);
        const r = Math.imul(h ^ (h >>> 13), 0x85ebca6b) >>> 0;
        if (/[0-9]/.test(c)) out += String(r % 10);
        else if (/[a-z]/.test(c)) out += String.fromCharCode(97 + (r % 26));
        else if (/[A-Z]/.test(c)) out += String.fromCharCode(65 + (r % 26));
        else out += c;
      }
      this.count('tokens');
      return out;
    }

    // Person and organisation ids anywhere: member ids, slugs, long numbers. Each stand-in is
    // put in once and never rewritten (a slug's stand-in may hold digits; `marked` keeps them
    // between \u0001 and \u0002 for a caller that goes on rewriting the rest). A member id glued
    // to more key characters ("ref<id>Topcard") is followed by a dot, so its stand-in never
    // reads as part of a longer id.
    replaceIds(value, { slugsInside = false, marked = false } = {}) {
      const mark = (fake) => `\u0001${fake}\u0002`;
      let out = value.replace(this.rules.memberId, (id, at, whole) => mark(this.memberId(id)) + (/[\w-]/.test(whole[at + id.length] ?? '') ? '.' : ''));
      if (this.slugs.size) out = this.replaceSlugs(out, slugsInside, mark);
      out = out.replace(this.rules.numericIdOrMarked, (found) => (found[0] === '\u0001' ? found : mark(this.number(found))));
      return marked ? out : out.replace(/[\u0001\u0002]/g, '');
    }

    // Slugs as whole path segments or words; inside keys a person's slug is glued to other words
    // ("profileAside<slug>"), so there any occurrence of one long enough to be unique counts.
    replaceSlugs(value, inside, mark) {
      let out = value;
      for (const [slug, fake] of this.slugs) {
        if (!out.includes(slug)) continue;
        const bounded = new RegExp(`(?<![\\w%-])${escapeRegExp(slug)}(?![\\w%-])`, 'g');
        const before = out;
        out = inside && this.gluedSlugs.has(slug) && slug.length >= 6 ? out.split(slug).join(mark(fake)) : out.replace(bounded, mark(fake));
        if (out !== before) this.count('slugs');
      }
      return out;
    }

    // An element key (componentkey, id, …): ids replaced, then each run of key characters that
    // is not made of the site's key words or plain words is an opaque token.
    key(value) {
      const withIds = this.replaceIds(this.timedIds(value), { slugsInside: true, marked: true });
      return withIds.replace(/\u0001([^\u0002]*)\u0002|[A-Za-z0-9+/=_-]+/g, (run, fake) => {
        if (fake !== undefined) return fake;
        return this.splitKeyWords(run)
          .map(([piece, isWord]) => (isWord || !this.isToken(piece) ? piece : this.token(piece)))
          .join('');
      });
    }

    // Ids that carry their time: the time kept (a message's date is what the tests read), the
    // rest of the id replaced; the stand-in is marked so no later pass rewrites it.
    timedIds(value) {
      if (!this.rules.timedIds) return value;
      return value.replace(this.rules.timedIds, (whole, ...args) => {
        const { encoded } = args[args.length - 1];
        let text;
        try {
          text = atob(encoded);
        } catch {
          return whole;
        }
        const time = text.match(/^\d+/)?.[0] ?? '';
        const rest = text.slice(time.length);
        const fake = btoa(time + this.token(rest));
        this.count('timed_ids');
        return whole.replace(encoded, `\u0001${fake}\u0002`);
      });
    }

    splitKeyWords(run) {
      const pieces = [];
      let rest = run;
      for (let m = rest.match(this.rules.keyWords); m && m[0]; m = rest.match(this.rules.keyWords)) {
        if (m.index > 0) pieces.push([rest.slice(0, m.index), false]);
        pieces.push([m[0], true]);
        rest = rest.slice(m.index + m[0].length);
      }
      if (rest) pieces.push([rest, false]);
      return pieces;
    }

    // Long, and not plain words ("SearchResults_SearchTyahInputRef", "ember55"): every piece
    // between separators is a word with a vowel, short, or hexadecimal (the site's render ids,
    // UUIDs, which name nobody).
    isToken(piece) {
      if (piece.length < this.rules.tokenMinChars) return false;
      return !piece.split(/[-_./+=]/).every((part) => {
        if (/^[0-9a-f]+$/.test(part) || (part.length <= 8 && (part.match(/\d/g) ?? []).length <= 4)) return true;
        if (/\d/.test(part)) return false;
        const words = part.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
        return words.join('') === part && words.every((w) => w.length <= 2 || /[aeiouAEIOU]/.test(w));
      });
    }

    // --- texts -------------------------------------------------------------------------------

    // A free text: names and first names by their stand-ins, words kept when the depth features
    // read them (stock phrases, question openers), every other word replaced by a pseudo-word of
    // the same length and case; spaces, punctuation, emoji, short numbers and question marks stay.
    freeText(text) {
      if (!/[\p{L}\p{N}]/u.test(text)) return text;
      const random = this.random('text', text);
      const pseudo = (piece) => piece.replace(TEXT_TOKEN, (token, at) => (piece[at - 1] === '#' ? this.hashtag(token) : this.pseudoToken(token, random)));
      const out = this.names
        .split(text)
        .map(([piece, name]) => {
          if (name !== null) {
            this.count('names');
            return this.names.get(name);
          }
          return this.firstNames
            .split(piece)
            .map(([part, first]) => (first === null ? pseudo(part) : (this.count('first_names'), this.firstNames.get(first))))
            .join('');
        })
        .join('');
      if (out === text) return text;
      this.count('texts');
      const original = text.trim();
      const words = original.split(/\s+/).length;
      if (words >= 2 || original.length >= 12) this.texts.add(original, out.trim());
      if (words >= 3) this.textOriginals.add(original);
      return out;
    }

    // A hashtag's word is the same pseudo-word wherever it is (a post, a search link).
    hashtag(word) {
      this.count('hashtags');
      return this.pseudoWord(word, this.random('hashtag', fold(word)));
    }

    pseudoToken(token, random) {
      if (URL_IN_TEXT.test(token)) {
        this.count('urls');
        return PLACEHOLDER_URL;
      }
      if (WHOLE_EMAIL.test(token)) {
        this.count('emails');
        return `${this.pseudoWord('person', random).toLowerCase()}@example.com`;
      }
      if (this.rules.keepWords.has(fold(token))) return token;
      let word;
      do word = this.pseudoWord(token, random);
      while (this.rules.keepWords.has(fold(word)) && word !== token);
      return word;
    }

    // Same length, same case per letter, same script; long digit runs redrawn.
    pseudoWord(word, random) {
      let out = '';
      let vowel = random() < 0.5;
      const digitRuns = word.match(/\d+/g) ?? [];
      const longDigits = new Set(digitRuns.filter((d) => d.length >= LONG_DIGITS));
      let digitIndex = 0;
      let inDigits = false;
      let currentLong = false;
      for (const c of word) {
        if (/\d/.test(c)) {
          if (!inDigits) {
            currentLong = longDigits.has(digitRuns[digitIndex++]);
            inDigits = true;
          }
          out += currentLong ? String(Math.floor(random() * 10)) : c;
          continue;
        }
        inDigits = false;
        if (!/\p{L}/u.test(c)) {
          out += c;
          continue;
        }
        const script = SCRIPTS.find(([test]) => test.test(c));
        if (script) {
          out += pick(random, [...script[1]]);
          continue;
        }
        const letter = pick(random, vowel ? VOWELS : CONSONANTS);
        vowel = !vowel;
        out += isUpper(c) ? letter.toUpperCase() : letter;
      }
      return out;
    }

    // A text that stays (interface strings, counts): names, first names, copies of free texts
    // and ids replaced.
    knownText(text) {
      // Copies of free texts and names in one pass, the longest first: a copy may hold a name,
      // and a name may hold a short free text (a field of study inside a school's name).
      const dictionaries = [this.texts, this.names];
      const kinds = ['text_copies', 'names'];
      let out = Dictionary.splitLongest(text, dictionaries)
        .map(([piece, hit, from]) => (hit === null ? piece : (this.count(kinds[from]), dictionaries[from].get(hit))))
        .join('');
      out = this.firstNames.replace(out, () => this.count('first_names'));
      out = out.replace(EMAIL, () => {
        this.count('emails');
        return 'someone@example.com';
      });
      return out;
    }

    // --- URLs --------------------------------------------------------------------------------

    isSiteHost(host) {
      return this.rules.siteHosts.some((pattern) => pattern.test(host));
    }

    url(value, { image }) {
      const trimmed = value.trim();
      if (!trimmed || trimmed.startsWith('#')) return this.key(value);
      if (/^(?:javascript|blob):/i.test(trimmed)) return '';
      if (/^data:/i.test(trimmed)) return image && trimmed.length > 200 ? PLACEHOLDER_IMAGE : trimmed;
      let url;
      try {
        url = new URL(trimmed, 'https://www.linkedin.com/');
      } catch {
        return image ? PLACEHOLDER_IMAGE : '';
      }
      const relative = !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(trimmed);
      if (image || !this.isSiteHost(url.hostname) || (relative && !trimmed.startsWith('/'))) {
        this.count(image ? 'images' : 'urls');
        return image ? PLACEHOLDER_IMAGE : PLACEHOLDER_URL;
      }
      // A segment is read decoded ("urn%3Ali%3Aactivity%3A…") and written back as it came.
      url.pathname = url.pathname
        .split('/')
        .map((segment) => {
          let decoded = segment;
          try {
            decoded = decodeURIComponent(segment);
          } catch {
            // a malformed escape: the segment as written
          }
          const out = this.key(decoded);
          return segment.includes('%') ? encodeURIComponent(out) : out;
        })
        .join('/');
      for (const [name, v] of [...url.searchParams]) {
        const tag = v.match(/^#([\p{L}\p{M}\p{N}_]+)$/u)?.[1];
        url.searchParams.set(name, /^https?:/i.test(v) ? PLACEHOLDER_URL : tag ? `#${this.hashtag(tag)}` : this.knownText(this.key(v)));
      }
      url.hash = url.hash ? `#${this.key(url.hash.slice(1))}` : '';
      return relative ? url.pathname + url.search + url.hash : url.href;
    }

    // --- the document ------------------------------------------------------------------------

    strip(doc) {
      for (const el of doc.querySelectorAll(this.rules.strip)) {
        el.remove();
        this.count('stripped_elements');
      }
      const { keep, json } = this.rules.meta;
      for (const meta of doc.querySelectorAll('meta')) {
        const name = meta.getAttribute('name') ?? meta.getAttribute('http-equiv') ?? meta.getAttribute('property');
        if (meta.hasAttribute('charset')) continue;
        if (name && json[name]) {
          meta.setAttribute('content', this.keepJsonKeys(meta.getAttribute('content'), json[name]));
        } else if (!name || !keep.includes(name)) {
          meta.remove();
          this.count('stripped_elements');
        }
      }
      const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_COMMENT);
      const comments = [];
      while (walker.nextNode()) comments.push(walker.currentNode);
      for (const comment of comments) comment.remove();
      for (const el of doc.querySelectorAll('*')) {
        for (const attr of [...el.attributes]) {
          if (/^on/i.test(attr.name) || this.rules.stripAttributes.some((p) => p.test(attr.name))) el.removeAttribute(attr.name);
        }
      }
      // Markup that cuts a name or a text in pieces goes, its text joined to its neighbours'.
      if (this.rules.unwrap) {
        const parents = new Set();
        for (const el of [...doc.querySelectorAll(this.rules.unwrap)].reverse()) {
          if (!el.parentNode) continue;
          parents.add(el.parentNode);
          el.replaceWith(...el.childNodes);
          this.count('unwrapped_elements');
        }
        for (const parent of parents) if (parent.isConnected) parent.normalize();
      }
    }

    keepJsonKeys(content, keys) {
      try {
        const value = JSON.parse(content);
        return JSON.stringify(Object.fromEntries(keys.filter((k) => k in value).map((k) => [k, value[k]])));
      } catch {
        return '{}';
      }
    }

    // Slugs from links, then names; their stand-ins once all are known.
    collect(doc) {
      for (const el of doc.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          const path = this.rules.urlAttributes.has(attr.name) ? this.sitePath(attr.value) : null;
          for (const link of this.rules.links) {
            const read = link.attr ? (attr.name === link.attr ? attr.value : null) : path;
            const id = read?.match(link.regex)?.groups?.id;
            if (id && !this.rules.wholeMemberId.test(id)) this.addSlug(id, link.glued);
          }
        }
      }
      for (const rule of this.rules.nameElements) {
        if (rule.when && !doc.querySelector(rule.when)) continue;
        for (const el of doc.querySelectorAll(rule.css)) {
          if (rule.href && !this.sitePath(el.closest('a[href]')?.getAttribute('href'))?.match(rule.href)) continue;
          const text = this.readName(el, rule);
          // With a pattern, every `name…` group of it ("Ana Lima, Rui Costa and 3 others").
          const names = rule.regex
            ? Object.entries(text.trim().match(rule.regex)?.groups ?? {}).filter(([group, value]) => group.startsWith('name') && value).map(([, value]) => value)
            : [text];
          for (const name of names) if (name && !rule.not?.test(name.trim())) this.addName(name, rule.kind ?? 'person');
        }
      }
      const patterns = this.rules.namePatterns;
      for (const p of patterns.filter((p) => p.attr)) {
        for (const el of doc.querySelectorAll(p.css ?? `[${p.attr}]`)) {
          const value = el.getAttribute(p.attr);
          if (value) this.matchNames(p, value.replace(/\s+/g, ' ').trim());
        }
      }
      const textPatterns = patterns.filter((p) => !p.attr);
      if (textPatterns.length) {
        for (const node of this.textNodes(doc)) {
          const text = node.data.replace(/\s+/g, ' ').trim();
          if (text) for (const p of textPatterns) this.matchNames(p, text);
        }
      }
      this.assignPseudonyms();
    }

    // The URL path of a link to the site, or null.
    sitePath(href) {
      if (!href) return null;
      try {
        const url = new URL(href, 'https://www.linkedin.com/');
        return this.isSiteHost(url.hostname) ? url.pathname : null;
      } catch {
        return null;
      }
    }

    // `text`: the element's text; `first_text`: its first text, outside the elements `skip`
    // names (text for screen readers only, such as a presence status before a name);
    // `attr:<name>`: an attribute.
    readName(el, rule) {
      const read = rule.read ?? 'text';
      if (read === 'first_text') return this.firstText(el, rule.skip);
      if (read.startsWith('attr:')) return el.getAttribute(read.slice(5)) ?? '';
      return el.textContent;
    }

    firstText(el, skip) {
      const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (node.data.trim() && !(skip && node.parentElement.closest(skip))) return node.data;
      }
      return '';
    }

    // An element's text may be a name inside an interface phrase ("Ana Lima Premium Profile
    // 1st", a label for screen readers): the name patterns take it out, again and again, as
    // phrases nest ("Ana Lima, Open to work Verified Profile 3rd+").
    unwrapName(text) {
      let value = text.replace(/\s+/g, ' ').trim();
      for (let depth = 0; depth < 4; depth++) {
        const inner = this.rules.namePatterns
          .filter((p) => !p.not?.test(value))
          .map((p) => value.match(p.regex)?.groups?.name)
          .find((name) => name && name !== value);
        if (!inner) break;
        value = inner;
      }
      return value;
    }

    matchNames(pattern, value) {
      if (pattern.not?.test(value)) return;
      const m = value.match(pattern.regex);
      if (!m?.groups) return;
      for (const [group, name] of Object.entries(m.groups)) {
        if (group.startsWith('name') && name) this.addName(name, pattern.kind ?? 'person');
      }
    }

    *textNodes(doc) {
      const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) yield walker.currentNode;
    }

    // Text nodes that are free text under a rule with options: inside links to some paths
    // only, the first text (a name) left out, texts matching `keep` (degrees, counts) and
    // texts of controls kept.
    freeTextNodes(doc) {
      const found = new Set();
      for (const rule of this.rules.freeText.filter((f) => f.href || f.skip_first || f.keep)) {
        for (const el of doc.querySelectorAll(rule.css)) {
          if (rule.href && !this.sitePath(el.getAttribute('href'))?.match(rule.href)) continue;
          const walker = doc.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          let first = rule.skip_first;
          while (walker.nextNode()) {
            const node = walker.currentNode;
            const text = node.data.trim();
            if (!text) continue;
            if (first) first = false;
            else if (!rule.keep?.test(this.namesAsWords(text)) && !node.parentElement.closest(this.rules.interfaceCss)) found.add(node);
          }
        }
      }
      return found;
    }

    // A text with each known name as one word, for `keep` patterns that count words ("Ana Maria
    // Lima Souza and 52 others reacted" is a count).
    namesAsWords(text) {
      return this.names
        .split(text)
        .map(([piece, name]) => (name === null ? piece : 'Name'))
        .join('');
    }

    rewriteTexts(doc) {
      const simple = this.rules.freeText.filter((f) => !f.regex && !f.href && !f.skip_first && !f.keep);
      const freeCss = simple.map((f) => f.css).join(', ');
      const partial = this.rules.freeText.filter((f) => f.regex);
      const ruled = this.freeTextNodes(doc);
      const { min_words: minWords, except } = this.rules.longText;
      const long = [];
      const stays = [];
      // Texts in controls and headings: the same text elsewhere is an interface string too.
      const controls = new Set();
      const seen = new Map();
      for (const node of this.textNodes(doc)) {
        const parent = node.parentElement;
        if (!parent) continue;
        const free = freeCss && parent.closest(freeCss);
        const inInterface = free && this.rules.interfaceCss && parent.closest(this.rules.interfaceCss);
        // A control inside a free text stays the interface's; a rule that names a heading
        // itself (a job title, a link preview's title) makes its text free.
        if ((free && !(inInterface && inInterface !== free && free.contains(inInterface))) || ruled.has(node)) {
          node.data = this.freeText(node.data);
          continue;
        }
        const m = partial.find((f) => parent.closest(f.css) && f.regex.test(node.data))?.regex.exec(node.data);
        if (m) {
          const start = m.index + m[0].indexOf(m.groups.text);
          const { data } = node;
          node.data = this.knownText(data.slice(0, start)) + this.freeText(m.groups.text) + this.knownText(data.slice(start + m.groups.text.length));
          continue;
        }
        const text = node.data.trim();
        seen.set(text, (seen.get(text) ?? 0) + 1);
        if (parent.closest(except)) controls.add(text);
        else if (text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= minWords && !/\d/.test(text)) long.push(node);
        stays.push(node);
      }
      // A long text no rule placed, without digits (counts, dates) and not an interface
      // string — in a control or heading elsewhere, or repeated over the page like a module's
      // title — is taken for a free text: a headline or a description where the data missed it.
      for (const node of long) {
        const text = node.data.trim();
        if (controls.has(text) || seen.get(text) >= REPEATED) continue;
        this.count('long_texts');
        node.data = this.freeText(node.data);
      }
      // Last, so the copies of every free text are found.
      for (const node of stays) {
        const out = this.knownText(this.replaceIds(node.data));
        if (out !== node.data) node.data = out;
      }
    }

    rewriteAttributes(doc) {
      for (const { css, attr, keep } of this.rules.freeTextAttributes) {
        for (const el of doc.querySelectorAll(css)) {
          const value = el.getAttribute(attr);
          if (value && !keep?.test(value)) el.setAttribute(attr, this.freeText(value));
        }
      }
      for (const el of doc.querySelectorAll('*')) {
        const image = /^(?:img|image|source|video|picture)$/i.test(el.localName);
        for (const attr of [...el.attributes]) {
          const { name, value } = attr;
          if (this.rules.keepAttributes.has(name) || !value) continue;
          let out;
          if (name === 'style') out = value.replace(/url\((['"]?)[^)'"]*\1\)/g, `url(${PLACEHOLDER_IMAGE})`);
          else if (this.rules.urlAttributes.has(name) || /^(?:https?:)?\/\//i.test(value)) out = this.url(value, { image: image && name !== 'href' });
          else if (this.rules.keyAttributes.has(name)) out = this.key(value);
          else out = this.knownText(this.replaceIds(value));
          for (const rewrite of this.rules.rewrites) {
            if (rewrite.attributes.includes(name)) out = out.replace(rewrite.regex, rewrite.replace);
          }
          if (out !== value) el.setAttribute(name, out);
        }
      }
    }

    originals() {
      return {
        names: [...this.nameKinds.keys()],
        slugs: [...this.slugs.keys()].filter((s) => !this.gluedSlugs.has(s)),
        glued_slugs: [...this.gluedSlugs],
        member_ids: [...this.memberIds.keys()],
        numeric_ids: [...this.numbers.keys()],
        texts: [...this.textOriginals],
      };
    }
  }

  function anonymise(doc, adapter, { seed = 1 } = {}) {
    const rules = compile(adapter.anonymise);
    const job = new Anonymiser(rules, seed);
    job.strip(doc);
    job.collect(doc);
    job.rewriteTexts(doc);
    job.rewriteAttributes(doc);
    const doctype = doc.doctype ? '<!DOCTYPE html>\n' : '';
    return { html: doctype + doc.documentElement.outerHTML + '\n', counts: job.counts, originals: job.originals() };
  }

  globalThis.VinculoAnonymise = Object.freeze({ anonymise });
})();
