import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../context.js';
import { cliEnv, newApiToken, readApiToken, readRunState, saveApiToken, tokenPath } from '../runtime.js';

/**
 * `newsflow token show|rotate`: the API token `newsflow start` keeps in `<home>/api-token`, so a
 * scraper holding it keeps working across restarts. NEWSFLOW_API_TOKEN, when set, wins over it.
 */
export function register(program: Command, ctx: CliContext): void {
  const token = program.command('token').description('the API token newsflow start keeps across restarts (NEWSFLOW_HOME/api-token)');
  token
    .command('show')
    .description('print the API token (for a scraper\u2019s configuration; it is a secret)')
    .action(() => {
      const env = cliEnv();
      const home = resolve(env.NEWSFLOW_HOME);
      if (env.NEWSFLOW_API_TOKEN) {
        ctx.out(env.NEWSFLOW_API_TOKEN);
        ctx.err('(from NEWSFLOW_API_TOKEN, which newsflow start uses instead of the saved token)');
        return;
      }
      const t = readApiToken(home);
      if (!t) throw new CliError(`no API token in ${tokenPath(home)} yet: \`newsflow start\` makes one on its first run (or run \`newsflow token rotate\`)`);
      ctx.out(t);
    });
  token
    .command('rotate')
    .description('replace the saved API token with a new one; a running newsflow takes it at its next start')
    .action(() => {
      const env = cliEnv();
      const home = resolve(env.NEWSFLOW_HOME);
      saveApiToken(home, newApiToken());
      ctx.out(`a new API token is in ${tokenPath(home)} (\`newsflow token show\` prints it)`);
      if (env.NEWSFLOW_API_TOKEN) ctx.err('note: NEWSFLOW_API_TOKEN is set, and newsflow start uses it instead of the saved token');
      const running = readRunState(home);
      if (running) ctx.err(`note: newsflow is running (pid ${running.pid}) with the old token until it is restarted`);
    });
}
