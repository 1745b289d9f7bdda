import type { CompanyConfig } from '../../config/schema';
import type { PartnerType, Stage } from '../partners/model';

/**
 * The sample program `partneros demo` seeds: a fictional company's partner program a year in, told
 * as what happened to each partner and how many days ago, so every date lands relative to today.
 * Tiers are named by rank (0 = the highest configured), so a company with its own tiers gets them.
 */

/** The fictional company running the sample program: its documents are filled as this company. */
export const DEMO_COMPANY: CompanyConfig['company'] = {
  name: 'Lumora Analytics',
  website: 'lumora.example',
  product: 'Lumora Insights, a customer-analytics platform for mid-sized retailers',
  value_proposition: 'Every customer journey in one view, without a data team.',
  contact: { name: 'Dana Whitfield', email: 'partners@lumora.example' },
  currency: 'USD',
};

/** What happened to a demo partner, `daysAgo` days before today (a milestone's due day counts from today). */
export type DemoEvent =
  | { daysAgo: number; stage: Stage }
  | { daysAgo: number; health: number; reason: string }
  | { daysAgo: number; note: string }
  | { daysAgo: number; milestone: string; dueInDays: number; doneDaysAgo?: number };

export interface DemoPartner {
  name: string;
  /** 0: the highest configured tier; past the lowest means the lowest. */
  tierRank: number;
  type: PartnerType;
  vertical: string;
  addedDaysAgo: number;
  events: DemoEvent[];
  /** A QBR held so the next one falls due in this many days (negative: overdue). */
  qbrDueInDays?: number;
}

