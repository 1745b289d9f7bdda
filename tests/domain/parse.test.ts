import { describe, expect, it } from 'vitest';
import { findSubcommand, SUBCOMMANDS, type SubcommandSpec } from '../../src/domain/commands/catalogue';
import { parseCommand, type Command, type NameSplit, type ParseContext } from '../../src/domain/commands/parse';
import type { Token } from '../../src/domain/commands/tokens';
import { type DomainError, InvalidValue, UnknownSubcommand, UsageError } from '../../src/domain/errors';
import {
  cleanName,
  healthBand,
  matchStage,
  matchTier,
  matchType,
  parseHealth,
  MAX_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  STAGES,
} from '../../src/domain/partners/model';
import { parseDay } from '../../src/domain/dates';
import { tokenize } from '../../src/slack/commands/tokenize';
import { nameKey } from '../../src/store/name-key';

const ctx: ParseContext = {
  tiers: [
    { name: 'Gold', qbr_every_months: 3 },
    { name: 'Silver', qbr_every_months: 6 },
    { name: 'Bronze', qbr_every_months: 12 },
  ],
  // A Wednesday: relative dates below count from it.
  today: '2026-11-25',
};

function tokensOf(line: string): Token[] {
  const t = tokenize(line);
  if (!t.ok) throw new Error(`tokenize refused ${JSON.stringify(line)}: ${t.error.message}`);
  return t.value;
}

/** Parses a `/partner` line as Slack sends it; fails the test if it does not parse. */
function parsed(line: string): Command {
  const r = parseCommand(tokensOf(line), ctx);
  if (!r.ok) throw new Error(`parseCommand(${JSON.stringify(line)}) failed: ${r.error.message} ${r.error.fix}`);
  return r.value;
}

type Sensible = Extract<NameSplit, { action: unknown }>;
const sensible = (s: NameSplit): s is Sensible => 'action' in s;

/**
 * The error a `/partner` line must produce when the partner does not exist: a parse error, or,
 * for a partner subcommand none of whose readings makes sense, the most specific reading error.
 */
function refused(line: string): DomainError {
  const r = parseCommand(tokensOf(line), ctx);
  if (!r.ok) return r.error;
  if (r.value.sub === 'partner' && !r.value.splits.some(sensible) && r.value.parseError) return r.value.parseError;
  throw new Error(`parseCommand(${JSON.stringify(line)}) accepted: ${JSON.stringify(r.value)}`);
}

/** The readings of a partner subcommand that make sense, longest name first. */
function splitsOf(line: string): Sensible[] {
  const c = parsed(line);
  if (c.sub !== 'partner') throw new Error(`expected a partner command, got ${c.sub}`);
  return c.splits.filter(sensible);
}

describe('/partner help', () => {
  it('answers an empty line with help', () => {
    expect(parsed('')).toEqual({ sub: 'help' });
    expect(parseCommand([], ctx)).toEqual({ ok: true, value: { sub: 'help' } });
  });

  it('answers help, HELP and ? with the whole grammar', () => {
    for (const line of ['help', 'HELP', '?']) expect(parsed(line)).toEqual({ sub: 'help' });
  });

  it('gives help on one command, aliases included', () => {
    const c = parsed('help milestone');
    expect(c.sub === 'help' && c.topic?.name).toBe('milestone');
    const alias = parsed('help ls');
    expect(alias.sub === 'help' && alias.topic?.name).toBe('list');
  });

  it('falls back to the whole grammar for help on an unknown word', () => {
    expect(parsed('help nope')).toEqual({ sub: 'help' });
  });
});

