/**
 * zod's issues about an imported policy, in plain English (the shared formatter, src/shared/zod-issues.ts),
 * each naming the field's path the way a person reading the JSON file would find it: "stages[2].timescale.amount".
 */
import type { z } from 'zod'
import { CONDITION_KEYS } from '../../../shared/policy'
import { describeIssues as describe, formatPath as format, type DescribeOptions, type FieldProblem } from '../../../shared/zod-issues'

export type PolicyProblem = FieldProblem

const CONDITION_EXAMPLE =
  `must be one condition such as { "fromStage": 2 } or { "anyOf": ["childProtectionPlan", "lookedAfter"] } ` +
  `(the forms are: ${CONDITION_KEYS.join(', ')})`

const POLICY_PATHS: DescribeOptions = { brackets: true, rootName: '(the policy)', unionHint: CONDITION_EXAMPLE }

/** ['stages', 2, 'timescale', 'amount'] → 'stages[2].timescale.amount'; the root is '(the policy)'. */
export const formatPath = (path: readonly PropertyKey[]): string => format(path, POLICY_PATHS)

/** Every problem zod found in a policy file, in plain English, one per field. */
export const describeIssues = (issues: readonly z.core.$ZodIssue[], root: unknown): PolicyProblem[] =>
  describe(issues, root, POLICY_PATHS)
