import type { EntityType } from '@newsflow/contracts';
import { FIRM_NOUNS } from './canonical.js';
import { INTERGOVERNMENTAL } from './known-orgs.js';
import type { Sentence } from './tokenize.js';
import type { TaggedSpan } from './spans.js';
import { ROLES } from './titles.js';

/**
 * Spans as a reader expects them, after tagging: rules about kinds of phrases the tagger gets
 * wrong, each phrased for the phrase, not for a page.
 */

/** Roles that tie the name before them to a place: "Kentucky Governor", "Texas Sen.". */
const PLACE_ROLES = new Set(['governor', 'gov.', 'senator', 'sen.', 'mayor', 'representative', 'rep.', 'lawmaker', 'legislator', 'congressman', 'congresswoman', 'premier']);
/** Roles held at an organisation, which the name before them is: "CBS Sports NFL Insider". */
const ORG_ROLES = new Set(['insider', 'correspondent', 'reporter', 'analyst', 'editor', 'columnist', 'anchor', 'commentator', 'writer', 'spokesman', 'spokeswoman', 'spokesperson', 'producer', 'host', 'executive', 'ceo', 'chairman', 'chairwoman', 'director', 'founder', 'coach', 'manager', 'economist', 'official']);
/** Last words of event names: "Davis Cup", "Cannes Film Festival", "Nobel Prize". */
const EVENT_HEADS = new Set(['cup', 'trophy', 'championship', 'championships', 'olympics', 'olympiad', 'prix', 'festival', 'awards', 'prize', 'marathon']);
/** Words after a one-word name that make it an occasion: "Diwali celebrations". */
const EVENT_CUES = new Set(['celebrations', 'celebration', 'festival', 'festivities', 'holiday', 'holidays']);
/** Single-token names of intergovernmental groupings, as written: "G20" is never anything else. */
const GROUPINGS = new Set(INTERGOVERNMENTAL.filter((n) => !n.includes(' ') && n !== 'WHO' && n !== 'Commonwealth'));

const CAPITALISED = /^[\p{Lu}]/u;
const PUNCT = /^[^\p{L}\p{N}]+$/u;

function sub(s: TaggedSpan, first: number, last: number, type: EntityType = s.type): TaggedSpan {
  const start = s.sentence[first]!.start;
  const end = s.sentence[last]!.end;
  return { ...s, type, first, last, start, end, text: s.text.slice(start - s.start, end - s.start) };
}

/** A span over tokens [first, last] of a sentence, built from the field's text. */
function spanOver(like: Omit<TaggedSpan, 'first' | 'last' | 'start' | 'end' | 'text'>, fieldText: string, first: number, last: number): TaggedSpan {
  const start = like.sentence[first]!.start;
  const end = like.sentence[last]!.end;
  return { ...like, first, last, start, end, text: fieldText.slice(start, end) };
}

/**
 * "CBS Sports NFL Insider Jason La Canfora" (one ORG) → "CBS Sports NFL" ORG + "Jason La Canfora"
 * PER; "Kentucky Governor" → "Kentucky" LOC. A role word after a span's first word splits it: the
 * name after it is a person, the name before it the organisation or place the role belongs to
 * (other roles, "President", leave the words before them out). A leading role is left to
 * `trimTitle`.
 */
function splitAtRole(s: TaggedSpan): TaggedSpan[] {
  for (let i = s.last; i > s.first; i--) {
    const w = s.sentence[i]!.text.toLowerCase();
    const place = PLACE_ROLES.has(w);
    const org = ORG_ROLES.has(w);
    if (!place && !org && !ROLES.has(w)) continue;
    const before = place || org ? [sub(s, s.first, i - 1, place ? 'LOC' : 'ORG')] : [];
    // A role word ending the span: the words before it hold the role's place or employer.
    if (i === s.last) return before;
    // A role inside an organisation's name ("Office of the Director of National Intelligence") is
    // followed by lower-case words: the span stays whole.
    if (!CAPITALISED.test(s.sentence[i + 1]!.text)) return [s];
    return [...before, sub(s, i + 1, s.last, 'PER')];
  }
  return [s];
}

