// The logger every component takes: pino's call shape (fields, then message), so that the
// server's Fastify logger, the CLI's console logger and a silent one in tests all fit.
// Components ask for the levels they use, e.g. Pick<Logger, 'info' | 'warn'>.
export interface Logger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}
