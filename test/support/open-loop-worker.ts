// Runs the open-loop driver in a worker thread, so the load generator and the gateway under
// test do not share one event loop (on a busy machine they would slow each other down).
import { parentPort, workerData } from 'node:worker_threads';
import { openLoop } from './open-loop.ts';
import { trafficPlanner } from './soak-traffic.ts';
import type { TrafficMix } from './soak-traffic.ts';

interface Job {
  url: string;
  perSecond: number;
  seconds: number;
  mix: TrafficMix;
}

const job = workerData as Job;
const run = await openLoop(job.url, job.perSecond, job.seconds, trafficPlanner(job.mix));
parentPort?.postMessage(run);
