// What the alert endpoints answer: the types generated from the server's schemas (src/domain/alertRecords.ts).
export type { ActiveAlerts, AlertRow, Delivery, PendingAlert, Silence } from '../generated/api'
