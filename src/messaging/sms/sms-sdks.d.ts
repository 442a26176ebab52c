// The two SMS SDKs ship no types; these are the parts the adapters use, as their sources define them.
declare module 'kavenegar' {
  type Callback = (entries: unknown, status: number | undefined, message: string | undefined) => void;
  interface KavenegarApi {
    options: { host: string; version: string; apikey: string };
    Send(params: Record<string, string>, callback: Callback): void;
    Status(params: Record<string, string>, callback: Callback): void;
  }
  const kavenegar: { KavenegarApi(options: { apikey: string }): KavenegarApi };
  export default kavenegar;
}

declare module 'smsir-js' {
  interface AxiosLikeResponse {
    status: number;
    data: unknown;
  }
  export class Smsir {
    constructor(apiKey: string, lineNumber: number);
    SendBulk(
      text: string,
      mobiles: string[],
      sendDateTime?: number | null,
      lineNumber?: number | null,
    ): Promise<AxiosLikeResponse>;
    ReportMessage(messageId: number | string): Promise<AxiosLikeResponse>;
  }
}
