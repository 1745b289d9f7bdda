/** Messages between the bench and PartnerOS in its own process (bench/app-process.ts). */
import type { PlanReport } from '../src/domain/reminders/program';
import type { DeliveryReport } from '../src/slack/reminders/outbox';

export type AppRequest = { id: number; cmd: 'tick' } | { id: number; cmd: 'stop' };

/** One scheduler tick, seen from inside the app's process. */
export interface TickFigures {
  /** The whole tick (lease, settling rows in doubt, zones, planning, delivery, pruning), ms. */
  ms: number;
  /** CPU time of the app's process (user + system) during the tick, ms. */
  cpuMs: number;
  /** The planning half: partners claimed, occurrences, rows inserted, batches, the longest batch. */
  planned: PlanReport;
  delivered: DeliveryReport;
  /** The longest the event loop was held at once during the tick (2 ms resolution), ms. */
  loopMaxMs: number;
  loopP99Ms: number;
  rssBeforeMb: number;
  /** The process's peak RSS during the tick. */
  peakRssMb: number;
  peakFrom: 'VmHWM' | 'sampled';
}

export type AppReply =
  | { id: number; ready: { port: number; pid: number } }
  | { id: number; tick: TickFigures }
  | { id: number; stopped: true }
  | { id: number; fatal: string };
