import type Mocha from 'mocha';
declare const CountReporter: typeof Mocha.reporters.Spec;
export = CountReporter;
