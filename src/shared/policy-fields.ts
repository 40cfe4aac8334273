/**
 * The text and number fields every part of a policy is built from, with the wording of their refusals.
 * Internal to the policy schema (src/shared/policy*.ts): not part of what src/shared/policy.ts exports.
 */
import { z } from 'zod'

export const words = (max = 500) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

export const wholeNumber = (min: number) =>
  z
    .number({ error: `must be a whole number of at least ${min}` })
    .int({ error: `must be a whole number of at least ${min}` })
    .min(min, { error: `must be a whole number of at least ${min}` })
