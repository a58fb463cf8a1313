// Public surface of brain/reports: read-only queries over the brain's stores for the staff dashboard
// (a patient's history, the ward's figures) and the routes that serve them, with robots' camera frames.
export { registerReportRoutes, summaryToWire, CAMERA_TIMEOUT_MS, CAMERA_TTL_MS, type ReportRoutesDeps, type WireReportSummary } from './report-routes.js';
export { summarize, quantile, reportWindow, MAX_REPORT_DAYS, CATEGORY_ORDER, type ReportSummary, type ReportTask, type PainReading, type DurationStats } from './summary.js';
export {
  patientHistory, patientChain, UnknownPatient,
  type PatientHistorySources, type WirePatientHistory, type WireRoundVisit, type WireRoundAnswer, type WireEducationTopic, type WireEducationSession, type WireDelivery,
} from './patient-history.js';
export { FrameCache, type CachedFrame } from './frame-cache.js';
