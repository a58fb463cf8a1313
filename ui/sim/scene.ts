// The ward in 3D (three.js, perspective, OrbitControls): one level's floor, walls (cut at WALL_M so the
// rooms show from above), doors and lanes; the beds where the simulator's camera puts them (shared with
// sim/camera), each with its patient while they are in it; robots as boxes with a nose for their heading
// and a battery bar; blocked corridors as red barriers. Map metres go straight into three's x/y (ROS map
// frame), z is up. Draws only when something changed.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { LevelView, MapView, PlaceView } from '../../brain/index.js';
import { bedBoxes, PALETTE, ROBOT_BOX, type Rgb, type SceneBox } from '../../sim/camera/scene.js';
import { MAP_COLOR, OFFLINE_COLOR, PLACE_STYLE, robotColor } from '../dashboard/map-style.js';
import { interpolatePose, type Pose2D } from '../shared/pose.js';
import { laneAt, type Lane } from './lanes.js';

/** Walls are drawn this tall, a cutaway of the real 2.5 m, so that rooms and robots show from above. */
const WALL_M = 1.2;
const WALL_THICK_M = 0.12;
/** A jump longer than this is a relocation, not motion, and is not animated. */
const SNAP_M = 3;
const CLICK_SLOP_PX = 5;
const PICK_M = 1.2;
const KEY_TURN = Math.PI / 24;
const KEY_PAN_PX = 60;
const KEY_ZOOM = 1.25;
/** The framed view looks down this steeply (radians above the horizon), and leaves this much room around the floor. */
const FRAME_PITCH = (62 * Math.PI) / 180;
const FRAME_MARGIN = 1.15;

export interface RobotView {
  name: string;
  level: string;
  pose: Pose2D;
  /** 0..1, or null when not known yet. */
  battery: number | null;
  linkUp: boolean;
  /** What the label over it says. */
  label: string;
}

export interface BlockView { level: string; x1: number; y1: number; x2: number; y2: number; radius: number }

const BATTERY_COLOR = { good: '#15803d', low: '#d97706', empty: '#dc2626' } as const;
const BLOCK_COLOR = '#dc2626';
const SELECTED_COLOR = '#f59e0b';

const rgb = ([r, g, b]: Rgb) => new THREE.Color().setRGB(r / 255, g / 255, b / 255, THREE.SRGBColorSpace);

export function batteryColor(fraction: number): string {
  return fraction >= 0.5 ? BATTERY_COLOR.good : fraction >= 0.2 ? BATTERY_COLOR.low : BATTERY_COLOR.empty;
}

interface Sprite {
  view: RobotView;
  from: Pose2D;
  to: Pose2D;
  startMs: number;
  durationMs: number;
  lastReportMs: number;
  group: THREE.Group;
  body: THREE.MeshLambertMaterial;
  nose: THREE.MeshLambertMaterial;
  bar: THREE.Mesh<THREE.BoxGeometry, THREE.MeshBasicMaterial>;
  label: HTMLDivElement;
}

export class WardScene {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(45, 1, 0.1, 2000);
  private readonly controls: OrbitControls;
  private readonly labels = document.createElement('div');
  private map: MapView | null = null;
  private level: LevelView | null = null;
  private levelGroup: THREE.Group | null = null;
  private bedGroup = new THREE.Group();
  private blockGroup = new THREE.Group();
  private selectedMesh: THREE.Mesh | null = null;
  private readonly robotGroup = new THREE.Group();
  private readonly sprites = new Map<string, Sprite>();
  private readonly placeLabels: { place: PlaceView; element: HTMLDivElement }[] = [];
  private lanes: readonly Lane[] = [];
  private patientsInBed: ReadonlySet<string> = new Set();
  private blocks: readonly BlockView[] = [];
  private dirty = true;
  private wasMoving = false;
  private press: { x: number; y: number; travelled: number } | null = null;
  /** Until someone turns or moves the view, it stays framed on the level as the page resizes. */
  private autoFit = true;

  /** False where the browser has no WebGL; the page then shows the controls alone. */
  static supported(): boolean {
    try {
      const canvas = document.createElement('canvas');
      return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
    } catch {
      return false;
    }
  }

