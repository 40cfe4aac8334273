/**
 * The bench's bulk path for audit events: appends many audit-only events to a closed vault's journal in
 * one pass, exactly as docs/vault-format.md lays them out, using the store's own encoders (encodeFrame,
 * encodeHead, encodeCheckpoint) and the store's own replay to start from a verified position.
 *
 * Why not `vault.commit` 300,000 times: each commit appends a frame, rewrites head.enc durably and
 * checkpoints every 250 events (DEFAULT_CHECKPOINT_EVERY). Even with fsync switched off (bench/lib/setup-io.ts) that is ~0.15–0.5 ms
 * a commit on this machine (the bench prints the measured figure), 1–3 minutes for ten years of events;
 * with fsync on, ~3 ms, a quarter of an hour. The store has no bulk append, so the bench writes the frames
 * itself. The result is checked: openVault replays the tail since the last checkpoint, and the smoke test
 * runs verifyAuditChain over the whole journal.
 */
import { open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isLegacySlot, parseHeader } from '../../src/main/store/header'
import { Signer, type Keyring } from '../../src/main/store/keys'
import { openKeyring, openPersonSlot } from '../../src/main/store/slots'
import { writeFileDurable } from '../../src/main/store/io'
import { DEFAULT_CHECKPOINT_EVERY } from '../../src/main/store/open'
import { encodeFrame, JOURNAL_FILE, type StoredEvent } from '../../src/main/store/journal'
import { replay } from '../../src/main/store/replay'
import { CHECKPOINT_FILE, encodeCheckpoint, encodeHead, HEAD_FILE } from '../../src/main/store/sealed-state'
import type { GeneratedEvent } from './generate'
import { setupIo } from './setup-io'

export interface VaultKeyring {
  vaultId: string
  vaultIdBytes: Buffer
  keyring: Keyring
  signer: Signer
  v1LastSeq: number
  personId: string
  personName: string
  wipe(): void
}

/** Unlocks the key slot the documented way (Argon2id, unwrap, keyring, signing key) — for bench tooling only. */
export async function unlockKeys(dir: string, personId: string, passphrase: string): Promise<VaultKeyring> {
  const parsed = parseHeader(await readFile(join(dir, 'vault.json')))
  if (parsed.version !== 2) throw new Error('the bench vault is not format 2')
  const header = parsed.header
  const slot = header.slots.find((s) => s.personId === personId)
  if (!slot || isLegacySlot(slot)) throw new Error('no such person in the bench vault')
  const opened = await openPersonSlot(header, slot, passphrase)
  if (!opened) throw new Error('the bench passphrase does not open the bench vault')
  const keyring = openKeyring(header, opened.epochKey)
  if (!keyring) throw new Error('the bench vault keyring does not open')
  return {
    vaultId: header.vaultId,
    vaultIdBytes: Buffer.from(header.vaultId, 'hex'),
    keyring,
    signer: new Signer(opened.signing.privateKey, opened.signing.publicKey),
    v1LastSeq: header.v1Journal.seq,
    personId,
    personName: slot.name,
    wipe: () => keyring.wipe(),
  }
}

/**
 * Appends `events` (audit-only: they change no document) to a vault nobody has open, then rewrites the
 * head and, if a multiple of `checkpointEvery` was passed, the checkpoint — as the store would have.
 */
export async function appendAuditEvents(
  dir: string,
  ring: VaultKeyring,
  events: readonly GeneratedEvent[],
  checkpointEvery = DEFAULT_CHECKPOINT_EVERY,
): Promise<{ seq: number; journalBytes: number }> {
  const io = setupIo()
  const { keyring, vaultIdBytes } = ring
  const { manifest, position, header } = await replay(io, dir, { keyring, vaultIdBytes, v1LastSeq: ring.v1LastSeq })
  let { seq, hash, journalBytes } = position
  let checkpoint: { seq: number; hash: string; journalBytes: number } | null = null
  const fh = await open(join(dir, JOURNAL_FILE), 'r+')
  try {
    const pending: Buffer[] = []
    let pendingBytes = 0
    let writeAt = journalBytes
    const flush = async () => {
      if (pendingBytes === 0) return
      const chunk = Buffer.concat(pending, pendingBytes)
      await fh.write(chunk, 0, chunk.length, writeAt)
      writeAt += chunk.length
      pending.length = 0
      pendingBytes = 0
    }
    for (const e of events) {
      const stored: StoredEvent = {
        seq: seq + 1,
        at: e.at,
        personId: ring.personId,
        personName: ring.personName,
        action: e.action,
        ...(e.subject !== undefined ? { subject: e.subject } : {}),
        summary: e.summary,
        docs: [],
        prev: hash,
      }
      const { frame, hash: next } = encodeFrame(keyring.current, vaultIdBytes, stored, ring.signer)
      pending.push(frame)
      pendingBytes += frame.length
      seq = stored.seq
      hash = next
      journalBytes += frame.length
      if (seq % checkpointEvery === 0) checkpoint = { seq, hash, journalBytes }
      if (pendingBytes > 4 << 20) await flush()
    }
    await flush()
    await fh.datasync()
  } finally {
    await fh.close()
  }
  await writeFileDurable(
    io,
    join(dir, HEAD_FILE),
    encodeHead(keyring.current, vaultIdBytes, { seq, hash, journalBytes }),
  )
  if (checkpoint) {
    // Audit-only events change no document, so the manifest at the checkpoint is the one replayed above.
    const docs = Object.fromEntries(manifest)
    await writeFileDurable(
      io,
      join(dir, CHECKPOINT_FILE),
      encodeCheckpoint(keyring.current, vaultIdBytes, { ...checkpoint, docs, header }),
    )
  }
  return { seq, journalBytes }
}
