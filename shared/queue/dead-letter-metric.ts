import type { PublishMetric } from '../metrics.js'

/** The metric every dead letter publishes, wherever it is recorded; an alarm per step watches it. */
export const DEAD_LETTERS_METRIC = 'DeadLetters'

/**
 * The steps whose work can end in the dead letters: the three of the flow (their queue
 * handlers), the SES events (an unreadable event) and the jobs' worker (an unreadable chunk).
 */
export const DEAD_LETTER_STEPS = ['process', 'number', 'deliver', 'ses-events', 'jobs'] as const
export type DeadLetterStep = (typeof DEAD_LETTER_STEPS)[number]

/** Counts one dead letter of `step` (infra/: the `<Step>DeadLetters` alarms). */
export function countDeadLetter(publish: PublishMetric, step: DeadLetterStep): void {
  publish(DEAD_LETTERS_METRIC, 1, 'Count', { Step: step })
}
