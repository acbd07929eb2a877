/** A message's first letter in upper case ("user alice has no tags" → "User alice has no tags"). */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "1 policy", "2 policies": a count with its noun in the right number (`plural` defaults to noun + "s"). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
