// Runs the real command line (dist/src/cli/main.js) as a child process.
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url))

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface Child {
  process: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => { output += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { output += d.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { process: child, output: () => output, exited }
}

/** Waits until the child printed something matching `pattern` (or fails with its output). */
export async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const match = child.output().match(pattern)
    if (match) return match
    if (child.process.exitCode !== null) throw new Error(`process exited (${child.process.exitCode}) before printing ${pattern}:\n${child.output()}`)
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${child.output()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  const child = startCli(args, env)
  const code = await child.exited
  return { code, output: child.output() }
}
