/**
 * Importing a partnership's policy from JSON: the shape (zod), then the sense (stage numbers, references,
 * unique ids). Either the whole policy is valid and returned, or nothing is: an AppError `policy-invalid`
 * lists every problem with its field path, so a person can fix the file in one go.
 */
import { AppError } from '../../../shared/errors'
import {
  type Condition,
  type Policy,
  POLICY_FILE_LIMITS,
  Policy as PolicySchema,
  STANDARD_CHILD_CIRCUMSTANCES,
  type Step,
  type Timescale,
} from '../../../shared/policy'
import { type PolicyProblem, describeIssues, formatPath } from './problems'

type Path = (string | number)[]

/** Checks the parsed policy makes sense as a whole. Returns every problem found (none: it is sound). */
export function semanticProblems(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const add = (path: Path, message: string): void => {
    problems.push({ path: formatPath(path), message })
  }

  // Lists whose ids must be unique, and the sets other parts refer to.
  const uniqueIds = <T extends { id: string }>(
    items: readonly T[],
    path: Path,
    what: string,
  ): Set<string> => {
    const seen = new Set<string>()
    items.forEach((item, i) => {
      if (seen.has(item.id))
        add([...path, i, 'id'], `"${item.id}" is used by another ${what}: each ${what} needs its own id`)
      seen.add(item.id)
    })
    return seen
  }
  const documents = uniqueIds(policy.sourceDocuments, ['sourceDocuments'], 'source document')
  const contacts = uniqueIds(policy.contacts, ['contacts'], 'contact')
  const forms = uniqueIds(policy.forms, ['forms'], 'form')
  uniqueIds(policy.notifications, ['notifications'], 'notification')
  uniqueIds(policy.exceptionalRoutes, ['exceptionalRoutes'], 'exceptional route')
  uniqueIds(policy.anyStageOptions, ['anyStageOptions'], 'any-stage option')
  uniqueIds(policy.guidance, ['guidance'], 'guidance item')
  uniqueIds(policy.levelsOfNeed, ['levelsOfNeed'], 'level of need')
  uniqueIds(policy.reasonsForEscalation, ['reasonsForEscalation'], 'reason')
  const declared = uniqueIds(policy.childCircumstances, ['childCircumstances'], 'circumstance')
  const circumstances = new Set([...Object.keys(STANDARD_CHILD_CIRCUMSTANCES), ...declared])
  const stageCount = policy.stages.length

  // Stages are numbered 1, 2, 3… in order, so "escalate" always means "the next number".
  policy.stages.forEach((stage, i) => {
    if (stage.number !== i + 1) {
      add(
        ['stages', i, 'number'],
        `must be ${i + 1}: stages are numbered 1, 2, 3… in the order they are listed`,
      )
    }
  })

  const contactRef = (id: string, path: Path): void => {
    if (!contacts.has(id)) add(path, `names the contact "${id}", which is not in the policy's contacts`)
  }

  const checkCondition = (c: Condition, path: Path): void => {
    if ('fromStage' in c && c.fromStage > stageCount)
      add([...path, 'fromStage'], `must be a stage of this policy (1 to ${stageCount})`)
    if ('atStage' in c && c.atStage > stageCount)
      add([...path, 'atStage'], `must be a stage of this policy (1 to ${stageCount})`)
    const ids = 'anyOf' in c ? c.anyOf : 'allOf' in c ? c.allOf : null
    if (ids) {
      const key = 'anyOf' in c ? 'anyOf' : 'allOf'
      ids.forEach((id, i) => {
        if (!circumstances.has(id)) {
          add(
            [...path, key, i],
            `"${id}" is not a circumstance this policy knows: use one of ${[...circumstances].join(', ')}, or declare it in childCircumstances`,
          )
        }
      })
    }
    if ('all' in c) c.all.forEach((inner, i) => checkCondition(inner, [...path, 'all', i]))
    if ('any' in c) c.any.forEach((inner, i) => checkCondition(inner, [...path, 'any', i]))
    if ('not' in c) checkCondition(c.not, [...path, 'not'])
  }

  const checkTimescale = (t: Timescale, path: Path, earlierSteps: ReadonlySet<string> | null): void => {
    if (t.from.event === 'step') {
      if (earlierSteps === null)
        add([...path, 'from', 'event'], 'cannot count from a step here: use "disagreement" or "stageStart"')
      else if (!earlierSteps.has(t.from.step)) {
        add(
          [...path, 'from', 'step'],
          `must name an earlier step of the same stage or route that has a timescale ("${t.from.step}" is not one)`,
        )
      }
    }
    if (t.unit === 'hours' && t.from.event === 'disagreement') {
      add(
        [...path, 'from', 'event'],
        'a timescale in hours cannot count from the disagreement, which is recorded as a date without a time: count from "stageStart" or a step',
      )
    }
  }

  /** Steps may count from earlier timed steps only, which also rules out loops. Returns the timed steps. */
  const checkSteps = (steps: readonly Step[], path: Path): Set<string> => {
    const seen = new Set<string>()
    const timed = new Set<string>()
    steps.forEach((step, i) => {
      if (seen.has(step.id))
        add([...path, i, 'id'], `"${step.id}" is used by another step here: each step needs its own id`)
      if (step.timescale) checkTimescale(step.timescale, [...path, i, 'timescale'], timed)
      seen.add(step.id)
      if (step.timescale) timed.add(step.id)
    })
    return timed
  }

  uniqueIds(policy.groupTimescales, ['groupTimescales'], 'group timescale')
  policy.groupTimescales.forEach((g, i) => {
    const path: Path = ['groupTimescales', i]
    checkTimescale(g.timescale, [...path, 'timescale'], null)
    if (g.fromStage > stageCount) add([...path, 'fromStage'], `must be a stage of this policy (1 to ${stageCount})`)
    if (g.toStage > stageCount) add([...path, 'toStage'], `must be a stage of this policy (1 to ${stageCount})`)
    if (g.toStage <= g.fromStage)
      add([...path, 'toStage'], `must be a later stage than fromStage (${g.fromStage}): a group covers two stages or more`)
  })
  /** Where a group timescale in working days ends, the run of stages it covers takes at most that long. */
  const groupEndingAt = (number: number) =>
    policy.groupTimescales
      .map((g) => ({ g, days: workingDaysOf(g.timescale) }))
      .filter((x): x is { g: (typeof policy.groupTimescales)[number]; days: number } => x.g.toStage === number && x.days !== null)
  /** Running totals at the end of each stage, for groups that start after it. */
  const totalAfter: (number | null)[] = []

  let runningTotal: number | null = 0
  policy.stages.forEach((stage, i) => {
    const path: Path = ['stages', i]
    const steps = checkSteps(stage.steps, [...path, 'steps'])
    if (stage.timescale) checkTimescale(stage.timescale, [...path, 'timescale'], steps)
    uniqueIds(stage.entryChecks, [...path, 'entryChecks'], 'entry check')
    // The running total the policy states must agree with its own stage durations.
    const days = stage.timescale ? workingDaysOf(stage.timescale) : null
    runningTotal = runningTotal !== null && days !== null ? runningTotal + days : null
    // A group timescale ending here bounds the total: the total before its first stage plus its own
    // length, or the stages' own total where that is shorter (a stage without a timescale counts as
    // unknown, so the group's length is the total).
    for (const { g, days: groupDays } of groupEndingAt(stage.number)) {
      const before = g.fromStage === 1 ? 0 : (totalAfter[g.fromStage - 2] ?? null)
      if (before === null) continue
      const bound = before + groupDays
      runningTotal = runningTotal === null ? bound : Math.min(runningTotal, bound)
    }
    totalAfter[i] = runningTotal
    if (
      stage.cumulativeWorkingDays !== undefined &&
      runningTotal !== null &&
      stage.cumulativeWorkingDays !== runningTotal
    ) {
      add(
        [...path, 'cumulativeWorkingDays'],
        `must be ${runningTotal}, the total of the stage timescales up to this stage (it is ${stage.cumulativeWorkingDays})`,
      )
    }
  })

  if (policy.overallTimescale) {
    const overall = policy.overallTimescale
    checkTimescale(overall, ['overallTimescale'], null)
    if (overall.meaning === 'target' && overall.untilStage === undefined)
      add(['overallTimescale', 'untilStage'], 'must say up to which stage a target applies (a target covers part of the process)')
    if (overall.meaning === 'limit' && overall.untilStage !== undefined)
      add(['overallTimescale', 'untilStage'], 'is only for a target: a limit covers the whole process')
    if (overall.untilStage !== undefined && overall.untilStage > policy.stages.length)
      add(['overallTimescale', 'untilStage'], `must be a stage of this policy (it has ${policy.stages.length})`)
  }
  policy.immediateDanger?.contacts.forEach((id, i) => contactRef(id, ['immediateDanger', 'contacts', i]))

  const route = policy.emergencyRoute
  if (route) {
    const steps = checkSteps(route.steps, ['emergencyRoute', 'steps'])
    checkTimescale(route.timescale, ['emergencyRoute', 'timescale'], steps)
    route.callLadder?.rungs.forEach((id, i) => contactRef(id, ['emergencyRoute', 'callLadder', 'rungs', i]))
    if (route.callLadder?.outOfHours)
      contactRef(route.callLadder.outOfHours.contact, [
        'emergencyRoute',
        'callLadder',
        'outOfHours',
        'contact',
      ])
    if (route.handsOverTo && route.handsOverTo.stage > policy.stages.length)
      add(['emergencyRoute', 'handsOverTo', 'stage'], `must be a stage of this policy (it has ${policy.stages.length})`)
  }
  if (policy.laterStart) checkCondition(policy.laterStart.allowedWhen, ['laterStart', 'allowedWhen'])

  policy.exceptionalRoutes.forEach((r, i) => {
    checkCondition(r.availableWhen, ['exceptionalRoutes', i, 'availableWhen'])
    checkSteps(r.steps, ['exceptionalRoutes', i, 'steps'])
    r.contacts.forEach((id, j) => contactRef(id, ['exceptionalRoutes', i, 'contacts', j]))
  })
  policy.anyStageOptions.forEach((o, i) => {
    checkCondition(o.availableWhen, ['anyStageOptions', i, 'availableWhen'])
    checkSteps(o.steps, ['anyStageOptions', i, 'steps'])
    if (o.contact !== undefined) contactRef(o.contact, ['anyStageOptions', i, 'contact'])
  })
  policy.notifications.forEach((n, i) => {
    contactRef(n.recipient, ['notifications', i, 'recipient'])
    checkCondition(n.when, ['notifications', i, 'when'])
    if (n.form !== undefined && !forms.has(n.form))
      add(['notifications', i, 'form'], `names the form "${n.form}", which is not in the policy's forms`)
  })
  if (policy.outcomeForm !== undefined && !forms.has(policy.outcomeForm)) {
    add(['outcomeForm'], `names the form "${policy.outcomeForm}", which is not in the policy's forms`)
  }

  policy.forms.forEach((form, i) => {
    uniqueIds(form.fields, ['forms', i, 'fields'], 'field of this form')
    form.fields.forEach((field, j) => {
      const path: Path = ['forms', i, 'fields', j]
      const listed = field.options !== undefined
      const borrowed = field.optionsFrom !== undefined
      if (field.kind === 'choice' || field.kind === 'tickList') {
        if (listed === borrowed)
          add(path, `a ${field.kind} field needs either "options" or "optionsFrom" (exactly one of them)`)
        if (listed && field.options!.length === 0) add([...path, 'options'], 'must list at least one option')
        if (field.optionsFrom === 'levelsOfNeed' && policy.levelsOfNeed.length === 0) {
          add(
            [...path, 'optionsFrom'],
            'takes its options from levelsOfNeed, but the policy lists no levels of need',
          )
        }
        if (field.optionsFrom === 'reasonsForEscalation' && policy.reasonsForEscalation.length === 0) {
          add(
            [...path, 'optionsFrom'],
            'takes its options from reasonsForEscalation, but the policy lists no reasons',
          )
        }
        if (listed) uniqueIds(field.options!, [...path, 'options'], 'option of this field')
      } else if (listed || borrowed) {
        add(
          path,
          `a ${field.kind} field has no options: remove "options" / "optionsFrom" or make it a choice or tickList`,
        )
      }
    })
  })

  // Every quoted source must name one of the policy's documents.
  walkSources(policy, [], (doc, path) => {
    if (!documents.has(doc))
      add([...path, 'document'], `names the document "${doc}", which is not in sourceDocuments`)
  })

  return problems
}

