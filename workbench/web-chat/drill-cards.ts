import type { SandboxMessage } from 'bot-api-sandbox';
import enCallUp from '../../locales/en/callup.json' with { type: 'json' };
import faCallUp from '../../locales/fa/callup.json' with { type: 'json' };

/** Nazr opens every message about a drill with its banner (`callup:drill.banner`); a real call-up never carries it. */
const BANNERS = [faCallUp.drill.banner, enCallUp.drill.banner];

/** True for a Nazr message about a drill: the only cards the simulated crowd may answer. */
export function isDrillMessage(message: SandboxMessage): boolean {
  const text = message.text ?? message.caption ?? '';
  return BANNERS.some((banner) => text.startsWith(banner));
}
