// A local HTTP server standing in for Slack or a webhook receiver (the edge of the world):
// it records what it is sent, and answers an error status while `failWith` is set.
import { type Server, createServer } from 'node:http'

export interface Received { path: string; headers: Record<string, string | string[] | undefined>; body: string; json: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- bodies are inspected freely

export class Receiver {
  readonly received: Received[] = []
  failWith: number | undefined
  private server: Server | undefined
  url = ''

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = ''
      req.on('data', (d: Buffer) => { body += d.toString() })
      req.on('end', () => {
        if (this.failWith !== undefined) {
          res.writeHead(this.failWith, { 'retry-after': '0' }).end('down')
          return
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, body, json: JSON.parse(body) })
        res.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    const address = this.server.address()
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    return this
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()))
  }
}

