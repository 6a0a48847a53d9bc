import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'bench/results/', 'src/core/schema/*.gen.js'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // The core is pure: no DOM, Svelte, idb or AG Grid (STYLE.md principle 1).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['svelte', 'svelte/*', 'idb', 'ag-grid-*', '*/ui/*', '*/storage/*'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'indexedDB', 'localStorage', 'navigator'],
    },
  },
  {
    // Maps keyed by user data (indicator ids, periods, units, labels) are Maps or Object.create(null):
    // a plain {} reads Object.prototype's members for an id named `constructor` or `__proto__`
    // (tests/unit/storage/proto-keys.test.ts runs such ids through every path).
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "VariableDeclarator[init.type='ObjectExpression'][init.properties.length=0][id.typeAnnotation.typeAnnotation.typeName.name='Record']",
          message: 'A Record used as a map starts from {} and inherits Object.prototype: use a Map or Object.create(null) (dict() in src/storage/store.ts).',
        },
        {
          selector: "LogicalExpression[operator=/^(\\?\\?|\\|\\|)$/][left.type='MemberExpression'][left.computed=true] > ObjectExpression.right[properties.length=0]",
          message: '`map[key] ?? {}` reads Object.prototype for a key named `constructor`: use a Map, or Object.hasOwn and Object.create(null).',
        },
        {
          selector: "BinaryExpression[operator='in'][left.type!='Literal']",
          message: '`key in object` is true for `constructor` and `toString`: use Object.hasOwn(object, key) or a Map.',
        },
      ],
    },
  },
);
