import { describe, expect, it } from 'vitest'
import { loadEnv } from '../../shared/config/env.js'
import { AppError } from '../../shared/errors.js'

describe('loadEnv, the one reader of the environment', () => {
  it('fills the defaults, trims optional text and splits lists', () => {
    const env = loadEnv({ WEBHOOK_SECRET: '  s3cret ', HELLOASSO_IP_ALLOWLIST: 'a, b,,' })
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      MAX_BODY_BYTES: 256 * 1024,
      HELLOASSO_API_URL: 'https://api.helloasso.com/v5',
      OUTBOX_FAULT_RATE: 0,
      WEBHOOK_SECRET: 's3cret',
      HELLOASSO_IP_ALLOWLIST: ['a', 'b'],
    })
    expect(env.STAFF_TOKEN).toBeUndefined()
    expect(loadEnv({ STAFF_TOKEN: '   ' }).STAFF_TOKEN).toBeUndefined()
  })

  it('reads numbers, and takes a blank one as unset', () => {
    expect(loadEnv({ PORT: '0', QUEUE_CONCURRENCY: '4', OUTBOX_FAULT_RATE: '0.25' })).toMatchObject(
      {
        PORT: 0,
        QUEUE_CONCURRENCY: 4,
        OUTBOX_FAULT_RATE: 0.25,
      },
    )
    expect(loadEnv({ PORT: '', MAX_BODY_BYTES: ' ' })).toMatchObject({
      PORT: 3000,
      MAX_BODY_BYTES: 256 * 1024,
    })
  })

  it('refuses bad values with one line per variable, naming what it expects', () => {
    const read = () =>
      loadEnv({
        PORT: 'abc',
        MAX_BODY_BYTES: '0',
        QUEUE_MAX_ATTEMPTS: '1.5',
        HELLOASSO_API_URL: 'not a url',
        OUTBOX_FAULT_RATE: '5',
      })
    expect(read).toThrow(AppError)
    const message = (() => {
      try {
        read()
      } catch (error) {
        return (error as Error).message
      }
    })()
    expect(message).toBe(
      [
        'Invalid environment:',
        '✖ expected a number\n  → at PORT',
        '✖ expected a number above 0\n  → at MAX_BODY_BYTES',
        '✖ expected a URL (https://…)\n  → at HELLOASSO_API_URL',
        '✖ expected a whole number\n  → at QUEUE_MAX_ATTEMPTS',
        '✖ expected 0 to 1\n  → at OUTBOX_FAULT_RATE',
      ].join('\n'),
    )
  })

  it('wants both HelloAsso credentials or neither', () => {
    expect(() => loadEnv({ HELLOASSO_CLIENT_ID: 'id' })).toThrow(/HELLOASSO_CLIENT_SECRET/)
  })
})
