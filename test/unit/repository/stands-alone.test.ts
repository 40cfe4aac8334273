/**
 * The README promises that a clone with nothing beside it passes its own tests with one command, and
 * .ci/run proves it by running that command in such a clone. These checks keep the promise from drifting:
 * the command in .ci/run is the README's, and no test, script or benchmark reaches outside the repository.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../../..')
const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const TEST_COMMAND = 'ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci && npm test'

function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'fixtures' || name === '.work') continue
    if (statSync(join(root, path)).isDirectory()) out.push(...filesUnder(path))
    else if (/\.(ts|tsx|mjs|js|cjs)$/.test(name)) out.push(path)
  }
  return out
}

describe('the tests stand on their own', () => {
  it('.ci/run runs the README test command, in a clone with nothing beside it', () => {
    const readme = read('README.md')
    const ci = read('.ci/run')
    expect(readme).toContain('```sh\n' + TEST_COMMAND + '\n```')
    expect(ci.split('\n').filter((line) => line.trim() === TEST_COMMAND)).toHaveLength(1)
    expect(ci).toMatch(/git clone[^\n]*"\$alone\/escalation-log"/)
  })

  it('the test command sets up the programs the tests drive', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> }
    expect(pkg.scripts.test.startsWith('node scripts/test-setup.mjs && ')).toBe(true)
  })

  it('no fixture a test reads is ignored by git (it would be missing from a clone)', () => {
    const all: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(join(root, dir))) {
        const path = join(dir, name)
        if (statSync(join(root, path)).isDirectory()) walk(path)
        else all.push(path)
      }
    }
    walk('test/fixtures')
    let ignored = ''
    try {
      ignored = execFileSync('git', ['check-ignore', '--no-index', ...all], { cwd: root, encoding: 'utf8' })
    } catch (e) {
      // Exit status 1: none of them is ignored.
      if ((e as { status?: number }).status !== 1) throw e
    }
    expect(ignored.split('\n').filter(Boolean)).toEqual([])
  })

  it('no test, script or benchmark reads the shared folder beside the repository', () => {
    const outside = /\.\.\/(\.\.\/)*shared\/(seeds|reference)|\/work\/shared/
    const offenders = ['test', 'scripts', 'bench', 'src'].flatMap(filesUnder).filter((file) => outside.test(read(file)))
    expect(offenders).toEqual([])
  })
})
