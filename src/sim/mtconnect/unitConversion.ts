// An agent converts sample values from a data item's nativeUnits to its MTConnect units (and
// divides by nativeScale) before serving them: the Okuma demo declares PathFeedrate in
// MILLIMETER/MINUTE natively, so the recorded 63.625 is served as 1.06041666666667 mm/s.

const LENGTH_IN_MM: Record<string, number> = { MILLIMETER: 1, CENTIMETER: 10, DECIMETER: 100, METER: 1000, INCH: 25.4, FOOT: 304.8 }
const TIME_IN_S: Record<string, number> = { SECOND: 1, MINUTE: 60, HOUR: 3600 }
const ANGLE_IN_DEGREES: Record<string, number> = { DEGREE: 1, RADIAN: 180 / Math.PI }
const ROTATION_IN_REVOLUTIONS: Record<string, number> = { REVOLUTION: 1 }

/** The factor from `unit` to the base of its kind, with the kind; undefined when unknown. */
function scaleOf(unit: string): { kind: string; factor: number } | undefined {
  const [numerator, denominator, ...rest] = unit.replace(/_3D$/, '').split('/')
  if (numerator === undefined || rest.length > 0) return undefined
  const tables: [string, Record<string, number>][] = [['length', LENGTH_IN_MM], ['angle', ANGLE_IN_DEGREES], ['rotation', ROTATION_IN_REVOLUTIONS]]
  const found = tables.find(([, table]) => table[numerator] !== undefined)
  if (!found) return undefined
  const [kind, table] = found
  const top = table[numerator] as number
  if (denominator === undefined) return { kind, factor: top }
  const bottom = TIME_IN_S[denominator]
  return bottom === undefined ? undefined : { kind: `${kind}/time`, factor: top / bottom }
}

/** A function converting a served value, or undefined when the value is served as recorded. */
export function nativeToUnits(item: { units?: string; nativeUnits?: string; nativeScale?: number }): ((value: string) => string) | undefined {
  let factor = 1
  if (item.units && item.nativeUnits && item.units !== item.nativeUnits) {
    const from = scaleOf(item.nativeUnits)
    const to = scaleOf(item.units)
    if (from && to && from.kind === to.kind) factor = from.factor / to.factor
  }
  if (item.nativeScale && item.nativeScale !== 0) factor /= item.nativeScale
  if (factor === 1) return undefined
  return (value) =>
    value
      .split(' ')
      .map((token) => {
        const n = Number(token)
        // cppagent prints converted doubles with 15 significant digits.
        return token === '' || Number.isNaN(n) ? token : String(Number((n * factor).toPrecision(15)))
      })
      .join(' ')
}
