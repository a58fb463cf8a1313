// The live floor plan: a top-down orthographic three.js view of one level. Map metres go straight into
// three's x/y (ROS map frame, y up), so nothing on the map is ever converted twice.
import * as THREE from 'three';
import type { BuildingMap, Level, Place, RobotState, WardAlert } from './api-types.js';
import { AlertPinLayer } from './map-alerts.js';
import { t } from './i18n.js';
import { buildLevelGroup, disposeTree } from './map-floor.js';
import { LabelLayer } from './map-labels.js';
import { PlaceLayer } from './map-places.js';
import { RobotLayer } from './map-robots.js';
import { placeAtPose } from './places.js';
import { MAP_COLOR } from './map-style.js';
import { MapViewport } from './map-viewport.js';

const FIT_MARGIN_PX = 24;
/** Pointer travel under which a press counts as a click on a place rather than a drag. */
const CLICK_SLOP_PX = 4;
const CLICK_TOLERANCE_PX = 8;
const KEY_ZOOM = 1.4;

export class MapView {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0.1, 100);
  private readonly view = new MapViewport();
  private readonly labels = new LabelLayer();
  private readonly places = new PlaceLayer(this.labels);
  private readonly robots = new RobotLayer(this.labels, (r) => (r.level ? placeAtPose(this.placesByName.values(), r.level, r.pose.x, r.pose.y) : null));
  private readonly pins: AlertPinLayer;
  private levelGroup: THREE.Group | null = null;
  private level: Level | null = null;
  private placesByName = new Map<string, Place>();
  private robotStates: readonly RobotState[] = [];
  private dirty = true;
  private wasMoving = false;
  /** Until someone pans or zooms, the floor stays fitted to the panel as it resizes. */
  private autoFit = true;
  private drag: { x: number; y: number; travelled: number } | null = null;

  /** False where the browser has no WebGL; callers show a message instead of a map. */
  static supported(): boolean {
    try {
      const canvas = document.createElement('canvas');
      return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
    } catch {
      return false;
    }
  }

  /** `onAlertPick`: a pinned alert was pressed; `placeLabel` names a bed in the pins' words. */
  constructor(
    private readonly host: HTMLElement, private readonly onPlaceClick: (place: Place) => void,
    alerts: { onAlertPick: (alertId: string) => void; placeLabel: (name: string) => string } = { onAlertPick: () => {}, placeLabel: (name) => name },
  ) {
    this.pins = new AlertPinLayer(alerts.onAlertPick, alerts.placeLabel);
    this.renderer = new THREE.WebGLRenderer({ antialias: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(MAP_COLOR.background);
    this.renderer.domElement.setAttribute('aria-hidden', 'true');
    host.append(this.renderer.domElement, this.labels.root, this.pins.root);
    host.tabIndex = 0;
    host.setAttribute('role', 'application');
    this.camera.position.z = 10;
    this.scene.add(this.places.root, this.robots.root);
    new ResizeObserver(() => this.resize()).observe(host);
    this.bindPointer();
    this.bindKeys();
    this.resize();
    this.relabel();
    this.renderer.setAnimationLoop(() => this.frame());
  }

  showLevel(map: BuildingMap, levelName: string): void {
    const level = map.levels.find((l) => l.name === levelName);
    if (!level) return;
    if (this.levelGroup) {
      this.scene.remove(this.levelGroup);
      disposeTree(this.levelGroup);
    }
    this.level = level;
    this.placesByName = new Map(map.places.map((p) => [p.name, p]));
    this.levelGroup = buildLevelGroup(level, () => { this.dirty = true; });
    this.scene.add(this.levelGroup);
    this.places.show(map.places.filter((p) => p.level === levelName));
    this.robots.update(this.robotStates, level.name, performance.now());
    this.relabel();
    this.fit();
  }

  setRobots(robots: readonly RobotState[]): void {
    this.robotStates = robots;
    this.robots.update(robots, this.level?.name ?? '', performance.now());
    this.dirty = true;
  }

  /** The open alerts: each pinned at its bed or its robot. */
  setAlerts(alerts: readonly WardAlert[]): void {
    this.pins.set(alerts);
    this.dirty = true;
  }

  selectPlace(name: string | null): void {
    this.places.select(name);
    this.dirty = true;
  }

  fit(): void {
    if (!this.level) return;
    this.view.fit(this.level.bounds, FIT_MARGIN_PX);
    this.autoFit = true;
    this.dirty = true;
  }

  /** Zooms about the middle of the view; `factor` > 1 zooms in. */
  zoom(factor: number): void {
    this.zoomAt(factor, this.view.widthPx / 2, this.view.heightPx / 2);
  }

  /** Redraws the words on the map after a language switch. */
  relabel(): void {
    this.host.setAttribute('aria-label', t('map.canvasLabel', { level: this.level?.name ?? '' }));
    this.places.relabel();
    this.robots.relabel();
    this.pins.relabel();
    this.dirty = true;
  }

  private zoomAt(factor: number, px: number, py: number): void {
    this.view.zoomAt(factor, px, py);
    this.autoFit = false;
    this.dirty = true;
  }

  private panBy(dx: number, dy: number): void {
    this.view.panByPixels(dx, dy);
    this.autoFit = false;
    this.dirty = true;
  }

  private frame(): void {
    const now = performance.now();
    const moving = this.robots.moving(now);
    // One more frame after motion ends lands each robot exactly on its reported pose.
    if (!this.dirty && !moving && !this.wasMoving) return;
    this.dirty = false;
    this.wasMoving = moving;
    const { halfWidth, halfHeight } = this.view.halfExtent();
    Object.assign(this.camera, { left: -halfWidth, right: halfWidth, top: halfHeight, bottom: -halfHeight });
    this.camera.position.set(this.view.centerX, this.view.centerY, 10);
    this.camera.updateProjectionMatrix();
    this.places.frame(this.view.metresPerPx);
    this.robots.frame(now, this.view.metresPerPx);
    this.renderer.render(this.scene, this.camera);
    this.labels.layout(this.view);
    this.pins.layout(this.view, this.level?.name ?? '', (bed) => this.placesByName.get(bed), (robot) => this.robots.poseOf(robot, now));
  }

  private resize(): void {
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    this.renderer.setSize(width, height, false);
    this.view.resize(width, height);
    if (this.autoFit && this.level) this.view.fit(this.level.bounds, FIT_MARGIN_PX);
    this.dirty = true;
  }

  private local(event: MouseEvent): { px: number; py: number } {
    const rect = this.host.getBoundingClientRect();
    return { px: event.clientX - rect.left, py: event.clientY - rect.top };
  }

  private bindPointer(): void {
    const host = this.host;
    host.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      this.drag = { x: event.clientX, y: event.clientY, travelled: 0 };
      host.setPointerCapture(event.pointerId);
      host.classList.add('is-dragging');
    });
    host.addEventListener('pointermove', (event) => {
      if (!this.drag) return;
      const dx = event.clientX - this.drag.x;
      const dy = event.clientY - this.drag.y;
      this.drag = { x: event.clientX, y: event.clientY, travelled: this.drag.travelled + Math.abs(dx) + Math.abs(dy) };
      this.panBy(dx, dy);
    });
    const release = (event: PointerEvent, click: boolean): void => {
      const wasClick = click && this.drag !== null && this.drag.travelled < CLICK_SLOP_PX;
      this.drag = null;
      host.classList.remove('is-dragging');
      if (!wasClick) return;
      const { px, py } = this.local(event);
      const at = this.view.screenToWorld(px, py);
      const place = this.places.pick(at.x, at.y, CLICK_TOLERANCE_PX * this.view.metresPerPx);
      if (place) this.onPlaceClick(place);
    };
    host.addEventListener('pointerup', (event) => release(event, true));
    host.addEventListener('pointercancel', (event) => release(event, false));
    host.addEventListener('wheel', (event) => {
      event.preventDefault();
      const { px, py } = this.local(event);
      // Trackpads send many small deltas and mice few large ones; the exponent treats both alike.
      this.zoomAt(Math.exp(-event.deltaY * 0.0015), px, py);
    }, { passive: false });
  }

  private bindKeys(): void {
    this.host.addEventListener('keydown', (event) => {
      const step = Math.min(this.view.widthPx, this.view.heightPx) / 8;
      const actions: Record<string, () => void> = {
        ArrowLeft: () => this.panBy(step, 0),
        ArrowRight: () => this.panBy(-step, 0),
        ArrowUp: () => this.panBy(0, step),
        ArrowDown: () => this.panBy(0, -step),
        '+': () => this.zoom(KEY_ZOOM),
        '=': () => this.zoom(KEY_ZOOM),
        '-': () => this.zoom(1 / KEY_ZOOM),
        '0': () => this.fit(),
      };
      const action = actions[event.key];
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    });
  }
}
