// The live floor plan: a top-down orthographic three.js view of one level with its drawing, walls,
// doors, lanes, places and robots. Map metres go straight into three's x/y (ROS map frame, y up).
import * as THREE from 'three';
import type { BuildingMap, Level, Place, RobotState } from './api-types.js';
import { KIND_COLOURS, robotColour } from './colours.js';
import { lang, t } from './i18n.js';

const Z = { drawing: 0, floor: 0.01, lane: 0.02, wall: 0.03, door: 0.04, place: 0.05, path: 0.06, robot: 0.07 };
/** Robots glide toward their latest reported pose over about this many seconds. */
const SMOOTHING_S = 0.15;
const ROBOT_LENGTH_M = 0.9;
const WARD_KINDS = new Set<Place['kind']>(['bed', 'pharmacy', 'nurse_station']);

interface RobotSprite { state: RobotState; shown: { x: number; y: number; yaw: number }; mesh: THREE.Mesh; path: THREE.Line; label: HTMLDivElement }

export class MapView {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-10, 10, 10, -10, -10, 10);
  private readonly levelGroup = new THREE.Group();
  private readonly robotsGroup = new THREE.Group();
  private readonly labels: HTMLDivElement;
  private readonly robots = new Map<string, RobotSprite>();
  private placeLabels: { place: Place; el: HTMLDivElement }[] = [];
  private level: Level | null = null;
  private places: Place[] = [];
  private readonly textureLoader = new THREE.TextureLoader();
  private last = performance.now();
  private drag: { x: number; y: number; moved: boolean } | null = null;
  /** Metres per CSS pixel: the zoom. */
  private scale = 0.05;
  private centre = { x: 0, y: 0 };

  constructor(private readonly host: HTMLElement, private readonly onPlaceClick: (place: Place) => void) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    this.renderer.setClearColor(0xf4f6f8);
    host.append(this.renderer.domElement);
    this.renderer.domElement.setAttribute('aria-hidden', 'true');
    this.labels = document.createElement('div');
    this.labels.className = 'map-labels';
    host.append(this.labels);
    this.scene.add(this.levelGroup, this.robotsGroup);
    new ResizeObserver(() => this.resize()).observe(host);
    this.bindPointer();
    this.resize();
    this.renderer.setAnimationLoop(() => this.frame());
  }

  /** False where the browser has no WebGL; callers show a message instead of a map. */
  static supported(): boolean {
    try {
      const c = document.createElement('canvas');
      return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
    } catch { return false; }
  }

  showLevel(map: BuildingMap, levelName: string): void {
    const level = map.levels.find((l) => l.name === levelName);
    if (!level) return;
    this.level = level;
    this.places = map.places.filter((p) => p.level === levelName);
    disposeChildren(this.levelGroup);
    this.drawLevel(level);
    this.drawPlaces();
    for (const sprite of this.robots.values()) this.placeRobot(sprite);
    this.fit();
  }

  fit(): void {
    if (!this.level) return;
    const b = this.level.bounds;
    const { width, height } = this.size();
    this.centre = { x: (b.min_x + b.max_x) / 2, y: (b.min_y + b.max_y) / 2 };
    this.scale = Math.max((b.max_x - b.min_x) / Math.max(width, 1), (b.max_y - b.min_y) / Math.max(height, 1)) * 1.08;
    this.updateCamera();
  }

  updateRobot(state: RobotState): void {
    let sprite = this.robots.get(state.name);
    if (!sprite) {
      const mesh = new THREE.Mesh(arrowGeometry(), new THREE.MeshBasicMaterial({ color: robotColour(state.name) }));
      const path = new THREE.Line(new THREE.BufferGeometry(), new THREE.LineDashedMaterial({ color: robotColour(state.name), dashSize: 0.4, gapSize: 0.25 }));
      const label = document.createElement('div');
      label.className = 'map-label robot-label';
      this.labels.append(label);
      this.robotsGroup.add(mesh, path);
      sprite = { state, shown: { ...state.pose }, mesh, path, label };
      this.robots.set(state.name, sprite);
    }
    sprite.state = state;
    this.placeRobot(sprite);
  }

  /** Redraws the words on the map after a language switch. */
  relabel(): void {
    for (const { place, el } of this.placeLabels) el.textContent = place.label[lang()];
    for (const sprite of this.robots.values()) this.placeRobot(sprite);
  }

  private placeRobot(sprite: RobotSprite): void {
    const { state } = sprite;
    const here = this.level?.name === state.level;
    sprite.mesh.visible = here;
    sprite.path.visible = here && state.path.length > 0;
    sprite.label.hidden = !here;
    const points = [new THREE.Vector3(sprite.shown.x, sprite.shown.y, Z.path), ...state.path.map((p) => new THREE.Vector3(p.x, p.y, Z.path))];
    sprite.path.geometry.dispose();
    sprite.path.geometry = new THREE.BufferGeometry().setFromPoints(points);
    sprite.path.computeLineDistances();
    const offline = state.status === 'offline';
    (sprite.mesh.material as THREE.MeshBasicMaterial).color.set(offline ? 0x9aa0a6 : robotColour(state.name));
    sprite.label.textContent = `${state.name} · ${t(`rstatus.${state.status}`)} · ${Math.round(state.battery.percentage)}%`;
    sprite.label.classList.toggle('offline', offline);
  }

  private drawLevel(level: Level): void {
    if (level.drawing) {
      const d = level.drawing;
      const plane = new THREE.Mesh(new THREE.PlaneGeometry(d.width, d.height), new THREE.MeshBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.55 }));
      plane.position.set(d.x + d.width / 2, d.y - d.height / 2, Z.drawing);
      this.textureLoader.load(d.url, (tex) => {
        tex.colorSpace = THREE.SRGBColorSpace;
        (plane.material as THREE.MeshBasicMaterial).map = tex;
        (plane.material as THREE.MeshBasicMaterial).needsUpdate = true;
      });
      this.levelGroup.add(plane);
    }
    for (const floor of level.floors) {
      if (floor.length < 3) continue;
      const shape = new THREE.Shape(floor.map(([x, y]) => new THREE.Vector2(x, y)));
      const mesh = new THREE.Mesh(new THREE.ShapeGeometry(shape), new THREE.MeshBasicMaterial({ color: 0xe8eef5, transparent: true, opacity: level.drawing ? 0.35 : 1 }));
      mesh.position.z = Z.floor;
      this.levelGroup.add(mesh);
    }
    this.levelGroup.add(segments(level.lanes, 0x7fb3d5, Z.lane, 0.6));
    this.levelGroup.add(segments(level.walls, 0x37474f, Z.wall, 1));
    this.levelGroup.add(segments(level.doors.map((d) => [d.x1, d.y1, d.x2, d.y2] as const), 0xe67e22, Z.door, 1));
  }

  private drawPlaces(): void {
    for (const { el } of this.placeLabels) el.remove();
    this.placeLabels = [];
    // A ward place laid on a building waypoint (the nurse station on L1_left_nurse_center) is drawn once.
    const wardPlaces = this.places.filter((p) => WARD_KINDS.has(p.kind));
    const covered = (p: Place) => !WARD_KINDS.has(p.kind) && wardPlaces.some((w) => Math.hypot(w.x - p.x, w.y - p.y) < 0.5);
    const shown = this.places.filter((p) => p.kind !== 'waypoint' && p.kind !== 'lift' && !covered(p));
    for (const place of shown) {
      const marker = new THREE.Mesh(
        place.kind === 'bed' ? new THREE.PlaneGeometry(0.9, 0.9) : new THREE.CircleGeometry(0.45, 20),
        new THREE.MeshBasicMaterial({ color: KIND_COLOURS[place.kind] }),
      );
      marker.position.set(place.x, place.y, Z.place);
      this.levelGroup.add(marker);
      const el = document.createElement('div');
      el.className = `map-label place-label kind-${place.kind}`;
      el.textContent = place.label[lang()];
      this.labels.append(el);
      this.placeLabels.push({ place, el });
    }
    // Unnamed-for-people waypoints stay clickable but unlabelled, as faint dots.
    const dots = this.places.filter((p) => p.kind === 'waypoint');
    if (dots.length) {
      const g = new THREE.BufferGeometry().setFromPoints(dots.map((p) => new THREE.Vector3(p.x, p.y, Z.place)));
      this.levelGroup.add(new THREE.Points(g, new THREE.PointsMaterial({ color: KIND_COLOURS.waypoint, size: 5, sizeAttenuation: false })));
    }
  }

  private frame(): void {
    const now = performance.now();
    const dt = Math.min(0.5, (now - this.last) / 1000);
    this.last = now;
    const k = 1 - Math.exp(-dt / SMOOTHING_S);
    for (const sprite of this.robots.values()) {
      const target = sprite.state.pose;
      const jump = Math.hypot(target.x - sprite.shown.x, target.y - sprite.shown.y) > 5;
      sprite.shown.x = jump ? target.x : sprite.shown.x + (target.x - sprite.shown.x) * k;
      sprite.shown.y = jump ? target.y : sprite.shown.y + (target.y - sprite.shown.y) * k;
      sprite.shown.yaw += wrapAngle(target.yaw - sprite.shown.yaw) * (jump ? 1 : k);
      sprite.mesh.position.set(sprite.shown.x, sprite.shown.y, Z.robot);
      sprite.mesh.rotation.z = sprite.shown.yaw;
      const start = sprite.path.geometry.getAttribute('position');
      if (start) { start.setXY(0, sprite.shown.x, sprite.shown.y); start.needsUpdate = true; }
    }
    this.positionLabels();
    this.renderer.render(this.scene, this.camera);
  }

  private positionLabels(): void {
    const { width, height } = this.size();
    const toScreen = (x: number, y: number) => ({
      left: width / 2 + (x - this.centre.x) / this.scale,
      top: height / 2 - (y - this.centre.y) / this.scale,
    });
    // Place names would crowd each other when zoomed far out; they appear once there is room.
    const roomy = this.scale < 0.09;
    for (const { place, el } of this.placeLabels) {
      const p = toScreen(place.x, place.y);
      el.style.transform = `translate(${p.left.toFixed(1)}px, ${(p.top + 8).toFixed(1)}px) translateX(-50%)`;
      el.hidden = !roomy && place.kind === 'bed';
    }
    for (const sprite of this.robots.values()) {
      const p = toScreen(sprite.shown.x, sprite.shown.y);
      sprite.label.style.transform = `translate(${p.left.toFixed(1)}px, ${(p.top - 30).toFixed(1)}px) translateX(-50%)`;
    }
  }

  private size(): { width: number; height: number } {
    return { width: this.host.clientWidth, height: this.host.clientHeight };
  }

  private resize(): void {
    const { width, height } = this.size();
    this.renderer.setSize(width, height, false);
    this.renderer.domElement.style.width = `${width}px`;
    this.renderer.domElement.style.height = `${height}px`;
    this.updateCamera();
  }

  private updateCamera(): void {
    const { width, height } = this.size();
    const hw = (width / 2) * this.scale;
    const hh = (height / 2) * this.scale;
    Object.assign(this.camera, { left: this.centre.x - hw, right: this.centre.x + hw, top: this.centre.y + hh, bottom: this.centre.y - hh });
    this.camera.updateProjectionMatrix();
  }

  private worldAt(clientX: number, clientY: number): { x: number; y: number } {
    const r = this.host.getBoundingClientRect();
    return {
      x: this.centre.x + (clientX - r.left - r.width / 2) * this.scale,
      y: this.centre.y - (clientY - r.top - r.height / 2) * this.scale,
    };
  }

  private bindPointer(): void {
    const el = this.renderer.domElement;
    el.addEventListener('pointerdown', (e) => {
      this.drag = { x: e.clientX, y: e.clientY, moved: false };
      el.setPointerCapture(e.pointerId);
    });
    el.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      const dx = e.clientX - this.drag.x;
      const dy = e.clientY - this.drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) this.drag.moved = true;
      this.centre.x -= dx * this.scale;
      this.centre.y += dy * this.scale;
      this.drag.x = e.clientX;
      this.drag.y = e.clientY;
      this.updateCamera();
    });
    el.addEventListener('pointerup', (e) => {
      const click = this.drag && !this.drag.moved;
      this.drag = null;
      if (click) this.pick(e.clientX, e.clientY);
    });
    el.addEventListener('wheel', (e) => {
      e.preventDefault();
      // Zoom about the cursor, so the spot under it stays put.
      const before = this.worldAt(e.clientX, e.clientY);
      this.scale = Math.min(1, Math.max(0.004, this.scale * Math.exp(e.deltaY * 0.0015)));
      const after = this.worldAt(e.clientX, e.clientY);
      this.centre.x += before.x - after.x;
      this.centre.y += before.y - after.y;
      this.updateCamera();
    }, { passive: false });
  }

  private pick(clientX: number, clientY: number): void {
    const at = this.worldAt(clientX, clientY);
    let best: Place | null = null;
    let bestD = 14 * this.scale; // within 14 screen pixels
    for (const p of this.places) {
      const d = Math.hypot(p.x - at.x, p.y - at.y);
      if (d < bestD) { best = p; bestD = d; }
    }
    if (best) this.onPlaceClick(best);
  }
}

