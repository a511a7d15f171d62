import { Session } from 'node:inspector/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A V8 CPU profile of this process from now until `stop()`, written to `dir` as a .cpuprofile
 * (the format `node --cpu-prof` writes, read by cpuprofile-top.ts). `node --cpu-prof` profiles
 * the whole process; this keeps an untimed set-up that runs the same functions out of it.
 */
export async function profileSection(
  dir: string,
  name: string,
): Promise<{ stop(): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${name}-${new Date().toISOString().replaceAll(':', '-')}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      return file;
    },
  };
}
