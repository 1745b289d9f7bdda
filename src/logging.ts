import { type Logger as BoltLogger, LogLevel } from '@slack/web-api';
import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; tokens and secrets are redacted wherever they appear in a logged object. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'partneros' },
      redact: {
        paths: [
          'token',
          '*.token',
          'botToken',
          '*.botToken',
          'appToken',
          '*.appToken',
          'signingSecret',
          '*.signingSecret',
          'headers.authorization',
          'apiKey',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? process.stdout,
  );
}

const BOLT_TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt's Logger interface on top of pino, so Bolt's own lines come out as structured JSON too. */
export function boltLogger(base: Logger): BoltLogger {
  let log = base.child({ component: 'bolt' });
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    // Bolt logs every request at debug level: format only what will be written.
    debug: (...args) => {
      if (log.isLevelEnabled('debug')) log.debug(text(args));
    },
    info: (...args) => {
      if (log.isLevelEnabled('info')) log.info(text(args));
    },
    warn: (...args) => {
      const line = text(args);
      // Said on every "Add to Slack" callback: the install state is signed and expires, but is not
      // tied to a browser cookie (see src/slack/install.ts). A known choice, not news.
      if (line.startsWith('Enabling legacyStateVerification')) return;
      if (log.isLevelEnabled('warn')) log.warn(line);
    },
    error: (...args) => {
      if (log.isLevelEnabled('error')) log.error(text(args));
    },
    setLevel: (level) => {
      log.level = BOLT_TO_PINO[level];
    },
    getLevel: () =>
      (Object.entries(BOLT_TO_PINO).find(([, v]) => v === log.level)?.[0] as LogLevel | undefined) ?? LogLevel.INFO,
    setName: (name) => {
      log = base.child({ component: name });
    },
  };
}
