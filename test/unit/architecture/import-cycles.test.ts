/**
 * The import graph of src/ has no cycles (issue 19: "the import graph has no cycles"), counting type-only
 * imports too, as madge does. A cycle here is a module that cannot be understood, or loaded, on its own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(__dirname, '../../../src')

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) sourceFiles(p, out)
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')])
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate
  return null
}

/** Every cycle's strongly connected set of files (Tarjan), as paths under src/. */
export function importCycles(files: string[]): string[][] {
  const edges = new Map<string, string[]>()
  for (const f of files) {
    const text = readFileSync(f, 'utf8')
    const to: string[] = []
    for (const m of text.matchAll(SPECIFIER)) {
      const target = resolveImport(f, m[1] ?? m[2] ?? '')
      if (target) to.push(target)
    }
    edges.set(f, to)
  }
  let index = 0
  const indices = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (v: string): void => {
    indices.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!))
    }
    if (low.get(v) === indices.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) found.push(scc.map((p) => relative(SRC, p)).sort())
    }
  }
  for (const f of files) if (!indices.has(f)) visit(f)
  return found
}

describe('the import graph', () => {
  it('has no cycles in src/', () => {
    expect(importCycles(sourceFiles(SRC))).toEqual([])
  })
})
