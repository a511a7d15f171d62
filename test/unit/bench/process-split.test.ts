import { describe, expect, it } from 'vitest';
import { parsePeakRssMb, parseStatCpuSeconds } from '../../bench/cpu-split.js';
import { cpuMsPerTicketBetween, parseRedisPid } from '../../bench/process-split.js';

// A real /proc/<pid>/stat line's shape, its name holding a space and a `)`; utime 1234, stime 56.
const stat = (name: string, utime: number, stime: number): string =>
  `4242 (${name}) S 1 4242 4242 0 -1 4194560 4706 64376 0 6 ${String(utime)} ${String(stime)} 47 20 20 0 1 0 23316 5246976 934\n`;

describe('parseStatCpuSeconds', () => {
  it('adds utime and stime in clock ticks of 1/100 s', () => {
    expect(parseStatCpuSeconds(stat('node', 1234, 56))).toBeCloseTo(12.9, 10);
  });

  it('counts the fields from the last parenthesis of the command name', () => {
    expect(parseStatCpuSeconds(stat('postgres: a) b', 300, 7))).toBeCloseTo(3.07, 10);
  });

  it('refuses text that is not a stat line', () => {
    expect(() => parseStatCpuSeconds('Name: node\n')).toThrow(/stat/);
  });
});

describe('parsePeakRssMb', () => {
  it('reads VmHWM in MB, not VmRSS', () => {
    const status = 'Name:\tnode\nVmPeak:\t 999999 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  1024 kB\n';
    expect(parsePeakRssMb(status)).toBe(512);
  });

  it('is null when the line is missing (a kernel thread)', () => {
    expect(parsePeakRssMb('Name:\tkthreadd\n')).toBeNull();
  });
});

describe('parseRedisPid', () => {
  it('reads process_id from INFO server lines ending in CRLF', () => {
    const info = '# Server\r\nredis_version:7.0.15\r\nprocess_id:2249\r\nrun_id:ab\r\n';
    expect(parseRedisPid(info)).toBe(2249);
  });

  it('is null without the field', () => {
    expect(parseRedisPid('# Server\r\nredis_version:7.0.15\r\n')).toBeNull();
  });
});

describe('cpuMsPerTicketBetween', () => {
  it('divides each process delta by the tickets, in ms', () => {
    const split = cpuMsPerTicketBetween(
      { 'worker 1': 10, 'worker 2': 3.5, redis: 100 },
      { 'worker 1': 20, 'worker 2': 8.5, redis: 100.25 },
      5_000,
    );
    // 10 s over 5,000 tickets is 2 ms each; 5 s is 1 ms; 0.25 s is 0.05 ms.
    expect(split['worker 1']).toBeCloseTo(2, 10);
    expect(split['worker 2']).toBeCloseTo(1, 10);
    expect(split['redis']).toBeCloseTo(0.05, 10);
  });

  it('is null, not zero, for a process unreadable at either reading', () => {
    const split = cpuMsPerTicketBetween(
      { simulator: null, bench: 1, gone: 2 },
      { simulator: 5, bench: 2, gone: null },
      1_000,
    );
    expect(split).toEqual({ simulator: null, bench: 1, gone: null });
  });
});
