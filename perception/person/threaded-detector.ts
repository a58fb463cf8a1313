// The offline CenterNet in a worker thread of its own. A frame costs the network a few hundred
// milliseconds of synchronous WebAssembly; on the main thread that would stall everything else the
// process does (a rosbridge server, a simulator's real-time loop, the brain in a test), as a robot's
// perception runs in a process of its own. Frames go over by transfer of a copy; answers come back
// in order.
import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CenterNetOptions } from './centernet-detector.js';
import { nodeRequire } from './node-require.js';
import { PersonDetectionError, type PersonBox, type PersonDetector, type RgbFrame } from './types.js';

type Reply = { id: number; boxes?: PersonBox[]; error?: string } | { ready: true } | { failed: string };

export class ThreadedCenterNetDetector implements PersonDetector {
  readonly name = 'centernet';
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (b: PersonBox[]) => void; reject: (e: Error) => void }>();
  private dead: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if (!('id' in m)) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new PersonDetectionError(m.error));
      else w?.resolve(m.boxes ?? []);
    });
    const die = (err: Error) => {
      this.dead = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (e) => die(new PersonDetectionError(`person detector thread failed: ${e.message}`)));
    worker.on('exit', (code) => die(new PersonDetectionError(`person detector thread stopped (exit code ${code})`)));
    // The thread must not keep a finished process alive.
    worker.unref();
  }

  static load(options: CenterNetOptions = {}): Promise<ThreadedCenterNetDetector> {
    const entry = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'detector-thread.ts')).href;
    // The thread is plain Node: TypeScript comes through tsx's loader, registered first.
    const tsx = pathToFileURL(join(dirname(nodeRequire().resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
    const boot = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); })`
      + `.catch((e) => require('node:worker_threads').parentPort.postMessage({ failed: String(e && e.message || e) }));`;
    const worker = new Worker(boot, { eval: true, workerData: { ...options } });
    return new Promise((resolve, reject) => {
      const first = (m: Reply) => {
        if ('ready' in m) {
          worker.off('message', first);
          resolve(new ThreadedCenterNetDetector(worker));
        } else if ('failed' in m) {
          worker.off('message', first);
          void worker.terminate();
          reject(new PersonDetectionError(m.failed));
        }
      };
      worker.on('message', first);
      worker.once('error', (e) => reject(new PersonDetectionError(`person detector thread failed to start: ${e.message}`)));
    });
  }

  detect(frame: RgbFrame): Promise<PersonBox[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    // A copy goes over, so the caller keeps its frame.
    const data = Uint8Array.from(frame.data);
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, width: frame.width, height: frame.height, data }, [data.buffer]);
    });
  }

  async close(): Promise<void> {
    this.dead ??= new PersonDetectionError('person detector is closed');
    await this.worker.terminate();
  }
}
