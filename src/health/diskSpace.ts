// Free space on the disk that holds the embedded data directory. A full disk makes every
// write fail ("No space left on device") while SELECT 1 still answers, so /readyz checks
// it on its own, without asking the database.
import { statfs } from 'node:fs/promises'

export interface DiskSpace {
  path: string
  freeBytes: number
  totalBytes: number
}

export async function diskSpace(path: string): Promise<DiskSpace> {
  const s = await statfs(path)
  // bavail, not bfree: blocks reserved for root are not ours to write.
  return { path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize }
}
