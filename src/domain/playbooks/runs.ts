import type { CompanyConfig } from '../../config/schema';
import type { Store, Tables } from '../../store';
import { isUniqueViolation } from '../../store';
import type { RunPatch, RunRow } from '../../store/runs';
import type { Clock } from '../clock';
import { fieldLabel } from '../coach/answers';
import { COMMON_WORDS } from '../coach/related';
import type { AnswerValue, AskContext, CoachTurn, StepContext } from '../coach/engine';
import { UnknownPartner } from '../errors';
import { localDate, toPartner, type Partner } from '../partners/model';
import type { PartnerService } from '../partners/service';
import type { Template } from '../templates/schema';
import { completeRun, type Completion } from './complete';
import { PlaybookNotApplicable, RunClosed } from './errors';
import { isTopTier, runsAt, stageWords, stagesWords } from './lifecycle';
import { partnerMemory } from './memory';
import { recommendPlaybooks, type Recommendation } from './recommend';
import { knownAnswers } from '../templates/partner-answers';
import { encodeAnswer, toView, type RunView, type StepAction } from './run-model';
import type { Playbook } from './schema';

export interface PlaybookCatalog {
  all(): readonly Playbook[];
  get(idOrName: string): Playbook;
}
export interface TemplateCatalog {
  get(id: string): Template;
}

export interface RunDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  partners: PartnerService;
  playbooks: PlaybookCatalog;
  templates: TemplateCatalog;
}

/** What `/partner run` decided before the ack (SQLite only); the Slack edge does the posting after it. */
export type RunStart =
  /**
   * A new run row (status starting): post its root in `channelId`, then its first step. `threadless`: a
   * run that went on without a thread (started from the terminal, or seeded by the demo) gets one now,
   * at the step it is at.
   */
  | { kind: 'start'; runId: number; playbook: Playbook; partner: Partner; channelId: string; threadless?: true }
  /** Already running: point to its thread. */
  | { kind: 'open'; view: RunView }
  /** It was paused: now active again; post the current step in its thread. */
  | { kind: 'resumed'; view: RunView }
  /** recruit for a company not on file: offer to add it as a prospect and start. */
  | { kind: 'offer'; playbook: Playbook; name: string };

export type { Completion } from './complete';

export type ActResult =
  | { kind: 'stale'; view: RunView }
  | { kind: 'blocked'; view: RunView; reason: string }
  | { kind: 'moved'; action: StepAction; before: RunView; after: RunView; completion?: Completion };

const OPEN = new Set(['starting', 'active', 'paused']);

