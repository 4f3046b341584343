import type { Linter } from 'eslint';

/**
 * The "modern JS" rule set molt nibble counts, each with the molt unit that fixes it (or none).
 * no-restricted-syntax is one eslint rule with many selectors: each selector carries a tag, and a
 * tag is its own row (`no-restricted-syntax/then-chain`), so every row maps to at most one unit.
 */
export interface NibbleRule {
  name: string;
  /** the registry unit that fixes its sites, or null when molt has none */
  unit: string | null;
}

interface RestrictedSyntax {
  tag: string;
  unit: string;
  message: string;
  selectors: string[];
}

const CORE: NibbleRule[] = [
  { name: 'no-var', unit: 'var-to-let-const' },
  { name: 'prefer-const', unit: 'var-to-let-const' },
  { name: 'prefer-arrow-callback', unit: 'function-to-arrow' },
  { name: 'prefer-template', unit: 'concat-to-template' },
  { name: 'object-shorthand', unit: 'object-shorthand' },
  { name: 'prefer-rest-params', unit: 'spread-rest' },
  { name: 'prefer-spread', unit: null },
  { name: 'prefer-object-spread', unit: 'spread-rest' },
  { name: 'prefer-object-has-own', unit: null },
  { name: 'prefer-exponentiation-operator', unit: null },
];

// bluebird's own names: on a promise (.spread), on the constructor (Promise.map), a predicate .catch(Class, fn)
const BLUEBIRD_METHODS = 'spread|tap|tapCatch|asCallback|nodeify|thenReturn|catchReturn|catchThrow|caught|reflect';
const BLUEBIRD_STATICS = 'mapSeries|reduce|filter|props|settle|some|any|promisify|promisifyAll|fromCallback|fromNode|try|attempt|method|coroutine|delay|using';
// the collection statics bluebird-statics rewrites (once they are awaited in async functions)
const BLUEBIRD_COLLECTIONS = 'map|each|join';

const RESTRICTED: RestrictedSyntax[] = [
  {
    tag: 'bluebird',
    unit: 'then-chain-to-await',
    message: 'bluebird-only API: native promises have no such method',
    selectors: [
      `CallExpression[callee.property.name=/^(${BLUEBIRD_METHODS})$/]`,
      `CallExpression[callee.object.name=/^(Promise|Bluebird|BPromise)$/][callee.property.name=/^(${BLUEBIRD_STATICS})$/]`,
      "CallExpression[callee.property.name='catch'][arguments.length>1]",
    ],
  },
  {
    tag: 'bluebird-statics',
    unit: 'bluebird-statics',
    message: 'bluebird collection static: a for-of loop, Promise.all or p-map says it natively',
    selectors: [`CallExpression[callee.object.name=/^(Promise|Bluebird|BPromise)$/][callee.property.name=/^(${BLUEBIRD_COLLECTIONS})$/]`],
  },
  {
    tag: 'then-chain',
    unit: 'then-chain-to-await',
    message: '.then chain: async/await reads top to bottom',
    selectors: ["CallExpression[callee.property.name='then']"],
  },
  {
    tag: 'prototype',
    unit: 'prototype-to-class',
    message: 'prototype method or util.inherits: a class says it in one place',
    selectors: [
      "AssignmentExpression[left.object.property.name='prototype']",
      "AssignmentExpression[left.property.name='prototype']",
      "CallExpression[callee.object.name='util'][callee.property.name='inherits']",
    ],
  },
  {
    tag: 'this-alias',
    unit: 'self-this',
    message: 'this alias (var self = this): arrows see the same this',
    selectors: ["VariableDeclarator[init.type='ThisExpression']"],
  },
  {
    tag: 'commonjs',
    unit: 'cjs-to-esm',
    message: 'require / module.exports: ES modules are the standard',
    selectors: [
      "CallExpression[callee.name='require']",
      "MemberExpression[object.name='module'][property.name='exports']",
      "AssignmentExpression > MemberExpression.left[object.name='exports']",
    ],
  },
];

export const NIBBLE_RULES: NibbleRule[] = [
  ...CORE,
  ...RESTRICTED.map((r) => ({ name: `no-restricted-syntax/${r.tag}`, unit: r.unit })),
];

/** the row an eslint message counts in, or null for messages outside the set (parse errors) */
export function ruleOf(message: Linter.LintMessage): string | null {
  if (message.ruleId === 'no-restricted-syntax') {
    const tag = /^\[([\w-]+)\]/.exec(message.message)?.[1];
    return tag ? `no-restricted-syntax/${tag}` : null;
  }
  return message.ruleId && CORE.some((r) => r.name === message.ruleId) ? message.ruleId : null;
}

/** `--rule then-chain` and `--rule no-restricted-syntax/then-chain` name the same row */
export function findRule(name: string): NibbleRule | undefined {
  return NIBBLE_RULES.find((r) => r.name === name || r.name === `no-restricted-syntax/${name}`);
}

/** ES5 services are CommonJS scripts; ecmaVersion latest so half-migrated files still parse */
export function eslintConfig(): Linter.Config[] {
  const restricted = RESTRICTED.flatMap((r) => r.selectors.map((selector) => ({ selector, message: `[${r.tag}] ${r.message}` })));
  return [
    {
      files: ['**/*.js'],
      languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      rules: {
        ...Object.fromEntries(CORE.map((r) => [r.name, 'error'])),
        'no-restricted-syntax': ['error', ...restricted],
      },
    },
  ];
}
