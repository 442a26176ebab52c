import { randomBytes } from 'node:crypto';

export type FileKind = 'document' | 'photo';

/** A file the bot sent, kept whole in memory so tests and a web UI can show or download it. */
export interface StoredFile {
  kind: FileKind;
  fileId: string;
  fileUniqueId: string;
  filePath: string;
  fileName: string | undefined;
  mimeType: string | undefined;
  size: number;
  /** Absent when the bot sent a URL the sandbox cannot fetch (no internet). */
  bytes: Uint8Array | undefined;
  url: string | undefined;
  width: number | undefined;
  height: number | undefined;
}

export type NewFile = Omit<StoredFile, 'fileId' | 'fileUniqueId' | 'filePath'>;

/** One bot's files; file ids are opaque strings, as on Telegram, and valid only for the bot that got them. */
export class FileStore {
  readonly #byId = new Map<string, StoredFile>();
  readonly #byPath = new Map<string, StoredFile>();
  #sequence = 0;

  add(file: NewFile): StoredFile {
    this.#sequence += 1;
    const extension = /\.([A-Za-z0-9]{1,8})$/.exec(file.fileName ?? '')?.[1] ?? (file.kind === 'photo' ? 'jpg' : 'dat');
    const folder = file.kind === 'photo' ? 'photos' : 'documents';
    const stored: StoredFile = {
      ...file,
      fileId: `${file.kind === 'photo' ? 'AgAC' : 'BQAC'}${randomBytes(24).toString('base64url')}`,
      fileUniqueId: `AQAD${randomBytes(8).toString('base64url')}`,
      filePath: `${folder}/file_${this.#sequence}.${extension.toLowerCase()}`,
    };
    this.#byId.set(stored.fileId, stored);
    this.#byPath.set(stored.filePath, stored);
    return stored;
  }

  get(fileId: string): StoredFile | undefined {
    return this.#byId.get(fileId);
  }

  byPath(filePath: string): StoredFile | undefined {
    return this.#byPath.get(filePath);
  }
}
