/**
 * The handler table as tests use it: every answer a channel gives is parsed with that channel's output schema
 * from src/shared/ipc.ts, and a refusal with the shape every refusal has, so a handler that returns something
 * the renderer's types do not describe fails the test that called it. Used by the unit tests' openTestApi,
 * the tests that build their own handler table, and the e2e harness.
 */
import { z } from 'zod'
import { createApi, type Api, type ApiDeps } from '../../src/main/api'
import { contract, type Channel } from '../../src/shared/ipc'

const Refusal = z.object({
  ok: z.literal(false),
  error: z.object({
    code: z.string().min(1),
    message: z.string().min(1),
    field: z.string().optional(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})

export class OutputMismatch extends Error {
  constructor(channel: string, issues: readonly z.core.$ZodIssue[]) {
    const where = issues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`)
      .join('; ')
    super(`${channel} answered with something its output schema does not describe: ${where}`)
    this.name = 'OutputMismatch'
  }
}

/** Parses one answer of `channel`; throws OutputMismatch if it is not what the contract says. */
export function checkAnswer(channel: Channel, answer: unknown): void {
  if (answer !== null && typeof answer === 'object' && (answer as { ok?: unknown }).ok === true) {
    const parsed = contract[channel].output.safeParse((answer as { value?: unknown }).value)
    if (!parsed.success) throw new OutputMismatch(channel, parsed.error.issues)
    return
  }
  const refused = Refusal.safeParse(answer)
  if (!refused.success) throw new OutputMismatch(`${channel} (refusal)`, refused.error.issues)
}

/** The same handler table, each answer checked against its output schema before the test sees it. */
export function withCheckedOutputs(api: Api): Api {
  const raw = api.handlers as unknown as Record<Channel, (input: unknown) => Promise<unknown>>
  const checked = {} as Record<Channel, (input: unknown) => Promise<unknown>>
  for (const channel of Object.keys(raw) as Channel[]) {
    checked[channel] = async (input) => {
      const answer = await raw[channel](input)
      checkAnswer(channel, answer)
      return answer
    }
  }
  return { ...api, handlers: checked as unknown as Api['handlers'], lock: api.lock, dispose: api.dispose }
}

/** createApi, with every answer checked against its output schema. */
export const createCheckedApi = (deps: ApiDeps): Api => withCheckedOutputs(createApi(deps))
