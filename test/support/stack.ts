// The e2e suites' stack is the one `npm run bench` uses: scripts/lib/stack.mjs.
export { startStack, waitFor, TEST_KMS_SECRET_KEY, TEST_ROOT_PASSWORD, TEST_ROOT_USER } from '../../scripts/lib/stack.mjs';
export type { AppHandle, Stack, StackOptions, StackProcess } from '../../scripts/lib/stack.mjs';
