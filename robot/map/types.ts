/** Metres in the ROS map frame (x right, y up) unless a field says otherwise. */
export interface Point {
  x: number;
  y: number;
}

export type ParamValue = string | number | boolean;

export interface Vertex extends Point {
  /** Position in the level's `vertices` list; lanes, walls and doors refer to vertices by it. */
  index: number;
  /** Empty string for the many unnamed vertices that only shape walls and lanes. */
  name: string;
  params: Record<string, ParamValue>;
}

export interface Lane {
  from: number;
  to: number;
  bidirectional: boolean;
  /** `graph_idx`: traffic-editor keeps one lane graph per fleet on the same level. */
  graph: number;
  /** Metres per second; 0 means the lane sets no limit. */
  speedLimit: number;
}

export interface Segment {
  a: Point;
  b: Point;
}

export interface Door extends Segment {
  name: string;
  /** traffic-editor door type: hinged, double_hinged, sliding, double_sliding. */
  type: string;
}

export interface LevelDrawing {
  /** Absolute path of the floor-plan image. */
  file: string;
  /**
   * Image pixel (0, 0) is map point (0, 0); pixel (u, v) is at (u·metresPerPixel, −v·metresPerPixel).
   * That lets a viewer lay the image under walls and lanes without further alignment.
   */
  metresPerPixel: number;
}

export interface Level {
  name: string;
  /** Floor height in metres. */
  elevation: number;
  /** Metres per map unit: pixels for reference_image maps, 1 for cartesian_meters. */
  scale: number;
  drawing: LevelDrawing | null;
  vertices: Vertex[];
  lanes: Lane[];
  walls: Segment[];
  doors: Door[];
  floors: Point[][];
}

export interface Lift extends Point {
  name: string;
  /** Radians, as written in the file. */
  yaw: number;
  /** Cabin size in metres. */
  width: number;
  depth: number;
  /** Levels the lift stops at. */
  levels: string[];
}

export type CoordinateSystem = 'reference_image' | 'cartesian_meters';

export interface BuildingMap {
  name: string;
  /** Absolute path of the `.building.yaml` file. */
  file: string;
  coordinateSystem: CoordinateSystem;
  levels: Level[];
  lifts: Lift[];
}
