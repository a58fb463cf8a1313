export { AlertService, type AlertServiceOptions } from './alert-service.js';
export { registerAlertRoutes, alertToWire, AlertSchema, type AlertRoutesDeps, type WireAlert } from './alert-routes.js';
export {
  ALERT_KINDS, ALERT_SEVERITIES, AlertAlreadyAcknowledged, AlertInputError, AlertNotFound,
  type Acknowledgement, type Alert, type AlertEvent, type AlertKind, type AlertListener, type AlertQuery, type AlertSeverity,
  type AlertText, type RaiseAlertInput,
} from './alert-types.js';
