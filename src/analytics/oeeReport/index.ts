// OEE report exports: pure functions from report data to file contents.
export type { OeeReportInput, OeeReportRow } from './reportInput.js'
export { oeeCsv } from './oeeCsv.js'
export { oeePdf } from './oeePdf.js'
