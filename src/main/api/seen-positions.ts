/**
 * Rollback detection across the whole vault folder. The vault itself can tell a document, a journal or a
 * head older than the rest, but not the whole folder put back, consistently, to an older copy (a backup, a
 * synced folder going back in time). This computer can: it keeps, for each vault id, the last audit entry
 * it has seen (seq and hash), in a small file in the app's own folder (`ApiDeps.machineStateDir`, the
 * user-data folder), outside the vault folder so that putting the folder back does not put it back too.
 *
 * The record is authenticated with an HMAC under a key the unlocked vault gives (`Vault.localMacKey`), so
 * it cannot be forged without the vault's key; it can still be deleted, which is why a missing record is
 * said plainly ("this computer has not opened this vault before") rather than passed over. It holds no
 * case content: vault ids, entry numbers and hashes.
 *
 * A vault older than its record opens read-only (commits refused through `holdable`) with a message naming
 * both positions, until a person accepts it (`vault.acceptRollback`, audited). Restoring a backup is an
 * explicit rollback: it rewrites the record to the restored copy.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../../shared/errors'
import type { SessionInfo } from '../../shared/ipc'
import type { Vault } from '../store'
import type { Context, Session } from './context'

export const SEEN_FILE = 'seen-vaults.json'
const MAC_PURPOSE = 'seen-position'
/** Enough for every vault one person could plausibly open on one computer; the oldest are dropped past it. */
const MAX_VAULTS = 200

export interface Position {
  seq: number
  hash: string
}

const Hex = z.string().regex(/^[0-9a-f]{1,128}$/)
const SeenFile = z.object({
  format: z.literal(1),
  vaults: z.record(
    Hex,
    z.object({ seq: z.number().int().nonnegative(), hash: Hex, mac: Hex }).strict(),
  ),
})
type SeenFile = z.infer<typeof SeenFile>

export type History = NonNullable<SessionInfo['history']>

const fileOf = (ctx: Context): string | null => (ctx.deps.machineStateDir ? join(ctx.deps.machineStateDir, SEEN_FILE) : null)

function macOf(vault: Vault, position: Position): string {
  const key = vault.localMacKey(MAC_PURPOSE)
  try {
    return createHmac('sha256', key).update(`escalation-log seen position\n${vault.vaultId}\n${position.seq}\n${position.hash}`).digest('hex')
  } finally {
    key.fill(0)
  }
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y)
}

/** The whole file, or null when it is absent; 'damaged' when it is there but not ours. */
async function readSeen(file: string): Promise<SeenFile | null | 'damaged'> {
  let raw: string
  try {
    raw = await readFile(file, 'utf8')
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : 'damaged'
  }
  try {
    const parsed = SeenFile.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data : 'damaged'
  } catch {
    return 'damaged'
  }
}

/**
 * Writes the record of `vault` at its current position. Written after the commit it names was made
 * durable, so the record is never ahead of the folder; a crash before it is written leaves it behind the
 * folder, which is never reported as a rollback.
 */
