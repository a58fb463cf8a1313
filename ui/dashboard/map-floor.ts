import * as THREE from 'three';
import type { Level, Segment } from './api-types.js';
import { LAYER, MAP_COLOR } from './map-style.js';

/** Materials here draw in LAYER order rather than by depth: every map layer lies in the same plane. */
export function layerMaterial<T extends THREE.Material>(material: T): T {
  material.depthTest = false;
  material.depthWrite = false;
  // Opaque and transparent objects are sorted separately in three.js; one list keeps LAYER order exact.
  material.transparent = true;
  return material;
}

/**
 * Segments as flat strips `width` metres wide, two triangles each (WebGL draws lines one pixel thick
 * whatever is asked). Strips overrun their ends by half a width so that walls meeting at a corner leave
 * no notch.
 */
export function stripPositions(segments: Iterable<Segment>, width: number): number[] {
  const positions: number[] = [];
  const half = width / 2;
  for (const [x1, y1, x2, y2] of segments) {
    const length = Math.hypot(x2 - x1, y2 - y1);
    if (length === 0) continue;
    const ux = (x2 - x1) / length * half;
    const uy = (y2 - y1) / length * half;
    const ax = x1 - ux; const ay = y1 - uy; const bx = x2 + ux; const by = y2 + uy;
    const nx = -uy; const ny = ux;
    positions.push(
      ax + nx, ay + ny, 0, ax - nx, ay - ny, 0, bx - nx, by - ny, 0,
      ax + nx, ay + ny, 0, bx - nx, by - ny, 0, bx + nx, by + ny, 0,
    );
  }
  return positions;
}

export function stripsGeometry(segments: Iterable<Segment>, width: number): THREE.BufferGeometry {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(stripPositions(segments, width), 3));
  return geometry;
}

function layered<T extends THREE.Object3D>(object: T, order: number): T {
  object.renderOrder = order;
  return object;
}

function drawingMesh(level: Level, onLoaded: () => void): THREE.Mesh | null {
  const { drawing } = level;
  if (!drawing) return null;
  const texture = new THREE.TextureLoader().load(drawing.url, onLoaded);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  // Faded so that robots, places and walls drawn over the busy plan stay the first thing seen.
  const material = layerMaterial(new THREE.MeshBasicMaterial({ map: texture, opacity: 0.55 }));
  const mesh = new THREE.Mesh(new THREE.PlaneGeometry(drawing.width, drawing.height), material);
  mesh.position.set(drawing.x + drawing.width / 2, drawing.y - drawing.height / 2, 0);
  return layered(mesh, LAYER.drawing);
}

function floorMeshes(level: Level): THREE.Mesh[] {
  const material = layerMaterial(new THREE.MeshBasicMaterial({
    color: MAP_COLOR.floor, opacity: level.drawing ? 0.3 : 0.6, side: THREE.DoubleSide,
  }));
  return level.floors
    .filter((polygon) => polygon.length >= 3)
    .map((polygon) => {
      const shape = new THREE.Shape(polygon.map(([x, y]) => new THREE.Vector2(x, y)));
      return layered(new THREE.Mesh(new THREE.ShapeGeometry(shape), material), LAYER.floor);
    });
}

function laneLines(level: Level): THREE.LineSegments {
  const positions = level.lanes.flatMap(([x1, y1, x2, y2]) => [x1, y1, 0, x2, y2, 0]);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  const material = layerMaterial(new THREE.LineBasicMaterial({ color: MAP_COLOR.lane, opacity: 0.5 }));
  return layered(new THREE.LineSegments(geometry, material), LAYER.lane);
}

/** One floor's static picture: plan image, floor areas, lanes, walls and doors. */
export function buildLevelGroup(level: Level, onTextureLoaded: () => void): THREE.Group {
  const group = new THREE.Group();
  group.name = `level:${level.name}`;
  const drawing = drawingMesh(level, onTextureLoaded);
  if (drawing) group.add(drawing);
  group.add(...floorMeshes(level), laneLines(level));
  const walls = new THREE.Mesh(stripsGeometry(level.walls, 0.12),
    layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.wall, side: THREE.DoubleSide })));
  const doorSegments = level.doors.map((door): Segment => [door.x1, door.y1, door.x2, door.y2]);
  const doors = new THREE.Mesh(stripsGeometry(doorSegments, 0.2),
    layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.door, side: THREE.DoubleSide })));
  group.add(layered(walls, LAYER.wall), layered(doors, LAYER.door));
  return group;
}

/** Frees the GPU memory of everything under `root`; textures and materials are not shared across floors. */
export function disposeTree(root: THREE.Object3D): void {
  root.traverse((object) => {
    if (!(object instanceof THREE.Mesh || object instanceof THREE.Line)) return;
    object.geometry.dispose();
    const materials: THREE.Material[] = Array.isArray(object.material) ? object.material : [object.material];
    for (const material of materials) {
      if (material instanceof THREE.MeshBasicMaterial) material.map?.dispose();
      material.dispose();
    }
  });
}
