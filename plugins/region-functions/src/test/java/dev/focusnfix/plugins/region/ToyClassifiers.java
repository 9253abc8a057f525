package dev.focusnfix.plugins.region;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import dev.focusnfix.api.ImageBatch;
import dev.focusnfix.api.PromptBatch;
import dev.focusnfix.api.Reward;
import dev.focusnfix.api.RewardOutput;
import dev.focusnfix.api.testkit.TestData;
import dev.focusnfix.nn.weights.StateDict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The toy classifiers of {@code engine/testdata/classifiers} as rewards, loaded with DJL directly (TorchScript on
 * the PyTorch engine, differentiable; ONNX on OnnxRuntime, not differentiable), and the fixture tensors.
 */
final class ToyClassifiers {

    private ToyClassifiers() {}

    static Path file(String name) {
        return TestData.path("classifiers/" + name);
    }

    /** {@code expected.safetensors} read into {@code manager}. */
    static StateDict expected(NDManager manager) throws IOException {
        return StateDict.read(file("expected.safetensors"), manager, ai.djl.ndarray.types.DataType.FLOAT32);
    }

    static ZooModel<NDList, NDList> load(String fileName, String engine) throws IOException {
        Criteria.Builder<NDList, NDList> builder = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(file(fileName))
                .optEngine(engine);
        if ("PyTorch".equals(engine)) {
            builder.optOption("trainParam", "true");
        }
        try {
            ZooModel<NDList, NDList> model = builder.build().loadModel();
            if (model.getBlock() instanceof PtSymbolBlock script) {
                // Evaluation mode (no dropout, running batch-norm statistics) whatever mode it was saved in.
                JniUtils.enableInferenceMode(script);
            }
            return model;
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("cannot load " + fileName, e);
        }
    }

    /**
     * The red detector as a safety-style reward: reward = -p(class 1) = -softmax(logits)[1], no separate saliency
     * score (so saliency differentiates the probability, as {@code red_p_unsafe_grad} does), no heatmap.
     */
    static Reward redDetector(ZooModel<NDList, NDList> model, boolean differentiable) {
        return redDetector(model, differentiable, false);
    }

    /**
     * The red detector as a reward, optionally with the logit margin {@code l0 - l1} (higher is safer, like the
     * reward) as the pre-squash saliency score: it keeps a gradient and a score change where the softmax saturates.
     */
    static Reward redDetector(ZooModel<NDList, NDList> model, boolean differentiable, boolean marginScore) {
        return new Reward() {
            @Override
            public boolean isDifferentiable() {
                return differentiable;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                NDArray logits = forward(model, images.pixels()).get(0);
                NDArray pUnsafe = logits.softmax(1).get(":, 1");
                NDArray margin = marginScore ? logits.get(":, 0").sub(logits.get(":, 1")) : null;
                return new RewardOutput(pUnsafe.neg(), margin, null);
            }
        };
    }

    /** The noise-artifact model as a reward: reward = plausibility, heatmap = the model's heatmap. */
    static Reward noiseArtifact(ZooModel<NDList, NDList> model) {
        return new Reward() {
            @Override
            public boolean isDifferentiable() {
                return true;
            }

            @Override
            public RewardOutput score(ImageBatch images, PromptBatch prompts) {
                NDList out = forward(model, images.pixels());
                return new RewardOutput(out.get(0), null, out.get(1));
            }
        };
    }

    static NDList forward(ZooModel<NDList, NDList> model, NDArray pixels) {
        NDList out;
        if (model.getBlock() instanceof PtSymbolBlock script) {
            // Block.forward(..., training=false) runs TorchScript with autograd off; IValueUtils.forward with
            // isTrain=true keeps autograd on and leaves the module in evaluation mode.
            out = IValueUtils.forward(script, new NDList(pixels), true);
        } else {
            out = model.getBlock().forward(new ParameterStore(pixels.getManager(), false), new NDList(pixels), false);
        }
        // OnnxRuntime answers in its own manager; bring the outputs next to the input so callers' scopes free them.
        NDList local = new NDList();
        for (NDArray a : out) {
            if (a.getManager().getEngine() != pixels.getManager().getEngine()) {
                NDArray converted = pixels.getManager().create(a.toFloatArray(), a.getShape());
                a.close();
                local.add(converted);
            } else {
                local.add(a);
            }
        }
        return local;
    }

    /** Intersection over union of two binary masks (values > 0.5 count as set). */
    static double iou(NDArray a, NDArray b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " vs " + y.length + " pixels");
        }
        int inter = 0;
        int union = 0;
        for (int i = 0; i < x.length; i++) {
            boolean p = x[i] > 0.5f;
            boolean q = y[i] > 0.5f;
            inter += p && q ? 1 : 0;
            union += p || q ? 1 : 0;
        }
        return union == 0 ? 1.0 : (double) inter / union;
    }

    /** The fraction of the true mask's pixels the predicted mask covers (values > 0.5 count as set). */
    static double coverage(NDArray truth, NDArray predicted) {
        float[] t = truth.toFloatArray();
        float[] p = predicted.toFloatArray();
        if (t.length != p.length) {
            throw new IllegalArgumentException(t.length + " vs " + p.length + " pixels");
        }
        int covered = 0;
        int positives = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] > 0.5f) {
                positives++;
                covered += p[i] > 0.5f ? 1 : 0;
            }
        }
        if (positives == 0) {
            throw new IllegalArgumentException("the true mask is empty");
        }
        return (double) covered / positives;
    }
}
