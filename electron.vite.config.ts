import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Pure-JS dependencies are bundled into main so the packaged app carries only what it uses;
// the native Argon2 binding stays external because it ships a platform binary. zxcvbn is not bundled:
// only the passphrase-strength worker (src/main/api/passphrase.ts) loads it, from node_modules, where
// electron-builder packs it as a production dependency.
const bundledIntoMain = ['lowdb', 'zod', 'date-fns', '@date-fns/tz', 'docx']

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: bundledIntoMain },
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  },
  preload: {
    // A sandboxed preload may require only 'electron': bundle everything and emit CommonJS.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } } },
    resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
    plugins: [react()],
  },
})
