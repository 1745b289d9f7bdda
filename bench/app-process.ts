/**
 * PartnerOS in a process of its own, driven by the bench over IPC (bench/app-child.ts forks it with
 * `--import tsx`): `startPartnerOS(process.env)` as `npm start` runs it, plus what the bench needs
 * to see inside — a scheduler tick on demand, with its CPU time, the longest the event loop was
 * held, and the process's peak RSS during it. Its own process, so the figures are the app's alone.
 *
 * BENCH_APP_DELIVER=0 turns delivery off (the outbox tuning's claim batch is 0): a backlog tick
 * then plans and enqueues without posting the backlog to Slack afterwards.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startPartnerOS } from '../src/main';
import type { AppReply, AppRequest, TickFigures } from './app-protocol';

const deliver = process.env.BENCH_APP_DELIVER !== '0';

/** The process's peak RSS since the last reset (VmHWM), MB; resetting needs Linux ≥ 4.0. */
function peakRssMb(reset = false): number | undefined {
  try {
    if (reset) writeFileSync('/proc/self/clear_refs', '5');
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const reply = (message: AppReply): void => void process.send?.(message);

async function main(): Promise<void> {
  const running = await startPartnerOS(process.env, {
    logLevel: 'silent',
    ...(deliver ? {} : { reminders: { batch: 0 } }),
  });
  // The start-up tick first (whatever it finds), so the bench's own ticks are the only ones.
  await running.reminders.tickNow();

  async function tick(): Promise<TickFigures> {
    const loop = monitorEventLoopDelay({ resolution: 2 });
    const rssBefore = process.memoryUsage().rss / 1_048_576;
    let sampledPeak = rssBefore;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss / 1_048_576);
    }, 10);
    const hwmReset = peakRssMb(true);
    const cpu0 = process.cpuUsage();
    loop.enable();
    const t0 = performance.now();
    const report = await running.reminders.tickNow();
    const ms = performance.now() - t0;
    loop.disable();
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    if (!report.ran) throw new Error(`the tick did not run: ${report.reason}`);
    const hwm = peakRssMb();
    return {
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      planned: report.planned,
      delivered: report.delivered,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      rssBeforeMb: rssBefore,
      peakRssMb: hwmReset !== undefined && hwm !== undefined ? hwm : sampledPeak,
      peakFrom: hwmReset !== undefined && hwm !== undefined ? 'VmHWM' : 'sampled',
    };
  }

  process.on('message', (m: AppRequest) => {
    if (m.cmd === 'stop') {
      void running.stop().then(() => {
        reply({ id: m.id, stopped: true });
        process.disconnect();
      });
      return;
    }
    tick().then(
      (figures) => reply({ id: m.id, tick: figures }),
      (error: unknown) => reply({ id: m.id, fatal: String(error) }),
    );
  });
  // The bench gone (killed, crashed): stop too, rather than serve on with nobody to stop it.
  process.on('disconnect', () => {
    void running.stop().finally(() => process.exit(0));
  });
  reply({ id: 0, ready: { port: running.port, pid: process.pid } });
}

main().catch((error: unknown) => {
  reply({ id: 0, fatal: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  process.disconnect?.();
});
