// What a notification says, before it is shaped for a channel (Slack, webhook).

export interface NotificationContent {
  /** The alert's id (GET /v1/alerts/{id}). */
  alertId: number
  rule: string
  severity: string
  description?: string
  labels: Record<string, string>
  machineId: string
  status: 'firing' | 'resolved'
  /** A reminder while still firing (after the repeat interval). */
  repeat: boolean
  /** When this notification was made (epoch ms). */
  at: number
  activeSince: number
  /** The rendered message template. */
  message: string
  /** The machine as it was: state, duration, rpm, program, plant... */
  machine: Record<string, string | number | undefined>
  /** A page for the machine, when the server knows its public URL. */
  machineUrl?: string
}
