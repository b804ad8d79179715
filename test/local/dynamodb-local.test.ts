import { spawn } from 'node:child_process'
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { afterAll, describe, expect, it } from 'vitest'
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js'
import { parseJavaMajorVersion, requireJava17 } from '../../functions/local/require-java-17.js'
import { AppError } from '../../shared/errors.js'
import { createDynamoDbClients } from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'

const scratch = await mkdtemp(join(tmpdir(), 'dynamodb-local-test-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('startDynamoDbLocal', () => {
  it('persists data in dataDir across a stop and a start', async () => {
    const dataDir = join(scratch, 'data', 'dynamodb')
    const first = await startDynamoDbLocal({ dataDir })
    const one = createDynamoDbClients({ endpoint: first.endpoint, region: 'eu-west-3' })
    await ensureTable(one.client, 'persisted')
    await one.doc.send(
      new PutCommand({
        TableName: 'persisted',
        Item: { pk: 'ORG#a', sk: 'COUNTER#2026', next: 42 },
      }),
    )
    one.client.destroy()
    await first.stop()
    expect(isRunning(first.pid)).toBe(false)
    expect(await readdir(dataDir)).toContain('shared-local-instance.db')

    const second = await startDynamoDbLocal({ dataDir })
    try {
      const two = createDynamoDbClients({ endpoint: second.endpoint, region: 'eu-west-3' })
      const { Item } = await two.doc.send(
        new GetCommand({ TableName: 'persisted', Key: { pk: 'ORG#a', sk: 'COUNTER#2026' } }),
      )
      expect(Item).toEqual({ pk: 'ORG#a', sk: 'COUNTER#2026', next: 42 })
      two.client.destroy()
    } finally {
      await second.stop()
    }
  }, 120_000) // two JVM starts and a file-backed CreateTable: slow on a loaded machine

  it('compiles with the JIT’s first tier only, collects with the serial GC, and stops idempotently, even when asked concurrently', async () => {
    const dynamo = await startDynamoDbLocal({})
    expect(isRunning(dynamo.pid)).toBe(true)
    // The second tier's compiler doubled the JVM's CPU over a test run, for no gain in its length.
    const commandLine = (await readFile(`/proc/${dynamo.pid}/cmdline`, 'utf8')).split('\0')
    expect(commandLine).toContain('-XX:TieredStopAtLevel=1')
    // G1's concurrent threads and barriers cost a tenth more CPU per request.
    expect(commandLine).toContain('-XX:+UseSerialGC')

    await Promise.all([dynamo.stop(), dynamo.stop()])
    await dynamo.stop()

    expect(isRunning(dynamo.pid)).toBe(false)
  })

  it('takes the JVM down with a parent that is killed outright', async () => {
    const module = fileURLToPath(
      new URL('../../functions/local/dynamodb-local.ts', import.meta.url),
    )
    const parent = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startDynamoDbLocal } = await import(${JSON.stringify(module)})
        const dynamo = await startDynamoDbLocal({})
        console.log('jvm', dynamo.pid)
        setInterval(() => {}, 1000)`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const jvmPid = await new Promise<number>((resolve, reject) => {
      parent.stdout.on('data', (chunk: Buffer) => {
        const match = /jvm (\d+)/.exec(chunk.toString())
        if (match) resolve(Number(match[1]))
      })
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)))
    })
    expect(isRunning(jvmPid)).toBe(true)

    parent.kill('SIGKILL')

    await expect.poll(() => isRunning(jvmPid), { timeout: 10_000, interval: 100 }).toBe(false)
  })

  it('refuses a busy port with a message naming the port and how to change it', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const address = blocker.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const error = await startDynamoDbLocal({ port }).catch((caught: unknown) => caught)

      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({ code: 'runtime.unavailable' })
      expect((error as AppError).message).toContain(`Port ${port} is already in use`)
      expect((error as AppError).message).toContain('DYNAMODB_LOCAL_PORT')
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })
})

describe('requireJava17', () => {
  it('tells how to install Java when it is missing', async () => {
    const error = await requireJava17(join(scratch, 'no-such-java')).catch((caught) => caught)

    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'runtime.unavailable' })
    expect((error as AppError).message).toContain('apt-get install -y openjdk-17-jre-headless')
  })

  it('refuses a Java older than 17', async () => {
    const fakeJava = join(scratch, 'java8')
    await writeFile(fakeJava, '#!/bin/sh\necho \'java version "1.8.0_402"\' >&2\n')
    await chmod(fakeJava, 0o755)

    const error = await requireJava17(fakeJava).catch((caught) => caught)

    expect(error).toMatchObject({ code: 'runtime.unavailable' })
    expect((error as AppError).message).toContain('found Java 8')
  })

  it('reads the major version from every vendor format', () => {
    expect(parseJavaMajorVersion('openjdk version "17.0.15" 2025-04-15')).toBe(17)
    expect(parseJavaMajorVersion('openjdk version "21" 2023-09-19')).toBe(21)
    expect(parseJavaMajorVersion('java version "1.8.0_402"')).toBe(8)
    expect(parseJavaMajorVersion('command not found')).toBeUndefined()
  })
})
