/**
 * Main-thread handle on the load generator worker. The worker is TypeScript: it is loaded through tsx's
 * `tsImport` from a tiny eval'd bootstrap, because Node 20 does not apply `--import tsx` hooks to workers.
 */
import { Worker } from 'node:worker_threads';
import type { ClientSetup, RunRequest, RunResult } from './protocol';

export interface LoadClient {
  run(job: Omit<RunRequest, 'id'>): Promise<RunResult>;
  close(): Promise<void>;
}

export function startLoadClient(setup: ClientSetup): LoadClient {
  const entry = new URL('./load-client.ts', import.meta.url).href;
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(bootstrap, { eval: true, workerData: setup });
  const pending = new Map<number, { resolve(r: RunResult): void; reject(e: Error): void }>();
  let seq = 0;
  let failure: Error | undefined;

  const failAll = (error: Error): void => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (message: RunResult | { id: number; fatal: string }) => {
    const p = pending.get(message.id);
    pending.delete(message.id);
    if ('fatal' in message) p?.reject(new Error(`load client: ${message.fatal}`));
    else p?.resolve(message);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`load client exited (${code})`)));

  return {
    run(job) {
      if (failure) return Promise.reject(failure);
      seq += 1;
      const id = seq;
      return new Promise<RunResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...job, id } satisfies RunRequest);
      });
    },
    async close() {
      worker.postMessage('close');
      await worker.terminate();
    },
  };
}
