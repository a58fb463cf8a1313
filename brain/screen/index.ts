// The patient screen, brain side: what each robot shows (its board, reported by the skills and the
// dialogue), tablets paired with robots by screen tokens, touch answers and nurse calls, live updates.
export {
  screenBoard, ScreenBoard, SCREEN_QUESTION_KINDS,
  type AskedQuestion, type OpenQuestion, type ScreenListener, type ScreenQuestion, type ScreenQuestionKind, type ScreenSaying, type ScreenState,
} from './screen-board.js';
export { ScreenPairings, SCREEN_MODULE, SCREEN_MIGRATIONS, screenTokenDigest, type ScreenPairing, type ScreenPairingsOptions } from './screen-pairings.js';
export {
  ScreenService, ScreenConflict, MOVED_AWAY_M, SCREEN_NAMESPACE, type ScreenEvents, type ScreenServiceDeps, type WireScreen,
} from './screen-service.js';
export { registerScreenRoutes, screenUrl, ScreenStateSchema, SCREEN_AUTH, PAIRING_ROLES } from './screen-routes.js';
export { buildScreen, screenServiceFor, type ScreenParts } from './build-screen.js';
