#!/usr/bin/env node
// `npx partneros …`: runs the TypeScript source directly (no build step), as `npm start` does.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('./main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
