/**
 * Creating, inspecting and opening a vault. Opening verifies the header, the head and the journal tail since
 * the last checkpoint, rebuilds the manifest, discards what a crash left unacknowledged, and checks that
 * every document the manifest lists has its file (contents are verified lazily, on load).
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { ZERO_HASH, randomHex, wipe } from './crypto'
import { DOCUMENTS_DIR } from './documents'
import { notAVault, vaultUnreadable, wrongPassphrase, writeFailed } from './errors'
import {
  FORMAT_NAME,
  FORMAT_VERSION,
  HEADER_FILE,
  headerMac,
  headerMacValid,
  makeSlot,
  parseHeader,
  serialiseHeader,
  slotKdf,
  slotPeople,
  unwrapSlot,
  type VaultHeader,
} from './header'
import { fsyncDir, isNotFound, makeFolderDurable, nodeIo, readIfExists, TEMP_MARK, writeFileDurable, type FaultHooks, type VaultIo } from './io'
import { JOURNAL_FILE } from './journal'
import { assertKdf, isValidKdf } from './kdf'
import { oneAtATime, register, settled, takeOver } from './registry'
import { replay, tidyDocuments } from './replay'
import { encodeHead, HEAD_FILE } from './sealed-state'
import type { InspectResult, KdfParams, PersonSlot, Vault } from './types'
import { deriveKeys, randomId, VaultImpl, type VaultKeys, type VaultOptions } from './vault'

/** Test and tooling seams; the app passes none of these. */
export interface VaultAdvancedOptions {
  io?: VaultIo
  faults?: FaultHooks
  /** Write a checkpoint every this many events (default 1000). */
  checkpointEvery?: number
  /** Append an 'unlock' audit event on open (default true). */
  auditUnlock?: boolean
}

export interface CreateVaultOptions extends VaultAdvancedOptions {
  personName: string
  passphrase: string
  kdf: KdfParams
  now: () => Date
}

export interface OpenVaultOptions extends VaultAdvancedOptions {
  personId: string
  passphrase: string
  now: () => Date
}

const DEFAULT_CHECKPOINT_EVERY = 1000

function options(o: VaultAdvancedOptions & { now: () => Date }): VaultOptions {
  const every = o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY
  if (!Number.isSafeInteger(every) || every < 1) throw new AppError('invalid-option', 'checkpointEvery must be a positive whole number.')
  return { io: o.io ?? nodeIo, faults: o.faults ?? {}, checkpointEvery: every, now: o.now }
}

export async function inspectVault(dir: string, io: VaultIo = nodeIo): Promise<InspectResult> {
  await settled(dir)
  let bytes: Buffer | null
  try {
    bytes = await readIfExists(io, join(dir, HEADER_FILE))
  } catch {
    return { state: 'unreadable', message: 'The vault folder cannot be read.' }
  }
  if (!bytes) return { state: 'absent' }
  try {
    const header = parseHeader(bytes)
    return { state: 'present', vaultId: header.vaultId, people: slotPeople(header) }
  } catch (e) {
    return { state: 'unreadable', message: `This vault cannot be opened: ${e instanceof Error ? e.message : 'unknown problem'}.` }
  }
}

export function createVault(dir: string, opts: CreateVaultOptions): Promise<Vault> {
  return oneAtATime(dir, () => create(dir, opts))
}

async function create(dir: string, opts: CreateVaultOptions): Promise<Vault> {
  const o = options(opts)
  const { io } = o
  assertKdf(opts.kdf)
  const personName = typeof opts.personName === 'string' ? opts.personName.trim() : ''
  if (personName.length === 0 || personName.length > 200)
    throw new AppError('invalid-name', 'Enter your name (up to 200 characters).', { field: 'personName' })
  if (typeof opts.passphrase !== 'string' || opts.passphrase.length === 0)
    throw new AppError('invalid-passphrase', 'Enter a passphrase.', { field: 'passphrase' })
  await takeOver(dir)

  let existing: string[] = []
  try {
    existing = (await io.readdir(dir)).filter((n) => !n.startsWith('.'))
  } catch (e) {
    if (!isNotFound(e)) throw writeFailed('The new vault', e, 'none')
  }
  if (existing.includes(HEADER_FILE))
    throw new AppError('vault-exists', 'That folder already holds a vault — unlock it, or choose an empty folder.', { field: 'dir' })
  if (existing.length > 0)
    throw new AppError('folder-not-empty', 'That folder is not empty — choose an empty folder for a new vault.', { field: 'dir' })

  const vaultId = randomHex(16)
  const vaultIdBytes = Buffer.from(vaultId, 'hex')
  const dataKey = randomBytes(32)
  const keys = deriveKeys(dataKey, vaultIdBytes)
  const person: PersonSlot = { personId: randomId(), name: personName }
  try {
    const slot = await makeSlot(vaultId, person, opts.passphrase, opts.kdf, dataKey)
    const unsigned = { format: FORMAT_NAME, version: FORMAT_VERSION, vaultId, createdAt: o.now().toISOString(), slots: [slot] } as const
    const header: VaultHeader = { ...unsigned, slots: [slot], mac: headerMac(keys.header, { ...unsigned, slots: [slot] }) }
    try {
      // Each new folder is synced into its parent, so the vault's own folder cannot vanish in a power cut.
      await makeFolderDurable(io, join(dir, DOCUMENTS_DIR))
      const journal = await io.open(join(dir, JOURNAL_FILE), 'wx', 0o600)
      try {
        await journal.sync()
      } finally {
        await journal.close()
      }
      await writeFileDurable(io, join(dir, HEAD_FILE), encodeHead(keys.head, vaultIdBytes, { seq: 0, hash: ZERO_HASH, journalBytes: 0 }))
      await fsyncDir(io, dir)
      // The header goes last: until it exists the folder is not a vault.
      await writeFileDurable(io, join(dir, HEADER_FILE), serialiseHeader(header))
    } catch (e) {
      // Leave the folder as it was, so that trying again (after freeing space, say) can succeed.
      for (const f of [HEADER_FILE, HEAD_FILE, JOURNAL_FILE]) await io.unlink(join(dir, f)).catch(() => undefined)
      await io.rmdir(join(dir, DOCUMENTS_DIR)).catch(() => undefined)
      throw writeFailed('The new vault', e, 'none')
    }
    const vault = new VaultImpl({
      dir,
      header,
      person,
      keys,
      manifest: new Map(),
      position: { seq: 0, hash: ZERO_HASH, journalBytes: 0, offsets: new Map() },
      problems: [],
      options: o,
    })
    await vault.appendSystemEvent({ action: 'vault-created', summary: 'Vault created' })
    register(dir, vault) // only now: a Vault that failed to start never becomes the folder's writer
    return vault
  } catch (e) {
    wipeKeys(keys)
    throw e
  }
}

function wipeKeys(k: VaultKeys): void {
  wipe(k.data, k.documents, k.journal, k.head, k.checkpoint, k.header)
}

/** What the system says when a folder cannot be written to, in words a person understands. */
const NOT_WRITABLE: Record<string, string> = {
  EROFS: 'the disk or share it is on is read-only',
  EACCES: 'this computer account does not have permission to change it',
  EPERM: 'this computer account does not have permission to change it',
}

/**
 * Null if a file can be made in the vault's folder; otherwise why not, in words. Asked by trying (a temp
 * file, removed at once and by the next tidy-up if not), because permissions, mount flags and network
 * shares each answer "can I write here" differently and only a write answers it for all of them.
 */
async function whyNotWritable(io: VaultIo, dir: string): Promise<string | null> {
  const probe = join(dir, `${TEMP_MARK}write-check-${randomHex(6)}`)
  try {
    const fh = await io.open(probe, 'wx', 0o600)
    await fh.close()
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | null)?.code
    const why = code ? NOT_WRITABLE[code] : undefined
    if (why) return why
    // Any other failure (a full disk, say) is not read-only: saves will report it themselves, in words.
    return null
  }
  await io.unlink(probe).catch(() => undefined)
  return null
}

export function openVault(dir: string, opts: OpenVaultOptions): Promise<Vault> {
  return oneAtATime(dir, () => unlock(dir, opts))
}

async function unlock(dir: string, opts: OpenVaultOptions): Promise<Vault> {
  const o = options(opts)
  const { io } = o
  await takeOver(dir)
  let headerBytes: Buffer | null
  try {
    headerBytes = await readIfExists(io, join(dir, HEADER_FILE))
  } catch {
    throw vaultUnreadable('its folder cannot be read.')
  }
  if (!headerBytes) throw notAVault(dir)
  let header: VaultHeader
  try {
    header = parseHeader(headerBytes)
  } catch (e) {
    throw vaultUnreadable(`${e instanceof Error ? e.message : 'its header is unreadable'}.`)
  }
  const slot = header.slots.find((s) => s.personId === opts.personId)
  if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
  if (!isValidKdf(slotKdf(slot)))
    throw vaultUnreadable('its key settings have been changed to below the safe minimum, which suggests tampering.')
  const dataKey = await unwrapSlot(header.vaultId, slot, typeof opts.passphrase === 'string' ? opts.passphrase : '')
  if (!dataKey) throw wrongPassphrase()

  const vaultIdBytes = Buffer.from(header.vaultId, 'hex')
  const keys = deriveKeys(dataKey, vaultIdBytes)
  try {
    if (!headerMacValid(keys.header, header))
      throw new AppError(
        'header-tampered',
        "The vault's list of people has been altered outside Escalation Log, so the vault was not opened.",
      )
    const readOnly = await whyNotWritable(io, dir)
    const replayed = await replay(io, dir, keys, vaultIdBytes, readOnly !== null)
    // Tidying only deletes or moves files, and ignores each failure, so on a read-only folder it changes nothing.
    const problems = await tidyDocuments(io, dir, replayed.manifest)
    const vault = new VaultImpl({
      dir,
      header,
      person: { personId: slot.personId, name: slot.name },
      keys,
      manifest: replayed.manifest,
      position: replayed.position,
      problems,
      options: o,
      readOnly,
    })
    if (readOnly === null) {
      if (replayed.headLags) await vault.repairHead()
      if (opts.auditUnlock !== false) await vault.appendSystemEvent({ action: 'unlock', summary: 'Vault unlocked' })
    }
    register(dir, vault)
    return vault
  } catch (e) {
    wipeKeys(keys)
    throw e
  }
}
