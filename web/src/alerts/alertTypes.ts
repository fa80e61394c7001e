// What the alert endpoints answer (src/api/alertRoutes.ts).

export interface AlertRow {
  id: number
  rule: string
  machine_id: string
  severity: string
  active_since: string
  fired_at: string
  resolved_at: string | null
  acknowledged_at: string | null
  acknowledged_by: string | null
  labels: Record<string, string>
  snapshot: Record<string, unknown>
}

export interface PendingAlert {
  rule: string
  machine_id: string
  active_since: string
}

export interface ActiveAlerts {
  firing: AlertRow[]
  pending: PendingAlert[]
}

export interface Silence {
  id: number
  rule: string | null
  machine_id: string | null
  ends_at: string
  comment: string | null
  created_at: string
}

export interface Delivery {
  id: string
  kind: string
  channel_type: string
  destination: string
  status: string
  created_at: string
  delivered_at: string | null
  attempts: { at: string; status_code: number | null; error: string | null; duration_ms: number }[]
}
