// ESLint flat config. The one architectural rule lives here: src/core knows IAM,
// never VS Code, so it is tested in plain Node (type imports are allowed).
// Shipped code (src/) never imports test infrastructure (the emulator).
import tseslint from 'typescript-eslint';

const noTestImports = { group: ['**/test/**'], message: 'Shipped code must not import test infrastructure.' };

export default tseslint.config(
  // test/fixtures/iac holds users' CDK code as data for the policy linter, not code of ours.
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.test-artifacts/**',
      '.demo/**',
      '**/*.js',
      'test/fixtures/iac/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // No line over 120 characters (Prettier's printWidth; it does not break strings or comments). Core `max-len`
    // is deprecated in favour of @stylistic but available until ESLint 11.
    files: ['**/*.ts', '**/*.mjs'],
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true }] },
  },
  {
    // Test data (credential report rows, policy documents, expected messages) is kept as it reads.
    files: ['test/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true },
      ],
    },
  },
  {
    files: ['test/fixtures/**'],
    rules: { 'max-len': 'off' },
  },
  {
    // CommonJS by necessity (a mocha reporter is loaded with require()).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noTestImports] }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'src/core must not depend on VS Code; put VS Code code in the layer above.',
              allowTypeImports: true,
            },
          ],
          patterns: [noTestImports],
        },
      ],
    },
  },
);
