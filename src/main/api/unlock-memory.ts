/**
 * What unlock remembers outside the vault, where there is no key to write with: how many passphrases
 * were refused since the last unlock (a small plain file in the vault folder, so whoever unlocks next
 * sees it, on whichever machine), and who last unlocked each vault on this machine (vault id → person
 * id, beside the app's own state file in the user-data folder). Neither holds case content.
 *
 * Both are advisory. Anyone who can write to the folder can delete the count, so it can show that
 * attempts were made but never prove that none were; the screens say so.
 */
import { readFile, rename, unlink, writeFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import { formatDateTime } from '../../shared/dates'
import type { FailedUnlocks, SessionInfo } from '../../shared/ipc'
import type { Context } from './context'

/** Not one of the vault's own files: the store neither reads nor backs it up. */
export const FAILED_UNLOCKS_FILE = 'failed-unlocks.json'
const LAST_PEOPLE_FILE = 'last-person.json'

const FailedUnlocksFile = z.object({ count: z.number().int().min(1), since: z.iso.datetime(), last: z.iso.datetime() })
const LastPeopleFile = z.record(z.string().max(64), z.string().max(64))

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written to a temporary name and renamed, so a crash leaves the old count or the new, never half a file. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(value), { encoding: 'utf8', mode: 0o600 })
  await rename(tmp, file)
}

export async function readFailedUnlocks(vaultDir: string): Promise<FailedUnlocks | null> {
  return readJson(join(vaultDir, FAILED_UNLOCKS_FILE), FailedUnlocksFile)
}

async function noteFailedUnlock(vaultDir: string, at: Date): Promise<void> {
  const file = join(vaultDir, FAILED_UNLOCKS_FILE)
  const before = await readFailedUnlocks(vaultDir)
  const now = at.toISOString()
  await writeJson(file, before ? { ...before, count: before.count + 1, last: now } : { count: 1, since: now, last: now })
}

function lastPeopleFile(ctx: Context): string | null {
  return ctx.deps.appStateFile ? join(dirname(ctx.deps.appStateFile), LAST_PEOPLE_FILE) : null
}

/** Who last unlocked this vault on this machine, so the unlock screen can choose them. */
export async function lastPersonOf(ctx: Context, vaultId: string): Promise<string | null> {
  const file = lastPeopleFile(ctx)
  if (!file) return null
  return (await readJson(file, LastPeopleFile))?.[vaultId] ?? null
}

async function rememberPerson(ctx: Context, vaultId: string, personId: string): Promise<void> {
  const file = lastPeopleFile(ctx)
  if (!file) return
  const known = (await readJson(file, LastPeopleFile)) ?? {}
  await mkdir(dirname(file), { recursive: true })
  await writeJson(file, { ...known, [vaultId]: personId })
}

/** The words for the count, as the next person and the audit trail see them. */
export function failedUnlocksSentence(failed: FailedUnlocks): string {
  return failed.count === 1
    ? `1 failed attempt to unlock, at ${formatDateTime(failed.since)}`
    : `${failed.count} failed attempts to unlock since ${formatDateTime(failed.since)}`
}

/**
 * Wraps the unlock handler. A refused passphrase adds one to the folder's count (nothing else counts:
 * a damaged vault is not an attempt to guess). After an unlock the count goes into the audit trail,
 * is removed, and is handed to the screen once; the person is remembered for this machine.
 */
export function watchUnlock<I extends { dir: string }>(
  unlock: (ctx: Context, input: I) => Promise<SessionInfo>,
): (ctx: Context, input: I) => Promise<SessionInfo> {
  return async (ctx, input) => {
    let info: SessionInfo
    try {
      info = await unlock(ctx, input)
    } catch (error) {
      if (error instanceof AppError && error.code === 'wrong-passphrase')
        await noteFailedUnlock(input.dir, ctx.now()).catch(() => undefined) // a read-only folder cannot keep a count
      throw error
    }
    await rememberPerson(ctx, info.vaultId, info.person.personId).catch(() => undefined)
    const failed = await readFailedUnlocks(input.dir)
    if (!failed) return info
    const session = ctx.session
    if (session && !session.vault.locked && session.vault.readOnly === null) {
      try {
        await session.vault.commit(
          { action: 'failed-unlocks', summary: `${failedUnlocksSentence(failed)} (advisory: counted in a plain file beside the vault)` },
          [],
        )
        await unlink(join(input.dir, FAILED_UNLOCKS_FILE))
      } catch {
        // Not recorded: the count stays in the folder and is shown again at the next unlock.
      }
    }
    return { ...info, failedUnlocks: failed }
  }
}
