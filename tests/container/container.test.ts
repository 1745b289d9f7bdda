import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { load as parseYaml } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDockerfile, type Instruction, type Stage } from './dockerfile';

/**
 * No Docker engine runs here, so these tests read the Dockerfile and compose.yml and check what they
 * promise; the health check command itself is run against a local server.
 */

const dockerfile = readDockerfile(readFileSync('Dockerfile', 'utf8'));
const dockerignore = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const envExample = readFileSync('.env.example', 'utf8');

const runtime = dockerfile.stages.at(-1) as Stage;
const of = (stage: Stage, keyword: string): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);
const toolchain = /\b(python3|make|g\+\+|gcc|build-essential)\b/;

describe('the Dockerfile', () => {
  it('has a build stage and a runtime stage that takes only the built files from it', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    const build = dockerfile.stages.find((s) => s.name === 'build');
    expect(build).toBeDefined();
    const copiedFrom = of(runtime, 'COPY')
      .map((c) => /--from=(\S+)/.exec(c.args)?.[1])
      .filter(Boolean);
    expect(copiedFrom).toContain('build');
    expect(copiedFrom.every((name) => name === 'build')).toBe(true);
  });

  it('compiles better-sqlite3 in the build stage only: the toolchain never reaches the runtime image', () => {
    const build = dockerfile.stages.find((s) => s.name === 'build') as Stage;
    const installs = of(build, 'RUN').find((r) => /apt-get install/.test(r.args));
    for (const tool of ['python3', 'make', 'g++']) expect(installs?.args.split(/\s+/)).toContain(tool);
    expect(of(build, 'RUN').some((r) => /npm ci\b/.test(r.args))).toBe(true);
    // Compiled from source with the image's own headers: nothing prebuilt is downloaded.
    expect(
      of(build, 'ENV')
        .map((e) => e.args)
        .join(' '),
    ).toMatch(/npm_config_build_from_source=true/);
    for (const run of of(runtime, 'RUN')) expect(run.args).not.toMatch(toolchain);
    expect(runtime.base).toBe(build.base);
  });

  it('installs only the runtime dependencies, which is enough because the app runs its source through tsx', () => {
    const build = dockerfile.stages.find((s) => s.name === 'build') as Stage;
    expect(of(build, 'RUN').find((r) => /npm ci/.test(r.args))?.args).toMatch(/--omit=dev/);
    expect(pkg.dependencies.tsx).toBeDefined();
    expect(pkg.scripts.start).toBe('tsx src/index.ts');
    // Every package the app imports must survive --omit=dev.
    const imported = new Set<string>();
    const files = spawnSync('git', ['ls-files', 'src'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const file of files.filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/from '([^.'][^']*)'/g)) {
        const spec = m[1] as string;
        if (spec.startsWith('node:')) continue;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string));
      }
    }
    const missing = [...imported].filter((name) => !pkg.dependencies[name]);
    expect(missing).toEqual([]);
  });

  it('runs what npm start runs, as an unprivileged user', () => {
    const cmd = of(runtime, 'CMD').at(-1);
    expect(cmd?.exec).toEqual(['node', '--import', 'tsx', 'src/index.ts']);
    const users = of(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)?.args ?? '';
    expect(['root', '0', '0:0', 'root:root']).not.toContain(user);
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.lastIndexOf('CMD'));
  });

  it('keeps the SQLite file on a volume the app user owns', () => {
    expect(
      of(runtime, 'ENV')
        .map((e) => e.args)
        .join(' '),
    ).toMatch(/PARTNEROS_DB=\/data\/partneros\.db/);
    expect(of(runtime, 'VOLUME').map((v) => v.args)).toContain('/data');
    expect(of(runtime, 'RUN').some((r) => /chown\s+\S*node\S*\s+\/data/.test(r.args))).toBe(true);
  });

  it('copies only files that exist and are not left out of the build context', () => {
    const sources = of(runtime, 'COPY')
      .filter((c) => !c.args.includes('--from='))
      .flatMap((c) => {
        const parts = c.args.split(/\s+/).filter((p) => !p.startsWith('--'));
        return parts.slice(0, -1);
      });
    expect(sources).toEqual(expect.arrayContaining(['src', 'migrations', 'templates', 'playbooks']));
    for (const source of sources) {
      expect(existsSync(source), source).toBe(true);
      expect(dockerignore, source).not.toContain(source);
    }
    for (const secret of ['.env', 'node_modules', '*.db', '.git', 'data', 'tests'])
      expect(dockerignore).toContain(secret);
  });
});

