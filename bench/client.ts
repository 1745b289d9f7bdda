/**
 * Handle on the load generator, a child process (bench/load-client.ts run through tsx). A process rather
 * than a worker thread: `process.cpuUsage()` here then counts only the servers being measured.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientMessage, ClientSetup, RunRequest, RunResult } from './protocol';

export interface LoadClient {
  run(job: Omit<RunRequest, 'id'>): Promise<RunResult>;
  /** An open-loop run (gapMs set) that goes on until stop() is called; stop() resolves with its result. */
  probe(job: Omit<RunRequest, 'id' | 'count'> & { gapMs: number }): { stop(): Promise<RunResult> };
  close(): Promise<void>;
}

export function startLoadClient(setup: ClientSetup): LoadClient {
  const entry = fileURLToPath(new URL('./load-client.ts', import.meta.url));
  const child = fork(entry, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve(r: RunResult): void; reject(e: Error): void }>();
  const send = (message: ClientMessage): void => void child.send(message);
  let seq = 0;
  let failure: Error | undefined;

  const failAll = (error: Error): void => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  child.on('message', (message: RunResult | { id: number; fatal: string }) => {
    const p = pending.get(message.id);
    pending.delete(message.id);
    if ('fatal' in message) p?.reject(new Error(`load client: ${message.fatal}`));
    else p?.resolve(message);
  });
  child.on('error', (error) => failAll(error));
  child.on('exit', (code) => failAll(new Error(`load client exited (${code})`)));
  send({ setup });

  return {
    run(job) {
      if (failure) return Promise.reject(failure);
      seq += 1;
      const id = seq;
      return new Promise<RunResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ ...job, id });
      });
    },
    probe(job) {
      seq += 1;
      const id = seq;
      const done = new Promise<RunResult>((resolve, reject) => {
        if (failure) return reject(failure);
        pending.set(id, { resolve, reject });
        send({ ...job, count: Number.MAX_SAFE_INTEGER, id });
      });
      return {
        stop() {
          send({ stop: id });
          return done;
        },
      };
    },
    async close() {
      if (child.exitCode !== null || !child.connected) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send('close');
      await exited;
    },
  };
}
