import { describe, expect, it } from 'vitest';
import { CompanyConfigSchema, type CompanyConfig } from '../../src/config/schema';
import { settingsAccess } from '../../src/domain/workspaces/settings-access';
import { nextOwnSettings, settingsChanges, settingsVersion } from '../../src/domain/workspaces/settings-changes';
import {
  checkSettingsForm,
  formValuesOf,
  MAX_TIER_ROWS,
  type SettingsFormValues,
  type SubmittedSettings,
} from '../../src/domain/workspaces/settings-form';
import { effectiveCompany } from '../../src/domain/workspaces/settings';

const FILE: CompanyConfig = CompanyConfigSchema.parse({
  company: { name: 'Acme Cloud', product: 'Acme Data Platform', contact: { email: 'dana@acme.example' } },
  tiers: [
    { name: 'Gold', qbr_every_months: 3, discount_percent: 30, benefits: ['A named partner manager'] },
    { name: 'Silver', qbr_every_months: 6 },
    { name: 'Bronze', qbr_every_months: 12 },
  ],
  admins: ['U0ALICE'],
});

interface Patch {
  company?: Partial<SettingsFormValues['company']>;
  /** Rows by number: `{ 4: ['Registered', '24'] }`. */
  tiers?: Record<number, [string, string]>;
  admins?: string[];
  hour?: string;
  timezone?: string;
  working_days?: string[];
  digest?: SettingsFormValues['digest'];
}

/** The form as it opens on `company` (FILE unless told), with `patch` typed into it. */
function form(patch: Patch = {}, company = FILE): SettingsFormValues {
  const f = formValuesOf(company);
  const tiers = [...f.tiers];
  for (const [row, [name, months]] of Object.entries(patch.tiers ?? {}))
    tiers[Number(row)] = { name, qbr_every_months: months };
  return { ...f, ...patch, company: { ...f.company, ...patch.company }, tiers };
}

