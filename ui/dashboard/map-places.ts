import * as THREE from 'three';
import { PLACE_KINDS, type Place, type PlaceKind } from './api-types.js';
import { layerMaterial } from './map-floor.js';
import type { LabelLayer, MapLabel } from './map-labels.js';
import { LABEL_PRIORITY, LAYER, MAP_COLOR, PLACE_RADIUS_PX, PLACE_STYLE, type Outline } from './map-style.js';
import { placeName } from './places.js';

/** Zoomed right in, markers grow to about the size of a real bed head rather than stay a few pixels. */
const MIN_MARKER_RADIUS_M = 0.3;
const HALO_SCALE = 1.35;
/** Places staff name; a building waypoint under one of them is the same spot and is drawn once. */
const WARD_KINDS: ReadonlySet<PlaceKind> = new Set(['bed', 'pharmacy', 'nurse_station']);
const SAME_SPOT_M = 0.5;

export function outlineGeometry(outline: Outline, scale = 1): THREE.ShapeGeometry {
  return new THREE.ShapeGeometry(new THREE.Shape(outline.map(([x, y]) => new THREE.Vector2(x * scale, y * scale))));
}

/** The places worth a marker: all of them, less building waypoints that a ward place already covers. */
export function placesToDraw(places: readonly Place[]): Place[] {
  const ward = places.filter((p) => WARD_KINDS.has(p.kind));
  return places.filter((p) => WARD_KINDS.has(p.kind)
    || !ward.some((w) => Math.hypot(w.x - p.x, w.y - p.y) < SAME_SPOT_M));
}

interface Marker { place: Place; group: THREE.Group; label: MapLabel }

/** The places of the floor on show: shaped markers, names in the current language, the chosen one ringed. */
export class PlaceLayer {
  readonly root = new THREE.Group();
  private markers: Marker[] = [];
  private readonly shapes = new Map<PlaceKind, { fill: THREE.ShapeGeometry; halo: THREE.ShapeGeometry; material: THREE.Material }>();
  private readonly haloMaterial = layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.halo }));
  private readonly selection = new THREE.Group();
  private selectedName: string | null = null;
  private radius = 1;

  constructor(private readonly labels: LabelLayer) {
    for (const kind of PLACE_KINDS) {
      const { color, outline } = PLACE_STYLE[kind];
      this.shapes.set(kind, {
        fill: outlineGeometry(outline),
        halo: outlineGeometry(outline, HALO_SCALE),
        material: layerMaterial(new THREE.MeshBasicMaterial({ color })),
      });
    }
    // A dark ring under a bright one reads on the white plan and on dark walls alike.
    const dark = new THREE.Mesh(new THREE.RingGeometry(1.55, 2.3, 40), layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.wall })));
    const bright = new THREE.Mesh(new THREE.RingGeometry(1.7, 2.15, 40), layerMaterial(new THREE.MeshBasicMaterial({ color: MAP_COLOR.selection })));
    dark.renderOrder = LAYER.selection;
    bright.renderOrder = LAYER.selection;
    this.selection.add(dark, bright);
    this.selection.visible = false;
    this.root.add(this.selection);
  }

  show(places: readonly Place[]): void {
    for (const marker of this.markers) {
      this.labels.remove(marker.label);
      this.root.remove(marker.group);
    }
    this.markers = placesToDraw(places).map((place) => this.marker(place));
    if (this.markers.length > 0) this.root.add(...this.markers.map((marker) => marker.group));
    this.relabel();
    this.select(this.selectedName);
  }

  private marker(place: Place): Marker {
    const shape = this.shapes.get(place.kind) ?? this.shapes.get('waypoint');
    if (!shape) throw new Error(`no marker shape for ${place.kind}`);
    const group = new THREE.Group();
    group.position.set(place.x, place.y, 0);
    const halo = new THREE.Mesh(shape.halo, this.haloMaterial);
    halo.renderOrder = LAYER.placeHalo;
    const fill = new THREE.Mesh(shape.fill, shape.material);
    fill.renderOrder = LAYER.place;
    group.add(halo, fill);
    // Beds and parking spots face the way a robot should stand there.
    if (place.yaw !== null) group.rotation.z = place.yaw;
    const label = this.labels.add(`map-label--place map-label--${place.kind}`, LABEL_PRIORITY[place.kind], 0);
    label.x = place.x;
    label.y = place.y;
    return { place, group, label };
  }

  relabel(): void {
    for (const { place, label } of this.markers) this.labels.setContent(label, placeName(place));
  }

  select(name: string | null): void {
    this.selectedName = name;
    const chosen = this.markers.find((m) => m.place.name === name);
    this.selection.visible = chosen !== undefined;
    if (chosen) this.selection.position.copy(chosen.group.position);
    for (const { place, label } of this.markers) {
      label.priority = place.name === name ? LABEL_PRIORITY.selected : LABEL_PRIORITY[place.kind];
    }
  }

  /** Sizes markers for the zoom; call before each render. */
  frame(metresPerPx: number): void {
    this.radius = Math.max(PLACE_RADIUS_PX * metresPerPx, MIN_MARKER_RADIUS_M);
    const radiusPx = this.radius / metresPerPx;
    for (const { group, label } of this.markers) {
      group.scale.setScalar(this.radius);
      label.offsetPx = radiusPx * HALO_SCALE + 1;
    }
    this.selection.scale.setScalar(this.radius);
  }

  /** The place nearest to a map point, if one lies within `tolerance` metres of its marker. */
  pick(x: number, y: number, tolerance: number): Place | null {
    let best: Place | null = null;
    let bestDistance = this.radius * HALO_SCALE + tolerance;
    for (const { place } of this.markers) {
      const distance = Math.hypot(place.x - x, place.y - y);
      if (distance <= bestDistance) {
        best = place;
        bestDistance = distance;
      }
    }
    return best;
  }
}
