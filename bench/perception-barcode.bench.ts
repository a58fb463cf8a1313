// barcode_ms_per_frame: the perception core reading one 640×480 rgb8 frame of the simulator's
// wristband close-up (sim/camera/wristband-view.ts) — grey conversion and every decoding pass it
// needs — over seeded looks at mixed turns, distances, focus and covers (the distribution the
// simulated robots use). Frames are drawn before timing; decoding is timed one frame at a time, in
// wall time and in this process's CPU time (the two differ when other work shares the cores: the CPU
// figure is what one frame costs a free core).
import { BarcodeReader } from '../perception/index.js';
import { loadBarcodePrinter } from '../sim/camera/barcode-print.js';
import { randomShot } from '../sim/camera/wristband-camera.js';
import { printWristband, renderCloseUp } from '../sim/camera/wristband-view.js';
import { createRng } from '../sim/world/index.js';
import { percentile, progress, report, type Benchmark } from './report.js';

const FRAMES = 200;
const WARMUP = 10;
const BANDS = ['WB-MRN-1001', 'WB-MRN-1002', 'WB-MRN-1003', 'WB-MRN-1004'];

const bench: Benchmark = {
  name: 'perception-barcode',
  about: `perception core on ${FRAMES} simulator wristband frames (640×480 rgb8, mixed turns and distances): ms per frame p50 and p99 (goal ≤ 20 ms), read rate`,
  async run() {
    const [reader] = await Promise.all([BarcodeReader.load(), loadBarcodePrinter()]);
    const rng = createRng(2025);
    const frames = [];
    for (let i = 0; i < FRAMES + WARMUP; i++) {
      const text = BANDS[i % BANDS.length]!;
      frames.push({ text, image: renderCloseUp(printWristband(text), randomShot(rng), rng) });
      if ((i + 1) % 50 === 0) progress(`${i + 1} / ${FRAMES + WARMUP} frames drawn`);
    }
    for (const f of frames.slice(0, WARMUP)) reader.read(f.image);
    const ms: number[] = [];
    const cpuMs: number[] = [];
    let read = 0;
    let misread = 0;
    let turned = 0;
    for (const f of frames.slice(WARMUP)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = reader.read(f.image);
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1000);
      if (out.codes.some((c) => c.text === f.text)) read++;
      if (out.codes.some((c) => c.text !== f.text)) misread++;
      if (out.passes.includes('turned')) turned++;
    }
    ms.sort((a, b) => a - b);
    cpuMs.sort((a, b) => a - b);
    report('barcode_ms_per_frame', percentile(ms, 50), 'ms');
    report('barcode_ms_per_frame_p99', percentile(ms, 99), 'ms');
    report('barcode_cpu_ms_per_frame', percentile(cpuMs, 50), 'ms');
    report('barcode_cpu_ms_per_frame_p99', percentile(cpuMs, 99), 'ms');
    report('barcode_read_rate', (100 * read) / FRAMES, '%');
    report('barcode_misreads', misread, 'frames');
    progress(`${turned} of ${FRAMES} frames needed the turned pass; frames not read are too far, too blurred or covered (by design of the looks)`);
  },
};

export default bench;
