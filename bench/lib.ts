// Small shared pieces of the benchmarks: figures, the machine they ran on, the server child.
import { cpus, totalmem } from 'node:os'
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

export function summarize(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length }
}

export function machineLine(): string {
  const cpu = cpus()
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

export function progress(line: string): void {
  process.stderr.write(`\r${line}`.padEnd(80))
}

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url))

/** The real server in its own process, so that the load generator does not share its CPU. */
export async function startServer(args: string[]): Promise<{ child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString()
      if (/listening on/.test(output)) resolve()
    })
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)))
  })
  return {
    child,
    stop: () => new Promise<void>((resolve) => {
      child.removeAllListeners('exit')
      child.on('exit', () => resolve())
      child.kill('SIGTERM')
    }),
  }
}
