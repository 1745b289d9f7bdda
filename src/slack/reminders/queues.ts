import { pacingKey, type Delivery } from '../../domain/reminders/delivery';

/**
 * Claimed deliveries waiting their turn, one queue per channel (or DM recipient). Slack accepts
 * about one message per second per channel, so each channel has a gate: the
 * wall-clock time its next post may start. Channels are independent: a 429 in one holds only that one.
 */
export class ChannelQueues {
  private readonly queues = new Map<string, Delivery[]>();
  private readonly gates = new Map<string, number>();
  private readonly busy = new Set<string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(d: Delivery, front = false): void {
    const key = pacingKey(d);
    const q = this.queues.get(key) ?? [];
    if (front) q.unshift(d);
    else q.push(d);
    this.queues.set(key, q);
    this.count += 1;
  }

  /** The next delivery whose channel is idle and past its gate, marking the channel busy. */
  takeReady(now: number): Delivery | undefined {
    for (const [key, q] of this.queues) {
      if (q.length === 0 || this.busy.has(key) || (this.gates.get(key) ?? 0) > now) continue;
      const d = q.shift();
      if (!d) continue;
      if (q.length === 0) this.queues.delete(key);
      this.count -= 1;
      this.busy.add(key);
      return d;
    }
    return undefined;
  }

  /** How many channels could post right now: when fewer than the workers, claiming more helps. */
  readyChannels(now: number): number {
    let n = 0;
    for (const [key, q] of this.queues)
      if (q.length && !this.busy.has(key) && (this.gates.get(key) ?? 0) <= now) n += 1;
    return n;
  }

  /** The channel is free again; its next post waits until `gate`. */
  done(key: string, gate: number): void {
    this.busy.delete(key);
    this.gates.set(key, Math.max(gate, this.gates.get(key) ?? 0));
  }

  /** Milliseconds until some idle channel's gate opens, if any channel is waiting only for its gate. */
  nextGateIn(now: number): number | undefined {
    let best: number | undefined;
    for (const [key, q] of this.queues) {
      if (q.length === 0 || this.busy.has(key)) continue;
      const wait = Math.max(0, (this.gates.get(key) ?? 0) - now);
      best = best === undefined ? wait : Math.min(best, wait);
    }
    return best;
  }

  /** Takes every queued delivery of one channel (to hand back a channel that must wait long). */
  takeChannel(key: string): Delivery[] {
    const q = this.queues.get(key) ?? [];
    this.queues.delete(key);
    this.count -= q.length;
    return q;
  }

  /** Empties every queue (stopping). */
  drain(): Delivery[] {
    const all = [...this.queues.values()].flat();
    this.queues.clear();
    this.count = 0;
    return all;
  }
}
