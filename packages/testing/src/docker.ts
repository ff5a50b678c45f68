import { existsSync } from 'node:fs';

/**
 * True when a Docker engine is likely to answer: DOCKER_HOST is set or the default socket exists.
 * `NEWSFLOW_TEST_DOCKER=0` forces local binaries, `=1` forces containers.
 */
export function dockerLikely(): boolean {
  const force = process.env.NEWSFLOW_TEST_DOCKER;
  if (force === '0') return false;
  if (force === '1') return true;
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/** Load testcontainers only when a container is wanted: it is slow to import. */
export async function loadTestcontainers(): Promise<typeof import('testcontainers') | null> {
  try {
    const tc = await import('testcontainers');
    const { getContainerRuntimeClient } = tc as unknown as { getContainerRuntimeClient?: () => Promise<unknown> };
    if (getContainerRuntimeClient) await getContainerRuntimeClient();
    return tc;
  } catch {
    return null;
  }
}
