/**
 * The kinds of setting env.ts reads. A setting turns the raw text of its variable (undefined
 * when unset) into its value, or throws a SettingError that says what was expected. Hand-written
 * rather than zod: every Lambda reads its settings at cold start, and a dozen lines here cost
 * less than the 22 KB that even zod/mini brings into each bundle.
 */
export type Setting<T> = (raw: string | undefined) => T

export class SettingError extends Error {}

const trimmed = (raw: string | undefined) => (raw?.trim() ? raw.trim() : undefined)

/** Numbers and URLs: a blank value (`PORT=` in an env file) is taken as unset. */
const unset = (raw: string | undefined): raw is undefined => trimmed(raw) === undefined

/** Optional text, trimmed; blank is unset. */
export const optionalText: Setting<string | undefined> = trimmed

/** Text with a default when unset (not trimmed: a path or name is taken as given). */
export const text =
  (fallback: string): Setting<string> =>
  (raw) =>
    raw ?? fallback

/** Comma-separated values, trimmed, empty ones dropped; unset or empty is undefined. */
export const csv: Setting<string[] | undefined> = (raw) =>
  raw
    ? raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
    : undefined

function wholeNumber(raw: string): number {
  const value = Number(raw)
  if (Number.isNaN(value)) throw new SettingError('expected a number')
  if (!Number.isSafeInteger(value)) throw new SettingError('expected a whole number')
  return value
}

export const positiveInt =
  (fallback: number): Setting<number> =>
  (raw) => {
    if (unset(raw)) return fallback
    const value = wholeNumber(raw)
    if (value <= 0) throw new SettingError('expected a number above 0')
    return value
  }

export const nonNegativeInt =
  (fallback: number): Setting<number> =>
  (raw) => {
    if (unset(raw)) return fallback
    const value = wholeNumber(raw)
    if (value < 0) throw new SettingError('expected 0 or more')
    return value
  }

/** A fraction from 0 to 1 (a rate). */
export const fraction =
  (fallback: number): Setting<number> =>
  (raw) => {
    if (unset(raw)) return fallback
    const value = Number(raw)
    if (Number.isNaN(value)) throw new SettingError('expected a number')
    if (value < 0 || value > 1) throw new SettingError('expected 0 to 1')
    return value
  }

/** An absolute URL, kept as written. */
export const url =
  (fallback: string): Setting<string> =>
  (raw) => {
    if (unset(raw)) return fallback
    if (!URL.canParse(raw)) throw new SettingError('expected a URL (https://…)')
    return raw
  }

/** An optional absolute URL, kept as written; blank is unset. */
export const optionalUrl: Setting<string | undefined> = (raw) => {
  if (unset(raw)) return undefined
  if (!URL.canParse(raw)) throw new SettingError('expected a URL (https://…)')
  return raw
}

/** Reads every setting of `settings` from `source`; all the errors at once, one per variable. */
export function readSettings<S extends Record<string, Setting<unknown>>>(
  settings: S,
  source: NodeJS.ProcessEnv,
): { [K in keyof S]: ReturnType<S[K]> } | { errors: string[] } {
  const values: Record<string, unknown> = {}
  const errors: string[] = []
  for (const [name, read] of Object.entries(settings)) {
    try {
      values[name] = read(source[name])
    } catch (error) {
      if (!(error instanceof SettingError)) throw error
      errors.push(`✖ ${error.message}\n  → at ${name}`)
    }
  }
  return errors.length > 0 ? { errors } : (values as { [K in keyof S]: ReturnType<S[K]> })
}
