/** Keeps the layers honest: see CONTRIBUTING.md. Type-only imports are contracts, not couplings. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds pure rules and data: no bot framework, no database, no other layer.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        path: ['grammy', 'mongoose', 'mongodb', '^src/(bot|persistence|services|messaging|scheduler|server)'],
      },
    },
    {
      name: 'bot-has-no-database',
      comment: 'Handlers reach the database through services and repositories handed to them, never mongoose.',
      severity: 'error',
      from: { path: '^src/bot' },
      to: { path: ['node_modules/(mongoose|mongodb)/'] },
    },
    {
      name: 'bot-gets-persistence-injected',
      comment: 'The bot may name repository types, but only main/app wire the implementations.',
      severity: 'error',
      from: { path: '^src/bot' },
      to: { path: '^src/persistence', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-know-no-bot-framework',
      severity: 'error',
      from: { path: '^src/(services|persistence|scheduler)' },
      to: { path: ['node_modules/grammy/', '^src/bot'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'product-knows-no-workbench',
      comment: 'src/ is the bot alone: the sandbox and the workbench sit beside it and import it, never the reverse.',
      severity: 'error',
      from: { path: '^src' },
      to: { path: ['^workbench', '^packages', 'bot-api-sandbox'] },
    },
    {
      name: 'sandbox-is-its-own-package',
      comment: 'The Bot API sandbox is a generic emulator any grammY project could use: it imports nothing of Nazr.',
      severity: 'error',
      from: { path: '^packages/bot-api-sandbox' },
      to: { path: ['^src', '^workbench', '^test', '^bench'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
