// Types of secretScan.mjs for the tier-1 test.
export declare const SECRET_HASHES_FILE: string;
export declare const SECRET_HOMES: string[];
export interface RecordedSecrets {
  hashes: Map<string, number>;
  lengths: number[];
}
export interface Finding {
  number: number;
  line: number;
}
export interface ScanResult {
  secrets: number;
  outputs: number;
  files: number;
  bytes: number;
  found: (Finding & { place: string })[];
}
export declare function sha256(text: string): string;
export declare function hashLine(secret: string): string;
export declare function parseHashes(text: string): RecordedSecrets;
export declare function loadHashes(file: string): RecordedSecrets;
export declare function findSecrets(text: string, recorded: RecordedSecrets): Finding[];
export declare function scanSession(options: {
  scratch: string;
  outputs?: { place: string; text: string }[];
  homes?: string[];
}): Promise<ScanResult>;
export declare function describeScan(session: string, result: ScanResult): string[];
