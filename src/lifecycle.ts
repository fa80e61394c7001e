// The start/close contract of the system's parts, as Fastify's onClose hooks: each part is
// pushed as it starts and closed in reverse order, on a failed start and on shutdown alike,
// so what started last (and may still use what started before it) stops first.
import type { Logger } from './logger.js'

/** A part of the running system that holds something (a timer, a socket, a connection) until closed. */
export interface Component {
  close(): Promise<void>
}

export class LifecycleStack {
  private readonly started: { name: string; component: Component }[] = []
  private closing: Promise<void> | undefined

  constructor(private readonly log: Pick<Logger, 'error'>) {}

  /** Registers a part that has just started (or is about to, when starting can fail halfway); answers it. */
  push<T extends Component>(name: string, component: T): T {
    if (this.closing) throw new Error(`${name} started after the system began to close`)
    this.started.push({ name, component })
    return component
  }

  /**
   * Closes every part in reverse order of registration, one after the other; a part that
   * fails to close is logged and the others still close. Every call answers the same promise.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const { name, component } of [...this.started].reverse()) {
        try {
          await component.close()
        } catch (err) {
          this.log.error({ component: name, err: (err as Error).message }, `closing ${name}: ${(err as Error).message}`)
        }
      }
    })()
    return this.closing
  }
}
