/** Where a job command writes: its report lines, and the terminal its progress bar draws on. */
export interface CommandIo {
  out: (line: string) => void
  progressStream: NodeJS.WriteStream
}

/** Exit codes: 0 done and clean, 2 done with findings a person must look at. */
export type ExitCode = 0 | 2
