/**
 * A write whose commit fails after the team was told of it (docs/team-vault.md, "The wiring"): what it sealed is
 * withdrawn — never sent, the chain back where it stood — and the next write is sealed and sent as if the failed
 * one had never been. Until a write has committed, what it sealed is not sent either.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { TeamBridge } from '../../../src/main/team/bridge'
import { desks, draftOn, openOn, tempFolders, walk, type Desk } from './bridge-helpers'

const temp = tempFolders('team-sealed-')
afterEach(temp.clear)

/** The bridge as the app wires it: told before each commit, the team document stored with it (null here). */
function wired(desk: Desk): void {
  desk.bridge.detach()
  desk.bridge = new TeamBridge({ caselog: desk.log, device: desk.device, nameOf: () => null, now: () => desk.clock.now, document: () => null })
}

const segments = (root: string) => walk(root).filter((p) => /\/s-\d{12}-[0-9a-f]{8}\.elt$/.test(p)).length

describe('a write sealed for the team whose commit fails', () => {
  it('is withdrawn: nothing is sent, the colleague sees nothing of it, and the next write carries on the chain', async () => {
    const root = temp.made()
    const all = await desks(root, ['Asha Patel', 'Ben Okafor'])
    const [dsl, deputy] = all as [Desk, Desk]
    wired(dsl)
    const dispute = await openOn(dsl, 'Priya Shah')
    await dsl.sync()
    await deputy.sync()
    const sent = segments(root)
    const before = dsl.device.saved()

    const commit = vi.spyOn(dsl.vault, 'commit').mockRejectedValueOnce(new Error('The disk is full.'))
    await expect(draftOn(dsl, dispute.id, 'A call that was never saved.')).rejects.toThrow('The disk is full.')
    expect(commit).toHaveBeenCalledTimes(1)
    commit.mockRestore()
    expect(dsl.device.waiting).toBe(0)
    expect(dsl.device.saved().seq).toBe(before.seq)
    expect(JSON.stringify(dsl.device.state())).not.toContain('never saved')
    await dsl.sync()
    expect(segments(root)).toBe(sent)

    const kept = await draftOn(dsl, dispute.id, 'The call that was saved.')
    expect(dsl.device.saved().seq).toBe(before.seq + 1)
    await dsl.sync()
    await deputy.sync()
    expect(deputy.device.problems()).toEqual([])
    expect((await deputy.log.records(dispute.id)).map((r) => [r.id, r.weSaid])).toEqual([[kept.id, 'The call that was saved.']])
  })

  it('is not sent while its commit is under way', async () => {
    const root = temp.made()
    const [dsl] = (await desks(root, ['Asha Patel'])) as [Desk]
    wired(dsl)
    const dispute = await openOn(dsl, 'Priya Shah')
    await dsl.sync()
    const sent = segments(root)
    const real = dsl.vault.commit.bind(dsl.vault)
    let synced = 0
    vi.spyOn(dsl.vault, 'commit').mockImplementationOnce(async (event, changes) => {
      // A sync that runs while the write is committing sends nothing of it.
      synced = (await dsl.device.sync()).sent
      return real(event, changes)
    })
    await draftOn(dsl, dispute.id, 'Saved while a sync ran.')
    expect(synced).toBe(0)
    expect(segments(root)).toBe(sent)
    expect((await dsl.device.sync()).sent).toBe(1)
    expect(segments(root)).toBe(sent + 1)
  })
})
