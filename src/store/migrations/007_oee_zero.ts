import type { Migration } from './index.js'

// Covered planned time that made no part (A = 0, or P = 0 with no parts) has an OEE of
// exactly 0 (src/domain/oee/oeeFigures.ts). Figures stored before said `oee: null`, basis
// 'none' (A = 0) or basis 'A×P (partial)' (P = 0): they are corrected in place, the stored
// figures JSON with them, so that days whose raw samples are gone are right too.

const MADE_NOTHING = `availability IS NOT NULL AND (figures->>'total_parts')::float8 = 0 AND (availability = 0 OR performance = 0)`
const ZERO_FIGURES = `figures || jsonb_build_object('oee', 0, 'basis', 'A×P×Q',
  'teep', CASE WHEN (figures->>'calendar_s')::float8 > 0 THEN 0 END)`

export const v007OeeZero: Migration = {
  version: 7,
  name: 'oee_zero_when_nothing_made',
  statements: ['oee_shift', 'oee_daily'].map((table) =>
    `UPDATE ${table} SET oee = 0, basis = 'A×P×Q', figures = ${ZERO_FIGURES} WHERE ${MADE_NOTHING}`),
}
