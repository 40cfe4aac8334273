/**
 * Creating, inspecting and opening a vault. Opening verifies the header, the head and the journal tail since
 * the last checkpoint (signatures included), checks vault.json against the header the journal last recorded,
 * rebuilds the manifest, discards what a crash left unacknowledged, and checks that every document the manifest
 * lists has its file (contents are verified lazily, on load). A format-1 vault is upgraded at its first unlock.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { AppError } from '../../shared/errors'
import { ZERO_HASH, randomHex } from './crypto'
import { DOCUMENTS_DIR } from './documents'
import { headerTampered, journalDamaged, notAVault, vaultReadOnly, vaultUnreadable, wrongPassphrase, writeFailed } from './errors'
import {
  FIRST_PREVIOUS,
  FORMAT_NAME,
  FORMAT_VERSION,
  HEADER_FILE,
  headerHash,
  headerMacValid,
  headerPeople,
  isLegacySlot,
  kdfParams,
  nextRevision,
  parseHeader,
  parseHeaderV2,
  serialiseHeader,
  signHeader,
  type ParsedHeader,
  type VaultHeader,
} from './header'
import { fsyncDir, isNotFound, makeFolderDurable, nodeIo, readIfExists, writeFileDurable, type FaultHooks, type VaultIo } from './io'
import { JOURNAL_FILE } from './journal'
import { assertKdf, isValidKdf } from './kdf'
import { Keyring } from './keys'
import { Manifest } from './manifest'
import { oneAtATime, register, settled, takeOver } from './registry'
import { replay, type JournalHeader } from './replay'
import { tidyDocuments } from './tidy'
import { encodeHead, HEAD_FILE } from './sealed-state'
import {
  makePersonSlot,
  openKeyring,
  openLegacySlot,
  openPersonSlot,
  sealKeyring,
  type PersonSlotKeys,
} from './slots'
import type { InspectResult, KdfParams, PersonSlot, Vault, VaultProblem } from './types'
import { format1Keyring, unlockFormat1 } from './format1'
import { DOCUMENT_CACHE_BYTES } from './document-cache'
import { randomId, VaultImpl, whenText, type VaultOptions } from './vault'
import { whyNotWritable } from './writable'

/** Test and tooling seams; the app passes none of these. */
export interface VaultAdvancedOptions {
  io?: VaultIo
  faults?: FaultHooks
  /** Write a checkpoint every this many events (default DEFAULT_CHECKPOINT_EVERY). */
  checkpointEvery?: number
  /** Append an 'unlock' audit event on open (default true). */
  auditUnlock?: boolean
  /** Tidy chunks/ this long after unlock (default 5 seconds; see Vault.tidyChunks). */
  tidyChunksAfterMs?: number
  /** The bound of the decrypted documents kept in memory, in bytes (default DOCUMENT_CACHE_BYTES; see document-cache.ts). */
  documentCacheBytes?: number
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

/**
 * Unlock replays and checks (hash chain, schema, each event's Ed25519 signature) only the journal since the
 * last checkpoint, so this bounds what an unlock costs whatever the vault's age: at most 249 events, ~25 ms of
 * signature checks. Writing a checkpoint (the manifest, ~0.5 MB at ten years) costs the one save in 250 that
 * writes it a few milliseconds.
 */
export const DEFAULT_CHECKPOINT_EVERY = 250
const DEFAULT_TIDY_CHUNKS_AFTER_MS = 5000

export function options(o: VaultAdvancedOptions & { now: () => Date }): VaultOptions {
  const every = o.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY
  if (!Number.isSafeInteger(every) || every < 1) throw new AppError('invalid-option', 'checkpointEvery must be a positive whole number.')
  const cacheBytes = o.documentCacheBytes ?? DOCUMENT_CACHE_BYTES
  if (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0) throw new AppError('invalid-option', 'documentCacheBytes must be a whole number, 0 or more.')
  return {
    io: o.io ?? nodeIo,
    faults: o.faults ?? {},
    checkpointEvery: every,
    tidyChunksAfterMs: o.tidyChunksAfterMs ?? DEFAULT_TIDY_CHUNKS_AFTER_MS,
    documentCacheBytes: cacheBytes,
    now: o.now,
  }
}

export async function inspectVault(dir: string, io: VaultIo = nodeIo, now: Date = new Date()): Promise<InspectResult> {
  await settled(dir)
  let bytes: Buffer | null
  try {
    bytes = await readIfExists(io, join(dir, HEADER_FILE))
  } catch {
    return { state: 'unreadable', message: 'The vault folder cannot be read.' }
  }
  if (!bytes) return { state: 'absent' }
  try {
    const parsed = parseHeader(bytes)
    if (parsed.version === 1)
      return { state: 'present', vaultId: parsed.header.vaultId, people: headerPeople(parsed.header), invitations: [], hasRecoveryKey: false }
    const h = parsed.header
    return {
      state: 'present',
      vaultId: h.vaultId,
      people: headerPeople(h),
      invitations: h.invitations
        .filter((i) => Date.parse(i.expiresAt) > now.getTime())
        .map((i) => ({ inviteId: i.inviteId, name: i.name, ...(i.role ? { role: i.role } : {}), expiresAt: i.expiresAt })),
      hasRecoveryKey: h.recovery !== null,
    }
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
  const keyring = new Keyring(vaultIdBytes, [{ epoch: 0, key: randomBytes(32) }], 0)
  const person: PersonSlot = { personId: randomId(), name: personName }
  try {
    const { slot, keys } = await makePersonSlot({ vaultId, epoch: 0 }, person, opts.passphrase, opts.kdf, keyring.current.dataKey)
    const header = signHeader(keyring.current.sub('header'), {
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      vaultId,
      createdAt: o.now().toISOString(),
      revision: 1,
      previous: FIRST_PREVIOUS,
      epoch: 0,
      v1Journal: { seq: 0, bytes: 0 },
      slots: [slot],
      recovery: null,
      invitations: [],
      keyring: sealKeyring(vaultId, keyring),
    })
    try {
      // Each new folder is synced into its parent, so the vault's own folder cannot vanish in a power cut.
      await makeFolderDurable(io, join(dir, DOCUMENTS_DIR))
      const journal = await io.open(join(dir, JOURNAL_FILE), 'wx', 0o600)
      try {
        await journal.sync()
      } finally {
        await journal.close()
      }
      await writeFileDurable(io, join(dir, HEAD_FILE), encodeHead(keyring.current, vaultIdBytes, { seq: 0, hash: ZERO_HASH, journalBytes: 0 }))
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
      keyring,
      ownKeys: keys,
      journalHeader: null,
      manifest: new Manifest(),
      position: { seq: 0, hash: ZERO_HASH, journalBytes: 0, offsets: new Map() },
      problems: [],
      options: o,
    })
    // The first event carries the header, binding it to the journal (if it is never written, the next unlock writes it).
    await vault.appendSystemEvent({ action: 'vault-created', summary: 'Vault created' }, header)
    register(dir, vault) // only now: a Vault that failed to start never becomes the folder's writer
    return vault
  } catch (e) {
    keyring.wipe()
    throw e
  }
}

export async function readHeaderFile(io: VaultIo, dir: string): Promise<{ bytes: Buffer; parsed: ParsedHeader }> {
  let bytes: Buffer | null
  try {
    bytes = await readIfExists(io, join(dir, HEADER_FILE))
  } catch {
    throw vaultUnreadable('its folder cannot be read.')
  }
  if (!bytes) throw notAVault(dir)
  try {
    return { bytes, parsed: parseHeader(bytes) }
  } catch (e) {
    throw vaultUnreadable(`${e instanceof Error ? e.message : 'its header is unreadable'}.`)
  }
}

export function checkedKeyring(header: VaultHeader, epochKey: Buffer): Keyring {
  const keyring = openKeyring(header, epochKey)
  if (!keyring) {
    epochKey.fill(0)
    throw headerTampered()
  }
  if (!headerMacValid(keyring.current.sub('header'), header)) {
    keyring.wipe()
    throw headerTampered()
  }
  return keyring
}

export function openVault(dir: string, opts: OpenVaultOptions): Promise<Vault> {
  return oneAtATime(dir, () => unlock(dir, opts))
}

async function unlock(dir: string, opts: OpenVaultOptions): Promise<Vault> {
  const o = options(opts)
  await takeOver(dir)
  const { bytes, parsed } = await readHeaderFile(o.io, dir)
  const passphrase = typeof opts.passphrase === 'string' ? opts.passphrase : ''
  if (parsed.version === 1) return unlockFormat1(dir, o, opts, parsed.header, bytes, passphrase)
  const header = parsed.header
  const slot = header.slots.find((s) => s.personId === opts.personId)
  if (!slot) throw new AppError('person-not-found', 'That person is not listed in this vault.', { field: 'personId' })
  if (!isValidKdf(kdfParams(slot.kdf)))
    throw vaultUnreadable('its key settings have been changed to below the safe minimum, which suggests tampering.')
  const person = { personId: slot.personId, name: slot.name }
  if (isLegacySlot(slot)) {
    const key = header.epoch === 0 ? await openLegacySlot(header.vaultId, slot, passphrase) : null
    if (!key) throw wrongPassphrase()
    const keyring = checkedKeyring(header, key)
    return session(dir, o, opts, header, keyring, person, null, async (vault) => {
      // The person's first unlock since the upgrade: they get their own box and signing keys now.
      const { slot: upgraded, keys } = await makePersonSlot(header, person, passphrase, kdfParams(slot.kdf), keyring.current.dataKey, undefined, slot.slotId)
      const now = vault.currentHeader
      await vault.changeHeaderAtOpen(
        nextRevision(now, { slots: now.slots.map((s) => (s.personId === person.personId ? upgraded : s)) }),
        { action: 'signing-key-created', subject: person.personId, summary: `${person.name} unlocked the vault for the first time since it was upgraded and was given a signing key` },
        { ownKeys: keys },
      )
    })
  }
  const opened = await openPersonSlot(header, slot, passphrase)
  if (!opened) throw wrongPassphrase()
  const keyring = checkedKeyring(header, opened.epochKey)
  return session(dir, o, opts, header, keyring, person, { box: opened.box, signing: opened.signing })
}

/**
 * How vault.json stands against the header the journal last recorded: the same; not yet recorded (a vault made or
 * upgraded whose first event was never written); one change ahead, never recorded (undone); or refused.
 */
function bindHeader(header: VaultHeader, recorded: JournalHeader | null, seq: number): 'same' | 'unrecorded' | VaultHeader {
  if (!recorded) {
    if (header.revision === 1 && seq === header.v1Journal.seq) return 'unrecorded'
    throw new AppError('header-mismatch', 'The vault was not opened: its audit trail does not record its list of people (vault.json), so one of them has been replaced.')
  }
  const journalHeader = parseHeaderV2(recorded.json)
  if (!journalHeader) throw journalDamaged(`entry ${recorded.seq} holds a list of people that cannot be read.`)
  if (headerHash(journalHeader) === headerHash(header)) return 'same'
  if (header.revision === journalHeader.revision + 1 && header.previous === headerHash(journalHeader)) return journalHeader
  const when = `${whenText(recorded.at)} (entry ${recorded.seq} of the audit trail)`
  if (header.revision <= journalHeader.revision)
    throw new AppError(
      'header-rolled-back',
      `The vault was not opened: its file vault.json is an older copy (version ${header.revision}) than the one its audit trail records (version ${journalHeader.revision}, saved ${when}). An older vault.json may have been put back from a backup, which could let someone who was removed back in, or undo a passphrase change. Put the current vault.json back (from the most recent backup) and unlock again.`,
    )
  throw new AppError(
    'header-mismatch',
    `The vault was not opened: its file vault.json (version ${header.revision}) is newer than the one its audit trail records (version ${journalHeader.revision}, saved ${when}), so the audit trail may have been put back from an older copy.`,
  )
}

export async function session(
  dir: string,
  o: VaultOptions,
  adv: VaultAdvancedOptions,
  header: VaultHeader,
  keyring: Keyring,
  person: PersonSlot,
  ownKeys: PersonSlotKeys | null,
  afterOpen?: (vault: VaultImpl) => Promise<void>,
  flags: { mustWrite?: string } = {},
): Promise<Vault> {
  const { io } = o
  const vaultIdBytes = Buffer.from(header.vaultId, 'hex')
  let vault: VaultImpl | null = null
  try {
    const readOnly = await whyNotWritable(io, dir)
    if (readOnly !== null && flags.mustWrite) throw vaultReadOnly(readOnly, `${flags.mustWrite}.`)
    const replayed = await replay(io, dir, { keyring, vaultIdBytes, v1LastSeq: header.v1Journal.seq }, readOnly !== null)
    const bound = bindHeader(header, replayed.header, replayed.position.seq)
    const problems: VaultProblem[] = []
    let sessionHeader = header
    let sessionKeyring = keyring
    if (typeof bound === 'object') {
      // A change to the header was written but its audit event never was: nobody saw it succeed, so it is undone.
      if (!bound.slots.some((s) => s.personId === person.personId))
        throw new AppError('header-mismatch', 'The vault was not opened: the change that added you was interrupted before it was recorded. Ask for a new invitation.')
      sessionHeader = bound
      if (bound.epoch !== header.epoch) sessionKeyring = keyring.withCurrent(bound.epoch)
      if (readOnly === null) await writeFileDurable(io, join(dir, HEADER_FILE), serialiseHeader(bound))
      problems.push({
        docId: HEADER_FILE,
        message: `A change to the people who can unlock this vault (version ${header.revision} of vault.json) was interrupted before it was recorded in the audit trail, so it has been undone. If it was your passphrase change, your previous passphrase still applies; make the change again.`,
      })
    }
    problems.push(...(await tidyDocuments(io, dir, replayed.manifest, readOnly === null)))
    vault = new VaultImpl({
      dir,
      header: sessionHeader,
      person,
      keyring: sessionKeyring,
      ownKeys,
      journalHeader: replayed.header,
      manifest: replayed.manifest,
      position: replayed.position,
      problems,
      options: o,
      readOnly,
    })
    if (readOnly === null) {
      // A checkpoint listing attachment chunks one by one (before the compact section) is rewritten at once.
      if (replayed.headLags || replayed.manifest.needsCompacting) await vault.repairHead()
      if (afterOpen) await afterOpen(vault)
      if (bound === 'unrecorded')
        await vault.appendSystemEvent(
          header.v1Journal.seq === 0
            ? { action: 'vault-created', summary: 'Vault created' }
            : { action: 'vault-upgraded', summary: 'Vault upgraded to format 2: events from here on are signed' },
          vault.currentHeader,
        )
      if (adv.auditUnlock !== false) await vault.appendSystemEvent({ action: 'unlock', summary: 'Vault unlocked' })
    }
    register(dir, vault)
    vault.scheduleChunkTidy(o.tidyChunksAfterMs)
    void vault.startReencryption()
    return vault
  } catch (e) {
    if (vault) await vault.lock().catch(() => undefined)
    else keyring.wipe()
    throw e
  }
}

/**
 * The keyring a person's passphrase opens in a header (format 1 or 2), with the header's MAC checked — for
 * restoring a backup, which must check its MAC before writing anything. Throws as unlock does.
 */
export async function keyringFor(parsed: ParsedHeader, personId: string, passphrase: string): Promise<Keyring> {
  const slots: { personId: string }[] = parsed.header.slots
  if (!slots.some((s) => s.personId === personId))
    throw new AppError('person-not-found', 'That person cannot unlock this backup.', { field: 'personId' })
  if (parsed.version === 1) return format1Keyring(parsed.header, personId, passphrase)
  const header = parsed.header
  const slot = header.slots.find((x) => x.personId === personId)!
  if (isLegacySlot(slot)) {
    const key = header.epoch === 0 ? await openLegacySlot(header.vaultId, slot, passphrase) : null
    if (!key) throw wrongPassphrase()
    return checkedKeyring(header, key)
  }
  const opened = await openPersonSlot(header, slot, passphrase)
  if (!opened) throw wrongPassphrase()
  opened.box.privateKey.fill(0)
  opened.signing.privateKey.fill(0)
  return checkedKeyring(header, opened.epochKey)
}
