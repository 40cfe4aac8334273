/** Partnership policies as data: validate an imported one, list the built-in ones, interpret conditions. */
export { validatePolicy, policyProblemLines, semanticProblems, nestingProblems } from './validate'
export { readPolicyFile, decodePolicyText, parsePolicyJson } from './file'
export { retirementOf, retirePolicy, unretirePolicy, checkPolicyInUse } from './retirement'
export {
  builtInPolicies,
  findPolicy,
  latestPolicy,
  currentPolicies,
  summarisePolicy,
  checkPolicyCanBeAdded,
  policyKey,
} from './registry'
export {
  evaluateCondition,
  describeCondition,
  circumstanceLabel,
  knownCircumstances,
  type ConditionContext,
} from './conditions'
export { deadlineOf, scheduleOf, amountInWords } from './timescales'
