/**
 * A stored file over a real WebDAV server on loopback (Debian's rclone, started and stopped by this test), with
 * every byte on the wire counted: the clients talk to rclone through a TCP relay on 127.0.0.1 that counts what
 * passes each way — request and response headers, listings, bodies. Issue #17's rule for one new record is
 * "≤ 3 × the new file"; for a 1 MB file attached to a record the DSL's sync must read no more than 3 × the file's
 * size, listings included, in one read per new file. Skipped, saying why, only when rclone is not installed.
 */
import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addFiles } from '../../../src/main/domain/records'
import { readAttachment, stageAttachmentBytes } from '../../../src/main/store/attachments'
import { WebDavTransport } from '../../../src/main/team/webdav'
import { haveRclone, serve, stop, type Served } from '../../support/rclone'
import { approveOn, desks, draftOn, openOn } from './bridge-helpers'

const have = haveRclone()
if (!have) console.log('team stored-file webdav test skipped: rclone is not installed (apt-get install rclone)')

/** A TCP relay to `target` counting the bytes each way. */
async function relay(target: URL): Promise<{ url: string; counts: { up: number; down: number }; close: () => Promise<void> }> {
  const counts = { up: 0, down: 0 }
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname)
    sockets.add(client).add(upstream)
    client.on('data', (b: Buffer) => void (counts.up += b.length))
    upstream.on('data', (b: Buffer) => void (counts.down += b.length))
    client.pipe(upstream).pipe(client)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

describe.skipIf(!have)('a stored file over a WebDAV server (rclone serve webdav)', () => {
  let work: string
  let served: Served | undefined

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'team-webdav-files-'))
    execFileSync('mkdir', ['-p', join(work, 'root', 'school-a')])
    served = await serve(join(work, 'root'), ['--user', 'asha', '--pass', 'correct horse battery'])
  }, 60_000)

  afterAll(async () => {
    await stop(served)
    rmSync(work, { recursive: true, force: true })
  })

  it('a 1 MB file attached to a record reaches the DSL in one read of its part: ≤ 3 × its size on the wire, listings included', async () => {
    const wire = await relay(new URL(served!.url))
    try {
      const connectAs = () => WebDavTransport.connect({ url: `${wire.url}/school-a`, username: 'asha', password: 'correct horse battery' })
      const transports = [await connectAs(), await connectAs()]
      // Keyed, as the app's devices are: the events are sealed under the dispute's key, and so is the file's part.
      const [dsl, deputy] = await desks(join(work, 'unused'), ['Asha Patel', 'Ben Okafor'], '2026-12-02T09:00:00.000Z', transports, true)
      const dispute = await openOn(dsl!, 'Priya Shah')
      await dsl!.sync()
      await deputy!.sync()
      await dsl!.sync()

      const call = await draftOn(deputy!, dispute.id, 'Rang Jo Bloggs.')
      const file = randomBytes(1024 * 1024)
      const record = (await deputy!.log.records(dispute.id)).find((r) => r.id === call.id)!
      const staged = stageAttachmentBytes(deputy!.vault, dispute.id, 'report.pdf', file, 25 * 1024 * 1024)
      await deputy!.log.saveRecord(
        addFiles(record, [{ id: staged.name, name: 'report.pdf', type: 'application/pdf', size: staged.size, source: 'file' }], { actor: deputy!.actor, now: deputy!.clock.now }),
        { action: 'attachment-added', summary: '1 file attached' },
        () => staged.changes,
      )
      await approveOn(deputy!, dispute.id, call.id)

      const up = { ...wire.counts }
      const sent = { ...transports[1]!.counts }
      await deputy!.sync()
      const sentBytes = wire.counts.up - up.up
      // What the deputy's sync put on the wire: the part and three segments (drafted, file added, approved).
      expect(transports[1]!.counts.write - sent.write).toBe(4)
      expect(sentBytes).toBeLessThanOrEqual(3 * file.length)

      const before = { ...wire.counts }
      const reads = { ...transports[0]!.counts }
      await dsl!.sync()
      const down = wire.counts.down - before.down
      const t = transports[0]!.counts
      // Listings of devices/ and of the deputy's bucket (his pack folder was looked at on the first pull, when the
      // devices exchanged receive keys); one read of each new file: the three segments and the one part, sealed
      // under the dispute's key.
      expect({ list: t.list - reads.list, read: t.read - reads.read, write: t.write - reads.write }).toEqual({ list: 2, read: 4, write: 0 })
      expect(down).toBeLessThanOrEqual(3 * file.length)
      expect(down + (wire.counts.up - before.up)).toBeLessThanOrEqual(3 * file.length)
      console.log(
        `stored file over WebDAV: 1 MiB file; the deputy's sync sent ${sentBytes} bytes on the wire; the DSL's sync received ${down} bytes ` +
          `(${(down / file.length).toFixed(3)} × the file) in ${t.read - reads.read} reads and ${t.list - reads.list} listings, and sent ${wire.counts.up - before.up} bytes of requests`,
      )

      const there = (await dsl!.log.records(dispute.id)).find((r) => r.id === call.id)!
      expect(there.status).toBe('approved')
      const got: Buffer[] = []
      await readAttachment(dsl!.vault, there.files![0]!.id, there.files![0]!.size, async (c) => void got.push(Buffer.from(c)))
      expect(Buffer.concat(got).equals(file)).toBe(true)
    } finally {
      await wire.close()
    }
  }, 60_000)
})
