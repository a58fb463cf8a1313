// person_ms_per_frame: the offline default person detector (COCO CenterNet on TensorFlow.js
// WebAssembly, perception/person) on 640×480 frames of the simulated robot camera at bedside stops of
// both wards, timed one frame at a time in wall time and in this process's CPU time (the two differ
// when other work shares the cores: the CPU figure is what one frame costs a free core).
// person_yolo_ms_per_frame: the YOLO ONNX path (letterbox to 640×640, onnxruntime, decode, NMS) on
// the same frames with a 640-input model the project writes (onnx/tiny-yolo.ts): the cost of the
// pipeline around a network, not of a trained YOLO's layers.
// Accuracy at the bed (personAtBed on the default detector's boxes): a patient sitting up in bed, one
// standing beside it, and an empty bed, at every bed with room to stand beside it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CenterNetPersonDetector, personAtBed, tinyYoloModel, YoloPersonDetector, type RgbFrame } from '../perception/index.js';
import { loadWard, type WardMap } from '../robot/index.js';
import { buildScene, renderCameraFrame, type FigurePose } from '../sim/camera/index.js';
import { BUILTIN_WARD_FILE, CLINIC_WARD_FILE } from '../sim/maps/index.js';
import { percentile, progress, report, type Benchmark } from './report.js';

const WIDTH = 640;
const HEIGHT = 480;
const POSES: (FigurePose | null)[] = ['in_bed', 'beside_bed', null];

interface Shot { ward: string; bed: string; pose: FigurePose | null; frame: RgbFrame }

function shotsOf(ward: WardMap, label: string): Shot[] {
  const shots: Shot[] = [];
  for (const place of ward.places) {
    if (place.kind !== 'bed' || place.yaw === null) continue;
    for (const pose of POSES) {
      const scene = buildScene({ ward, level: place.level, patientInBed: () => false, patientPose: (b) => (b === place.name ? pose : null), robots: [] });
      const img = renderCameraFrame(scene, { x: place.x, y: place.y, yaw: place.yaw }, { width: WIDTH, height: HEIGHT });
      shots.push({ ward: label, bed: place.name, pose, frame: { width: img.width, height: img.height, data: img.data } });
    }
  }
  return shots;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

const bench: Benchmark = {
  name: 'perception-person',
  about: `person detection on ${WIDTH}×${HEIGHT} simulated camera frames at every bed of two wards (in bed, beside, empty): default CenterNet ms per frame (goal ≤ 250 ms), the YOLO ONNX pipeline ms per frame, present/absent accuracy`,
  async run() {
    const renderStart = performance.now();
    const shots = [...shotsOf(loadWard(BUILTIN_WARD_FILE), 'small_ward'), ...shotsOf(loadWard(CLINIC_WARD_FILE), 'clinic')];
    report('person_render_ms_per_frame', (performance.now() - renderStart) / shots.length, 'ms');
    progress(`${shots.length} frames drawn`);

    const centernet = await CenterNetPersonDetector.load();
    await centernet.detect(shots[0]!.frame);
    const wall: number[] = [];
    const cpu: number[] = [];
    const found = new Map<Shot, boolean>();
    for (const [i, s] of shots.entries()) {
      const t = await timed(() => centernet.detect(s.frame));
      wall.push(t.wallMs);
      cpu.push(t.cpuMs);
      found.set(s, personAtBed(t.value, s.frame) !== null);
      if ((i + 1) % 30 === 0) progress(`${i + 1} / ${shots.length} frames detected`);
    }
    await centernet.close();
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    report('person_ms_per_frame', percentile(wall, 50), 'ms');
    report('person_ms_per_frame_p90', percentile(wall, 90), 'ms');
    report('person_cpu_ms_per_frame', percentile(cpu, 50), 'ms');

    // Beside the bed needs room: beds whose far side is against a wall have no spot in view.
    const share = (pose: FigurePose | null, want: boolean) => {
      const of = shots.filter((s) => s.pose === pose);
      const right = of.filter((s) => found.get(s) === want);
      const wrong = of.filter((s) => found.get(s) !== want).map((s) => `${s.ward}/${s.bed}`);
      if (wrong.length) progress(`${pose ?? 'empty bed'}: wrong at ${wrong.join(', ')}`);
      return (100 * right.length) / of.length;
    };
    report('person_in_bed_found', share('in_bed', true), '%');
    report('person_beside_bed_found', share('beside_bed', true), '%');
    report('person_empty_bed_correct', share(null, false), '%');
    const correct = shots.filter((s) => found.get(s) === (s.pose !== null)).length;
    report('person_present_absent_accuracy', (100 * correct) / shots.length, '%');

    const dir = mkdtempSync(join(tmpdir(), 'bench-person-'));
    try {
      const file = join(dir, 'tiny-640.onnx');
      writeFileSync(file, tinyYoloModel({ layout: 'yolov8', size: 640, grid: 20 }));
      const yolo = await YoloPersonDetector.load({ modelPath: file });
      await yolo.detect(shots[0]!.frame);
      const yoloWall: number[] = [];
      for (const s of shots.slice(0, 60)) yoloWall.push((await timed(() => yolo.detect(s.frame))).wallMs);
      await yolo.close();
      yoloWall.sort((a, b) => a - b);
      report('person_yolo_ms_per_frame', percentile(yoloWall, 50), 'ms');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