describe('/partner with a word that is not a command', () => {
  it.each([
    ['shwo', 'show'],
    ['lsit', 'list'],
    ['sohw', 'show'],
    ['tire', 'tier'],
    ['mileston', 'milestone'],
    ['archiv', 'archive'],
  ])('suggests the closest commands for %s (%s)', (typo, expected) => {
    const error = refused(`${typo} "Acme Corp"`);
    expect(error).toBeInstanceOf(UnknownSubcommand);
    expect((error as UnknownSubcommand).suggestions).toContain(expected);
    expect(error.message).toContain(`\`${typo}\``);
    expect(error.fix).toContain(`\`${expected}\``);
  });

  it('says it is not a command and offers the whole list when nothing is close', () => {
    const error = refused('xyzzy');
    expect(error).toBeInstanceOf(UnknownSubcommand);
    expect((error as UnknownSubcommand).suggestions).toEqual([]);
    expect(error.message).toBe('`xyzzy` is not a /partner command.');
    expect(error.fix).toMatch(/everything \/partner can do/);
  });

  it('refuses an option where the command should be (tier=)', () => {
    const error = refused('tier=');
    expect(error).toBeInstanceOf(UnknownSubcommand);
    expect(error.message).toContain('`tier=`');
    // The user typed the word "tier": that is the command to suggest, not whatever matches an empty string.
    expect((error as UnknownSubcommand).suggestions).toContain('tier');
  });

  it('refuses a stray = as the command', () => {
    expect(refused('= Acme')).toBeInstanceOf(UnknownSubcommand);
  });

  it('reads a quoted command word as the command, not as an unknown word', () => {
    const r = parseCommand(tokensOf('"show" Acme'), ctx);
    expect(r.ok && r.value.sub).toBe('partner');
  });
});

describe('/partner subcommands that are coming', () => {
  // Every subcommand is built today, so the path is tested with a spec of the test's own.
  const forecast: SubcommandSpec = {
    name: 'forecast',
    group: 'Partners',
    available: false,
    usage: 'forecast <name>',
    example: 'forecast "Acme Corp"',
    summary: 'Not built yet.',
  };
  const withForecast: ParseContext = {
    ...ctx,
    findSubcommand: (word) => (word.toLowerCase() === 'forecast' ? forecast : findSubcommand(word)),
  };

  it('exist in the catalogue (recruit, qbr-held, …)', () => {
    expect(SUBCOMMANDS.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'templates',
        'template',
        'playbooks',
        'run',
        'recruit',
        'onboard',
        'qbr',
        'expand',
        'exit',
        'runs',
        'reminders',
        'qbr-held',
      ]),
    );
  });

  it('answers one not built yet as coming, never unknown, whatever follows', () => {
    for (const line of ['forecast', 'forecast "Acme Corp" 2026-11-20', 'FORECAST tier=']) {
      const r = parseCommand(tokensOf(line), withForecast);
      expect(r.ok && r.value.sub).toBe('coming');
      expect(r.ok && r.value.sub === 'coming' && r.value.spec.name).toBe('forecast');
    }
  });

  it('offers help on one not built yet', () => {
    const r = parseCommand(tokensOf('help forecast'), withForecast);
    expect(r.ok && r.value.sub === 'help' && r.value.topic?.name).toBe('forecast');
  });
});

