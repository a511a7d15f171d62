import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Paths whose values never reach a log line, wherever a caller puts them: auth headers, tokens,
 * secrets and credentials. Request logs carry the route pattern, not the URL, so survey tokens
 * in paths stay out too.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers.cookie',
  'req.headers.cookie',
  '*.appSecret',
  '*.webhookSecret',
  '*.token',
  '*.accessToken',
  '*.apiKey',
  '*.credentials',
  '*.password',
  'appSecret',
  'webhookSecret',
  'token',
  'credentials',
];

/** The process's JSON logger (pino), writing to `destination` (stdout by default). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'deskpulse' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
