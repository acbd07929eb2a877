/** A message's first letter in upper case ("user alice has no tags" → "User alice has no tags"). */
export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
