/**
 * Which files hold policies, and finding them: the one entry point the CLI and
 * the editor share. Detection is by file name first, then by content:
 * - `.json`: a top-level `Statement` (or a `*.policy.json` name) is a policy
 *   file, checked as written; a top-level `Resources` with typed resources is a
 *   CloudFormation template.
 * - `.yaml`, `.yml`, `.template`: a CloudFormation or SAM template (JSON or YAML).
 * - `.tf`: Terraform.
 * - `.ts`, `.tsx`, `.js`, `.jsx`, `.mjs`, `.cjs` (not `.d.ts`), `.py`: CDK action lists.
 */
import { parseTree, type ParseError } from 'jsonc-parser';
import type { ActionCatalog } from '../policy/catalog';
import { checkPolicies, type IacFinding } from './analyze';
import { findCdkPolicies } from './cdk';
import { findCloudFormationPolicies, isTemplate } from './cloudformation';
import { HclSyntaxError } from './hcl';
import { guessKind, isTemplateText, looksLikePolicy, type FoundPolicy } from './ir';
import { jsonToIac } from './readJson';
import { readYaml } from './readYaml';
import { findTerraformPolicies } from './terraform';
import { SIZE_LIMITS } from '../policy/size';

export type SourceFormat = 'policy-json' | 'cloudformation' | 'terraform' | 'cdk';

/**
 * A CloudFormation dynamic reference: `{{resolve:ssm:name}}`, `{{resolve:secretsmanager:id:SecretString:key}}`,
 * also inside `!Sub` with `${...}` in it.
 */
const DYNAMIC_REFERENCE = /\{\{resolve:(?:[^{}]|\$\{[^{}]*\})*\}\}/g;

/** The format a file name suggests, before reading it; undefined: not a file policies are looked for in. */
export function formatFromName(path: string): 'json' | 'yaml' | 'terraform' | 'cdk' | undefined {
  const name = path.toLowerCase();
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml') || name.endsWith('.template')) return 'yaml';
  if (name.endsWith('.tf')) return 'terraform';
  if (name.endsWith('.d.ts')) return undefined;
  if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(name)) return 'cdk';
  if (name.endsWith('.py')) return 'cdk';
  return undefined;
}

/**
 * A Jinja or Go template of a template (Sceptre, Helm, Ansible): not YAML until rendered. It has
 * control blocks (`{% if %}`) or a placeholder where a value starts (`GroupName: {{ name }}`,
 * `- {{ item }}`). Braces elsewhere are text of the template: CloudFormation's dynamic references
 * ('{{resolve:ssm:/db/user}}'), a `docker inspect --format '{{.State}}'` in UserData.
 */
function isJinjaYaml(text: string): boolean {
  const rest = text.replace(DYNAMIC_REFERENCE, '');
  return rest.includes('{%') || /(?:^|[:,[-])[ \t]*\{\{/m.test(rest);
}

/** A cheap test, before any parsing: could this text hold a policy at all? */
export function mightHoldPolicy(path: string, text: string): boolean {
  switch (formatFromName(path)) {
    case 'json':
      return (
        path.toLowerCase().endsWith('.policy.json') ||
        text.includes('"Statement"') ||
        (text.includes('"Resources"') && text.includes('::'))
      );
    case 'yaml':
      return text.includes('Resources') && text.includes('::');
    case 'terraform':
      return /Statement|aws_iam_policy_document/.test(text);
    case 'cdk':
      return text.includes('PolicyStatement') || text.includes('addActions') || text.includes('add_actions');
    default:
      return false;
  }
}

export interface FoundInFile {
  format: SourceFormat | undefined;
  policies: FoundPolicy[];
  /** Why the file could not be read, when it should have been (a Terraform file the reader does not understand). */
  unreadable?: { message: string; offset: number };
}

export function findPolicies(path: string, text: string): FoundInFile {
  const hint = formatFromName(path);
  if (!hint || !mightHoldPolicy(path, text)) return { format: undefined, policies: [] };
  switch (hint) {
    case 'json':
      return fromJson(path, text);
    case 'yaml': {
      if (text.trimStart().startsWith('{')) return fromJson(path, text);
      if (isJinjaYaml(text)) return { format: undefined, policies: [] };
      const { value } = readYaml(text);
      if (!value || !isTemplate(value)) return { format: undefined, policies: [] };
      return { format: 'cloudformation', policies: findCloudFormationPolicies(value, text) };
    }
    case 'terraform':
      try {
        return { format: 'terraform', policies: findTerraformPolicies(text) };
      } catch (e) {
        if (e instanceof HclSyntaxError)
          return { format: 'terraform', policies: [], unreadable: { message: e.message, offset: e.offset } };
        throw e;
      }
    case 'cdk':
      return { format: 'cdk', policies: findCdkPolicies(text, /\.py$/i.test(path) ? 'python' : 'js') };
  }
}

function fromJson(path: string, text: string): FoundInFile {
  const errors: ParseError[] = [];
  const tree = parseTree(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  const root = tree ? jsonToIac(tree, text) : undefined;
  const named = path.toLowerCase().endsWith('.policy.json');
  if (named || looksLikePolicy(root)) {
    // A template for templatefile(), Jinja or Handlebars: its placeholders are filled in before IAM sees it.
    if (isTemplateText(text)) return { format: undefined, policies: [] };
    const kind = root ? guessKind(root) : 'identity';
    return {
      format: 'policy-json',
      policies: [
        {
          kind,
          sizeLimit: kind === 'identity' ? SIZE_LIMITS.managed : kind === 'trust' ? SIZE_LIMITS.trust : undefined,
          label: 'policy',
          source: { type: 'text', text, offset: 0 },
          span: { from: 0, to: text.length },
          implicitResource: kind === 'resource',
          // A bare policy file: compared with a managed policy (or a role's trust policy) named like the file.
          deployed:
            kind === 'resource'
              ? undefined
              : { place: kind === 'trust' ? 'trust' : 'managed', names: [baseName(path)] },
        },
      ],
    };
  }
  if (root && errors.length === 0 && isTemplate(root))
    return { format: 'cloudformation', policies: findCloudFormationPolicies(root) };
  return { format: undefined, policies: [] };
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/(\.policy)?\.json$/i, '');
}

/** Finds and checks the policies of one file; findings in file offsets. */
export async function lintText(
  path: string,
  text: string,
  catalog: ActionCatalog | undefined,
): Promise<{
  format: SourceFormat | undefined;
  policies: number;
  findings: IacFinding[];
  unreadable?: FoundInFile['unreadable'];
}> {
  const found = findPolicies(path, text);
  return {
    format: found.format,
    policies: found.policies.length,
    findings: await checkPolicies(found.policies, catalog),
    unreadable: found.unreadable,
  };
}

/** 1-based line and column (UTF-16 code units, as editors count) of offsets in one text. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}
