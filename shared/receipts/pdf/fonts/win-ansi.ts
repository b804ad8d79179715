// The characters the standard PDF fonts (Helvetica…) can write: Windows-1252, the WinAnsi
// encoding of the PDF spec. 0x80–0x9F hold typographic signs French needs (’ « » are elsewhere
// in Latin-1, but € œ Œ … – — are here).
const CP1252_EXTRAS = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'

const WIN_ANSI: ReadonlySet<number> = new Set([
  ...range(0x20, 0x7e),
  ...range(0xa0, 0xff),
  ...[...CP1252_EXTRAS].map((char) => char.codePointAt(0) ?? 0),
])

export function isWinAnsi(codePoint: number): boolean {
  return WIN_ANSI.has(codePoint)
}

export function isWinAnsiText(text: string): boolean {
  for (const char of text) {
    if (!WIN_ANSI.has(char.codePointAt(0) ?? 0)) return false
  }
  return true
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
