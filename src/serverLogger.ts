// The server's one logger (pino), created before anything starts so that every part logs
// through it from its first line; Fastify takes it as its loggerInstance. The options are
// those Fastify's own `logger` option takes (its lib/logger-factory.js): false for silence,
// true or an object for pino, at level info unless told, to stdout unless given a stream.
import { pino } from 'pino'

export type ServerLoggerOptions = pino.LoggerOptions & { stream?: pino.DestinationStream }

export type ServerLogger = pino.Logger

export function createServerLogger(options: boolean | ServerLoggerOptions): ServerLogger {
  if (options === false) return pino({ enabled: false })
  const { stream, ...rest } = options === true ? {} : options
  return pino({ ...rest, level: rest.level ?? 'info' }, stream)
}
