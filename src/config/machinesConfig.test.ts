import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, formatConfigProblem } from './configError.js'
import { parseMachinesYaml } from './machinesConfig.js'

function problems(text: string): string[] {
  try {
    parseMachinesYaml(text, 'machines.yaml')
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map(formatConfigProblem)
    throw err
  }
  return []
}

describe('parseMachinesYaml', () => {
  it("reads the seed's format with the optional device, vendor and mapping", () => {
    const config = parseMachinesYaml(`machines:
  - id: CNC-001
    agent_url: http://127.0.0.1:5000
    plant: Plant A
    model: Haas VF-2
  - id: CNC-002
    agent_url: http://127.0.0.1:5001/
    device: OKUMA
    vendor: Fanuc
    ideal_cycle_s: 42.5
    mapping:
      items: { rpm: S2speed }
      feed_units: MILLIMETER/MINUTE
      execution: { STOPPED: idle }
`, 'machines.yaml')
    assert.deepEqual(config.machines[0], { id: 'CNC-001', protocol: 'mtconnect', agentUrl: 'http://127.0.0.1:5000', plant: 'Plant A', model: 'Haas VF-2', mapping: {} })
    assert.deepEqual(config.machines[1], {
      id: 'CNC-002', protocol: 'mtconnect', agentUrl: 'http://127.0.0.1:5001/', device: 'OKUMA', vendor: 'Fanuc', idealCycleS: 42.5,
      mapping: { items: { rpm: 'S2speed' }, feedUnits: 'MILLIMETER/MINUTE', executionStates: { STOPPED: 'idle' } },
    })
  })

  it('warns, naming line, machine, value and the known profiles, about a vendor without a profile, in any case', () => {
    const config = parseMachinesYaml(`machines:
  - id: LATHE-1
    agent_url: http://127.0.0.1:5000
    vendor: okuma
  - id: MILL-1
    agent_url: http://127.0.0.1:5001
    vendor: FANUC
  - id: MILL-2
    agent_url: http://127.0.0.1:5002
  - id: MILL-3
    agent_url: http://127.0.0.1:5003
    vendor: Mazak
`, 'machines.yaml')
    assert.equal(config.machines.length, 4, 'a warning refuses nothing')
    assert.equal(config.machines[0]?.vendor, 'okuma', 'the value stays: it is the registry\'s vendor too')
    assert.deepEqual(config.warnings.map(formatConfigProblem), [
      'machines.yaml:4: machines[0].vendor: "okuma" (LATHE-1) has no built-in profile (known: fanuc); its data is mapped by the MTConnect defaults',
      'machines.yaml:12: machines[3].vendor: "Mazak" (MILL-3) has no built-in profile (known: fanuc); its data is mapped by the MTConnect defaults',
    ])
    assert.deepEqual(parseMachinesYaml('- id: A\n  agent_url: http://h:1\n  vendor: " Fanuc "\n- id: B\n  agent_url: http://h:2\n', 'f').warnings, [])
    assert.equal(parseMachinesYaml('- id: A\n  agent_url: http://h:1\n  vendor: constructor\n', 'f').warnings.length, 1, 'an Object.prototype key is no profile')
  })

  it('takes mapping.<field> as a shorthand of mapping.items.<field>, and refuses the two naming different items', () => {
    const config = parseMachinesYaml(`machines:
  - id: A
    agent_url: http://127.0.0.1:5000
    mapping: { rpm: S2speed, program: pprogram, items: { feed: p1Fact, program: pprogram }, execution: { STOPPED: idle } }
  - id: B
    agent_url: http://127.0.0.1:5001
    mapping: { execution: pexecution }
`, 'machines.yaml')
    assert.deepEqual(config.machines[0]?.mapping, { items: { rpm: 'S2speed', feed: 'p1Fact', program: 'pprogram' }, executionStates: { STOPPED: 'idle' } })
    assert.deepEqual(config.machines[1]?.mapping, { items: { execution: 'pexecution' } })
    assert.deepEqual(problems(`machines:
  - id: A
    agent_url: http://127.0.0.1:5000
    mapping:
      items: { rpm: S1speed }
      rpm: S2speed
      feed: 3
      spindle: S2speed
`), [
      'machines.yaml:6: machines[0].mapping.rpm: "S2speed" contradicts machines[0].mapping.items.rpm "S1speed"; name the data item once',
      'machines.yaml:7: machines[0].mapping.feed: must be a data item id or name',
      'machines.yaml:8: machines[0].mapping.spindle: unknown field; accepted: items, feed_units, execution, or a field\'s data item as in items (availability, execution, mode, emergency_stop, rpm, feed, part_count, program)',
    ])
  })

  it('takes an optional field left empty as not given, as oee.yaml and alerts.yaml do', () => {
    const config = parseMachinesYaml('- id: A\n  agent_url: http://h:1\n  ideal_cycle_s:\n  mapping: ~\n', 'machines.yaml')
    assert.deepEqual(config.machines[0], { id: 'A', protocol: 'mtconnect', agentUrl: 'http://h:1', mapping: {} })
    assert.deepEqual(problems('- id:\n  agent_url: http://h:1\n'), ['machines.yaml:1: machines[0].id: is required'])
  })

  it('accepts a bare list of machines', () => {
    assert.equal(parseMachinesYaml('- id: A\n  agent_url: http://127.0.0.1:5000\n', 'f').machines.length, 1)
  })

  it('names file, line and field of every problem at once', () => {
    assert.deepEqual(problems(`machines:
  - id: A
    agent_url: ftp://x
  - id: bad id
    agent_url: http://127.0.0.1:5000
    rpm: 3
  - agent_url: http://127.0.0.1:5000
  - id: A
    agent_url: http://127.0.0.1:5001
    mapping:
      feed_units: FURLONG/FORTNIGHT
      execution: { ACTIVE: busy }
      items: { speed: S1 }
`), [
      'machines.yaml:3: machines[0].agent_url: "ftp://x" must be an http:// or https:// URL, e.g. http://10.0.0.5:5000',
      'machines.yaml:4: machines[1].id: "bad id" must be 1-64 characters of A-Z a-z 0-9 . _ -, at least one a letter or a digit',
      'machines.yaml:6: machines[1].rpm: unknown field; accepted: id, protocol, agent_url, device, plant, model, vendor, ideal_cycle_s, mapping',
      'machines.yaml:7: machines[2].id: is required',
      'machines.yaml:11: machines[3].mapping.feed_units: must be one of MILLIMETER/SECOND, MILLIMETER/MINUTE, INCH/MINUTE, FOOT/MINUTE',
      'machines.yaml:12: machines[3].mapping.execution: ACTIVE: must map to one of running, idle, stopped, offline, got "busy"',
"machines.yaml:13: machines[3].mapping.items.speed: unknown field; did you mean 'feed'? accepted: availability, execution, mode, emergency_stop, rpm, feed, part_count, program",
    ])
  })

  it('names the accepted key a misspelt one was likely meant to be, at every level of the file', () => {
    assert.deepEqual(problems(`machine:
  - id: A
`), [
      "machines.yaml:1: machine: unknown top-level key; did you mean 'machines'? expected machines",
      'machines.yaml:1: machines: must be a list of machines (- id: ..., agent_url: ...)',
    ])
    assert.deepEqual(problems(`machines:
  - id: A
    agent_url: http://127.0.0.1:5000
    vendr: fanuc
    mapping:
      feed_unit: INCH/MINUTE
      items: { part_cont: P1 }
`), [
      "machines.yaml:4: machines[0].vendr: unknown field; did you mean 'vendor'? accepted: id, protocol, agent_url, device, plant, model, vendor, ideal_cycle_s, mapping",
      "machines.yaml:6: machines[0].mapping.feed_unit: unknown field; did you mean 'feed_units'? accepted: items, feed_units, execution, or a field's data item as in items (availability, execution, mode, emergency_stop, rpm, feed, part_count, program)",
      "machines.yaml:7: machines[0].mapping.items.part_cont: unknown field; did you mean 'part_count'? accepted: availability, execution, mode, emergency_stop, rpm, feed, part_count, program",
    ])
  })

  it('reports duplicate ids and YAML syntax errors with their line', () => {
    assert.match(problems('- id: A\n  agent_url: http://h:1\n- id: A\n  agent_url: http://h:2\n').join(), /:3: machines\[1\]\.id: "A" is already used by machines\[0\]/)
    assert.match(problems('machines:\n  - id: [A\n').join(), /machines\.yaml:\d+: \(syntax\)/)
    assert.match(problems('machines: 3\n').join(), /machines\.yaml:1: machines: must be a list/)
  })
})
