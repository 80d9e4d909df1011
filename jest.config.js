// Native ESM Jest (Nest 12 is ESM-only and Node 20 lacks Jest's require(esm) path): run with
// `node --experimental-vm-modules node_modules/jest/bin/jest.js` (scripts/test.mjs does this).
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
}];
const common = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#(contracts|domain|infra-nats|infra-etcd|infra-ldap|infra-jwks|infra-s3|openid-verification|nest-common)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': swc },
};
export default {
  // e2e suites start real servers; Jest applies the timeout from the top level, not per project.
  testTimeout: 60000,
  // No handle outlives the suites: a worker's event loop is empty right after Jest asks it to end, but
  // freeing its heap (every suite's modules, in vm contexts) takes 0.3–1.1 s on a loaded 2-core
  // machine, beyond Jest's 500 ms, which then kills it and warns "failed to exit gracefully".
  workerGracefulExitTimeout: 5000,
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', rootDir: '.', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
