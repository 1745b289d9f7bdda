import { context, message, section, type Message } from './text';

/** What the app says when mentioned or messaged before the coach exists. */
export function renderGreeting(): Message {
  return message('Hi! I’m PartnerOS. Type /partner help to see what I can do.', [
    section(
      'Hi! I’m *PartnerOS*. I keep your partners’ records — tier, health, notes, milestones — and soon I’ll coach you through playbooks right here.',
    ),
    context('Try `/partner list`, `/partner add "Acme Corp" tier=Gold`, or `/partner help` for everything.'),
  ]);
}
