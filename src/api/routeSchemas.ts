// The path and query parameters several routes share, as schemas: a request that does not
// fit them gets a 400 naming the parameter before any code (or the database) sees it. And
// the fields several JSON bodies share (api/jsonBody.ts checks bodies).
import { FormatRegistry, Type } from '@sinclair/typebox'
import { GLOB_RULE, isValidMachineGlob } from '../alerts/rules/machineGlob.js'
import { MACHINE_ID_RULE, MACHINE_ID_SOURCE } from '../domain/machineId.js'
import { ZONED_INSTANT_RULE } from './zonedInstant.js'

export const MachineId = (description = `machine id: ${MACHINE_ID_RULE}`) => Type.String({ pattern: MACHINE_ID_SOURCE, description })
export const MachineIdParams = Type.Object({ id: MachineId() })

/** A row id of ours (alerts, silences): bigint identities, never beyond 2^53 in practice. */
export const RowIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

/** Words for what a schema keyword refused, where Ajv's own ("must match pattern …") says nothing to a person. */
export const PATTERN_RULES: Readonly<Record<string, string>> = { [MACHINE_ID_SOURCE]: `must be a machine id: ${MACHINE_ID_RULE}` }

/** An instant in a body. */
export const Instant = (description: string) => Type.String({ format: 'zoned-instant', description, errorMessage: ZONED_INSTANT_RULE })

/** Optional free text of a body (a note, who did it); null reads as absent. */
export const OptionalText = (maxLength: number, errorMessage: string, description?: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()], { errorMessage, description }))

FormatRegistry.Set('machine-glob', isValidMachineGlob)
/** A machine id or a glob of them (alerts.yaml's machine_id, a silence's). */
export const MachineGlob = Type.String({ format: 'machine-glob', errorMessage: GLOB_RULE })
