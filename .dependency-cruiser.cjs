/**
 * The dependency rule of design.md: the core and the conversation pipeline own the ports and
 * never import an adapter or a framework; adapters depend on the core, not the other way round.
 */
const FRAMEWORKS = '^(node_modules/)?(fastify|@fastify|fastify-plugin|telegraf|botbuilder|botframework-|redis|@redis|better-sqlite3|whatsapp-web.js|puppeteer|pino|bullmq)';

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core holds types and small pure helpers: it imports only itself.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node_modules/typescript'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'pipeline-has-no-adapters',
      comment: 'The pipeline and the knowledge code see ports, never adapters or channel/store libraries.',
      severity: 'error',
      from: { path: '^src/(conversation|knowledge|handoff|campaigns)/' },
      to: { path: ['^adapters/', FRAMEWORKS] },
    },
    {
      name: 'adapters-do-not-reach-the-http-layer',
      comment: 'Adapters plug into the core; only the composition root (src/runtime.ts) and the HTTP layer wire them.',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: ['^src/server\\.ts', '^src/cli'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
