/** The rules of one robots.txt group that applies to us. */
export interface RobotsRules {
  allow: string[];
  disallow: string[];
  /** Seconds between requests the site asks for, if any. */
  crawlDelay?: number;
  /** Sitemaps the file lists (any group). */
  sitemaps: string[];
}

/**
 * The product token of a `User-agent` value, lower-cased: its leading letters, `_` and `-` (RFC 9309
 * §2.2.1), so `newsflow/1.2` names `newsflow`; '' when it has none (`*` is handled apart).
 */
function productToken(value: string): string {
  return /^[A-Za-z_-]+/.exec(value.trim())?.[0]?.toLowerCase() ?? '';
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * A path or rule in the one form RFC 9309 §2.2.2 compares: percent-encoded octets of unreserved
 * characters decoded, other escapes upper-cased, and every character outside printable US-ASCII
 * percent-encoded as UTF-8. `/café`, `/caf%c3%a9` and `/caf%C3%A9` are one path; `%2F` stays apart
 * from `/`.
 */
export function normalizeRobotsPath(s: string): string {
  const decoded = s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(c) ? c : `%${hex.toUpperCase()}`;
  });
  let out = '';
  for (const ch of decoded) {
    const code = ch.codePointAt(0)!;
    out += code > 0x20 && code < 0x7f ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/**
 * Parse robots.txt (RFC 9309) for a user agent token: the groups naming our product token exactly
 * (case-insensitively, so `news` is not `newsflow`) win over `*`; groups with several `User-agent`
 * lines are merged as the RFC says. Rules are kept percent-normalised (`normalizeRobotsPath`).
 * `userAgent`: our product token, or a whole User-Agent header (`newsflow/0.1 (+…)`) it leads.
 */
export function parseRobots(text: string, userAgent: string): RobotsRules {
  const token = productToken(userAgent);
  type Group = { agents: string[]; allow: string[]; disallow: string[]; crawlDelay?: number };
  const groups: Group[] = [];
  const sitemaps: string[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], allow: [], disallow: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (key === 'sitemap') {
      if (value) sitemaps.push(value);
      continue;
    }
    if (!current) continue;
    if (key === 'allow' && value) current.allow.push(normalizeRobotsPath(value));
    else if (key === 'disallow' && value) current.disallow.push(normalizeRobotsPath(value));
    else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) current.crawlDelay = n;
    }
  }
  const mine = token ? groups.filter((g) => g.agents.some((a) => a !== '*' && productToken(a) === token)) : [];
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
  const rules: RobotsRules = { allow: [], disallow: [], sitemaps };
  for (const g of chosen) {
    rules.allow.push(...g.allow);
    rules.disallow.push(...g.disallow);
    if (g.crawlDelay !== undefined) rules.crawlDelay = Math.max(rules.crawlDelay ?? 0, g.crawlDelay);
  }
  return rules;
}

function patternMatch(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const re = new RegExp(`^${body.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}${anchored ? '$' : ''}`);
  return re.test(path);
}

/** Longest matching rule decides; on a tie Allow wins; no match means allowed. Compared percent-normalised. */
export function robotsAllows(rules: RobotsRules, pathAndQuery: string): boolean {
  if (pathAndQuery === '/robots.txt') return true;
  pathAndQuery = normalizeRobotsPath(pathAndQuery);
  let best = -1;
  let allowed = true;
  for (const p of rules.disallow) if (patternMatch(p, pathAndQuery) && p.length > best) ((best = p.length), (allowed = false));
  for (const p of rules.allow) if (patternMatch(p, pathAndQuery) && p.length >= best) ((best = p.length), (allowed = true));
  return allowed;
}
