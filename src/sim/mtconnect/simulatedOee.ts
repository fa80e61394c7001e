// The OEE setup of `serve --simulate`: an oee.yaml for the simulated plants, written out so a
// newcomer sees full A × P × Q figures at once and has a real file to read and edit. Two
// 12-hour shifts every day with a half-hour break each (so it is working time whenever the
// demo is started), in the time zone of this computer, and the ideal cycle time of every
// program each simulated machine runs (the simulator knows them; see simulatedPrograms).
import { type SimDeviceSpec, simulatedPrograms } from './simulatedCnc.js'

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

export interface SimulatedPlant {
  name: string
  machines: readonly SimDeviceSpec[]
}

export function simulatedOeeYaml(plants: readonly SimulatedPlant[], seed: number, timeZone: string): string {
  const lines = [
    '# Written by `cnc-telemetry serve --simulate` at every start, for its simulated machines:',
    '# the plants\' calendars and the ideal cycle time of each NC program. Edits apply at once but',
    '# are replaced at the next start; copy this file to ./oee.yaml (or pass --oee) to keep them.',
    'plants:',
  ]
  for (const p of plants) {
    lines.push(
      `  - name: ${JSON.stringify(p.name)}`,
      `    time_zone: ${JSON.stringify(timeZone)}`,
      '    shifts:',
      `      - { name: day, days: [${EVERY_DAY.join(', ')}], start: "06:00", end: "18:00", breaks: [{ name: lunch, start: "12:00", end: "12:30" }] }`,
      `      - { name: night, days: [${EVERY_DAY.join(', ')}], start: "18:00", end: "06:00", breaks: [{ name: meal, start: "00:00", end: "00:30" }] }`,
    )
  }
  lines.push('ideal_cycles:                 # seconds per part: the fastest each program cuts one')
  for (const m of plants.flatMap((p) => p.machines)) {
    for (const c of simulatedPrograms(m, seed)) lines.push(`  - { machine: ${m.name}, program: ${c.program}, seconds: ${c.idealCycleS} }`)
  }
  return `${lines.join('\n')}\n`
}
