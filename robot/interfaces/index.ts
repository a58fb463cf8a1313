// The ROS interface contract as TypeScript: types generated from the .msg/.srv/.action files, and a
// registry that derives JSON Schemas, validators and defaults from the same files at run time.
import type { RosActions, RosMessages, RosServices } from './types.generated.js';
import { RosConstants } from './types.generated.js';

export { RosConstants };
export type { RosActions, RosMessages, RosServices };
export { InterfaceRegistry, interfaces, INTERFACE_ROOTS } from './registry.js';
export type { JsonSchema, SchemaOptions, Validation } from './registry.js';
export { IdlError } from './idl.js';
export type { MessageSpec, ActionSpec, ServiceSpec, FieldSpec } from './idl.js';

export type Msg<T extends keyof RosMessages> = RosMessages[T];
export type ActionGoal<A extends keyof RosActions> = RosActions[A]['goal'];
export type ActionResult<A extends keyof RosActions> = RosActions[A]['result'];
export type ActionFeedback<A extends keyof RosActions> = RosActions[A]['feedback'];

export type Time = Msg<'builtin_interfaces/msg/Time'>;
export type Duration = Msg<'builtin_interfaces/msg/Duration'>;
export type PoseStamped = Msg<'geometry_msgs/msg/PoseStamped'>;
export type BatteryState = Msg<'sensor_msgs/msg/BatteryState'>;
export type RobotStatus = Msg<'ward_interfaces/msg/RobotStatus'>;
export type Path = Msg<'nav_msgs/msg/Path'>;
export type Utterance = Msg<'ward_interfaces/msg/Utterance'>;
export type DrawerStates = Msg<'ward_interfaces/msg/DrawerStates'>;
export type Clock = Msg<'rosgraph_msgs/msg/Clock'>;
export type Image = Msg<'sensor_msgs/msg/Image'>;
export type AudioChunk = Msg<'ward_interfaces/msg/AudioChunk'>;
export type VoiceActivity = Msg<'ward_interfaces/msg/VoiceActivity'>;
export type WakeWord = Msg<'ward_interfaces/msg/WakeWord'>;
export type BarcodeReading = Msg<'ward_interfaces/msg/BarcodeReading'>;
export type PersonDetections = Msg<'ward_interfaces/msg/PersonDetections'>;

/** Action type names, written once. */
export const ACTION_TYPES = {
  navigateToPlace: 'ward_interfaces/action/NavigateToPlace',
  navigateToPose: 'nav2_msgs/action/NavigateToPose',
  speak: 'ward_interfaces/action/Speak',
  askQuestion: 'ward_interfaces/action/AskQuestion',
  detectPerson: 'ward_interfaces/action/DetectPerson',
  readWristband: 'ward_interfaces/action/ReadWristband',
  drawerControl: 'ward_interfaces/action/DrawerControl',
  authenticateStaff: 'ward_interfaces/action/AuthenticateStaff',
} as const satisfies Record<string, keyof RosActions>;
/** The ward skills a robot serves besides navigation, each an action at `/<robot>/<skill>`. */
export const SKILL_ACTIONS = ['speak', 'askQuestion', 'detectPerson', 'readWristband', 'drawerControl', 'authenticateStaff'] as const;
export type SkillAction = (typeof SKILL_ACTIONS)[number];
export const MESSAGE_TYPES = {
  pose: 'geometry_msgs/msg/PoseStamped',
  battery: 'sensor_msgs/msg/BatteryState',
  status: 'ward_interfaces/msg/RobotStatus',
  plan: 'nav_msgs/msg/Path',
  patientSpeech: 'ward_interfaces/msg/Utterance',
  drawers: 'ward_interfaces/msg/DrawerStates',
  clock: 'rosgraph_msgs/msg/Clock',
  camera: 'sensor_msgs/msg/Image',
  microphone: 'ward_interfaces/msg/AudioChunk',
  speaker: 'ward_interfaces/msg/AudioChunk',
  voiceActivity: 'ward_interfaces/msg/VoiceActivity',
  wakeWord: 'ward_interfaces/msg/WakeWord',
  barcodes: 'ward_interfaces/msg/BarcodeReading',
  people: 'ward_interfaces/msg/PersonDetections',
} as const satisfies Record<string, keyof RosMessages>;

