import { badRequest } from '../api/api-error.ts';

export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Map<string, string>;
  files: Map<string, UploadedFile>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Parses multipart/form-data. Written by hand because grammY's parts use a compact header form
 * (`content-disposition:form-data;name="x";filename=a.pdf`, filename unquoted) that strict parsers refuse.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
  const malformed = () => badRequest('invalid multipart/form-data body');
  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  const form: MultipartForm = { fields: new Map(), files: new Map() };

  let position = body.indexOf(delimiter);
  if (position < 0) throw malformed();
  position += delimiter.length;
  for (;;) {
    if (body.subarray(position, position + 2).toString() === '--') return form;
    if (!body.subarray(position, position + 2).equals(CRLF)) throw malformed();
    position += 2;
    const end = body.indexOf(nextDelimiter, position);
    if (end < 0) throw malformed();
    readPart(body.subarray(position, end), form, malformed);
    position = end + nextDelimiter.length;
  }
}

function readPart(part: Buffer, form: MultipartForm, malformed: () => Error): void {
  const headerEnd = part.indexOf(HEADER_END);
  if (headerEnd < 0) throw malformed();
  const headers = new Map<string, string>();
  for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = dispositionParam(disposition, 'name');
  if (!name) throw malformed();
  const content = part.subarray(headerEnd + HEADER_END.length);
  const fileName = dispositionParam(disposition, 'filename');
  if (fileName === undefined) {
    form.fields.set(name, content.toString('utf8'));
    return;
  }
  form.files.set(name, {
    fileName,
    contentType: headers.get('content-type') ?? 'application/octet-stream',
    bytes: Buffer.from(content),
  });
}

function dispositionParam(disposition: string, key: string): string | undefined {
  for (const piece of disposition.split(';')) {
    const equals = piece.indexOf('=');
    if (equals < 0 || piece.slice(0, equals).trim().toLowerCase() !== key) continue;
    const raw = piece.slice(equals + 1).trim();
    return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
  }
  return undefined;
}

/** The boundary of a multipart content type, or undefined when it has none. */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}
