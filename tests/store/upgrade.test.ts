import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/store';
import { UNASSIGNED } from '../../src/store/workspaces';
import { openStore } from '../support/open-store';
import { TEST_IDS } from '../support/slack-ids';
import { listMigrations } from '../../src/store/migrate';
import { onPostgres } from '../support/database';

/**
 * A program running today's release has a SQLite file written by migrations 001–005. Opening it
 * with this release upgrades it in place: every row stays, and the new schedule covers every
 * partner. The file is built here exactly as 001–005 left it, with a row in every table.
 */

const AT = '2026-11-20T10:00:00.000Z';

function databaseOfTodaysRelease(path: string): void {
  const db = new Database(path);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  for (const file of listMigrations(join(MIGRATIONS_DIR, 'sqlite')).filter((f) => f.version <= 5)) {
    db.exec(readFileSync(file.path, 'utf8'));
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(file.version, file.name, AT);
  }
  db.exec(`
    INSERT INTO partners (id, name, name_key, type, tier, stage, health, owner_user_id, channel_id, vertical, created_by, created_at, updated_at)
      VALUES (1, 'Acme Corp', 'acme corp', 'reseller', 'Gold', 'active', 72, 'U0ANA', 'C0ACME', 'Retail', 'U0ANA', '${AT}', '${AT}'),
             (2, 'Globex', 'globex', NULL, 'Silver', 'prospect', NULL, NULL, NULL, NULL, 'U0ANA', '${AT}', '${AT}');
    INSERT INTO health_events (partner_id, score, previous, note, user_id, at) VALUES (1, 72, NULL, 'steady', 'U0ANA', '${AT}');
    INSERT INTO notes (partner_id, text, user_id, permalink, at) VALUES (1, 'Met the VP', 'U0ANA', NULL, '${AT}');
    INSERT INTO milestones (partner_id, title, due_on, created_by, created_at) VALUES (1, 'First joint deal', '2026-12-15', 'U0ANA', '${AT}');
    INSERT INTO audit_log (at, user_id, partner_id, action, detail) VALUES ('${AT}', 'U0ANA', 1, 'partner.added', '{}');
    INSERT INTO processed_events (key, at) VALUES ('event:Ev1', '${AT}');
    INSERT INTO documents (partner_id, run_id, template_id, template_version, title, version, rendered_text, created_by, created_at)
      VALUES (1, 1, 'legal/mutual-nda', '1.0.0', 'Mutual NDA — Acme Corp v1', 1, '# NDA', 'U0ANA', '${AT}');
    INSERT INTO qbrs (partner_id, held_on, run_id, user_id, at) VALUES (1, '2026-11-01', NULL, 'U0ANA', '${AT}');
    INSERT INTO reminder_deliveries (occurrence_key, item_key, kind, partner_id, item_id, target, channel_id, due_at, status, next_attempt_at, payload, created_at)
      VALUES ('milestone:1:before7:2026-12-08', 'milestone:1', 'milestone', 1, 1, 'channel:C0ACME', 'C0ACME', '${AT}', 'sent', '${AT}', '{}', '${AT}');
    INSERT INTO reminder_snoozes (item_key, partner_id, until_at, user_id, at) VALUES ('qbr:1', 1, '${AT}', 'U0ANA', '${AT}');
    INSERT INTO scheduler_lease (name, holder, expires_at) VALUES ('reminders', 'old-process', 0);
    INSERT INTO slack_users (user_id, tz, dm_channel, fetched_at) VALUES ('U0ANA', 'Europe/Berlin', 'D0ANA', '${AT}');
    INSERT INTO playbook_runs (id, partner_id, playbook_id, channel_id, thread_ts, step_index, status, started_by, started_at, updated_at)
      VALUES (1, 1, 'recruit', 'C0ACME', '1700000000.000100', 2, 'active', 'U0ANA', '${AT}', '${AT}');
    INSERT INTO run_answers (run_id, step_id, field_id, value, user_id, at) VALUES (1, 'qualify', 'partner_size', '"200"', 'U0ANA', '${AT}');
  `);
  db.close();
}

describe.skipIf(onPostgres)('upgrading a SQLite database written by the previous release', () => {
  it('keeps every row, applies the new migrations once, and plans every partner at the next tick', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'partneros-upgrade-')), 'partneros.db');
    databaseOfTodaysRelease(path);
    // Rows from before workspaces belong to none until the app adopts them (see below).
    const store = await openStore(path, { now: () => AT }, UNASSIGNED);
    try {
      const acme = await store.partners.findByName('Acme Corp');
      expect(acme).toMatchObject({ id: 1, tier: 'Gold', health: 72, owner_user_id: 'U0ANA' });
      expect(await store.partners.findByName('globex')).toMatchObject({ id: 2, stage: 'prospect' });
      expect((await store.notes.recent(1, 5)).map((n) => n.text)).toEqual(['Met the VP']);
      expect((await store.milestones.open(1)).map((m) => m.title)).toEqual(['First joint deal']);
      expect((await store.health.recent(1, 5)).map((h) => h.score)).toEqual([72]);
      expect((await store.qbrs.last(1))?.held_on).toBe('2026-11-01');
      expect((await store.runs.byThread('C0ACME', '1700000000.000100'))?.step_index).toBe(2);
      expect((await store.runs.answers.latest(1)).map((a) => a.field_id)).toEqual(['partner_size']);
      expect((await store.deliveries.byKey('milestone:1:before7:2026-12-08'))?.status).toBe('sent');
      expect(await store.snoozes.forItem('qbr:1')).toBeDefined();
      expect((await store.slackUsers.get('U0ANA'))?.tz).toBe('Europe/Berlin');
      expect(await store.processedEvents.claim('event:Ev1', AT)).toBe(false);
      // Both partners are due for planning at once; a new one is too.
      const claimed = await store.database.schedule.claimDue(AT, 10, '2026-11-20T10:01:00.000Z');
      expect(claimed.map((c) => c.partnerId).sort()).toEqual([1, 2]);
      // A single-workspace app starting on it gives every row to the workspace auth.test names.
      expect(await store.database.workspaces.adoptUnassigned(TEST_IDS.teamId)).toBe(2);
      const adopted = store.database.workspace(TEST_IDS.teamId);
      expect(await adopted.partners.findByName('Acme Corp')).toMatchObject({ id: 1, workspace_id: TEST_IDS.teamId });
      expect((await adopted.runs.byThread('C0ACME', '1700000000.000100'))?.step_index).toBe(2);
      expect((await adopted.slackUsers.get('U0ANA'))?.dm_channel).toBe('D0ANA');
      expect(await store.partners.findByName('Acme Corp')).toBeUndefined();
    } finally {
      await store.close();
    }
    // Opening it again applies nothing new.
    const again = new Database(path, { readonly: true });
    const versions = again.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    again.close();
    expect(versions).toEqual(listMigrations(join(MIGRATIONS_DIR, 'sqlite')).map((f) => f.version));
  });
});
