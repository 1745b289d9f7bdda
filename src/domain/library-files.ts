import { dirname, resolve } from 'node:path';
import type { z } from 'zod';

/**
 * What the template and playbook libraries share on disk: the built-in folder first, then the company's
 * own (a folder relative to partneros.yml), and a zod issue named by its path in the file.
 */

export function libraryRoots(builtin: string, configPath: string, folder: string | undefined): string[] {
  return folder ? [builtin, resolve(dirname(configPath), folder)] : [builtin];
}

/** `steps[2].fields[0].type`; `whole` when the issue is about the document itself. */
export function issuePath(issue: z.core.$ZodIssue, whole: string): string {
  return (
    issue.path
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
      .join('')
      .replace(/^\./, '') || whole
  );
}