export function runService(deps: RunDeps) {
  const { store, clock, company, partners, playbooks, templates } = deps;
  const nowIso = () => clock.now().toISOString();
  const tierNames = company.tiers.map((t) => t.name);
  const today = () => localDate(clock.now(), company.reminders.timezone);

  async function row(runId: number, db: Tables = store): Promise<RunRow> {
    const r = await db.runs.byId(runId);
    if (!r)
      throw new RunClosed(
        'That playbook run no longer exists.',
        'Start it again with `/partner run <playbook> <partner>`.',
      );
    return r;
  }

  async function viewOf(r: RunRow, db: Tables = store): Promise<RunView> {
    const [partner, answers] = await Promise.all([db.partners.findById(r.partner_id), db.runs.answers.latest(r.id)]);
    if (!partner) throw new UnknownPartner(`#${r.partner_id}`, []);
    return toView(r, playbooks.get(r.playbook_id), toPartner(partner), answers);
  }

  const view = async (runId: number, db: Tables = store): Promise<RunView> => viewOf(await row(runId, db), db);

  async function assertApplicable(playbook: Playbook, partner: Partner): Promise<void> {
    if (partner.archivedAt)
      throw new PlaybookNotApplicable(
        `“${partner.name}” is archived.`,
        'Archived partners are kept for the record; playbooks run for current partners.',
      );
    if (partner.stage === 'exited')
      throw new PlaybookNotApplicable(
        `“${partner.name}” has exited the program.`,
        'Playbooks are for current partners. Add it again if it comes back.',
      );
    if (!runsAt(playbook, partner.stage)) {
      const other = (await recommend(partner))[0]?.playbook;
      throw new PlaybookNotApplicable(
        `“${partner.name}” is at stage ${stageWords(partner.stage)}: ${playbook.name} is for partners at stage ${stagesWords(playbook.applies_to_stages)}.`,
        other
          ? `For a partner at this stage try \`/partner run ${other.id} "${partner.name}"\`, or see \`/partner playbooks\` for the others.`
          : 'See `/partner playbooks` for the others, or change the stage with `/partner stage`.',
      );
    }
  }

  /** `/partner run <playbook> <partner>`: checks, then a new run, the open one, or the paused one resumed. */
  async function start(playbookName: string, partnerName: string, actor: string, typedIn: string): Promise<RunStart> {
    const playbook = playbooks.get(playbookName);
    let partner: Partner;
    try {
      partner = await partners.findPartner(partnerName);
    } catch (error) {
      if (error instanceof UnknownPartner && playbook.id === 'recruit')
        return { kind: 'offer', playbook, name: partnerName };
      throw error;
    }
    const open = await store.runs.open(partner.id, playbook.id);
    if (open && open.status !== 'starting' && !open.thread_ts) {
      if (open.status === 'paused') await resume(open, actor);
      const channelId = partner.channelId ?? typedIn;
      return { kind: 'start', runId: open.id, playbook, partner, channelId, threadless: true };
    }
    if (open?.status === 'paused') return { kind: 'resumed', view: await resume(open, actor) };
    if (open) return { kind: 'open', view: await viewOf(open) };
    await assertApplicable(playbook, partner);
    const channelId = partner.channelId ?? typedIn;
    const at = nowIso();
    let runId: number;
    try {
      runId = await store.transaction(async (tx) => {
        const id = await tx.runs.insert({
          partner_id: partner.id,
          playbook_id: playbook.id,
          channel_id: channelId,
          started_by: actor,
          at,
        });
        await tx.audit.write({
          at,
          user_id: actor,
          partner_id: partner.id,
          action: 'run.started',
          detail: { run: id, playbook: playbook.id },
        });
        return id;
      });
    } catch (error) {
      // Two starts at once (a double click, two replicas): the one open run per playbook wins.
      const winner = isUniqueViolation(error) ? await store.runs.open(partner.id, playbook.id) : undefined;
      if (winner) return { kind: 'open', view: await viewOf(winner) };
      throw error;
    }
    return { kind: 'start', runId, playbook, partner, channelId };
  }

  /** "Add and start" (recruit for a company not on file): the actor adds it as a prospect they own, then it starts. */
  async function addAndStart(
    playbookName: string,
    partnerName: string,
    actor: string,
    typedIn: string,
  ): Promise<RunStart> {
    const added = (await partners.add(partnerName, {}, actor)).partner;
    return start(playbookName, added.name, actor, typedIn);
  }

  /** A Start button under a finished run names the partner by id. */
  async function startFor(playbookName: string, partnerId: number, actor: string, typedIn: string): Promise<RunStart> {
    return start(playbookName, (await partners.findById(partnerId)).name, actor, typedIn);
  }

  async function resume(r: RunRow, actor: string): Promise<RunView> {
    const result = await act(r.id, { stepIndex: r.step_index, seq: r.seq }, 'resume', actor);
    return result.kind === 'moved' ? result.after : result.view;
  }

  /** The thread exists (root posted): the run is active. */
  async function begin(
    runId: number,
    where: { channelId: string; threadTs: string; permalink: string | null },
  ): Promise<RunView> {
    await store.runs.started(
      runId,
      { channel_id: where.channelId, thread_ts: where.threadTs, permalink: where.permalink },
      nowIso(),
    );
    return view(runId);
  }

  /** Nowhere to post the thread (the terminal without a Slack token): the run goes on without one until opened in Slack. */
  async function beginWithoutThread(runId: number): Promise<RunView> {
    await store.runs.startedWithoutThread(runId, nowIso());
    return view(runId);
  }

  /** The root could not be posted: forget the run so the next attempt starts clean. */
  async function abandonStart(runId: number): Promise<void> {
    await store.runs.dropStarting(runId);
  }

  /** A button press or a command, applied once: the press names the step and seq it was drawn at. */
  function act(
    runId: number,
    at: { stepIndex: number; seq: number },
    action: StepAction,
    actor: string,
  ): Promise<ActResult> {
    return store.transaction(async (tx): Promise<ActResult> => {
      const r = await row(runId, tx);
      const before = await viewOf(r, tx);
      if (r.seq !== at.seq || r.step_index !== at.stepIndex) return { kind: 'stale', view: before } as const;
      const blocked = (reason: string) => ({ kind: 'blocked', view: before, reason }) as const;
      const when = nowIso();
      const last = r.step_index === before.total - 1;
      let patch: RunPatch;
      switch (action) {
        case 'pause':
          if (r.status !== 'active') return blocked('This run is not active.');
          patch = { status: 'paused' };
          break;
        case 'resume':
          if (r.status !== 'paused') return blocked('This run is not paused.');
          patch = { status: 'active' };
          break;
        case 'back':
          if (r.status !== 'active') return blocked('Resume the run first.');
          if (r.step_index === 0) return blocked('This is the first step.');
          patch = {
            step_index: r.step_index - 1,
            skipped: JSON.stringify(
              before.skippedSteps.filter((s) => s !== before.playbook.steps[r.step_index - 1]?.id),
            ),
          };
          break;
        case 'next':
        case 'skip': {
          if (r.status !== 'active')
            return blocked(r.status === 'paused' ? 'This run is paused: press Resume first.' : 'This run is finished.');
          if (action === 'next' && before.missing.length) {
            return blocked(
              `Step ${r.step_index + 1} still needs ${before.missing.map((f) => `*${fieldLabel(f)}*`).join(', ')}. Answer in the thread, or press Skip to leave the whole step.`,
            );
          }
          const skipped =
            action === 'skip'
              ? [...new Set([...before.skippedSteps, before.step.id])]
              : before.skippedSteps.filter((s) => s !== before.step.id);
          patch = last
            ? { status: 'completed', completed_at: when, skipped: JSON.stringify(skipped) }
            : { step_index: r.step_index + 1, skipped: JSON.stringify(skipped) };
          break;
        }
      }
      if (!(await tx.runs.transition(r.id, r.seq, { ...patch, question_ts: null, question_body: null }, when)))
        return { kind: 'stale', view: before } as const;
      await tx.audit.write({
        at: when,
        user_id: actor,
        partner_id: r.partner_id,
        action: `run.${action}`,
        detail: { run: r.id, playbook: r.playbook_id, step: before.step.id },
      });
      const completion =
        patch.status === 'completed'
          ? await completeRun(
              tx,
              { templates, recommend },
              before,
              new Set(JSON.parse(patch.skipped ?? '[]') as string[]),
              { actor, at: when, day: today() },
            )
          : undefined;
      return {
        kind: 'moved',
        action,
        before,
        after: await view(r.id, tx),
        ...(completion ? { completion } : {}),
      } as const;
    });
  }

  async function recommend(partner: Partner, completed?: Playbook, db: Tables = store): Promise<Recommendation[]> {
    const history = (await db.runs.ofPartner(partner.id)).map((r) => ({ playbookId: r.playbook_id, status: r.status }));
    return recommendPlaybooks({
      partner: { ...partner, topTier: isTopTier(tierNames, partner.tier) },
      completed,
      playbooks: playbooks.all(),
      history,
    });
  }

  /** Records what the coach found in a reply; nothing is recorded once the run is finished. */
  async function record(runId: number, stepId: string, turn: CoachTurn, actor: string): Promise<RunView> {
    const at = nowIso();
    await store.transaction(async (tx) => {
      const r = await row(runId, tx);
      if (!OPEN.has(r.status)) return;
      const entries: [string, AnswerValue | null][] = [
        ...Object.entries(turn.values),
        ...turn.skipped.map((id): [string, null] => [id, null]),
      ];
      for (const [fieldId, value] of entries) {
        await tx.runs.answers.add({
          run_id: runId,
          step_id: stepId,
          field_id: fieldId,
          value: encodeAnswer(value),
          user_id: actor,
          at,
        });
      }
      if (entries.length)
        await tx.audit.write({
          at,
          user_id: actor,
          partner_id: r.partner_id,
          action: 'run.answer',
          detail: { run: runId, fields: entries.map(([id]) => id) },
        });
    });
    return view(runId);
  }

  /** What the coach engine needs for one reply. */
  async function context(v: RunView): Promise<StepContext> {
    const day = today();
    return {
      company: company.company,
      memory: await partnerMemory(store, company, v.partner, day),
      playbook: v.playbook,
      stepIndex: v.stepIndex,
      fields: v.fields,
      pending: v.pending,
      today: day,
      timezone: company.reminders.timezone,
    };
  }

  /** Every answer the partner has given, in this run, earlier runs or documents' forms: latest wins. */
  async function documentAnswers(runId: number): Promise<Record<string, AnswerValue | null>> {
    return knownAnswers(store, (await row(runId)).partner_id);
  }

  async function askContext(question: string): Promise<AskContext> {
    const day = today();
    // The same name resolution as commands: a whole name, or words of exactly one partner's name.
    const partner = await partners.mentionedIn(question, COMMON_WORDS);
    return {
      company: company.company,
      memory: partner ? await partnerMemory(store, company, partner, day) : null,
      today: day,
    };
  }

  return {
    askContext,
    start,
    addAndStart,
    startFor,
    begin,
    beginWithoutThread,
    abandonStart,
    act,
    record,
    context,
    documentAnswers,
    recommend,
    view,
    /** The run whose thread this is, if any (a cheap indexed lookup for every thread reply). */
    byThread: async (channelId: string, threadTs: string): Promise<RunView | null> => {
      const r = await store.runs.byThread(channelId, threadTs);
      return r ? viewOf(r) : null;
    },
    /** The step message (null keeps it) and the coach reply holding the pending question, with its text minus the question. */
    setMessages: (runId: number, m: { stepTs: string | null; question: { ts: string; body: string } | null }) =>
      store.runs.setMessages(
        runId,
        { step_ts: m.stepTs, question_ts: m.question?.ts ?? null, question_body: m.question?.body ?? null },
        nowIso(),
      ),
    noteFallback: (runId: number): Promise<boolean> => store.runs.noteFallback(runId),
    /** Active and paused runs: one partner's, or those the user started or owns the partner of. */
    async listing(actor: string, partnerName?: string): Promise<{ runs: RunView[]; partner: Partner | null }> {
      const partner = partnerName === undefined ? null : await partners.findPartner(partnerName);
      const rows = await store.runs.listOpen(partner ? { partnerId: partner.id } : { userId: actor }, 25);
      return { runs: await Promise.all(rows.map((r) => viewOf(r))), partner };
    },
    playbooks,
  };
}

export type RunService = ReturnType<typeof runService>;
