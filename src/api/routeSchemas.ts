// The path and query parameters several routes share, as schemas: a request that does not
// fit them gets a 400 naming the parameter before any code (or the database) sees it.
import { Type } from '@sinclair/typebox'
import { MACHINE_ID_RULE, MACHINE_ID_SOURCE } from '../domain/machineId.js'

export const MachineId = (description = `machine id: ${MACHINE_ID_RULE}`) => Type.String({ pattern: MACHINE_ID_SOURCE, description })
export const MachineIdParams = Type.Object({ id: MachineId() })

/** A row id of ours (alerts, silences): bigint identities, never beyond 2^53 in practice. */
export const RowIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

/** Words for what a schema keyword refused, where Ajv's own ("must match pattern …") says nothing to a person. */
export const PATTERN_RULES: Readonly<Record<string, string>> = { [MACHINE_ID_SOURCE]: `must be a machine id: ${MACHINE_ID_RULE}` }