/** "Europa and Io" → two names; "Trinidad and Tobago", a known name, stays one. */
function splitCoordination(s: TaggedSpan, known: (text: string) => boolean): TaggedSpan[] {
  for (let i = s.first + 1; i < s.last; i++) {
    if (s.sentence[i]!.text !== 'and') continue;
    if (known(s.text)) return [s];
    return [sub(s, s.first, i - 1), ...splitCoordination(sub(s, i + 1, s.last), known)];
  }
  return [s];
}

function withoutEdgePunctuation(s: TaggedSpan): TaggedSpan | null {
  let a = s.first;
  let b = s.last;
  while (a <= b && PUNCT.test(s.sentence[a]!.text)) a++;
  while (b >= a && PUNCT.test(s.sentence[b]!.text)) b--;
  if (a > b) return null;
  return a === s.first && b === s.last ? s : sub(s, a, b);
}

function eventType(s: TaggedSpan): EntityType {
  if (s.type === 'MISC') return s.type;
  if (s.last > s.first && EVENT_HEADS.has(s.sentence[s.last]!.text.toLowerCase())) return 'MISC';
  if (s.first === s.last && EVENT_CUES.has(s.sentence[s.last + 1]?.text.toLowerCase() ?? '')) return 'MISC';
  return s.type;
}

/**
 * Neighbouring spans that make one name: a nationality inside an organisation's name ("Free" +
 * "Syrian" + "Army" → "Free Syrian Army"; "Syrian" + "Democratic Forces"). A run of touching
 * organisation and nationality spans that ends in an organisation becomes one organisation.
 */
function joinAdjacent(spans: TaggedSpan[], text: string): TaggedSpan[] {
  const out: TaggedSpan[] = [];
  let run: TaggedSpan[] = [];
  const flush = (): void => {
    while (run.length && run[run.length - 1]!.type !== 'ORG') out.push(run.shift()!);
    if (run.length > 1) out.push({ ...spanOver(run[0]!, text, run[0]!.first, run[run.length - 1]!.last), type: 'ORG' });
    else out.push(...run);
    run = [];
  };
  for (const s of spans) {
    const prev = run[run.length - 1];
    const joins = (s.type === 'ORG' || s.type === 'MISC') && prev && prev.sentence === s.sentence && prev.last + 1 === s.first;
    if (!joins) flush();
    if (s.type === 'ORG' || s.type === 'MISC') run.push(s);
    else out.push(s);
  }
  flush();
  return out;
}

/** Kinds of named objects: "the space probe Juno", "the tanker Stena Impero" name a thing, not a person. */
const OBJECT_KINDS = new Set(['probe', 'spacecraft', 'rover', 'lander', 'orbiter', 'satellite', 'telescope', 'ship', 'vessel', 'tanker', 'frigate', 'destroyer', 'submarine', 'yacht', 'ferry', 'rocket', 'warship', 'freighter']);
/** Planets and moons, which the tagger reads as people: places, as CoNLL types them. */
const CELESTIAL = new Set(['jupiter', 'saturn', 'uranus', 'neptune', 'pluto', 'mars', 'europa', 'io', 'ganymede', 'callisto', 'enceladus', 'triton']);

function objectOrPlace(s: TaggedSpan, type: EntityType): EntityType {
  if (type !== 'PER' && type !== 'ORG') return type;
  const before = s.sentence[s.first - 1]?.text;
  if (before && OBJECT_KINDS.has(before) && before === before.toLowerCase()) return 'MISC';
  if (s.first === s.last && CELESTIAL.has(s.sentence[s.first]!.text.toLowerCase()) && CAPITALISED.test(s.sentence[s.first]!.text)) return 'LOC';
  return type;
}

const TITLE_CASED = /^\p{Lu}\p{Ll}+$/u;

/** The words after token `i` are an appositive that calls it a firm: ", the Texas-based intelligence firm". */
function firmAppositive(sent: Sentence, i: number): boolean {
  if (sent[i + 1]?.text !== ',' || !/^(the|a|an)$/i.test(sent[i + 2]?.text ?? '')) return false;
  for (let k = i + 3; k <= i + 7 && k < sent.length; k++) {
    const w = sent[k]!.text;
    if (w === ',' || w === '.' || w === ';') return false;
    if (w === w.toLowerCase() && FIRM_NOUNS.has(w)) return true;
  }
  return false;
}

