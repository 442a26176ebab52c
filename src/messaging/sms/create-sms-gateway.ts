import { createKavenegarGateway } from './kavenegar.adapter.ts';
import type { SmsGateway, SmsProvider } from './sms-gateway.ts';
import { createSmsIrGateway } from './smsir.adapter.ts';

export interface SmsSettings {
  provider: SmsProvider;
  apiKey: string;
  sender: string;
  /** The provider's address when it is not the real one (the sandbox's emulator): `http://host[:port]`. */
  apiRoot?: string | undefined;
}

/** The configured provider's gateway; SMS is off (undefined) when no provider is configured. */
export function createSmsGateway(settings: SmsSettings | undefined): SmsGateway | undefined {
  if (!settings) return undefined;
  if (settings.provider === 'kavenegar') {
    // The SDK speaks to port 80 of `host` whatever the URL says, so only the host name is taken from `apiRoot`.
    const host = settings.apiRoot ? new URL(settings.apiRoot).hostname : undefined;
    return createKavenegarGateway({ apiKey: settings.apiKey, sender: settings.sender, host });
  }
  return createSmsIrGateway({ apiKey: settings.apiKey, sender: settings.sender, apiRoot: settings.apiRoot });
}
