"""Waiting for a condition in a page that carries a Content-Security-Policy.

Playwright's wait_for_function builds its predicate with `new Function` inside the page,
which the site's policy (no 'unsafe-eval') refuses. What page.evaluate is given is
compiled by the DevTools protocol, outside the page's policy, so the condition is written
into the polling function's own source."""

from __future__ import annotations

import json


def wait_for(page, expression: str, timeout: float = 30_000):
    """Poll `expression` (a JavaScript expression; a Promise is awaited) until it is truthy."""
    return page.evaluate(f"""() => new Promise((resolve, reject) => {{
        const until = performance.now() + {float(timeout)};
        const check = () => {{
            let value;
            try {{ value = ({expression}); }} catch (error) {{ return reject(error); }}
            Promise.resolve(value).then((result) => {{
                if (result) resolve(result);
                else if (performance.now() > until) reject(new Error("timed out waiting for: " + {json.dumps(expression)}));
                else setTimeout(check, 50);
            }}, reject);
        }};
        check();
    }})""")
