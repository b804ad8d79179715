import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { fontBytes, fontFilePath } from '../../shared/receipts/pdf/fonts/font-files.js'
import { bundledFontFileName } from '../../shared/receipts/pdf/fonts/font-sources.js'

describe('fontFilePath', () => {
  it('resolves the fonts from node_modules when they are installed', () => {
    expect(fontFilePath('dejavu-sans')).toMatch(
      /node_modules\/dejavu-fonts-ttf\/ttf\/DejaVuSans\.ttf$/,
    )
    expect(fontBytes('noto-sans-kr').byteLength).toBeGreaterThan(1_000_000)
  })

  it('falls back to fonts/ beside the module in a bundle, which has no node_modules', async () => {
    const bundleDir = await mkdtemp(join(tmpdir(), 'bundle-'))
    const moduleUrl = pathToFileURL(join(bundleDir, 'index.mjs')).href
    expect(fontFilePath('noto-sans-sc', moduleUrl)).toBe(
      join(bundleDir, 'fonts', 'NotoSansSC_400Regular.ttf'),
    )
    expect(bundledFontFileName('dejavu-sans-bold')).toBe('DejaVuSans-Bold.ttf')
  })
})
