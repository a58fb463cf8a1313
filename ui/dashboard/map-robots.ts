import * as THREE from 'three';
import type { Place, Pose, RobotState, Segment } from './api-types.js';
import { el } from './dom.js';
import { placeName } from './places.js';
import { t } from './i18n.js';
import { layerMaterial, stripPositions } from './map-floor.js';
import type { LabelLayer, MapLabel } from './map-labels.js';
import { outlineGeometry } from './map-places.js';
import {
  LABEL_PRIORITY, LAYER, MAP_COLOR, OFFLINE_COLOR, ROBOT_OUTLINE, ROBOT_RADIUS_PX, robotColor,
} from './map-style.js';

/** A jump longer than this is a relocalisation or a new floor, not motion, and is not animated. */
const SNAP_DISTANCE_M = 3;
const MIN_ROBOT_RADIUS_M = 0.35;
const PATH_WIDTH_PX = 4;
const PATH_HALO_PX = 4;
const MIN_PATH_WIDTH_M = 0.08;

function wrapAngle(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}

export function interpolatePose(from: Pose, to: Pose, fraction: number): Pose {
  const f = Math.min(1, Math.max(0, fraction));
  return {
    x: from.x + (to.x - from.x) * f,
    y: from.y + (to.y - from.y) * f,
    yaw: from.yaw + wrapAngle(to.yaw - from.yaw) * f,
  };
}

/** A path as strips between consecutive points, rewritten in place; the buffer grows only for a longer path. */
function setPathStrips(mesh: THREE.Mesh, points: ReadonlyArray<{ x: number; y: number }>, width: number): void {
  const segments = points.slice(1).map((point, i): Segment => [points[i]!.x, points[i]!.y, point.x, point.y]);
  const positions = stripPositions(segments, width);
  let attribute = mesh.geometry.getAttribute('position');
  if (!(attribute instanceof THREE.BufferAttribute) || attribute.array.length < positions.length) {
    mesh.geometry.dispose();
    mesh.geometry = new THREE.BufferGeometry();
    attribute = new THREE.BufferAttribute(new Float32Array(Math.max(positions.length * 2, 18 * 8)), 3);
    mesh.geometry.setAttribute('position', attribute);
  }
  (attribute.array as Float32Array).set(positions);
  attribute.needsUpdate = true;
  mesh.geometry.setDrawRange(0, positions.length / 3);
}

interface Sprite {
  state: RobotState;
  from: Pose;
  to: Pose;
  startMs: number;
  durationMs: number;
  lastReportMs: number;
  body: THREE.Group;
  fill: THREE.Mesh<THREE.ShapeGeometry, THREE.MeshBasicMaterial>;
  path: THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
  pathHalo: THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
  label: MapLabel;
  /** The place its label names, as of its last report. */
  place: Place | null;
}

const colorOf = (robot: RobotState): string => robot.status === 'offline' ? OFFLINE_COLOR : robotColor(robot.name);

/**
 * Robots on the floor on show, eased from one reported pose to the next over the time between reports,
 * so that 5 Hz updates read as steady motion rather than hops.
 */
