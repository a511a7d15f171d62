#!/usr/bin/env node
// Thin launcher so `bin` points at a stable path; the CLI itself is compiled from src/cli.ts.
import { main } from '../dist/src/cli.js';

process.exitCode = await main(process.argv.slice(2));
