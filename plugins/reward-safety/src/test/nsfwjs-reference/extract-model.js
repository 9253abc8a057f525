// Writes nsfwjs's MobileNetV2 model as the TensorFlow.js layers format files it was converted to (model.json and
// its weight shard), out of the JavaScript bundles the npm package ships them in (nsfwjs 4 embeds the model.json
// object and base64 shards in dist/models/<name>/*.min.js). The framework ships the result as
// builtin:nsfwjs/mobilenet_v2. Usage: node extract-model.js [outDir]
"use strict";
const fs = require("fs");
const path = require("path");

const MODEL = "mobilenet_v2";
const outDir = process.argv[2]
  || path.resolve(__dirname, "../../../../../engine/models/nsfwjs", MODEL);
const bundleDir = path.join(__dirname, "node_modules/nsfwjs/dist/models", MODEL);

function unwrap(module) {
  return module && module.default !== undefined ? module.default : module;
}

const modelJson = unwrap(require(path.join(bundleDir, "model.min.js")));
fs.mkdirSync(outDir, { recursive: true });
for (const group of modelJson.weightsManifest) {
  for (const shard of group.paths) {
    const base64 = unwrap(require(path.join(bundleDir, shard + ".min.js")));
    const bytes = Buffer.from(base64, "base64");
    fs.writeFileSync(path.join(outDir, shard), bytes);
    console.log(shard + ": " + bytes.length + " bytes");
  }
}
fs.writeFileSync(path.join(outDir, "model.json"), JSON.stringify(modelJson));
fs.copyFileSync(path.join(__dirname, "node_modules/nsfwjs/LICENSE"), path.join(outDir, "LICENSE"));
const version = require("./node_modules/nsfwjs/package.json").version;
console.log("nsfwjs " + version + " " + MODEL + " -> " + outDir);
