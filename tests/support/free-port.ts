import { createServer } from 'node:net';

/** A TCP port nothing listens on right now, for a child process that must be told its port up front. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