describe('/partner add', () => {
  it('reads a quoted name and every option', () => {
    expect(parsed('add "Acme Corp" tier=gold type=reseller owner=<@U1|ana> channel=<#C1|partner-acme>')).toEqual({
      sub: 'add',
      name: 'Acme Corp',
      options: { tier: 'Gold', type: 'reseller', ownerUserId: 'U1', channelId: 'C1' },
    });
  });

  it('reads an unquoted multi-word name up to the options', () => {
    expect(parsed('add Acme Corp tier=Silver')).toEqual({ sub: 'add', name: 'Acme Corp', options: { tier: 'Silver' } });
  });

  it('reads a decoded name: AT&T, an auto-linked domain, Unicode', () => {
    expect(parsed('add AT&amp;T')).toMatchObject({ name: 'AT&T' });
    expect(parsed('add <http://Booking.com|Booking.com>')).toMatchObject({ name: 'Booking.com' });
    expect(parsed('add “Société Générale 🇫🇷”')).toMatchObject({ name: 'Société Générale 🇫🇷' });
  });

  it('takes a bare @mention as the owner and a bare #channel as the channel', () => {
    expect(parsed('add Acme <@U1|ana> <#C1|acme>')).toEqual({
      sub: 'add',
      name: 'Acme',
      options: { ownerUserId: 'U1', channelId: 'C1' },
    });
  });

  it('accepts type aliases (tech, var, integrator)', () => {
    expect(parsed('add Acme type=tech')).toMatchObject({ options: { type: 'technology' } });
    expect(parsed('add Acme type=VAR')).toMatchObject({ options: { type: 'reseller' } });
    expect(parsed('add Acme type="Systems Integrator"')).toMatchObject({ options: { type: 'si' } });
  });

  it('stores the vertical as typed, without the key', () => {
    expect(parsed('add Acme vertical=Healthcare')).toEqual({
      sub: 'add',
      name: 'Acme',
      options: { vertical: 'Healthcare' },
    });
    expect(parsed('add Acme vertical="Public Sector"')).toMatchObject({ options: { vertical: 'Public Sector' } });
  });

  it('refuses an unknown tier, naming the tiers', () => {
    const error = refused('add Acme tier=Platinum');
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('tier');
    expect(error.message).toContain('Platinum');
    expect(error.fix).toBe('Tiers are Gold, Silver, Bronze.');
  });

  it('refuses an unknown type, naming the types', () => {
    const error = refused('add Acme type=alien');
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('type');
    expect(error.fix).toContain('reseller, referral, si, isv, technology');
  });

  it('refuses an owner typed as a word instead of picked with @', () => {
    const error = refused('add Acme owner=ana');
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('owner');
    expect(error.fix).toMatch(/Type @/);
  });

  it('refuses a channel typed as a word instead of picked with #', () => {
    const error = refused('add Acme channel=acme');
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('channel');
    expect(error.fix).toMatch(/Type #/);
  });

  it('refuses an option it does not know, listing those it does', () => {
    const error = refused('add Acme colour=red');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('`colour=`');
    expect(error.message).toContain('tier=, type=, owner=, channel=, vertical=');
  });

  it('refuses a stray = with an option that has no value', () => {
    const error = refused('add = tier=');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('`tier=` needs a value.');
    expect(error.fix).toContain('/partner add');
  });

  it('refuses add without a name, with the usage line', () => {
    for (const line of ['add', 'add tier=Gold']) {
      const error = refused(line);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).subcommand).toBe('add');
      expect(error.message).toContain('name');
      expect(error.fix).toMatch(/^Usage: `\/partner add <name>/);
    }
  });
});

describe('/partner list', () => {
  it('lists everything on page 1 by default (list, ls)', () => {
    expect(parsed('list')).toEqual({ sub: 'list', filter: {}, page: 1, mine: false });
    expect(parsed('ls')).toEqual({ sub: 'list', filter: {}, page: 1, mine: false });
  });

  it('reads every filter and the page', () => {
    expect(parsed('list tier=gold stage=at-risk owner=<@U1|ana> page=2')).toEqual({
      sub: 'list',
      filter: { tier: 'Gold', stage: 'at_risk', ownerUserId: 'U1' },
      page: 2,
      mine: false,
    });
  });

  it('reads a bare tier, stage or @mention as a filter', () => {
    expect(parsed('list gold')).toEqual({ sub: 'list', filter: { tier: 'Gold' }, page: 1, mine: false });
    expect(parsed('list at_risk')).toEqual({ sub: 'list', filter: { stage: 'at_risk' }, page: 1, mine: false });
    expect(parsed('list <@U1|ana>')).toEqual({ sub: 'list', filter: { ownerUserId: 'U1' }, page: 1, mine: false });
  });

  it('reads mine (me, my) as the partners the caller owns', () => {
    for (const word of ['mine', 'Me', 'my'])
      expect(parsed(`list ${word} gold`)).toEqual({ sub: 'list', filter: { tier: 'Gold' }, page: 1, mine: true });
  });

  it.each(['page=0', 'page=-1', 'page=x', 'page=1.5'])('refuses %s with how pages are numbered', (arg) => {
    const error = refused(`list ${arg}`);
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('page');
    expect(error.fix).toContain('Pages start at 1');
  });

  it('refuses an unknown stage, naming the stages', () => {
    const error = refused('list stage=dormant');
    expect(error).toBeInstanceOf(InvalidValue);
    expect(error.fix).toBe(`Stages are ${STAGES.join(', ')}.`);
  });

  it('refuses a word that is no filter, and a filter it does not know', () => {
    const bare = refused('list bogus');
    expect(bare).toBeInstanceOf(UsageError);
    expect(bare.message).toContain('“bogus”');
    const key = refused('list colour=red');
    expect(key.message).toContain('tier=, stage=, owner=, page=');
  });

  it('refuses a filter with no value', () => {
    expect(refused('list tier=').message).toBe('`tier=` needs a value.');
  });
});

describe('/partner <change> <name> …: reading the partner name', () => {
  it('reads a quoted name as exactly one split', () => {
    expect(splitsOf('show "Acme Corp"')).toEqual([{ name: 'Acme Corp', action: { kind: 'show' } }]);
  });

  it('reads an unquoted show name whole (show, view, info)', () => {
    for (const sub of ['show', 'view', 'info', 'SHOW']) {
      expect(splitsOf(`${sub} Acme Corp`)).toEqual([{ name: 'Acme Corp', action: { kind: 'show' } }]);
    }
  });

  it('reads tier with an unquoted name and a lower-case tier', () => {
    expect(splitsOf('tier Acme Corp gold')).toEqual([{ name: 'Acme Corp', action: { kind: 'tier', tier: 'Gold' } }]);
  });

  it('reads health with an unquoted name, a score and a note', () => {
    expect(splitsOf('health Acme Corp 72 lost champion')).toEqual([
      { name: 'Acme Corp', action: { kind: 'health', score: 72, note: 'lost champion' } },
    ]);
  });

  it('offers every reading of an ambiguous line, longest name first', () => {
    expect(splitsOf('health Acme 2 72')).toEqual([
      { name: 'Acme 2', action: { kind: 'health', score: 72, note: null } },
      { name: 'Acme', action: { kind: 'health', score: 2, note: '72' } },
    ]);
    const note = splitsOf('note Acme Corp met VP');
    expect(note.map((s) => s.name)).toEqual(['Acme Corp met', 'Acme Corp', 'Acme']);
    expect(note[1]).toEqual({ name: 'Acme Corp', action: { kind: 'note', text: 'met VP' } });
  });

  it('never takes an option, a mention or a quoted word into an unquoted name', () => {
    const splits = splitsOf('milestone Acme Corp "First deal" 2026-12-15');
    expect(splits[0]).toEqual({
      name: 'Acme Corp',
      action: { kind: 'milestone', title: 'First deal', dueOn: '2026-12-15' },
    });
    expect(splits.every((s) => !s.name.includes('First deal'))).toBe(true);
    expect(splitsOf('owner Acme Corp <@U1|ana>')).toEqual([
      { name: 'Acme Corp', action: { kind: 'owner', userId: 'U1' } },
    ]);
  });

  it('reads a decoded Unicode name', () => {
    expect(splitsOf('show Société Générale')[0]?.name).toBe('Société Générale');
    expect(splitsOf('show AT&amp;T')[0]?.name).toBe('AT&T');
  });

  it('refuses a change without a partner name', () => {
    for (const sub of ['show', 'tier', 'stage', 'owner', 'channel', 'health', 'note', 'milestone', 'done', 'archive']) {
      const error = refused(sub);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).subcommand).toBe(sub);
      expect(error.message).toContain('partner name');
    }
  });

  it('refuses a name that is only a mention', () => {
    expect(refused('show <@U1|ana>')).toBeInstanceOf(UsageError);
  });
});

describe('/partner <change>: each subcommand', () => {
  it('show and archive take only the name', () => {
    expect(splitsOf('archive "Acme Corp"')).toEqual([{ name: 'Acme Corp', action: { kind: 'archive' } }]);
    expect(refused('show "Acme Corp" extra').message).toContain('takes only the partner name');
  });

  it('tier: refuses an unknown tier and a missing one', () => {
    const bad = refused('tier Acme Corp platinum');
    expect(bad).toBeInstanceOf(InvalidValue);
    expect(bad.fix).toBe('Tiers are Gold, Silver, Bronze.');
    const missing = refused('tier "Acme"');
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toContain('needs a tier');
  });

  it('stage: reads "at risk", At-Risk and onboarding', () => {
    expect(splitsOf('stage Acme Corp at risk')).toEqual([
      { name: 'Acme Corp', action: { kind: 'stage', stage: 'at_risk' } },
    ]);
    expect(splitsOf('stage "Acme" At-Risk')).toEqual([{ name: 'Acme', action: { kind: 'stage', stage: 'at_risk' } }]);
    expect(splitsOf('stage "Acme" ONBOARDING')).toEqual([
      { name: 'Acme', action: { kind: 'stage', stage: 'onboarding' } },
    ]);
  });

  it('stage: refuses an unknown stage with the list of stages', () => {
    const error = refused('stage "Acme" dormant');
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('stage');
    expect(error.fix).toContain('prospect, recruiting, onboarding, active, growing, at_risk, exited');
  });

  it('owner and channel: need a picked @user / #channel', () => {
    expect(splitsOf('channel "Acme" <#C9|partner-acme>')).toEqual([
      { name: 'Acme', action: { kind: 'channel', channelId: 'C9' } },
    ]);
    const owner = refused('owner "Acme" ana');
    expect(owner).toBeInstanceOf(InvalidValue);
    expect(owner.fix).toMatch(/Type @ and pick/);
    const channel = refused('channel "Acme" partner-acme');
    expect(channel).toBeInstanceOf(InvalidValue);
    expect(channel.fix).toMatch(/Type # and pick/);
    expect(refused('owner "Acme"').message).toContain('needs an @owner');
  });

  it('health: accepts 0, 100 and 72%, without a note', () => {
    expect(splitsOf('health "Acme" 0')[0]?.action).toEqual({ kind: 'health', score: 0, note: null });
    expect(splitsOf('health "Acme" 100')[0]?.action).toEqual({ kind: 'health', score: 100, note: null });
    expect(splitsOf('health "Acme" 72%')[0]?.action).toEqual({ kind: 'health', score: 72, note: null });
  });

  it.each(['101', '-1', '7.5', 'abc', 'seventy'])('health: refuses %s with a whole-number hint', (score) => {
    const error = refused(`health "Acme" ${score}`);
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('health');
    expect(error.fix).toMatch(/e\.g\. `\/partner health "Acme Corp" 72/);
  });

  it('health: refuses a score missing', () => {
    const error = refused('health "Acme"');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('score from 0 to 100');
  });

  it('health: refuses a note over the limit', () => {
    const error = refused(`health "Acme" 50 ${'x'.repeat(MAX_NOTE_LENGTH + 1)}`);
    expect(error).toBeInstanceOf(InvalidValue);
    expect(error.message).toContain(`limit is ${MAX_NOTE_LENGTH}`);
  });

  it('note: keeps the text, decoded, and needs some', () => {
    expect(splitsOf('note "Acme" Met AT&amp;T’s VP &lt;3')[0]?.action).toEqual({
      kind: 'note',
      text: 'Met AT&T’s VP <3',
    });
    expect(refused('note "Acme"').message).toContain('needs the text of the note');
  });

  it('milestone: reads a quoted title and a due date', () => {
    expect(splitsOf('milestone "Acme Corp" "First joint deal" 2026-12-15')).toEqual([
      { name: 'Acme Corp', action: { kind: 'milestone', title: 'First joint deal', dueOn: '2026-12-15' } },
    ]);
  });

  it.each([
    ['"Kickoff" next friday', 'Kickoff', '2026-12-04'],
    ['"Kickoff" friday', 'Kickoff', '2026-11-27'],
    ['"Kickoff" "next friday"', 'Kickoff', '2026-12-04'],
    ['Kickoff call in 2 weeks', 'Kickoff call', '2026-12-09'],
    ['"Kickoff" 15 Dec', 'Kickoff', '2026-12-15'],
    ['"Kickoff" Dec 15, 2027', 'Kickoff', '2027-12-15'],
    ['"Kickoff" 15/12/2026', 'Kickoff', '2026-12-15'],
    ['Phase 2 review end of next month', 'Phase 2 review', '2026-12-31'],
    ['"Kickoff" tomorrow', 'Kickoff', '2026-11-26'],
    ['"Kickoff" on 2026-12-15', 'Kickoff', '2026-12-15'],
  ])('milestone: reads `%s` as the title and a due date, as the coach reads dates', (rest, title, dueOn) => {
    expect(splitsOf(`milestone "Acme" ${rest}`)).toEqual([
      { name: 'Acme', action: { kind: 'milestone', title, dueOn } },
    ]);
  });

  it.each([
    ['2026-02-30', '“2026-02-30” is not a real calendar date.'],
    ['2026-13-01', '“2026-13-01” is not a real calendar date.'],
    ['Dec 2026', '“Dec 2026” has no day of the month.'],
    ['someday', '“someday” is not a date I can read.'],
    ['1999-12-31', '“1999-12-31” is outside 2000–2100.'],
  ])('milestone: refuses the date %s, listing the forms that work', (date, message) => {
    const error = refused(`milestone "Acme" "First deal" ${date}`);
    expect(error).toBeInstanceOf(InvalidValue);
    expect((error as InvalidValue).field).toBe('date');
    expect(error.message).toBe(message);
    expect(error.fix).toContain('Write the date as YYYY-MM-DD, e.g. 2026-12-15');
    expect(error.fix).toContain('next friday');
  });

  it.each([
    ['03/04/2026', '2026-04-03', '2026-03-04', 'Fri 3 Apr 2026'],
    ['05.06.26', '2026-06-05', '2026-05-06', 'Fri 5 Jun 2026'],
    ['3/4', '2027-04-03', '2027-03-04', 'Sat 3 Apr 2027'],
  ])('milestone: refuses %s, which reads two ways, and says how to write it', (date, dayFirst, monthFirst, worded) => {
    const error = refused(`milestone "Acme" "First deal" ${date}`);
    expect(error.message).toBe(
      `“${date}” could be ${dayFirst} or ${monthFirst}: the day and the month could be either way round.`,
    );
    expect(error.fix).toBe(
      `Write the date as YYYY-MM-DD, e.g. ${dayFirst}, or with the month as a word, e.g. ${worded}.`,
    );
    // The fix's own forms read back, one way.
    expect(splitsOf(`milestone "Acme" "First deal" ${worded}`)[0]).toMatchObject({ action: { dueOn: dayFirst } });
  });

  it('qbr-held: today without a day; else any form the coach reads, even of several words', () => {
    expect(splitsOf('qbr-held "Acme"')).toEqual([{ name: 'Acme', action: { kind: 'qbr', heldOn: null } }]);
    expect(splitsOf('qbr-held "Acme" yesterday')).toEqual([
      { name: 'Acme', action: { kind: 'qbr', heldOn: '2026-11-24' } },
    ]);
    // Looking back: a day without a year, or a bare weekday, is its latest occurrence.
    expect(splitsOf('qbr-held "Acme" 20 Nov')).toEqual([
      { name: 'Acme', action: { kind: 'qbr', heldOn: '2026-11-20' } },
    ]);
    expect(splitsOf('qbr-held "Acme" 30 Nov')).toEqual([
      { name: 'Acme', action: { kind: 'qbr', heldOn: '2025-11-30' } },
    ]);
    expect(splitsOf('qbr-held "Acme" monday')).toEqual([
      { name: 'Acme', action: { kind: 'qbr', heldOn: '2026-11-23' } },
    ]);
    expect(splitsOf('qbr-held "Acme" last friday')).toEqual([
      { name: 'Acme', action: { kind: 'qbr', heldOn: '2026-11-20' } },
    ]);
    expect(splitsOf('qbr-held "Acme" 2026-11-20')).toEqual([
      { name: 'Acme', action: { kind: 'qbr', heldOn: '2026-11-20' } },
    ]);
    expect(refused('qbr-held "Acme" 03/04/2026').message).toContain('could be 2026-04-03 or 2026-03-04');
  });

  it('milestone: needs both a title and a date', () => {
    const error = refused('milestone "Acme" 2026-12-15');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toContain('needs a title and a due date');
  });

  it('done: reads the title and needs one', () => {
    expect(splitsOf('done "Acme" "First deal"')).toEqual([
      { name: 'Acme', action: { kind: 'done', title: 'First deal' } },
    ]);
    expect(refused('done "Acme"').message).toContain('needs the milestone title');
  });

  it('words the "one value only" error as a sentence', () => {
    for (const line of [
      'owner "Acme" <@U1|ana> <@U2|bo>',
      'channel "Acme" <#C1|a> <#C2|b>',
      'tier "Acme" Gold Silver',
    ]) {
      const error = refused(line);
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toMatch(/takes only an? /);
      // Not "`owner` takes one an @owner after the partner name."
      expect(error.message).not.toMatch(/takes one an? /);
    }
  });

  it('prefers a value error over a word-count error when no reading fits', () => {
    // "Acme Corp platinum": every split fails; the bad tier is the useful message.
    expect(refused('tier Acme Corp platinum')).toBeInstanceOf(InvalidValue);
  });
});

