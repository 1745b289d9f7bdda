/**
 * Runs around every test file (vitest `setupFiles`): a test that made the app send something Slack would
 * refuse — a message or view over one of Slack's limits, or blocks without a fallback text — fails here with
 * the broken rules, even when nothing else in the test looked at that call. A test that provokes one on
 * purpose takes it with `slack.takeBreaches()`.
 */
import { afterEach } from 'vitest';
import { takeUnclaimedBreaches } from './fake-slack';

afterEach(() => {
  const breaches = takeUnclaimedBreaches();
  if (breaches.length === 0) return;
  throw new Error(
    `the fake Slack saw ${breaches.length} payload(s) Slack would refuse or a house rule forbids:\n${breaches
      .map((b) => b.describe())
      .join('\n')}`,
  );
});
