import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvSchema } from '../src/config/schema';
import { SUBCOMMANDS } from '../src/domain/commands/catalogue';

// A `|` inside a Markdown table cell is written `\|`; the reader sees `|`.
const readme = readFileSync('README.md', 'utf8').replaceAll('\\|', '|');
const envExample = readFileSync('.env.example', 'utf8');

describe('the documentation', () => {
  it('lists every /partner command with its usage and example, as help shows them', () => {
    for (const spec of SUBCOMMANDS) {
      expect(readme, spec.name).toContain(`/partner ${spec.usage}`);
      expect(readme, spec.name).toContain(`/partner ${spec.example}`);
    }
  });

  it('documents every environment variable in the README and .env.example', () => {
    for (const key of Object.keys(EnvSchema.shape)) {
      expect(readme, key).toContain(key);
      expect(envExample, key).toContain(key);
    }
  });

  it('gives the set-up commands, the sample program first', () => {
    expect(readme).toContain('npm ci && npx partneros demo && npm start');
    expect(readme).toContain('npm test');
    expect(readFileSync('.ci/run', 'utf8')).toMatch(/npm ci[\s\S]*npm test/);
  });
});