/** action_msgs/GoalStatus codes, as rosbridge reports them in action_result.status. */
export const GoalStatus = {
  UNKNOWN: RosConstants['action_msgs/msg/GoalStatus'].STATUS_UNKNOWN,
  ACCEPTED: RosConstants['action_msgs/msg/GoalStatus'].STATUS_ACCEPTED,
  EXECUTING: RosConstants['action_msgs/msg/GoalStatus'].STATUS_EXECUTING,
  CANCELING: RosConstants['action_msgs/msg/GoalStatus'].STATUS_CANCELING,
  SUCCEEDED: RosConstants['action_msgs/msg/GoalStatus'].STATUS_SUCCEEDED,
  CANCELED: RosConstants['action_msgs/msg/GoalStatus'].STATUS_CANCELED,
  ABORTED: RosConstants['action_msgs/msg/GoalStatus'].STATUS_ABORTED,
} as const;
export const NavigateToPlaceError = RosConstants['ward_interfaces/action/NavigateToPlace_Result'];
export const RobotMode = RosConstants['ward_interfaces/msg/RobotStatus'];
export const AskKind = RosConstants['ward_interfaces/action/AskQuestion_Goal'];
export const AskOutcome = RosConstants['ward_interfaces/action/AskQuestion_Result'];
export const DrawerCommand = RosConstants['ward_interfaces/action/DrawerControl_Goal'];
export const DrawerStateCode = RosConstants['ward_interfaces/msg/DrawerState'];
/** The simulated (or ROS) clock, as `use_sim_time` nodes read it. */
export const CLOCK_TOPIC = '/clock';

/** Topic and action names of a robot living in the namespace `/<robot>`. */
export const robotNames = (robot: string) => ({
  pose: `/${robot}/pose`,
  battery: `/${robot}/battery_state`,
  status: `/${robot}/status`,
  /** The route the robot means to drive, as Nav2's planner publishes it. */
  plan: `/${robot}/plan`,
  navigateToPose: `/${robot}/navigate_to_pose`,
  navigateToPlace: `/${robot}/navigate_to_place`,
  /** What the patient says or touches, as text: speech recognition, the screen, or the simulated patient. */
  patientSpeech: `/${robot}/patient_speech`,
  drawers: `/${robot}/drawers`,
  speak: `/${robot}/speak`,
  askQuestion: `/${robot}/ask_question`,
  detectPerson: `/${robot}/detect_person`,
  readWristband: `/${robot}/read_wristband`,
  drawerControl: `/${robot}/drawer_control`,
  authenticateStaff: `/${robot}/authenticate_staff`,
  /** The robot's camera, as a ROS camera driver publishes it (uncompressed; data is base64 on rosbridge). */
  camera: `/${robot}/camera/image_raw`,
  /** Microphone audio (mono S16LE, 16 kHz): a microphone node, the simulated patient, or the patient screen. */
  microphone: `/${robot}/microphone/audio`,
  /** What the robot says, as audio for its speaker and the patient screen. */
  speaker: `/${robot}/speaker/audio`,
  voiceActivity: `/${robot}/voice_activity`,
  wakeWord: `/${robot}/wake_word`,
  /** Barcodes the camera read (wristbands, medication labels), with a confidence. */
  barcodes: `/${robot}/barcodes`,
  /** People the camera sees, one message per frame checked. */
  people: `/${robot}/people`,
});

/** Seconds as a builtin_interfaces Time/Duration. */
export function toRosTime(seconds: number): Time {
  const sec = Math.floor(seconds);
  return { sec, nanosec: Math.min(999_999_999, Math.round((seconds - sec) * 1e9)) };
}
export function fromRosTime(t: Time | Duration): number {
  return t.sec + t.nanosec / 1e9;
}
/** Yaw (rad) as a quaternion about z, and back. */
export function yawToQuaternion(yaw: number): { x: number; y: number; z: number; w: number } {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}
export function quaternionToYaw(q: { x: number; y: number; z: number; w: number }): number {
  return Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}
