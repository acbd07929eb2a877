import * as vscode from 'vscode';

/** The page's fixed markup. No data goes in here: the page fills everything in with textContent. */
export function editorHtml(webview: vscode.Webview, root: vscode.Uri, nonce: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'policy-editor.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'policy-editor.css'));
  const csp = [
    "default-src 'none'",
    // CodeMirror adds its own style sheets at run time, carrying the nonce.
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Policy editor</title>
</head>
<body>
<header><div id="title"></div><div id="subtitle"></div></header>
<div class="toolbar">
<button id="makeDefault" hidden>Make this the default version</button>
<span class="spacer"></span>
<span id="dirty" aria-live="polite"></span>
<span id="size" class="size"></span>
</div>
<div id="status" class="status" role="status" aria-live="polite" hidden
><span id="status-text"></span><button id="status-close" aria-label="Dismiss">×</button></div>
<main>
<section id="editor" aria-label="Policy document"></section>
<aside>
<h2>Findings <span id="findings-count"></span></h2>
<ul id="findings" aria-label="Findings"></ul>
<h2>What this change grants</h2>
<ul id="access" aria-label="What this change grants"></ul>
<h2>Summary</h2>
<div id="summary"></div>
</aside>
</main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export function makeNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64url');
}
