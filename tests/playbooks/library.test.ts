import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { dump } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { CompanyConfigSchema } from '../../src/config/schema';
import { UnknownPlaybook } from '../../src/domain/errors';
import { playbookLibrary } from '../../src/domain/playbooks/library';
import { BUILTIN_PLAYBOOKS_DIR, loadPlaybooks, playbookRoots } from '../../src/domain/playbooks/load';
import type { Playbook, PlaybookField } from '../../src/domain/playbooks/schema';
import { loadFieldCatalogue } from '../../src/domain/templates/fields';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/templates/load';
import type { Template } from '../../src/domain/templates/schema';

const { templates } = loadTemplates([BUILTIN_TEMPLATES_DIR]);
const templateById = new Map(templates.map((t) => [t.id, t]));
const templateIds = new Set(templateById.keys());
const { playbooks, problems } = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds);
const library = playbookLibrary(playbooks);

/** A playbook file as written, before any check: loose enough to break on purpose. */
interface RawField {
  id: string;
  question: string;
  type: string;
  choices?: string[];
}
interface RawStep {
  id: string;
  name: string;
  template: string;
  guidance: string;
  fields: RawField[];
  checklist: string[];
  tier_notes: Record<string, string>;
}
interface RawPlaybook {
  id: string;
  name: string;
  description: string;
  tags: string[];
  prerequisites: string[];
  steps: RawStep[];
  success_criteria: string[];
  next_playbook: string | string[];
  recurring: boolean;
}

const SHIPPED = {
  recruit: false,
  onboard: false,
  qbr: true,
  expand: true,
  'co-marketing': true,
  'support-escalation': true,
  exit: false,
};

const answersOf = (t: Template, which: 'all' | 'required' = 'all') =>
  t.variables
    .filter((v) => v.source === 'answers' && (which === 'all' || v.required))
    .map((v) => v.name.slice('answers.'.length));
const templateOf = (id: string) => templateById.get(id) as Template;
const fieldsUpTo = (p: Playbook, step: number) => p.steps.slice(0, step + 1).flatMap((s) => s.fields);
const everyField = (list: readonly Playbook[]) =>
  list.flatMap((p) => p.steps.flatMap((s) => s.fields.map((f) => ({ playbook: p.id, step: s.id, field: f }))));

/** How each template body uses an answer, read from Handlebars' syntax tree: as a number, as a date, or compared with a literal. */
function answerUses(body: string): Map<string, { kind: Set<'number' | 'date'>; literals: Set<string> }> {
  const uses = new Map<string, { kind: Set<'number' | 'date'>; literals: Set<string> }>();
  const use = (name: string) => {
    const id = name.slice('answers.'.length);
    if (!uses.has(id)) uses.set(id, { kind: new Set(), literals: new Set() });
    return uses.get(id) as { kind: Set<'number' | 'date'>; literals: Set<string> };
  };
  const answersIn = (e: hbs.AST.Expression): string[] => {
    if (e.type === 'PathExpression')
      return (e as hbs.AST.PathExpression).original.startsWith('answers.')
        ? [(e as hbs.AST.PathExpression).original]
        : [];
    if (e.type !== 'SubExpression') return [];
    const sub = e as hbs.AST.SubExpression;
    const helper = (sub.path as hbs.AST.PathExpression).original;
    // `default x "fallback"` passes x through; add_days/add_months pass a date through.
    return helper === 'default' || helper === 'add_days' || helper === 'add_months'
      ? answersIn(sub.params[0] as hbs.AST.Expression)
      : [];
  };
  const call = (node: { path: hbs.AST.Expression; params: hbs.AST.Expression[] }) => {
    const helper = node.path.type === 'PathExpression' ? (node.path as hbs.AST.PathExpression).original : '';
    const first = node.params[0];
    if (['currency', 'number', 'percent'].includes(helper) && first)
      for (const a of answersIn(first)) use(a).kind.add('number');
    if (['percent_of', 'plus', 'minus', 'divide'].includes(helper))
      for (const p of node.params) for (const a of answersIn(p)) use(a).kind.add('number');
    if (['date', 'add_days', 'add_months'].includes(helper) && first)
      for (const a of answersIn(first)) use(a).kind.add('date');
    if (helper === 'eq' && first?.type === 'PathExpression' && node.params[1]?.type === 'StringLiteral') {
      for (const a of answersIn(first)) use(a).literals.add((node.params[1] as hbs.AST.StringLiteral).value);
    }
    node.params.forEach(visit);
  };
  function visit(n: hbs.AST.Node): void {
    if (n.type === 'Program') (n as hbs.AST.Program).body.forEach(visit);
    else if (n.type === 'MustacheStatement' || n.type === 'SubExpression') call(n as hbs.AST.SubExpression);
    else if (n.type === 'BlockStatement') {
      const b = n as hbs.AST.BlockStatement;
      b.params.forEach(visit);
      visit(b.program);
      if (b.inverse) visit(b.inverse);
    }
  }
  visit(Handlebars.parse(body));
  return uses;
}

