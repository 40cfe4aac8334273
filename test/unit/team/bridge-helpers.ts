/**
 * Real local vaults joined in one team through one shared folder, for the bridge tests: each device has its own
 * vault (its person, its case log), its own `TeamDevice` over a `LocalFolderTransport` on the same folder, and a
 * `TeamBridge` between the two. The case log is changed as the handlers change it: the domain makes the next
 * value, the case log's intention-named write saves it.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CaseLog, gateViews } from '../../../src/main/caselog'
import { createChild, updateChild } from '../../../src/main/domain/children'
import { escalate, openDispute, recordStepDone, resolve } from '../../../src/main/domain/disputes'
import { addAddendum, approveRecord, countersign, createDraft, updateDraft } from '../../../src/main/domain/records'
import { newSigningKeyPair, Signer } from '../../../src/main/store/keys'
import type { Vault } from '../../../src/main/store'
import { attachmentPresent, readAttachmentRange } from '../../../src/main/store/attachments'
import { TeamBridge } from '../../../src/main/team/bridge'
import { TeamDevice, type DeviceDirectory } from '../../../src/main/team/device'
import { DisputeKeyring } from '../../../src/main/team/dispute-keys'
import type { TeamKey } from '../../../src/main/team/sealed'
import { LocalFolderTransport, type Transport } from '../../../src/main/team/transport'
import { ContactRecordDraftInput, type ContactRecord, type RecordAuthor } from '../../../src/shared/records'
import type { Dispute } from '../../../src/shared/dispute'
import { newVault } from '../store/helpers'

/** Temporary folders for one test file: `made()` gives a new one, `clear()` (in afterEach) removes them all. */
export function tempFolders(prefix: string): { made: () => string; clear: () => void } {
  const dirs: string[] = []
  return {
    made: () => {
      const d = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(d)
      return d
    },
    clear: () => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    },
  }
}

