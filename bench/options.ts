/** `npm run bench -- [options]`: what to measure, and how long. */
import { parseArgs } from 'node:util';
import { WORKLOADS } from './workloads.js';

export interface BenchOptions {
  workloads: string[];
  concurrency: number[];
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  scale: 'trial' | 'national';
  latencyMs: number;
  peers: boolean;
  /** The sources through tsx rather than a build. */
  tsx: boolean;
}

export const USAGE = `usage: npm run bench -- [--workload NAME[,NAME]] [--concurrency 1,10,50] [--duration SECONDS] [--rounds N]
                       [--scale trial|national] [--peers] [--quick] [--tsx]
  workloads: ${WORKLOADS.map((w) => w.name).join(', ')} (all by default)
  --peers    the same workloads through Hive Gateway + Rust planner too, and the ratios ours / peer
  --quick    a smoke run: concurrency 1 and 10, 3 s rounds, 1 round, 1 s warm-up
  --tsx      run the sources through tsx instead of building them first (as a deployment runs them)
  STANDIN_LATENCY_MS (default 5) is the stand-ins' latency.`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      workload: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      scale: { type: 'string' },
      peers: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      tsx: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const list = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const whole = (name: string, text: string | undefined, fallback: number, min = 1) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`--${name} must be a whole number of at least ${min}\n${USAGE}`);
    return Number(text);
  };
  const workloads = values.workload ? values.workload.flatMap(list) : WORKLOADS.map((w) => w.name);
  const unknown = workloads.filter((name) => !WORKLOADS.some((w) => w.name === name));
  if (unknown.length) throw new Error(`unknown workload ${unknown.join(', ')}\n${USAGE}`);
  const concurrency = values.concurrency ? list(values.concurrency).map((c) => whole('concurrency', c, 1)) : quick ? [1, 10] : [1, 10, 50];
  const scale = values.scale ?? process.env.SEED_SCALE ?? 'trial';
  if (scale !== 'trial' && scale !== 'national') throw new Error(`--scale must be trial or national\n${USAGE}`);
  const latencyMs = Number(process.env.STANDIN_LATENCY_MS ?? 5);
  if (!(latencyMs >= 0)) throw new Error('STANDIN_LATENCY_MS must be a number ≥ 0');
  return {
    workloads,
    concurrency,
    durationSeconds: whole('duration', values.duration, quick ? 3 : 10),
    warmupSeconds: quick ? 1 : 3,
    rounds: whole('rounds', values.rounds, quick ? 1 : 3),
    scale,
    latencyMs,
    peers: values.peers,
    tsx: values.tsx,
  };
}
