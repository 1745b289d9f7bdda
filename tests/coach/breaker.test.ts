import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { circuitBreaker, DEFAULT_BREAKER, type Permit } from '../../src/domain/coach/breaker';

const OPTIONS = { opensAfter: 3, coolDownMs: 30_000, maxCoolDownMs: 120_000 };

function failTimes(b: ReturnType<typeof circuitBreaker>, n: number): void {
  for (let i = 0; i < n; i++) b.failed(b.permit());
}

describe('the LLM coach’s circuit breaker', () => {
  it('lets a healthy model be called normally, and a failing one once per reply without retries', () => {
    const b = circuitBreaker(fixedClock('2026-11-24T09:00:00Z'), OPTIONS);
    expect(b.permit()).toEqual({ kind: 'call', probe: false, halfOpen: false });
    expect(b.failed(b.permit())).toEqual({ opened: false });
    expect(b.permit()).toEqual({ kind: 'call', probe: true, halfOpen: false });
    expect(b.succeeded()).toBe(true);
    expect(b.permit()).toEqual({ kind: 'call', probe: false, halfOpen: false });
    expect(b.succeeded()).toBe(false);
  });

  it('opens after 3 failing replies in a row and rests for the cool-down', () => {
    const clock = fixedClock('2026-11-24T09:00:00Z');
    const b = circuitBreaker(clock, OPTIONS);
    failTimes(b, 2);
    expect(b.failed(b.permit())).toEqual({ opened: true, coolDownMs: 30_000 });
    expect(b.permit()).toEqual({ kind: 'rest', failures: 3, retryInMs: 30_000 });
    clock.advance(29_999);
    expect(b.permit()).toMatchObject({ kind: 'rest', retryInMs: 1 });
  });

  it('half-opens after the cool-down: one probe, the others rest until it is settled', () => {
    const clock = fixedClock('2026-11-24T09:00:00Z');
    const b = circuitBreaker(clock, OPTIONS);
    failTimes(b, 3);
    clock.advance(30_000);
    const probe = b.permit();
    expect(probe).toEqual({ kind: 'call', probe: true, halfOpen: true });
    expect(b.permit()).toMatchObject({ kind: 'rest' });
    b.succeeded();
    expect(b.permit()).toEqual({ kind: 'call', probe: false, halfOpen: false });
  });

  it('doubles the cool-down after each failed probe, up to the limit, and starts over once the model answers', () => {
    const clock = fixedClock('2026-11-24T09:00:00Z');
    const b = circuitBreaker(clock, OPTIONS);
    failTimes(b, 3);
    const coolDowns: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(200_000);
      const settled = b.failed(b.permit());
      if (settled.opened) coolDowns.push(settled.coolDownMs);
    }
    expect(coolDowns).toEqual([60_000, 120_000, 120_000, 120_000]);
    clock.advance(120_000);
    b.permit();
    b.succeeded();
    failTimes(b, 3);
    expect(b.permit()).toMatchObject({ kind: 'rest', retryInMs: 30_000 });
  });

  it('does not count a late failure of a reply let through before it opened as a failed probe', () => {
    const clock = fixedClock('2026-11-24T09:00:00Z');
    const b = circuitBreaker(clock, OPTIONS);
    const early: Permit = b.permit();
    failTimes(b, 3);
    expect(b.failed(early)).toEqual({ opened: false });
    expect(b.permit()).toMatchObject({ kind: 'rest', retryInMs: 30_000 });
  });

  it('frees the probe when the model declines (a refusal says nothing about the service)', () => {
    const clock = fixedClock('2026-11-24T09:00:00Z');
    const b = circuitBreaker(clock, OPTIONS);
    failTimes(b, 3);
    clock.advance(30_000);
    b.released(b.permit());
    expect(b.permit()).toEqual({ kind: 'call', probe: true, halfOpen: true });
  });

  it('defaults to 3 failures, 30 s, at most 10 minutes', () => {
    expect(DEFAULT_BREAKER).toEqual({ opensAfter: 3, coolDownMs: 30_000, maxCoolDownMs: 600_000 });
  });
});
