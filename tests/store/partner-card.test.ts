import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type TestStore as Store } from '../support/open-store';
import { dropDatabase, freshDatabase } from '../support/database';

const now = () => '2026-11-25T09:00:00.000Z';
let store: Store;
let target: string;

beforeEach(async () => {
  target = await freshDatabase();
  store = await openStore(target, { now });
});
afterEach(async () => {
  await store.close();
  await dropDatabase(target);
});

const partner = (name: string) =>
  store.partners.insert({
    name,
    type: null,
    tier: 'Gold',
    stage: 'active',
    owner_user_id: 'U1',
    channel_id: null,
    vertical: null,
    created_by: 'U1',
    at: now(),
  });

describe("a partner's card in one read", () => {
  it('gives what the separate reads give: open milestones by due date, the latest health and notes, the note count', async () => {
    const acme = await partner('Acme Corp');
    const other = await partner('Globex');
    for (const [i, due] of ['2026-12-01', '2026-11-01', '2026-12-01', '2027-01-15'].entries())
      await store.milestones.add({
        partner_id: acme,
        title: `Step ${i}`,
        due_on: due,
        created_by: 'U1',
        created_at: now(),
      });
    const done = await store.milestones.add({
      partner_id: acme,
      title: 'Closed',
      due_on: '2026-10-01',
      created_by: 'U1',
      created_at: now(),
    });
    await store.milestones.markDone(done, now(), 'U2');
    for (let i = 0; i < 7; i++) {
      await store.notes.add({
        partner_id: acme,
        text: `Note ${i} with 'quotes', commas and ünïcode`,
        user_id: 'U1',
        permalink: i % 2 ? `https://example.slack.com/p${i}` : null,
        at: now(),
      });
      await store.health.add({
        partner_id: acme,
        score: 90 - i,
        previous: i === 0 ? null : 91 - i,
        note: i % 2 ? null : `why ${i}`,
        user_id: 'U1',
        at: now(),
      });
    }
    await store.notes.add({ partner_id: other, text: 'not Acme', user_id: 'U1', permalink: null, at: now() });

    const card = await store.card.read(acme, 5);
    expect(card).toEqual({
      openMilestones: await store.milestones.open(acme),
      health: await store.health.recent(acme, 5),
      notes: await store.notes.recent(acme, 5),
      noteCount: 7,
    });
    expect(card.openMilestones.map((m) => m.title)).toEqual(['Step 1', 'Step 0', 'Step 2', 'Step 3']);
    expect(card.notes.map((n) => n.text)[0]).toBe("Note 6 with 'quotes', commas and ünïcode");
    expect(card.health.map((h) => [h.score, h.previous])).toEqual([
      [84, 85],
      [85, 86],
      [86, 87],
      [87, 88],
      [88, 89],
    ]);
  });

  it('is empty, with a count of 0, for a partner with nothing on file', async () => {
    const id = await partner('Initech');
    expect(await store.card.read(id, 5)).toEqual({ openMilestones: [], health: [], notes: [], noteCount: 0 });
  });
});
