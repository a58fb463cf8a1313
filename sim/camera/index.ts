// Public surface of sim/camera: the simulated robot camera (a ray-cast view of the ward) and its node.
export { renderCameraFrame, DEFAULT_CAMERA, MAX_CAMERA_SIDE } from './render.js';
export type { CameraImage, CameraPose, CameraOptions } from './render.js';
export { buildScene, BED, PATIENT, ROBOT_BOX, WALL_HEIGHT_M, PALETTE } from './scene.js';
export type { CameraScene, SceneBox, SceneInputs, Rgb } from './scene.js';
export { figureShapes, looksFor, FIGURE_COLOURS } from './figure.js';
export type { FigurePose, BedFrame, Looks } from './figure.js';
export type { Shape, Vec3 } from './shapes.js';
export { attachCamera, renderRobotView, assignedBeds, CAMERA_RATES } from './camera-node.js';
export type { CameraBinding, CameraNodeOptions } from './camera-node.js';
