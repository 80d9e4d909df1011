// The layer rule (docs/architecture.md), checked by `npm test` (test/boundaries.spec.ts):
//   apps → libs; libs/openid-verification → infra-*, nest-common; infra-* → domain → contracts;
//   nest-common → domain → contracts. Never the other way, never app → app, never infra → infra.
// Inside libs/domain, folders are ranked; a folder imports only from lower ranks (and ports.ts).
const DOMAIN_RANKS = [
  ['sigv4', 'policy', 'sealing', 'madmin-envelope'],
  ['identity'],
  ['credentials'],
  ['sts'],
  ['iam'],
  ['oidc', 'ldap', 's3'],
  ['testing'],
];

const domainFolderRules = DOMAIN_RANKS.flatMap((folders, rank) => {
  const higher = DOMAIN_RANKS.slice(rank + 1).flat();
  if (higher.length === 0) return [];
  return [{
    name: `domain-rank-${folders.join('-')}`,
    comment: `libs/domain/src/{${folders}} may not import the higher-ranked folders {${higher}}`,
    severity: 'error',
    from: { path: `^libs/domain/src/(${folders.join('|')})/` },
    to: { path: `^libs/domain/src/(${higher.join('|')})/` },
  }];
});

const NON_DOMAIN_PACKAGES = '^node_modules/(@nestjs|@nats-io|etcd3|ldapts|fastify|undici|jose|rxjs)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-app-to-app', severity: 'error', from: { path: '^apps/([^/]+)/' }, to: { path: '^apps/', pathNot: '^apps/$1/' } },
    { name: 'no-lib-to-app', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'contracts-stand-alone', severity: 'error', from: { path: '^libs/contracts/' }, to: { path: '^libs/', pathNot: '^libs/contracts/' } },
    { name: 'domain-only-contracts', severity: 'error', from: { path: '^libs/domain/' }, to: { path: '^libs/', pathNot: '^libs/(domain|contracts)/' } },
    { name: 'domain-no-frameworks', severity: 'error', comment: 'the domain is plain TypeScript: no framework, bus, store or directory client',
      from: { path: '^libs/domain/' }, to: { path: NON_DOMAIN_PACKAGES } },
    { name: 'domain-root-files-are-leaves', severity: 'error', comment: 'domain folders use ports.ts, never the index that re-exports them',
      from: { path: '^libs/domain/src/[^/]+/' }, to: { path: '^libs/domain/src/index\\.ts$' } },
    ...domainFolderRules,
    { name: 'infra-not-infra', severity: 'error', from: { path: '^libs/(infra-[^/]+)/' }, to: { path: '^libs/(infra-[^/]+|nest-common|openid-verification)/', pathNot: '^libs/$1/' } },
    { name: 'nest-common-below-infra', severity: 'error', from: { path: '^libs/nest-common/' }, to: { path: '^libs/(infra-[^/]+|openid-verification)/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['types', 'import', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