export class RobotLayer {
  readonly root = new THREE.Group();
  private readonly sprites = new Map<string, Sprite>();
  private readonly shape = outlineGeometry(ROBOT_OUTLINE);
  private readonly halo = outlineGeometry(ROBOT_OUTLINE, 1.3);
  private readonly haloMaterial = layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.halo }));
  private readonly pathHaloMaterial = layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.halo, side: THREE.DoubleSide }));

  /** `placeAt` names where a robot stands (for its label); null between places. */
  constructor(private readonly labels: LabelLayer, private readonly placeAt: (robot: RobotState) => Place | null = () => null) {}

  /** Shows `robots` on `level`; the rest are hidden (their floor is not on screen). */
  update(robots: readonly RobotState[], level: string, now: number): void {
    const seen = new Set<string>();
    for (const robot of robots) {
      seen.add(robot.name);
      const existing = this.sprites.get(robot.name);
      // The store keeps each report as a new object, so an unchanged one is a robot that has not reported.
      if (!existing) this.sprites.set(robot.name, this.create(robot, now));
      else if (existing.state !== robot) this.move(existing, robot, now);
    }
    for (const [name, sprite] of this.sprites) {
      if (!seen.has(name)) this.destroy(name, sprite);
      else {
        const onLevel = sprite.state.level === level;
        sprite.body.visible = onLevel;
        sprite.path.visible = onLevel && sprite.state.path.length > 0;
        sprite.pathHalo.visible = sprite.path.visible;
      }
    }
  }

  private create(robot: RobotState, now: number): Sprite {
    const body = new THREE.Group();
    const halo = new THREE.Mesh(this.halo, this.haloMaterial);
    halo.renderOrder = LAYER.robotHalo;
    const fill = new THREE.Mesh(this.shape, layerMaterial(new THREE.MeshBasicMaterial({ color: colorOf(robot) })));
    fill.renderOrder = LAYER.robot;
    const label = this.labels.add('map-label--robot', LABEL_PRIORITY.robot, 0);
    body.add(halo, fill);
    // Opaque: overlapping strip ends would show as darker knots at every bend.
    const path = new THREE.Mesh(new THREE.BufferGeometry(),
      layerMaterial(new THREE.MeshBasicMaterial({ color: colorOf(robot), side: THREE.DoubleSide })));
    // A white edge keeps the path apart from the walls and lines of the plan it crosses.
    const pathHalo = new THREE.Mesh(new THREE.BufferGeometry(), this.pathHaloMaterial);
    path.renderOrder = LAYER.path;
    pathHalo.renderOrder = LAYER.pathHalo;
    // Their points change every frame, so a bounding sphere computed once would cull them wrongly.
    path.frustumCulled = false;
    pathHalo.frustumCulled = false;
    this.root.add(body, pathHalo, path);
    const sprite: Sprite = {
      state: robot, from: robot.pose, to: robot.pose, startMs: now, durationMs: 1, lastReportMs: now,
      body, fill, path, pathHalo, label, place: null,
    };
    this.restyle(sprite);
    return sprite;
  }

  private move(sprite: Sprite, robot: RobotState, now: number): void {
    const shown = this.poseAt(sprite, now);
    const jump = Math.hypot(robot.pose.x - shown.x, robot.pose.y - shown.y) > SNAP_DISTANCE_M
      || robot.level !== sprite.state.level;
    sprite.from = jump ? robot.pose : shown;
    sprite.to = robot.pose;
    sprite.startMs = now;
    // Ease over the gap since the last report: the next one is likely to come about as late.
    sprite.durationMs = Math.min(1000, Math.max(50, now - sprite.lastReportMs));
    sprite.lastReportMs = now;
    const restyle = robot.status !== sprite.state.status
      || Math.round(robot.battery.percentage) !== Math.round(sprite.state.battery.percentage)
      || this.placeAt(robot)?.name !== sprite.place?.name;
    sprite.state = robot;
    if (restyle) this.restyle(sprite);
  }

  private restyle(sprite: Sprite): void {
    const { state } = sprite;
    sprite.fill.material.color.set(colorOf(state));
    sprite.path.material.color.set(colorOf(state));
    const name = document.createElement('strong');
    name.textContent = state.name;
    name.style.color = colorOf(state);
    sprite.place = this.placeAt(state);
    this.labels.setContent(sprite.label, name,
      ` ${t(`rstatus.${state.status}`)} · ${Math.round(state.battery.percentage)}%`,
      ...(sprite.place ? [' · ', el('span', { class: 'robot-place' }, placeName(sprite.place))] : []));
    // What the label says, for tests and tools that read the page rather than the canvas.
    sprite.label.element.dataset['mapRobot'] = state.name;
    sprite.label.element.dataset['status'] = state.status;
    sprite.label.element.dataset['place'] = sprite.place?.name ?? '';
  }

  /** Language changed: rewrite the labels. */
  relabel(): void {
    for (const sprite of this.sprites.values()) this.restyle(sprite);
  }

  private poseAt(sprite: Sprite, now: number): Pose {
    return interpolatePose(sprite.from, sprite.to, (now - sprite.startMs) / sprite.durationMs);
  }

  /** Where a robot is drawn at time `now` (eased, not as last reported), on which level; null for a robot not seen. */
  poseOf(name: string, now: number): { level: string; x: number; y: number } | null {
    const sprite = this.sprites.get(name);
    if (!sprite || !sprite.state.level) return null;
    const pose = this.poseAt(sprite, now);
    return { level: sprite.state.level, x: pose.x, y: pose.y };
  }

  /** True while some robot on show is still easing towards its last reported pose. */
  moving(now: number): boolean {
    for (const sprite of this.sprites.values()) {
      if (sprite.body.visible && now < sprite.startMs + sprite.durationMs) return true;
    }
    return false;
  }

  /** Places robots, labels and paths for time `now`; call before each render. */
  frame(now: number, metresPerPx: number): void {
    const radius = Math.max(ROBOT_RADIUS_PX * metresPerPx, MIN_ROBOT_RADIUS_M);
    for (const sprite of this.sprites.values()) {
      sprite.label.shown = sprite.body.visible;
      if (!sprite.body.visible) continue;
      const pose = this.poseAt(sprite, now);
      sprite.body.position.set(pose.x, pose.y, 0);
      sprite.body.rotation.z = pose.yaw;
      sprite.body.scale.setScalar(radius);
      sprite.label.x = pose.x;
      sprite.label.y = pose.y;
      sprite.label.offsetPx = -(radius / metresPerPx) * 1.4;
      // The line starts at the robot as drawn, not as last reported, so it never detaches from the arrow.
      if (sprite.path.visible) {
        const points = [pose, ...sprite.state.path];
        const width = Math.max(PATH_WIDTH_PX * metresPerPx, MIN_PATH_WIDTH_M);
        setPathStrips(sprite.path, points, width);
        setPathStrips(sprite.pathHalo, points, width + PATH_HALO_PX * metresPerPx);
      }
    }
  }

  private destroy(name: string, sprite: Sprite): void {
    this.labels.remove(sprite.label);
    this.root.remove(sprite.body, sprite.path, sprite.pathHalo);
    sprite.pathHalo.geometry.dispose();
    sprite.fill.material.dispose();
    sprite.path.geometry.dispose();
    sprite.path.material.dispose();
    this.sprites.delete(name);
  }
}
