// The robot's ears: Silero VAD's cost per frame, the offline wake word engine's CPU share, and how well
// it hears the wake phrase on the synthesized ward test set (a larger one than the unit test's, on a
// seed used for neither tuning nor the test).
//   vad_ms_per_frame: wall time of the whole VAD path (model on one CPU thread + utterance logic) per
//     32 ms frame (512 samples, Silero v4's smallest 16 kHz window; the goal is ≤ 0.5 ms per 30 ms);
//     vad_cpu_ms_per_frame the same in CPU time.
//   wakeword_cpu_pct: CPU time of the detector (its shell, cat and pocketsphinx, read from this
//     process's reaped-children times, plus this process's own time feeding it) over the audio's length.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildWakeWordTestSet, chunksOf, PocketsphinxWakeWord, scoreWakeWord, VoiceActivityDetector, type WakeWordDetection } from '../perception/index.js';
import { progress, report, type Benchmark } from './report.js';

const SEED = 11;
const POSITIVES = 48;
const NEGATIVE_MINUTES = 20;

/** This process's CPU seconds, its own and its waited-for children's, from /proc (Linux). */
function cpuSeconds(): { own: number; children: number } {
  const ticks = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after the command name.
  return { own: (f[11]! + f[12]!) / ticks, children: (f[13]! + f[14]!) / ticks };
}

const bench: Benchmark = {
  name: 'perception-listen',
  about: `Silero VAD ms per frame (goal ≤ 0.5), pocketsphinx wake word CPU % of one core, detection rate and false alarms per hour on ${POSITIVES} phrases among ${NEGATIVE_MINUTES} min of ward talk (seed ${SEED})`,
  async run() {
    progress('synthesizing the test set with espeak-ng');
    const set = await buildWakeWordTestSet({ seed: SEED, positives: POSITIVES, negativeMinutes: NEGATIVE_MINUTES });
    const audioS = set.audio.samples.length / set.audio.sampleRate;
    progress(`${(audioS / 60).toFixed(1)} min of audio`);

    // VAD over the first two minutes, fed as a microphone sends it (20 ms chunks).
    const vad = await VoiceActivityDetector.create();
    const part = { sampleRate: set.audio.sampleRate, samples: set.audio.samples.subarray(0, 120 * set.audio.sampleRate) };
    await vad.feed({ sampleRate: part.sampleRate, samples: part.samples.subarray(0, 16_000) }); // warm-up
    let frames = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const c of chunksOf(part, 20)) frames += (await vad.feed(c)).frames.length;
    const vadMs = (performance.now() - t0) / frames;
    const cpu = process.cpuUsage(cpu0);
    await vad.release();
    report('vad_ms_per_frame', vadMs, 'ms');
    // CPU time too: on a machine other work keeps busy, wall time also counts the waits for a core.
    report('vad_cpu_ms_per_frame', (cpu.user + cpu.system) / 1000 / frames, 'ms');

    progress('pocketsphinx over the whole set');
    const before = cpuSeconds();
    const ownBefore = process.cpuUsage();
    const detector = PocketsphinxWakeWord.start({ maxBacklogS: Infinity });
    const detections: WakeWordDetection[] = [];
    detector.onDetection((d) => detections.push(d));
    for (const c of chunksOf(set.audio, 100)) detector.feed(c);
    await detector.finish();
    const own = process.cpuUsage(ownBefore);
    const after = cpuSeconds();
    const cpuS = after.children - before.children + (own.user + own.system) / 1e6;
    report('wakeword_cpu_pct', (100 * cpuS) / audioS, '%');

    const score = scoreWakeWord(set, detections);
    report('wakeword_detection_rate', score.detectionRate * 100, '%');
    report('wakeword_false_alarms_per_hour', score.falseAlarmsPerHour, '/h');
    report('wakeword_false_alarms_per_hour_ordinary_talk', score.otherFalseAlarms / score.negativeHours, '/h');
    progress(`${score.detected}/${score.positives} detected; missed: ${score.missed.map((m) => `${m.voice} ${m.wordsPerMinute}wpm ${m.levelDbfs}dBFS`).join(', ') || 'none'}`);
    progress(`${score.falseAlarms} false alarms in ${(score.negativeHours * 60).toFixed(1)} min: ${score.falseAlarmTexts.map((t) => `"${t || 'noise'}"`).join(', ') || 'none'}`);
  },
};

export default bench;