/** Every file below `dir`. */
export function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n)
    if (statSync(p).isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

/** Every desk syncs, twice round, so that what each wrote has reached every other. */
export async function syncAll(all: Desk[]): Promise<void> {
  for (let round = 0; round < 2; round++) for (const d of all) await d.sync()
}

export interface Desk {
  name: string
  /** The vault's folder. */
  dir: string
  vault: Vault
  log: CaseLog
  device: TeamDevice
  /** This device's dispute keys (kept across `restart`, as the local vault keeps them), when the desks are keyed. */
  keyring: DisputeKeyring | null
  bridge: TeamBridge
  actor: RecordAuthor
  clock: { now: Date }
  /** Sync, then write what the merge changed into the case log. */
  sync(): Promise<void>
  /**
   * The app started again: a new device from this one's saved position, and a new bridge (not caught up); with
   * its queued stored-file parts kept only as where they lie in the vault, as the team document keeps them.
   */
  restart(o?: { applied: null }): void
}

/**
 * `names.length` devices of one team over the shared folder `root` (or each over its own given transport). `keyed`
 * (all, or per desk): the device holds dispute keys, as the app's always do — the first desk is the team's owner,
 * and every keyed desk has published its receive key and learnt the others' before the desks are handed back; a
 * desk not keyed writes as the version before dispute keys did.
 */
export async function desks(root: string, names: string[], start = '2026-12-02T09:00:00.000Z', transports?: Transport[], keyed: boolean | boolean[] = false): Promise<Desk[]> {
  const key: TeamKey = { teamId: randomBytes(16).toString('hex'), epoch: 1, epochKey: randomBytes(32) }
  const made = await Promise.all(names.map((name) => newVault({ personName: name })))
  const people = made.map(({ vault }, i) => {
    const pair = newSigningKeyPair()
    const publicKey = Buffer.from(pair.publicKey)
    return { deviceId: randomBytes(16).toString('hex'), personId: vault.person.personId, name: names[i] as string, signer: new Signer(pair.privateKey, publicKey), publicKey }
  })
  const byDevice = new Map(people.map((p, i) => [p.deviceId, { personId: p.personId, name: p.name, signingPublicKey: p.publicKey, role: i === 0 ? ('owner' as const) : ('member' as const) }]))
  const keyedAt = (i: number) => (Array.isArray(keyed) ? (keyed[i] ?? false) : keyed)
  const directory: DeviceDirectory = (deviceId) => byDevice.get(deviceId) ?? null
  const all = await Promise.all(
    made.map(async ({ dir, vault }, i) => {
      const p = people[i]!
      const log = await CaseLog.open(vault)
      const clock = { now: new Date(start) }
      const keyring = keyedAt(i) ? new DisputeKeyring() : null
      const make = (resume?: ReturnType<TeamDevice['saved']>) =>
        new TeamDevice({
          transport: transports?.[i] ?? new LocalFolderTransport(root),
          keys: [key],
          deviceId: p.deviceId,
          personId: p.personId,
          signer: p.signer,
          directory,
          storedFile: async (f) => (attachmentPresent(vault, f.attachment, f.size) ? readAttachmentRange(vault, f.attachment, f.size, f.offset, f.length) : null),
          ...(resume ? { resume } : {}),
          ...(keyring ? { keyring } : {}),
        })
      // How far others' changes had been applied, as the team document keeps it between runs (TeamDoc.applied).
      let applied: Record<string, number> | null = null
      const bridgeOf = (device: TeamDevice, caughtUp: boolean) =>
        new TeamBridge({ caselog: log, device, nameOf: (d) => directory(d)?.name ?? null, now: () => clock.now, caughtUp, vault, appliedUpTo: applied, onApplied: (cut) => void (applied = cut) })
      const device = make()
      const desk: Desk = {
        name: p.name,
        dir,
        vault,
        log,
        device,
        keyring,
        bridge: bridgeOf(device, true),
        actor: { personId: p.personId, name: p.name },
        clock,
        sync: async () => {
          await desk.device.sync()
          await desk.bridge.apply()
        },
        restart: (o) => {
          if (o) applied = o.applied
          desk.bridge.detach()
          const saved = desk.device.saved()
          desk.device = make({ ...saved, outbox: saved.outbox.map((f) => (f.part ? { path: f.path, part: f.part } : f)) })
          desk.bridge = bridgeOf(desk.device, false)
        },
      }
      return desk
    }),
  )
  const withKeys = all.filter((d) => d.keyring)
  for (const d of withKeys) d.device.publishReceiveKey(new Date(start))
  if (withKeys.length > 0) await syncAll(all)
  return all
}

const solihull = (log: CaseLog) => log.policies().find((p) => p.id === 'solihull-sscp')!
const ctx = (desk: Desk, records: ContactRecord[] = []) => ({ policy: solihull(desk.log), calendar: desk.log.calendar(), now: desk.clock.now.toISOString(), records: gateViews(records) })
const must = <T extends { ok: boolean }>(t: T): T & { ok: true } => {
  if (!t.ok) throw new Error(`refused: ${JSON.stringify(t)}`)
  return t as T & { ok: true }
}

/** A child and a dispute about them, opened on `desk`: the dispute. */
export async function openOn(desk: Desk, childName: string): Promise<Dispute> {
  const child = createChild({ name: childName }, { id: randomBytes(8).toString('hex'), today: '2026-12-02' })
  await desk.log.addChild(child, { action: 'child-added', subject: child.name, summary: 'Child added' })
  const slot = desk.log.reserveDispute(2026)
  const t = must(
    openDispute(
      {
        childIds: [child.id],
        otherAgency: { agency: 'Solihull Children’s Services', practitioner: 'Jo Bloggs' },
        disputed: { kind: 'decision', description: 'The referral was assessed as not meeting the threshold.' },
        reasons: { ids: [], text: 'We believe the threshold is met.' },
        disagreementOn: '2026-12-01',
        triage: { level: 'standard' },
        by: desk.name,
      },
      { ...ctx(desk), id: slot.id, reference: slot.reference },
    ),
  )
  await desk.log.openDispute(slot, t.dispute, { action: 'dispute-opened', subject: slot.reference, summary: 'Dispute opened' })
  return t.dispute
}

export async function draftOn(desk: Desk, disputeId: string, weSaid: string): Promise<ContactRecord> {
  const input = ContactRecordDraftInput.parse({ kind: 'phone-call', stage: 1, occurredAt: { date: '2026-12-02', time: '08:30' }, contact: { name: 'Jo Bloggs' }, direction: 'outgoing', weSaid })
  const record = createDraft(input, { id: randomBytes(8).toString('hex'), disputeId, author: desk.actor, now: desk.clock.now })
  await desk.log.saveRecord(record, { action: 'record-drafted', summary: 'Draft started' })
  return record
}

const recordOn = async (desk: Desk, disputeId: string, recordId: string) => (await desk.log.records(disputeId)).find((r) => r.id === recordId)!

export async function editOn(desk: Desk, disputeId: string, recordId: string, weSaid: string): Promise<void> {
  const next = updateDraft(await recordOn(desk, disputeId, recordId), { weSaid }, { now: desk.clock.now })
  await desk.log.saveRecord(next, { action: 'record-edited', summary: 'Draft edited' })
}

export async function approveOn(desk: Desk, disputeId: string, recordId: string): Promise<void> {
  await desk.log.saveRecord(approveRecord(await recordOn(desk, disputeId, recordId), desk.actor, { now: desk.clock.now }), { action: 'record-approved', summary: 'Approved' })
}

export async function countersignOn(desk: Desk, disputeId: string, recordId: string): Promise<void> {
  await desk.log.saveRecord(countersign(await recordOn(desk, disputeId, recordId), desk.actor, { now: desk.clock.now }), { action: 'record-countersigned', summary: 'Countersigned' })
}

export async function escalateOn(desk: Desk, disputeId: string): Promise<void> {
  const { entry } = await desk.log.find(disputeId)
  const next = must(escalate(entry.dispute, { by: desk.name }, ctx(desk, await desk.log.records(disputeId))))
  await desk.log.saveDispute(next.dispute, { action: 'escalated', summary: 'Escalated' })
}

export async function resolveOn(desk: Desk, disputeId: string): Promise<void> {
  const { entry } = await desk.log.find(disputeId)
  const next = must(
    resolve(entry.dispute, { summary: 'Assessment agreed.', writtenConfirmation: { receivedOn: '2026-12-02', from: 'Jo Bloggs' }, by: desk.name }, ctx(desk, await desk.log.records(disputeId))),
  )
  await desk.log.saveDispute(next.dispute, { action: 'resolved', summary: 'Resolved' })
}

export async function stepDoneOn(desk: Desk, disputeId: string, key: string): Promise<void> {
  const { entry } = await desk.log.find(disputeId)
  const next = must(recordStepDone(entry.dispute, { key, doneOn: '2026-12-02', by: desk.name }, ctx(desk, await desk.log.records(disputeId))))
  await desk.log.saveDispute(next.dispute, { action: 'step-done', summary: 'Step recorded as done' })
}

/** A child's details changed on `desk` (the disputes naming them saved with them, as the handler does). */
export async function editChildOn(desk: Desk, childId: string, changes: Parameters<typeof updateChild>[1]): Promise<void> {
  const child = updateChild((await desk.log.children())[childId]!, changes, { today: '2026-12-02' })
  await desk.log.updateChild(child, await desk.log.disputesOfChild(childId), { action: 'child-updated', subject: child.name, summary: 'Child’s details changed' })
}

export async function addendumOn(desk: Desk, disputeId: string, recordId: string, text: string): Promise<void> {
  const next = addAddendum(await recordOn(desk, disputeId, recordId), { reason: 'Correcting the time of the call', text }, desk.actor, { id: randomBytes(8).toString('hex'), now: desk.clock.now })
  await desk.log.saveRecord(next, { action: 'addendum-added', summary: 'Addendum added' })
}
