// What a person can do about an alert from the dashboard.
import { deleteJson, postJson } from '../api'
import type { AlertRow, Silence } from './alertTypes'

export const acknowledgeAlert = (id: number) => postJson<AlertRow>(`/v1/alerts/${id}/ack`, { by: 'dashboard' })

export const silence = (rule: string, machineId: string, minutes: number) =>
  postJson<Silence>('/v1/alerts/silences', { rule, machine_id: machineId, minutes, comment: 'from the dashboard' })

export const endSilence = (id: number) => deleteJson<{ deleted: number }>(`/v1/alerts/silences/${id}`)
