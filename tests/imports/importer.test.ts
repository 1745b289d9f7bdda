import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CompanyConfigSchema } from '../../src/config/schema';
import { fixedClock } from '../../src/domain/clock';
import { ImportFileError } from '../../src/domain/imports/errors';
import { describeProblem, type ImportPlan } from '../../src/domain/imports/plan';
import { importService } from '../../src/domain/imports/service';
import { partnerService } from '../../src/domain/partners/service';
import { dropDatabase, freshDatabase } from '../support/database';
import { openStore, type TestStore } from '../support/open-store';
import { rows } from '../support/sql';

/** The importer on files as spreadsheets and people write them, against a real database. */

const company = CompanyConfigSchema.parse({});
const clock = fixedClock('2026-03-02T10:00:00Z');
let store: TestStore;
let target: string;

beforeEach(async () => {
  target = await freshDatabase();
  store = await openStore(target, { now: () => clock.now().toISOString() });
});
afterEach(async () => {
  await store.close();
  await dropDatabase(target);
});

const importer = (lookupEmail?: Parameters<typeof importService>[0]['lookupEmail']) =>
  importService({
    partners: partnerService({ store, clock, company }),
    tiers: company.tiers,
    ...(lookupEmail ? { lookupEmail } : {}),
  });

const bytes = (text: string, bom = false) =>
  new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...Buffer.from(text, 'utf8')]);
const problemLines = (plan: ImportPlan) => plan.problems.map(describeProblem);