/** A timescale as working days, or null if it is in hours. */
export function workingDaysOf(t: Timescale): number | null {
  if (t.unit === 'workingDays') return t.amount
  if (t.unit === 'workingWeeks') return t.amount * 5
  return null
}

function walkSources(value: unknown, path: Path, visit: (doc: string, path: Path) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkSources(v, [...path, i], visit))
    return
  }
  if (value === null || typeof value !== 'object') return
  for (const [key, v] of Object.entries(value)) {
    if (
      key === 'source' &&
      v !== null &&
      typeof v === 'object' &&
      'document' in v &&
      typeof v.document === 'string'
    ) {
      visit(v.document, [...path, key])
    } else {
      walkSources(v, [...path, key], visit)
    }
  }
}

function refuse(problems: PolicyProblem[]): never {
  const count = problems.length === 1 ? 'one problem' : `${problems.length} problems`
  const first = problems
    .slice(0, 3)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ')
  throw new AppError(
    'policy-invalid',
    `This policy file cannot be used: it has ${count}, listed below. Nothing has been imported. First: ${first}.`,
    { details: problems },
  )
}

const COMBINATORS: ReadonlySet<string> = new Set(['all', 'any', 'not'])
const MAX_NESTING_PROBLEMS = 20

/**
 * How deeply the value nests, checked with a queue rather than recursion so that a file nested 10,000
 * deep is refused in words instead of overflowing the stack (zod's parse and every later walk of the
 * policy recurse, so this runs first). A condition reached through "all", "any" or "not" is one level
 * deeper than the one around it; anything else starts again at level 1.
 */
