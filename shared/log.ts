/**
 * One JSON line per event, to stdout/stderr (CloudWatch on AWS). Callers pass ids and codes only:
 * no names, emails, addresses or secrets ever go in a log line (invariant 9).
 */
export type LogFields = Record<string, string | number | boolean | undefined>

export interface Logger {
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
}

export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const emit =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      write(JSON.stringify({ level, event, time: new Date().toISOString(), ...fields }))
  return { info: emit('info'), warn: emit('warn'), error: emit('error') }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }
