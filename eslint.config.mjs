// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const nodeBuiltins = ['fs', 'fs/*', 'node:*', 'path', 'os', 'child_process', 'crypto', 'worker_threads']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The shared contract is imported by both processes: no Node, no DOM-only libraries, no Electron.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'react', 'lowdb'], patterns: [...nodeBuiltins, '**/main/**', '**/renderer/**'] },
      ],
    },
  },
  {
    // Domain code is pure: no I/O, no Electron, no UI. Time comes in as an argument.
    files: ['src/main/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'lowdb', 'docx'],
          patterns: [...nodeBuiltins, '**/store/**', '**/caselog/**', '**/api/**', '**/exports/**', '**/renderer/**'],
        },
      ],
    },
  },
  {
    // The case log sits between the handlers and the store: it knows the documents, never the handlers,
    // the search index (which subscribes to its saved event) or the exports.
    files: ['src/main/caselog/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'react', 'lowdb', 'docx'], patterns: ['**/api/**', '**/exports/**', '**/renderer/**'] },
      ],
    },
  },
  {
    files: ['src/main/store/**/*.ts', 'src/main/exports/**/*.ts', 'src/main/api/**/*.ts', 'src/main/threads/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['electron', 'react'], patterns: ['**/renderer/**'] }],
    },
  },
  {
    // The renderer talks only through window.api.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        { paths: ['electron', 'lowdb', 'docx'], patterns: [...nodeBuiltins, '**/main/**', '**/preload/**'] },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/renderer/**', 'lowdb', 'docx'] }],
    },
  },
)
