// The catalogue module's public entry for other modules: its pure rules, shapes and components (safe in the browser).
// Other modules import catalogue only from here or from index.server.ts; the lint rule portal/module-entry keeps it so.
export { firstDayFor, formatDateEn, formatDateKo, mayApplyOn, type OpeningSchedule, parseOpeningSchedule } from "./opening-schedule";
export { seoulToday, windowState, type WindowState } from "./programme-window";
