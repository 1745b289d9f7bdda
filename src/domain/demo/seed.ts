import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import { fixedClock } from '../clock';
import { parseAnswer } from '../coach/answers';
import type { AnswerValue } from '../coach/engine';
import type { PartnerAction } from '../commands/parse';
import { localDate } from '../partners/model';
import { partnerService } from '../partners/service';
import type { PlaybookLibrary } from '../playbooks/library';
import { stepLabel } from '../playbooks/run-model';
import { runService } from '../playbooks/runs';
import { addDays, addMonths, daysBetween } from '../reminders/calendar';
import type { FieldDefinition } from '../templates/fields';
import type { TemplateLibrary } from '../templates/library';
import { templateService } from '../templates/service';
import { DEMO_COMPANY, DEMO_DOCUMENTS, DEMO_PARTNERS, DEMO_RUN, type DemoEvent, type DemoPartner } from './program';

/**
 * Seeds the sample program through the same services a person's commands go through, with the clock
 * set to each moment in turn: partners are added, moved, scored, noted and given milestones when the
 * story says, with their audit rows; the run and the documents are a real playbook's and real
 * templates'. Each partner is marked as the demo's as soon as it exists.
 */

export interface DemoDeps {
  store: Store;
  /** The workspace's effective settings (tiers, QBR cadence, time zone). */
  company: CompanyConfig;
  library: TemplateLibrary;
  playbooks: PlaybookLibrary;
  fields: ReadonlyMap<string, FieldDefinition>;
  now: Date;
}

export interface DemoPeople {
  /** Who owns the demo's partners; null: nobody. */
  owner: string | null;
  /** Who the notes, health scores and answers are recorded as. */
  author: string;
}

export interface SeedReport {
  /** Partners seeded now. */
  added: string[];
  /** The demo's partners already on file: left as they are. */
  present: string[];
  /** Names a partner someone added already has: not seeded, not touched. */
  taken: string[];
  /** The run left in progress, in words, when seeded now. */
  run: string | null;
  /** Titles of the documents filled now. */
  documents: string[];
  /** What could not be seeded, and why (a playbook or template the libraries lack). */
  skipped: string[];
}

const DAY_MS = 86_400_000;

type Timed = { daysAgo: number; action: PartnerAction };

/** A partner's story as dated actions, oldest first (the order they happened in). */
function story(p: DemoPartner, today: string, cadenceMonths: number | undefined): Timed[] {
  const actions: Timed[] = p.events.flatMap((e: DemoEvent): Timed[] => {
    if ('stage' in e) return [{ daysAgo: e.daysAgo, action: { kind: 'stage', stage: e.stage } }];
    if ('health' in e) return [{ daysAgo: e.daysAgo, action: { kind: 'health', score: e.health, note: e.reason } }];
    if ('note' in e) return [{ daysAgo: e.daysAgo, action: { kind: 'note', text: e.note } }];
    const added: Timed = {
      daysAgo: e.daysAgo,
      action: { kind: 'milestone', title: e.milestone, dueOn: addDays(today, e.dueInDays) },
    };
    return e.doneDaysAgo === undefined
      ? [added]
      : [added, { daysAgo: e.doneDaysAgo, action: { kind: 'done', title: e.milestone } }];
  });
  if (p.qbrDueInDays !== undefined && cadenceMonths !== undefined) {
    const heldOn = addDays(addMonths(today, -cadenceMonths), p.qbrDueInDays);
    const heldDaysAgo = daysBetween(heldOn, today);
    // Recorded the day after it was held, so it is never a day ahead of the clock in any time zone.
    if (heldDaysAgo > 1 && heldDaysAgo < p.addedDaysAgo)
      actions.push({ daysAgo: heldDaysAgo - 1, action: { kind: 'qbr', heldOn } });
  }
  // Stable: events of one day keep the order the story gives them.
  return actions.sort((a, b) => b.daysAgo - a.daysAgo);
}

