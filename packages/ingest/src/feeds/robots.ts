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
 * Parse robots.txt (RFC 9309) for a user agent token: the most specific matching group wins
 * (our token over `*`); groups with several `User-agent` lines are merged as the RFC says.
 */
export function parseRobots(text: string, agentToken: string): RobotsRules {
  const token = agentToken.toLowerCase();
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
    if (key === 'allow' && value) current.allow.push(value);
    else if (key === 'disallow' && value) current.disallow.push(value);
    else if (key === 'crawl-delay') {
      const n = Number(value);
      if (Number.isFinite(n) && n >= 0) current.crawlDelay = n;
    }
  }
  const mine = groups.filter((g) => g.agents.some((a) => a !== '*' && token.startsWith(a)));
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

/** Longest matching rule decides; on a tie Allow wins; no match means allowed. */
export function robotsAllows(rules: RobotsRules, pathAndQuery: string): boolean {
  if (pathAndQuery === '/robots.txt') return true;
  let best = -1;
  let allowed = true;
  for (const p of rules.disallow) if (patternMatch(p, pathAndQuery) && p.length > best) ((best = p.length), (allowed = false));
  for (const p of rules.allow) if (patternMatch(p, pathAndQuery) && p.length >= best) ((best = p.length), (allowed = true));
  return allowed;
}