describe('reading a partner CSV', () => {
  it('reads BOM, CRLF, quoted commas, doubled quotes, line breaks in quotes, any column order and case', async () => {
    const file = bytes(
      'Health,NAME,Tier,vertical\r\n' +
        '80,"Acme, Inc",GOLD,"Retail, online"\r\n' +
        '\r\n' +
        '55,"Globex ""Big"" Co",silver,\r\n' +
        '60,"Two\r\nLines Ltd",Bronze,\r\n' +
        '70,Société Générale,gold,Banking\r\n',
      true,
    );
    const plan = await importer().preview(file);
    expect(plan.problems).toEqual([]);
    expect(plan.rows.map((r) => [r.line, r.name, r.action])).toEqual([
      [2, 'Acme, Inc', 'add'],
      [4, 'Globex "Big" Co', 'add'],
      [5, 'Two Lines Ltd', 'add'],
      [7, 'Société Générale', 'add'],
    ]);
    expect(plan.rows[0]?.changes).toEqual([
      { field: 'tier', before: null, after: 'Gold' },
      { field: 'vertical', before: null, after: 'Retail, online' },
      { field: 'health', before: null, after: 80 },
    ]);
  });

  it('reports unknown columns and ignores them', async () => {
    const plan = await importer().preview(bytes('name,Region,notes,tier\nAcme,EMEA,hello,Gold\n'));
    expect(plan.ignored).toEqual(['Region', 'notes']);
    expect(plan.rows[0]?.changes).toEqual([{ field: 'tier', before: null, after: 'Gold' }]);
  });

  it('names the line, the value and what is allowed for each bad value, blank lines counted', async () => {
    const file = bytes(
      [
        'name,type,tier,stage,owner,channel,health',
        'Good Co,reseller,Gold,active,U0ALICE,C0ACME,90',
        '',
        'Bad Tier,,Platinum,,,,',
        ',,Gold,,,,',
        'Bad Stage,,,dormant,,,',
        'Bad Health,,,,,,101',
        'Bad Type,alien,,,,,',
        'Bad Owner,,,,alice,,',
        'Bad Channel,,,,,#partners,',
        `${'x'.repeat(101)},,,,,,`,
      ].join('\n'),
    );
    const plan = await importer().preview(file);
    expect(plan.rows.map((r) => r.name)).toEqual(['Good Co']);
    expect(plan.skipped).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const lines = problemLines(plan);
    expect(lines[0]).toBe('line 4: tier “Platinum” is not a tier. Allowed: Gold, Silver, Bronze.');
    expect(lines[1]).toMatch(/^line 5: name is missing\. Allowed: a partner name of 1 to 100 characters\.$/);
    expect(lines[2]).toMatch(/^line 6: stage “dormant” is not a stage\. Allowed: prospect, recruiting, .*exited\.$/);
    expect(lines[3]).toBe('line 7: health “101” is not a health score. Allowed: a whole number from 0 to 100.');
    expect(lines[4]).toMatch(
      /^line 8: type “alien” is not a type\. Allowed: reseller, referral, si, isv, technology\.$/,
    );
    expect(lines[5]).toMatch(/^line 9: owner “alice” is not a Slack member id or an e-mail\./);
    expect(lines[6]).toMatch(/^line 10: channel “#partners” is a channel name, not its id\. Allowed: a channel id/);
    expect(lines[7]).toMatch(/^line 11: name “x+” is 101 characters long/);
  });

  it('refuses rows naming the same partner twice, ignoring case and Unicode form, and says which lines', async () => {
    const nfd = 'Socie\u0301te\u0301 Ge\u0301ne\u0301rale';
    const plan = await importer().preview(
      bytes(`name,tier\nAcme Corp,Gold\nOther,Gold\nACME CORP,Silver\nSociété Générale,Gold\n${nfd},Silver\n`),
    );
    expect(plan.rows.map((r) => r.name)).toEqual(['Other']);
    expect(problemLines(plan)).toEqual([
      expect.stringMatching(/^line 2: name “Acme Corp” is the same partner as line 4 /),
      expect.stringMatching(/^line 4: name “ACME CORP” is the same partner as line 2 /),
      expect.stringMatching(/^line 5: .* is the same partner as line 6 /),
      expect.stringMatching(/^line 6: .* is the same partner as line 5 /),
    ]);
  });

  it('flags a row with more values than columns (an unquoted comma)', async () => {
    const plan = await importer().preview(bytes('name,tier\nAcme, Inc,Gold\n'));
    expect(problemLines(plan)[0]).toMatch(/^line 2: the row has 3 values, but the header has 2 columns/);
  });

  it('keeps a stray quote inside an unquoted value as written', async () => {
    const plan = await importer().preview(bytes('name,tier\nJoe "Bud" Smith Co,Gold\n'));
    expect(plan.rows.map((r) => r.name)).toEqual(['Joe "Bud" Smith Co']);
  });

  it('reads a semicolon-separated file (spreadsheets in some languages)', async () => {
    const plan = await importer().preview(bytes('name;tier\n"Acme; Inc";Gold\n'));
    expect(plan.rows.map((r) => [r.name, r.changes[0]?.after])).toEqual([['Acme; Inc', 'Gold']]);
  });

  it('refuses what is not a readable partner CSV, naming the line and the fix', async () => {
    const latin1 = new Uint8Array([...Buffer.from('name\nSoci'), 0xe9, ...Buffer.from('t\n')]);
    await expect(importer().preview(latin1)).rejects.toMatchObject({
      line: 2,
      message: expect.stringMatching(/not UTF-8/),
    });
    await expect(importer().preview(bytes('tier,stage\nGold,active\n'))).rejects.toThrow(/no “name” column/);
    await expect(importer().preview(bytes('name,Name\nx,y\n'))).rejects.toThrow(/“name” appears twice/);
    await expect(importer().preview(bytes('\n\n'))).rejects.toThrow(/empty/);
    await expect(importer().preview(bytes('name\n"Acme\n'))).rejects.toBeInstanceOf(ImportFileError);
    await expect(importer().preview(bytes('name,tier\nAcme,Gold\n"Acme\n'))).rejects.toThrow(/line 3/);
  });
});

describe('applying an import', () => {
  const FILE = bytes('name,tier,stage,health,owner\nAcme Corp,Gold,active,72,ana@example.com\nGlobex,Silver,,,\n');
  const ana = async () => ({ kind: 'found', userId: 'U0ANA' }) as const;

  it('adds, records audit rows and health history with “imported”, and changes nothing the second time', async () => {
    const first = await importer(ana).apply(FILE, { actor: 'U0ADMIN' });
    expect(first.kind).toBe('applied');
    const acme = await store.partners.findByName('acme corp');
    expect(acme).toMatchObject({
      name: 'Acme Corp',
      tier: 'Gold',
      stage: 'active',
      health: 72,
      owner_user_id: 'U0ANA',
    });
    expect(await rows(store, 'SELECT score, previous, note, user_id FROM health_events')).toEqual([
      { score: 72, previous: null, note: 'imported', user_id: 'U0ADMIN' },
    ]);
    const audit = await rows<{ action: string }>(store, 'SELECT action FROM audit_log ORDER BY id');
    expect(audit.map((a) => a.action).sort()).toEqual(['partner.added', 'partner.added', 'partner.health']);

    const again = await importer(ana).apply(FILE, { actor: 'U0ADMIN' });
    expect(again.kind === 'applied' && again.plan.counts).toEqual({ add: 0, update: 0, unchanged: 2, skipped: 0 });
    expect(await rows(store, 'SELECT id FROM audit_log')).toHaveLength(3);
  });

  it('updates partners matched by name ignoring case, field by field, keeping their spelling', async () => {
    await importer(ana).apply(FILE, { actor: 'U0ADMIN' });
    const plan = await importer().preview(bytes('NAME,tier,health,stage\nACME CORP,silver,60,active\n'));
    expect(plan.rows[0]).toMatchObject({
      name: 'Acme Corp',
      action: 'update',
      changes: [
        { field: 'tier', before: 'Gold', after: 'Silver' },
        { field: 'health', before: 72, after: 60 },
      ],
    });
    const done = await importer().apply(bytes('NAME,tier,health,stage\nACME CORP,silver,60,active\n'), {
      actor: 'U0ADMIN',
    });
    expect(done.kind === 'applied' && done.changes[0]?.map((c) => c.action)).toEqual(['tier', 'health']);
    expect(await rows(store, "SELECT action, detail FROM audit_log WHERE action = 'partner.tier'")).toEqual([
      { action: 'partner.tier', detail: JSON.stringify({ tier: ['Gold', 'Silver'], source: 'import' }) },
    ]);
    expect(await rows(store, 'SELECT score, previous, note FROM health_events ORDER BY id')).toEqual([
      { score: 72, previous: null, note: 'imported' },
      { score: 60, previous: 72, note: 'imported' },
    ]);
  });

  it('skips a row whose owner e-mail cannot be looked up, and one naming an archived partner', async () => {
    await importer(ana).apply(FILE, { actor: 'U0ADMIN' });
    const globex = await store.partners.findByName('Globex');
    if (globex) await store.partners.archive(globex.id, clock.now().toISOString());
    const plan = await importer().preview(bytes('name,owner,tier\nNew Co,bob@example.com,\nGlobex,,Gold\n'));
    expect(problemLines(plan)).toEqual([
      expect.stringMatching(
        /^line 2: owner “bob@example.com” is an e-mail that could not be looked up \(SLACK_BOT_TOKEN is not set\)/,
      ),
      expect.stringMatching(/^line 3: name “Globex” is archived/),
    ]);
    const unknown = await importer(async () => ({ kind: 'unknown' })).preview(
      bytes('name,owner\nNew Co,bob@example.com\n'),
    );
    expect(problemLines(unknown)[0]).toMatch(/is not the e-mail of any Slack member here/);
  });

  it('applies a plan only while it is the one shown, and a once-only key only once', async () => {
    const shown = await importer(ana).preview(FILE);
    await store.partners.insert({
      name: 'Globex',
      type: null,
      tier: 'Gold',
      stage: 'prospect',
      owner_user_id: null,
      channel_id: null,
      vertical: null,
      created_by: 'U0BOB',
      at: clock.now().toISOString(),
    });
    const outdated = await importer(ana).apply(FILE, { actor: 'U0ADMIN', expect: shown.fingerprint, once: 'k1' });
    expect(outdated.kind).toBe('outdated');
    expect(await store.partners.findByName('Acme Corp')).toBeUndefined();
    const now = outdated.kind === 'outdated' ? outdated.plan : shown;
    const applied = await importer(ana).apply(FILE, { actor: 'U0ADMIN', expect: now.fingerprint, once: 'k1' });
    expect(applied.kind).toBe('applied');
    const twice = await importer(ana).apply(FILE, { actor: 'U0ADMIN', expect: now.fingerprint, once: 'k1' });
    expect(twice.kind).toBe('duplicate');
  });
});
