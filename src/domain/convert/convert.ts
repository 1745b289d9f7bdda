import { dump } from 'js-yaml';
import { unreachableNext } from '../playbooks/lifecycle';
import { parsePlaybookFile } from '../playbooks/load';
import type { Playbook } from '../playbooks/schema';
import { parseTemplateFile } from '../templates/load';
import type { AnswerField } from './placeholders';
import { convertPlaybook, playbookIdFor, type PlaybookContext } from './playbook';
import { buildTemplate, planTemplate, type SourceFile, type TakenTemplates, type TemplatePlan } from './template';

/**
 * The original PartnerOS's templates and playbooks converted to ours, as files to write and a report per
 * source file. Pure: the caller reads the folder and the libraries that exist, and writes the result. Every
 * file returned has passed our own loaders' checks, so none of it is skipped at start-up.
 */

export type PlaybookLifecycle = Pick<Playbook, 'id' | 'applies_to_stages' | 'moves_stage_to'>;

export interface ConversionInput {
  /** Markdown files under the original's `docs/`, paths relative to its root. */
  readonly templates: readonly SourceFile[];
  /** YAML files under its `scripts/partner_agent/playbooks/`. */
  readonly playbooks: readonly SourceFile[];
  /** What PartnerOS has already (built in, and the company's folders): converted files never clash with it. */
  readonly existing: {
    readonly templates: readonly { readonly id: string; readonly category: string; readonly number: number }[];
    readonly playbooks: readonly PlaybookLifecycle[];
  };
  /** partneros.yml's tier names, highest first, when known. */
  readonly tiers?: readonly string[];
  /** `YYYY-MM-DD`, for a template without a usable last_updated. */
  readonly today: string;
}

export interface OutputFile {
  /** Relative to the output folder: `templates/recruitment/11-proposal-custom.md`, `playbooks/recruit-custom.yaml`. */
  readonly path: string;
  readonly text: string;
  readonly source: string;
}

export interface FileReport {
  readonly source: string;
  readonly status: 'converted' | 'skipped' | 'not-a-template';
  /** Where it was written, when converted. */
  readonly target?: string;
  /** Why it was not converted. */
  readonly reason?: string;
  /** What a person should review or finish. */
  readonly notes: readonly string[];
}

export interface ConversionResult {
  readonly files: OutputFile[];
  readonly reports: FileReport[];
}

const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);

function templateText(frontmatter: Record<string, unknown>, body: string): string {
  return `---\n${dump(frontmatter, { lineWidth: 120, noRefs: true })}---\n\n${body.trim()}\n`;
}

interface BuiltTemplate {
  plan: TemplatePlan;
  path: string;
  text: string;
  fields: AnswerField[];
  notes: string[];
  problems: string[];
}

function buildTemplates(plans: TemplatePlan[], knownBase: readonly string[], today: string): BuiltTemplate[] {
  let usable = plans;
  let built: BuiltTemplate[] = [];
  // A template that fails our checks is left out, and those relating to it are built again without it.
  for (let pass = 0; pass < 3; pass++) {
    const idByPath = new Map(usable.map((p) => [p.source.path, p.id]));
    const knownIds = new Set([...knownBase, ...usable.map((p) => p.id)]);
    built = plans.map((plan) => {
      const out = buildTemplate(plan, idByPath, knownIds, today);
      const path = `templates/${plan.category}/${String(plan.number).padStart(2, '0')}-${plan.id.split('/')[1]}.md`;
      const text = templateText(out.frontmatter, out.body);
      const { problems } = parseTemplateFile(`/${path}`, text, path);
      return {
        plan,
        path,
        text,
        fields: out.fields,
        notes: out.notes,
        problems: problems.map((p) => `${p.field}: ${p.message}`),
      };
    });
    const good = built.filter((b) => b.problems.length === 0).map((b) => b.plan);
    if (good.length === usable.length) break;
    usable = good;
  }
  return built;
}