function segments(list: readonly (readonly [number, number, number, number])[], colour: number, z: number, opacity: number): THREE.LineSegments {
  const pos = new Float32Array(list.length * 6);
  list.forEach(([x1, y1, x2, y2], i) => pos.set([x1, y1, z, x2, y2, z], i * 6));
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(pos, 3));
  return new THREE.LineSegments(g, new THREE.LineBasicMaterial({ color: colour, transparent: opacity < 1, opacity }));
}

function arrowGeometry(): THREE.BufferGeometry {
  const l = ROBOT_LENGTH_M;
  const shape = new THREE.Shape([new THREE.Vector2(l * 0.6, 0), new THREE.Vector2(-l * 0.4, l * 0.4), new THREE.Vector2(-l * 0.2, 0), new THREE.Vector2(-l * 0.4, -l * 0.4)]);
  return new THREE.ShapeGeometry(shape);
}

function wrapAngle(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}

function disposeChildren(group: THREE.Group): void {
  for (const child of [...group.children]) {
    group.remove(child);
    const obj = child as THREE.Mesh;
    obj.geometry?.dispose();
    const mats = Array.isArray(obj.material) ? obj.material : obj.material ? [obj.material] : [];
    for (const m of mats) { (m as THREE.MeshBasicMaterial).map?.dispose(); m.dispose(); }
  }
}
