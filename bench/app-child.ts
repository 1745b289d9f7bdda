/**
 * Starts PartnerOS in its own process (bench/app-process.ts, forked with `--import tsx`) and drives
 * it: a tick on demand, then a clean stop. Its log goes nowhere (silent); a start-up failure rejects.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppReply, AppRequest, TickFigures } from './app-protocol';

export interface AppChild {
  readonly port: number;
  readonly pid: number;
  tick(): Promise<TickFigures>;
  stop(): Promise<void>;
}

type Pending = { resolve(r: AppReply): void; reject(e: Error): void };

export async function startAppChild(env: Record<string, string>, options: { deliver: boolean }): Promise<AppChild> {
  const entry = fileURLToPath(new URL('./app-process.ts', import.meta.url));
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, BENCH_APP_DELIVER: options.deliver ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, Pending>();
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  child.on('message', (m: AppReply) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if ('fatal' in m) p?.reject(new Error(`app process: ${m.fatal}`));
    else p?.resolve(m);
  });
  child.on('exit', (code) => failAll(new Error(`app process exited (${code})`)));
  let seq = 0;
  const ask = (cmd: AppRequest['cmd']): Promise<AppReply> => {
    if (failure) return Promise.reject(failure);
    seq += 1;
    const id = seq;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ id, cmd } satisfies AppRequest);
    });
  };
  const ready = await new Promise<AppReply>((resolve, reject) => pending.set(0, { resolve, reject }));
  if (!('ready' in ready)) throw new Error('app process: unexpected first message');
  return {
    port: ready.ready.port,
    pid: ready.ready.pid,
    async tick() {
      const r = await ask('tick');
      if (!('tick' in r)) throw new Error('app process: unexpected reply to tick');
      return r.tick;
    },
    async stop() {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask('stop').catch(() => undefined);
      await exited;
    },
  };
}