describe('the Dockerfile health check', () => {
  let status = 200;
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === '/healthz' ? status : 404, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // Run asynchronously: the server answering the check lives in this process.
  const exitCodeOf = (cmd: string, args: string[], env: Record<string, string | undefined>) =>
    new Promise<number | null>((resolve) => {
      const child = execFile(cmd, args, { env, timeout: 10_000 }, () => resolve(child.exitCode));
    });

  const check = () => {
    const healthcheck = of(runtime, 'HEALTHCHECK').at(-1) as Instruction;
    const exec = JSON.parse(healthcheck.args.slice(healthcheck.args.indexOf('CMD') + 3).trim()) as string[];
    expect(exec[0]).toBe('node');
    return exec;
  };

  it('passes when GET /healthz on PORT answers 200, with node alone', async () => {
    status = 200;
    const [cmd, ...args] = check();
    expect(await exitCodeOf(cmd as string, args, { PATH: process.env.PATH, PORT: String(port) })).toBe(0);
  });

  it('fails when /healthz is not 200, and checks port 3000 when PORT is unset', async () => {
    status = 503;
    const [cmd, ...args] = check();
    expect(await exitCodeOf(cmd as string, args, { PATH: process.env.PATH, PORT: String(port) })).toBe(1);
    // PORT unset: it checks 3000, the app's default (nothing of ours listens there in tests).
    const healthcheck = of(runtime, 'HEALTHCHECK').at(-1) as Instruction;
    expect(healthcheck.args).toMatch(/process\.env\.PORT \|\| 3000/);
    expect(healthcheck.args).toMatch(/--start-period=\d+s/);
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  env_file?: (string | { path: string; required?: boolean })[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: (string | { type: string; source: string; target: string })[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}
const compose = parseYaml(readFileSync('compose.yml', 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};

/** Compose's own interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, rest?: string) => {
    const value = env[name];
    if (value) return value;
    if (op === '?') throw new Error(rest || `${name} is required`);
    return op === '-' ? (rest ?? '') : '';
  });
}
const interpolated = [...readFileSync('compose.yml', 'utf8').matchAll(/\$\{(\w+)/g)].map((m) => m[1] as string);

describe('compose.yml', () => {
  const app = compose.services.partneros as ComposeService;
  const postgres = compose.services.postgres as ComposeService;

  it('runs PartnerOS from this Dockerfile beside PostgreSQL', () => {
    expect(app.build).toBe('.');
    expect(postgres.image).toMatch(/^postgres:(\d+)/);
    // PostgreSQL 14 or later.
    expect(Number(/^postgres:(\d+)/.exec(postgres.image ?? '')?.[1])).toBeGreaterThanOrEqual(14);
  });

  it('starts PartnerOS only once PostgreSQL answers pg_isready', () => {
    const test = postgres.healthcheck?.test;
    expect(Array.isArray(test) ? test.join(' ') : test).toMatch(/pg_isready/);
    expect(app.depends_on?.postgres?.condition).toBe('service_healthy');
  });

  it('keeps the database on a named volume', () => {
    const volume = (postgres.volumes ?? []).find(
      (v): v is string => typeof v === 'string' && v.endsWith(':/var/lib/postgresql/data'),
    );
    const name = volume?.split(':')[0] ?? '';
    expect(name).toMatch(/^\w+$/);
    expect(Object.keys(compose.volumes)).toContain(name);
  });

  it('points PARTNEROS_DB at the postgres service with its own user, password and database', () => {
    const env = { POSTGRES_PASSWORD: 's3cret' };
    const url = new URL(interpolate(app.environment?.PARTNEROS_DB ?? '', env));
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.username).toBe(postgres.environment?.POSTGRES_USER);
    expect(url.pathname).toBe(`/${postgres.environment?.POSTGRES_DB}`);
    expect(url.password).toBe(interpolate(postgres.environment?.POSTGRES_PASSWORD ?? '', env));
    expect(() => interpolate(app.environment?.PARTNEROS_DB ?? '', {})).toThrow(/POSTGRES_PASSWORD/);
  });

  it('reads the settings from .env and publishes PORT (3000 unless .env says otherwise)', () => {
    const files = [app.env_file ?? []].flat().map((f) => (typeof f === 'string' ? f : f.path));
    expect(files).toContain('.env');
    expect(app.ports?.map((p) => interpolate(p, {}))).toEqual(['3000:3000']);
    expect(app.ports?.map((p) => interpolate(p, { PORT: '8080' }))).toEqual(['8080:8080']);
    expect(interpolate(app.environment?.PORT ?? '', { PORT: '8080' })).toBe('8080');
  });

  it('sets and reads only variables .env.example documents', () => {
    const names = new Set([...Object.keys(app.environment ?? {}), ...interpolated]);
    expect(names.size).toBeGreaterThan(2);
    for (const name of names) expect(envExample, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it('gives the app the company file folder read-only, where PARTNEROS_CONFIG points', () => {
    const mount = (app.volumes ?? []).find((v) => typeof v !== 'string' && v.target === '/config');
    expect(mount).toMatchObject({ type: 'bind', source: '.', read_only: true });
    expect(app.environment?.PARTNEROS_CONFIG).toBe('/config/partneros.yml');
  });
});
