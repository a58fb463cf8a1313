// The simulated camera's picture: a first-person "2.5D" ray-cast view of a CameraScene, pure and
// deterministic (the same scene and pose give the same bytes).
//
// One ray per image column goes out across the floor plane: the nearest wall it meets is drawn as an
// upright band from the floor to WALL_HEIGHT_M, and every box it passes through (bed, patient, robot)
// as its near face plus, when the lens is above the box, its lid. A per-column depth buffer settles
// what hides what, so a patient lying on a bed and a bed half behind a wall come out right. Floor and
// ceiling are filled per pixel (floor in 1 m tiles, so motion and distance read). Everything fades
// with distance (forward depth) into PALETTE.fog.
//
// Honest limits: square pixels from one focal length; the downward tilt moves the horizon up
// (y-shearing) instead of rotating the view, so vertical edges stay vertical; doors are drawn open
// (robots drive through them); no textures, no barcodes, no lighting beyond a fixed side shading.
import { packWalls, nearestWall, rayBox } from './raycast.js';
import { PALETTE, WALL_HEIGHT_M, type CameraScene, type Rgb } from './scene.js';

/** An uncompressed image, laid out as sensor_msgs/Image lays it out: rows top to bottom. */
export interface CameraImage {
  width: number;
  height: number;
  encoding: 'rgb8';
  /** Bytes per row. */
  step: number;
  data: Buffer;
}

/** Where the camera stands, map metres and radians (the robot's pose). */
export interface CameraPose {
  x: number;
  y: number;
  yaw: number;
}

export interface CameraOptions {
  /** Pixels; 320 × 240 by default. */
  width?: number;
  height?: number;
  /** Horizontal field of view, radians (default 85°, a wide robot camera). */
  hfov?: number;
  /** Lens height above the floor, metres (default 1.2, a ward robot's head). */
  lensHeightM?: number;
  /** Downward tilt, radians (default 22°): the bedside stop sees the patient on the bed, the corridor its floor ahead. */
  tilt?: number;
  /** Nothing further than this is drawn, metres (default 40). */
  maxRangeM?: number;
}

export const DEFAULT_CAMERA: Readonly<Required<CameraOptions>> = {
  width: 320, height: 240, hfov: (85 * Math.PI) / 180, lensHeightM: 1.2, tilt: (22 * Math.PI) / 180, maxRangeM: 40,
};
/** Largest width or height the renderer accepts. */
export const MAX_CAMERA_SIDE = 4096;
/** Distance (metres) over which colours fade to 1/e of the way to fog. */
const FOG_M = 14;
const SKIRTING_M = 0.12;
const FLOOR_TILE_M = 1;

