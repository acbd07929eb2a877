// Reads AWS Query parameters: flat names (`UserName`), lists
// (`PolicyArns.member.1`) and lists of structures (`Tags.member.1.Key`).
import { validation } from './errors.js';
import type { Tag } from './state.js';

export class Params {
  constructor(private readonly values: URLSearchParams) {}

  get action(): string {
    return this.values.get('Action') ?? '';
  }

  optional(name: string): string | undefined {
    return this.values.get(name) ?? undefined;
  }

  /** A required member; IAM reports a missing one as ValidationError. */
  required(name: string): string {
    const value = this.values.get(name);
    if (value === null) {
      throw validation(
        `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
      );
    }
    return value;
  }

  optionalInt(name: string): number | undefined {
    const raw = this.values.get(name);
    if (raw === null) return undefined;
    if (!/^-?\d+$/.test(raw))
      throw validation(
        `1 validation error detected: Value '${raw}' at '${lowerFirst(name)}' failed to satisfy constraint: Member must be a number`,
      );
    return Number(raw);
  }

  optionalBool(name: string): boolean | undefined {
    const raw = this.values.get(name);
    if (raw === null) return undefined;
    return raw.toLowerCase() === 'true';
  }

  /** `Name.member.1`, `Name.member.2`, … */
  list(name: string): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const value = this.values.get(`${name}.member.${i}`);
      if (value === null) return out;
      out.push(value);
    }
  }

  tags(name = 'Tags'): Tag[] {
    const out: Tag[] = [];
    for (let i = 1; ; i++) {
      const key = this.values.get(`${name}.member.${i}.Key`);
      if (key === null) return out;
      out.push({ Key: key, Value: this.values.get(`${name}.member.${i}.Value`) ?? '' });
    }
  }
}

export function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
