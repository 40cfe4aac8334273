/**
 * A real folder-sync engine carries the team vault (issue #17, "Real parts for tests"): two Debian `syncthing`
 * instances on loopback, started and stopped by this test, keep one folder in step between two devices' own
 * copies. Device A writes into its copy; Syncthing carries the files; device B's `TeamDevice`, over
 * `LocalFolderTransport` on its own copy, receives, checks and merges them — and the countersignature goes back.
 * Skipped, saying why, only when syncthing is not installed (scripts/test-setup.mjs installs it on Debian).
 */
import { approved, countersigned, drafted, opened } from '../../support/team-actions'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalFolderTransport } from '../../../src/main/team/transport'
import type { TeamDevice } from '../../../src/main/team/device'
import { haveSyncthing, rescan, startPair, stopSyncthing, waitConnected, type SyncthingInstance } from '../../support/syncthing'
import { directoryOf, makeDevice, makeMembers, newTeamKey } from '../../support/team-devices'

const have = haveSyncthing()
if (!have) console.log('team syncthing test skipped: syncthing is not installed (apt-get install syncthing)')

/** Syncs `device` until `done` holds, asking Syncthing to rescan the writer's copy meanwhile. */
async function until(device: TeamDevice, writer: SyncthingInstance, done: () => boolean, what: string): Promise<void> {
  const stop = Date.now() + 25_000
  await rescan(writer).catch(() => undefined)
  for (;;) {
    await device.sync()
    if (done()) return
    if (Date.now() > stop) throw new Error(`Syncthing did not carry ${what} in 25 s`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

describe.skipIf(!have)('a team vault carried by two real Syncthing instances', () => {
  let root: string
  let pair: [SyncthingInstance, SyncthingInstance] | undefined

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'team-syncthing-'))
    try {
      pair = await startPair(root)
      await Promise.all([waitConnected(pair[0], pair[1].id, 45_000), waitConnected(pair[1], pair[0].id, 45_000)])
    } catch (e) {
      await stopSyncthing(pair ?? [])
      throw e
    }
  }, 60_000)

  afterAll(async () => {
    await stopSyncthing(pair ?? [])
    rmSync(root, { recursive: true, force: true })
  })

  it('device A writes into its copy, and device B, on its own copy, receives and merges; the countersignature comes back', async () => {
    const [a, b] = pair!
    const members = makeMembers(2)
    const key = newTeamKey()
    const directory = directoryOf(members)
    // Packs every 4 segments, so that B also receives a pack through Syncthing.
    const deputy = makeDevice(members[0]!, new LocalFolderTransport(a.folder), key, directory, 4)
    const dsl = makeDevice(members[1]!, new LocalFolderTransport(b.folder), key, directory, 4)
    const now = new Date('2026-12-02T11:00:00.000Z')

    deputy.append([opened('d1')], now)
    for (let i = 1; i <= 4; i++)
      deputy.append(
        [
          drafted('d1', `r${i}`, `r${i}.v1`, [], members[0]!.personId, `Phoned the social worker (${i})`),
          approved('d1', `r${i}`, `r${i}.v1`, members[0]!.personId),
        ],
        now,
      )
    await deputy.sync()
    expect(deputy.waiting).toBe(0)

    const records = () => dsl.state().disputes[0]?.records ?? []
    await until(dsl, a, () => records().length === 4, "the deputy's four calls")
    expect(records().map((r) => r.status)).toEqual(['approved', 'approved', 'approved', 'approved'])
    expect(dsl.problems()).toEqual([])

    dsl.append([countersigned('d1', 'r1', members[1]!.personId)], now)
    await dsl.sync()
    const countersignatureArrived = () => deputy.state().disputes[0]?.records.find((r) => r.recordId === 'r1')?.countersignatures.length === 1
    await until(deputy, b, countersignatureArrived, "the DSL's countersignature")
    expect(deputy.problems()).toEqual([])
    expect(JSON.stringify(deputy.state())).toBe(JSON.stringify(dsl.state()))
  }, 60_000)
})
