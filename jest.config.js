// Test files run as ES modules (roslib 2.x is ESM only); @swc/jest strips the types.
// A few CommonJS dependencies of Fastify require() packages that are ESM-only in their new majors
// (content-disposition 3, cookie 2, set-cookie-parser); Node 20 can load them, Jest's CommonJS loader
// cannot, so those are transformed to CommonJS for the test run only.
const ESM_ONLY_DEPS = ['content-disposition', 'cookie', 'set-cookie-parser'];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    }],
    [`/node_modules/(${ESM_ONLY_DEPS.join('|')})/.+\\.js$`]: ['@swc/jest', {
      jsc: { target: 'es2022' },
      module: { type: 'commonjs' },
    }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_DEPS.join('|')})/)`],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.browser\\.test\\.ts$'],
  testTimeout: 30000,
};
