#!/usr/bin/env node
// The `kts` command: runs the compiled CLI (npm run build produces dist/).
import '../dist/src/cli/main.js';
