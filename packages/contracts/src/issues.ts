import type { z } from 'zod';

/**
 * One line per zod issue, each naming the field: `url: must be an absolute http(s) URL`.
 * Used in failure reasons, HTTP 400 bodies and CLI errors alike.
 */
export function formatIssues(error: z.ZodError, limit = 20): string {
  const lines = error.issues.slice(0, limit).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  if (error.issues.length > limit) lines.push(`… and ${error.issues.length - limit} more`);
  return lines.join('; ');
}
