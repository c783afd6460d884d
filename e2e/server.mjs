// A static file server for the built dist/, mounted under a sub-path the way
// static hosting serves a project site (e.g. https://example.org/btar/).
// Listens on loopback only, on a free port, and is closed by the tests.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".md": "text/markdown; charset=utf-8",
};

export async function serveDist(distDir, mount = "/btar/") {
  const root = resolve(distDir);
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    requests.push(url.pathname);
    if (url.pathname === mount.slice(0, -1)) {
      res.writeHead(301, { Location: mount });
      return res.end();
    }
    if (!url.pathname.startsWith(mount)) {
      res.writeHead(404);
      return res.end("not under " + mount);
    }
    let rel = decodeURIComponent(url.pathname.slice(mount.length)) || "index.html";
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403);
      return res.end();
    }
    try {
      const s = await stat(file);
      const path = s.isDirectory() ? join(file, "index.html") : file;
      const body = await readFile(path);
      res.writeHead(200, { "Content-Type": TYPES[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${mount}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