export function nestingProblems(json: unknown): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const { nesting, conditionDepth } = POLICY_FILE_LIMITS
  // `condition`: the condition level of the object found here; `inCombinator`: a list under all/any.
  type Pending = { value: unknown; path: Path; depth: number; condition: number }
  const queue: Pending[] = [{ value: json, path: [], depth: 1, condition: 1 }]
  while (queue.length > 0 && problems.length < MAX_NESTING_PROBLEMS) {
    const { value, path, depth, condition } = queue.pop()!
    if (value === null || typeof value !== 'object') continue
    if (depth > nesting) {
      problems.push({
        path: formatPath(path),
        message: `is nested more than ${nesting} lists and objects deep, far deeper than any policy needs: check that this is a policy file`,
      })
      continue
    }
    if (!Array.isArray(value) && condition > conditionDepth) {
      problems.push({
        path: formatPath(path),
        message:
          `is a condition nested more than ${conditionDepth} deep (inside "all", "any" or "not"): ` +
          `conditions may be nested at most ${conditionDepth} deep, so write this rule more simply`,
      })
      continue
    }
    if (Array.isArray(value)) {
      // A list inherits the level of the object it belongs to: its items are conditions of that level.
      value.forEach((item, i) => queue.push({ value: item, path: [...path, i], depth: depth + 1, condition }))
      continue
    }
    for (const [key, inner] of Object.entries(value)) {
      const next = COMBINATORS.has(key) ? condition + 1 : 1
      queue.push({ value: inner, path: [...path, key], depth: depth + 1, condition: next })
    }
  }
  return problems
}

/**
 * A policy from a JSON value, or an AppError `policy-invalid` whose details name every field at fault.
 * Defaults (empty lists) are filled in; the result is safe to store as the whole of the policy.
 */
export function validatePolicy(json: unknown): Policy {
  const tooDeep = nestingProblems(json)
  if (tooDeep.length > 0) refuse(tooDeep)
  const parsed = PolicySchema.safeParse(json)
  if (!parsed.success) refuse(describeIssues(parsed.error.issues, json))
  const problems = semanticProblems(parsed.data)
  if (problems.length > 0) refuse(problems)
  return parsed.data
}

/** "stages[2].timescale.amount: must be a whole number of at least 1", one line per problem. */
export function policyProblemLines(error: AppError): string[] {
  return (error.details ?? []).map((d) => `${d.path}: ${d.message}`)
}
