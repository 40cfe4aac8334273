/**
 * The one formatter of zod issues in plain English, used by the IPC boundary (a channel's input refused), the
 * domain (a transition's input, an imported policy, a stored document that fails its schema) and the renderer
 * (the error summary's sentences). Two forms: `describeIssues` gives each problem as a path and a fragment
 * ("stages[2].timescale.amount" / "must be a whole number of at least 1"), for lists a person works through;
 * `problemSentence` makes one of them a sentence on its own ("Date of birth: enter a real date, like 22 Nov 2026.").
 * No Node or DOM imports: both processes use it.
 */
import type { z } from 'zod'

export interface FieldProblem {
  /** Where, as the person would find it: 'dispute.reasons.text', or 'stages[2].amount' with brackets. */
  path: string
  /** What is wrong: a fragment ("is required"), or a sentence the schema worded itself ("The name is required"). */
  message: string
}

export interface DescribeOptions {
  /** 'stages[2].amount' (a file a person edits by hand) instead of 'stages.2.amount' (a form's field ids). */
  brackets?: boolean
  /** The path of the whole input; '(input)' unless told. */
  rootName?: string
  /** What a union that matched no branch must be, when it cannot tell which branch the input aimed at. */
  unionHint?: string
  /** False where the input is case content: never quote a value back (the quoted-number hint). */
  quoteValues?: boolean
}

type PathPart = PropertyKey

export function formatPath(path: readonly PathPart[], opts: DescribeOptions = {}): string {
  let out = ''
  for (const part of path) {
    if (typeof part === 'number' && opts.brackets) out += `[${part}]`
    else out += out === '' ? String(part) : `.${String(part)}`
  }
  return out === '' ? (opts.rootName ?? '(input)') : out
}

function valueAt(root: unknown, path: readonly PathPart[]): unknown {
  let here: unknown = root
  for (const part of path) {
    if (here === null || typeof here !== 'object') return undefined
    here = (here as Record<PropertyKey, unknown>)[part as string]
  }
  return here
}

/** zod's own default wording ("Invalid input: expected string, received number"), which nobody should see. */
const isGeneric = (message: string): boolean => /^(Invalid|Too (small|big)|Unrecognized)\b/.test(message)

const FORMAT_WORDS: Record<string, string> = {
  date: 'enter a real date, like 22 Nov 2026',
  datetime: 'enter a real date and time, like 22 Nov 2026, 14:05',
  time: 'enter a time as hours and minutes, like 14:05',
  email: 'enter an email address, like name@school.sch.uk',
  url: 'enter a web address, like https://www.gov.uk',
}

/** A plain fragment for an issue the schema did not word itself. */
function plain(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required'
      if (issue.expected === 'object') return 'must be an object ({ … })'
      if (issue.expected === 'array') return 'must be a list ([ … ])'
      if (issue.expected === 'string') return 'must be text'
      if (issue.expected === 'number') return 'must be a number'
      if (issue.expected === 'int') return 'must be a whole number'
      if (issue.expected === 'boolean') return 'must be true or false'
      return `must be ${issue.expected}`
    case 'too_small':
      if (issue.origin === 'array') return `must list at least ${String(issue.minimum)}`
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'is required' : `must be at least ${String(issue.minimum)} characters`
      return `must be at least ${String(issue.minimum)}`
    case 'too_big':
      if (issue.origin === 'array') return `must list at most ${String(issue.maximum)}`
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`
      return `must be at most ${String(issue.maximum)}`
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'is not in the right form'
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
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
 * Every problem zod found, in plain English. Unions are resolved to the one branch the input was evidently
 * aiming at — the only branch whose own keys it used — so the person sees "when.fromStage: must be a whole
 * number of at least 1", not "invalid input".
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  opts: DescribeOptions = {},
  prefix: readonly PathPart[] = [],
): FieldProblem[] {
  const problems: FieldProblem[] = []
  for (const issue of issues) {
    const path = [...prefix, ...issue.path]
    const input = valueAt(root, path)
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ path: formatPath([...path, key], opts), message: 'is not a field this format knows: check its spelling, or remove it' })
      continue
    }
    if (issue.code === 'invalid_union') {
      if (issue.errors.length === 0) {
        // A discriminated union with no matching discriminator: our schemas word these themselves.
        problems.push({ path: formatPath(path, opts), message: input === undefined ? 'is required' : isGeneric(issue.message) ? 'is not one of the kinds allowed here' : issue.message })
        continue
      }
      const aimedAt = issue.errors.filter((branch) => !branch.some((b) => b.code === 'unrecognized_keys' && b.path.length === 0))
      if (aimedAt.length === 1 && input !== null && typeof input === 'object' && Object.keys(input).length > 0) {
        problems.push(...describeIssues(aimedAt[0], root, opts, path))
      } else {
        problems.push({ path: formatPath(path, opts), message: input === undefined ? 'is required' : (opts.unionHint ?? 'is not one of the kinds allowed here') })
      }
      continue
    }
    const quoted = opts.quoteValues === false ? null : quotedValueProblem(issue, input)
    if (quoted !== null) {
      problems.push({ path: formatPath(path, opts), message: quoted })
      continue
    }
    const missing = input === undefined && path.length > 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_value')
    // A schema's own sentence ("The outcome is required") stands; its fragments ("must be text") and zod's
    // defaults give way to "is required" when the field is missing.
    const ownSentence = !isGeneric(issue.message) && /^[A-Z]/.test(issue.message)
    const message = ownSentence ? issue.message : missing ? 'is required' : isGeneric(issue.message) ? plain(issue, input) : issue.message
    problems.push({ path: formatPath(path, opts), message })
  }
  return problems
}

/** 'dispute.reasons.text' → 'Text'; 'dateOfBirth' → 'Date of birth'; 'stages[2].amount' → 'Amount'. */
export function fieldLabel(path: string): string {
  const last = path.split(/[.[\]]/).filter((p) => p !== '' && !/^\d+$/.test(p)).pop() ?? ''
  if (last === '' || last.startsWith('(')) return ''
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A capital at the start and a full stop at the end, unless it has one. */
export function asSentence(text: string): string {
  const t = text.trim()
  if (t === '') return t
  const s = t.charAt(0).toUpperCase() + t.slice(1)
  return /[.!?]$/.test(s) ? s : `${s}.`
}

/**
 * One problem as a sentence on its own. A message the schema worded as a sentence stands as it is; a
 * fragment is joined to the field's label: "Date of birth is required.", "Date of birth: enter a real date,
 * like 22 Nov 2026." `label` is the words the screen uses for the field; the path's last part otherwise.
 */
export function problemSentence(problem: FieldProblem, label?: string): string {
  if (/^[A-Z]/.test(problem.message)) return asSentence(problem.message)
  const name = label ?? fieldLabel(problem.path)
  if (name === '') return asSentence(problem.message)
  const joined = /^(is|are|must|can|cannot|has|should)\b/.test(problem.message) ? `${name} ${problem.message}` : `${name}: ${problem.message}`
  return asSentence(joined)
}

/** All of a ZodError's problems, and one sentence summing them up for the refusal's message. */
export function summariseIssues(
  error: { issues: readonly z.core.$ZodIssue[] },
  root: unknown,
  opts: DescribeOptions = {},
): { details: FieldProblem[]; message: string; field?: string } {
  const details = describeIssues(error.issues, root, opts)
  const first = details[0]
  if (!first) return { details, message: 'Check the details entered.' }
  const message =
    details.length === 1
      ? problemSentence(first)
      : `${details.length} answers need attention. The first: ${problemSentence(first)}`
  return { details, message, field: first.path }
}
