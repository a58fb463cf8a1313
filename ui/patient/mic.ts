// The tablet's microphone, where the browser allows it (a secure context with getUserMedia): a
// button asks for permission, and once it is granted a level meter shows that the microphone hears
// (Web Audio AnalyserNode on the real capture). Nothing else yet: sending this audio to speech
// recognition is the next issue, and until then the robot listens with its own microphone, so the
// screen claims nothing more than a sound level. Where the browser has no microphone, no permission,
// or refuses, the screen shows nothing about it (and logs no error).
import { bilingual, el } from './dom.js';
import { WORDS } from './words.js';

export function setUpMicrophone(container: HTMLElement): () => void {
  let stop: () => void = () => undefined;
  const media = globalThis.navigator?.mediaDevices;
  if (!globalThis.isSecureContext || typeof media?.getUserMedia !== 'function' || typeof globalThis.AudioContext !== 'function') return stop;

  const hide = () => container.replaceChildren();
  const start = async (): Promise<void> => {
    let stream: MediaStream;
    try {
      stream = await media.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch {
      hide();
      return;
    }
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    const meter = el('meter', { id: 'mic-level', min: '0', max: '1', low: '0.15', high: '0.6', optimum: '0.3', value: '0' });
    const label = el('label', { for: 'mic-level', class: 'mic-label' }, bilingual(WORDS.micLevel));
    container.replaceChildren(label, meter);
    // An audio context made without a touch may start suspended: the next touch anywhere wakes it.
    const resume = () => { void context.resume().catch(() => undefined); };
    document.addEventListener('pointerdown', resume, { once: true });
    let frame = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += ((s - 128) / 128) ** 2;
      meter.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      frame = requestAnimationFrame(tick);
    };
    tick();
    stop = () => {
      cancelAnimationFrame(frame);
      for (const track of stream.getTracks()) track.stop();
      void context.close().catch(() => undefined);
    };
  };
  const offer = () => {
    const button = el('button', { type: 'button', id: 'mic-start', class: 'mic-start' }, bilingual(WORDS.micStart));
    button.addEventListener('click', () => { void start(); });
    container.replaceChildren(button);
  };

  const permissions = globalThis.navigator.permissions;
  if (typeof permissions?.query !== 'function') {
    offer();
  } else {
    permissions.query({ name: 'microphone' as PermissionName }).then((status) => {
      if (status.state === 'granted') void start();
      else if (status.state === 'prompt') offer();
    }, offer);
  }
  return () => stop();
}