  constructor(private readonly host: HTMLElement, private readonly onPickLane: (lane: Lane) => void) {
    // preserveDrawingBuffer: the picture can be read back (screenshots, the browser test's blank check).
    this.renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(MAP_COLOR.background);
    this.renderer.domElement.setAttribute('aria-hidden', 'true');
    this.labels.className = 'scene-labels';
    this.labels.setAttribute('aria-hidden', 'true');
    host.append(this.renderer.domElement, this.labels);
    this.camera.up.set(0, 0, 1);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.maxPolarAngle = Math.PI * 0.47;
    this.controls.screenSpacePanning = false;
    this.controls.addEventListener('change', () => { this.dirty = true; });
    this.controls.addEventListener('start', () => { this.autoFit = false; });
    this.scene.add(new THREE.HemisphereLight('#ffffff', '#94a3b8', 2.2));
    const sun = new THREE.DirectionalLight('#ffffff', 1.4);
    sun.position.set(-30, -40, 60);
    this.scene.add(sun, this.bedGroup, this.blockGroup, this.robotGroup);
    new ResizeObserver(() => this.resize()).observe(host);
    this.bindPointer();
    this.bindKeys();
    this.resize();
    this.renderer.setAnimationLoop(() => this.frame());
  }

  setMap(map: MapView): void {
    this.map = map;
  }

  /** Shows one level and frames it. */
  showLevel(name: string): void {
    const level = this.map?.levels.find((l) => l.name === name);
    if (!level || !this.map) return;
    if (this.levelGroup) {
      this.scene.remove(this.levelGroup);
      dispose(this.levelGroup);
    }
    this.level = level;
    this.levelGroup = buildLevel(level, this.map.places);
    this.scene.add(this.levelGroup);
    this.showPlaceLabels(this.map.places.filter((p) => p.level === name && p.kind !== 'waypoint'));
    this.rebuildBeds();
    this.rebuildBlocks();
    this.selectLane(null);
    for (const sprite of this.sprites.values()) sprite.group.visible = sprite.view.level === name;
    this.resetView();
  }

  get levelName(): string { return this.level?.name ?? ''; }

  /** The lanes of the level on show, for clicking on a corridor. */
  setLanes(lanes: readonly Lane[]): void {
    this.lanes = lanes;
  }

  setPatientsInBed(beds: ReadonlySet<string>): void {
    if (sameSet(beds, this.patientsInBed)) return;
    this.patientsInBed = beds;
    this.rebuildBeds();
  }

  setBlocks(blocks: readonly BlockView[]): void {
    if (JSON.stringify(blocks) === JSON.stringify(this.blocks)) return;
    this.blocks = blocks;
    this.rebuildBlocks();
  }

  /** Highlights the lane picked for blocking (null: none). */
  selectLane(lane: Lane | null): void {
    if (this.selectedMesh) {
      this.scene.remove(this.selectedMesh);
      dispose(this.selectedMesh);
      this.selectedMesh = null;
    }
    if (lane) {
      this.selectedMesh = barrier(lane.x1, lane.y1, lane.x2, lane.y2, 0.7, 0.06, SELECTED_COLOR, 0.9);
      this.scene.add(this.selectedMesh);
    }
    this.dirty = true;
  }

  setRobots(robots: readonly RobotView[]): void {
    const now = performance.now();
    const seen = new Set<string>();
    for (const view of robots) {
      seen.add(view.name);
      const sprite = this.sprites.get(view.name);
      if (!sprite) this.sprites.set(view.name, this.createRobot(view, now));
      else this.updateRobot(sprite, view, now);
    }
    for (const [name, sprite] of this.sprites) {
      if (seen.has(name)) continue;
      this.robotGroup.remove(sprite.group);
      dispose(sprite.group);
      sprite.label.remove();
      this.sprites.delete(name);
    }
    this.dirty = true;
  }

