/**
 * sms.ir through its own SDK (`smsir-js`), which calls `https://api.sms.ir` with the axios it depends on. For the
 * sandbox and tests, `apiRoot` rewrites that address on the SDK's own axios instance (and only that address).
 */
import { createRequire } from 'node:module';
import { Smsir } from 'smsir-js';
import {
  fieldText,
  type SmsDeliveryState,
  type SmsGateway,
  SmsSendError,
  type SmsSent,
  toE164Mobile,
} from './sms-gateway.ts';

export interface SmsIrOptions {
  apiKey: string;
  /** The line number messages are sent from. */
  sender: string;
  /** Default `https://api.sms.ir`; the emulator's address in tests. */
  apiRoot?: string | undefined;
}

const SMSIR_ENDPOINT = 'https://api.sms.ir';

interface AxiosInstanceLike {
  interceptors: { request: { use(f: (config: { url?: string }) => { url?: string }): number } };
}

let endpointOverride: string | undefined;
let interceptorInstalled = false;

/** Points the SDK's requests at `apiRoot`: its endpoint is a constant, so the URL is rewritten on the way out. */
function overrideEndpoint(apiRoot: string): void {
  endpointOverride = apiRoot;
  if (interceptorInstalled) return;
  // The axios instance the SDK itself requires, not whichever one this package might resolve.
  const axios = createRequire(import.meta.resolve('smsir-js'))('axios') as AxiosInstanceLike;
  axios.interceptors.request.use((config) => {
    if (endpointOverride && config.url?.startsWith(SMSIR_ENDPOINT)) {
      config.url = endpointOverride + config.url.slice(SMSIR_ENDPOINT.length);
    }
    return config;
  });
  interceptorInstalled = true;
}

/** sms.ir's `deliveryState`: 1 reached the phone; 2 did not, 4 never reached the operator; the rest are under way. */
function deliveryStateOf(state: number | undefined): SmsDeliveryState {
  if (state === 1) return 'delivered';
  if (state === 2 || state === 4) return 'failed';
  return 'pending';
}

/** axios throws for any non-2xx answer: a 4xx refusal is for good, a 5xx or a network error may pass. */
function sendErrorOf(error: unknown, what: string): SmsSendError {
  const status = (error as { response?: { status?: number } }).response?.status;
  return new SmsSendError(`sms.ir ${what}: ${status ?? 'network'}`, status !== undefined && status < 500);
}

interface SmsIrBody {
  status?: number;
  data?: { messageIds?: (number | string)[]; deliveryState?: number } | null;
}

export function createSmsIrGateway(options: SmsIrOptions): SmsGateway {
  if (options.apiRoot) overrideEndpoint(options.apiRoot);
  const client = new Smsir(options.apiKey, Number(options.sender));

  return {
    provider: 'smsir',
    async send(to, text): Promise<SmsSent> {
      const response = await client.SendBulk(text, [to.replace(/^\+98/, '0')]).catch((error: unknown) => {
        throw sendErrorOf(error, 'send');
      });
      const body = response.data as SmsIrBody;
      const id = body.data?.messageIds?.[0];
      if (body.status !== 1 || id === undefined) throw new SmsSendError(`sms.ir send: status ${body.status}`, true);
      return { messageId: String(id) };
    },
    async status(messageId) {
      const response = await client.ReportMessage(messageId).catch((error: unknown) => {
        throw sendErrorOf(error, 'report');
      });
      return deliveryStateOf((response.data as SmsIrBody).data?.deliveryState);
    },
    parseInbound(fields) {
      const from = toE164Mobile(fieldText(fields, 'mobile', 'Mobile') ?? '');
      const text = fieldText(fields, 'messageText', 'MessageText');
      const messageId = fieldText(fields, 'messageId', 'MessageId', 'id');
      return from && text !== undefined ? { from, text, messageId } : undefined;
    },
    parseDeliveryReport(fields) {
      const messageId = fieldText(fields, 'messageId', 'MessageId');
      const state = Number(fieldText(fields, 'deliveryState', 'DeliveryState'));
      return messageId && Number.isFinite(state) ? { messageId, state: deliveryStateOf(state) } : undefined;
    },
  };
}
