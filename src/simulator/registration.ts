import { CES_FIELD_ID, NPS_FIELD_ID, TIME_FIELD_ID } from './catalog.js';

/**
 * The `registerInstallation` input that connects Deskpulse to a running simulator, reached at
 * `baseUrl` (the simulator itself, or a proxy in front of it), with the simulator's time-tracking
 * CES and NPS fields mapped.
 */
export function simulatorRegistration(
  sim: { credentials: { email: string; token: string } },
  baseUrl: string,
) {
  return {
    helpdesk: 'zendesk' as const,
    domain: 'simulator',
    credentials: {
      kind: 'token' as const,
      email: sim.credentials.email,
      token: sim.credentials.token,
    },
    settings: {
      baseUrl,
      timeFieldId: TIME_FIELD_ID,
      cesFieldId: CES_FIELD_ID,
      npsFieldId: NPS_FIELD_ID,
    },
  };
}