describe('the shipped playbooks', () => {
  it('load without a problem (file, path and problem named otherwise)', () => {
    expect(problems.map((p) => `${p.file}: ${p.path}: ${p.message}`)).toEqual([]);
  });

  it('are the seven of the product, each with 4 to 6 steps, recurring where running again makes sense', () => {
    expect(library.all().map((p) => p.id)).toEqual(Object.keys(SHIPPED));
    for (const [id, recurring] of Object.entries(SHIPPED)) {
      const p = library.get(id);
      expect(p.steps.length, id).toBeGreaterThanOrEqual(4);
      expect(p.steps.length, id).toBeLessThanOrEqual(6);
      expect(p.recurring, id).toBe(recurring);
      expect(p.file, id).toMatch(new RegExp(`playbooks/${id}\\.yaml$`));
    }
  });

  it('give every step a brief of 2 to 5 sentences, 3 to 6 checklist items and notes for Gold, Silver, Bronze and other tiers', () => {
    for (const p of playbooks) {
      for (const s of p.steps) {
        const where = `${p.id}/${s.id}`;
        const sentences = s.guidance.split(/(?<=[.!])\s+/).length;
        expect(sentences, where).toBeGreaterThanOrEqual(2);
        expect(sentences, where).toBeLessThanOrEqual(5);
        expect(s.checklist.length, where).toBeGreaterThanOrEqual(3);
        expect(s.checklist.length, where).toBeLessThanOrEqual(6);
        expect(Object.keys(s.tier_notes).sort(), where).toEqual(['Bronze', 'Gold', 'Silver', 'default']);
        expect(s.fields.length, where).toBeLessThanOrEqual(8);
      }
    }
  });

  it('feed at least four fifths of the answers the template library uses', () => {
    const used = new Set(templates.flatMap((t) => answersOf(t)));
    const fed = new Set(everyField(playbooks).map((f) => f.field.id));
    const covered = [...used].filter((id) => fed.has(id));
    expect(used.size).toBeGreaterThan(50);
    expect(covered.length / used.size).toBeGreaterThanOrEqual(4 / 5);
  });

  it("give each template its required answers by the last step that hands it back (a QBR's document spans three steps)", () => {
    const missing = playbooks.flatMap((p) =>
      p.steps.flatMap((s, i) =>
        s.templates
          .filter((id) => !p.steps.slice(i + 1).some((later) => later.templates.includes(id)))
          .flatMap((id) => {
            const fed = new Set(fieldsUpTo(p, i).map((f) => f.id));
            return answersOf(templateOf(id), 'required')
              .filter((a) => !fed.has(a))
              .map((a) => `${p.id}/${s.id} (${id}): ${a}`);
          }),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('hand back only templates whose answers the playbook or the field catalogue defines', () => {
    const catalogue = new Set(loadFieldCatalogue([BUILTIN_TEMPLATES_DIR]).fields.map((f) => f.id));
    const undefinedAnswers = playbooks.flatMap((p) => {
      const own = new Set(everyField([p]).map((f) => f.field.id));
      return p.steps.flatMap((s) =>
        s.templates.flatMap((id) =>
          answersOf(templateOf(id))
            .filter((a) => !own.has(a) && !catalogue.has(a))
            .map((a) => `${p.id}/${s.id} (${id}): ${a}`),
        ),
      );
    });
    expect(undefinedAnswers).toEqual([]);
  });

  it('hand back the documents each stage of a partnership needs', () => {
    const handed = (playbook: string) => library.get(playbook).steps.map((s) => s.templates);
    const discover = handed('recruit')[3] ?? [];
    expect(discover.indexOf('legal/mutual-nda')).toBeLessThan(discover.indexOf('recruitment/discovery-call-script'));
    expect(handed('recruit').at(-1)).toEqual(['recruitment/agreement-term-sheet', 'legal/master-agreement']);
    expect(handed('onboard').flat()).toEqual(
      expect.arrayContaining([
        'recruitment/onboarding-checklist',
        'strategy/joint-business-plan',
        'legal/data-processing-agreement',
        'security/security-questionnaire',
      ]),
    );
    expect(library.get('qbr').steps.map((s) => s.id)).toEqual(expect.arrayContaining(['goals', 'pipeline']));
    const exit = handed('exit').flat();
    expect(exit).toEqual(expect.arrayContaining(['finance/settlement-statement', 'legal/data-deletion-certificate']));
    expect(exit).not.toContain('finance/commission-structure');
    expect(exit).not.toContain('legal/data-processing-agreement');
    expect(handed('co-marketing').flat()).toEqual(expect.arrayContaining(['finance/mdf-request', 'finance/mdf-claim']));
  });

  it('give every number field a range and a unit, so a 250 % commission is refused', () => {
    const unranged = everyField(playbooks)
      .filter(
        ({ field }) => field.type === 'number' && (field.min === undefined || field.max === undefined || !field.unit),
      )
      .map(({ playbook, step, field }) => `${playbook}/${step}: ${field.id}`);
    expect(unranged).toEqual([]);
    const rate = everyField(playbooks).find(({ field }) => field.id === 'commission_rate')?.field;
    expect([rate?.min, rate?.max, rate?.unit]).toEqual([0, 100, 'percent']);
  });

  it('offer the configured tiers as the choices of a tier field', () => {
    const proposed = (tiers: string[]) =>
      loadPlaybooks([BUILTIN_PLAYBOOKS_DIR], templateIds, process.cwd(), tiers)
        .playbooks.find((p) => p.id === 'recruit')
        ?.steps.flatMap((s) => s.fields)
        .find((f) => f.id === 'proposed_tier')?.choices;
    expect(proposed(['Gold', 'Silver', 'Bronze'])).toEqual(['Gold', 'Silver', 'Bronze']);
    expect(proposed(['Strategic', 'Select', 'Registered'])).toEqual(['Strategic', 'Select', 'Registered']);
  });

  it('ask only for answers a template of the step or a later step uses, each once per playbook', () => {
    const unused = playbooks.flatMap((p) =>
      p.steps.flatMap((s, i) => {
        const later = new Set(p.steps.slice(i).flatMap((t) => t.templates.flatMap((id) => answersOf(templateOf(id)))));
        return s.fields.filter((f) => !later.has(f.id)).map((f) => `${p.id}/${s.id}: ${f.id}`);
      }),
    );
    expect(unused).toEqual([]);
    for (const p of playbooks) {
      const ids = p.steps.flatMap((s) => s.fields.map((f) => f.id));
      expect(ids.length, p.id).toBe(new Set(ids).size);
    }
  });

  it('mark a field optional only when no template of the run needs it', () => {
    const wronglyOptional = playbooks.flatMap((p) =>
      p.steps.flatMap((s, i) => {
        const needed = new Set(
          p.steps.slice(i).flatMap((t) => t.templates.flatMap((id) => answersOf(templateOf(id), 'required'))),
        );
        return s.fields.filter((f) => !f.required && needed.has(f.id)).map((f) => `${p.id}/${s.id}: ${f.id}`);
      }),
    );
    expect(wronglyOptional).toEqual([]);
  });

  it('give a field id the same type, choices and range in every playbook: one definition', () => {
    const seen = new Map<string, { where: string; field: PlaybookField }>();
    const clashes: string[] = [];
    const shape = (f: PlaybookField) => JSON.stringify([f.type, f.choices, f.choices_from, f.min, f.max, f.unit]);
    for (const { playbook, step, field } of everyField(playbooks)) {
      const first = seen.get(field.id);
      if (!first) seen.set(field.id, { where: `${playbook}/${step}`, field });
      else if (shape(first.field) !== shape(field)) {
        clashes.push(`${field.id}: ${first.field.type} in ${first.where}, ${field.type} in ${playbook}/${step}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('type each field as its templates use the value: numbers, dates and the literals they compare with', () => {
    const uses = templates.map((t) => ({ t, byAnswer: answerUses(t.body) }));
    const wrong: string[] = [];
    for (const { playbook, step, field } of everyField(playbooks)) {
      for (const { t, byAnswer } of uses) {
        const use = byAnswer.get(field.id);
        if (!use) continue;
        const where = `${playbook}/${step}: ${field.id} is ${field.type} but ${t.id}`;
        for (const kind of use.kind) if (field.type !== kind) wrong.push(`${where} uses it as a ${kind}`);
        for (const literal of use.literals)
          if (!field.choices?.includes(literal)) wrong.push(`${where} compares it with "${literal}"`);
      }
    }
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('keep "?" for the questions: one sentence each, ending with it, without an answer-kind hint', () => {
    const texts = (value: unknown, path: string): [string, string][] => {
      if (typeof value === 'string') return [[path, value]];
      if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`));
      if (value && typeof value === 'object')
        return Object.entries(value).flatMap(([k, v]) => texts(v, `${path}.${k}`));
      return [];
    };
    for (const p of playbooks) {
      const all = texts(p, p.id);
      expect(all.filter(([path, s]) => s.includes('?') && !path.endsWith('.question')).map(([path]) => path)).toEqual(
        [],
      );
      for (const [path, q] of all.filter(([path]) => path.endsWith('.question'))) {
        expect(q, path).toMatch(/^[A-Z][^?()]*\?$/);
        expect(q.split(/[.!]\s/).length, path).toBe(1);
      }
    }
  });
});

describe('playbookLibrary', () => {
  it('finds a playbook by id or name, whatever the case and separators', () => {
    expect(library.size).toBe(7);
    expect(library.get('Co-marketing').id).toBe('co-marketing');
    expect(library.get('co marketing').id).toBe('co-marketing');
    expect(library.get('support escalation').id).toBe('support-escalation');
    expect(library.get(' QBR ').id).toBe('qbr');
    expect(library.get('quarterly business review').id).toBe('qbr');
  });

  it('answers an unknown playbook with the closest ids, or with where to see them all', () => {
    const fail = (query: string) => {
      try {
        library.get(query);
      } catch (e) {
        return e as UnknownPlaybook;
      }
      throw new Error(`${query} was found`);
    };
    const near = fail('recruitt');
    expect(near).toBeInstanceOf(UnknownPlaybook);
    expect(near.code).toBe('unknown_playbook');
    expect(near.message).toBe('No playbook called `recruitt`.');
    expect(near.suggestions[0]).toBe('recruit');
    expect(near.fix).toMatch(/^Did you mean `recruit`/);
    expect(fail('escalaton').suggestions).toContain('support-escalation');
    const far = fail('xyzzy');
    expect(far.suggestions).toEqual([]);
    expect(far.fix).toBe('See `/partner playbooks`.');
  });
});

describe("a company's playbooks folder", () => {
  const dir = mkdtempSync(join(tmpdir(), 'partneros-playbooks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A valid one-step playbook; each test states only what it breaks (in the playbook, its step or that step's field). */
  const makePlaybook = (id: string, change: (p: RawPlaybook, step: RawStep, field: RawField) => void = () => {}) => {
    const field: RawField = { id: 'kickoff_date', question: 'On what date is the partner day?', type: 'date' };
    const step: RawStep = {
      id: 'agenda',
      name: 'Agenda',
      template: 'enablement/kickoff-agenda',
      guidance: 'Book the day early. Get both sponsors to open it.',
      fields: [field],
      checklist: ['Both sponsors have confirmed.'],
      tier_notes: { Gold: 'Hold it on site.', default: 'A video session is enough.' },
    };
    const p: RawPlaybook = {
      id,
      name: `Playbook ${id}`,
      description: 'A company playbook.',
      tags: ['test'],
      prerequisites: [],
      steps: [step],
      success_criteria: ['Every seller attended.'],
      next_playbook: ['qbr'],
      recurring: true,
    };
    change(p, step, field);
    return dump(p);
  };
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  write('partner-day.yaml', makePlaybook('partner-day'));
  write(
    'typo-template.yaml',
    makePlaybook('typo-template', (_p, step) => {
      step.template = 'recruitment/emial-sequence';
    }),
  );
  write(
    'asks-in-guidance.yaml',
    makePlaybook('asks-in-guidance', (_p, step) => {
      step.guidance = 'Ready to book the day?';
    }),
  );
  write(
    'no-choices.yaml',
    makePlaybook('no-choices', (_p, step) => {
      step.fields.push({ id: 'severity', question: 'How severe is it?', type: 'choice' });
    }),
  );
  write(
    'bad-type.yaml',
    makePlaybook('bad-type', (_p, _step, field) => {
      field.type = 'datetime';
    }),
  );
  write(
    'goes-nowhere.yaml',
    makePlaybook('goes-nowhere', (p) => {
      p.next_playbook = ['qbr', 'nowhere'];
    }),
  );
  write(
    'stranded.yaml',
    makePlaybook('stranded', (p) => {
      p.next_playbook = 'goes-nowhere';
    }),
  );
  write('recruit.yaml', makePlaybook('recruit'));
  write('broken.yaml', 'id: broken\nsteps: [\n');
  write('misnamed.yml', makePlaybook('well-named'));
  write('README.md', '# Our playbooks\nNot a playbook: ignored.\n');
  write('notes.txt', 'not yaml at all: [');
  mkdirSync(join(dir, 'drafts'));
  write('drafts/ignored.yaml', 'not: a playbook');

  const base = resolve(dir, '..');
  const loaded = loadPlaybooks([BUILTIN_PLAYBOOKS_DIR, dir], templateIds, base);
  const folder = dir.slice(base.length + 1);
  const problemsOf = (file: string) =>
    loaded.problems.filter((p) => p.file === `${folder}/${file}`).map((p) => `${p.path}: ${p.message}`);

  it('loads the good playbook next to the built-in ones and keeps the built-in when an id is taken', () => {
    const company = playbookLibrary(loaded.playbooks);
    expect(company.get('partner-day').file).toBe(`${folder}/partner-day.yaml`);
    expect(company.get('recruit').file).toMatch(/^(?!.*partneros-playbooks-).*playbooks\/recruit\.yaml$/);
    expect(company.all().map((p) => p.id)).toEqual([...Object.keys(SHIPPED), 'partner-day']);
    expect(problemsOf('recruit.yaml')).toEqual([
      expect.stringMatching(/^id: recruit is already used by .*playbooks\/recruit\.yaml, which is kept/),
    ]);
  });

  it('names the file and the path of each problem, with the fix where there is one', () => {
    expect(problemsOf('typo-template.yaml')).toEqual([
      expect.stringMatching(
        /^steps\[0\]\.template: recruitment\/emial-sequence is not a template id; closest: recruitment\/email-sequence/,
      ),
    ]);
    expect(problemsOf('asks-in-guidance.yaml')).toEqual([
      'steps[0].guidance: guidance must be a statement: only a field\'s question may contain "?"',
    ]);
    expect(problemsOf('no-choices.yaml')).toEqual([
      'steps[0].fields[1].choices: choices (or choices_from) is required for type choice, and only for it',
    ]);
    expect(problemsOf('bad-type.yaml')).toEqual([
      expect.stringMatching(
        /^steps\[0\]\.fields\[0\]\.type: type must be one of text, number, date, choice, user, url, email/,
      ),
    ]);
    expect(problemsOf('goes-nowhere.yaml')).toEqual([
      expect.stringMatching(/^next_playbook\[1\]: nowhere is not a playbook that loaded/),
    ]);
    expect(problemsOf('broken.yaml')).toEqual([expect.stringMatching(/^\(file\): not valid YAML: /)]);
    expect(problemsOf('misnamed.yml')).toEqual([
      'id: is well-named but the file is named misnamed.yml: name it well-named.yaml',
    ]);
  });

  it('leaves out each bad playbook, and one whose next playbook was left out', () => {
    expect(problemsOf('stranded.yaml')).toEqual([
      expect.stringMatching(/^next_playbook\[0\]: goes-nowhere is not a playbook that loaded/),
    ]);
    const ids = loaded.playbooks.map((p) => p.id);
    for (const bad of [
      'typo-template',
      'asks-in-guidance',
      'no-choices',
      'bad-type',
      'goes-nowhere',
      'stranded',
      'broken',
      'well-named',
    ])
      expect(ids).not.toContain(bad);
    expect(loaded.problems.filter((p) => /README|notes|drafts/.test(p.file))).toEqual([]);
    expect(loaded.problems).toHaveLength(9);
  });

  it('reports a field asked twice in one playbook: a run keeps one answer per field', () => {
    const twice = join(dir, 'twice');
    mkdirSync(twice);
    writeFileSync(
      join(twice, 'twice.yaml'),
      makePlaybook('twice', (p, step) => {
        p.steps.push({ ...step, id: 'again' });
      }),
    );
    const result = loadPlaybooks([twice], templateIds, twice);
    expect(result.playbooks).toEqual([]);
    expect(result.problems).toEqual([
      {
        file: 'twice.yaml',
        path: 'steps[1].fields[0].id',
        message: 'kickoff_date is already asked in step agenda: a run keeps one answer per field',
      },
    ]);
  });

  it('yields nothing, and no crash, for a folder that does not exist', () => {
    expect(loadPlaybooks([join(dir, 'missing')], templateIds)).toEqual({ playbooks: [], problems: [] });
  });

  it('is named by playbooks.folder in partneros.yml, relative to that file', () => {
    const config = CompanyConfigSchema.parse({ playbooks: { folder: './partneros-playbooks' } });
    expect(playbookRoots('/etc/partneros/partneros.yml', config.playbooks.folder)).toEqual([
      BUILTIN_PLAYBOOKS_DIR,
      '/etc/partneros/partneros-playbooks',
    ]);
    expect(playbookRoots('/etc/partneros/partneros.yml', CompanyConfigSchema.parse({}).playbooks.folder)).toEqual([
      BUILTIN_PLAYBOOKS_DIR,
    ]);
  });
});