export async function seedDemo(deps: DemoDeps, people: DemoPeople): Promise<SeedReport> {
  const { store, library, playbooks, fields, now } = deps;
  const clock = fixedClock(now);
  const at = (daysAgo: number) => clock.set(new Date(now.getTime() - daysAgo * DAY_MS));
  // Seeding is nobody's change to someone else's partner: admins do not apply.
  const company: CompanyConfig = { ...deps.company, admins: [] };
  const zone = company.reminders.timezone;
  const today = localDate(now, zone);
  const partners = partnerService({ store, clock, company });
  const runs = runService({ store, clock, company, partners, playbooks, templates: library });
  const templates = templateService({
    store,
    clock,
    company: { ...company, company: DEMO_COMPANY },
    library,
    partners,
    fields,
  });
  const report: SeedReport = { added: [], present: [], taken: [], run: null, documents: [], skipped: [] };
  const tiers = company.tiers;

  for (const p of DEMO_PARTNERS) {
    const existing = await store.partners.findByName(p.name);
    if (existing) {
      (existing.demo === 1 ? report.present : report.taken).push(existing.name);
      continue;
    }
    const tier = tiers[Math.min(p.tierRank, tiers.length - 1)];
    at(p.addedDaysAgo);
    const added = await partners.add(
      p.name,
      { ...(tier ? { tier: tier.name } : {}), type: p.type, vertical: p.vertical, ownerUserId: people.owner },
      people.author,
    );
    await store.demo.mark(added.partner.id);
    for (const step of story(p, today, tier?.qbr_every_months)) {
      at(step.daysAgo);
      await partners.apply(await partners.findById(added.partner.id), step.action, people.author);
    }
    report.added.push(p.name);
  }

  if (report.added.includes(DEMO_RUN.partner)) report.run = await seedRun();
  for (const d of DEMO_DOCUMENTS) {
    if (!report.added.includes(d.partner)) continue;
    let template: ReturnType<TemplateLibrary['get']>;
    try {
      template = library.get(d.template);
    } catch {
      report.skipped.push(`the document ${d.template} for ${d.partner}: no such template in your library`);
      continue;
    }
    at(d.daysAgo);
    const filled = await templates.fill({
      template,
      partner: await partners.findPartner(d.partner),
      actor: people.author,
      names: { user: DEMO_COMPANY.contact.name ?? null, owner: null, channel: null },
    });
    report.documents.push(filled.document.title);
  }
  return report;

  /** The playbook run, started without a thread (none can be posted from here): it gets one when opened in Slack. */
  async function seedRun(): Promise<string | null> {
    if (!playbooks.all().some((p) => p.id === DEMO_RUN.playbook)) {
      report.skipped.push(`the ${DEMO_RUN.playbook} run for ${DEMO_RUN.partner}: no such playbook in your library`);
      return null;
    }
    at(DEMO_RUN.startedDaysAgo);
    const start = await runs.start(DEMO_RUN.playbook, DEMO_RUN.partner, people.author, '');
    if (start.kind !== 'start') return null;
    let view = await runs.beginWithoutThread(start.runId);
    for (const [i, step] of DEMO_RUN.steps.entries()) {
      at(step.daysAgo);
      const values: Record<string, AnswerValue> = {};
      for (const [fieldId, answer] of Object.entries(step.answers)) {
        const field = view.step.fields.find((f) => f.id === fieldId);
        if (!field) continue;
        const text = typeof answer === 'string' ? answer : addDays(today, answer.daysFromToday);
        const parsed = parseAnswer(field, text, {
          today: localDate(clock.now(), zone),
          timezone: zone,
          userId: people.author,
        });
        if (parsed.ok) values[fieldId] = parsed.value;
      }
      view = await runs.record(view.id, view.step.id, { values, skipped: [], problems: [], hints: [] }, people.author);
      if (i < DEMO_RUN.steps.length - 1) {
        const moved = await runs.act(view.id, { stepIndex: view.stepIndex, seq: view.seq }, 'next', people.author);
        view = moved.kind === 'moved' ? moved.after : moved.view;
      }
    }
    return `${view.playbook.name} for ${view.partner.name}, at ${stepLabel(view)}`;
  }
}
