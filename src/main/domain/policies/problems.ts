/**
 * Turning zod's issues about an imported policy into plain English, one per field, each naming the
 * field's path the way a person reading the JSON file would find it: "stages[2].timescale.amount".
 */
import type { z } from 'zod'
import { CONDITION_KEYS } from '../../../shared/policy'

export interface PolicyProblem {
  path: string
  message: string
}

type PathPart = PropertyKey

/** ['stages', 2, 'timescale', 'amount'] → 'stages[2].timescale.amount'; the root is '(the policy)'. */
export function formatPath(path: readonly PathPart[]): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out === '' ? '(the policy)' : out
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let here: unknown = root
  for (const part of path) {
    if (here === null || typeof here !== 'object') return undefined
    here = (here as Record<PropertyKey, unknown>)[part as string]
  }
  return here
}

const CONDITION_EXAMPLE =
  `must be one condition such as { "fromStage": 2 } or { "anyOf": ["childProtectionPlan", "lookedAfter"] } ` +
  `(the forms are: ${CONDITION_KEYS.join(', ')})`

function isGeneric(message: string): boolean {
  return message.startsWith('Invalid input') || message === 'Invalid input'
}

/** zod's own wording for the few issues our schema does not word itself. */
function plain(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required'
      if (issue.expected === 'object') return 'must be an object ({ … })'
      if (issue.expected === 'array') return 'must be a list ([ … ])'
      if (issue.expected === 'string') return 'must be text'
      if (issue.expected === 'number') return 'must be a number'
      if (issue.expected === 'boolean') return 'must be true or false'
      return `must be ${issue.expected}`
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${String(issue.minimum)}`
        : `must be at least ${String(issue.minimum)}`
    case 'too_big':
      return issue.origin === 'array'
        ? `must list at most ${String(issue.maximum)}`
        : `must be at most ${String(issue.maximum)}`
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`
    default:
      return isGeneric(issue.message) ? 'is not valid here' : issue.message
  }
}

/**
 * A number or true/false written in quotes ("amount": "14") is the commonest slip in a hand-edited file,
 * and "must be a whole number of at least 1" would send the person looking at the value, not the quotes.
 */
function quotedValueProblem(issue: z.core.$ZodIssue, input: unknown): string | null {
  if (typeof input !== 'string') return null
  const value = input.trim()
  const expectsNumber = issue.code === 'invalid_type' && issue.expected === 'number'
  if (expectsNumber && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value))
    return `must be a number, without quotes: write ${value}, not "${value}"`
  const expectsBoolean =
    (issue.code === 'invalid_type' && issue.expected === 'boolean') ||
    (issue.code === 'invalid_value' && issue.values.some((v) => typeof v === 'boolean'))
  if (expectsBoolean && (value === 'true' || value === 'false'))
    return `must be ${value} without quotes: write ${value}, not "${value}"`
  return null
}

/**
 * Every problem zod found, in plain English. Unions (the condition language) are resolved to the one
 * branch the input was evidently aiming at — the only branch whose own keys it used — so the person sees
 * "when.fromStage: must be a whole number of at least 1", not "invalid input".
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  prefix: readonly PathPart[] = [],
): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  for (const issue of issues) {
    const path = [...prefix, ...issue.path]
    const input = valueAt(root, path)
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: formatPath([...path, key]),
          message: 'is not a field this format knows: check its spelling, or remove it',
        })
      }
      continue
    }
    if (issue.code === 'invalid_union') {
      if (issue.errors.length === 0) {
        // A discriminated union with no matching discriminator: our schema words these itself.
        problems.push({
          path: formatPath(path),
          message: input === undefined ? 'is required' : issue.message,
        })
        continue
      }
      const aimedAt = issue.errors.filter(
        (branch) => !branch.some((b) => b.code === 'unrecognized_keys' && b.path.length === 0),
      )
      if (
        aimedAt.length === 1 &&
        input !== null &&
        typeof input === 'object' &&
        Object.keys(input).length > 0
      ) {
        problems.push(...describeIssues(aimedAt[0], root, path))
      } else {
        problems.push({
          path: formatPath(path),
          message: input === undefined ? 'is required' : CONDITION_EXAMPLE,
        })
      }
      continue
    }
    const quoted = quotedValueProblem(issue, input)
    if (quoted !== null) {
      problems.push({ path: formatPath(path), message: quoted })
      continue
    }
    const missing =
      input === undefined &&
      path.length > 0 &&
      (issue.code === 'invalid_type' || issue.code === 'invalid_value')
    const message = missing ? 'is required' : isGeneric(issue.message) ? plain(issue, input) : issue.message
    problems.push({ path: formatPath(path), message })
  }
  return problems
}
