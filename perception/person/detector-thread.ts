// The body of a person-detector worker thread (see threaded-detector.ts): loads the offline CenterNet
// with the options it is given and answers one frame at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { CenterNetPersonDetector, type CenterNetOptions } from './centernet-detector.js';

interface Request { id: number; width: number; height: number; data: Uint8Array }

const port = parentPort;
if (!port) throw new Error('detector-thread.ts runs as a worker thread');
try {
  const detector = await CenterNetPersonDetector.load(workerData as CenterNetOptions);
  port.on('message', (req: Request) => {
    detector.detect({ width: req.width, height: req.height, data: req.data }).then(
      (boxes) => port.postMessage({ id: req.id, boxes }),
      (err: unknown) => port.postMessage({ id: req.id, error: (err as Error).message }),
    );
  });
  port.postMessage({ ready: true });
} catch (err) {
  port.postMessage({ failed: (err as Error).message });
}
