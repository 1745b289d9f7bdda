import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { DocumentRow } from '../../store/documents';
import type { Clock } from '../clock';
import { healthBand, localDate, type Partner } from '../partners/model';
import type { PartnerService } from '../partners/service';
import { parseAnswer } from '../coach/answers';
import type { AnswerValue } from '../coach/engine';
import { err, ok, type Result } from '../result';
import type { FieldDefinition } from './fields';
import type { TemplateLibrary } from './library';
import { knownAnswers, saveAnswers } from './partner-answers';
import { renderTemplate, type PartnerFacts, type RenderInput, type Rendered, type TierFacts } from './render';
import type { Template } from './schema';

export interface TemplateDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  library: TemplateLibrary;
  partners: PartnerService;
  /** One definition per answer id (the playbook field that asks it, or the field catalogue). */
  fields: ReadonlyMap<string, FieldDefinition>;
}

/** At most this many values in one fill-in form: Slack allows 100 blocks in a modal, and a form that long is not filled. */
export const FORM_LIMIT = 40;

/** The answers a document still lacks that its fill-in form can ask. */
export interface FormFields {
  readonly fields: readonly FieldDefinition[];
  /** Missing answers beyond the form's limit, asked by the next form. */
  readonly more: number;
}

/** Names the Slack edge looked up (people and channels are ids in the store); null when unknown. */
export interface DisplayNames {
  user: string | null;
  owner: string | null;
  channel: string | null;
}

export interface FillRequest {
  template: Template;
  partner: Partner;
  actor: string;
  names: DisplayNames;
  answers?: Readonly<Record<string, string | number | null>>;
  runId?: number | null;
}

export interface FilledDocument {
  document: DocumentRow;
  rendered: Rendered;
  template: Template;
  partner: Partner;
  fileName: string;
}

/** `<Template> — <Partner> v<N>.md`; characters file systems refuse become spaces. */
export function documentFileName(title: string): string {
  return `${title
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()}.md`;
}

/** The configured tiers as templates see them: a figure the company did not set stays null (a placeholder). */
export function tierFacts(tiers: CompanyConfig['tiers']): TierFacts[] {
  const lines = (l: readonly string[] | undefined) => (l?.length ? l.join('; ') : null);
  return tiers.map((t) => ({
    name: t.name,
    qbr_every_months: t.qbr_every_months,
    discount_percent: t.discount_percent ?? null,
    commission_percent: t.commission_percent ?? null,
    mdf_budget: t.mdf_budget ?? null,
    min_annual_revenue: t.min_annual_revenue ?? null,
    min_certified_people: t.min_certified_people ?? null,
    benefits: lines(t.benefits),
    requirements: lines(t.requirements),
  }));
}

/** How partner types read in a document (stored lower case). */
const TYPE_LABELS: Record<string, string> = { si: 'SI', isv: 'ISV' };