export async function recordSeenPosition(ctx: Context, vault: Vault): Promise<void> {
  const file = fileOf(ctx)
  if (!file || vault.locked) return
  const position = vault.position()
  const found = await readSeen(file)
  const current: SeenFile = found === null || found === 'damaged' ? { format: 1, vaults: {} } : found
  const others = Object.entries(current.vaults).filter(([id]) => id !== vault.vaultId).slice(-(MAX_VAULTS - 1))
  const next: SeenFile = {
    format: 1,
    vaults: { ...Object.fromEntries(others), [vault.vaultId]: { ...position, mac: macOf(vault, position) } },
  }
  await mkdir(ctx.deps.machineStateDir!, { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  await writeFile(temp, JSON.stringify(next), 'utf8')
  await rename(temp, file)
}

const lastWritten = new WeakMap<Session, Position>()

/**
 * After every call: if the session's vault has moved on since the record was last written, write it. Never
 * throws — the record is a second line of defence, and failing to write it must not fail a save that has
 * succeeded (the next call tries again).
 */
export async function noteSeenPosition(ctx: Context): Promise<void> {
  const session = ctx.session
  if (!session || session.vault.locked || heldMessage(session) !== null || !fileOf(ctx)) return
  try {
    const now = session.vault.position()
    const before = lastWritten.get(session)
    if (before && before.seq === now.seq && before.hash === now.hash) return
    await recordSeenPosition(ctx, session.vault)
    lastWritten.set(session, now)
  } catch {
    // Tried again after the next call.
  }
}

/** The hash of the vault's audit entry `seq`, or null when the trail does not reach it. */
async function hashAt(vault: Vault, seq: number): Promise<string | null> {
  if (seq === 0) return vault.position().seq === 0 ? vault.position().hash : null
  const [event] = await vault.readAudit({ beforeSeq: seq + 1, limit: 1 })
  return event && event.seq === seq ? event.hash : null
}

export interface HistoryCheck {
  history: History | null
  /** Set when the folder is older than what this computer saw: what it saw, and what the folder holds. */
  rollback: { seen: Position; found: Position } | null
}

const HELD_TAIL =
  'It is open read-only: you can read and search it, and nothing can be saved until someone confirms that this older copy is the one to keep.'

/** Compares the unlocked vault with this computer's record of it. Writes nothing. */
export async function checkHistory(ctx: Context, vault: Vault): Promise<HistoryCheck> {
  const file = fileOf(ctx)
  if (!file) return { history: null, rollback: null }
  const found = vault.position()
  const all = await readSeen(file)
  const entry = all === null || all === 'damaged' ? undefined : Object.hasOwn(all.vaults, vault.vaultId) ? all.vaults[vault.vaultId] : undefined
  if (all === 'damaged' || (entry && !sameMac(entry.mac, macOf(vault, entry))))
    return {
      history: {
        state: 'unchecked',
        message:
          'This computer’s record of this vault could not be checked (it is damaged, or was changed outside the app), so it cannot tell whether this is the latest copy of the vault. It now records the vault as it is.',
      },
      rollback: null,
    }
  if (!entry)
    return {
      history: {
        state: 'first-open',
        message:
          'This computer has not opened this vault before, so it cannot tell whether this is the latest copy. From now on it will notice if an older copy is put in its place.',
      },
      rollback: null,
    }
  const seen = { seq: entry.seq, hash: entry.hash }
  if (found.seq < seen.seq)
    return {
      history: {
        state: 'rolled-back',
        message: `This vault is older than the copy this computer last saw: its audit trail ends at entry ${found.seq}, but this computer has seen it reach entry ${seen.seq}. It may have been put back from a backup or an older copy, and what was added after entry ${found.seq} is not in it. ${HELD_TAIL}`,
      },
      rollback: { seen, found },
    }
  const hash = await hashAt(vault, seen.seq).catch(() => null)
  if (hash !== seen.hash)
    return {
      history: {
        state: 'rolled-back',
        message: `This vault’s audit trail is not the one this computer last saw: this computer saw entry ${seen.seq} with a different history, and the trail here now ends at entry ${found.seq}. It may have been put back from an older copy and changed since. ${HELD_TAIL}`,
      },
      rollback: { seen, found },
    }
  return { history: null, rollback: null }
}

// ---- holding a rolled-back vault read-only ---------------------------------------------------------------

interface Hold {
  message: string | null
  rollback: { seen: Position; found: Position } | null
  history: History | null
  target: Vault
}
const holds = new WeakMap<Vault, Hold>()

/**
 * The vault as the session sees it: the same object in every way, except that while a hold is on every
 * commit is refused with the rollback sentence, so nothing of a case can be saved before a person accepts
 * the older copy (the case log commits only through this object).
 */
export function holdable(vault: Vault): Vault {
  const hold: Hold = { message: null, rollback: null, history: null, target: vault }
  const proxy = new Proxy(vault, {
    get(target, prop) {
      if (prop === 'commit' && hold.message !== null) {
        const message = hold.message
        return () => Promise.reject(new AppError('vault-rolled-back', `${message.replace(HELD_TAIL, '').trim()} Nothing was saved: accept this copy first, from the banner at the top of the screen.`))
      }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  holds.set(proxy, hold)
  return proxy
}

function holdOf(session: Session): Hold | undefined {
  return holds.get(session.vault)
}

/** Applies what `checkHistory` found to the session's vault (from `holdable`). */
export function applyHistory(session: Session, check: HistoryCheck): void {
  const hold = holdOf(session)
  if (!hold) return
  hold.history = check.history
  hold.rollback = check.rollback
  hold.message = check.rollback && check.history ? check.history.message : null
}

/** The rollback sentence while the session is held read-only, else null. */
export function heldMessage(session: Session): string | null {
  return holdOf(session)?.message ?? null
}

export function historyOf(session: Session): History | null {
  return holdOf(session)?.history ?? null
}

/** Refuses, before any dialog or file, what cannot be audited while the vault is held read-only. */
export function assertNotHeld(session: Session, what: string): void {
  const message = heldMessage(session)
  if (message !== null)
    throw new AppError('vault-rolled-back', `${message.replace(HELD_TAIL, '').trim()} ${what} refused until this older copy is accepted, because it could not be recorded in the audit trail.`)
}

/**
 * A person accepts the older copy: the acceptance is audited (naming both positions) through the vault
 * itself, the hold is lifted and this computer's record moves to the vault as it now is.
 */
export async function acceptRollback(ctx: Context, session: Session): Promise<void> {
  const hold = holdOf(session)
  if (!hold?.rollback || hold.message === null) return
  const { seen, found } = hold.rollback
  await hold.target.commit(
    {
      action: 'rollback-accepted',
      summary: `Kept an older copy of the vault: this computer had seen audit entry ${seen.seq}; the copy kept ends at entry ${found.seq}`,
    },
    [],
  )
  hold.message = null
  hold.rollback = null
  hold.history = null
  await recordSeenPosition(ctx, hold.target)
  lastWritten.set(session, hold.target.position())
}
