// Jest transformer built on esbuild (already the dashboard's bundler): TypeScript files become ES
// modules, as the project runs them. It only strips types; `npm run typecheck` checks them.
import { transformSync } from 'esbuild';

export default {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: 'ts',
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: filename,
    });
    return { code, map };
  },
};
