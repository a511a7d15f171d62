#!/usr/bin/env node
// Thin launcher so `bin` points at a stable path; the CLI itself is compiled from src/cli.ts.
// src/ never imports jobs/, so the job entry points are handed to the CLI from here.
import { main } from '../dist/src/cli.js';
import { startEmbeddedJobs } from '../dist/jobs/embedded.js';
import { startWorker } from '../dist/jobs/worker.js';

process.exitCode = await main(process.argv.slice(2), undefined, { startWorker, startEmbeddedJobs });
