import { type SmsGatewayEmulator, startSmsEmulator } from 'bot-api-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsGateway } from '../../../src/messaging/sms/create-sms-gateway.ts';
import { type SmsGateway, SmsSendError } from '../../../src/messaging/sms/sms-gateway.ts';

const API_KEY = 'sandbox-sms-key-1';
const SENDER = '10008663';

/** A loopback address of its own per run: the Kavenegar SDK speaks only to port 80, so runs must not share one. */
function loopbackHost(): string {
  const byte = () => 2 + Math.floor(Math.random() * 250);
  return `127.${byte()}.${byte()}.${byte()}`;
}

describe.each(['kavenegar', 'smsir'] as const)('the %s adapter against the SMS emulator over HTTP', (provider) => {
  let emulator: SmsGatewayEmulator;
  let gateway: SmsGateway;

  beforeAll(async () => {
    emulator = await startSmsEmulator(
      provider === 'kavenegar' ? { host: loopbackHost(), port: 80, apiKey: API_KEY } : { apiKey: API_KEY },
    );
    gateway = createSmsGateway({ provider, apiKey: API_KEY, sender: SENDER, apiRoot: emulator.apiRoot })!;
  });
  afterAll(() => emulator.close());

  it('when a Persian text is sent, then the phone receives it whole from our line and its status says delivered', async () => {
    const text = 'فراخوان فوری: پزشک اورژانس، بیمارستان سینا. پاسخ: ۱ می‌آیم، ۲ با تأخیر، ۰ نمی‌توانم';
    const { messageId } = await gateway.send('+989121110001', text);
    const received = emulator.phone('09121110001').received();
    expect(received.map((r) => [r.text, r.line])).toEqual([[text, SENDER]]);
    expect(await gateway.status(messageId)).toBe('delivered');
  });

  it('when the phone is switched off, then the status of a text sent to it says failed', async () => {
    emulator.phone('+989121110002').switchedOff = true;
    const { messageId } = await gateway.send('+989121110002', 'test');
    expect(await gateway.status(messageId)).toBe('failed');
  });

  it('when the gateway is down, then a send fails as temporary; when the key is wrong, as permanent', async () => {
    emulator.setDown(true);
    const down = await gateway.send('+989121110003', 'x').catch((e: unknown) => e);
    emulator.setDown(false);
    expect(down).toBeInstanceOf(SmsSendError);
    expect((down as SmsSendError).permanent).toBe(false);

    const wrongKey = createSmsGateway({
      provider,
      apiKey: 'wrong-key-123',
      sender: SENDER,
      apiRoot: emulator.apiRoot,
    })!;
    const refused = await wrongKey.send('+989121110003', 'x').catch((e: unknown) => e);
    expect((refused as SmsSendError).permanent).toBe(true);
    // The right key still works afterwards (sms.ir's SDK keeps one key per process).
    createSmsGateway({ provider, apiKey: API_KEY, sender: SENDER, apiRoot: emulator.apiRoot });
  });

  it('when a person replies, then the receive callback the emulator posts parses to their number and text', async () => {
    let posted: Record<string, unknown> = {};
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      req.on('end', () => {
        posted = req.headers['content-type']?.includes('json')
          ? (JSON.parse(body) as Record<string, unknown>)
          : Object.fromEntries(new URLSearchParams(body));
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    emulator.connect({ provider, inboundUrl: `http://127.0.0.1:${port}/in` });
    await emulator.phone('+989121110004').reply('۱');
    server.close();
    const inbound = gateway.parseInbound(posted);
    expect(inbound?.from).toBe('+989121110004');
    expect(inbound?.text).toBe('۱');
    expect(inbound?.messageId).toMatch(/^\d+$/);
  });
});