export const DEMO_PARTNERS: readonly DemoPartner[] = [
  {
    name: 'Harborlight Systems',
    tierRank: 0,
    type: 'reseller',
    vertical: 'Retail',
    addedDaysAgo: 420,
    qbrDueInDays: 9,
    events: [
      { daysAgo: 400, stage: 'recruiting' },
      { daysAgo: 370, stage: 'onboarding' },
      { daysAgo: 330, stage: 'active' },
      { daysAgo: 300, health: 72, reason: 'Onboarding done; first two deals closed' },
      { daysAgo: 150, health: 81, reason: 'Pipeline doubled after the spring campaign' },
      { daysAgo: 60, note: 'Their new VP of Sales, Marta Kovač, wants a joint pipeline review every month.' },
      { daysAgo: 40, milestone: 'Certify two more solution engineers', dueInDays: 21 },
      { daysAgo: 25, milestone: 'Joint holiday campaign launch', dueInDays: 2 },
      { daysAgo: 20, health: 86, reason: 'Renewed for two years; four new logos this quarter' },
      { daysAgo: 12, note: 'Asked for co-branded case study material for the holiday push.' },
    ],
  },
  {
    name: 'Quillfield Consulting',
    tierRank: 0,
    type: 'si',
    vertical: 'Financial services',
    addedDaysAgo: 300,
    qbrDueInDays: 55,
    events: [
      { daysAgo: 290, stage: 'recruiting' },
      { daysAgo: 250, stage: 'onboarding' },
      { daysAgo: 200, stage: 'active' },
      { daysAgo: 180, health: 78, reason: 'Delivery team certified' },
      { daysAgo: 60, stage: 'growing' },
      { daysAgo: 50, milestone: 'Sign the reseller addendum', dueInDays: -30, doneDaysAgo: 28 },
      { daysAgo: 45, health: 92, reason: 'Three joint implementations live; NPS 61' },
      { daysAgo: 30, note: 'Wants to co-present at the Lumora user conference in May.' },
      { daysAgo: 30, milestone: 'Co-present at the user conference', dueInDays: 60 },
      { daysAgo: 5, note: 'Shared a pipeline of 11 opportunities worth $1.4M for next quarter.' },
    ],
  },
  {
    name: 'Ferrovia Software',
    tierRank: 0,
    type: 'isv',
    vertical: 'Manufacturing',
    addedDaysAgo: 380,
    qbrDueInDays: -12,
    events: [
      { daysAgo: 370, stage: 'recruiting' },
      { daysAgo: 340, stage: 'onboarding' },
      { daysAgo: 300, stage: 'active' },
      { daysAgo: 200, health: 80, reason: 'Integration certified' },
      { daysAgo: 40, health: 68, reason: 'Two support escalations about the sync connector' },
      { daysAgo: 40, note: 'Connector sync failures at two shared customers; engineering is on it.' },
      { daysAgo: 38, milestone: 'Fix the sync connector with their engineers', dueInDays: -4 },
      { daysAgo: 6, health: 42, reason: 'Their champion left; renewal talks stalled' },
      { daysAgo: 6, stage: 'at_risk' },
      {
        daysAgo: 6,
        note: 'Champion Luis Ortega left Ferrovia. We need a new executive sponsor before the renewal in March.',
      },
      { daysAgo: 6, milestone: 'Name a new executive sponsor', dueInDays: 5 },
    ],
  },
  {
    name: 'Cobaltline Networks',
    tierRank: 1,
    type: 'technology',
    vertical: 'Telecom',
    addedDaysAgo: 260,
    qbrDueInDays: 110,
    events: [
      { daysAgo: 250, stage: 'recruiting' },
      { daysAgo: 220, stage: 'onboarding' },
      { daysAgo: 180, stage: 'active' },
      { daysAgo: 150, health: 70, reason: 'Marketplace listing live' },
      { daysAgo: 30, health: 74, reason: 'Steady: two co-sell deals a month' },
      { daysAgo: 28, note: 'Their marketplace listing brings about 40 leads a month.' },
      { daysAgo: 15, milestone: 'Refresh the marketplace listing', dueInDays: 12 },
    ],
  },
  {
    name: 'Meadowgate Partners',
    tierRank: 1,
    type: 'referral',
    vertical: 'Healthcare',
    addedDaysAgo: 70,
    events: [
      { daysAgo: 60, stage: 'recruiting' },
      { daysAgo: 14, stage: 'onboarding' },
      { daysAgo: 14, health: 65, reason: 'Agreement signed; kickoff booked' },
      { daysAgo: 14, note: 'Signed the referral agreement. Kickoff with Priya Nair (VP Alliances) next week.' },
      { daysAgo: 14, milestone: 'Kickoff meeting', dueInDays: -6, doneDaysAgo: 6 },
      { daysAgo: 6, milestone: 'First referral submitted', dueInDays: 30 },
    ],
  },
  {
    name: 'Tidewater Data',
    tierRank: 1,
    type: 'reseller',
    vertical: 'Logistics',
    addedDaysAgo: 340,
    qbrDueInDays: 60,
    events: [
      { daysAgo: 330, stage: 'recruiting' },
      { daysAgo: 300, stage: 'onboarding' },
      { daysAgo: 260, stage: 'active' },
      { daysAgo: 120, health: 71, reason: 'Hit the quarterly target' },
      { daysAgo: 20, milestone: 'Deal registration pricing proposal', dueInDays: -2 },
      { daysAgo: 18, health: 58, reason: 'Lost two deals to a competitor on price' },
      { daysAgo: 18, note: 'Lost the Baywell & Corrin deals on price; they want a deal-registration discount.' },
      { daysAgo: 10, milestone: 'Sales refresher training', dueInDays: 4 },
    ],
  },
  {
    name: 'Brightmoor Labs',
    tierRank: 1,
    type: 'isv',
    vertical: 'Education',
    addedDaysAgo: 45,
    events: [
      { daysAgo: 40, stage: 'recruiting' },
      { daysAgo: 30, health: 60, reason: 'Strong product fit; their legal review is slow' },
      { daysAgo: 30, note: 'Their CTO likes the embedded analytics use case.' },
      { daysAgo: 3, note: 'Mutual NDA sent to their counsel.' },
      { daysAgo: 3, milestone: 'Signed NDA back', dueInDays: 3 },
    ],
  },
  {
    name: 'Juniper & Vale',
    tierRank: 2,
    type: 'si',
    vertical: 'Public sector',
    addedDaysAgo: 12,
    events: [
      { daysAgo: 12, note: 'Met at the GovTech summit; they implement for three state agencies.' },
      { daysAgo: 10, milestone: 'Discovery call', dueInDays: 1 },
    ],
  },
  {
    name: 'Orchard Peak IT',
    tierRank: 2,
    type: 'reseller',
    vertical: 'Retail',
    addedDaysAgo: 210,
    qbrDueInDays: 160,
    events: [
      { daysAgo: 200, stage: 'recruiting' },
      { daysAgo: 180, stage: 'onboarding' },
      { daysAgo: 150, stage: 'active' },
      { daysAgo: 120, milestone: 'Complete the sales certification', dueInDays: -100, doneDaysAgo: 105 },
      { daysAgo: 90, health: 77, reason: 'Consistent small deals' },
      { daysAgo: 25, health: 79, reason: 'First upsell closed' },
      { daysAgo: 25, note: 'First upsell closed: 40 more seats at Pinecrest Grocers.' },
    ],
  },
  {
    name: 'Saltmarsh Cloud',
    tierRank: 2,
    type: 'technology',
    vertical: 'Software',
    addedDaysAgo: 35,
    events: [
      { daysAgo: 30, stage: 'recruiting' },
      { daysAgo: 10, stage: 'onboarding' },
      { daysAgo: 10, health: 70, reason: 'Integration scoped' },
      { daysAgo: 9, note: 'Integration scoped: a nightly export into their warehouse.' },
      { daysAgo: 9, milestone: 'Integration beta', dueInDays: 18 },
    ],
  },
  {
    name: 'Kestrel Point',
    tierRank: 2,
    type: 'referral',
    vertical: 'Hospitality',
    addedDaysAgo: 95,
    events: [
      { daysAgo: 90, stage: 'recruiting' },
      { daysAgo: 85, health: 55, reason: 'Interested, but slow to reply' },
      { daysAgo: 41, note: 'Waiting for their partner manager to come back from leave.' },
    ],
  },
  {
    name: 'Alder & Finch Advisory',
    tierRank: 2,
    type: 'referral',
    vertical: 'Professional services',
    addedDaysAgo: 400,
    events: [
      { daysAgo: 390, stage: 'recruiting' },
      { daysAgo: 360, stage: 'onboarding' },
      { daysAgo: 330, stage: 'active' },
      { daysAgo: 60, health: 48, reason: 'No referrals in two quarters' },
      { daysAgo: 20, health: 30, reason: 'Moving to a competitor’s program' },
      { daysAgo: 20, stage: 'exited' },
      { daysAgo: 20, note: 'Exit agreed; the final settlement is paid.' },
    ],
  },
];

/** A playbook run left in progress: started, its first step answered, part of the next. */
export const DEMO_RUN = {
  partner: 'Meadowgate Partners',
  playbook: 'onboard',
  startedDaysAgo: 8,
  /** Answers per step, in order, as a person would type them; the run moves on after each step but the last. */
  steps: [
    {
      daysAgo: 8,
      answers: {
        kickoff_date: { daysFromToday: -6 },
        onboarding_lead: 'me',
        exec_sponsor: 'me',
        partner_sponsor: 'Priya Nair, VP Alliances',
        launch_date: { daysFromToday: 45 },
        certification_target: '4',
        training_deadline: { daysFromToday: 30 },
        first_deal_target_date: { daysFromToday: 75 },
      },
    },
    { daysAgo: 5, answers: { partner_contact_name: 'Tomás Ribeiro' } },
  ],
} as const;

/** Documents filled from the real templates, as the partners' teams would have them by now. */
export const DEMO_DOCUMENTS = [
  { partner: 'Brightmoor Labs', template: 'legal/mutual-nda', daysAgo: 3 },
  { partner: 'Harborlight Systems', template: 'strategy/joint-business-plan', daysAgo: 30 },
] as const;