  /** Frames the whole level from the south, looking down at FRAME_PITCH. */
  resetView(): void {
    const b = this.level?.bounds ?? { min_x: -5, min_y: -5, max_x: 5, max_y: 5 };
    const cx = (b.min_x + b.max_x) / 2;
    const cy = (b.min_y + b.max_y) / 2;
    const width = Math.max(b.max_x - b.min_x, 4) * FRAME_MARGIN;
    const depth = Math.max(b.max_y - b.min_y, 4) * FRAME_MARGIN;
    const halfV = (this.camera.fov * Math.PI) / 360;
    const halfH = Math.atan(Math.tan(halfV) * this.camera.aspect);
    // Far enough that the floor's width fits across and its depth (foreshortened) fits top to bottom.
    const distance = Math.max(width / 2 / Math.tan(halfH), (depth * Math.sin(FRAME_PITCH)) / 2 / Math.tan(halfV)) + 2;
    this.controls.target.set(cx, cy, 0);
    this.camera.position.set(cx, cy - distance * Math.cos(FRAME_PITCH), distance * Math.sin(FRAME_PITCH));
    this.controls.update();
    this.autoFit = true;
    this.dirty = true;
  }

  /** Turns the view to look at a robot, keeping the distance. */
  lookAt(robot: string): void {
    const sprite = this.sprites.get(robot);
    if (!sprite || !sprite.group.visible) return;
    const offset = this.camera.position.clone().sub(this.controls.target);
    this.controls.target.set(sprite.to.x, sprite.to.y, 0);
    this.camera.position.copy(this.controls.target).add(offset);
    this.controls.update();
    this.autoFit = false;
    this.dirty = true;
  }

  private createRobot(view: RobotView, now: number): Sprite {
    const group = new THREE.Group();
    group.name = `robot:${view.name}`;
    const size = ROBOT_BOX.size;
    const body = new THREE.MeshLambertMaterial({ color: robotColor(view.name) });
    const nose = new THREE.MeshLambertMaterial({ color: rgb(PALETTE.robotHead) });
    const base = new THREE.Mesh(new THREE.BoxGeometry(size, size, ROBOT_BOX.height), body);
    base.position.z = ROBOT_BOX.height / 2;
    // The nose: a wedge on the front face, so the heading reads from any angle.
    const cone = new THREE.Mesh(new THREE.ConeGeometry(size * 0.32, size * 0.5, 4), nose);
    cone.rotation.z = -Math.PI / 2;
    cone.position.set(size * 0.62, 0, ROBOT_BOX.height * 0.75);
    const track = new THREE.Mesh(new THREE.BoxGeometry(0.7, 0.12, 0.08), new THREE.MeshBasicMaterial({ color: '#1e293b' }));
    track.position.z = ROBOT_BOX.height + 0.25;
    const bar = new THREE.Mesh(new THREE.BoxGeometry(0.66, 0.14, 0.1), new THREE.MeshBasicMaterial({ color: BATTERY_COLOR.good }));
    bar.position.z = ROBOT_BOX.height + 0.25;
    group.add(base, cone, track, bar);
    this.robotGroup.add(group);
    const label = document.createElement('div');
    label.className = 'scene-label scene-label--robot';
    this.labels.append(label);
    const sprite: Sprite = {
      view, from: view.pose, to: view.pose, startMs: now, durationMs: 1, lastReportMs: now, group, body, nose, bar, label,
    };
    this.restyle(sprite);
    return sprite;
  }

  private updateRobot(sprite: Sprite, view: RobotView, now: number): void {
    const moved = view.pose.x !== sprite.to.x || view.pose.y !== sprite.to.y || view.pose.yaw !== sprite.to.yaw || view.level !== sprite.view.level;
    if (moved) {
      const shown = this.poseAt(sprite, now);
      const jump = Math.hypot(view.pose.x - shown.x, view.pose.y - shown.y) > SNAP_M || view.level !== sprite.view.level;
      sprite.from = jump ? view.pose : shown;
      sprite.to = view.pose;
      sprite.startMs = now;
      sprite.durationMs = Math.min(1000, Math.max(50, now - sprite.lastReportMs));
      sprite.lastReportMs = now;
    }
    const restyle = view.linkUp !== sprite.view.linkUp || view.battery !== sprite.view.battery || view.label !== sprite.view.label;
    sprite.view = view;
    if (restyle) this.restyle(sprite);
  }

