export interface ArchiveReport {
  year: number
  /** Where the ZIP went (`deps.files.locate`). */
  path: string
  /** Receipt PDFs in the archive: every number of the year, cancelled and replaced included. */
  receipts: number
  /** Size of the ZIP. */
  bytes: number
  /** SHA-256 of the ZIP, to note beside the copy kept for six years. */
  sha256: string
  /** Whether every declaration check passed on the archived register. */
  checksOk: boolean
  /** Each archived PDF against the hash recorded when it was emailed. */
  pdfs: {
    identical: number
    /** Numbers whose PDF differs from the one sent (the first few). */
    different: string[]
    differentCount: number
    neverSent: number
  }
}
