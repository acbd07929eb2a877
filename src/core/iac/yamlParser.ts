/**
 * The part of `yaml` that readYaml.ts uses. The extension's build makes it a bundle of its own
 * (dist/yaml-parser.js) that readYaml loads the first time it reads YAML, so loading the
 * extension does not parse it; tests and the command-line tools load it from here.
 */
export { CST, Parser } from 'yaml';