export function convertOriginal(input: ConversionInput): ConversionResult {
  const files: OutputFile[] = [];
  const reports: FileReport[] = [];
  const taken: TakenTemplates = { ids: new Set(), numbers: new Map() };
  for (const t of input.existing.templates) {
    taken.ids.add(t.id);
    const set = taken.numbers.get(t.category) ?? new Set<number>();
    set.add(t.number);
    taken.numbers.set(t.category, set);
  }
  const plans: TemplatePlan[] = [];
  for (const source of [...input.templates].sort(byPath)) {
    const planned = planTemplate(source, taken);
    if (planned.kind === 'plan') plans.push(planned.plan);
    else
      reports.push({
        source: source.path,
        status: planned.kind === 'skip' ? 'skipped' : 'not-a-template',
        reason: planned.reason,
        notes: [],
      });
  }
  const built = buildTemplates(
    plans,
    [...taken.ids].filter((id) => !plans.some((p) => p.id === id)),
    input.today,
  );
  const templateIdByPath = new Map<string, string>();
  const fieldsByTemplate = new Map<string, AnswerField[]>();
  for (const b of built) {
    if (b.problems.length) {
      reports.push({
        source: b.plan.source.path,
        status: 'skipped',
        reason: `it does not pass PartnerOS's checks: ${b.problems.join('; ')}`,
        notes: b.notes,
      });
      continue;
    }
    templateIdByPath.set(b.plan.source.path, b.plan.id);
    fieldsByTemplate.set(b.plan.id, b.fields);
    files.push({ path: b.path, text: b.text, source: b.plan.source.path });
    reports.push({ source: b.plan.source.path, status: 'converted', target: b.path, notes: b.notes });
  }
  const templateIds = new Set([...input.existing.templates.map((t) => t.id), ...templateIdByPath.values()]);
  convertPlaybooks(input, { templateIdByPath, fieldsByTemplate, templateIds }, files, reports);
  reports.sort((a, b) => a.source.localeCompare(b.source));
  return { files, reports };
}

function convertPlaybooks(
  input: ConversionInput,
  templates: Pick<PlaybookContext, 'templateIdByPath' | 'fieldsByTemplate' | 'templateIds'>,
  files: OutputFile[],
  reports: FileReport[],
): void {
  const existing = new Map(input.existing.playbooks.map((p) => [p.id, p]));
  const takenIds = new Set(existing.keys());
  const sources = [...input.playbooks].sort(byPath);
  const ids = new Map<string, string>();
  const renamed = new Map<string, string>();
  for (const source of sources) {
    const id = playbookIdFor(source.path, takenIds);
    takenIds.add(id);
    ids.set(source.path, id);
    renamed.set(
      source.path
        .split('/')
        .pop()
        ?.replace(/\.ya?ml$/i, '') ?? id,
      id,
    );
  }
  type Outcome = {
    source: SourceFile;
    id: string;
    playbook?: Playbook;
    data?: Record<string, unknown>;
    notes: string[];
    reason?: string;
  };
  let outcomes: Outcome[] = [];
  // Twice at most: a playbook that fails drops out of the others' next_playbook.
  for (let pass = 0; pass < 2; pass++) {
    const ctx: PlaybookContext = { ...templates, playbooks: existing, renamed };
    outcomes = sources.map((source) => {
      const id = ids.get(source.path) ?? 'playbook';
      const result = convertPlaybook(source, id, ctx);
      if (result.kind === 'skip') return { source, id, notes: result.notes, reason: result.reason };
      const text = dump(result.data, { lineWidth: 120, noRefs: true });
      const { playbook, problems } = parsePlaybookFile(`/${id}.yaml`, text, `playbooks/${id}.yaml`, input.tiers);
      if (!playbook)
        return {
          source,
          id,
          notes: result.notes,
          reason: `it does not pass PartnerOS's checks: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        };
      return { source, id, playbook, data: result.data, notes: result.notes };
    });
    const failed = outcomes.filter((o) => !o.playbook);
    const before = renamed.size;
    for (const f of failed) for (const [k, v] of renamed) if (v === f.id) renamed.delete(k);
    if (renamed.size === before) break;
  }
  const lifecycles = new Map<string, PlaybookLifecycle>([
    ...existing,
    ...outcomes.flatMap((o) => (o.playbook ? [[o.id, o.playbook] as const] : [])),
  ]);
  for (const o of outcomes) {
    if (!o.playbook) {
      reports.push({ source: o.source.path, status: 'skipped', reason: o.reason ?? 'not converted', notes: o.notes });
      continue;
    }
    const notes = [...o.notes];
    // A next playbook that could never run where this one leaves the partner would make the loader skip it.
    const next = o.playbook.next_playbook.filter((n) => {
      const target = lifecycles.get(n);
      const why = target ? unreachableNext(o.playbook as Playbook, target) : `${n} does not exist`;
      if (why) notes.push(`next_playbook ${n} was left out: ${why}`);
      return !why;
    });
    const data = { ...o.data, next_playbook: next };
    const text = `# Converted from the original PartnerOS (${o.source.path}) by \`npx partneros convert-partneros\`.\n${dump(data, { lineWidth: 120, noRefs: true })}`;
    files.push({ path: `playbooks/${o.id}.yaml`, text, source: o.source.path });
    reports.push({ source: o.source.path, status: 'converted', target: `playbooks/${o.id}.yaml`, notes });
  }
}
