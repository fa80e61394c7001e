// Runs every compiled test file with node's test runner, one file at a time (the machine
// has two cores and several tests start servers and embedded databases).
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) find(path, out)
    else if (name.endsWith('.test.js')) out.push(path)
  }
  return out
}

const filter = process.argv[2]
const files = [...find('dist/src'), ...find('dist/test')].filter((f) => !filter || f.includes(filter)).sort()
if (files.length === 0) {
  console.error(`no test files found${filter ? ` matching "${filter}"` : ''}; did the build run?`)
  process.exit(1)
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
