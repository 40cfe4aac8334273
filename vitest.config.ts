import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  test: {
    // The renderer's component tests (*.test.tsx) name their DOM environment in their first line
    // (`// @vitest-environment jsdom`), so every other test keeps the plain Node environment.
    include: ['test/unit/**/*.test.ts', 'test/unit/renderer/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
})
