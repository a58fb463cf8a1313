// The simulated camera's picture: a first-person "2.5D" ray-cast view of a CameraScene, pure and
// deterministic (the same scene and pose give the same bytes).
//
// One ray per image column goes out across the floor plane: the nearest wall it meets is drawn as an
// upright band from the floor to WALL_HEIGHT_M, and every box it passes through (bed, patient, robot)
// as its near face plus, when the lens is above the box, its lid. Then the scene's rounded solids
// (the patients: shapes.ts, figure.ts) are ray-traced per pixel inside their screen rectangle and
// lit by one fixed ceiling light. A per-pixel depth buffer settles what hides what, so a patient
// sitting in a bed, a leg behind the bed and a bed half behind a wall come out right. Floor and
// ceiling are filled per pixel (floor in 1 m tiles, so motion and distance read). Everything fades
// with distance (forward depth) into PALETTE.fog.
//
// Honest limits: square pixels from one focal length; the downward tilt moves the horizon up
// (y-shearing) instead of rotating the view, so vertical edges stay vertical; doors are drawn open
// (robots drive through them); no textures, no barcodes, no shadows, no lighting on boxes beyond a
// fixed side shading.
import { packWalls, nearestWall, rayBox } from './raycast.js';
import { PALETTE, WALL_HEIGHT_M, type CameraScene, type Rgb } from './scene.js';
import { boundingCorners, tracer, type Shape, type Vec3 } from './shapes.js';

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
  /**
   * Downward tilt, radians (default 15°): at the bedside stop the frame holds the patient sitting up in
   * bed and a person standing 2 m away from head to foot; in the corridor, the floor ahead.
   */
  tilt?: number;
  /** Nothing further than this is drawn, metres (default 40). */
  maxRangeM?: number;
}

export const DEFAULT_CAMERA: Readonly<Required<CameraOptions>> = {
  width: 320, height: 240, hfov: (85 * Math.PI) / 180, lensHeightM: 1.2, tilt: (15 * Math.PI) / 180, maxRangeM: 40,
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
  // Distance in the floor plane to what each pixel shows, row-major.
  const depth = new Float64Array(w * h);
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
      depth[row * w + col] = Infinity;
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
        depth[row * w + col] = wall.t;
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
        if (hit.near >= depth[row * w + col]!) return;
        depth[row * w + col] = hit.near;
        shadeInto(data, row * step + at, box.side, shade, fog, k);
      });
      if (lens <= box.top) continue;
      // Lid: each pixel's own distance to the lid plane, so stacked boxes sort per pixel.
      const farFwd = Math.min(hit.far, wallT) * cosA;
      forRows(rowOf(box.top, farFwd), rowOf(box.top, nearFwd), h, (row) => {
        const fwd = (focal * (lens - box.top)) / (row + 0.5 - horizon);
        const t = fwd / cosA;
        if (t >= depth[row * w + col]!) return;
        depth[row * w + col] = t;
        shadeInto(data, row * step + at, box.lid, 1, fog, fogFactor(fwd));
      });
    }
  }
  if (scene.shapes?.length) drawShapes(scene.shapes, { pose, lens, focal, horizon, w, h }, data, depth);
  return { width: w, height: h, encoding: 'rgb8', step, data };
}

interface View { pose: CameraPose; lens: number; focal: number; horizon: number; w: number; h: number }

/** Nearer than this (metres ahead of the lens) nothing is drawn. */
const NEAR_M = 0.05;
/** Ambient share of the light on rounded solids; the rest comes from one light by Lambert's law. */
const AMBIENT = 0.42;
/** Sub-pixel offsets for smoothing the solids' outlines: a 2×2 grid inside the pixel. */
const SUBPIXEL = [[-0.25, -0.25], [0.25, -0.25], [-0.25, 0.25], [0.25, 0.25]] as const;

