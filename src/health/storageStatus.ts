// GET /v1/storage/status and `cnc-telemetry storage status`: what the store reports of itself.
import type { Db } from '../store/db.js'
import { type StorageStatus, storageStatus } from '../store/status.js'

export type { StorageStatus }

export const storageStatusOf = (db: Db) => (): Promise<StorageStatus> => storageStatus(db)
