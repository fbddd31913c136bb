/**
 * The import rules `npm test` checks (npx depcruise --config .dependency-cruiser.cjs lib components
 * entrypoints): no cycles anywhere, and lib/ — the domain, the store and the derive engine — never reaches
 * up into the UI (components/) or the extension's entry points (entrypoints/).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes load order matter and two folders one: split the shared part out.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-ui',
      severity: 'error',
      comment: 'lib/ is the domain and the store: views and entry points use it, never the other way.',
      from: { path: '^lib/' },
      to: { path: '^(components|entrypoints)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.output|\\.wxt)/' },
    // Type-only imports count: a cycle through types still ties two folders together.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