/**
 * Ray-traces the rounded solids over the pixels they can cover, nearest first per pixel and behind
 * what the column pass drew nearer; then pixels on a solid's outline are sampled 2×2 and blended with
 * what lies behind, since a detector trained on photographs sees jagged outlines as unnatural.
 */
function drawShapes(shapes: readonly Shape[], view: View, data: Buffer, depth: Float64Array): void {
  const { pose, lens, focal, horizon, w, h } = view;
  const fx = Math.cos(pose.yaw);
  const fy = Math.sin(pose.yaw);
  // Camera frame: forward f = (fx, fy, 0), left l = (-fy, fx, 0), up z. A pixel's ray is f + u·l − v·z,
  // so the ray parameter is the forward depth and the floor-plane distance is s·√(1 + u²).
  const origin: Vec3 = [pose.x, pose.y, lens];
  const parts = shapes.flatMap((shape) => {
    const rect = screenRect(shape, view, fx, fy);
    return rect && !hidden(shape, rect) ? [{ shape, rect, trace: tracer(shape, origin) }] : [];
  });
  if (parts.length === 0) return;
  /** Wholly behind what the column pass drew (a patient in the next room): not worth tracing. */
  function hidden(shape: Shape, rect: Rect): boolean {
    const corners = boundingCorners(shape);
    const cx = corners.reduce((a, c) => a + c[0], 0) / 8;
    const cy = corners.reduce((a, c) => a + c[1], 0) / 8;
    const radius = Math.max(...corners.map((c) => Math.hypot(c[0] - cx, c[1] - cy)));
    const nearest = Math.hypot(cx - pose.x, cy - pose.y) - radius;
    for (let row = rect.top; row < rect.bottom; row++) {
      for (let col = rect.left; col < rect.right; col++) if (depth[row * w + col]! > nearest) return false;
    }
    return true;
  }
  // The light: from the ceiling, a little from behind the camera, so faces turned to it are lit.
  const lx = -0.35 * fx - 0.2 * fy;
  const ly = -0.35 * fy + 0.2 * fx;
  const ln = Math.hypot(lx, ly, 0.9);
  const light = [lx / ln, ly / ln, 0.9 / ln] as const;
  const { fog } = PALETTE;
  const normal = new Float64Array(3);
  const colour = Buffer.alloc(3);
  const behind = Buffer.from(data);
  const behindDepth = Float64Array.from(depth);
  const owner = new Int16Array(w * h).fill(-1);

  /** Colour of part `i` hit at ray parameter s, into `colour`. */
  const shade = (i: number, dx: number, dy: number, dz: number, s: number): void => {
    parts[i]!.trace.normal(dx, dy, dz, s, normal);
    const lambert = Math.max(0, normal[0]! * light[0] + normal[1]! * light[1] + normal[2]! * light[2]);
    shadeInto(colour, 0, parts[i]!.shape.colour, AMBIENT + (1 - AMBIENT) * lambert, fog, fogFactor(s));
  };

  // Nearest solid per pixel first, then each covered pixel shaded once.
  const hitS = new Float64Array(w * h);
  parts.forEach(({ rect, trace }, i) => {
    for (let row = rect.top; row < rect.bottom; row++) {
      const dz = -(row + 0.5 - horizon) / focal;
      for (let col = rect.left; col < rect.right; col++) {
        const u = (w / 2 - (col + 0.5)) / focal;
        const s = trace.hit(fx - u * fy, fy + u * fx, dz);
        if (s === Infinity) continue;
        const at = row * w + col;
        const t = s * Math.sqrt(1 + u * u);
        if (t >= depth[at]!) continue;
        depth[at] = t;
        owner[at] = i;
        hitS[at] = s;
      }
    }
  });
  for (let at = 0; at < w * h; at++) {
    const i = owner[at]!;
    if (i < 0) continue;
    const col = at % w;
    const u = (w / 2 - (col + 0.5)) / focal;
    shade(i, fx - u * fy, fy + u * fx, -((at - col) / w + 0.5 - horizon) / focal, hitS[at]!);
    colour.copy(data, at * 3);
  }

  // Outline pixels: where the solid shown changes between neighbours.
  const sum = [0, 0, 0];
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      const at = row * w + col;
      const me = owner[at]!;
      const edge = (col + 1 < w && owner[at + 1] !== me) || (col > 0 && owner[at - 1] !== me) ||
        (row + 1 < h && owner[at + w] !== me) || (row > 0 && owner[at - w] !== me);
      if (!edge) continue;
      sum[0] = sum[1] = sum[2] = 0;
      for (const [ox, oy] of SUBPIXEL) {
        const u = (w / 2 - (col + 0.5 + ox)) / focal;
        const dz = -(row + 0.5 + oy - horizon) / focal;
        const dx = fx - u * fy;
        const dy = fy + u * fx;
        const scale = Math.sqrt(1 + u * u);
        let best = behindDepth[at]!;
        let who = -1;
        let bestS = 0;
        for (let i = 0; i < parts.length; i++) {
          const r = parts[i]!.rect;
          if (col < r.left - 1 || col > r.right || row < r.top - 1 || row > r.bottom) continue;
          const s = parts[i]!.trace.hit(dx, dy, dz);
          if (s * scale < best) {
            best = s * scale;
            who = i;
            bestS = s;
          }
        }
        if (who < 0) behind.copy(colour, 0, at * 3, at * 3 + 3);
        else shade(who, dx, dy, dz, bestS);
        sum[0] += colour[0]!;
        sum[1] += colour[1]!;
        sum[2] += colour[2]!;
      }
      data[at * 3] = Math.round(sum[0] / 4);
      data[at * 3 + 1] = Math.round(sum[1] / 4);
      data[at * 3 + 2] = Math.round(sum[2] / 4);
    }
  }
}

