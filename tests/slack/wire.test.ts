import { describe, expect, it } from 'vitest';
import { decodeEntities, decodeMessageText } from '../../src/slack/wire';

describe('a thread reply from the wire', () => {
  it('decodes &amp; &lt; &gt; to what the user typed', () => {
    expect(decodeMessageText('AT&amp;T &lt;b&gt; 1&lt;2')).toBe('AT&T <b> 1<2');
  });

  it('decodes once only, so a typed “&lt;” stays literal', () => {
    expect(decodeMessageText('&amp;lt; &amp;amp;')).toBe('&lt; &amp;');
  });

  it('is the one decoder: a typed “&quot;” stays literal, and Markdown’s &quot; and &#39; are read', () => {
    expect(decodeMessageText('say &amp;quot;hi&amp;quot; &amp;#39;')).toBe('say &quot;hi&quot; &#39;');
    expect(decodeEntities('&quot;Acme&quot; &#39;s &amp;quot;')).toBe('"Acme" \'s &quot;');
  });

  it('shows an auto-linked domain as typed', () => {
    expect(decodeMessageText('we sell through <http://Booking.com|Booking.com> mostly')).toBe(
      'we sell through Booking.com mostly',
    );
  });

  it('keeps a bare link as its address', () => {
    expect(decodeMessageText('<https://acme.example>')).toBe('https://acme.example');
    expect(decodeMessageText('<https://acme.example/a?b=1&amp;c=2>')).toBe('https://acme.example/a?b=1&c=2');
  });

  it('shows an auto-linked e-mail as the address', () => {
    expect(decodeMessageText('<mailto:ana@acme.example|ana@acme.example>')).toBe('ana@acme.example');
    expect(decodeMessageText('<mailto:ana@acme.example>')).toBe('ana@acme.example');
  });

  it('shows channels and specials the way the message box did', () => {
    expect(decodeMessageText('post in <#C123|acme>')).toBe('post in #acme');
    expect(decodeMessageText('<#C123>')).toBe('#C123');
    expect(decodeMessageText('<!here> and <!channel>')).toBe('@here and @channel');
    expect(decodeMessageText('<!subteam^S123|@partners>')).toBe('@partners');
  });

  it('keeps people as <@U…> with the label dropped, so a user field can take the id', () => {
    expect(decodeMessageText('<@U123|ana>')).toBe('<@U123>');
    expect(decodeMessageText('owner: <@U0123ABC> please')).toBe('owner: <@U0123ABC> please');
    expect(decodeMessageText('<@W999|bob> &amp; <@U1>')).toBe('<@W999> & <@U1>');
  });

  it('leaves smart quotes and other text as typed', () => {
    expect(decodeMessageText('“Acme” ‘Corp’ 50% — ok')).toBe('“Acme” ‘Corp’ 50% — ok');
  });

  it('decodes entities in a link label', () => {
    expect(decodeMessageText('<http://at-t.example|AT&amp;T>')).toBe('AT&T');
  });

  it('leaves an unmatched > or stray text alone', () => {
    expect(decodeMessageText('a &gt; b')).toBe('a > b');
    expect(decodeMessageText('')).toBe('');
  });
});
