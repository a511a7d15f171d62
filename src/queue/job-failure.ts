import type { Job } from 'bullmq';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { JobName } from './catalog.js';

/** One failed attempt of a job, as the worker logs it: ids and a code, never a payload. */
export interface JobFailure {
  name: JobName;
  jobId: string;
  installationId: string | null;
  /** 1 for the first run. */
  attempt: number;
  /** False while BullMQ will retry the job; true when it failed for good. */
  final: boolean;
  /** The error's stable code (AppError), driver code (ECONNRESET, 57P01…) or class name. */
  code: string;
  message: string;
}

/** Describes a failed attempt of `job` for {@link JobFailure} listeners. */
export function failureOf(
  name: JobName,
  job: Job,
  attempt: number,
  final: boolean,
  error: unknown,
  code = errorCode(error),
): JobFailure {
  const data: unknown = job.data;
  const installationId =
    typeof data === 'object' && data !== null && 'installationId' in data
      ? String(data.installationId)
      : null;
  const message = error instanceof Error ? error.message : String(error);
  return { name, jobId: job.id ?? '', installationId, attempt, final, code, message };
}

/** The most specific code an error carries: an AppError's, a driver's, else its class name. */
function errorCode(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof z.ZodError) return 'INVALID_PAYLOAD';
  if (typeof error === 'object' && error !== null && 'code' in error) {
    if (typeof error.code === 'string' && error.code !== '') return error.code;
  }
  return error instanceof Error ? error.name : 'UNKNOWN';
}