  private restyle(sprite: Sprite): void {
    const { view } = sprite;
    const ghost = !view.linkUp;
    sprite.body.color.set(ghost ? OFFLINE_COLOR : robotColor(view.name));
    for (const m of [sprite.body, sprite.nose]) {
      m.transparent = ghost;
      m.opacity = ghost ? 0.4 : 1;
    }
    const fraction = Math.min(1, Math.max(0, view.battery ?? 0));
    sprite.bar.visible = view.battery !== null;
    sprite.bar.scale.x = Math.max(0.02, fraction);
    sprite.bar.position.x = -0.33 * (1 - Math.max(0.02, fraction));
    sprite.bar.material.color.set(batteryColor(fraction));
    sprite.label.textContent = view.label;
    sprite.label.style.borderColor = ghost ? OFFLINE_COLOR : robotColor(view.name);
    sprite.label.classList.toggle('is-ghost', ghost);
    sprite.label.dataset['robot'] = view.name;
    this.dirty = true;
  }

  private poseAt(sprite: Sprite, now: number): Pose2D {
    return interpolatePose(sprite.from, sprite.to, (now - sprite.startMs) / sprite.durationMs);
  }

  private rebuildBeds(): void {
    this.scene.remove(this.bedGroup);
    dispose(this.bedGroup);
    this.bedGroup = new THREE.Group();
    if (this.map && this.level) {
      for (const box of bedBoxes(this.map.places, this.level.name, (bed) => this.patientsInBed.has(bed))) this.bedGroup.add(boxMesh(box));
    }
    this.scene.add(this.bedGroup);
    this.dirty = true;
  }

  private rebuildBlocks(): void {
    this.scene.remove(this.blockGroup);
    dispose(this.blockGroup);
    this.blockGroup = new THREE.Group();
    for (const b of this.blocks) {
      if (b.level !== this.level?.name) continue;
      if (b.radius > 0) {
        const disc = new THREE.Mesh(new THREE.CylinderGeometry(b.radius, b.radius, 0.4, 32),
          new THREE.MeshLambertMaterial({ color: BLOCK_COLOR, transparent: true, opacity: 0.55 }));
        disc.rotation.x = Math.PI / 2;
        disc.position.set(b.x1, b.y1, 0.2);
        this.blockGroup.add(disc);
      } else {
        this.blockGroup.add(barrier(b.x1, b.y1, b.x2, b.y2, 0.9, 0.6, BLOCK_COLOR, 0.75));
      }
    }
    this.scene.add(this.blockGroup);
    this.dirty = true;
  }

  private showPlaceLabels(places: PlaceView[]): void {
    for (const { element } of this.placeLabels) element.remove();
    this.placeLabels.length = 0;
    for (const place of places) {
      const element = document.createElement('div');
      element.className = `scene-label scene-label--place scene-label--${place.kind}`;
      element.dataset['place'] = place.name;
      this.labels.append(element);
      this.placeLabels.push({ place, element });
    }
    this.relabelPlaces((p) => p.name);
  }

  /** Rewrites the place names (after a language switch). */
  relabelPlaces(name: (place: PlaceView) => string): void {
    for (const { place, element } of this.placeLabels) element.textContent = name(place);
    this.dirty = true;
  }

  private frame(): void {
    const now = performance.now();
    let moving = false;
    for (const sprite of this.sprites.values()) {
      if (sprite.group.visible && now < sprite.startMs + sprite.durationMs) moving = true;
    }
    if (!this.dirty && !moving && !this.wasMoving) return;
    this.dirty = false;
    this.wasMoving = moving;
    for (const sprite of this.sprites.values()) {
      sprite.group.visible = sprite.view.level === this.level?.name;
      const pose = this.poseAt(sprite, now);
      sprite.group.position.set(pose.x, pose.y, 0);
      sprite.group.rotation.z = pose.yaw;
    }
    this.renderer.render(this.scene, this.camera);
    this.layoutLabels();
  }

