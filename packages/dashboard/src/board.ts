import type { Queue } from 'bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { STAGES, type QueueName } from '@newsflow/contracts';

/** Where bull-board is mounted. */
export const BOARD_PATH = '/admin/queues';

/**
 * Mount bull-board for every pipeline queue. In read-only mode bull-board hides and refuses
 * retry, clean, promote and remove.
 */
export function mountBullBoard(app: Hono, queues: Record<QueueName, Queue>, readOnly: boolean): void {
  const adapter = new HonoAdapter(serveStatic).setBasePath(BOARD_PATH);
  createBullBoard({
    queues: STAGES.map(
      (s) =>
        new BullMQAdapter(queues[s], {
          readOnlyMode: readOnly,
          allowRetries: !readOnly,
          description: `newsflow ${s} stage`,
        }),
    ),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'newsflow queues', miscLinks: [{ text: 'Pipeline', url: '/dashboard' }] } },
  });
  app.route(BOARD_PATH, adapter.registerPlugin());
}
