/** Every action_id, block_id and callback_id the app uses: one place, `area.verb`. */
export const IDS = {
  partnerAddOpen: 'partner.add_open',
  partnerAddView: 'partner.add',
  helpOpen: 'help.open',
  partnerEditOpen: 'partner.edit_open',
  partnerEditView: 'partner.edit',
  templateFillOpen: 'template.fill_open',
  // Forms share the `partner.` prefix: one view listener matches them all.
  templateFillView: 'partner.fill_template',
  fillBlock: { template: 'fill_template' },
  editBlock: {
    tier: 'edit_tier',
    stage: 'edit_stage',
    owner: 'edit_owner',
    channel: 'edit_channel',
    health: 'edit_health',
    reason: 'edit_health_reason',
    note: 'edit_note',
    milestoneTitle: 'edit_milestone_title',
    milestoneDue: 'edit_milestone_due',
  },
  addBlock: {
    name: 'partner_name',
    tier: 'partner_tier',
    type: 'partner_type',
    owner: 'partner_owner',
    channel: 'partner_channel',
    vertical: 'partner_vertical',
  },
  input: 'value',
} as const;
