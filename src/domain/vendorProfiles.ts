// Built-in mapping corrections per controller vendor (MTCONNECT.md, "Heterogeneity"). A
// machine's `vendor` in machines.yaml selects one (case-insensitive); its own `mapping`
// overrides the profile entry by entry. To add a vendor, add an entry here with the quirk it
// fixes and where it was seen.
import type { MachineState } from './sample.js'

export interface VendorProfile {
  feedUnits?: string
  executionStates?: Record<string, MachineState>
}

export const VENDOR_PROFILES: Readonly<Record<string, VendorProfile>> = {
  // Reference FOCAS adapter: feed holds and waits come as INTERRUPTED (stopped by default); a
  // reset but idle machine reports STOPPED. Its bundled device model declares PathFeedrate in
  // MILLIMETER/SECOND for a FOCAS value that is in mm/min, so values come 60× too high.
  fanuc: { feedUnits: 'MILLIMETER/MINUTE', executionStates: { STOPPED: 'idle' } },
}

export function vendorProfile(vendor: string | undefined): VendorProfile {
  return (vendor !== undefined && hasVendorProfile(vendor) && VENDOR_PROFILES[profileKey(vendor)]) || {}
}

/** Whether `vendor` selects a built-in profile; machines.yaml warns when it does not. */
export function hasVendorProfile(vendor: string): boolean {
  // Own keys only: "constructor" or "toString" are not vendors.
  return Object.hasOwn(VENDOR_PROFILES, profileKey(vendor))
}

const profileKey = (vendor: string) => vendor.trim().toLowerCase()