export function renderCameraFrame(scene: CameraScene, pose: CameraPose, options: CameraOptions = {}): CameraImage {
  const o = checkOptions({ ...DEFAULT_CAMERA, ...options });
  const { width: w, height: h, lensHeightM: lens } = o;
  if (![pose.x, pose.y, pose.yaw].every(Number.isFinite)) throw new RangeError(`camera pose must be finite numbers, got ${JSON.stringify(pose)}`);
  const step = w * 3;
  const data = Buffer.alloc(step * h);
  const focal = w / 2 / Math.tan(o.hfov / 2);
  const horizon = h / 2 - focal * Math.tan(o.tilt);
  const walls = packWalls(scene.walls);
  const wallShade = scene.walls.map((s) => sideShade(Math.atan2(s.b.y - s.a.y, s.b.x - s.a.x)));
  const depth = new Float64Array(h);
  // Local copies: module bindings can be property getters once transpiled, too slow per pixel.
  const { fog, floor, ceiling, wall: wallColour, skirting } = PALETTE;
  const wallHeight = WALL_HEIGHT_M;
  /** Screen row (fractional) of height `z` at forward depth `fwd`. */
  const rowOf = (z: number, fwd: number) => horizon + (focal * (lens - z)) / fwd;
  // Fog goes by forward depth, so floor and ceiling colours are one per row (two for floor tiles).
  const rowFwd = new Float64Array(h);
  const background = Buffer.alloc(h * 6);
  for (let row = 0; row < h; row++) {
    const below = row + 0.5 - horizon;
    const fwd = below > 0 ? (focal * lens) / below : below < 0 ? (focal * (wallHeight - lens)) / -below : Infinity;
    rowFwd[row] = below > 0 ? fwd : -fwd; // negative: a ceiling row, which has no tiles
    const k = fogFactor(fwd);
    if (below > 0) {
      shadeInto(background, row * 6, floor, 1, fog, k);
      shadeInto(background, row * 6 + 3, floor, 0.93, fog, k);
    } else {
      shadeInto(background, row * 6, ceiling, 0.9, fog, k);
      shadeInto(background, row * 6 + 3, ceiling, 0.9, fog, k);
    }
  }

  for (let col = 0; col < w; col++) {
    const angle = Math.atan2(w / 2 - (col + 0.5), focal);
    const cosA = Math.cos(angle);
    const dx = Math.cos(pose.yaw + angle);
    const dy = Math.sin(pose.yaw + angle);
    const at = col * 3;

    const wall = nearestWall(walls, pose.x, pose.y, dx, dy);
    const wallT = Math.min(wall.t, o.maxRangeM);
    const seesWall = wall.index >= 0 && wall.t <= o.maxRangeM;
    const wallFwd = wall.t * cosA;
    const wallTop = seesWall ? rowOf(wallHeight, wallFwd) : horizon;
    const wallBottom = seesWall ? rowOf(0, wallFwd) : horizon;

    // Floor (tiled where the pixel's ray meets it) and ceiling, except where the wall will be.
    for (let row = 0; row < h; row++) {
      depth[row] = Infinity;
      if (row + 0.5 >= wallTop && row + 0.5 < wallBottom) continue;
      const fwd = rowFwd[row]!;
      let tile = 0;
      if (fwd > 0 && fwd < Infinity) {
        const t = fwd / cosA;
        tile = (Math.floor((pose.x + t * dx) / FLOOR_TILE_M) + Math.floor((pose.y + t * dy) / FLOOR_TILE_M)) & 1;
      }
      const from = row * 6 + tile * 3;
      const to = row * step + at;
      data[to] = background[from]!;
      data[to + 1] = background[from + 1]!;
      data[to + 2] = background[from + 2]!;
    }

    if (seesWall) {
      const k = fogFactor(wallFwd);
      const skirt = rowOf(SKIRTING_M, wallFwd);
      const shade = wallShade[wall.index]!;
      forRows(wallTop, wallBottom, h, (row) => {
        depth[row] = wall.t;
        shadeInto(data, row * step + at, row + 0.5 >= skirt ? skirting : wallColour, shade, fog, k);
      });
    }

    for (const box of scene.boxes) {
      const hit = rayBox(box, pose.x, pose.y, dx, dy);
      if (!hit || hit.near >= wallT) continue;
      const nearFwd = hit.near * cosA;
      const k = fogFactor(nearFwd);
      const shade = hit.side === 0 ? 0.8 : 1;
      // Near face: one distance for the whole band.
      forRows(rowOf(box.top, nearFwd), rowOf(box.bottom, nearFwd), h, (row) => {
        if (hit.near >= depth[row]!) return;
        depth[row] = hit.near;
        shadeInto(data, row * step + at, box.side, shade, fog, k);
      });
      if (lens <= box.top) continue;
      // Lid: each pixel's own distance to the lid plane, so stacked boxes sort per pixel.
      const farFwd = Math.min(hit.far, wallT) * cosA;
      forRows(rowOf(box.top, farFwd), rowOf(box.top, nearFwd), h, (row) => {
        const fwd = (focal * (lens - box.top)) / (row + 0.5 - horizon);
        const t = fwd / cosA;
        if (t >= depth[row]!) return;
        depth[row] = t;
        shadeInto(data, row * step + at, box.lid, 1, fog, fogFactor(fwd));
      });
    }
  }
  return { width: w, height: h, encoding: 'rgb8', step, data };
}

/** Calls `fn` for every row whose centre lies in [top, bottom), clipped to the image. */
function forRows(top: number, bottom: number, h: number, fn: (row: number) => void): void {
  const first = Math.max(0, Math.ceil(top - 0.5));
  const end = Math.min(h, Math.ceil(bottom - 0.5));
  for (let row = first; row < end; row++) fn(row);
}

/** Walls facing one way are a little darker than walls at right angles, so corners show. */
function sideShade(direction: number): number {
  return 0.78 + 0.22 * Math.abs(Math.cos(direction - 0.5));
}

/** How far (0..1) a colour at forward depth `fwd` has faded to fog. */
function fogFactor(fwd: number): number {
  return Number.isFinite(fwd) ? 1 - Math.exp(-fwd / FOG_M) : 1;
}

/** Writes colour `c` darkened by `shade` and faded `k` of the way to `fog` at `buf[i..i+2]`. */
function shadeInto(buf: Buffer, i: number, c: Rgb, shade: number, fog: Rgb, k: number): void {
  buf[i] = Math.round(c[0] * shade * (1 - k) + fog[0] * k);
  buf[i + 1] = Math.round(c[1] * shade * (1 - k) + fog[1] * k);
  buf[i + 2] = Math.round(c[2] * shade * (1 - k) + fog[2] * k);
}

function checkOptions(o: Required<CameraOptions>): Required<CameraOptions> {
  for (const key of ['width', 'height'] as const) {
    const v = o[key];
    if (!Number.isInteger(v) || v < 1 || v > MAX_CAMERA_SIDE) throw new RangeError(`camera ${key} must be a whole number of pixels in 1..${MAX_CAMERA_SIDE}, got ${v}`);
  }
  if (!(o.hfov > 0 && o.hfov < Math.PI)) throw new RangeError(`camera hfov must be between 0 and π radians, got ${o.hfov}`);
  if (!(o.lensHeightM > 0 && o.lensHeightM < WALL_HEIGHT_M)) throw new RangeError(`camera lensHeightM must be above the floor and below the ceiling (${WALL_HEIGHT_M} m), got ${o.lensHeightM}`);
  if (!(Math.abs(o.tilt) < Math.PI / 3)) throw new RangeError(`camera tilt must be within ±60° (${(Math.PI / 3).toFixed(3)} rad), got ${o.tilt}`);
  if (!(o.maxRangeM > 0)) throw new RangeError(`camera maxRangeM must be positive, got ${o.maxRangeM}`);
  return o;
}
