/**
 * Pieces colleagues are still writing: the quarterly figures (src/main/domain/reports.ts) and the stage-4
 * meeting pack (src/main/exports). They are loaded by path at run time, so the bench still type-checks
 * and runs — and says why it skipped a figure — while they are absent or have changed shape.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Child } from '../../src/shared/children'
import type { Dispute } from '../../src/shared/dispute'
import type { Policy } from '../../src/shared/policy'
import type { ContactRecord } from '../../src/shared/records'
import type { WorkingCalendar } from '../../src/main/domain/calendar'

const SRC = join(__dirname, '..', '..', 'src', 'main')

export type QuarterlyFigures = (
  disputes: readonly Dispute[],
  records: readonly ContactRecord[] | undefined,
  options: {
    year: number
    quarter: 1 | 2 | 3 | 4
    calendar: WorkingCalendar
    now: string
    policies?: readonly Policy[]
  },
) => unknown

export type MeetingPack = (
  input: {
    dispute: Dispute
    status: unknown
    records: readonly ContactRecord[]
    children: readonly Child[]
    policy: Policy
  },
  options: { now: string; exportedBy: { name: string; role?: string; agency?: string } },
) => Promise<Buffer>

export type Loaded<T> = { ok: true; fn: T; from: string } | { ok: false; reason: string }

async function load<T>(relative: string, names: string[], what: string): Promise<Loaded<T>> {
  const path = join(SRC, relative)
  if (!existsSync(`${path}.ts`))
    return { ok: false, reason: `src/main/${relative}.ts does not exist yet (${what})` }
  let mod: Record<string, unknown>
  try {
    mod = (await import(path)) as Record<string, unknown>
  } catch (e) {
    return {
      ok: false,
      reason: `src/main/${relative}.ts could not be loaded: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    }
  }
  for (const name of names)
    if (typeof mod[name] === 'function')
      return { ok: true, fn: mod[name] as T, from: `src/main/${relative}.ts ${name}()` }
  return { ok: false, reason: `src/main/${relative}.ts exports none of ${names.join(', ')} (${what})` }
}

export const loadQuarterlyFigures = (): Promise<Loaded<QuarterlyFigures>> =>
  load<QuarterlyFigures>('domain/reports', ['quarterlyFigures'], 'quarterly figures')

export const loadStage4Pack = (): Promise<Loaded<MeetingPack>> =>
  load<MeetingPack>(
    'exports/index',
    ['meetingPack', 'stage4Pack', 'finalStagePack'],
    'the stage-4 meeting pack builder',
  )