function saved(f: SettingsFormValues, actor = 'U0ALICE'): SubmittedSettings {
  const r = checkSettingsForm(f, FILE, actor);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.problems)}`);
  return r.settings;
}

function problems(f: SettingsFormValues, actor = 'U0ALICE'): Record<string, string> {
  const r = checkSettingsForm(f, FILE, actor);
  if (r.ok) throw new Error('accepted');
  return Object.fromEntries(r.problems.map((p) => [p.field, p.message]));
}

describe('the settings form, as it opens', () => {
  it('shows the effective settings, and two empty rows for new tiers', () => {
    const f = formValuesOf(FILE);
    expect(f.company['company.name']).toBe('Acme Cloud');
    expect(f.company['company.website']).toBe('');
    expect(f.company['company.currency']).toBe('USD');
    expect(f.tiers).toEqual([
      { name: 'Gold', qbr_every_months: '3' },
      { name: 'Silver', qbr_every_months: '6' },
      { name: 'Bronze', qbr_every_months: '12' },
      { name: '', qbr_every_months: '' },
      { name: '', qbr_every_months: '' },
    ]);
    expect(f).toMatchObject({ admins: ['U0ALICE'], hour: '9', timezone: 'America/New_York' });
    expect(f.working_days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
  });

  it(`holds at most ${MAX_TIER_ROWS} tier rows, but never fewer than the tiers there are`, () => {
    const tiers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `T${i}`, qbr_every_months: 3 }));
    expect(formValuesOf(CompanyConfigSchema.parse({ tiers: tiers(9) })).tiers).toHaveLength(MAX_TIER_ROWS);
    expect(formValuesOf(CompanyConfigSchema.parse({ tiers: tiers(12) })).tiers).toHaveLength(12);
  });
});

describe('a settings form submitted', () => {
  it('becomes every setting the form holds, checked by the schema of partneros.yml', () => {
    const s = saved(
      form({
        company: { 'company.name': '  Globex  ', 'company.currency': 'eur' },
        timezone: 'europe/berlin',
        hour: '7',
        working_days: ['sat', 'mon'],
      }),
    );
    expect(s.company).toMatchObject({ name: 'Globex', currency: 'EUR', contact: { email: 'dana@acme.example' } });
    expect(s.reminders).toEqual({ hour: 7, timezone: 'Europe/Berlin', working_days: ['mon', 'sat'] });
  });

  it('keeps a tier’s program-guide figures while its name stays (whatever its case), drops them when renamed', () => {
    const s = saved(form({ tiers: { 0: ['gold', '2'], 1: ['Platinum', '6'] } }));
    expect(s.tiers[0]).toEqual({
      name: 'gold',
      qbr_every_months: 2,
      discount_percent: 30,
      benefits: ['A named partner manager'],
    });
    expect(s.tiers[1]).toEqual({ name: 'Platinum', qbr_every_months: 6 });
  });

  it('adds a tier in an empty row and removes one whose row is cleared', () => {
    const s = saved(form({ tiers: { 2: ['', ''], 4: ['Registered', '24'] } }));
    expect(s.tiers.map((t) => [t.name, t.qbr_every_months])).toEqual([
      ['Gold', 3],
      ['Silver', 6],
      ['Registered', 24],
    ]);
  });

  it.each<[string, Patch, string]>([
    ['a time zone that is not one', { timezone: 'Mars/Olympus' }, 'reminders.timezone'],
    ['no time zone', { timezone: ' ' }, 'reminders.timezone'],
    ['no hour', { hour: '' }, 'reminders.hour'],
    ['no working day', { working_days: [] }, 'reminders.working_days'],
    ['a tier with months but no name', { tiers: { 4: ['', '4'] } }, 'tiers.4.name'],
    ['a tier with a name but no months', { tiers: { 3: ['Platinum', ''] } }, 'tiers.3.qbr_every_months'],
    ['two tiers of one name', { tiers: { 2: ['SILVER', '12'] } }, 'tiers.2.name'],
    ['a QBR every 0 months', { tiers: { 1: ['Silver', '0'] } }, 'tiers.1.qbr_every_months'],
    ['a QBR every 1.5 months', { tiers: { 0: ['Gold', '1.5'] } }, 'tiers.0.qbr_every_months'],
    ['a tier name over 40 characters', { tiers: { 0: ['G'.repeat(41), '3'] } }, 'tiers.0.name'],
    ['no tier at all', { tiers: { 0: ['', ''], 1: ['', ''], 2: ['', ''], 3: ['', ''], 4: ['', ''] } }, 'tiers.0.name'],
    ['an e-mail that is not one', { company: { 'company.contact.email': 'dana at acme' } }, 'company.contact.email'],
    ['a currency that is not one', { company: { 'company.currency': 'EURO' } }, 'company.currency'],
    ['admins without the person saving', { admins: ['U0BOB'] }, 'admins'],
  ])('refuses %s, under its own field', (_what, patch, field) => {
    const found = problems(form(patch));
    expect(Object.keys(found)).toEqual([field]);
    expect(found[field]).toMatch(/^[A-Z].*\.$/);
  });

  it('says what is wrong with each field at once, one message per field', () => {
    const found = problems(
      form({ company: { 'company.contact.email': 'nope' }, tiers: { 1: ['Silver', '40'] }, timezone: 'Nowhere/Land' }),
    );
    expect(found).toEqual({
      'reminders.timezone': 'Not an IANA time zone (e.g. America/New_York).',
      'tiers.1.qbr_every_months': 'At most 36 months.',
      'company.contact.email': 'Not an e-mail address.',
    });
  });

  it('lets anyone leave the admins empty (everyone may then change everything)', () => {
    expect(saved(form({ admins: [] }), 'U0BOB').admins).toEqual([]);
  });
});

describe('what a workspace saves', () => {
  const next = (submitted: SubmittedSettings, own = {}, adminsFromFile = true) =>
    nextOwnSettings({
      submitted,
      shown: effectiveCompany(FILE, own),
      own,
      defaults: FILE,
      adminsFromFile,
      channelFromFile: adminsFromFile,
    });

  it('is only what was changed: the rest keeps following partneros.yml', () => {
    const own = next(saved(form({ hour: '8' })));
    expect(own).toEqual({ reminders: { hour: 8 } });
  });

  it('keeps what it saved before when the form leaves it as it was', () => {
    const before = { company: { name: 'Globex', currency: 'USD', contact: {} } };
    const shown = form({}, effectiveCompany(FILE, before));
    const own = nextOwnSettings({
      submitted: saved(shown),
      shown: effectiveCompany(FILE, before),
      own: before,
      defaults: FILE,
      adminsFromFile: true,
      channelFromFile: true,
    });
    expect(own).toEqual(before);
  });

  it('follows the file again for a value set back to the file’s', () => {
    const before = { reminders: { hour: 8, timezone: 'Europe/Berlin' } };
    const shown = effectiveCompany(FILE, before);
    const own = nextOwnSettings({
      submitted: saved(form({ hour: '9' }, shown)),
      shown,
      own: before,
      defaults: FILE,
      adminsFromFile: true,
      channelFromFile: true,
    });
    expect(own).toEqual({ reminders: { timezone: 'Europe/Berlin' } });
  });

  it('saves a changed admins list; with many workspaces, even one equal to partneros.yml’s', () => {
    expect(next(saved(form({ admins: ['U0BOB', 'U0ALICE'] })))).toEqual({
      admins: ['U0ALICE', 'U0BOB'],
    });
    const multi = { admins: ['U0ALICE', 'U0BOB'] };
    const shown = effectiveCompany(FILE, multi);
    const own = nextOwnSettings({
      submitted: saved(form({ admins: ['U0ALICE'] }, shown)),
      shown,
      own: multi,
      defaults: FILE,
      adminsFromFile: false,
      channelFromFile: false,
    });
    expect(own).toEqual({ admins: ['U0ALICE'] });
  });

  it('has a version that changes with what was saved, not with the order of its keys', () => {
    expect(settingsVersion({ reminders: { hour: 8, timezone: 'UTC' } })).toBe(
      settingsVersion({ reminders: { timezone: 'UTC', hour: 8 } }),
    );
    expect(settingsVersion({})).not.toBe(settingsVersion({ reminders: { hour: 8 } }));
  });
});

describe('what a saved form changed', () => {
  it('lists each change, tier by tier', () => {
    const submitted = saved(
      form({
        company: { 'company.name': 'Globex', 'company.website': 'globex.example' },
        tiers: { 0: ['Gold', '2'], 2: ['', ''], 3: ['Registered', '24'] },
        admins: ['U0ALICE', 'U0BOB'],
        timezone: 'Europe/Berlin',
      }),
    );
    expect(settingsChanges(FILE, submitted)).toEqual([
      { kind: 'value', field: 'company.name', from: 'Acme Cloud', to: 'Globex' },
      { kind: 'value', field: 'company.website', from: null, to: 'globex.example' },
      { kind: 'tierRemoved', name: 'Bronze' },
      { kind: 'tierCadence', name: 'Gold', from: 3, to: 2 },
      { kind: 'tierAdded', name: 'Registered', months: 24 },
      { kind: 'tierOrder', order: ['Gold', 'Silver', 'Registered'] },
      { kind: 'admins', added: ['U0BOB'], removed: [] },
      { kind: 'value', field: 'reminders.timezone', from: 'America/New_York', to: 'Europe/Berlin' },
    ]);
  });

  it('is nothing when nothing was changed', () => {
    expect(settingsChanges(FILE, saved(form()))).toEqual([]);
  });
});

describe('the weekly digest in the form', () => {
  const WITH_CHANNEL = CompanyConfigSchema.parse({ ...FILE, digest: { channel: 'C0DIGEST', day: 'fri', hour: 16 } });
  const digest = (patch: Partial<SettingsFormValues['digest']>, company = FILE) => ({
    ...formValuesOf(company).digest,
    ...patch,
  });

  it('shows the effective channel, day and hour; no channel as empty', () => {
    expect(formValuesOf(FILE).digest).toEqual({ channel: '', day: 'mon', hour: '9' });
    expect(formValuesOf(WITH_CHANNEL).digest).toEqual({ channel: 'C0DIGEST', day: 'fri', hour: '16' });
  });

  it('refuses an hour or a day the schema refuses, under its own field', () => {
    expect(Object.keys(problems(form({ digest: digest({ hour: '24' }) })))).toEqual(['digest.hour']);
    expect(Object.keys(problems(form({ digest: digest({ day: 'someday' }) })))).toEqual(['digest.day']);
    expect(problems(form({ digest: digest({ day: '', hour: '' }) }))).toEqual({
      'digest.day': 'Pick the day the digest goes out.',
      'digest.hour': 'Pick the hour the digest goes out.',
    });
    expect(Object.keys(problems(form({ digest: digest({ channel: 'general' }) })))).toEqual(['digest.channel']);
  });

  it('saves a channel, and a cleared one as none only when partneros.yml would give one', () => {
    expect(saved(form({ digest: digest({ channel: 'C0NEW', hour: '7' }) })).digest).toEqual({
      channel: 'C0NEW',
      day: 'mon',
      hour: 7,
    });
    const on = nextOwnSettings({
      submitted: saved(form({ digest: digest({ channel: 'C0NEW' }) })),
      shown: FILE,
      own: {},
      defaults: FILE,
      adminsFromFile: true,
      channelFromFile: true,
    });
    expect(on).toEqual({ digest: { channel: 'C0NEW' } });
    // Cleared again: back to following partneros.yml, which names none.
    const shown = effectiveCompany(FILE, on);
    const off = nextOwnSettings({
      submitted: saved(form({ digest: digest({ channel: '' }, shown) }, shown)),
      shown,
      own: on,
      defaults: FILE,
      adminsFromFile: true,
      channelFromFile: true,
    });
    expect(off).toEqual({});
    // partneros.yml names a channel: clearing it is saved as none, and none is what applies.
    const cleared = nextOwnSettings({
      submitted: saved(form({ digest: digest({ channel: '' }, WITH_CHANNEL) }, WITH_CHANNEL)),
      shown: WITH_CHANNEL,
      own: {},
      defaults: WITH_CHANNEL,
      adminsFromFile: true,
      channelFromFile: true,
    });
    expect(cleared).toEqual({ digest: { channel: null } });
    expect(effectiveCompany(WITH_CHANNEL, cleared).digest).toEqual({ day: 'fri', hour: 16 });
  });

  it('tells each digest change', () => {
    const submitted = saved(form({ digest: { channel: 'C0NEW', day: 'thu', hour: '7' } }));
    expect(settingsChanges(FILE, submitted)).toEqual([
      { kind: 'digestChannel', from: null, to: 'C0NEW' },
      { kind: 'value', field: 'digest.day', from: 'Mon', to: 'Thu' },
      { kind: 'value', field: 'digest.hour', from: '09:00', to: '07:00' },
    ]);
  });
});

describe('who may change the settings', () => {
  const ws = (admins: string[], own = {}, single = true) => ({ company: { admins }, own, single });

  it('is the admins; a refusal names them and where they come from', () => {
    expect(settingsAccess(ws(['U0ALICE']), 'U0ALICE')).toEqual({ allowed: true });
    expect(settingsAccess(ws(['U0ALICE']), 'U0BOB')).toEqual({ allowed: false, admins: ['U0ALICE'], source: 'file' });
    expect(settingsAccess(ws(['U0ALICE'], { admins: ['U0ALICE'] }), 'U0BOB')).toMatchObject({ source: 'saved' });
    expect(settingsAccess(ws(['U0INSTALLER'], {}, false), 'U0BOB')).toMatchObject({ source: 'installer' });
  });

  it('is everyone when there are no admins at all, as for changing partners', () => {
    expect(settingsAccess(ws([]), 'U0BOB')).toEqual({ allowed: true });
  });
});
