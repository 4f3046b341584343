import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // legacy/ is the ES5 service as it was: linting it is molt's job (the nibble workflow), not the repo's
  { ignores: ['**/node_modules/**', 'legacy/**', 'reports/out/**', '.tmp/**', 'codemods/corpus/packages/**', 'codemods/bench/out/**', 'codemods/**/__testfixtures__/**'] },
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommended],
    rules: {
      // the harness reads JSON it did not type; each such any is a wire payload
      '@typescript-eslint/no-explicit-any': 'off',
      // express tells error handlers by their four parameters: the unused ones are named _x
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
);
