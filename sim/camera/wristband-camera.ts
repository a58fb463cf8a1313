// How a simulated robot looks at a patient's wristband: each look is a new pose of the wrist in
// front of the close-up camera (the patient holds it up at some distance and turn, steadier or less
// so), and a few frames of that pose as the camera streams them (a little hand tremor, fresh sensor
// noise each frame). Every draw comes from the seeded rng given, so a run can be replayed.
import type { CameraImage } from './render.js';
import { WRISTBAND_CAMERA, renderCloseUp, type CloseUpCamera, type Printed, type Shot } from './wristband-view.js';

/** Frames the camera takes of one pose of the wrist. */
export const FRAMES_PER_LOOK = 3;

/**
 * How patients hold a wrist up to the robot. With WRISTBAND_CAMERA and the band's 0.34 mm module,
 * a Code 128 band reads out to about 0.23 m when sharp and 0.2 m at the blurrier end; most looks
 * fall inside that, some do not (too far, too blurred, the sheet over the code), as at a real bed.
 */
export const LOOK_RANGES = {
  distanceM: [0.13, 0.25],
  /** Any turn: a wrist can be held at any angle. */
  angleRad: [-Math.PI / 2, Math.PI / 2],
  blurPx: [0.4, 1.1],
  noise: [2, 5],
  light: [0.8, 1.1],
  offsetXPx: [-50, 50],
  offsetYPx: [-35, 35],
  /** Share of looks where the sheet covers part of the code: along it (a linear code is lost), across the bars (it still reads). */
  coveredAlong: 0.08,
  coveredAcross: 0.08,
} as const;

const between = (rng: () => number, [lo, hi]: readonly [number, number]) => lo + (hi - lo) * rng();

/** One pose of the wrist, drawn from LOOK_RANGES. */
export function randomShot(rng: () => number): Shot {
  const r = LOOK_RANGES;
  const shot: Shot = {
    distanceM: between(rng, r.distanceM), angleRad: between(rng, r.angleRad), blurPx: between(rng, r.blurPx),
    noise: between(rng, r.noise), light: between(rng, r.light), offsetX: between(rng, r.offsetXPx), offsetY: between(rng, r.offsetYPx),
  };
  const c = rng();
  if (c < r.coveredAlong) shot.cover = { along: 0.15 + 0.25 * rng() };
  else if (c < r.coveredAlong + r.coveredAcross) shot.cover = { across: 0.25 + 0.25 * rng() };
  return shot;
}

/** The same pose a frame later: a few millimetres and a degree or two of tremor. */
export function tremor(shot: Shot, rng: () => number): Shot {
  return {
    ...shot,
    distanceM: shot.distanceM * (1 + 0.03 * (2 * rng() - 1)),
    angleRad: shot.angleRad + 0.03 * (2 * rng() - 1),
    offsetX: shot.offsetX + 4 * (2 * rng() - 1),
    offsetY: shot.offsetY + 4 * (2 * rng() - 1),
  };
}

/** `frames` frames of one pose, each with its own tremor and noise, drawn as they are asked for (stop early to save the rest). */
export function* lookAt(printed: Printed, shot: Shot, rng: () => number, frames = FRAMES_PER_LOOK, camera: CloseUpCamera = WRISTBAND_CAMERA): Generator<CameraImage> {
  for (let i = 0; i < frames; i++) yield renderCloseUp(printed, i === 0 ? shot : tremor(shot, rng), rng, camera);
}
