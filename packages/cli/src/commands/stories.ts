import type { Command } from 'commander';
import { formatSummaryLine, parseArticleQuery, parseStoryQuery, type StorySummary } from '@newsflow/sink';
import { CliError, jsonText, terminalCell, type CliContext } from '../context.js';
import { openReadStore } from './articles.js';

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function formatStoryLine(s: StorySummary): string {
  return `${s.id}  ${day(s.firstSeen)} → ${day(s.lastSeen)}  ${String(s.articles).padStart(4)} art ${String(s.outlets).padStart(3)} outlets ${String(s.clusters).padStart(3)} texts  ${terminalCell(s.label).slice(0, 90)}`;
}

export function register(program: Command, ctx: CliContext): void {
  const stories = program.command('stories').description('stories: every outlet\'s coverage of one event, as the article store holds them');

  stories
    .command('list')
    .description('stories, most recently active first')
    .option('--since <when>', 'with an article at or after: ISO date/time or an age like 24h, 7d')
    .option('--until <when>', 'with an article before: ISO date/time or an age')
    .option('--min <n>', 'at least this many stored articles')
    .option('--limit <n>', 'stories (1-1000)', '20')
    .option('--json', 'print {items} as JSON')
    .action(async (o: { since?: string; until?: string; min?: string; limit?: string; json?: boolean }) => {
      let filter;
      try {
        filter = parseStoryQuery({ since: o.since, until: o.until, min: o.min, limit: o.limit });
      } catch (e) {
        throw new CliError(`--${(e as Error).message}`, 2);
      }
      const store = await openReadStore();
      try {
        const items = await store.stories(filter);
        if (o.json) ctx.out(jsonText({ items }, 2));
        else if (!items.length) ctx.out('no stories match');
        else for (const s of items) ctx.out(formatStoryLine(s));
      } finally {
        await store.close();
      }
    });

  stories
    .command('show <id>')
    .description('one story: its label, counts and articles')
    .option('--limit <n>', 'articles listed (1-1000)', '50')
    .option('--json', 'print the story and its articles as JSON')
    .action(async (id: string, o: { limit?: string; json?: boolean }) => {
      let limit: number | undefined;
      try {
        limit = parseArticleQuery({ limit: o.limit }).limit;
      } catch (e) {
        throw new CliError(`--${(e as Error).message}`, 2);
      }
      const store = await openReadStore();
      try {
        const story = await store.story(id);
        if (!story) throw new CliError(`no story with id ${id} (see \`newsflow stories list\`)`, 3);
        const page = await store.list({ story: id, limit });
        if (o.json) {
          ctx.out(jsonText({ ...story, items: page.items, nextCursor: page.nextCursor }, 2));
          return;
        }
        ctx.out(`story:     ${story.id}`);
        ctx.out(`label:     ${terminalCell(story.label)}`);
        ctx.out(`seen:      ${story.firstSeen} → ${story.lastSeen}`);
        ctx.out(`articles:  ${story.articles}   outlets: ${story.outlets}   independent texts (copy clusters): ${story.clusters}`);
        ctx.out('');
        for (const s of page.items) ctx.out(formatSummaryLine({ ...s, title: terminalCell(s.title), siteName: s.siteName === null ? null : terminalCell(s.siteName) }));
        if (page.nextCursor) ctx.out(`… more: newsflow articles list --story ${story.id} --cursor ${page.nextCursor}`);
      } finally {
        await store.close();
      }
    });
}
