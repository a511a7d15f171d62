/** The installation's non-secure settings (`client.metadata().settings`), parsed with defaults. */
export interface AppSettings {
  backendUrl: string | null;
  handleTimer: boolean;
  idleMinutes: number;
  businessHoursDefault: boolean;
}

/** Zendesk hands settings back as typed values or as strings, depending on the parameter type. */
const bool = (v: unknown, fallback: boolean) =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : fallback;

export function parseSettings(raw: Record<string, unknown>): AppSettings {
  const url = raw['backend_url'];
  const idle = Number(raw['idle_minutes']);
  return {
    backendUrl: typeof url === 'string' && /^https?:\/\//.test(url.trim()) ? url.trim() : null,
    handleTimer: bool(raw['handle_timer'], true),
    idleMinutes: Number.isFinite(idle) && idle > 0 ? idle : 3,
    businessHoursDefault: bool(raw['business_hours_default'], false),
  };
}
