import type { CompanyConfig } from '../../config/schema';
import type { Store } from '../../store';
import type { DocumentRow } from '../../store/documents';
import type { Clock } from '../clock';
import { healthBand, localDate, type Partner } from '../partners/model';
import type { PartnerService } from '../partners/service';
import type { TemplateLibrary } from './library';
import { renderTemplate, type PartnerFacts, type RenderInput, type Rendered } from './render';
import type { Template } from './schema';

export interface TemplateDeps {
  store: Store;
  clock: Clock;
  company: CompanyConfig;
  library: TemplateLibrary;
  partners: PartnerService;
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

/** How partner types read in a document (stored lower case). */
const TYPE_LABELS: Record<string, string> = { si: 'SI', isv: 'ISV' };

export function templateService(deps: TemplateDeps) {
  const { store, clock, company, library, partners } = deps;

  function facts(partner: Partner, names: DisplayNames): PartnerFacts {
    const band = healthBand(partner.health);
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
      qbr_every_months:
        company.tiers.find((t) => t.name.toLowerCase() === partner.tier.toLowerCase())?.qbr_every_months ?? null,
    };
  }

  function input(partner: Partner | undefined, names: DisplayNames, answers: FillRequest['answers']): RenderInput {
    return {
      company: company.company,
      ...(partner ? { partner: facts(partner, names) } : {}),
      user: { name: names.user },
      answers: answers ?? {},
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
    /** Renders for the partner and records the result as the next version of that document. */
    async fill(request: FillRequest): Promise<FilledDocument> {
      const { template, partner } = request;
      const rendered = renderTemplate(template, input(partner, request.names, request.answers));
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
