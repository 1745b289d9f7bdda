import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The house rules of DEVELOPERS.md, checked on the source: one-way imports, no cycles, small files. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const files = sourceFiles('src');
const imports = new Map(
  files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const local = [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => {
      const base = join(dirname(f), m[1] ?? '');
      return [`${base}.ts`, join(base, 'index.ts')].find((c) => files.includes(c)) ?? base;
    });
    return [f, { text, local }];
  }),
);

describe('the architecture', () => {
  it('keeps Slack out of the domain and the store, and rules out of the store', () => {
    for (const [f, { text, local }] of imports) {
      if (f.startsWith('src/domain/') || f.startsWith('src/store/')) {
        expect(text, f).not.toMatch(/from '@slack\//);
        expect(
          local.filter((l) => l.startsWith('src/slack/')),
          f,
        ).toEqual([]);
      }
      if (f.startsWith('src/store/'))
        expect(
          local.filter((l) => l.startsWith('src/domain/')),
          f,
        ).toEqual([]);
      // Listeners call the domain; only the entry point wires the store in.
      if (f.startsWith('src/slack/'))
        expect(
          local.filter((l) => l.startsWith('src/store/')),
          f,
        ).toEqual([]);
    }
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of imports.get(f)?.local ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
        else if (!state.has(d) && imports.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('keeps every source file under about 400 lines', () => {
    for (const [f, { text }] of imports) expect(text.split('\n').length, f).toBeLessThanOrEqual(400);
  });
});
