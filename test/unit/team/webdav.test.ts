/**
 * The team vault over a real WebDAV server on loopback: Debian's rclone (`rclone serve webdav DIR --addr
 * 127.0.0.1:PORT`), started and stopped by this test. The client is the `webdav` library. Skipped, saying why,
 * only when rclone is not installed (scripts/test-setup.mjs installs it on Debian).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWebDavUrl, WebDavTransport } from '../../../src/main/team/webdav'
import { directoryOf, makeDevice, makeMembers, newTeamKey } from '../../support/team-devices'
import { haveRclone, serve, stop, type Served } from '../../support/rclone'
import { approved, countersigned, drafted, opened } from '../../support/team-actions'

const have = haveRclone()
if (!have) console.log('team webdav tests skipped: rclone is not installed (apt-get install rclone)')

describe.skipIf(!have)('a team vault on a WebDAV server (rclone serve webdav)', () => {
  let work: string
  let plain: Served | undefined
  let tls: Served | undefined

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'team-webdav-'))
    // The team's folder is made on the server beforehand, as an administrator would.
    execFileSync('mkdir', ['-p', join(work, 'plain', 'school-a'), join(work, 'tls')])
    plain = await serve(join(work, 'plain'), ['--user', 'asha', '--pass', 'correct horse battery'])
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem')], { stdio: 'ignore' })
    tls = await serve(join(work, 'tls'), ['--cert', join(work, 'cert.pem'), '--key', join(work, 'key.pem')])
  }, 60_000)

  afterAll(async () => {
    await stop(plain)
    await stop(tls)
    rmSync(work, { recursive: true, force: true })
  })

  it('carries a call from the deputy to the DSL and the countersignature back; a quiet sync lists one folder per device', async () => {
    const members = makeMembers(3)
    const key = newTeamKey()
    const directory = directoryOf(members)
    // A folder below the server's root, as on a SharePoint or Nextcloud server.
    const connect = () => WebDavTransport.connect({ url: `${plain!.url}/school-a`, username: 'asha', password: 'correct horse battery' })
    const transports = await Promise.all(members.map(connect))
    const [dsl, deputy, manager] = members.map((m, i) => makeDevice(m, transports[i]!, key, directory))
    const now = new Date('2026-12-02T11:00:00.000Z')

    dsl!.append([opened('d1')], now)
    await dsl!.sync()
    await deputy!.sync()
    deputy!.append(
      [
        drafted('d1', 'r1', 'r1.v1', [], members[1]!.personId, 'Phoned the social worker'),
        approved('d1', 'r1', 'r1.v1', members[1]!.personId),
      ],
      now,
    )
    await deputy!.sync()
    await dsl!.sync()
    expect(dsl!.state().disputes[0]!.records[0]!.status).toBe('approved')
    dsl!.append([countersigned('d1', 'r1', members[0]!.personId)], now)
    await dsl!.sync()
    await deputy!.sync()
    await manager!.sync()
    expect(deputy!.state().disputes[0]!.records[0]!.countersignatures.map((c) => c.by)).toEqual([members[0]!.personId])
    expect(JSON.stringify(manager!.state())).toBe(JSON.stringify(dsl!.state()))
    expect(readdirSync(join(work, 'plain', 'school-a', 'devices')).sort()).toEqual(members.slice(0, 2).map((m) => m.deviceId).sort())
    for (const d of [dsl, deputy, manager]) expect(d!.problems()).toEqual([])

    const t = transports[2]!
    const before = { ...t.counts }
    await manager!.sync()
    expect({ list: t.counts.list - before.list, read: t.counts.read - before.read, write: t.counts.write - before.write }).toEqual({ list: 1 + 2, read: 0, write: 0 })

    // One new record: one listing per other device, one read of the one new file.
    deputy!.append([drafted('d1', 'r2', 'r2.v1', [], members[1]!.personId, 'Left a voicemail')], now)
    await deputy!.sync()
    const b2 = { ...t.counts }
    await manager!.sync()
    expect({ list: t.counts.list - b2.list, read: t.counts.read - b2.read }).toEqual({ list: 3, read: 1 })
  }, 60_000)

  it('a wrong password is refused by the server, and nothing is merged', async () => {
    const [m] = makeMembers(1)
    const device = makeDevice(m!, await WebDavTransport.connect({ url: plain!.url, username: 'asha', password: 'wrong' }), newTeamKey(), directoryOf([m!]))
    await expect(device.sync()).rejects.toThrow(/401|Unauthorized/i)
  })

  it('https is checked as a browser checks it: a self-signed certificate is refused', async () => {
    expect(tls!.url.startsWith('https://')).toBe(true)
    const transport = await WebDavTransport.connect({ url: tls!.url })
    await expect(transport.list('devices')).rejects.toThrow(/self[- ]signed|certificate/i)
  })
})

describe('WebDAV addresses', () => {
  it('are https, or http only to this computer’s loopback address', () => {
    expect(checkWebDavUrl('https://dav.example.sch.uk/team').protocol).toBe('https:')
    expect(checkWebDavUrl('http://127.0.0.1:8080/').hostname).toBe('127.0.0.1')
    expect(() => checkWebDavUrl('http://dav.example.sch.uk/')).toThrow('The WebDAV address must start https://')
    expect(() => checkWebDavUrl('https://asha:pw@dav.example.sch.uk/')).toThrow(/own boxes/)
    expect(() => checkWebDavUrl('ftp://x')).toThrow('The WebDAV address must start https://')
    expect(() => checkWebDavUrl('not an address')).toThrow(/in full/)
  })
})
