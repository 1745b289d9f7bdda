import { describe, expect, it } from 'vitest';
import { convertPlaceholders, isPlaceholder } from '../../src/domain/convert/placeholders';
import { analyseBody } from '../../src/domain/templates/variables';

describe('bracket blanks from the original PartnerOS', () => {
  it('tells blanks from task boxes, footnotes and symbols', () => {
    for (const blank of ['Partner Name', 'Benefit 1', '$ Amount', 'X', '% uplift'])
      expect(isPlaceholder(blank), blank).toBe(true);
    for (const other of [' ', '1', '12', '$', '—']) expect(isPlaceholder(other), JSON.stringify(other)).toBe(false);
  });

  it('maps the well-known blanks to what PartnerOS fills, and the rest to answers with a question', () => {
    const { body, variables, fields } = convertPlaceholders(
      '[Company Name] × [Partner] on [Date] by [Your Name]: [Go-Live Date], [Champion E-mail], [Portal URL], [Deal Size ($)].',
    );
    expect(body).toBe(
      '{{company.name}} × {{partner.name}} on {{date today}} by {{user.name}}: {{answers.go_live_date}}, {{answers.champion_e_mail}}, {{answers.portal_url}}, {{answers.deal_size}}.',
    );
    expect(variables.map((v) => [v.name, v.source])).toEqual([
      ['company.name', 'company'],
      ['partner.name', 'partner'],
      ['today', 'today'],
      ['user.name', 'user'],
      ['answers.go_live_date', 'answers'],
      ['answers.champion_e_mail', 'answers'],
      ['answers.portal_url', 'answers'],
      ['answers.deal_size', 'answers'],
    ]);
    expect(fields.map((f) => [f.id, f.type, f.question])).toEqual([
      ['go_live_date', 'date', 'What is the go-live date?'],
      ['champion_e_mail', 'email', 'What is the champion e-mail?'],
      ['portal_url', 'url', 'What is the portal URL?'],
      ['deal_size', 'text', 'What is the deal size ($)?'],
    ]);
  });

  it('leaves links, reference links, task boxes and escaped brackets alone, and keeps literal braces literal', () => {
    const source =
      '- [ ] a\n- [x] b\n[site](https://x.example) [ref][r] \\[Not A Blank\\] {{ not a variable }}\n\n[r]: https://r.example';
    const { body, variables } = convertPlaceholders(source);
    expect(body).toBe(source.replace('{{', '\\{{'));
    expect(variables).toEqual([]);
    // What it writes is Handlebars our checks accept.
    expect(analyseBody(body).problems).toEqual([]);
  });

  it('reads [X] outside a list item as a blank', () => {
    expect(convertPlaceholders('Grow by [X]% in [Y] quarters.').body).toBe(
      'Grow by {{answers.x}}% in {{answers.y}} quarters.',
    );
  });

  it('declares one variable for a blank used many times', () => {
    const { body, variables } = convertPlaceholders('[Launch Date] … [Launch Date] … [launch date]');
    expect(body).toBe('{{answers.launch_date}} … {{answers.launch_date}} … {{answers.launch_date}}');
    expect(variables).toHaveLength(1);
    expect(analyseBody(body).used).toEqual(new Set(['answers.launch_date']));
  });
});
