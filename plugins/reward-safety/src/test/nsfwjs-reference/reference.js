// The reference outputs of the nsfwjs parity test: runs nsfwjs (its bundled MobileNetV2, 224x224) with
// TensorFlow.js's pure-JavaScript CPU backend on every PNG in images/, exactly as nsfwjs's classify() is meant to be
// called in Node.js: the image as an int32 [H, W, 3] tensor (what tf.browser.fromPixels gives for RGB pixels),
// decoded here by the pure-JS pngjs. Writes expected.json: per image, its size and the five class probabilities in
// the model's class order (Drawing, Hentai, Neutral, Porn, Sexy).
// Usage: npm ci && node reference.js
"use strict";
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");
const nsfwjs = require("nsfwjs");
const { NSFW_CLASSES } = require("./node_modules/nsfwjs/dist/cjs/nsfw_classes.js");
const { PNG } = require("pngjs");

const IMAGES = path.join(__dirname, "images");
const OUT = path.join(__dirname, "expected.json");

function decode(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Int32Array(png.width * png.height * 3);
  for (let i = 0; i < png.width * png.height; i++) {
    for (let c = 0; c < 3; c++) {
      rgb[i * 3 + c] = png.data[i * 4 + c]; // pngjs always yields RGBA; the images have no alpha (255)
    }
  }
  return { width: png.width, height: png.height, tensor: tf.tensor3d(rgb, [png.height, png.width, 3], "int32") };
}

async function main() {
  await tf.setBackend("cpu");
  await tf.ready();
  const model = await nsfwjs.load("MobileNetV2");
  const classes = Object.keys(NSFW_CLASSES).sort((a, b) => a - b).map((k) => NSFW_CLASSES[k]);
  const results = [];
  for (const name of fs.readdirSync(IMAGES).filter((f) => f.endsWith(".png")).sort()) {
    const image = decode(path.join(IMAGES, name));
    const top = await model.classify(image.tensor, classes.length);
    image.tensor.dispose();
    const byName = Object.fromEntries(top.map((p) => [p.className, p.probability]));
    const probabilities = classes.map((c) => byName[c]);
    results.push({ image: name, width: image.width, height: image.height, probabilities });
    console.log(name.padEnd(28), probabilities.map((p) => p.toFixed(4)).join(" "));
  }
  const out = {
    generatedBy: "reference.js",
    nsfwjs: require("./node_modules/nsfwjs/package.json").version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    model: "MobileNetV2",
    classes,
    results,
  };
  fs.writeFileSync(OUT, JSON.stringify(out, null, 2) + "\n");
  console.log("wrote " + OUT + " (" + results.length + " images, backend " + tf.getBackend() + ")");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