  /** HTML labels over the canvas: robots first; a place label that would overlap one already placed waits. */
  private layoutLabels(): void {
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    const placed: DOMRect[] = [];
    const overlaps = (box: DOMRect) => placed.some((o) => box.left < o.right && o.left < box.right && box.top < o.bottom && o.top < box.bottom);
    /** Robots' labels always show, stacked upwards where they would overlap; a place's waits for room. */
    const put = (element: HTMLElement, x: number, y: number, z: number, visible: boolean, stack: boolean) => {
      const p = new THREE.Vector3(x, y, z).project(this.camera);
      const px = (p.x + 1) / 2 * width;
      const py = (1 - p.y) / 2 * height;
      const w = element.offsetWidth;
      const h = element.offsetHeight;
      let box = new DOMRect(px - w / 2, py - h, w, h);
      for (let i = 0; stack && i < 4 && overlaps(box); i++) box = new DOMRect(box.left, box.top - h - 2, w, h);
      const show = visible && p.z < 1 && box.right > 0 && box.left < width && box.bottom > 0 && box.top < height && (stack || !overlaps(box));
      element.classList.toggle('is-hidden', !show);
      if (!show) return;
      placed.push(box);
      element.style.transform = `translate(${box.left.toFixed(1)}px, ${box.top.toFixed(1)}px)`;
    };
    for (const sprite of this.sprites.values()) {
      put(sprite.label, sprite.group.position.x, sprite.group.position.y, ROBOT_BOX.height + 0.5, sprite.group.visible, true);
    }
    for (const { place, element } of this.placeLabels) put(element, place.x, place.y, 0.9, true, false);
  }

  private resize(): void {
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    if (this.autoFit) this.resetView();
    this.dirty = true;
  }

  private bindPointer(): void {
    const canvas = this.renderer.domElement;
    canvas.addEventListener('pointerdown', (e) => {
      this.press = e.button === 0 ? { x: e.clientX, y: e.clientY, travelled: 0 } : null;
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.press) return;
      this.press.travelled += Math.abs(e.clientX - this.press.x) + Math.abs(e.clientY - this.press.y);
      this.press.x = e.clientX;
      this.press.y = e.clientY;
    });
    canvas.addEventListener('pointerup', (e) => {
      const click = this.press !== null && this.press.travelled < CLICK_SLOP_PX;
      this.press = null;
      if (!click) return;
      const at = this.floorPoint(e.clientX, e.clientY);
      const lane = at && laneAt(this.lanes, at.x, at.y, PICK_M);
      if (lane) this.onPickLane(lane);
    });
  }

  /** Where a point of the canvas meets the floor (z = 0), or null above the horizon. */
  private floorPoint(clientX: number, clientY: number): { x: number; y: number } | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    const ndc = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new THREE.Raycaster();
    ray.setFromCamera(ndc, this.camera);
    const hit = ray.ray.intersectPlane(new THREE.Plane(new THREE.Vector3(0, 0, 1), 0), new THREE.Vector3());
    return hit ? { x: hit.x, y: hit.y } : null;
  }

  private bindKeys(): void {
    this.host.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const pan = event.shiftKey;
      const actions: Record<string, () => void> = {
        ArrowLeft: () => (pan ? this.controls.pan(KEY_PAN_PX, 0) : this.controls.rotateLeft(KEY_TURN)),
        ArrowRight: () => (pan ? this.controls.pan(-KEY_PAN_PX, 0) : this.controls.rotateLeft(-KEY_TURN)),
        ArrowUp: () => (pan ? this.controls.pan(0, KEY_PAN_PX) : this.controls.rotateUp(KEY_TURN)),
        ArrowDown: () => (pan ? this.controls.pan(0, -KEY_PAN_PX) : this.controls.rotateUp(-KEY_TURN)),
        '+': () => this.controls.dollyOut(KEY_ZOOM),
        '=': () => this.controls.dollyOut(KEY_ZOOM),
        '-': () => this.controls.dollyIn(KEY_ZOOM),
        '0': () => this.resetView(),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      if (event.key !== '0') this.autoFit = false;
      action();
      this.controls.update();
      this.dirty = true;
    });
  }
}

