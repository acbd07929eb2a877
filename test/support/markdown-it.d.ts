// The part of markdown-it (MIT; a devDependency) that test/support/vscodeRender.ts uses.
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    render(src: string): string;
  }
  export default MarkdownIt;
}