/**
 * Names the tagger left untagged that the text itself types: a grouping ("the G20 summit"), a
 * planet or moon ("the moons Europa and Io"), a capitalised run an appositive calls a firm
 * ("Stratfor, the Texas-based intelligence firm,").
 */
function untagged(sentences: readonly Sentence[], tagged: TaggedSpan[], like: (si: number) => Omit<TaggedSpan, 'first' | 'last' | 'start' | 'end' | 'text' | 'type'>, fieldText: string): TaggedSpan[] {
  const covered = new Map<number, Uint8Array>();
  for (const s of tagged) {
    let c = covered.get(s.sentenceIndex);
    if (!c) covered.set(s.sentenceIndex, (c = new Uint8Array(s.sentence.length)));
    c.fill(1, s.first, s.last + 1);
  }
  const out: TaggedSpan[] = [];
  for (let si = 0; si < sentences.length; si++) {
    const sent = sentences[si]!;
    const c = covered.get(si);
    for (let i = 0; i < sent.length; i++) {
      const t = sent[i]!.text;
      const code = t.charCodeAt(0);
      // Only a capitalised word can be a name: skip the rest without a regex.
      if ((code < 65 || code > 90) && code < 128) continue;
      if (c?.[i] || !CAPITALISED.test(t)) continue;
      if (GROUPINGS.has(t)) out.push(spanOver({ ...like(si), type: 'ORG' }, fieldText, i, i));
      else if (TITLE_CASED.test(t) && CELESTIAL.has(t.toLowerCase())) out.push(spanOver({ ...like(si), type: 'LOC' }, fieldText, i, i));
      else if (sent[i + 1]?.text === ',' && firmAppositive(sent, i)) {
        let a = i;
        while (a > 0 && !c?.[a - 1] && CAPITALISED.test(sent[a - 1]!.text) && i - a < 4) a--;
        out.push(spanOver({ ...like(si), type: 'ORG' }, fieldText, a, i));
      }
    }
  }
  return out;
}

export interface SpanRuleContext {
  /** The field's text and its sentences. */
  text: string;
  sentences: readonly Sentence[];
  field: TaggedSpan['field'];
  /** True when a whole phrase is a known name (a country, a gazetteer entry): coordination does not split it. */
  known?: (text: string) => boolean;
}

/** Apply the span rules to one field's tagged spans, in order; the result is sorted by position. */
export function applySpanRules(spans: TaggedSpan[], ctx: SpanRuleContext): TaggedSpan[] {
  const known = ctx.known ?? (() => false);
  // spansOf gives spans in reading order, which joinAdjacent needs.
  let out = joinAdjacent(spans, ctx.text)
    .flatMap(splitAtRole)
    .flatMap((s) => splitCoordination(s, known))
    .map(withoutEdgePunctuation)
    .filter((s): s is TaggedSpan => s !== null)
    .map((s) => {
      let type = objectOrPlace(s, eventType(s));
      // A country is a place, never a nationality or an event ("Spain won the Davis Cup").
      if (type === 'MISC' && s.type === 'MISC' && known(s.text)) type = 'LOC';
      return type === s.type ? s : { ...s, type };
    });
  // A name the text gives an object once ("the space probe Juno") is that object everywhere in it.
  const objects = new Set(out.filter((s) => s.type === 'MISC' && OBJECT_KINDS.has(s.sentence[s.first - 1]?.text ?? '')).map((s) => s.text));
  if (objects.size) out = out.map((s) => (objects.has(s.text) && s.type !== 'MISC' ? { ...s, type: 'MISC' as const } : s));
  const like = (si: number) => ({ field: ctx.field, sentence: ctx.sentences[si]!, sentenceIndex: si });
  out.push(...untagged(ctx.sentences, out, like, ctx.text));
  return out.sort((a, b) => a.start - b.start);
}