/** One level: floor, walls, doors and lanes, and a marker on every named place that is not a bed. */
function buildLevel(level: LevelView, places: readonly PlaceView[]): THREE.Group {
  const group = new THREE.Group();
  group.name = `level:${level.name}`;
  const floorMaterial = new THREE.MeshLambertMaterial({ color: rgb(PALETTE.floor), side: THREE.DoubleSide });
  const polygons = level.floors.filter((p) => p.length >= 3);
  if (polygons.length === 0) {
    const b = level.bounds;
    polygons.push([[b.min_x - 1, b.min_y - 1], [b.max_x + 1, b.min_y - 1], [b.max_x + 1, b.max_y + 1], [b.min_x - 1, b.max_y + 1]]);
  }
  for (const polygon of polygons) {
    const shape = new THREE.Shape(polygon.map(([x, y]) => new THREE.Vector2(x, y)));
    group.add(new THREE.Mesh(new THREE.ShapeGeometry(shape), floorMaterial));
  }
  const walls = segmentBoxes(level.walls, WALL_THICK_M, WALL_M, 0);
  if (walls) group.add(new THREE.Mesh(walls, new THREE.MeshLambertMaterial({ color: rgb(PALETTE.wall) })));
  const doors = segmentBoxes(level.doors.map((d): [number, number, number, number] => [d.x1, d.y1, d.x2, d.y2]), 0.2, 0.04, 0.005);
  if (doors) group.add(new THREE.Mesh(doors, new THREE.MeshLambertMaterial({ color: MAP_COLOR.door })));
  const lanePositions = level.lanes.flatMap(([x1, y1, x2, y2]) => [x1, y1, 0.02, x2, y2, 0.02]);
  const laneGeometry = new THREE.BufferGeometry();
  laneGeometry.setAttribute('position', new THREE.Float32BufferAttribute(lanePositions, 3));
  group.add(new THREE.LineSegments(laneGeometry, new THREE.LineBasicMaterial({ color: MAP_COLOR.lane })));
  for (const place of places) {
    if (place.level !== level.name || place.kind === 'bed' || place.kind === 'waypoint') continue;
    const marker = new THREE.Mesh(new THREE.CylinderGeometry(0.3, 0.3, 0.06, 24), new THREE.MeshLambertMaterial({ color: PLACE_STYLE[place.kind].color }));
    marker.rotation.x = Math.PI / 2;
    marker.position.set(place.x, place.y, 0.03);
    group.add(marker);
  }
  return group;
}

/** Upright boxes along segments, merged into one geometry; null when there are none. */
function segmentBoxes(segments: readonly (readonly [number, number, number, number])[], thick: number, height: number, bottom: number): THREE.BufferGeometry | null {
  const parts: THREE.BufferGeometry[] = [];
  for (const [x1, y1, x2, y2] of segments) {
    const length = Math.hypot(x2 - x1, y2 - y1);
    if (length === 0) continue;
    // Overrun by half a thickness so that walls meeting at a corner leave no notch.
    const box = new THREE.BoxGeometry(length + thick, thick, height);
    box.applyMatrix4(new THREE.Matrix4().makeRotationZ(Math.atan2(y2 - y1, x2 - x1)).setPosition((x1 + x2) / 2, (y1 + y2) / 2, bottom + height / 2));
    parts.push(box);
  }
  if (parts.length === 0) return null;
  const merged = mergeGeometries(parts);
  for (const p of parts) p.dispose();
  return merged;
}

/** A flat-topped bar along a lane: the red barrier of a block, the amber mark of the lane picked. */
function barrier(x1: number, y1: number, x2: number, y2: number, width: number, height: number, color: string, opacity: number): THREE.Mesh {
  const geometry = segmentBoxes([[x1, y1, x2, y2]], width, height, 0.01) ?? new THREE.BufferGeometry();
  return new THREE.Mesh(geometry, new THREE.MeshLambertMaterial({ color, transparent: opacity < 1, opacity }));
}

function boxMesh(box: SceneBox): THREE.Mesh {
  const side = new THREE.MeshLambertMaterial({ color: rgb(box.side) });
  const lid = new THREE.MeshLambertMaterial({ color: rgb(box.lid) });
  // BoxGeometry's faces: +x, −x, +y, −y, +z (the lid), −z.
  const mesh = new THREE.Mesh(new THREE.BoxGeometry(box.halfLength * 2, box.halfWidth * 2, box.top - box.bottom), [side, side, side, side, lid, side]);
  mesh.rotation.z = box.yaw;
  mesh.position.set(box.cx, box.cy, (box.top + box.bottom) / 2);
  return mesh;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Frees the GPU memory of everything under `root`. */
function dispose(root: THREE.Object3D): void {
  root.traverse((object) => {
    if (!(object instanceof THREE.Mesh || object instanceof THREE.Line)) return;
    object.geometry.dispose();
    const materials: THREE.Material[] = Array.isArray(object.material) ? object.material : [object.material];
    for (const material of materials) material.dispose();
  });
}
