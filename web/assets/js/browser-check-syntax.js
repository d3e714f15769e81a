// Syntax probe for browser-check.js: an engine that cannot parse class static blocks
// (which pyodide.asm.js uses) reports a SyntaxError for this file and never runs it.
(class {
  static {
    if (window.browserCheck) window.browserCheck.staticBlocks = true;
  }
});
