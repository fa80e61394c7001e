// Coding one or several stops with a reason: one POST per stop, one after the other (each
// recomputes the machine's day on the server), and an account of what failed and why.
import type { ApiError } from '../api'
import { type Stop, type StopCode, codeStop } from './oeeApi'

export interface CodingResult {
  coded: Stop[]
  failed: { stop: Stop; error: ApiError }[]
}

export async function codeStops(stops: readonly Stop[], machineOf: (stop: Stop) => string, code: StopCode): Promise<CodingResult> {
  const result: CodingResult = { coded: [], failed: [] }
  for (const stop of stops) {
    try {
      await codeStop(machineOf(stop), stop, code)
      result.coded.push(stop)
    } catch (err) {
      result.failed.push({ stop, error: err as ApiError })
    }
  }
  return result
}

/** The server's objection in words: each field it named and what is wrong with it. */
export function describeError(error: ApiError): string {
  if (error.unreachable) return 'the server could not be reached; try again when it is back'
  if (error.details.length > 0) return error.details.map((d) => `${d.field || 'request'} ${d.reason}`).join('; ')
  return error.message
}
