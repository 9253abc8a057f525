// A tiny TensorFlow.js layers model that uses the Keras layers of this reader that nsfwjs's MobileNetV2 does not
// (or uses differently): 'same' padding at stride 2 on odd sizes (TensorFlow's asymmetric padding), a depthwise
// convolution with depth_multiplier 2, max and average pooling with 'same' padding (padded cells left out of the
// average), batch normalisation without centre and scale, concatenation, a capped ReLU, tanh, global average
// pooling, flatten. Random weights (seeded), saved in the layers format with float32 weights, plus one input and
// tfjs's output on it (CPU backend). Writes layers-fixture/{model.json, weights.bin, expected.json}.
// Usage: node layers-fixture.js
"use strict";
const fs = require("fs");
const path = require("path");
const tf = require("@tensorflow/tfjs");

const OUT = path.join(__dirname, "layers-fixture");

async function main() {
  await tf.setBackend("cpu");
  const init = (seed) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed });
  const input = tf.input({ shape: [9, 11, 3], name: "image" });
  const a = tf.layers.conv2d({ name: "conv_same_s2", filters: 4, kernelSize: 3, strides: 2, padding: "same",
    kernelInitializer: init(1), biasInitializer: init(2), activation: "relu" }).apply(input);
  const b = tf.layers.depthwiseConv2d({ name: "dw_same_s2", kernelSize: [3, 2], strides: 2, padding: "same",
    depthMultiplier: 2, depthwiseInitializer: init(3), useBias: true, biasInitializer: init(4) }).apply(input);
  const bn = tf.layers.batchNormalization({ name: "bn_plain", center: false, scale: false, epsilon: 0.01,
    movingMeanInitializer: init(5), movingVarianceInitializer: tf.initializers.constant({ value: 0.7 }) }).apply(b);
  const cat = tf.layers.concatenate({ name: "cat" }).apply([a, bn]);
  const relu = tf.layers.reLU({ name: "relu_cap", maxValue: 0.6 }).apply(cat);
  const maxp = tf.layers.maxPooling2d({ name: "max_same", poolSize: 3, strides: 2, padding: "same" }).apply(relu);
  const avgp = tf.layers.averagePooling2d({ name: "avg_same", poolSize: [2, 3], strides: 1, padding: "same" })
    .apply(relu);
  const pad = tf.layers.zeroPadding2d({ name: "pad", padding: [[1, 0], [0, 2]] }).apply(avgp);
  const conv2 = tf.layers.conv2d({ name: "conv_valid", filters: 3, kernelSize: 2, padding: "valid",
    kernelInitializer: init(6), useBias: false }).apply(pad);
  const tanh = tf.layers.activation({ name: "tanh", activation: "tanh" }).apply(conv2);
  const gap = tf.layers.globalAveragePooling2d({ name: "gap" }).apply(tanh);
  const flat = tf.layers.flatten({ name: "flat" }).apply(maxp);
  const both = tf.layers.concatenate({ name: "features" }).apply([gap, flat]);
  const out = tf.layers.dense({ name: "logits", units: 5, activation: "softmax", kernelInitializer: init(7),
    biasInitializer: init(8) }).apply(both);
  const model = tf.model({ inputs: input, outputs: out, name: "layers_fixture" });

  const x = tf.randomUniform([2, 9, 11, 3], 0, 1, "float32", 9);
  const y = model.predict(x);
  fs.mkdirSync(OUT, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    fs.writeFileSync(path.join(OUT, "weights.bin"), Buffer.from(artifacts.weightData));
    fs.writeFileSync(path.join(OUT, "model.json"), JSON.stringify({
      format: "layers-model", generatedBy: "TensorFlow.js tfjs-layers v" + tf.version["tfjs-layers"],
      convertedBy: null, modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs }],
    }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
  }));
  fs.writeFileSync(path.join(OUT, "expected.json"), JSON.stringify({
    generatedBy: "layers-fixture.js", tfjs: tf.version.tfjs, backend: tf.getBackend(),
    inputShapeNHWC: x.shape, input: Array.from(await x.data()),
    outputShape: y.shape, output: Array.from(await y.data()),
  }) + "\n");
  console.log("wrote " + OUT + ": output", Array.from(await y.data()).map((v) => v.toFixed(4)).join(" "));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