export function templateService(deps: TemplateDeps) {
  const { store, clock, company, library, partners, fields } = deps;

  const tiers = company.tiers;
  const tierIndex = (name: string) => tiers.findIndex((t) => t.name.toLowerCase() === name.toLowerCase());

  function facts(partner: Partner, names: DisplayNames): PartnerFacts {
    const band = healthBand(partner.health);
    const rank = tierIndex(partner.tier);
    return {
      name: partner.name,
      tier: partner.tier,
      type: partner.type && (TYPE_LABELS[partner.type] ?? partner.type),
      stage: partner.stage.replace('_', ' '),
      health: partner.health,
      health_band: band === 'unset' ? null : band,
      owner: names.owner,
      channel: names.channel,
      vertical: partner.vertical,
      since: partner.createdAt.slice(0, 10),
      qbr_every_months: tiers[rank]?.qbr_every_months ?? null,
      top_tier: rank === 0,
      entry_tier: rank === tiers.length - 1,
      next_tier: rank > 0 ? (tiers[rank - 1]?.name ?? null) : null,
      tier_mdf_budget: tiers[rank]?.mdf_budget ?? null,
    };
  }

  function input(partner: Partner | undefined, names: DisplayNames, answers: FillRequest['answers']): RenderInput {
    return {
      company: company.company,
      ...(partner ? { partner: facts(partner, names) } : {}),
      user: { name: names.user },
      answers: answers ?? {},
      tiers: tierFacts(tiers),
      today: localDate(clock.now(), company.reminders.timezone),
      currency: company.company.currency,
    };
  }

  return {
    library,
    /** A template by id (or unambiguous slug); UnknownTemplate with the closest ids otherwise. */
    template: (id: string): Template => library.get(id),
    /** Checks both names before anything is rendered, so a typo is answered in the ack. */
    prepare: async (id: string, partnerName: string): Promise<{ template: Template; partner: Partner }> => {
      const template = library.get(id);
      return { template, partner: await partners.findPartner(partnerName) };
    },
    /** One definition per answer id. */
    fields,
    /** Every answer known for the partner (runs and forms, latest wins): what a document is filled from. */
    known: (partnerId: number): Promise<Record<string, AnswerValue>> => knownAnswers(store, partnerId),
    /** The answers this document still lacks that have a definition, required first, at most FORM_LIMIT. */
    async formFields(template: Template, partner: Partner): Promise<FormFields> {
      const rendered = renderTemplate(
        template,
        input(partner, { user: null, owner: null, channel: null }, await knownAnswers(store, partner.id)),
      );
      const ids = [
        ...new Set(rendered.missing.filter((m) => m.name.startsWith('answers.')).map((m) => m.name.slice(8))),
      ];
      const all = ids.flatMap((id) => {
        const field = fields.get(id);
        return field ? [field] : [];
      });
      return { fields: all.slice(0, FORM_LIMIT), more: Math.max(0, all.length - FORM_LIMIT) };
    },
    /**
     * A submitted form's raw values (empty ones left out), checked by the same rules as a coach answer:
     * the values, or a message per field that does not fit.
     */
    readForm(
      asked: readonly FieldDefinition[],
      raw: Readonly<Record<string, string>>,
    ): Result<Record<string, AnswerValue>, Record<string, string>> {
      const context = {
        today: localDate(clock.now(), company.reminders.timezone),
        timezone: company.reminders.timezone,
      };
      const values: Record<string, AnswerValue> = {};
      const problems: Record<string, string> = {};
      for (const field of asked) {
        const text = raw[field.id]?.trim();
        if (!text) continue;
        const parsed = parseAnswer(field, text, context);
        if (parsed.ok) values[field.id] = parsed.value;
        else problems[field.id] = parsed.error;
      }
      return Object.keys(problems).length ? err(problems) : ok(values);
    },
    /** Saves a form's values as the partner's answers, reused by later documents and runs. */
    saveForm(
      partner: Partner,
      template: Template,
      values: Readonly<Record<string, AnswerValue>>,
      actor: string,
    ): Promise<void> {
      return saveAnswers(store, {
        partnerId: partner.id,
        templateId: template.id,
        values,
        actor,
        at: clock.now().toISOString(),
      });
    },
    /** Renders for the partner and records the result as the next version of that document. */
    async fill(request: FillRequest): Promise<FilledDocument> {
      const { template, partner } = request;
      const answers = request.answers ?? (await knownAnswers(store, partner.id));
      const rendered = renderTemplate(template, input(partner, request.names, answers));
      const document = await store.documents.add({
        partner_id: partner.id,
        run_id: request.runId ?? null,
        template_id: template.id,
        template_version: template.version,
        title: `${template.title} — ${partner.name}`,
        rendered_text: rendered.markdown,
        missing: rendered.missing.map((m) => m.name),
        created_by: request.actor,
        created_at: clock.now().toISOString(),
      });
      return { document, rendered, template, partner, fileName: documentFileName(document.title) };
    },
    /** The template with nothing filled in: every variable shows as its placeholder. */
    blank: (template: Template): Rendered =>
      renderTemplate(template, {
        ...input(undefined, { user: null, owner: null, channel: null }, {}),
        company: { contact: {} },
      }),
    documents: {
      uploaded: (id: number, fileId: string) => store.documents.markUploaded(id, fileId),
      shared: (id: number, where: { channelId: string; threadTs: string | null; permalink: string | null }) =>
        store.documents.markShared(id, where),
      failed: (id: number, error: string) => store.documents.markFailed(id, error),
    },
  };
}

export type TemplateService = ReturnType<typeof templateService>;
