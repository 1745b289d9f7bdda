/**
 * A small Dockerfile reader for tests (no Docker engine on the test machines): instructions with
 * their line continuations joined and comments dropped, grouped into build stages.
 */

export interface Instruction {
  /** Upper case: FROM, RUN, COPY… */
  readonly keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  readonly args: string;
  /** The exec form (`["node", "x.js"]`) parsed, when the arguments are one. */
  readonly exec?: string[];
}

export interface Stage {
  readonly base: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM (they may be used in FROM lines). */
  readonly globalArgs: Instruction[];
  readonly stages: Stage[];
}

function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function readDockerfile(text: string): Dockerfile {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    // A comment line inside a continued instruction is skipped, as Docker does.
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  if (current.trim()) logical.push(current.trim());

  const globalArgs: Instruction[] = [];
  const stages: { base: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = (match[2] ?? '').trim();
    const exec = execForm(args);
    const instruction: Instruction = exec ? { keyword, args, exec } : { keyword, args };
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ base: from?.[1] ?? args, name: from?.[2], instructions: [] });
    } else if (stages.length === 0) {
      if (keyword !== 'ARG') throw new Error(`${keyword} before the first FROM`);
      globalArgs.push(instruction);
    } else stages.at(-1)?.instructions.push(instruction);
  }
  return { globalArgs, stages };
}
