/** Every action_id, block_id and callback_id the app uses: one place, `area.verb`. */
export const IDS = {
  partnerAddOpen: 'partner.add_open',
  partnerAddView: 'partner.add',
  helpOpen: 'help.open',
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
