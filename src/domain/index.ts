export * from './primitives.js';
export * from './ticket.js';
export * from './ticket-event.js';
export * from './survey-response.js';
export * from './handle-time-entry.js';
export * from './schedule.js';
export * from './sla-policy.js';
