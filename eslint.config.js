// Lint for lib/, test/, examples/, tools/, scripts/, verify/ (the bench's .cjs, the cluster tier's
// fixtures) and main.ts: typescript-eslint's recommended rules, a 120-column limit (tests
// included; no exemption for regex literals or URLs: a long pattern is split into a named
// constant), and descriptive names in the library.
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/', 'dist/', 'build/', '.cache/', 'coverage/', 'imports/', 'examples/dist/',
      // The example FastAPI app: Python and a Dockerfile, nothing for eslint.
      'app/',
      '**/*.d.ts', 'lib/**/*.js', 'main.js', 'test/**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'max-len': ['error', { code: 120, ignoreRegExpLiterals: false, ignoreTemplateLiterals: false }],
      // Parsed Kubernetes objects and hostile-input tests are untyped by nature.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    rules: {
      // Names explain themselves: no one-letter locals or parameters (`i` for an index is fine).
      'id-length': ['error', { min: 2, exceptions: ['i', '_'], properties: 'never' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly',
      },
    },
  },
);
