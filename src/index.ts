import { existsSync } from 'node:fs';
import { ConfigError, MigrationError, type RunningApp, startPartnerOS } from './main';

/** Entry point for `npm start`: reads `.env` if present (real environment variables win). */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let running: RunningApp;
  try {
    running = await startPartnerOS(process.env);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof MigrationError) {
      // A configuration mistake gets its message, not a stack trace.
      process.stderr.write(`\nPartnerOS did not start.\n${error.message}\n\n`);
      process.exit(78);
    }
    throw error;
  }
  const shutdown = (signal: string) => {
    running.logger.info({ signal }, 'signal received');
    // Whatever happens, the process is gone within 15 s.
    setTimeout(() => process.exit(1), 14_000).unref();
    void running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