describe('partner model', () => {
  it('parseDay accepts real dates, leap days included', () => {
    expect(parseDay('2028-02-29', '2026-11-25')).toBe('2028-02-29');
    expect(parseDay('2000-02-29', '2026-11-25')).toBe('2000-02-29');
    expect(parseDay(' 2026-12-15 ', '2026-11-25')).toBe('2026-12-15');
  });

  it.each(['2026-02-29', '2100-02-29', '2026-04-31', '2026-00-10', '1999-12-31', '20261215', '２０２６-１２-１５'])(
    'parseDay refuses %s',
    (value) => {
      expect(() => parseDay(value, '2026-11-25')).toThrow(InvalidValue);
    },
  );

  it('healthBand: 80 green, 79 and 50 yellow, 49 red, null unset', () => {
    expect(healthBand(100)).toBe('green');
    expect(healthBand(80)).toBe('green');
    expect(healthBand(79)).toBe('yellow');
    expect(healthBand(50)).toBe('yellow');
    expect(healthBand(49)).toBe('red');
    expect(healthBand(0)).toBe('red');
    expect(healthBand(null)).toBe('unset');
  });

  it('matchStage accepts spaces, hyphens and any case', () => {
    expect(matchStage('at risk')).toBe('at_risk');
    expect(matchStage('At-Risk')).toBe('at_risk');
    expect(matchStage('  AT_RISK ')).toBe('at_risk');
    expect(() => matchStage('atrisk')).toThrow(InvalidValue);
  });

  it('matchTier returns the configured spelling', () => {
    expect(matchTier(' gOLD ', ctx.tiers)).toBe('Gold');
    expect(() => matchTier('Gol', ctx.tiers)).toThrow(InvalidValue);
  });

  it('matchType reads aliases and refuses the rest', () => {
    expect(matchType('Systems-Integrator')).toBe('si');
    expect(matchType('ISV')).toBe('isv');
    expect(() => matchType('vendor')).toThrow(InvalidValue);
  });

  it('parseHealth reads a whole number from 0 to 100, with an optional %', () => {
    expect(parseHealth(' 72 ')).toBe(72);
    expect(parseHealth('72%')).toBe(72);
    for (const v of ['', ' ', '%', 'Infinity', 'NaN', '101', '-0.5']) {
      expect(() => parseHealth(v), JSON.stringify(v)).toThrow(InvalidValue);
    }
  });

  it.each(['0x10', '1e2', '0b1', '0o7'])('parseHealth refuses %s, which is not written as a whole number', (v) => {
    // Number() reads hex, binary, octal and exponents: `/partner health "Acme" 0x10` records 16.
    expect(() => parseHealth(v)).toThrow(InvalidValue);
  });

  it('cleanName collapses white space and checks the length', () => {
    expect(cleanName('  Acme \t  Corp\n')).toBe('Acme Corp');
    expect(() => cleanName(' \u00a0 ')).toThrow(InvalidValue);
    expect(cleanName('🤝'.repeat(MAX_NAME_LENGTH))).toHaveLength(MAX_NAME_LENGTH * 2); // counted in characters, not UTF-16 units
    expect(() => cleanName('x'.repeat(MAX_NAME_LENGTH + 1))).toThrow(/limit is 100/);
  });
});

describe('partner name keys', () => {
  it('fold case beyond ASCII: SOCIÉTÉ GÉNÉRALE is Société Générale', () => {
    expect(nameKey('SOCIÉTÉ GÉNÉRALE')).toBe(nameKey('Société Générale'));
    expect(nameKey('SOCIÉTÉ GÉNÉRALE')).toBe('société générale');
  });

  it('normalise with NFKC: composed, decomposed and full-width forms match', () => {
    expect(nameKey('Cafe\u0301')).toBe(nameKey('Café'));
    expect(nameKey('ＡＣＭＥ　Ｃｏｒｐ')).toBe('acme corp');
  });

  it('trim and collapse white space of every kind', () => {
    expect(nameKey('  Acme \t\n Corp\u00a0 Ltd ')).toBe('acme corp ltd');
  });

  it('keep different names apart', () => {
    expect(nameKey('Acme Corp')).not.toBe(nameKey('Acme Corp.'));
    expect(nameKey('株式会社アクメ')).toBe('株式会社アクメ');
  });
});
