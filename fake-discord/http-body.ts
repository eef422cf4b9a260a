import type { IncomingMessage } from 'node:http';
import { errors } from './errors.js';
import type { FakeFile } from './types.js';

export interface ParsedBody {
  /** JSON body, or the parsed payload_json of a multipart body; undefined when empty. */
  json: unknown;
  files: FakeFile[];
  raw: Buffer;
}

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function makeFile(index: number, name: string, contentType: string, data: Buffer): FakeFile {
  return { index, name, contentType, data, text: () => data.toString('utf8') };
}

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return { json: undefined, files: [], raw };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(contentType ?? '', raw);
  try {
    return { json: JSON.parse(raw.toString('utf8')) as unknown, files: [], raw };
  } catch {
    throw errors.invalidJson();
  }
}

interface Part {
  name: string;
  filename: string | undefined;
  contentType: string;
  data: Buffer;
}

/** Minimal RFC 7578 reader: enough for undici's FormData (payload_json + files[n]). */
function parseMultipart(contentType: string, raw: Buffer): ParsedBody {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) throw errors.invalidJson();
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let position = raw.indexOf(delimiter);
  while (position !== -1) {
    const start = position + delimiter.length;
    // "--" right after the delimiter marks the end.
    if (raw[start] === 0x2d && raw[start + 1] === 0x2d) break;
    const next = raw.indexOf(delimiter, start);
    if (next === -1) break;
    const part = raw.subarray(start + 2, next - 2); // skip CRLF after delimiter and before the next one
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      parts.push({ name, filename, contentType: partType, data: Buffer.from(part.subarray(headerEnd + 4)) });
    }
    position = next;
  }
  let json: unknown;
  const files: FakeFile[] = [];
  for (const part of parts) {
    if (part.name === 'payload_json') {
      try {
        json = JSON.parse(part.data.toString('utf8')) as unknown;
      } catch {
        throw errors.invalidJson();
      }
      continue;
    }
    const index = /^files\[(\d+)\]$/.exec(part.name)?.[1] ?? /^file(\d*)$/.exec(part.name)?.[1];
    if (index !== undefined || part.filename !== undefined) {
      files.push(
        makeFile(Number(index || files.length), part.filename ?? part.name, part.contentType, part.data),
      );
    }
  }
  return { json, files, raw };
}