/** The pixel rectangle [left, right) × [top, bottom) a shape can cover, or null when off screen or behind. */
interface Rect { left: number; right: number; top: number; bottom: number }

function screenRect(shape: Shape, view: View, fx: number, fy: number): Rect | null {
  const { pose, lens, focal, horizon, w, h } = view;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  const project = (lat: number, fwd: number, z: number) => {
    const col = w / 2 - (focal * lat) / fwd;
    const row = horizon + (focal * (lens - z)) / fwd;
    left = Math.min(left, col);
    right = Math.max(right, col);
    top = Math.min(top, row);
    bottom = Math.max(bottom, row);
  };
  // The box around the shape, cut at the near plane: its corners in front and the points where its
  // edges cross the plane bound what the shape can cover on screen.
  const corners = boundingCorners(shape).map(([x, y, z]) => {
    const px = x - pose.x;
    const py = y - pose.y;
    return { fwd: px * fx + py * fy, lat: -px * fy + py * fx, z };
  });
  let inFront = 0;
  for (const c of corners) {
    if (c.fwd < NEAR_M) continue;
    inFront++;
    project(c.lat, c.fwd, c.z);
  }
  if (inFront === 0) return null;
  if (inFront < corners.length) {
    // Corners i and i ^ bit share an edge of the box.
    for (let i = 0; i < 8; i++) {
      for (const bit of [1, 2, 4]) {
        const j = i ^ bit;
        if (j < i) continue;
        const a = corners[i]!;
        const b = corners[j]!;
        if ((a.fwd < NEAR_M) === (b.fwd < NEAR_M)) continue;
        const k = (NEAR_M - a.fwd) / (b.fwd - a.fwd);
        project(a.lat + k * (b.lat - a.lat), NEAR_M, a.z + k * (b.z - a.z));
      }
    }
  }
  const rect = { left: Math.max(0, Math.floor(left)), right: Math.min(w, Math.ceil(right) + 1), top: Math.max(0, Math.floor(top)), bottom: Math.min(h, Math.ceil(bottom) + 1) };
  return rect.left >= rect.right || rect.top >= rect.bottom ? null : rect;
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
