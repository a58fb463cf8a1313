// Browser tests: the dashboard in Debian's Chromium (playwright-core), against the real brain and simulator.
// `npm run test:browser`; .ci/run installs Chromium first. Kept out of `npm test` so that needs no browser.
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['**/*.browser.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 90000,
};
